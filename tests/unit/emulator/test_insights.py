# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's Cloud SIEM insights: the q language, both paging styles, status, assignee, comments."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.community.sumologic.plugins.module_utils.api import SumoApiError
from ansible_collections.community.sumologic.tests.emulator.core import ApiError
from ansible_collections.community.sumologic.tests.emulator.insights import ALL_PAGE_SIZE, parse_query
from ansible_collections.community.sumologic.tests.unit.emulator.answer_schemas import assert_matches

SEC = "/sec/v1"


def data(resp):
    assert resp.json["errors"] == []
    return resp.json["data"]


def readable_ids(objects):
    return sorted(o["readableId"] for o in objects)


def by_readable_id(client, readable_id):
    found = data(client.get(SEC + "/insights", params={"q": 'readableId:"%s"' % readable_id}))["objects"]
    assert len(found) == 1
    return found[0]


# -- the q language ---------------------------------------------------------------------------------

@pytest.mark.parametrize("q, expected", [
    ('status:"new"', [("status", "eq", ["new"], False)]),
    ('-status:"closed"', [("status", "eq", ["closed"], True)]),
    ('status:in("new", "inprogress")', [("status", "in", ["new", "inprogress"], False)]),
    ('name:contains("port scan")', [("name", "contains", ["port scan"], False)]),
    ('tag:"a\\"b"', [("tag", "eq", ['a"b'], False)]),
    ('confidence:>0.5 severity:"HIGH"', [("confidence", "gt", ["0.5"], False), ("severity", "eq", ["HIGH"], False)]),
    ('confidence:0.2..0.8', [("confidence", "range", ["0.2", "0.8"], False)]),
    ('created:>=2026-01-01T00:00:00+00:00', [("created", "ge", ["2026-01-01T00:00:00+00:00"], False)]),
    ('  status:new   ', [("status", "eq", ["new"], False)]),
    ('', []),
])
def test_parse_query(q, expected):
    assert [(t.field, t.op, t.values, t.negate) for t in parse_query(q)] == expected


@pytest.mark.parametrize("q, words", [
    ('status:"new', "unterminated"),
    ('nosuchfield:"x"', "unknown field"),
    ('status', "expected ':'"),
    ('status:', "no value"),
    ('status:in("new"', "expected ')'"),
    ('name:contains("a","b")', "one value"),
    ('status:"new"tag:"x"', "space between terms"),
    (':"new"', "field name"),
])
def test_malformed_queries_are_refused(q, words):
    with pytest.raises(ApiError) as info:
        parse_query(q)
    assert info.value.status == 400 and words in info.value.message


def test_malformed_query_is_a_400_in_the_cse_shape(client):
    with pytest.raises(SumoApiError) as info:
        client.get(SEC + "/insights/all", params={"q": 'status:"new'})
    assert info.value.status == 400 and info.value.code == "query.invalid"
    raw = requests.get(client.base_url + SEC + "/insights", params={"q": "bogus:1"}, auth=client.session.auth)
    assert raw.status_code == 400
    assert raw.json()["data"] is None and raw.json()["errors"][0]["code"] == "query.invalid"


@pytest.mark.parametrize("q, expected", [
    ('status:"new"', ["INSIGHT-101", "INSIGHT-102", "INSIGHT-104", "INSIGHT-106"]),
    ('status:in("new","inprogress") tag:"scanner"', ["INSIGHT-101", "INSIGHT-102", "INSIGHT-103"]),
    ('tag:"_mitreAttackTactic:TA0043" -status:"closed"', ["INSIGHT-101", "INSIGHT-102", "INSIGHT-103"]),
    ('readableId:"INSIGHT-105"', ["INSIGHT-105"]),
    ('assignee:"soc.lead@example.com"', ["INSIGHT-105", "INSIGHT-107"]),
    ('severity:in("HIGH","CRITICAL") status:"new"', ["INSIGHT-104", "INSIGHT-106"]),
    ('name:contains("SCAN")', ["INSIGHT-101", "INSIGHT-102", "INSIGHT-103", "INSIGHT-108"]),
    ('resolution:"False Positive"', ["INSIGHT-108"]),
    ('-resolution:in("Resolved","False Positive") status:"closed"', []),
    ('confidence:>0.8', ["INSIGHT-104", "INSIGHT-106"]),
    ('confidence:0.3..0.45', ["INSIGHT-101", "INSIGHT-102"]),
    ('entity.ip:"203.0.113.7"', ["INSIGHT-101"]),
])
def test_filters(client, q, expected):
    assert readable_ids(data(client.get(SEC + "/insights", params={"q": q, "limit": 100}))["objects"]) == expected
    assert readable_ids(data(client.get(SEC + "/insights/all", params={"q": q}))["objects"]) == expected


