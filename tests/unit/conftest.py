# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures: the emulator as a real HTTP server, and clients pointed at it."""

from __future__ import annotations

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
