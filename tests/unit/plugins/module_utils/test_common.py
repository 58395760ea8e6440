# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The connection options shared by the modules and the inventory plugin, and the client built from them."""

from __future__ import annotations

import json

import pytest

from ansible_collections.community.sumologic.plugins.module_utils.api import SumoError
from ansible_collections.community.sumologic.plugins.module_utils.common import (
    CONNECTION_OPTIONS,
    SumoModule,
    auth_argument_spec,
    build_client,
)
from ansible_collections.community.sumologic.plugins.module_utils.pacing import NoPacer, SharedPacer

testing = pytest.importorskip("ansible.module_utils.testing")

OPTIONS = dict(access_id="suId", access_key="key", endpoint="http://127.0.0.1:1/api", deployment=None,
               validate_certs=True, timeout=60, retries=5, rate_limit=4, retry_timeout=300)


def test_the_argument_spec_has_every_connection_option():
    assert sorted(auth_argument_spec()) == sorted(CONNECTION_OPTIONS)


def test_build_client_passes_the_options_on(monkeypatch, tmp_path):
    monkeypatch.setenv("SUMOLOGIC_PACING_DIR", str(tmp_path))
    client = build_client(dict(OPTIONS, retries=2, retry_timeout=30, rate_limit=2.5))
    assert (client.retries, client.retry_timeout, client.timeout) == (2, 30, 60)
    assert isinstance(client.pacer, SharedPacer) and client.pacer.rate == 2.5
    assert isinstance(build_client(dict(OPTIONS, rate_limit=0)).pacer, NoPacer)


@pytest.mark.parametrize("name, value, message", [
    ("timeout", 0, "timeout must be at least 1, got 0"),
    ("retries", -1, "retries must be 0 or more, got -1"),
    ("rate_limit", -0.5, r"rate_limit must be 0 \(no pacing\) or from 0.1 to 100 requests per second, got -0.5"),
    ("retry_timeout", -1, "retry_timeout must be 0 or more, got -1"),
])
def test_out_of_range_options_are_named(name, value, message):
    with pytest.raises(SumoError, match=message):
        build_client(dict(OPTIONS, **{name: value}))


def test_modules_read_rate_limit_and_retry_timeout_from_the_environment(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("SUMOLOGIC_RATE_LIMIT", "1.5")
    monkeypatch.setenv("SUMOLOGIC_RETRY_TIMEOUT", "42")
    monkeypatch.setenv("SUMOLOGIC_PACING_DIR", str(tmp_path))
    with testing.patch_module_args(dict(access_id="suId", access_key="key", endpoint="http://127.0.0.1:1/api")):
        module = SumoModule(argument_spec={})
    assert module.client.pacer.rate == 1.5 and module.client.retry_timeout == 42


def test_a_module_fails_naming_the_option_out_of_range(capsys):
    args = dict(access_id="suId", access_key="key", endpoint="http://127.0.0.1:1/api", rate_limit=-1)
    with testing.patch_module_args(args):
        with pytest.raises(SystemExit):
            SumoModule(argument_spec={})
    result = json.loads(capsys.readouterr().out)
    assert result["failed"] and result["msg"] == "rate_limit must be 0 (no pacing) or from 0.1 to 100 requests per second, got -1.0"