def test_id_filter_and_newest_first(client):
    listed = data(client.get(SEC + "/insights"))["objects"]
    assert [o["readableId"] for o in listed][:3] == ["INSIGHT-106", "INSIGHT-105", "INSIGHT-104"]
    wanted = listed[2]
    found = data(client.get(SEC + "/insights", params={"q": 'id:"%s"' % wanted["id"]}))["objects"]
    assert [o["readableId"] for o in found] == [wanted["readableId"]]


# -- paging ----------------------------------------------------------------------------------------------

def test_offset_paging(client, control):
    control.reset(insights=95)
    first = data(client.get(SEC + "/insights"))
    assert len(first["objects"]) == 10 and first["hasNextPage"] and first["total"] == 103
    seen, offset = [], 0
    while True:
        page = data(client.get(SEC + "/insights", params={"offset": offset, "limit": 30}))
        seen.extend(o["id"] for o in page["objects"])
        offset += len(page["objects"])
        if not page["hasNextPage"]:
            break
    assert len(seen) == len(set(seen)) == 103
    last = data(client.get(SEC + "/insights", params={"offset": 100, "limit": 30}))
    assert len(last["objects"]) == 3 and not last["hasNextPage"]
    filtered = data(client.get(SEC + "/insights", params={"q": 'tag:"generated"', "limit": 1}))
    assert filtered["total"] == 95 and filtered["hasNextPage"]
    with pytest.raises(SumoApiError) as info:
        client.get(SEC + "/insights", params={"limit": 0})
    assert info.value.status == 400


def test_token_paging(client, control):
    control.reset(insights=50)
    seen, token, pages = [], None, 0
    while True:
        page = data(client.get(SEC + "/insights/all", params={"nextPageToken": token} if token else None))
        pages += 1
        assert set(page) == {"objects", "nextPageToken"}
        assert page["objects"][0]["signals"] == [] and page["objects"][0]["artifacts"] == []
        seen.extend(o["id"] for o in page["objects"])
        token = page["nextPageToken"]
        if token is None:
            break
    assert pages == 3 and ALL_PAGE_SIZE == 20
    assert len(seen) == len(set(seen)) == 58


def test_token_paging_follows_a_cursor_while_insights_change(client, control):
    control.reset(insights=30)
    q = 'status:"new" tag:"generated"'
    first = data(client.get(SEC + "/insights/all", params={"q": q}))
    # Close the whole first page before reading the second: an offset would now skip 20 insights.
    for insight in first["objects"]:
        client.put(SEC + "/insights/%s/status" % insight["id"], {"status": "closed", "resolution": "No Action"})
    second = data(client.get(SEC + "/insights/all", params={"q": q, "nextPageToken": first["nextPageToken"]}))
    assert len(second["objects"]) == 10 and second["nextPageToken"] is None


def test_paginate_token_reads_every_page(client, control):
    control.reset(insights=41)
    control.clear_requests()
    found = list(client.paginate_token(SEC + "/insights/all", params={"q": 'tag:"generated"'},
                                       token_param="nextPageToken",
                                       page_of=lambda b: (b["data"]["objects"], b["data"]["nextPageToken"])))
    assert len(found) == 41
    assert control.requests()["counts"] == {"GET": 3}


def test_bad_tokens(client, control):
    with pytest.raises(SumoApiError) as info:
        client.get(SEC + "/insights/all", params={"nextPageToken": "made-up"})
    assert info.value.status == 400
    control.reset(insights=30)
    token = data(client.get(SEC + "/insights/all"))["nextPageToken"]
    with pytest.raises(SumoApiError):
        client.get(SEC + "/insights/all", params={"nextPageToken": token, "q": 'status:"new"'})


# -- records, artifacts, what the read endpoints leave out ------------------------------------------------

def test_signals_carry_their_records_and_the_insight_its_artifacts(client):
    insight = data(client.get(SEC + "/insights/" + by_readable_id(client, "INSIGHT-101")["id"]))
    signal = insight["signals"][0]
    assert signal["allRecords"][0]["srcDevice_ip"] == "203.0.113.7"
    assert signal["artifacts"] == [{"name": "srcDevice_ip", "value": "203.0.113.7",
                                    "recordUid": signal["allRecords"][0]["uid"], "recordStream": "normalized"}]
    assert insight["artifacts"][0]["signal"] == {"id": signal["id"], "name": signal["name"],
                                                 "timestamp": signal["timestamp"]}
    assert insight["recordSummaryFields"] == []


