# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures: the emulator as a real HTTP server, and clients pointed at it."""

from __future__ import annotations

import importlib
import json

import pytest
import requests

from ansible_collections.community.sumologic.plugins.module_utils.api import SumoClient
from ansible_collections.community.sumologic.tests.emulator.server import EmulatorServer


class Control:
    """The emulator's control API (``/_emulator``): reset, request log, faults, settings."""

    def __init__(self, server):
        self.server = server
        self.http = requests.Session()

    def _call(self, method, path, body=None):
        resp = self.http.request(method, self.server.control + path, json=body, timeout=10)
        resp.raise_for_status()
        return resp.json()

    def reset(self, seed="demo", **options):
        return self._call("POST", "/reset", dict(options, seed=seed))

    def clear_requests(self):
        return self._call("DELETE", "/requests")

    def requests(self):
        return self._call("GET", "/requests")

    def fault(self, **spec):
        return self._call("POST", "/faults", spec)

    def settings(self, **values):
        return self._call("POST", "/settings", values)


@pytest.fixture(scope="session")
def emulator():
    with EmulatorServer() as server:
        yield server


@pytest.fixture
def control(emulator):
    ctl = Control(emulator)
    ctl.reset()
    ctl.settings(rate_limit=False, per_second=4, concurrent=10)
    yield ctl
    ctl._call("DELETE", "/faults")


@pytest.fixture
def make_client(emulator, control):
    def make(**kwargs):
        # No pacing unless a test asks for it: the tests send hundreds of requests to an
        # emulator whose rate limit is off.
        options = dict(access_id=emulator.access_id, access_key=emulator.access_key, endpoint=emulator.url,
                       retries=3, backoff_factor=0.01, timeout=10, rate_limit=0)
        options.update(kwargs)
        return SumoClient(**options)
    return make


@pytest.fixture
def client(make_client):
    return make_client()


# -- the real modules, in-process ------------------------------------------------------------------

MODULES = "ansible_collections.community.sumologic.plugins.modules."


class ModuleResult:
    """What a module printed: ``result`` (its JSON), ``failed``, ``warnings``."""

    def __init__(self, result):
        self.result = result
        self.failed = bool(result.get("failed"))
        # ansible-core 2.19 reports each warning as an event with its message.
        self.warnings = [w["event"]["msg"] if isinstance(w, dict) else w for w in result.get("warnings") or []]

    def __getitem__(self, key):
        return self.result[key]

    def __repr__(self):
        return "ModuleResult(%r)" % (self.result,)


@pytest.fixture
def ansible_module(emulator, control, capsys, monkeypatch):
    """``ansible_module("sumo_collector", name=..., check_mode=False, diff=False)``: the module's own main()
    with its real AnsibleModule (argument spec, no_log, check mode) against the emulator.

    Options given as None are left out, as a playbook that does not set them would; retries
    wait 10 ms, and pacing is off.
    """
    testing = pytest.importorskip("ansible.module_utils.testing")
    from ansible_collections.community.sumologic.plugins.module_utils import api

    monkeypatch.setattr(api.SumoClient, "_backoff", lambda self, failures, answer=None: 0.01)
    # A module is not the controller, even when an earlier test imported controller code (warnings
    # would go to the controller's display instead of the result).
    from ansible.module_utils import _internal
    monkeypatch.setattr(_internal, "is_controller", False, raising=False)

    def run(module_name, /, check_mode=False, diff=False, **args):
        module = importlib.import_module(MODULES + module_name)
        args = {key: value for key, value in args.items() if value is not None}
        connection = {"endpoint": emulator.url, "access_id": emulator.access_id, "access_key": emulator.access_key,
                      "rate_limit": 0, "_ansible_check_mode": check_mode, "_ansible_diff": diff}
        for key, value in connection.items():
            args.setdefault(key, value)
        capsys.readouterr()
        # Each run is a process of its own in Ansible: no warning of an earlier run.
        from ansible.module_utils.common import warnings
        for name in ("_global_warnings", "_global_deprecations"):
            getattr(warnings, name).clear()
        with testing.patch_module_args(args):
            with pytest.raises(SystemExit):
                module.main()
        return ModuleResult(json.loads(capsys.readouterr().out))
    return run
