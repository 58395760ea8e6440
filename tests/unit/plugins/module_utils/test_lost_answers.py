# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Writes whose answers are lost: the engine finds out what was done instead of doing it twice."""

from __future__ import annotations

import pytest


@pytest.fixture
def run(ansible_module):
    def run(**params):
        return ansible_module("sumo_collector", **dict({"name": "lost"}, **params))
    return run


def lost_id(client):
    found = [c for c in client.paginate_offset("/v1/collectors", "collectors") if c["name"] == "lost"]
    return found[0]["id"] if found else None


def writes(control):
    return [(r["method"], r["status"]) for r in control.requests()["requests"] if r["method"] != "GET"]


@pytest.mark.parametrize("fault", [dict(action="drop_after"), dict(action="status_after", status=504),
                                   dict(action="status_after", status=502)])
def test_lost_update_answer_is_changed_without_a_second_write(run, client, control, fault):
    run(description="before")
    collector_id = lost_id(client)
    control.clear_requests()
    control.fault(method="PUT", path="^/api/v1/collectors/%d$" % collector_id, **fault)
    outcome = run(description="after")
    assert not outcome.failed, outcome.result.get("msg")
    assert outcome.result["changed"]
    assert outcome.result["collector"]["description"] == "after"
    first = 200 if fault["action"] == "drop_after" else fault["status"]
    assert writes(control) == [("PUT", first), ("PUT", 412)]
    assert run(description="after").result["changed"] is False


def test_lost_update_answer_with_another_edit_in_between_writes_what_is_left(run, client, control):
    run(description="before")
    collector_id = lost_id(client)
    # Our PUT is carried out and its answer lost; someone else then edits the object.
    control.fault(action="drop_after", method="PUT", path="^/api/v1/collectors/%d$" % collector_id)
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/collectors/%d$" % collector_id,
                  patch={"description": "theirs"})
    control.clear_requests()
    outcome = run(description="after")
    assert not outcome.failed, outcome.result.get("msg")
    assert outcome.result["changed"] and outcome.result["collector"]["description"] == "after"
    assert writes(control) == [("PUT", 200), ("PUT", 412), ("PUT", 200)]


def test_lost_delete_answer_is_done(run, client, control):
    run(description="d")
    collector_id = lost_id(client)
    control.clear_requests()
    control.fault(action="drop_after", method="DELETE", path="^/api/v1/collectors/%d$" % collector_id)
    outcome = run(state="absent")
    assert not outcome.failed, outcome.result.get("msg")
    assert outcome.result["changed"]
    assert writes(control) == [("DELETE", 200), ("DELETE", 404)]
    assert lost_id(client) is None