def test_record_summary_fields(client):
    insight = by_readable_id(client, "INSIGHT-105")
    one = data(client.get(SEC + "/insights/" + insight["id"],
                          params={"recordSummaryFields": "device_hostname,srcDevice_ip"}))
    assert one["recordSummaryFields"] == [{"fieldName": "device_hostname", "fieldValue": "vpn-gw-01", "recordCount": 1}]
    listed = data(client.get(SEC + "/insights", params={"q": 'readableId:"INSIGHT-105"',
                                                        "recordSummaryFields": "device_hostname"}))
    assert listed["objects"][0]["recordSummaryFields"] == one["recordSummaryFields"]


def test_exclude_and_expand(client):
    insight = by_readable_id(client, "INSIGHT-102")
    trimmed = data(client.get(SEC + "/insights/" + insight["id"], params={"exclude": "signals.allRecords,artifacts"}))
    assert "artifacts" not in trimmed and "allRecords" not in trimmed["signals"][0]
    expanded = data(client.get(SEC + "/insights/all", params={"q": 'readableId:"INSIGHT-102"', "expand": "signals"}))
    assert expanded["objects"][0]["signals"] and expanded["objects"][0]["artifacts"] == []
    for param, path in (("exclude", "/insights"), ("expand", "/insights/all")):
        with pytest.raises(SumoApiError) as info:
            client.get(SEC + path, params={param: "records"})
        assert info.value.status == 400 and info.value.code == "request.param.invalid"


# -- one insight, status, assignee, comments -------------------------------------------------------------------

def test_get_one_by_id_not_by_readable_id(client):
    insight = by_readable_id(client, "INSIGHT-104")
    assert data(client.get(SEC + "/insights/" + insight["id"]))["readableId"] == "INSIGHT-104"
    with pytest.raises(SumoApiError) as info:
        client.get(SEC + "/insights/INSIGHT-104")
    assert info.value.status == 404 and "readableId" in info.value.message


def test_status_by_query_parameter_as_in_the_seed(client):
    insight = by_readable_id(client, "INSIGHT-101")
    after = data(client.put(SEC + "/insights/%s/status" % insight["id"], None, params={"status": "inprogress"}))
    assert after["status"] == {"name": "inprogress", "displayName": "In Progress"}
    assert after["lastUpdated"] >= insight["lastUpdated"]


def test_closing_needs_a_resolution_and_reopening_clears_it(client):
    insight = by_readable_id(client, "INSIGHT-104")
    path = SEC + "/insights/%s/status" % insight["id"]
    for body, code in (({"status": "closed"}, "insight.resolution.required"),
                       ({"status": "closed", "resolution": "Bogus"}, "insight.resolution.invalid"),
                       ({"status": "done"}, "insight.status.invalid"),
                       ({}, "insight.status.required")):
        with pytest.raises(SumoApiError) as info:
            client.put(path, body)
        assert info.value.status == 400 and info.value.code == code
    assert data(client.get(SEC + "/insights/" + insight["id"]))["status"]["name"] == "new"
    closed = data(client.put(path, {"status": "closed", "resolution": "False Positive"}))
    assert closed["resolution"] == "False Positive" and closed["closed"] and closed["closedBy"]
    reopened = data(client.put(path, {"status": "new", "resolution": "Resolved"}))
    assert reopened["status"]["name"] == "new"
    assert reopened["resolution"] is None and reopened["closed"] is None and reopened["closedBy"] is None


def test_assignee(client):
    insight = by_readable_id(client, "INSIGHT-106")
    path = SEC + "/insights/%s/assignee" % insight["id"]
    after = data(client.put(path, {"assignee": {"type": "USER", "value": "soc.analyst@example.com"}}))
    assert after["assignedTo"] == "soc.analyst@example.com"
    assert after["assignee"]["username"] == "soc.analyst@example.com"
    found = data(client.get(SEC + "/insights", params={"q": 'assignee:"soc.analyst@example.com"'}))["objects"]
    assert "INSIGHT-106" in readable_ids(found)
    team = data(client.put(path, {"assignee": {"type": "TEAM", "value": "Tier 2"}}))
    assert team["assignee"] == {"name": "Tier 2"} and team["assignedTo"] is None and team["teamAssignedTo"] == "Tier 2"
    for bad in ({"assignee": {"type": "USER", "value": "not-an-email"}}, {"assignee": {"type": "ROBOT", "value": "x"}},
                {"assignee": "x@example.com"}, {}):
        with pytest.raises(SumoApiError) as info:
            client.put(path, bad)
        assert info.value.status == 400
    cleared = data(client.delete(path))
    assert cleared["assignee"] is None and cleared["assignedTo"] is None and cleared["teamAssignedTo"] is None


