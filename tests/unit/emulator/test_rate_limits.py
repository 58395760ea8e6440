# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's documented rate limits, seen by a plain HTTP client (no retries)."""

from __future__ import annotations

import base64
import concurrent.futures
import time

import requests

from ansible_collections.community.sumologic.tests.emulator.app import create_app


def plain(emulator):
    session = requests.Session()
    session.auth = (emulator.access_id, emulator.access_key)
    return session


def test_four_requests_per_second_per_access_id(emulator, control):
    control.settings(rate_limit=True, per_second=4, concurrent=10)
    time.sleep(1.1)  # an empty window
    session = plain(emulator)
    answers = [session.get(emulator.url + "/v1/collectors") for dummy in range(6)]
    assert [a.status_code for a in answers[:4]] == [200] * 4
    refused = [a for a in answers[4:] if a.status_code == 429]
    assert refused, "a fifth request within the second must be refused"
    assert refused[0].json()["code"] == "rate.limit.exceeded"
    assert int(refused[0].headers["Retry-After"]) >= 1
    time.sleep(1.1)
    assert session.get(emulator.url + "/v1/collectors").status_code == 200


def test_ten_concurrent_requests_per_access_key(emulator, control):
    control.settings(rate_limit=True, per_second=1000, concurrent=10)
    control.fault(action="delay", seconds=1, method="GET", path="^/api/v1/collectors$", count=14)

    def call(dummy):
        return plain(emulator).get(emulator.url + "/v1/collectors").status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=14) as pool:
        statuses = list(pool.map(call, range(14)))
    assert statuses.count(429) >= 4 and statuses.count(200) <= 10


def test_every_refusal_is_in_the_request_log(emulator, control):
    control.settings(rate_limit=True, per_second=2, concurrent=10)
    time.sleep(1.1)
    control.clear_requests()
    session = plain(emulator)
    statuses = [session.get(emulator.url + "/v1/collectors").status_code for dummy in range(5)]
    logged = control.requests()["requests"]
    assert [entry["status"] for entry in logged] == statuses
    assert statuses.count(429) >= 1
    assert all(entry["path"] == "/api/v1/collectors" for entry in logged)


def test_refusals_for_too_many_in_flight_are_in_the_request_log(emulator, control):
    control.settings(rate_limit=True, per_second=1000, concurrent=2)
    control.fault(action="delay", seconds=1, method="GET", path="^/api/v1/collectors$", count=4)

    def call(dummy):
        return plain(emulator).get(emulator.url + "/v1/collectors").status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(call, range(4)))
    assert sorted(entry["status"] for entry in control.requests()["requests"]) == sorted(statuses)
    assert statuses.count(429) >= 1


def test_the_window_is_per_access_id():
    app = create_app({"suFirstId": "firstKey0123456789", "suSecondId": "secondKey0123456789"},
                     rate_limit=True, per_second=2)
    client = app.test_client()

    def get(access_id, access_key):
        token = base64.b64encode(("%s:%s" % (access_id, access_key)).encode()).decode()
        return client.get("/api/v1/collectors", headers={"Authorization": "Basic " + token}).status_code

    assert [get("suFirstId", "firstKey0123456789") for dummy in range(3)] == [200, 200, 429]
    assert [get("suSecondId", "secondKey0123456789") for dummy in range(2)] == [200, 200]
    assert get("suFirstId", "firstKey0123456789") == 429
