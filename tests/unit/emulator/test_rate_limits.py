# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's documented rate limits, seen by a plain HTTP client (no retries)."""

from __future__ import annotations

import concurrent.futures
import time

import requests


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
