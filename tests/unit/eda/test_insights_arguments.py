# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The event source's file, arguments and documentation, and what it shares with the modules' client."""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import sys

import pytest
import yaml

from ansible_collections.community.sumologic.plugins.module_utils import api
from ansible_collections.community.sumologic.tests.unit.eda.conftest import SOURCE_PATH

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 11, 23, 10, 15, 0, 123456, tzinfo=UTC)
ENV = ("SUMOLOGIC_ACCESSID", "SUMOLOGIC_ACCESSKEY", "SUMOLOGIC_ENVIRONMENT", "SUMOLOGIC_BASE_URL")


@pytest.fixture(autouse=True)
def no_sumologic_environment(monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def settings(source_module, **args):
    base = dict(access_id="suABC", access_key="k3y-secret", deployment="us1")
    base.update(args)
    return source_module.Settings.from_args(base, now=NOW)


def test_the_file_stands_alone(source_module):
    # ansible-rulebook runs the file with runpy, the collection not on sys.path: nothing of it is imported.
    imports = [line.split()[1] for line in SOURCE_PATH.read_text().splitlines() if line.startswith(("import ", "from "))]
    assert sorted(set(name.split(".")[0] for name in imports)) == [
        "__future__", "aiohttp", "asyncio", "base64", "contextlib", "dataclasses", "datetime", "email", "json",
        "logging", "math", "os", "random", "re", "tempfile", "urllib"]
    assert asyncio.iscoroutinefunction(source_module.main)
    assert "<run_path>" not in sys.modules  # runpy's module is gone again, as in ansible-rulebook


def test_documentation_lists_every_argument(source_module):
    doc = yaml.safe_load(source_module.DOCUMENTATION)
    assert set(doc) == {"short_description", "description", "options", "notes"}
    assert list(doc["options"]) == list(source_module.ARGUMENTS)
    assert doc["options"]["deployment"]["choices"] == list(api.DEPLOYMENTS)
    assert doc["options"]["interval"]["default"] == 60 and doc["options"]["since"]["default"] == "now"
    assert "self-contained" in " ".join(doc["description"])
    for name, option in doc["options"].items():
        assert option["description"] and option["type"] in ("str", "bool", "float", "path"), name


def test_the_examples_are_rulebooks_with_valid_arguments(source_module, monkeypatch):
    monkeypatch.setenv("SUMOLOGIC_ACCESSID", "suABC")
    monkeypatch.setenv("SUMOLOGIC_ACCESSKEY", "k3y")
    rulebooks = yaml.safe_load(source_module.EXAMPLES)
    assert len(rulebooks) == 2
    for rulebook in rulebooks:
        assert set(rulebook) == {"name", "hosts", "sources", "rules"}
        (source,) = rulebook["sources"]
        args = source["community.sumologic.insights"]
        if "deployment" not in args:
            monkeypatch.setenv("SUMOLOGIC_ENVIRONMENT", "us1")
        if "state_file" in args:
            args["state_file"] = "/tmp/insights.json"
        source_module.Settings.from_args(args, now=NOW)


def test_deployments_and_endpoints_are_read_as_the_modules_read_them(source_module):
    assert source_module.DEPLOYMENTS == api.DEPLOYMENTS
    for deployment in api.DEPLOYMENTS:
        assert source_module.deployment_url(deployment) == api.deployment_url(deployment)
    for endpoint in ("https://api.eu.sumologic.com", "https://api.eu.sumologic.com/api/", "http://127.0.0.1:8765/api",
                     " https://proxy.example.com/sumo/api// "):
        assert source_module.normalize_endpoint(endpoint) == api.normalize_endpoint(endpoint)
    with pytest.raises(source_module.SourceError, match="deployment"):
        settings(source_module, deployment="mars")
    with pytest.raises(source_module.SourceError, match="endpoint must be an http"):
        settings(source_module, endpoint="ftp://x")


def test_error_bodies_are_read_as_the_modules_read_them(source_module):
    for body in ('{"data": null, "errors": [{"code": "query.invalid", "message": "Invalid query"}]}',
                 '{"id": "X", "errors": [{"code": "a", "message": "one"}, {"code": "b", "message": "two"}]}',
                 '{"status": 404, "id": "Y", "code": "collector.notfound", "message": "nope"}', "", "<html>"):
        ours = source_module._error_text(400, body)  # pylint: disable=protected-access
        theirs = api.SumoApiError("GET", "/x", 400, body)
        assert ours == "HTTP 400%s: %s" % (" (%s)" % theirs.code if theirs.code else "", theirs.message)


def test_environment_fallbacks(source_module, monkeypatch):
    monkeypatch.setenv("SUMOLOGIC_ACCESSID", "suENV")
    monkeypatch.setenv("SUMOLOGIC_ACCESSKEY", "envkey")
    monkeypatch.setenv("SUMOLOGIC_ENVIRONMENT", "eu")
    found = source_module.Settings.from_args({}, now=NOW)
    assert (found.access_id, found.access_key, found.base_url) == ("suENV", "envkey", "https://api.eu.sumologic.com/api")
    # An endpoint, from the arguments or the environment, wins over a deployment, as in the modules.
    monkeypatch.setenv("SUMOLOGIC_BASE_URL", "http://127.0.0.1:9/")
    assert source_module.Settings.from_args({"deployment": "de"}, now=NOW).base_url == "http://127.0.0.1:9/api"
    # An empty variable (an AWX or EDA credential's empty input) counts as unset.
    monkeypatch.setenv("SUMOLOGIC_BASE_URL", "")
    assert source_module.Settings.from_args({}, now=NOW).base_url == "https://api.eu.sumologic.com/api"
    assert source_module.Settings.from_args({"access_id": "suARG"}, now=NOW).access_id == "suARG"


def test_credentials_and_a_deployment_are_required(source_module, monkeypatch):
    with pytest.raises(source_module.SourceError, match="access_id and access_key are required.*SUMOLOGIC_ACCESSID"):
        source_module.Settings.from_args({"deployment": "us1"})
    with pytest.raises(source_module.SourceError, match="one of deployment or endpoint.*SUMOLOGIC_ENVIRONMENT"):
        source_module.Settings.from_args({"access_id": "a", "access_key": "b"})


def test_defaults(source_module):
    found = settings(source_module)
    assert (found.interval, found.since, found.updates, found.overlap, found.query, found.state_file) == \
        (60.0, NOW, False, 300.0, None, None)
    assert found.validate_certs is True and found.timeout == 60.0
    assert "k3y-secret" not in repr(found) and "suABC" in repr(found)


@pytest.mark.parametrize("value, seconds", [(60, 60.0), (0.25, 0.25), ("2.5", 2.5), ("30", 30.0)])
def test_interval_is_a_number_of_seconds(source_module, value, seconds):
    assert settings(source_module, interval=value).interval == seconds


@pytest.mark.parametrize("name, value", [("interval", 0), ("interval", -1), ("interval", "soon"), ("interval", True),
                                         ("interval", "nan"), ("timeout", 0), ("overlap", -5)])
def test_bad_numbers_are_refused_by_name(source_module, name, value):
    with pytest.raises(source_module.SourceError, match="^%s must be a number of seconds" % name):
        settings(source_module, **{name: value})


def test_overlap_may_be_zero(source_module):
    assert settings(source_module, overlap=0).overlap == 0.0


@pytest.mark.parametrize("value, expected", [
    ("now", NOW),
    ("-15m", NOW - datetime.timedelta(minutes=15)),
    ("-2h", NOW - datetime.timedelta(hours=2)),
    ("-1d", NOW - datetime.timedelta(days=1)),
    ("-1w", NOW - datetime.timedelta(weeks=1)),
    ("-90s", NOW - datetime.timedelta(seconds=90)),
    ("-1.5h", NOW - datetime.timedelta(minutes=90)),
    ("2026-11-01T08:00:00Z", datetime.datetime(2026, 11, 1, 8, tzinfo=UTC)),
    ("2026-11-01T09:00:00+01:00", datetime.datetime(2026, 11, 1, 8, tzinfo=UTC)),
    ("2026-11-01T08:00:00", datetime.datetime(2026, 11, 1, 8, tzinfo=UTC)),
    ("2026-11-01", datetime.datetime(2026, 11, 1, tzinfo=UTC)),
])
def test_since(source_module, value, expected):
    assert settings(source_module, since=value).since == expected


@pytest.mark.parametrize("value", ["yesterday", "-15", "15m", "+1h", "2026-13-01T00:00:00Z"])
def test_a_bad_since_is_refused(source_module, value):
    with pytest.raises(source_module.SourceError, match="^since: "):
        settings(source_module, since=value)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-23T10:15:00.123456Z", NOW),
    ("2026-11-23T10:15:00.123456789Z", NOW),
    ("2026-11-23T10:15:00.123456", NOW),
    ("2026-11-23 10:15:00.123456+00:00", NOW),
    ("2026-11-23T11:15:00.123456+01:00", NOW),
    ("2026-11-23T10:15:00.1Z", NOW.replace(microsecond=100000)),
])
def test_the_api_date_times_are_read(source_module, text, expected):
    assert source_module.parse_time(text) == expected
    assert source_module.format_time(expected) == "2026-11-23T10:15:00.%06d+00:00" % expected.microsecond


