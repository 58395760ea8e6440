# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's dashboards (New): CRUD, what the API fills in, validation, paging, and the dashboard
as a content item. Every answer is checked against ``schemas/dashboards.json`` (``lib``)."""

from __future__ import annotations

import copy
import re

import pytest

from ansible_collections.community.sumologic.tests.unit.emulator.library_answers import ROUTES, LibraryApi, refused

ME = "/Library/Users/admin@example.com"
AR = "/Library/Admin Recommended"
HEX16 = re.compile(r"^[0-9A-F]{16}$")
LAST_HOUR = {"type": "BeginBoundedTimeRange", "from": {"type": "RelativeTimeRangeBoundary", "relativeTime": "-1h"}}
FULL = {
    "title": "Checkout", "description": "The checkout service", "refreshInterval": 60, "theme": "Dark",
    "domain": "app", "hierarchies": ["Service View"], "isPublic": False, "highlightViolations": True,
    "timeRange": LAST_HOUR,
    "topologyLabelMap": {"data": {"service": ["checkout"]}},
    "panels": [
        {"key": "errors", "panelType": "SumoSearchPanel", "title": "Errors",
         "queries": [{"queryKey": "A", "queryType": "Logs", "queryString": "_sourceCategory=checkout error | count"},
                     {"queryKey": "B", "queryType": "Metrics", "queryString": "metric=errors",
                      "metricsQueryMode": "Basic",
                      "metricsQueryData": {"metric": "errors", "filters": [{"key": "service", "value": "checkout"}]}}],
         "coloringRules": [{"scope": "A", "singleSeriesAggregateFunction": "Average",
                            "multipleSeriesAggregateFunction": "Average",
                            "colorThresholds": [{"color": "FF0000", "min": 10}]}],
         "linkedDashboards": [{"id": "other", "relativePath": "./other"}]},
        {"key": "notes", "panelType": "TextPanel", "text": "Page #checkout"},
        {"key": "map", "panelType": "ServiceMapPanel", "service": "checkout", "showRemoteServices": True},
    ],
    "layout": {"layoutType": "Grid", "layoutStructures": [
        {"key": "errors", "structure": "{\"height\":5,\"width\":9,\"x\":0,\"y\":0}"},
        {"key": "notes", "structure": "{\"height\":5,\"width\":3,\"x\":9,\"y\":0}"}]},
    "variables": [
        {"name": "env", "sourceDefinition": {"variableSourceType": "CsvVariableSourceDefinition", "values": "prod,dev"}},
        {"name": "host", "displayName": "Host", "defaultValue": "*", "allowMultiSelect": True, "valueType": "String",
         "sourceDefinition": {"variableSourceType": "LogQueryVariableSourceDefinition",
                              "query": "_sourceCategory=checkout | count by _sourceHost", "field": "_sourceHost"}}],
}


@pytest.fixture
def lib(emulator, control):
    return LibraryApi(emulator)


def create(lib, **body):
    body.setdefault("timeRange", LAST_HOUR)
    return lib.ok(lib.post("/v2/dashboards", body))


def by_title(lib, title, mode="allViewableByUser"):
    found = [d for d in lib.ok(lib.get("/v2/dashboards", params={"mode": mode, "limit": 100}))["dashboards"]
             if d["title"] == title]
    assert len(found) == 1, found
    return found[0]


def test_the_demo_dashboard(lib):
    listed = lib.ok(lib.get("/v2/dashboards"))
    assert [d["title"] for d in listed["dashboards"]] == ["Service Overview"] and listed["next"] is None
    board = listed["dashboards"][0]
    assert len(board["id"]) == 60 and board["id"].isalnum()
    assert lib.ok(lib.get("/v2/dashboards/" + board["id"])) == board
    item = lib.item(ME + "/Team/Service Overview")
    assert (item["id"], item["itemType"], item["parentId"]) == (board["contentId"], "Dashboard", board["folderId"])
    assert board["theme"] == "Dark" and board["refreshInterval"] == 300


def test_create_fills_in_the_described_defaults(lib):
    board = create(lib, title="Minimal")
    personal = lib.personal()
    assert board["folderId"] == personal["id"]   # "By default it is saved in your personal folder"
    assert {key: board[key] for key in ("description", "topologyLabelMap", "domain", "hierarchies", "refreshInterval",
                                        "panels", "variables", "theme", "isPublic", "highlightViolations", "layout")} == {
        "description": "", "topologyLabelMap": {"data": {}}, "domain": "", "hierarchies": [], "refreshInterval": 0,
        "panels": [], "variables": [], "theme": "Light", "isPublic": False, "highlightViolations": False,
        "layout": {"layoutType": "Grid", "layoutStructures": []}}
    assert board["timeRange"] == dict(LAST_HOUR, to=None)
    assert HEX16.match(board["contentId"]) and "Minimal" in [c["name"] for c in lib.personal()["children"]]


def test_panel_and_variable_ids_and_defaults(lib):
    board = create(lib, **copy.deepcopy(FULL))
    errors, notes, service_map = board["panels"]
    assert all(HEX16.match(panel["id"]) for panel in board["panels"])
    assert len(set(panel["id"] for panel in board["panels"])) == 3
    assert errors["keepVisualSettingsConsistentWithParent"] is True
    logs, metrics = errors["queries"]
    assert (logs["parseMode"], logs["timeSource"], logs["transient"], logs["outputCardinalityLimit"]) == \
        ("Auto", "Message", False, 1000)
    assert "parseMode" not in metrics and metrics["transient"] is False
    assert errors["linkedDashboards"] == [{"id": "other", "relativePath": "./other", "includeTimeRange": True,
                                           "includeVariables": True}]
    env, host = board["variables"]
    assert HEX16.match(env["id"]) and env["id"] != host["id"]
    assert (env["allowMultiSelect"], env["includeAllOption"], env["hideFromUI"], env["valueType"]) == \
        (False, True, False, "Any")
    assert (host["allowMultiSelect"], host["valueType"]) == (True, "String")
    assert service_map["showRemoteServices"] is True and notes["text"] == "Page #checkout"


def test_put_keeps_ids_by_key_and_sending_the_answer_back_changes_nothing(lib):
    board = create(lib, **copy.deepcopy(FULL))
    path = "/v2/dashboards/" + board["id"]
    item = lib.item(ME + "/Checkout")
    # The GET answer sent back as it is (server-set keys included): no change at all.
    same = lib.ok(lib.put(path, board))
    assert same == board and lib.item(ME + "/Checkout")["modifiedAt"] == item["modifiedAt"]
    # Without the ids: the panels keep theirs (by key), the variables theirs (by name).
    body = copy.deepcopy(FULL)
    body["panels"][1]["text"] = "Page #payments"
    body["panels"][2]["key"] = "map2"
    body["variables"][0]["name"] = "ENV"
    updated = lib.ok(lib.put(path, body))
    assert [p["id"] for p in updated["panels"]][:2] == [p["id"] for p in board["panels"]][:2]
    assert updated["panels"][2]["id"] != board["panels"][2]["id"]
    assert updated["variables"][0]["id"] == board["variables"][0]["id"]
    assert updated["panels"][1]["text"] == "Page #payments"
    # A PUT replaces: what is left out goes back to its default.
    bare = lib.ok(lib.put(path, {"title": "Checkout", "timeRange": LAST_HOUR}))
    assert (bare["panels"], bare["domain"], bare["theme"]) == ([], "", "Light")
    assert lib.ok(lib.get(path)) == bare


def test_folders_and_titles(lib):
    team = lib.item(ME + "/Team")
    board = create(lib, title="Team board", folderId=team["id"])
    assert board["folderId"] == team["id"] and lib.item(ME + "/Team/Team board")["id"] == board["contentId"]
    refused(lib.post("/v2/dashboards", {"title": "team BOARD", "timeRange": LAST_HOUR, "folderId": team["id"]}), 400,
            "content:duplicate_content")
    refused(lib.post("/v2/dashboards", {"title": "x", "timeRange": LAST_HOUR, "folderId": "0000000000000042"}), 404,
            "content:content_not_found")
    recommended = lib.admin.item(AR)
    refused(lib.post("/v2/dashboards", {"title": "x", "timeRange": LAST_HOUR, "folderId": recommended["id"]}), 404,
            "content:content_not_found")
    shared = lib.ok(lib.admin.post("/v2/dashboards", {"title": "Org board", "timeRange": LAST_HOUR,
                                                      "folderId": recommended["id"]}))
    # Outside the caller's reach without admin mode.
    refused(lib.get("/v2/dashboards/" + shared["id"]), 404, "dashboard:not_found")
    assert lib.ok(lib.admin.get("/v2/dashboards/" + shared["id"]))["title"] == "Org board"
    # A PUT with another folderId moves the dashboard; another title renames its content item.
    runbooks = lib.item(ME + "/Team/Runbooks")
    moved = lib.ok(lib.put("/v2/dashboards/" + board["id"], {"title": "Runbook board", "timeRange": LAST_HOUR,
                                                             "folderId": runbooks["id"]}))
    assert moved["folderId"] == runbooks["id"]
    assert lib.item(ME + "/Team/Runbooks/Runbook board")["id"] == board["contentId"]
    # Left out, the folder stays.
    assert lib.ok(lib.put("/v2/dashboards/" + board["id"], {"title": "Runbook board", "timeRange": LAST_HOUR}))[
        "folderId"] == runbooks["id"]
    create(lib, title="Taken", folderId=runbooks["id"])
    refused(lib.put("/v2/dashboards/" + board["id"], {"title": "Taken", "timeRange": LAST_HOUR}), 400,
            "content:duplicate_content")


def with_change(path, value):
    body = copy.deepcopy(FULL)
    holder = body
    for key in path[:-1]:
        holder = holder[key]
    if value is KeyError:
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    return body


@pytest.mark.parametrize("body, field", [
    (with_change(("title",), KeyError), "title"),
    (with_change(("title",), ""), "title"),
    (with_change(("title",), "t" * 256), "title"),
    (with_change(("timeRange",), KeyError), "timeRange"),
    (with_change(("timeRange",), {"type": "CompleteLiteralTimeRange", "rangeName": "last_year"}), "timeRange.rangeName"),
    (with_change(("timeRange", "from", "relativeTime"), "an hour ago"), "timeRange.from.relativeTime"),
    (with_change(("timeRange", "from"), {"type": "EpochTimeRangeBoundary", "epochMillis": "now"}),
     "timeRange.from.epochMillis"),
    (with_change(("timeRange", "from"), {"type": "Iso8601TimeRangeBoundary", "iso8601Time": "yesterday"}),
     "timeRange.from.iso8601Time"),
    (with_change(("refreshInterval",), 45), "refreshInterval"),
    (with_change(("theme",), "Blue"), "theme"),
    (with_change(("hierarchies",), ["h"] * 21), "hierarchies"),
    (with_change(("panels", 0, "key"), KeyError), "panels[0].key"),
    (with_change(("panels", 1, "key"), "errors"), "panels[1].key"),
    (with_change(("panels", 0, "panelType"), "PieChartPanel"), "panels[0].panelType"),
    (with_change(("panels", 0, "queries"), KeyError), "panels[0].queries"),
    (with_change(("panels", 0, "queries", 0, "queryType"), "SQL"), "panels[0].queries[0].queryType"),
    (with_change(("panels", 0, "queries", 1, "queryKey"), "A"), "panels[0].queries[1].queryKey"),
    (with_change(("panels", 0, "queries", 0, "outputCardinalityLimit"), 3001),
     "panels[0].queries[0].outputCardinalityLimit"),
    (with_change(("panels", 1, "text"), KeyError), "panels[1].text"),
    (with_change(("panels", 1, "queries"), []), "panels[1].queries"),
    (with_change(("layout", "layoutType"), "Tabs"), "layout.layoutType"),
    (with_change(("layout", "layoutStructures", 0, "key"), "nope"), "layout.layoutStructures[0].key"),
    (with_change(("layout", "layoutStructures", 0, "structure"), "height=5"), "layout.layoutStructures[0].structure"),
    (with_change(("variables", 1, "name"), "ENV"), "variables[1].name"),
    (with_change(("variables", 0, "sourceDefinition"), {"variableSourceType": "CsvVariableSourceDefinition"}),
     "variables[0].sourceDefinition.values"),
    (with_change(("variables", 0, "valueType"), "Text"), "variables[0].valueType"),
    (with_change(("topologyLabelMap",), {"data": {"service": "checkout"}}), "topologyLabelMap.data.service"),
    (with_change(("color",), "blue"), "color"),
    (with_change(("contentId",), "000000000000AAAA"), "contentId"),
])
def test_bad_dashboards(lib, body, field):
    error = refused(lib.post("/v2/dashboards", body), 400, "api:invalid_field")
    assert error["message"] == "Invalid value for %s" % field


def test_unknown_dashboards(lib):
    for resp in (lib.get("/v2/dashboards/nope"), lib.put("/v2/dashboards/nope", {"title": "x", "timeRange": LAST_HOUR}),
                 lib.delete("/v2/dashboards/nope")):
        refused(resp, 404, "dashboard:not_found")
    board = by_title(lib, "Service Overview")
    refused(lib.put("/v2/dashboards/" + board["id"], dict(board, id="another")), 400, "api:invalid_field")


def test_delete(lib):
    board = by_title(lib, "Service Overview")
    resp = lib.delete("/v2/dashboards/" + board["id"])
    assert resp.status_code == 204 and resp.content == b""
    refused(lib.get("/v2/dashboards/" + board["id"]), 404, "dashboard:not_found")
    refused(lib.get("/v2/content/path", params={"path": ME + "/Team/Service Overview"}), 404,
            "content:content_not_found")
    assert lib.ok(lib.get("/v2/dashboards"))["dashboards"] == []


def test_paging_and_modes(lib, control):
    control.reset(dashboards=120)
    seen, token, sizes = [], None, []
    while True:
        page = lib.ok(lib.get("/v2/dashboards", params={"token": token} if token else None))
        sizes.append(len(page["dashboards"]))
        seen.extend(d["id"] for d in page["dashboards"])
        token = page["next"]
        if not token:
            break
    assert sizes == [50, 50, 21] and len(set(seen)) == 121
    assert len(lib.ok(lib.get("/v2/dashboards", params={"limit": 100}))["dashboards"]) == 100
    refused(lib.get("/v2/dashboards", params={"limit": 101}), 400, "request.param.invalid")
    refused(lib.get("/v2/dashboards", params={"limit": 0}), 400, "request.param.invalid")
    refused(lib.get("/v2/dashboards", params={"token": "forged"}), 400, "api:invalid_token")
    token = lib.ok(lib.get("/v2/dashboards", params={"limit": 2}))["next"]
    refused(lib.get("/v2/dashboards", params={"token": token, "mode": "allViewableByUser"}), 400, "api:invalid_token")
    refused(lib.get("/v2/dashboards", params={"mode": "everything"}), 400, "api:invalid_field")


def test_created_by_user_and_all_viewable(lib, control):
    board = by_title(lib, "Service Overview")
    alice = lib.admin.item("/Library/Users/alice@example.com")
    # As if another user had made it: the dashboard's content item changes its creator.
    control.fault(action="concurrent_edit", method="GET", path="^/api/v2/content/%s/" % board["contentId"],
                  patch={"createdBy": alice["createdBy"]})
    lib.ok(lib.get("/v2/content/%s/path" % board["contentId"]))
    assert lib.ok(lib.get("/v2/dashboards"))["dashboards"] == []
    assert [d["title"] for d in lib.ok(lib.get("/v2/dashboards", params={"mode": "allViewableByUser"}))[
        "dashboards"]] == ["Service Overview"]


def test_a_dashboard_is_exported_and_imported_as_content(lib):
    board = create(lib, **copy.deepcopy(FULL))
    exported = lib.export(board["contentId"])
    assert exported["type"] == "DashboardV2SyncDefinition" and exported["name"] == exported["title"] == "Checkout"
    assert exported["theme"] == "dark"   # what the v2 API answers as Dark
    assert exported["panels"] == board["panels"] and exported["variables"] == board["variables"]
    assert exported["layout"] == board["layout"] and exported["coloringRules"] == []
    team = lib.item(ME + "/Team")
    copy_definition = dict(exported, name="Checkout copy")
    assert lib.import_(team["id"], copy_definition)["status"] == "Success"
    imported = [d for d in lib.ok(lib.get("/v2/dashboards", params={"limit": 100}))["dashboards"]
                if d["folderId"] == team["id"] and d["title"] == "Checkout"][0]
    assert imported["id"] != board["id"] and imported["theme"] == "dark"
    # New panels get new ids: the ids an export carries are not kept by an import.
    assert [p["id"] for p in imported["panels"]] != [p["id"] for p in board["panels"]]
    assert [dict(p, id=None) for p in imported["panels"]] == [dict(p, id=None) for p in board["panels"]]
    # The request-only fields are the defaults there.
    assert (imported["domain"], imported["hierarchies"], imported["highlightViolations"]) == ("", [], False)


def test_the_deprecated_mewboard_type_imports_as_a_dashboard(lib):
    personal = lib.personal()
    status = lib.import_(personal["id"], {"type": "MewboardSyncDefinition", "name": "Old style", "title": "Old"})
    assert status["status"] == "Success"
    exported = lib.export(lib.item(ME + "/Old style")["id"])
    assert exported["type"] == "DashboardV2SyncDefinition" and exported["theme"] == "light"
    assert exported["timeRange"] == {"type": "BeginBoundedTimeRange", "to": None,
                                     "from": {"type": "RelativeTimeRangeBoundary", "relativeTime": "-15m"}}


def test_concurrent_edit_fault_finds_the_dashboard(lib, control):
    board = by_title(lib, "Service Overview")
    control.fault(action="concurrent_edit", method="GET", path="^/api/v2/dashboards/", patch={"description": "v{n}"})
    assert lib.ok(lib.get("/v2/dashboards/" + board["id"]))["description"] == "v0"


def test_every_dashboard_route_answers_in_its_schema(lib):
    board = create(lib, **copy.deepcopy(FULL))
    lib.ok(lib.get("/v2/dashboards"))
    lib.ok(lib.get("/v2/dashboards/" + board["id"]))
    lib.ok(lib.put("/v2/dashboards/" + board["id"], dict(copy.deepcopy(FULL), title="Checkout 2")))
    lib.ok(lib.delete("/v2/dashboards/" + board["id"]), 204)
    routes = set(pattern for method, pattern, status, ref in ROUTES if pattern.startswith("/v2/dashboards"))
    answered = set(pattern for pattern, status in lib.seen if status < 300)
    assert routes <= answered, sorted(routes - answered)
