# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's lost-answer faults: the request is carried out, then its answer is lost."""

from __future__ import annotations

import pytest
import requests


def plain(emulator):
    session = requests.Session()
    session.auth = (emulator.access_id, emulator.access_key)
    return session


def hosted(emulator, session, name):
    resp = session.post(emulator.url + "/v1/collectors", json={"collector": {"collectorType": "Hosted", "name": name}})
    resp.raise_for_status()
    return resp.json()["collector"]


def test_drop_after_deletes_then_drops_the_answer(emulator, control):
    session = plain(emulator)
    collector = hosted(emulator, session, "dropped-delete")
    path = "/v1/collectors/%d" % collector["id"]
    control.clear_requests()
    control.fault(action="drop_after", method="DELETE", path="^/api" + path + "$")
    with pytest.raises(requests.exceptions.ConnectionError):
        session.delete(emulator.url + path)
    assert [(r["method"], r["status"]) for r in control.requests()["requests"]] == [("DELETE", 200)]
    assert plain(emulator).get(emulator.url + path).status_code == 404


def test_drop_after_updates_then_drops_the_answer(emulator, control):
    session = plain(emulator)
    collector = hosted(emulator, session, "dropped-put")
    path = "/v1/collectors/%d" % collector["id"]
    etag = session.get(emulator.url + path).headers["ETag"]
    collector["description"] = "carried out"
    control.clear_requests()
    control.fault(action="drop_after", method="PUT", path="^/api" + path + "$")
    with pytest.raises(requests.exceptions.ConnectionError):
        session.put(emulator.url + path, json={"collector": collector}, headers={"If-Match": etag})
    assert [(r["method"], r["status"]) for r in control.requests()["requests"]] == [("PUT", 200)]
    fresh = plain(emulator).get(emulator.url + path)
    assert fresh.json()["collector"]["description"] == "carried out"
    assert fresh.headers["ETag"] != etag


def test_status_after_deletes_then_answers_a_gateway_error(emulator, control):
    session = plain(emulator)
    collector = hosted(emulator, session, "gateway-delete")
    path = "/v1/collectors/%d" % collector["id"]
    control.fault(action="status_after", status=504, method="DELETE", path="^/api" + path + "$")
    assert session.delete(emulator.url + path).status_code == 504
    assert session.get(emulator.url + path).status_code == 404
