# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Updates and deletes whose answer is lost converge: the task succeeds and nothing is written twice."""

from __future__ import annotations

import pytest

from ansible_collections.community.sumologic.plugins.module_utils.collectors import find_collector_by_name
from ansible_collections.community.sumologic.plugins.module_utils.resource import Field, Resource

from .test_resource import run_module


class Hosted(Resource):
    kind = "collector"
    path = "/v1/collectors"
    body_key = "collector"
    result_key = "collector"
    needs_etag = True
    read_only = ("alive", "collectorVersion", "lastSeenAlive", "links")
    fields = {"name": Field("name"), "description": Field("description")}

    def find(self, run, params):
        return find_collector_by_name(run.client, params["name"])

    def create_body(self, params, desired):
        return dict(desired, collectorType="Hosted")


def run(client, **params):
    return run_module(Hosted, client, dict(dict(name="lost", state="present", description=None), **params))


def writes(control):
    return [(r["method"], r["status"]) for r in control.requests()["requests"] if r["method"] != "GET"]


@pytest.mark.parametrize("fault", [dict(action="drop_after"), dict(action="status_after", status=504),
                                   dict(action="status_after", status=502)])
def test_lost_update_answer_is_changed_without_a_second_write(client, control, fault):
    run(client, description="before")
    collector_id = find_collector_by_name(client, "lost").obj["id"]
    control.clear_requests()
    control.fault(method="PUT", path="^/api/v1/collectors/%d$" % collector_id, **fault)
    outcome = run(client, description="after")
    assert not outcome.failed, outcome.result.get("msg")
    assert outcome.result["changed"]
    assert outcome.result["collector"]["description"] == "after"
    first = 200 if fault["action"] == "drop_after" else fault["status"]
    assert writes(control) == [("PUT", first), ("PUT", 412)]
    assert run(client, description="after").result["changed"] is False


def test_lost_update_answer_with_another_edit_in_between_writes_what_is_left(client, control):
    run(client, description="before")
    collector_id = find_collector_by_name(client, "lost").obj["id"]
    # Our PUT is carried out and its answer lost; someone else then edits the object.
    control.fault(action="drop_after", method="PUT", path="^/api/v1/collectors/%d$" % collector_id)
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/collectors/%d$" % collector_id,
                  patch={"description": "theirs"})
    control.clear_requests()
    outcome = run(client, description="after")
    assert not outcome.failed, outcome.result.get("msg")
    assert outcome.result["changed"] and outcome.result["collector"]["description"] == "after"
    assert writes(control) == [("PUT", 200), ("PUT", 412), ("PUT", 200)]


def test_lost_delete_answer_is_done(client, control):
    run(client, description="d")
    collector_id = find_collector_by_name(client, "lost").obj["id"]
    control.clear_requests()
    control.fault(action="drop_after", method="DELETE", path="^/api/v1/collectors/%d$" % collector_id)
    outcome = run(client, state="absent")
    assert not outcome.failed, outcome.result.get("msg")
    assert outcome.result["changed"]
    assert writes(control) == [("DELETE", 200), ("DELETE", 404)]
    assert find_collector_by_name(client, "lost") is None