def test_comments(client):
    insight = by_readable_id(client, "INSIGHT-102")
    path = SEC + "/insights/%s/comments" % insight["id"]
    assert data(client.get(path)) == {"comments": []}
    added = data(client.post(path, {"body": "scanner, closing"}))
    assert added["body"] == "scanner, closing" and added["id"] and added["timestamp"] and added["author"]["username"]
    assert [c["body"] for c in data(client.get(path + "/"))["comments"]] == ["scanner, closing"]
    with pytest.raises(SumoApiError) as info:
        client.post(path, {"body": " "})
    assert info.value.status == 400


def test_json_content_type_on_get_and_delete_with_empty_body(emulator, client):
    insight = by_readable_id(client, "INSIGHT-103")
    session = requests.Session()
    session.auth = (emulator.access_id, emulator.access_key)
    session.headers["Content-Type"] = "application/json"
    base = emulator.url + SEC
    assert session.get(base + "/insights/all").status_code == 200
    assert session.get(base + "/insights/" + insight["id"], data="").status_code == 200
    assert session.delete(base + "/insights/%s/assignee" % insight["id"], data="").json()["data"]["assignee"] is None
    put = session.put(base + "/insights/%s/status" % insight["id"], params={"status": "new"}, data="")
    assert put.status_code == 200 and put.json()["data"]["status"]["name"] == "new"
    bad = session.put(base + "/insights/%s/status" % insight["id"], data="{not json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == "request.body.invalid"


def test_statuses_and_resolutions(client):
    statuses = data(client.get(SEC + "/insight-status"))
    assert [s["name"] for s in statuses] == ["new", "inprogress", "closed"]
    assert data(client.get(SEC + "/insight-status/closed"))["displayName"] == "Closed"
    resolutions = data(client.get(SEC + "/insight-resolutions"))
    assert [r["name"] for r in resolutions["objects"]] == ["Resolved", "False Positive", "No Action", "Duplicate"]
    assert resolutions["total"] == 4 and not resolutions["hasNextPage"]
    assert data(client.get(SEC + "/insight-resolutions/2"))["name"] == "False Positive"


def test_unknown_insight_is_a_404_in_the_cse_shape(client):
    with pytest.raises(SumoApiError) as info:
        client.put(SEC + "/insights/00000000-0000-0000-0000-000000000000/status", {"status": "new"})
    assert info.value.status == 404


def test_empty_seed_has_no_insights(client, control):
    control.reset("empty")
    assert data(client.get(SEC + "/insights")) == {"objects": [], "total": 0, "hasNextPage": False}
    assert data(client.get(SEC + "/insights/all")) == {"objects": [], "nextPageToken": None}
    assert len(data(client.get(SEC + "/insight-status"))) == 3


def test_concurrent_edit_fault_finds_the_insight(client, control):
    insight = by_readable_id(client, "INSIGHT-101")
    control.fault(action="concurrent_edit", method="GET", path="/api/sec/v1/insights/[^/]+$",
                  patch={"name": "edited meanwhile {n}"})
    assert data(client.get(SEC + "/insights/" + insight["id"]))["name"] == "edited meanwhile 0"


# -- time ranges on created, as the description documents them ----------------------------------------------

def _control(emulator, method, path, body=None):
    return requests.request(method, emulator.control + "/insights" + path, json=body, timeout=10)


@pytest.mark.parametrize("op, included", [(">=", ["INSIGHT-2001", "INSIGHT-2002", "INSIGHT-2003"]),
                                          (">", ["INSIGHT-2003"]),
                                          ("<=", ["INSIGHT-2001", "INSIGHT-2002"]),
                                          ("<", [])])
def test_created_bounds_compare_to_the_microsecond(emulator, client, control, op, included):
    control.reset("empty")
    for number, created in ((2001, "2026-11-23T10:15:00.123456Z"), (2002, "2026-11-23T10:15:00.123456Z"),
                            (2003, "2026-11-23T10:15:00.123457Z")):
        assert _control(emulator, "POST", "", {"name": "n%d" % number, "number": number,
                                               "created": created}).status_code == 200
    for bound in ("2026-11-23T10:15:00.123456+00:00", "2026-11-23T10:15:00.123456Z",
                  "2026-11-23T11:15:00.123456+01:00"):
        found = data(client.get(SEC + "/insights", params={"q": "created:%s%s" % (op, bound), "limit": 100}))
        assert readable_ids(found["objects"]) == included, bound


def test_created_ranges_are_inclusive(emulator, client, control):
    control.reset("empty")
    for number, created in ((1, "2026-11-23T10:00:00Z"), (2, "2026-11-23T11:00:00Z"), (3, "2026-11-23T12:00:00Z")):
        _control(emulator, "POST", "", {"name": "n", "number": number, "created": created})
    q = "created:2026-11-23T10:00:00+00:00..2026-11-23T11:00:00+00:00"
    assert readable_ids(data(client.get(SEC + "/insights", params={"q": q}))["objects"]) == ["INSIGHT-1", "INSIGHT-2"]


def test_last_updated_is_not_a_query_field(client):
    # The description lists the q fields; lastUpdated is not one: an update time cannot be queried.
    with pytest.raises(SumoApiError) as info:
        client.get(SEC + "/insights", params={"q": "lastUpdated:>2026-01-01T00:00:00+00:00"})
    assert info.value.status == 400 and info.value.code == "query.invalid" and "lastUpdated" in info.value.message


# -- the control API: insights arriving, analysts at work ---------------------------------------------------------

def test_control_adds_an_insight_as_cloud_siem_raises_one(emulator, api, client):
    resp = _control(emulator, "POST", "", {"name": "Exfiltration over DNS", "severity": "HIGH",
                                           "tags": ["_mitreAttackTactic:TA0010"],
                                           "entity": {"type": "_hostname", "value": "db-01"}})
    assert resp.status_code == 200
    added = resp.json()["insight"]
    assert added["readableId"] == "INSIGHT-109"  # after the demo's INSIGHT-108
    assert added["status"]["name"] == "new" and added["severity"] == "HIGH"
    assert added["created"] == added["lastUpdated"]
    listed = api.get(SEC + "/insights", params={"q": 'readableId:"INSIGHT-109"'})
    assert_matches(listed.json(), "insights.json#/$defs/GetInsightsResponse")
    assert listed.json()["data"]["objects"][0]["entity"]["hostname"] == "db-01"
    newest = data(client.get(SEC + "/insights", params={"limit": 1}))["objects"][0]
    assert newest["id"] == added["id"]
    assert _control(emulator, "POST", "", {"name": "again", "number": 109}).status_code == 409


@pytest.mark.parametrize("body, words", [
    ({}, "needs a name"),
    ({"name": "x", "severity": "SEVERE"}, "severity"),
    ({"name": "x", "status": "closed"}, "resolution"),
    ({"name": "x", "created": "yesterday"}, "created"),
    ({"name": "x", "colour": "red"}, "unknown key"),
    ({"name": "x", "confidence": 2}, "confidence"),
])
def test_control_refuses_a_bad_new_insight(emulator, body, words):
    resp = _control(emulator, "POST", "", body)
    assert resp.status_code == 400 and words in resp.json()["error"]


def test_an_analyst_changes_status_assignee_and_severity(emulator, client):
    before = by_readable_id(client, "INSIGHT-101")
    resp = _control(emulator, "PATCH", "/INSIGHT-101", {"status": "inprogress", "assignee": "soc.lead@example.com",
                                                        "severity": "HIGH"})
    assert resp.status_code == 200
    after = by_readable_id(client, "INSIGHT-101")
    assert after["status"]["name"] == "inprogress" and after["assignedTo"] == "soc.lead@example.com"
    assert after["severity"] == "HIGH" and after["lastUpdated"] > before["lastUpdated"]
    assert after["lastUpdatedBy"] == "soc.analyst@example.com"
    closed = _control(emulator, "PATCH", "/" + after["id"], {"status": "closed", "resolution": "Resolved",
                                                             "assignee": None, "by": "lead@example.com"})
    assert closed.json()["insight"]["closedBy"] == "lead@example.com"
    assert closed.json()["insight"]["assignee"] is None
    # A refused change changes nothing.
    refused = _control(emulator, "PATCH", "/INSIGHT-102", {"severity": "LOW", "status": "done"})
    assert refused.status_code == 400 and by_readable_id(client, "INSIGHT-102")["severity"] == "MEDIUM"
    assert _control(emulator, "PATCH", "/INSIGHT-999", {"severity": "LOW"}).status_code == 404


def test_control_deletes_an_insight(emulator, client):
    insight = by_readable_id(client, "INSIGHT-108")
    assert _control(emulator, "DELETE", "/" + insight["id"]).json() == {"deleted": insight["id"]}
    assert client.get_or_none(SEC + "/insights/" + insight["id"]) is None
