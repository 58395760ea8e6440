# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""sumo_insight_status and sumo_insight_info, in-process against the emulator: lookups by either id, each
sub-resource written once, check mode, diff, comments, bad input with no request, filters and paging."""

from __future__ import annotations

from urllib.parse import unquote_plus

import pytest

from ansible_collections.community.sumologic.plugins.module_utils.insights import build_query, find_insight, term


def status_of(client, readable_id):
    insight = find_insight(client, readable_id)
    return insight["status"]["name"], insight["resolution"], insight["assignedTo"]


def uuid_of(client, readable_id):
    return find_insight(client, readable_id)["id"]


def log(control):
    return control.requests()


def readable_ids(result):
    return sorted(i["readable_id"] for i in result["insights"])


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


# -- sumo_insight_status -----------------------------------------------------------------------------------

def test_status_change_by_readable_id_then_no_op_by_either_id(ansible_module, client, control):
    uuid = uuid_of(client, "INSIGHT-104")
    control.clear_requests()
    result = ansible_module("sumo_insight_status", diff=True, insight_id="INSIGHT-104", status="in_progress").result
    insight = result["insight"]
    assert result["changed"] and not result["comment_added"]
    assert insight["id"] == uuid and insight["readable_id"] == "INSIGHT-104"
    assert insight["status"] == {"name": "inprogress", "display_name": "In Progress"}
    assert result["diff"]["before"]["status"]["name"] == "new"
    assert result["diff"]["after"]["status"]["name"] == "inprogress"
    requests = log(control)
    assert requests["counts"] == {"GET": 1, "PUT": 1}, "one lookup, one PUT to the insight's id"
    assert requests["requests"][0]["path"] == "/api/sec/v1/insights"
    assert "readableId" in unquote_plus(requests["requests"][0]["query"])
    assert requests["requests"][1]["path"] == "/api/sec/v1/insights/%s/status" % uuid
    control.clear_requests()
    again = ansible_module("sumo_insight_status", insight_id="INSIGHT-104", status="in_progress").result
    by_id = ansible_module("sumo_insight_status", insight_id=uuid, status="in_progress").result
    assert not again["changed"] and not by_id["changed"] and again["insight"]["status"]["name"] == "inprogress"
    requests = log(control)
    assert requests["total"] == 2 and requests["counts"] == {"GET": 2}
    assert requests["requests"][1]["path"] == "/api/sec/v1/insights/" + uuid, "by id: one GET of its path"


def test_close_with_comment_assignee_once(ansible_module, client, control):
    control.clear_requests()
    args = dict(insight_id="INSIGHT-102", status="closed", resolution="false_positive",
                assignee="soc.analyst@example.com", comment="authorised scanner")
    first = ansible_module("sumo_insight_status", **args).result
    assert first["changed"] and first["comment_added"]
    assert first["insight"]["resolution"] == "False Positive" and first["insight"]["closed"]
    assert first["insight"]["assigned_to"] == "soc.analyst@example.com"
    assert control.requests()["counts"] == {"GET": 1, "PUT": 2, "POST": 1}, "one write each"
    second = ansible_module("sumo_insight_status", **args).result
    assert not second["changed"] and not second["comment_added"]
    comments = client.get("/sec/v1/insights/%s/comments" % first["insight"]["id"]).json["data"]["comments"]
    assert [c["body"] for c in comments] == ["authorised scanner"]
    assert status_of(client, "INSIGHT-102") == ("closed", "False Positive", "soc.analyst@example.com")
    resolution = ansible_module("sumo_insight_status", insight_id="INSIGHT-102", status="closed",
                                resolution="duplicate").result
    assert resolution["changed"] and resolution["insight"]["resolution"] == "Duplicate"


def test_check_mode_writes_nothing(ansible_module, client, control):
    control.clear_requests()
    result = ansible_module("sumo_insight_status", check_mode=True, diff=True, insight_id="INSIGHT-104",
                            status="closed", resolution="duplicate", comment="dup of INSIGHT-106", assignee="").result
    assert result["changed"] and result["comment_added"]
    assert result["insight"]["status"] == {"name": "closed", "display_name": "Closed"}
    assert result["diff"]["after"]["resolution"] == "Duplicate"
    assert control.requests()["writes"] == 0
    assert status_of(client, "INSIGHT-104") == ("new", None, None)


def test_check_mode_by_id_with_assignee_and_comment(ansible_module, client, control):
    uuid = uuid_of(client, "INSIGHT-104")
    control.clear_requests()
    checked = ansible_module("sumo_insight_status", check_mode=True, diff=True, insight_id=uuid,
                             status="in_progress", assignee="soc.analyst@example.com", comment="Investigating").result
    assert checked["changed"] and checked["comment_added"]
    assert checked["diff"]["before"]["status"]["name"] == "new"
    assert checked["diff"]["after"]["status"]["name"] == "inprogress"
    assert checked["diff"]["after"]["assigned_to"] == "soc.analyst@example.com"
    assert checked["insight"]["status"]["name"] == "inprogress"
    assert log(control)["writes"] == 0 and log(control)["counts"] == {"GET": 1}
    untouched = ansible_module("sumo_insight_info", insight_id=uuid).result["insights"][0]
    assert untouched["status"]["name"] == "new" and untouched["assigned_to"] is None


@pytest.mark.parametrize("args, words", [
    (dict(status="closed"), "missing: resolution"),
    (dict(status="new", resolution="resolved"), "resolution: only applies with status closed"),
    (dict(status="new", comment="  "), "comment: must not be empty"),
    (dict(assignee="x@y.example.com", comment="hi"), "comment: is added when the status changes"),
    (dict(assignee="not an email"), "assignee:"),
    (dict(status="sideways"), "value of status must be one of"),
    (dict(), "one of the following is required: status, assignee"),
])
def test_bad_input_fails_before_any_request(ansible_module, control, args, words):
    control.clear_requests()
    result = ansible_module("sumo_insight_status", insight_id="INSIGHT-104", **args).result
    assert result["failed"] and words in result["msg"], result["msg"]
    assert control.requests()["total"] == 0


@pytest.mark.parametrize("args, prefix", [
    (dict(status="closed"), None),
    (dict(status="new", resolution="resolved"), "resolution:"),
    (dict(assignee="not an email"), "assignee:"),
    (dict(assignee="soc.analyst@example.com", comment="orphan"), "comment:"),
])
def test_bad_input_messages_name_the_option(ansible_module, control, args, prefix):
    msg = ansible_module("sumo_insight_status", insight_id="INSIGHT-104", **args).result["msg"]
    if prefix is None:
        assert "resolution" in msg and "closed" in msg, msg
    else:
        assert msg.startswith(prefix), msg


def test_missing_insight(ansible_module, control):
    control.clear_requests()
    result = ansible_module("sumo_insight_status", insight_id="INSIGHT-5", status="new").result
    assert result["failed"] and result["msg"] == "insight_id: there is no insight INSIGHT-5"
    missing = ansible_module("sumo_insight_status", insight_id="INSIGHT-999999", status="closed",
                             resolution="resolved").result
    assert missing["failed"] and missing["msg"].startswith("insight_id:") and "INSIGHT-999999" in missing["msg"]
    assert control.requests()["writes"] == 0


def test_unassign_once(ansible_module, client, control):
    ansible_module("sumo_insight_status", insight_id="INSIGHT-103", assignee="soc.analyst@example.com")
    control.clear_requests()
    unassigned = ansible_module("sumo_insight_status", insight_id="INSIGHT-103", assignee="").result
    assert unassigned["changed"]
    assert unassigned["insight"]["assigned_to"] is None and unassigned["insight"]["assignee"] is None
    assert not ansible_module("sumo_insight_status", insight_id="INSIGHT-103", assignee="").result["changed"]
    assert control.requests()["counts"] == {"GET": 2, "DELETE": 1}


def test_reopen_with_a_comment_clears_the_resolution(ansible_module, client, control):
    ansible_module("sumo_insight_status", insight_id="INSIGHT-104", status="closed", resolution="duplicate")
    reopened = ansible_module("sumo_insight_status", diff=True, insight_id="INSIGHT-104", status="new",
                              comment="Re-opened, the user clicked again").result
    assert reopened["changed"] and reopened["comment_added"]
    assert reopened["diff"]["before"]["resolution"] == "Duplicate"
    insight = reopened["insight"]
    assert insight["status"]["name"] == "new" and insight["resolution"] is None and insight["closed"] is None


def test_reopen_clears_resolution_and_unassign(ansible_module, client):
    result = ansible_module("sumo_insight_status", insight_id="INSIGHT-107", status="in_progress", assignee="").result
    assert result["changed"]
    assert status_of(client, "INSIGHT-107") == ("inprogress", None, None)
    assert result["insight"]["closed"] is None


def test_assignee_by_user_id(ansible_module, client, control, emulator):
    users = getattr(emulator.state, "users", None)
    if not users:
        pytest.skip("the emulator has no users part yet")
    user = next(iter(users.values()))
    result = ansible_module("sumo_insight_status", insight_id="INSIGHT-106", assignee=user["id"]).result
    assert result["changed"] and result["insight"]["assigned_to"] == user["email"]
    missing = ansible_module("sumo_insight_status", insight_id="INSIGHT-106", assignee="0000000000DEAD00").result
    assert missing["failed"] and missing["msg"].startswith("assignee:")


# -- sumo_insight_info -------------------------------------------------------------------------------------

def test_info_filters_find_what_the_demo_holds(ansible_module, control):
    every = ansible_module("sumo_insight_info").result
    assert not every["changed"] and every["query"] is None and len(every["insights"]) == 8
    new = ansible_module("sumo_insight_info", status=["new"]).result
    assert {i["status"]["name"] for i in new["insights"]} == {"new"} and new["query"] == 'status:"new"'
    scanner = ansible_module("sumo_insight_info", status=["new", "in_progress"],
                             tags=["_mitreAttackTactic:TA0043", "scanner"]).result
    assert scanner["query"] == 'status:in("new","inprogress") tag:"_mitreAttackTactic:TA0043" tag:"scanner"'
    assert readable_ids(scanner) == ["INSIGHT-101", "INSIGHT-102", "INSIGHT-103"]
    urgent = ansible_module("sumo_insight_info", severity=["high", "critical"], query='-status:"closed"').result
    assert readable_ids(urgent) == ["INSIGHT-104", "INSIGHT-105", "INSIGHT-106"]


def test_info_one_by_either_id_or_none(ansible_module, control):
    one = ansible_module("sumo_insight_info", insight_id="INSIGHT-101").result["insights"]
    assert [i["readable_id"] for i in one] == ["INSIGHT-101"]
    by_id = ansible_module("sumo_insight_info", insight_id=one[0]["id"]).result["insights"]
    assert by_id[0]["readable_id"] == "INSIGHT-101"
    assert ansible_module("sumo_insight_info", insight_id="INSIGHT-424242").result["insights"] == []
    both = ansible_module("sumo_insight_info", insight_id="INSIGHT-101", status=["new"])
    assert both.failed and "mutually exclusive" in both["msg"]


def test_info_filters_and_pages(ansible_module, control):
    control.reset(insights=45)
    control.clear_requests()
    result = ansible_module("sumo_insight_info", check_mode=True, status=["new"], tags=["generated"]).result
    assert len(result["insights"]) == 45 and len({i["id"] for i in result["insights"]}) == 45
    assert not result["changed"] and result["query"] == 'status:"new" tag:"generated"'
    requests = control.requests()
    assert requests["counts"] == {"GET": 3}, "20 insights a page"
    assert {r["path"] for r in requests["requests"]} == {"/api/sec/v1/insights/all"}
    assert "nextPageToken" in requests["requests"][1]["query"]
    one = ansible_module("sumo_insight_info", insight_id="INSIGHT-103").result
    assert [i["readable_id"] for i in one["insights"]] == ["INSIGHT-103"]
    assert one["insights"][0]["assigned_to"] == "soc.analyst@example.com"
    bad = ansible_module("sumo_insight_info", query='status:"new')
    assert bad.failed and "HTTP 400" in bad["msg"] and "query" in bad["msg"]


def test_bulk_close_one_get_and_one_put_each_then_nothing(ansible_module, control):
    control.reset(insights=10)
    generated = ansible_module("sumo_insight_info", status=["new"], tags=["generated"]).result["insights"]
    control.clear_requests()
    closed = [ansible_module("sumo_insight_status", insight_id=i["id"], status="closed", resolution="no_action")
              for i in generated]
    assert all(c["changed"] for c in closed) and len(closed) == 10
    assert control.requests()["counts"] == {"GET": 10, "PUT": 10}
    assert ansible_module("sumo_insight_info", status=["new"], tags=["generated"]).result["insights"] == []
    again = [ansible_module("sumo_insight_status", insight_id=i["id"], status="closed", resolution="no_action")
             for i in generated[:5]]
    assert not any(a["changed"] for a in again)
