# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""sumo_insight_status and sumo_insight_info, run in-process against the emulator."""

from __future__ import annotations

import json

import pytest

from ansible_collections.community.sumologic.plugins.module_utils.insights import build_query, find_insight, term
from ansible_collections.community.sumologic.plugins.modules import sumo_insight_info, sumo_insight_status

testing = pytest.importorskip("ansible.module_utils.testing")


@pytest.fixture
def run_module(emulator, control, capsys):
    """Run a module's main() with these arguments; returns its JSON result."""
    def run(module, check_mode=False, diff=False, **args):
        args = dict(args, endpoint=emulator.url, access_id=emulator.access_id, access_key=emulator.access_key,
                    retries=0, _ansible_check_mode=check_mode, _ansible_diff=diff)
        with testing.patch_module_args(args):
            with pytest.raises(SystemExit):
                module.main()
        return json.loads(capsys.readouterr().out)
    return run


def status_of(client, readable_id):
    insight = find_insight(client, readable_id)
    return insight["status"]["name"], insight["resolution"], insight["assignedTo"]


def test_build_query():
    assert build_query() is None
    assert build_query(["new"]) == 'status:"new"'
    assert build_query(["new", "in_progress"], ["scanner", 'say "hi"'], ["high"], ' name:contains("x") ') == (
        'status:in("new","inprogress") tag:"scanner" tag:"say \\"hi\\"" severity:"HIGH" name:contains("x")')
    assert term("readableId", ["INSIGHT-1"]) == 'readableId:"INSIGHT-1"'


def test_find_insight_by_either_id(client):
    by_readable = find_insight(client, "insight-105")
    assert by_readable["readableId"] == "INSIGHT-105"
    assert find_insight(client, by_readable["id"])["readableId"] == "INSIGHT-105"
    assert find_insight(client, "INSIGHT-1") is None
    assert find_insight(client, "no-such-id") is None


def test_status_change_then_no_op(run_module, client, control):
    control.clear_requests()
    result = run_module(sumo_insight_status, insight_id="INSIGHT-101", status="in_progress", diff=True)
    assert result["changed"] and result["insight"]["status"]["name"] == "inprogress"
    assert result["diff"]["before"]["status"]["name"] == "new"
    log = control.requests()
    assert log["counts"] == {"GET": 1, "PUT": 1}
    assert log["requests"][1]["path"] == "/api/sec/v1/insights/%s/status" % result["insight"]["id"]
    control.clear_requests()
    again = run_module(sumo_insight_status, insight_id="INSIGHT-101", status="in_progress")
    assert not again["changed"] and control.requests()["counts"] == {"GET": 1}


def test_close_with_comment_assignee_once(run_module, client, control):
    control.clear_requests()
    args = dict(insight_id="INSIGHT-102", status="closed", resolution="false_positive",
                assignee="soc.analyst@example.com", comment="authorised scanner")
    first = run_module(sumo_insight_status, **args)
    assert first["changed"] and first["comment_added"]
    assert first["insight"]["resolution"] == "False Positive"
    assert control.requests()["counts"] == {"GET": 1, "PUT": 2, "POST": 1}
    second = run_module(sumo_insight_status, **args)
    assert not second["changed"] and not second["comment_added"]
    comments = client.get("/sec/v1/insights/%s/comments" % first["insight"]["id"]).json["data"]["comments"]
    assert [c["body"] for c in comments] == ["authorised scanner"]
    assert status_of(client, "INSIGHT-102") == ("closed", "False Positive", "soc.analyst@example.com")


def test_check_mode_writes_nothing(run_module, client, control):
    control.clear_requests()
    result = run_module(sumo_insight_status, check_mode=True, diff=True, insight_id="INSIGHT-104",
                        status="closed", resolution="duplicate", comment="dup of INSIGHT-106", assignee="")
    assert result["changed"] and result["comment_added"]
    assert result["insight"]["status"] == {"name": "closed", "display_name": "Closed"}
    assert result["diff"]["after"]["resolution"] == "Duplicate"
    assert control.requests()["writes"] == 0
    assert status_of(client, "INSIGHT-104") == ("new", None, None)


@pytest.mark.parametrize("args, words", [
    (dict(status="closed"), "missing: resolution"),
    (dict(status="new", resolution="resolved"), "resolution: only applies with status closed"),
    (dict(status="new", comment="  "), "comment: must not be empty"),
    (dict(assignee="x@y.example.com", comment="hi"), "comment: is added when the status changes"),
    (dict(assignee="not an email"), "assignee:"),
    (dict(status="sideways"), "value of status must be one of"),
    (dict(), "one of the following is required: status, assignee"),
])
def test_bad_input_fails_before_any_write(run_module, control, args, words):
    control.clear_requests()
    result = run_module(sumo_insight_status, insight_id="INSIGHT-104", **args)
    assert result["failed"] and words in result["msg"], result["msg"]
    assert control.requests()["writes"] == 0


def test_missing_insight(run_module, control):
    result = run_module(sumo_insight_status, insight_id="INSIGHT-5", status="new")
    assert result["failed"] and result["msg"] == "insight_id: there is no insight INSIGHT-5"


def test_reopen_clears_resolution_and_unassign(run_module, client):
    result = run_module(sumo_insight_status, insight_id="INSIGHT-107", status="in_progress", assignee="")
    assert result["changed"]
    assert status_of(client, "INSIGHT-107") == ("inprogress", None, None)
    assert result["insight"]["closed"] is None


def test_assignee_by_user_id(run_module, client, control, emulator):
    users = getattr(emulator.state, "users", None)
    if not users:
        pytest.skip("the emulator has no users part yet")
    user = next(iter(users.values()))
    result = run_module(sumo_insight_status, insight_id="INSIGHT-106", assignee=user["id"])
    assert result["changed"] and result["insight"]["assigned_to"] == user["email"]
    missing = run_module(sumo_insight_status, insight_id="INSIGHT-106", assignee="0000000000DEAD00")
    assert missing["failed"] and missing["msg"].startswith("assignee:")


def test_info_filters_and_pages(run_module, control):
    control.reset(insights=45)
    control.clear_requests()
    result = run_module(sumo_insight_info, status=["new"], tags=["generated"])
    assert len(result["insights"]) == 45 and not result["changed"]
    assert result["query"] == 'status:"new" tag:"generated"'
    assert control.requests()["counts"] == {"GET": 3}
    one = run_module(sumo_insight_info, insight_id="INSIGHT-103")
    assert [i["readable_id"] for i in one["insights"]] == ["INSIGHT-103"]
    assert one["insights"][0]["assigned_to"] == "soc.analyst@example.com"
    bad = run_module(sumo_insight_info, query='status:"new')
    assert bad["failed"] and "HTTP 400" in bad["msg"]
