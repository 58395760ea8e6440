# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``api``: the emulator through plain HTTP, answers as they come (no retries, no error raising)."""

from __future__ import annotations

import pytest
import requests


class Api:
    """Requests to the emulator's API (``get("/v1/fields")``) and to its control API (``control(...)``)."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.http = requests.Session()
        self.http.auth = (emulator.access_id, emulator.access_key)

    def request(self, method, path, body=None, params=None):
        kwargs = {"params": params, "timeout": 10}
        if body is not None:
            kwargs["json"] = body
        return self.http.request(method, self.emulator.url + path, **kwargs)

    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def post(self, path, body=None, params=None):
        return self.request("POST", path, body, params)

    def put(self, path, body=None, params=None):
        return self.request("PUT", path, body, params)

    def delete(self, path, params=None):
        return self.request("DELETE", path, params=params)

    def control(self, method, path, body=None):
        resp = requests.request(method, self.emulator.control + path, json=body, timeout=10)
        resp.raise_for_status()
        return resp.json()


@pytest.fixture
def api(emulator, control):
    return Api(emulator)
