# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's content library: the tree and its paths, admin mode, jobs over polls, failed jobs,
export and import (with overwrite), delete, copy, move and permissions. Every answer is checked
against ``schemas/content.json`` (``lib``)."""

from __future__ import annotations

import copy
import re

import pytest

from ansible_collections.community.sumologic.tests.emulator.content import ORG_ID
from ansible_collections.community.sumologic.tests.unit.emulator.answer_schemas import departures
from ansible_collections.community.sumologic.tests.unit.emulator.library_answers import ROUTES, LibraryApi, refused

ME = "/Library/Users/admin@example.com"
AR = "/Library/Admin Recommended"
ALL = ["View", "GrantView", "Edit", "GrantEdit", "Manage", "GrantManage"]
HEX16 = re.compile(r"^[0-9A-F]{16}$")


@pytest.fixture
def lib(emulator, control):
    return LibraryApi(emulator)


def names(folder):
    return [child["name"] for child in folder["children"]]


def search_definition(name, query="_sourceCategory=app | count", **extra):
    definition = {"name": name, "type": "SavedSearchWithScheduleSyncDefinition", "description": "",
                  "search": {"queryText": query, "defaultTimeRange": "-15m", "byReceiptTime": False,
                             "queryParameters": []}}
    definition.update(extra)
    return definition


def _role(lib, name):
    import requests
    resp = requests.get(lib.emulator.url + "/v1/roles", auth=(lib.emulator.access_id, lib.emulator.access_key),
                        params={"name": name}, timeout=10)
    return [r for r in resp.json()["data"] if r["name"] == name][0]["id"]


def user_id(lib, email):
    import requests
    resp = requests.get(lib.emulator.url + "/v1/users", auth=(lib.emulator.access_id, lib.emulator.access_key),
                        params={"email": email}, timeout=10)
    return resp.json()["data"][0]["id"]


# -- the tree and its paths ---------------------------------------------------------------------------

def test_the_personal_folder_and_the_demo_tree(lib):
    personal = lib.personal()
    assert personal["name"] == "Ada Admin" and "(admin@example.com)" in personal["description"]
    assert personal["permissions"] == ALL and personal["createdBy"] == user_id(lib, "admin@example.com")
    assert names(personal) == ["Team", "Top sources"]
    assert lib.ok(lib.get("/v2/content/%s/path" % personal["id"])) == {"path": ME}
    team = lib.item(ME + "/Team")
    assert team["itemType"] == "Folder" and team["parentId"] == personal["id"]
    folder = lib.ok(lib.get("/v2/content/folders/" + team["id"]))
    assert names(folder) == ["Runbooks", "Errors last hour", "Service Overview", "hosts"]
    assert [child["itemType"] for child in folder["children"]] == ["Folder", "Search", "Dashboard", "Lookups"]
    assert folder["description"] == "What the team shares"
    for child in folder["children"]:
        assert HEX16.match(child["id"]) and child["parentId"] == team["id"]
        assert lib.ok(lib.get("/v2/content/%s/path" % child["id"]))["path"] == ME + "/Team/" + child["name"]
        assert lib.item(ME + "/Team/" + child["name"]) == child
    # Ids in paths are read regardless of case.
    assert lib.ok(lib.get("/v2/content/folders/" + team["id"].lower()))["id"] == team["id"]


@pytest.mark.parametrize("path, status, code", [
    (ME + "/Nope", 404, "content:content_not_found"),
    (ME + "/Team/", 404, "content:content_not_found"),
    (ME + "/Team/Errors last hour/below a search", 404, "content:content_not_found"),
    ("/Library/Users/nobody@example.com", 404, "content:content_not_found"),
    ("/Library/Elsewhere", 404, "content:content_not_found"),
    ("/Library", 404, "content:content_not_found"),
    ("/Library/Users", 404, "content:content_not_found"),
    ("/Users/admin@example.com", 400, "api:invalid_field"),
    ("", 400, "api:invalid_field"),
])
def test_paths_that_name_nothing(lib, path, status, code):
    refused(lib.get("/v2/content/path", params={"path": path}), status, code)


def test_names_match_regardless_of_case_in_paths_and_uniqueness(lib):
    assert lib.item(ME + "/team")["name"] == "Team"
    personal = lib.personal()
    error = refused(lib.post("/v2/content/folders", {"name": "TEAM", "parentId": personal["id"]}), 400,
                    "content:duplicate_content")
    assert ME in error["message"]


def test_unknown_and_malformed_ids(lib):
    refused(lib.get("/v2/content/folders/0000000000000042"), 404, "content:content_not_found")
    refused(lib.get("/v2/content/0000000000000001/path"), 404, "content:content_not_found")  # the Library root
    refused(lib.get("/v2/content/folders/not-an-id"), 400, "api:invalid_id")
    search = lib.item(ME + "/Top sources")
    refused(lib.get("/v2/content/folders/" + search["id"]), 400, "content:not_a_folder")


def test_admin_recommended_needs_admin_mode(lib):
    refused(lib.get("/v2/content/path", params={"path": AR}), 404, "content:content_not_found")
    recommended = lib.admin.item(AR)
    assert recommended["name"] == "Admin Recommended" and recommended["permissions"] == ALL
    refused(lib.get("/v2/content/folders/" + recommended["id"]), 404, "content:content_not_found")
    # As Terraform's provider users met it: creating inside without admin mode finds no such folder.
    error = refused(lib.post("/v2/content/folders", {"name": "X", "parentId": recommended["id"]}), 404,
                    "content:content_not_found")
    assert error["message"] == "Content with the given ID does not exist."
    made = lib.ok(lib.admin.post("/v2/content/folders", {"name": "Compliance", "parentId": recommended["id"]}))
    assert lib.admin.ok(lib.admin.get("/v2/content/%s/path" % made["id"]))["path"] == AR + "/Compliance"
    # Operations is shared with the whole organisation: visible, read only, without admin mode.
    operations = lib.item(AR + "/Operations")
    assert operations["permissions"] == ["View"]
    refused(lib.post("/v2/content/folders", {"name": "Mine", "parentId": operations["id"]}), 403,
            "content:insufficient_permissions")
    refused(lib.get("/v2/content/folders/personal", headers={"isAdminMode": "yes"}), 400, "api:invalid_header")
    assert lib.get("/v2/content/path", params={"path": AR}, headers={"isAdminMode": "FALSE"}).status_code == 404


def test_other_users_folders_need_admin_mode_or_a_share(lib):
    notes = ME.replace("admin@", "alice@") + "/Alice Notes"
    refused(lib.get("/v2/content/path", params={"path": notes}), 404, "content:content_not_found")
    item = lib.admin.item(notes)
    alice = lib.admin.item("/Library/Users/alice@example.com")
    assert alice["name"] == "Alice Analyst" and alice["createdBy"] == user_id(lib, "alice@example.com")
    # Shared with the caller's role, the folder is visible without admin mode, with what the share grants.
    administrator = _role(lib, "Administrator")
    lib.ok(lib.admin.put("/v2/content/%s/permissions/add" % item["id"], {
        "contentPermissionAssignments": [{"permissionName": "View", "sourceType": "role", "sourceId": administrator,
                                          "contentId": item["id"]}],
        "notifyRecipients": False, "notificationMessage": ""}))
    seen = lib.item(notes)
    assert seen["permissions"] == ["View"]
    below = lib.item(notes + "/Login failures")
    assert below["permissions"] == ["View"]   # inherited
    refused(lib.post("/v2/content/folders", {"name": "Mine", "parentId": item["id"]}), 403,
            "content:insufficient_permissions")
    refused(lib.delete("/v2/content/%s/delete" % item["id"]), 403, "content:insufficient_permissions")


def test_empty_seed_has_the_callers_personal_folder_and_admin_recommended(lib, control):
    control.reset("empty")
    personal = lib.personal()
    assert personal["children"] == [] and lib.item(ME)["id"] == personal["id"]
    assert lib.admin.ok(lib.admin.get("/v2/content/folders/" + lib.admin.item(AR)["id"]))["children"] == []


# -- folders -------------------------------------------------------------------------------------------

def test_create_and_update_a_folder(lib):
    personal = lib.personal()
    made = lib.ok(lib.post("/v2/content/folders", {"name": "Reports", "description": "Monthly",
                                                   "parentId": personal["id"]}))
    assert (made["name"], made["description"], made["children"], made["permissions"]) == ("Reports", "Monthly", [], ALL)
    assert made["createdAt"] == made["modifiedAt"] and made["parentId"] == personal["id"]
    assert "Reports" in names(lib.personal())
    renamed = lib.ok(lib.put("/v2/content/folders/" + made["id"], {"name": "Monthly reports", "description": "x"}))
    assert (renamed["name"], renamed["description"]) == ("Monthly reports", "x")
    assert renamed["modifiedAt"] >= made["modifiedAt"] and renamed["createdAt"] == made["createdAt"]
    # A PUT replaces: the description left out is cleared.
    assert lib.ok(lib.put("/v2/content/folders/" + made["id"], {"name": "Monthly reports"}))["description"] == ""
    unchanged = lib.ok(lib.put("/v2/content/folders/" + made["id"], {"name": "Monthly reports", "description": ""}))
    assert unchanged["modifiedAt"] == lib.ok(lib.get("/v2/content/folders/" + made["id"]))["modifiedAt"]
    refused(lib.put("/v2/content/folders/" + made["id"], {"name": "Team"}), 400, "content:duplicate_content")
    refused(lib.put("/v2/content/folders/" + personal["id"], {"name": "Mine"}), 400, "content:system_folder")
    refused(lib.put("/v2/content/folders/" + made["id"], {"name": "y", "parentId": personal["id"]}), 400,
            "api:invalid_field")


@pytest.mark.parametrize("body, field", [
    ({"description": "no name"}, "name"),
    ({"name": ""}, "name"),
    ({"name": "n" * 129}, "name"),
    ({"name": "a/b"}, "name"),
    ({"name": "ok", "description": "d" * 256}, "description"),
    ({"name": "ok"}, "parentId"),
    ({"name": "ok", "id": "0000000000000001"}, "id"),
])
def test_bad_folders(lib, body, field):
    body = dict(body)
    if field != "parentId":
        body.setdefault("parentId", lib.personal()["id"])
    error = refused(lib.post("/v2/content/folders", body), 400, "api:invalid_field")
    assert field in error["message"]


def test_the_longest_names(lib):
    personal = lib.personal()
    made = lib.ok(lib.post("/v2/content/folders", {"name": "n" * 128, "description": "d" * 255,
                                                   "parentId": personal["id"]}))
    assert made["name"] == "n" * 128


def test_a_folder_inside_a_search_is_refused(lib):
    search = lib.item(ME + "/Top sources")
    refused(lib.post("/v2/content/folders", {"name": "x", "parentId": search["id"]}), 400, "content:not_a_folder")


# -- asynchronous jobs ----------------------------------------------------------------------------------

def test_jobs_advance_over_polls(lib, control):
    control.reset(content_job_polls=3)
    team = lib.item(ME + "/Team")
    job = lib.ok(lib.post("/v2/content/%s/export" % team["id"]))["id"]
    assert HEX16.match(job)
    result = "/v2/content/%s/export/%s/result" % (team["id"], job)
    refused(lib.get(result), 400, "content:job_not_done")
    statuses, last = lib.poll("/v2/content/%s/export/%s/status" % (team["id"], job))
    assert statuses == ["InProgress", "InProgress", "InProgress", "Success"]
    assert last == {"status": "Success", "statusMessage": ""}
    assert lib.ok(lib.get(result))["name"] == "Team"
    # A finished job stays finished.
    assert lib.ok(lib.get("/v2/content/%s/export/%s/status" % (team["id"], job)))["status"] == "Success"
    lib.control("POST", "/content/jobs", {"polls": 0})
    job = lib.ok(lib.post("/v2/content/%s/export" % team["id"]))["id"]
    assert lib.poll("/v2/content/%s/export/%s/status" % (team["id"], job))[0] == ["Success"]
    assert lib.control("GET", "/content/jobs")["polls"] == 0


def test_unknown_jobs_are_404(lib):
    team = lib.item(ME + "/Team")
    refused(lib.get("/v2/content/%s/export/C03E086C137F38B4/status" % team["id"]), 404, "content:job_not_found")
    job = lib.ok(lib.post("/v2/content/%s/export" % team["id"]))["id"]
    other = lib.item(ME + "/Top sources")
    # A job is found only under its own item and its own kind.
    refused(lib.get("/v2/content/%s/export/%s/status" % (other["id"], job)), 404, "content:job_not_found")
    refused(lib.get("/v2/content/%s/delete/%s/status" % (team["id"], job)), 404, "content:job_not_found")
    refused(lib.get("/v2/content/folders/global/%s/status" % job), 404, "content:job_not_found")
    refused(lib.get("/v1/lookupTables/jobs/%s/status" % job), 404, "lookup:job_not_found")


def test_a_failed_job_answers_its_error_and_changes_nothing(lib):
    personal = lib.personal()
    lib.control("POST", "/content/fail-next", {"kind": "import", "code": "content:import_failed",
                                               "message": "Storage is unavailable"})
    status = lib.import_(personal["id"], search_definition("Will fail"))
    assert status == {"status": "Failed", "error": {"code": "content:import_failed",
                                                    "message": "Storage is unavailable"}}
    refused(lib.get("/v2/content/path", params={"path": ME + "/Will fail"}), 404, "content:content_not_found")
    # Armed once: the next import works.
    assert lib.import_(personal["id"], search_definition("Will work"))["status"] == "Success"
    # A failed export has no result; a failed delete deletes nothing.
    team = lib.item(ME + "/Team")
    lib.control("POST", "/content/fail-next", {"kind": "any", "count": 2})
    job = lib.ok(lib.post("/v2/content/%s/export" % team["id"]))["id"]
    dummy, status = lib.poll("/v2/content/%s/export/%s/status" % (team["id"], job))
    assert status["status"] == "Failed" and status["error"]["code"] == "content:job_failed"
    refused(lib.get("/v2/content/%s/export/%s/result" % (team["id"], job)), 400, "content:job_failed")
    assert lib.delete_item(team["id"])["status"] == "Failed"
    assert lib.item(ME + "/Team")["id"] == team["id"]
    assert lib.control("GET", "/content/jobs")["failures"] == []
    lib.control("POST", "/content/fail-next", {"kind": "delete"})
    lib.control("DELETE", "/content/fail-next")
    assert lib.delete_item(team["id"])["status"] == "Success"


def test_an_import_over_an_existing_name_fails_without_overwrite(lib):
    personal = lib.personal()
    status = lib.import_(personal["id"], search_definition("Top sources"))
    assert status["status"] == "Failed" and status["error"]["code"] == "content:duplicate_content"
    assert "Top sources" in status["error"]["message"]


def test_global_view(lib):
    statuses, dummy = lib.poll("/v2/content/folders/global/%s/status" % lib.ok(lib.get("/v2/content/folders/global"))["id"])
    assert statuses == ["InProgress", "Success"]
    job = lib.ok(lib.get("/v2/content/folders/global"))["id"]
    lib.poll("/v2/content/folders/global/%s/status" % job)
    mine = lib.ok(lib.get("/v2/content/folders/global/%s/result" % job))["data"]
    # Without admin mode: the caller's personal folder, and what others share with the caller at its top.
    assert [item["name"] for item in mine] == ["Ada Admin", "Operations"]
    job = lib.admin.ok(lib.admin.get("/v2/content/folders/global"))["id"]
    refused(lib.get("/v2/content/folders/global/%s/result" % job), 400, "content:job_not_done")
    lib.poll("/v2/content/folders/global/%s/status" % job)
    every = lib.ok(lib.get("/v2/content/folders/global/%s/result" % job))["data"]
    # In admin mode: every user's personal folder.
    assert [item["name"] for item in every] == ["Ada Admin", "Alice Analyst", "Bob Builder", "Carol Locked",
                                                "Dave Departed"]
    assert all(item["itemType"] == "Folder" and item["permissions"] == ALL for item in every)


def test_admin_recommended_listing(lib):
    recommended = lib.admin.item(AR)
    lib.ok(lib.admin.post("/v2/content/folders", {"name": "Private", "parentId": recommended["id"]}))
    job = lib.admin.ok(lib.admin.get("/v2/content/folders/adminRecommended"))["id"]
    lib.poll("/v2/content/folders/adminRecommended/%s/status" % job)
    folder = lib.ok(lib.get("/v2/content/folders/adminRecommended/%s/result" % job))
    assert folder["id"] == recommended["id"] and names(folder) == ["Operations", "Private"]
    job = lib.ok(lib.get("/v2/content/folders/adminRecommended"))["id"]
    lib.poll("/v2/content/folders/adminRecommended/%s/status" % job)
    assert names(lib.ok(lib.get("/v2/content/folders/adminRecommended/%s/result" % job))) == ["Operations"]


# -- export and import ------------------------------------------------------------------------------------

FOLDER = {
    "children": [
        {"type": "SavedSearchWithScheduleSyncDefinition", "name": "Slow requests", "description": "p99 over 2s",
         "search": {"queryText": "_sourceCategory=web | where latency > 2000", "defaultTimeRange": "-1h",
                    "byReceiptTime": True, "queryParameters": [
                        {"name": "svc", "label": "Service", "description": "", "dataType": "STRING",
                         "value": "web", "autoComplete": {"autoCompleteType": "SKIP_AUTOCOMPLETE"}}]},
         "searchSchedule": {"scheduleType": "Custom", "cronExpression": "0 0/15 * * * ? *", "timeZone": "UTC",
                            "parseableTimeRange": {"type": "BeginBoundedTimeRange",
                                                   "from": {"type": "RelativeTimeRangeBoundary",
                                                            "relativeTime": "-15m"}},
                            "threshold": {"operator": "gt", "count": 10},
                            "notification": {"taskType": "WebhookSearchNotificationSyncDefinition",
                                             "webhookId": "0000000000000A01"}}},
        {"name": "Latency", "type": "DashboardV2SyncDefinition", "title": "Latency board", "theme": "Dark",
         "timeRange": {"type": "CompleteLiteralTimeRange", "rangeName": "today"},
         "panels": [{"panelType": "SumoSearchPanel", "key": "p1", "title": "p99",
                     "queries": [{"queryKey": "A", "queryType": "Metrics", "queryString": "metric=latency"}]}],
         "layout": {"layoutType": "Grid", "layoutStructures": [{"key": "p1", "structure": "{\"x\":0,\"y\":0}"}]}},
        {"type": "LookupTableSyncDefinition", "name": "owners", "description": "Service owners",
         "fields": [{"fieldName": "service", "fieldType": "string"}, {"fieldName": "owner", "fieldType": "string"}],
         "primaryKeys": ["service"]},
        {"type": "FolderSyncDefinition", "name": "Empty", "children": []},
    ],
    "description": "Imported", "name": "Imported", "type": "FolderSyncDefinition",
}


def without_additions(definition):
    """The definition without what the API adds (what a client normalises away)."""
    definition = copy.deepcopy(definition)
    kind = definition["type"]
    if kind == "FolderSyncDefinition":
        definition["children"] = [without_additions(child) for child in definition["children"]]
        if definition.get("description") == "":
            del definition["description"]
    if kind == "SavedSearchWithScheduleSyncDefinition":
        search = definition["search"]
        for key, added in (("viewName", ""), ("viewStartTime", "1970-01-01T00:00:00Z"), ("parsingMode", "Manual")):
            if search.get(key) == added:
                del search[key]
        schedule = definition.get("searchSchedule")
        if schedule is None:
            definition.pop("searchSchedule", None)
        else:
            schedule.pop("displayableTimeRange", None)
            schedule["parseableTimeRange"] = dict((k, v) for k, v in schedule["parseableTimeRange"].items()
                                                  if v is not None)
            for key, added in (("muteErrorEmails", False), ("parameters", []), ("cronExpression", None),
                               ("threshold", None)):
                if schedule.get(key) == added:
                    del schedule[key]
            schedule["notification"] = dict((k, v) for k, v in schedule["notification"].items()
                                            if (k, v) not in (("payload", None), ("itemizeAlerts", False),
                                                              ("maxItemizedAlerts", None)))
    if kind == "DashboardV2SyncDefinition":
        for key, added in (("description", ""), ("refreshInterval", 0), ("topologyLabelMap", {"data": {}}),
                           ("variables", []), ("coloringRules", [])):
            if definition.get(key) == added:
                del definition[key]
        for panel in definition["panels"]:
            panel.pop("id", None)
            if panel.get("keepVisualSettingsConsistentWithParent") is True:
                del panel["keepVisualSettingsConsistentWithParent"]
            for query in panel.get("queries", []):
                if query.get("transient") is False:
                    del query["transient"]
                if query.get("outputCardinalityLimit") == 1000:
                    del query["outputCardinalityLimit"]
    if kind == "LookupTableSyncDefinition":
        for key, added in (("ttl", 0), ("sizeLimitAction", "StopIncomingMessages")):
            if definition.get(key) == added:
                del definition[key]
    return definition


def test_import_then_export_gives_the_definition_back_with_what_the_api_adds(lib):
    personal = lib.personal()
    status = lib.import_(personal["id"], FOLDER)
    assert status["status"] == "Success"
    folder = lib.item(ME + "/Imported")
    assert status["statusMessage"] == "id: %s" % folder["id"]
    exported = lib.export(folder["id"])
    # Key order is the API's own, not the request's.
    assert list(exported) == ["type", "name", "description", "children"] != list(FOLDER)
    search, board, table, empty = exported["children"]
    # What the API adds: search defaults, the schedule's displayable time range, panel ids and query
    # defaults, a lower-case theme, the lookup table's defaults.
    assert (search["search"]["viewName"], search["search"]["viewStartTime"], search["search"]["parsingMode"]) == \
        ("", "1970-01-01T00:00:00Z", "Manual")
    assert search["searchSchedule"]["displayableTimeRange"] == "-15m"
    assert search["searchSchedule"]["muteErrorEmails"] is False
    assert HEX16.match(board["panels"][0]["id"]) and board["theme"] == "dark"
    assert board["panels"][0]["queries"][0]["transient"] is False
    assert board["panels"][0]["queries"][0]["outputCardinalityLimit"] == 1000
    assert "parseMode" not in board["panels"][0]["queries"][0]   # a metrics query
    assert (table["ttl"], table["sizeLimitAction"]) == (0, "StopIncomingMessages")
    assert empty == {"type": "FolderSyncDefinition", "name": "Empty", "description": "", "children": []}
    expected = copy.deepcopy(FOLDER)
    expected["children"][1]["theme"] = "dark"
    expected["children"][1]["description"] = ""
    assert without_additions(exported) == without_additions(expected)
    # The import made a dashboard the dashboards API reads, and a lookup table the lookup API reads.
    assert lib.ok(lib.get("/v1/lookupTables/" + lib.item(ME + "/Imported/owners")["id"]))["name"] == "owners"
    titles = [d["title"] for d in lib.ok(lib.get("/v2/dashboards"))["dashboards"]]
    assert "Latency board" in titles


def test_export_of_each_demo_kind(lib):
    for path, kind in ((ME + "/Team/Errors last hour", "SavedSearchWithScheduleSyncDefinition"),
                       (ME + "/Top sources", "SavedSearchWithScheduleSyncDefinition"),
                       (ME + "/Team/Service Overview", "DashboardV2SyncDefinition"),
                       (ME + "/Team/hosts", "LookupTableSyncDefinition"),
                       (ME + "/Team/Runbooks", "FolderSyncDefinition")):
        exported = lib.export(lib.item(path)["id"])
        assert exported["type"] == kind and exported["name"] == path.rsplit("/", 1)[1]
    top = lib.export(lib.item(ME + "/Top sources")["id"])
    notification = top["searchSchedule"]["notification"]
    assert notification["subjectTemplate"] == "Search Results: {{SearchName}}"
    assert (notification["includeQuery"], notification["includeCsvAttachment"]) == (True, False)


def test_a_re_import_with_overwrite_replaces_in_place(lib):
    personal = lib.personal()
    lib.import_(personal["id"], FOLDER)
    folder = lib.item(ME + "/Imported")
    board = lib.item(ME + "/Imported/Latency")
    board_id = lib.export(board["id"])["panels"][0]["id"]
    table = lib.item(ME + "/Imported/owners")
    lib.ok(lib.put("/v1/lookupTables/%s/row" % table["id"], {"row": [{"columnName": "service", "columnValue": "web"},
                                                                     {"columnName": "owner", "columnValue": "ann"}]}),
           204)
    # The same definition again: nothing changes, not even modifiedAt.
    status = lib.import_(personal["id"], FOLDER, overwrite=True)
    assert status["status"] == "Success" and status["statusMessage"] == "id: %s" % folder["id"]
    again = lib.item(ME + "/Imported")
    assert again == folder
    # A changed definition: same ids, new content; children left out are deleted.
    changed = copy.deepcopy(FOLDER)
    changed["description"] = "Imported again"
    changed["children"][1]["panels"][0]["title"] = "p99 latency"
    del changed["children"][3]
    changed["children"][0]["search"]["queryText"] = "_sourceCategory=web | count"
    status = lib.import_(personal["id"], changed, overwrite=True)
    after = lib.item(ME + "/Imported")
    assert after["id"] == folder["id"] and after["createdAt"] == folder["createdAt"]
    assert after["modifiedAt"] >= folder["modifiedAt"]
    assert names(lib.ok(lib.get("/v2/content/folders/" + folder["id"]))) == ["Slow requests", "Latency", "owners"]
    exported = lib.export(folder["id"])
    assert exported["description"] == "Imported again"
    assert exported["children"][1]["panels"][0]["title"] == "p99 latency"
    assert exported["children"][1]["panels"][0]["id"] == board_id   # a panel keeps its id while its key stays
    assert lib.item(ME + "/Imported/Latency")["id"] == board["id"]
    # The lookup table's schema did not change: its rows stay.
    assert lib.control("GET", "/lookup-tables/%s/rows" % table["id"])["count"] == 1
    # Another kind under the same name is a new item.
    swapped = copy.deepcopy(changed)
    swapped["children"][2] = search_definition("owners")
    lib.import_(personal["id"], swapped, overwrite=True)
    replaced = lib.item(ME + "/Imported/owners")
    assert replaced["itemType"] == "Search" and replaced["id"] != table["id"]
    refused(lib.get("/v1/lookupTables/" + table["id"]), 404, "lookup:not_found")


def test_an_import_over_a_single_item_keeps_its_id(lib):
    personal = lib.personal()
    top = lib.item(ME + "/Top sources")
    status = lib.import_(personal["id"], search_definition("Top sources", "* | count"), overwrite=True)
    assert status["statusMessage"] == "id: %s" % top["id"]
    exported = lib.export(top["id"])
    assert exported["search"]["queryText"] == "* | count" and exported["searchSchedule"] is None


@pytest.mark.parametrize("definition, code", [
    ({"name": "x"}, "api:invalid_field"),
    ({"type": "SpreadsheetSyncDefinition", "name": "x"}, "content:invalid_type"),
    ({"type": "FolderSyncDefinition", "children": []}, "api:invalid_field"),
    ({"type": "FolderSyncDefinition", "name": "a/b", "children": []}, "api:invalid_field"),
    ({"type": "FolderSyncDefinition", "name": "x"}, "api:invalid_field"),
    ({"type": "FolderSyncDefinition", "name": "x", "children": [], "id": "1"}, "api:invalid_field"),
    ({"type": "FolderSyncDefinition", "name": "x", "children": [
        {"type": "FolderSyncDefinition", "name": "Same", "children": []},
        {"type": "FolderSyncDefinition", "name": "same", "children": []}]}, "content:duplicate_content"),
    ({"type": "SavedSearchWithScheduleSyncDefinition", "name": "x", "description": ""}, "api:invalid_field"),
    (dict(search_definition("x"), description=None), "api:invalid_field"),
    (dict(search_definition("x"), searchSchedule={
        "scheduleType": "1Day", "timeZone": "UTC", "parseableTimeRange": {"type": "CompleteLiteralTimeRange",
                                                                          "rangeName": "today"},
        "notification": {"taskType": "EmailSearchNotificationSyncDefinition", "toList": ["a@example.com"]}}),
     "api:invalid_field"),   # 1Day needs a cronExpression
    ({"type": "DashboardV2SyncDefinition", "name": "x"}, "api:invalid_field"),
    ({"type": "DashboardV2SyncDefinition", "name": "x", "title": "x",
      "layout": {"layoutType": "Grid", "layoutStructures": [{"key": "nope", "structure": "{}"}]}},
     "api:invalid_field"),
    ({"type": "LookupTableSyncDefinition", "name": "x", "description": "d",
      "fields": [{"fieldName": "a", "fieldType": "string"}], "primaryKeys": ["b"]}, "api:invalid_field"),
    ({"type": "MetricsSearchSyncDefinition", "name": "x", "queries": []}, "api:invalid_field"),
])
def test_bad_definitions_are_refused_before_the_job(lib, definition, code):
    personal = lib.personal()
    refused(lib.post("/v2/content/folders/%s/import" % personal["id"], definition), 400, code)


def test_other_sync_types_are_kept_as_sent(lib):
    personal = lib.personal()
    metrics = {"type": "MetricsSearchSyncDefinition", "name": "CPU", "description": "",
               "timeRange": {"type": "BeginBoundedTimeRange",
                             "from": {"type": "RelativeTimeRangeBoundary", "relativeTime": "-1h"}},
               "queries": [{"queryString": "metric=cpu", "queryType": "Metrics", "queryKey": "A"}],
               "visualSettings": "{}"}
    assert lib.import_(personal["id"], metrics)["status"] == "Success"
    item = lib.item(ME + "/CPU")
    assert item["itemType"] == "Search" and lib.export(item["id"]) == metrics


def test_import_limits_and_targets(lib):
    personal = lib.personal()
    big = {"type": "FolderSyncDefinition", "name": "Big",
           "children": [search_definition("s%04d" % n) for n in range(1000)]}
    refused(lib.post("/v2/content/folders/%s/import" % personal["id"], big), 400, "content:import_limit_exceeded")
    big["children"].pop()
    assert lib.import_(personal["id"], big)["status"] == "Success"   # 1000 objects with the folder
    search = lib.item(ME + "/Top sources")
    refused(lib.post("/v2/content/folders/%s/import" % search["id"], search_definition("x")), 400,
            "content:not_a_folder")
    refused(lib.post("/v2/content/folders/0000000000000042/import", search_definition("x")), 404,
            "content:content_not_found")
    recommended = lib.admin.item(AR)
    refused(lib.post("/v2/content/folders/%s/import" % recommended["id"], search_definition("x")), 404,
            "content:content_not_found")
    assert lib.admin.import_(recommended["id"], search_definition("x"))["status"] == "Success"
    refused(lib.post("/v2/content/folders/%s/import" % personal["id"], search_definition("x"),
                     params={"overwrite": "maybe"}), 400, "request.param.invalid")


def test_export_limit(lib, control):
    control.reset(content_items=1000)
    bulk = lib.item(ME + "/Bulk")
    assert len(lib.ok(lib.get("/v2/content/folders/" + bulk["id"]))["children"]) == 40
    job = lib.ok(lib.post("/v2/content/%s/export" % bulk["id"]))["id"]
    dummy, status = lib.poll("/v2/content/%s/export/%s/status" % (bulk["id"], job))
    assert status["status"] == "Failed" and status["error"]["code"] == "content:export_limit_exceeded"
    group = lib.item(ME + "/Bulk/group-40")
    exported = lib.export(group["id"])
    assert [child["name"] for child in exported["children"]][-1] == "bulk-search-1000"


def test_bulk_content_for_the_benchmark(lib, control):
    control.reset(content_items=300)
    bulk = lib.export(lib.item(ME + "/Bulk")["id"])
    assert len(bulk["children"]) == 12
    assert sum(len(group["children"]) for group in bulk["children"]) == 300


# -- delete, copy, move ------------------------------------------------------------------------------------

def test_delete_job(lib, control):
    control.reset(content_job_polls=2)
    team = lib.item(ME + "/Team")
    board = [d for d in lib.ok(lib.get("/v2/dashboards"))["dashboards"] if d["title"] == "Service Overview"][0]
    table = lib.item(ME + "/Team/hosts")
    job = lib.ok(lib.delete("/v2/content/%s/delete" % team["id"]))["id"]
    status = "/v2/content/%s/delete/%s/status" % (team["id"], job)
    assert lib.ok(lib.get(status))["status"] == "InProgress"
    assert lib.item(ME + "/Team")["id"] == team["id"]   # still there while the job runs
    assert lib.poll(status)[0] == ["InProgress", "Success"]
    refused(lib.get("/v2/content/path", params={"path": ME + "/Team"}), 404, "content:content_not_found")
    refused(lib.get("/v2/content/path", params={"path": ME + "/Team/Runbooks"}), 404, "content:content_not_found")
    refused(lib.get("/v2/dashboards/" + board["id"]), 404, "dashboard:not_found")
    refused(lib.get("/v1/lookupTables/" + table["id"]), 404, "lookup:not_found")
    refused(lib.post("/v2/content/%s/export" % team["id"]), 404, "content:content_not_found")
    personal = lib.personal()
    refused(lib.delete("/v2/content/%s/delete" % personal["id"]), 400, "content:system_folder")
    refused(lib.admin.delete("/v2/content/%s/delete" % lib.admin.item(AR)["id"]), 400, "content:system_folder")


def test_copy(lib):
    search = lib.item(ME + "/Team/Errors last hour")
    runbooks = lib.item(ME + "/Team/Runbooks")
    job = lib.ok(lib.post("/v2/content/%s/copy" % search["id"], params={"destinationFolder": runbooks["id"]}))["id"]
    dummy, status = lib.poll("/v2/content/%s/copy/%s/status" % (search["id"], job))
    copied = lib.item(ME + "/Team/Runbooks/Errors last hour")
    assert status == {"status": "Success", "statusMessage": "id: %s" % copied["id"]}
    assert copied["id"] != search["id"] and lib.export(copied["id"]) == lib.export(search["id"])
    # Again: the name is taken now.
    job = lib.ok(lib.post("/v2/content/%s/copy" % search["id"], params={"destinationFolder": runbooks["id"]}))["id"]
    status = lib.poll("/v2/content/%s/copy/%s/status" % (search["id"], job))[1]
    assert status["status"] == "Failed" and status["error"]["code"] == "content:duplicate_content"
    # A folder into itself.
    team = lib.item(ME + "/Team")
    job = lib.ok(lib.post("/v2/content/%s/copy" % team["id"], params={"destinationFolder": runbooks["id"]}))["id"]
    status = lib.poll("/v2/content/%s/copy/%s/status" % (team["id"], job))[1]
    assert status["error"]["code"] == "content:invalid_destination"
    # A copied dashboard is a new dashboard; a copied lookup table has the rows.
    personal = lib.personal()
    for name in ("Service Overview", "hosts"):
        item = lib.item(ME + "/Team/" + name)
        job = lib.ok(lib.post("/v2/content/%s/copy" % item["id"], params={"destinationFolder": personal["id"]}))["id"]
        assert lib.poll("/v2/content/%s/copy/%s/status" % (item["id"], job))[1]["status"] == "Success"
    boards = [d for d in lib.ok(lib.get("/v2/dashboards"))["dashboards"] if d["title"] == "Service Overview"]
    assert len(boards) == 2 and boards[0]["id"] != boards[1]["id"]
    assert lib.control("GET", "/lookup-tables/%s/rows" % lib.item(ME + "/hosts")["id"])["count"] == 3
    refused(lib.post("/v2/content/%s/copy" % search["id"]), 400, "api:invalid_field")


def test_move(lib):
    search = lib.item(ME + "/Team/Errors last hour")
    runbooks = lib.item(ME + "/Team/Runbooks")
    resp = lib.post("/v2/content/%s/move" % search["id"], params={"destinationFolderId": runbooks["id"]})
    assert resp.status_code == 200 and resp.content == b""
    moved = lib.item(ME + "/Team/Runbooks/Errors last hour")
    assert moved["id"] == search["id"] and moved["parentId"] == runbooks["id"]
    team = lib.item(ME + "/Team")
    refused(lib.post("/v2/content/%s/move" % team["id"], params={"destinationFolderId": runbooks["id"]}), 400,
            "content:invalid_destination")
    personal = lib.personal()
    top = lib.item(ME + "/Top sources")
    lib.ok(lib.post("/v2/content/folders", {"name": "Top sources", "parentId": runbooks["id"]}))
    refused(lib.post("/v2/content/%s/move" % top["id"], params={"destinationFolderId": runbooks["id"]}), 400,
            "content:duplicate_content")
    refused(lib.post("/v2/content/%s/move" % personal["id"], params={"destinationFolderId": runbooks["id"]}), 400,
            "content:system_folder")


# -- permissions ----------------------------------------------------------------------------------------

def assignment(permission, source_type, source_id, content_id):
    return {"permissionName": permission, "sourceType": source_type, "sourceId": source_id, "contentId": content_id}


def change(lib, action, content_id, assignments, notify=False, api=None):
    return (api or lib).put("/v2/content/%s/permissions/%s" % (content_id, action), {
        "contentPermissionAssignments": assignments, "notifyRecipients": notify, "notificationMessage": "shared"})


def test_explicit_and_implicit_permissions(lib):
    analyst = _role(lib, "Analyst")
    team = lib.item(ME + "/Team")
    runbooks = lib.item(ME + "/Team/Runbooks")
    assert lib.ok(lib.get("/v2/content/%s/permissions" % team["id"])) == {
        "explicitPermissions": [assignment("View", "role", analyst, team["id"])], "implicitPermissions": []}
    below = lib.ok(lib.get("/v2/content/%s/permissions" % runbooks["id"]))
    assert below == {"explicitPermissions": [], "implicitPermissions": [assignment("View", "role", analyst, team["id"])]}
    assert lib.ok(lib.get("/v2/content/%s/permissions" % runbooks["id"], params={"explicitOnly": "true"})) == {
        "explicitPermissions": []}


def test_add_and_remove_permissions(lib, control):
    alice = user_id(lib, "alice@example.com")
    analyst = _role(lib, "Analyst")
    runbooks = lib.item(ME + "/Team/Runbooks")
    lib.control("DELETE", "/users/outbox")
    wanted = [assignment("View", "user", alice, runbooks["id"]), assignment("Edit", "role", analyst, runbooks["id"]),
              assignment("View", "org", ORG_ID, runbooks["id"])]
    result = lib.ok(change(lib, "add", runbooks["id"], wanted, notify=True))
    assert result["explicitPermissions"] == wanted
    assert result["implicitPermissions"] == [assignment("View", "role", analyst, lib.item(ME + "/Team")["id"])]
    assert lib.control("GET", "/users/outbox")["emails"] == [
        {"to": "alice@example.com", "kind": "content-shared", "userId": alice}]
    # Adding what is there changes nothing; ids are read regardless of case.
    again = lib.ok(change(lib, "add", runbooks["id"], [assignment("View", "user", alice.lower(),
                                                                  runbooks["id"].lower())]))
    assert again["explicitPermissions"] == wanted
    after = lib.ok(change(lib, "remove", runbooks["id"], wanted[:2]))
    assert after["explicitPermissions"] == wanted[2:]
    refused(change(lib, "remove", runbooks["id"], wanted[:1]), 400, "content:permission_not_found")


@pytest.mark.parametrize("bad, code", [
    ({"permissionName": "Own"}, "api:invalid_field"),
    ({"sourceType": "team"}, "api:invalid_field"),
    ({"sourceId": "0000000000000009"}, "content:invalid_permission_source"),
    ({"sourceType": "org", "sourceId": "0000000000000009"}, "content:invalid_permission_source"),
    ({"contentId": "0000000000000009"}, "api:invalid_field"),
    ({"extra": True}, "api:invalid_field"),
])
def test_bad_permission_changes(lib, bad, code):
    runbooks = lib.item(ME + "/Team/Runbooks")
    good = assignment("View", "role", _role(lib, "Analyst"), runbooks["id"])
    refused(change(lib, "add", runbooks["id"], [dict(good, **bad)]), 400, code)
    assert lib.ok(lib.get("/v2/content/%s/permissions" % runbooks["id"], params={"explicitOnly": "true"})) == {
        "explicitPermissions": []}


def test_permission_bodies_and_targets(lib):
    runbooks = lib.item(ME + "/Team/Runbooks")
    good = assignment("View", "role", _role(lib, "Analyst"), runbooks["id"])
    path = "/v2/content/%s/permissions/add" % runbooks["id"]
    refused(lib.put(path, {"contentPermissionAssignments": [good], "notificationMessage": ""}), 400,
            "api:invalid_field")   # notifyRecipients is required
    refused(lib.put(path, {"contentPermissionAssignments": [], "notifyRecipients": False, "notificationMessage": ""}),
            400, "api:invalid_field")
    personal = lib.personal()
    refused(change(lib, "add", personal["id"], [dict(good, contentId=personal["id"])]), 400, "content:system_folder")
    operations = lib.item(AR + "/Operations")   # visible (View), not manageable without admin mode
    refused(change(lib, "add", operations["id"], [dict(good, contentId=operations["id"])]), 403,
            "content:insufficient_permissions")
    assert lib.ok(change(lib, "add", operations["id"], [dict(good, contentId=operations["id"])], api=lib.admin))


def test_a_deleted_role_leaves_no_permission_behind(lib):
    import requests
    auth = (lib.emulator.access_id, lib.emulator.access_key)
    role = requests.post(lib.emulator.url + "/v1/roles", json={"name": "Temporary"}, auth=auth, timeout=10).json()
    runbooks = lib.item(ME + "/Team/Runbooks")
    lib.ok(change(lib, "add", runbooks["id"], [assignment("Manage", "role", role["id"], runbooks["id"])]))
    requests.delete(lib.emulator.url + "/v1/roles/" + role["id"], auth=auth, timeout=10).raise_for_status()
    assert lib.ok(lib.get("/v2/content/%s/permissions" % runbooks["id"]))["explicitPermissions"] == []


# -- faults, and every route ------------------------------------------------------------------------------

def test_concurrent_edit_fault_finds_the_item(lib, control):
    team = lib.item(ME + "/Team")
    # Another user edits the folder just before this request reads it.
    control.fault(action="concurrent_edit", method="GET", path="^/api/v2/content/folders/",
                  patch={"description": "edited {n}"})
    assert lib.ok(lib.get("/v2/content/folders/" + team["id"]))["description"] == "edited 0"
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v2/content/folders/", patch={"name": "Top sources"})
    # Renamed elsewhere to a sibling's name: the tree keeps it, and this PUT renames it again.
    assert lib.ok(lib.put("/v2/content/folders/" + team["id"], {"name": "Crew"}))["name"] == "Crew"


def test_every_content_route_answers_in_its_schema(lib):
    """A walk through the content routes: each one answered a success here (and errors above)."""
    personal = lib.personal()
    made = lib.ok(lib.post("/v2/content/folders", {"name": "Walk", "parentId": personal["id"]}))
    lib.ok(lib.put("/v2/content/folders/" + made["id"], {"name": "Walk", "description": "d"}))
    lib.ok(lib.get("/v2/content/folders/" + made["id"]))
    lib.item(ME + "/Walk")
    lib.ok(lib.get("/v2/content/%s/path" % made["id"]))
    job = lib.ok(lib.get("/v2/content/folders/global"))["id"]
    lib.poll("/v2/content/folders/global/%s/status" % job)
    lib.ok(lib.get("/v2/content/folders/global/%s/result" % job))
    job = lib.ok(lib.admin.get("/v2/content/folders/adminRecommended"))["id"]
    lib.poll("/v2/content/folders/adminRecommended/%s/status" % job)
    lib.ok(lib.get("/v2/content/folders/adminRecommended/%s/result" % job))
    good = assignment("View", "role", _role(lib, "Analyst"), made["id"])
    lib.ok(change(lib, "add", made["id"], [good]))
    lib.ok(lib.get("/v2/content/%s/permissions" % made["id"]))
    lib.ok(change(lib, "remove", made["id"], [good]))
    lib.import_(made["id"], FOLDER)
    lib.export(made["id"])
    lib.ok(lib.post("/v2/content/%s/move" % lib.item(ME + "/Walk/Imported/Empty")["id"],
                    params={"destinationFolderId": made["id"]}))
    job = lib.ok(lib.post("/v2/content/%s/copy" % made["id"], params={"destinationFolder": personal["id"]}))["id"]
    lib.poll("/v2/content/%s/copy/%s/status" % (made["id"], job))
    lib.delete_item(made["id"])
    content_routes = set(pattern for method, pattern, status, ref in ROUTES if pattern.startswith("/v2/content"))
    answered = set(pattern for pattern, status in lib.seen if status < 300)
    assert content_routes <= answered, sorted(content_routes - answered)


# -- the schemas themselves refuse wrong answers ------------------------------------------------------------

NOW = "2026-01-01T00:00:00Z"
ITEM = {"id": "000000000C1C1002", "name": "Team", "itemType": "Folder", "parentId": "000000000C1C1001",
        "permissions": ["View"], "createdAt": NOW, "createdBy": "0000000006743FD0", "modifiedAt": NOW,
        "modifiedBy": "0000000006743FD0"}
TABLE = {"id": "000000000C1C1009", "name": "t", "description": "d", "parentFolderId": "000000000C1C1001",
         "fields": [{"fieldName": "k", "fieldType": "string"}], "primaryKeys": ["k"], "ttl": 0,
         "sizeLimitAction": "StopIncomingMessages", "contentPath": ME + "/t", "size": 0, "createdAt": NOW,
         "createdBy": "x", "modifiedAt": NOW, "modifiedBy": "x"}
JOB = {"jobId": "1", "status": "Success", "statusMessages": [], "lookupContentId": "1", "lookupName": "t",
       "lookupContentPath": ME + "/t", "requestType": "Truncate", "eventType": "Truncate", "userId": "x",
       "createdAt": NOW, "modifiedAt": NOW}


def without(body, key):
    body = copy.deepcopy(body)
    del body[key]
    return body


@pytest.mark.parametrize("ref, body, words", [
    ("content.json#/$defs/ContentItem", ITEM, None),
    ("content.json#/$defs/ContentItem", without(ITEM, "permissions"), "'permissions' is a required property"),
    ("content.json#/$defs/ContentItem", dict(ITEM, itemType="Spreadsheet"), "is not one of"),
    ("content.json#/$defs/ContentItem", dict(ITEM, id="c1c1002"), "does not match"),
    ("content.json#/$defs/Folder", dict(ITEM, children=[], description="", explicit=[]), "Unevaluated properties"),
    ("content.json#/$defs/ContentItem", dict(ITEM, description=""), "Unevaluated properties"),
    ("content.json#/$defs/AsyncJobStatus", {"status": "Failed"}, "'error' is a required property"),
    ("content.json#/$defs/AsyncJobStatus", {"status": "Done"}, "is not one of"),
    ("content.json#/$defs/AsyncJobStatus", {"status": "Success", "error": {"code": "c", "message": "m"}},
     "should not be valid"),
    ("content.json#/$defs/ContentSyncDefinition", {"type": "FolderSyncDefinition", "name": "x", "children": [
        {"type": "FolderSyncDefinition", "name": "y"}]}, "'children' is a required property"),
    ("content.json#/$defs/ContentSyncDefinition", {"type": "DashboardV2SyncDefinition", "name": "x", "title": "x",
                                                   "panels": [{"key": "p", "panelType": "TextPanel"}]},
     "'text' is a required property"),
    ("content.json#/$defs/ContentSyncDefinition", {"type": "DashboardV2SyncDefinition", "name": "x", "title": "x",
                                                   "panels": [{"key": "p", "panelType": "TextPanel", "text": "t",
                                                               "queries": []}]}, "Unevaluated properties"),
    ("content.json#/$defs/ContentSyncDefinition", {"type": "LookupTableSyncDefinition", "name": "x",
                                                   "description": "", "fields": [], "primaryKeys": ["k"]},
     "should be non-empty"),
    ("content.json#/$defs/ContentSyncDefinition", dict(search_definition("x"), searchSchedule={}),
     "is not valid under any of the given schemas"),
    ("dashboards.json#/$defs/ResolvableTimeRange", {"type": "CompleteLiteralTimeRange", "rangeName": "today",
                                                    "from": {"type": "LiteralTimeRangeBoundary", "rangeName": "now"}},
     "should not be valid"),
    ("dashboards.json#/$defs/Layout", {"layoutType": "Tabs", "layoutStructures": []}, "was expected"),
    ("lookup_tables.json#/$defs/LookupTable", TABLE, None),
    ("lookup_tables.json#/$defs/LookupTable", without(TABLE, "id"), "'id' is a required property"),
    ("lookup_tables.json#/$defs/LookupTable", dict(TABLE, rows=[]), "Unevaluated properties"),
    ("lookup_tables.json#/$defs/LookupAsyncJobStatus", JOB, None),
    ("lookup_tables.json#/$defs/LookupAsyncJobStatus", without(JOB, "eventType"), "'eventType' is a required property"),
    ("lookup_tables.json#/$defs/LookupAsyncJobStatus", dict(JOB, status="PartialSuccess"),
     "'warnings' is a required property"),
])
def test_the_schemas_refuse_wrong_answers(ref, body, words):
    found = departures(body, ref)
    if words is None:
        assert found == []
    else:
        assert any(words in line for line in found), found