def test_flags(source_module):
    assert settings(source_module, updates="true").updates is True
    assert settings(source_module, updates=False, validate_certs="no").validate_certs is False
    with pytest.raises(source_module.SourceError, match="^updates must be true or false"):
        settings(source_module, updates="sometimes")


def test_unknown_arguments_are_refused_but_ansible_rulebook_s_own_pass(source_module):
    with pytest.raises(source_module.SourceError, match="unknown argument.*intervall"):
        settings(source_module, intervall=5)
    assert settings(source_module, eda_feedback_queue=asyncio.Queue()).interval == 60.0


def test_the_state_file_directory_must_exist(source_module, tmp_path):
    assert settings(source_module, state_file=str(tmp_path / "b.json")).state_file == str(tmp_path / "b.json")
    with pytest.raises(source_module.SourceError, match="^state_file: the directory .* does not exist"):
        settings(source_module, state_file=str(tmp_path / "missing" / "b.json"))


@pytest.mark.parametrize("header, seconds", [("7", 7.0), ("0", 0.0), ("soon", None), (None, None)])
def test_retry_after(source_module, header, seconds):
    assert source_module._retry_after(header) == seconds  # pylint: disable=protected-access


def test_retry_after_as_an_http_date(source_module):
    when = datetime.datetime.now(UTC) + datetime.timedelta(seconds=30)
    waited = source_module._retry_after(email.utils.format_datetime(when, usegmt=True))  # pylint: disable=protected-access
    assert 25 < waited <= 30


def test_backoff_grows_and_honours_retry_after(source_module):
    client = source_module.InsightsClient(settings(source_module), session=None)
    waits = [client.backoff(n, None) for n in range(1, 10)]
    assert 3.75 <= waits[0] <= 5.0 and 7.5 <= waits[1] <= 10.0
    assert max(waits) <= 300.0 and waits[-1] >= 225.0
    assert client.backoff(1, 42.0) == 42.0 and client.backoff(1, 10 ** 6) == source_module.MAX_RETRY_AFTER
