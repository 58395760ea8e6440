# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""sumo_folder, sumo_folder_info, sumo_content and sumo_content_info, run in-process against the emulator's
content library: paths and ``~``, parents made as ``mkdir -p``, permissions by role name, admin mode, the
export -> compare -> import cycle, the normalisation of definitions, and jobs (polled, failed, timed out)."""

from __future__ import annotations

import copy
import json

import pytest

from ansible_collections.community.sumologic.plugins.module_utils import api
from ansible_collections.community.sumologic.plugins.module_utils.content import (
    canonical_definition,
    check_path,
    clean_definition,
)
from ansible_collections.community.sumologic.plugins.module_utils.api import InputError

ME = "/Library/Users/admin@example.com"
AR = "/Library/Admin Recommended"


@pytest.fixture(autouse=True)
def quick_jobs(monkeypatch):
    """Jobs are polled at once, then after a millisecond (the emulator ends them at the second poll)."""
    monkeypatch.setattr(api, "JOB_POLL_FIRST", 0.001)


def tree(control):
    return control._call("GET", "/content/tree")["items"]


def jobs(control):
    return control._call("GET", "/content/jobs")["jobs"]


def fail_next(control, kind, **extra):
    control._call("POST", "/content/fail-next", dict(extra, kind=kind))


def writes(control):
    """The non-GET requests since the last clear, as ``METHOD path`` (the export POSTs are reads)."""
    return ["%s %s" % (r["method"], r["path"]) for r in control.requests()["requests"]
            if r["method"] != "GET" and not r["path"].endswith("/export")]


def permissions(client, path):
    item = client.get("/v2/content/path", params={"path": path}).json
    found = client.get("/v2/content/%s/permissions" % item["id"], params={"explicitOnly": "true"}).json
    return sorted((p["permissionName"], p["sourceType"], p["sourceId"]) for p in found["explicitPermissions"])


def role_id(client, name):
    return [r for r in client.get("/v1/roles", params={"name": name}).json["data"] if r["name"] == name][0]["id"]


def has_key(value, key):
    if isinstance(value, dict):
        return key in value or any(has_key(item, key) for item in value.values())
    if isinstance(value, list):
        return any(has_key(item, key) for item in value)
    return False


SEARCH = {"type": "SavedSearchWithScheduleSyncDefinition", "description": "5xx answers per host",
          "search": {"queryText": "_sourceCategory=prod/web status_code=5* | count by _sourceHost",
                     "defaultTimeRange": "-15m", "byReceiptTime": False, "queryParameters": []}}


# -- paths -------------------------------------------------------------------------------------------------

def test_paths_are_checked_before_any_request():
    assert check_path("~/Team/") == "~/Team"
    assert check_path(ME + "/Team") == ME + "/Team"
    assert check_path(AR + "/Operations") == AR + "/Operations"
    for bad in ("/Team", "Team", "/Library/Other/x", "~//x", ME + "//Team"):
        with pytest.raises(InputError, match="^path: "):
            check_path(bad)
    for system in ("~", ME, AR):
        with pytest.raises(InputError, match="personal folder or Admin Recommended"):
            check_path(system)
        assert check_path(system, system_ok=True) == system


def test_a_system_folder_or_a_path_outside_the_library_fails_without_a_request(ansible_module, control):
    control.clear_requests()
    personal = ansible_module("sumo_folder", path="~")
    outside = ansible_module("sumo_folder", path="/Library/Shared/x")
    assert personal.failed and "Sumo Logic keeps itself" in personal["msg"]
    assert outside.failed and outside["msg"].startswith("path: '/Library/Shared/x' is not a library path")
    assert control.requests()["total"] == 0


# -- sumo_folder ---------------------------------------------------------------------------------------------

def test_folder_with_its_missing_parents_then_unchanged(ansible_module, control, client):
    args = dict(path="~/Team/Ops/Runbooks", description="What to do when it pages",
                permissions=[{"role": "Analyst", "permission": "Edit"}])
    control.clear_requests()
    made = ansible_module("sumo_folder", diff=True, **args)
    assert made["changed"] and not made.failed
    folder = made["folder"]
    assert folder["path"] == ME + "/Team/Ops/Runbooks" and folder["description"] == "What to do when it pages"
    assert folder["permissions"] == [{"role": "Analyst", "permission": "Edit"}]
    assert made["diff"]["before"] == {} and made["diff"]["after"]["path"] == folder["path"]
    # mkdir -p: the missing parent, then the folder, then its permission.
    assert writes(control) == ["POST /api/v2/content/folders", "POST /api/v2/content/folders",
                               "PUT /api/v2/content/%s/permissions/add" % folder["id"]]
    items = tree(control)
    assert items[ME + "/Team/Ops"]["itemType"] == "Folder" and items[ME + "/Team/Ops/Runbooks"]["id"] == folder["id"]
    assert permissions(client, ME + "/Team/Ops/Runbooks") == [("Edit", "role", role_id(client, "Analyst"))]
    control.clear_requests()
    again = ansible_module("sumo_folder", **args)
    assert not again["changed"] and again["folder"]["id"] == folder["id"]
    assert control.requests()["writes"] == 0
    # The same folder by its full path, in another case: the same folder.
    same = ansible_module("sumo_folder", path=ME + "/team/ops/runbooks", description="What to do when it pages")
    assert not same["changed"] and same["folder"]["id"] == folder["id"]


def test_folder_check_mode_plans_without_writing(ansible_module, control):
    control.clear_requests()
    planned = ansible_module("sumo_folder", path="~/Team/New/Deeper", description="x",
                             permissions=[{"role": "Analyst"}], check_mode=True, diff=True)
    assert planned["changed"] and planned["diff"]["after"]["path"] == "~/Team/New/Deeper"
    assert planned["diff"]["after"]["permissions"] == [{"role": "Analyst", "permission": "View"}]
    updated = ansible_module("sumo_folder", path="~/Team", description="Shared by the team", check_mode=True,
                             diff=True)
    assert updated["changed"]
    assert updated["diff"]["before"]["description"] == "What the team shares"
    assert updated["diff"]["after"]["description"] == "Shared by the team"
    assert control.requests()["writes"] == 0
    assert ME + "/Team/New" not in tree(control)


def test_folder_update_adds_permissions_and_purges_the_others(ansible_module, control, client):
    analyst, security = role_id(client, "Analyst"), role_id(client, "Security Analyst")
    control.clear_requests()
    added = ansible_module("sumo_folder", path="~/Team", description="Shared by the team",
                           permissions=[{"role": "security analyst", "permission": "Edit"}], diff=True)
    assert added["changed"]
    team = added["folder"]["id"]
    assert writes(control) == ["PUT /api/v2/content/folders/%s" % team, "PUT /api/v2/content/%s/permissions/add" % team]
    assert permissions(client, ME + "/Team") == sorted([("View", "role", analyst), ("Edit", "role", security)])
    assert added["diff"]["before"]["permissions"] == [{"role": "Analyst", "permission": "View"}]
    # Purged: Analyst's View goes; Security Analyst's View, which Edit implies, is never removed.
    client.put("/v2/content/%s/permissions/add" % team, {"contentPermissionAssignments": [
        {"permissionName": "View", "sourceType": "role", "sourceId": security, "contentId": team}],
        "notifyRecipients": False, "notificationMessage": ""})
    control.clear_requests()
    only = [{"role": "Security Analyst", "permission": "Edit"}]
    purged = ansible_module("sumo_folder", path="~/Team", permissions=only, purge_permissions=True)
    assert purged["changed"]
    assert writes(control) == ["PUT /api/v2/content/%s/permissions/remove" % team]
    assert permissions(client, ME + "/Team") == sorted([("View", "role", security), ("Edit", "role", security)])
    again = ansible_module("sumo_folder", path="~/Team", permissions=only, purge_permissions=True)
    assert not again["changed"]


def test_folder_permission_for_an_unknown_role_fails_before_any_write(ansible_module, control):
    control.clear_requests()
    result = ansible_module("sumo_folder", path="~/Team/New", permissions=[{"role": "Nobody"}])
    assert result.failed and result["msg"].startswith("permissions: unknown role(s) 'Nobody'")
    assert control.requests()["writes"] == 0 and ME + "/Team/New" not in tree(control)


def test_folder_in_admin_recommended_needs_admin_mode(ansible_module, control):
    control.clear_requests()
    refused = ansible_module("sumo_folder", path=AR + "/Security/Playbooks")
    assert refused.failed and "admin_mode" in refused["msg"] and control.requests()["writes"] == 0
    made = ansible_module("sumo_folder", path=AR + "/Security/Playbooks", admin_mode=True)
    assert made["changed"] and made["folder"]["path"] == AR + "/Security/Playbooks"
    assert AR + "/Security/Playbooks" in tree(control)


def test_folder_delete_is_a_job_the_task_waits_for(ansible_module, control):
    control._call("POST", "/content/jobs", {"polls": 3})
    control.clear_requests()
    planned = ansible_module("sumo_folder", path="~/Team", state="absent", check_mode=True)
    assert planned["changed"] and control.requests()["writes"] == 0
    deleted = ansible_module("sumo_folder", path="~/Team", state="absent", diff=True)
    assert deleted["changed"] and deleted["folder"] == {} and deleted["diff"]["before"]["path"] == ME + "/Team"
    assert "Runbooks" in deleted["diff"]["before"]["children"]
    assert not any(path.startswith(ME + "/Team") for path in tree(control))
    statuses = [r for r in control.requests()["requests"] if r["path"].endswith("/status")]
    assert len(statuses) == 4   # three InProgress, then Success
    assert not ansible_module("sumo_folder", path="~/Team", state="absent")["changed"]


def test_a_failed_delete_job_fails_the_task_naming_the_path_and_the_job(ansible_module, control):
    fail_next(control, "delete", code="content:job_failed", message="The folder is locked")
    result = ansible_module("sumo_folder", path="~/Team/Runbooks", state="absent")
    job = [j for j in jobs(control) if j["kind"] == "delete"][0]
    assert result.failed
    assert result["msg"] == ("delete of %s/Team/Runbooks failed (job %s): content:job_failed: The folder is locked"
                             % (ME, job["id"]))
    assert result["api_error"] == {"code": "content:job_failed"}
    assert result["done"] == [] and not result["changed"]
    assert ME + "/Team/Runbooks" in tree(control)


def test_folder_info_returns_options_that_change_nothing(ansible_module, control):
    found = ansible_module("sumo_folder_info")
    folders = found["folders"]
    assert {"path": "~/Team", "description": "What the team shares",
            "permissions": [{"role": "Analyst", "permission": "View"}]} in folders
    assert {"path": "~/Team/Runbooks"} in folders
    # Admin Recommended's folder shared with the organisation: the share is not an option.
    assert {"path": AR + "/Operations", "description": "Searches every team should know"} in folders
    assert not has_key(folders, "id")
    assert [f["path"] for f in folders].index("~/Team") < [f["path"] for f in folders].index("~/Team/Runbooks")
    control.clear_requests()
    for folder in folders:
        assert not ansible_module("sumo_folder", purge_permissions=True, **folder)["changed"], folder
    assert control.requests()["writes"] == 0
    everyone = ansible_module("sumo_folder_info", admin_mode=True)["folders"]
    assert {"path": "/Library/Users/alice@example.com/Alice Notes",
            "permissions": [{"role": "Security Analyst", "permission": "Edit"}]} in everyone
    one = ansible_module("sumo_folder_info", path="~/Team")["folders"]
    below = ansible_module("sumo_folder_info", path="~/Team", recursive=True)["folders"]
    assert [f["path"] for f in one] == ["~/Team"] and [f["path"] for f in below] == ["~/Team", "~/Team/Runbooks"]
    assert ansible_module("sumo_folder_info", path="~/Nothing")["folders"] == []


# -- definitions: what compares ---------------------------------------------------------------------------

def test_canonical_definition_drops_what_the_api_fills_in():
    exported = {"type": "FolderSyncDefinition", "name": "Team", "description": "", "children": [
        {"type": "SavedSearchWithScheduleSyncDefinition", "name": "b", "description": "",
         "search": {"queryText": "x", "defaultTimeRange": "-15m", "byReceiptTime": False, "viewName": "",
                    "viewStartTime": "1970-01-01T00:00:00Z", "queryParameters": [], "parsingMode": "Manual"},
         "searchSchedule": None},
        {"type": "MewboardSyncDefinition", "name": "a", "title": "a", "theme": "Dark", "refreshInterval": 0,
         "panels": [{"id": "2F7D449E3D510000", "key": "p", "panelType": "TextPanel", "text": "t",
                     "keepVisualSettingsConsistentWithParent": True}],
         "layout": {"layoutType": "Grid", "layoutStructures": [
             {"key": "p", "structure": "{\"width\": 3, \"height\": 2}"}]}},
        {"type": "LookupTableSyncDefinition", "name": "c", "description": "Hosts\n\n[community.sumologic rows: 3, "
                                                                          "replace, sha256:%s]" % ("0" * 32),
         "fields": [{"fieldName": "h", "fieldType": "string"}], "primaryKeys": ["h"], "ttl": 0,
         "sizeLimitAction": "StopIncomingMessages"}]}
    assert canonical_definition(exported) == {"type": "FolderSyncDefinition", "name": "Team", "children": [
        {"type": "DashboardV2SyncDefinition", "name": "a", "title": "a", "theme": "dark",
         "panels": [{"key": "p", "panelType": "TextPanel", "text": "t"}],
         "layout": {"layoutType": "Grid", "layoutStructures": [{"key": "p", "structure": "{\"height\":2,\"width\":3}"}]}},
        {"type": "SavedSearchWithScheduleSyncDefinition", "name": "b", "description": "",
         "search": {"queryText": "x", "defaultTimeRange": "-15m", "byReceiptTime": False, "queryParameters": []}},
        {"type": "LookupTableSyncDefinition", "name": "c", "description": "Hosts",
         "fields": [{"fieldName": "h", "fieldType": "string"}], "primaryKeys": ["h"]}]}
    # What an import takes: no ids or timestamps, the rest as given.
    assert clean_definition({"id": "1", "createdAt": "t", "type": "DashboardV2SyncDefinition", "name": "a",
                             "panels": [{"id": "9", "key": "p"}]}) == {
        "type": "DashboardV2SyncDefinition", "name": "a", "panels": [{"key": "p"}]}


# -- sumo_content ---------------------------------------------------------------------------------------------

def test_content_create_then_unchanged_costs_one_export(ansible_module, control):
    control.clear_requests()
    made = ansible_module("sumo_content", path="~/Team/5xx by host", definition=SEARCH, diff=True)
    assert made["changed"] and made["content"]["item_type"] == "Search"
    assert made["content"]["path"] == ME + "/Team/5xx by host"
    assert made["diff"]["before"] == {} and made["diff"]["after"]["definition"]["name"] == "5xx by host"
    assert writes(control) == ["POST /api/v2/content/folders/%s/import" % tree(control)[ME + "/Team"]["id"]]
    assert [r["query"] for r in control.requests()["requests"] if r["path"].endswith("/import")] == [
        "overwrite=false"]
    control.clear_requests()
    again = ansible_module("sumo_content", path="~/Team/5xx by host", definition=SEARCH)
    assert not again["changed"] and again["content"]["id"] == made["content"]["id"]
    assert writes(control) == []
    assert [j["kind"] for j in jobs(control)] == ["import", "export"]


def test_content_rerun_with_a_definition_the_api_normalises_differently_reports_no_change(ansible_module, control):
    exported = ansible_module("sumo_content_info", path="~/Team")["definition"]
    # The same folder as another tool would write it: keys in another order, ids and timestamps, the
    # defaults spelled out, the children in another order, JSON strings with spaces, the theme in capitals.
    shuffled = dict(reversed(list(copy.deepcopy(exported).items())))
    shuffled["id"] = "0000000000ABCDEF"
    shuffled["children"] = list(reversed(shuffled["children"]))
    for child in shuffled["children"]:
        child["createdAt"] = "2020-01-01T00:00:00Z"
        if child["type"] == "SavedSearchWithScheduleSyncDefinition":
            child["search"] = dict(child["search"], viewName="", parsingMode="Manual",
                                   viewStartTime="1970-01-01T00:00:00Z")
            child["searchSchedule"] = None
        if child["type"] == "DashboardV2SyncDefinition":
            child["theme"] = "DARK"
            for number, panel in enumerate(child["panels"]):
                panel["id"] = "00000000000000%02d" % number
                panel["keepVisualSettingsConsistentWithParent"] = True
            for item in child["layout"]["layoutStructures"]:
                item["structure"] = json.dumps(json.loads(item["structure"]), indent=1)
        if child["type"] == "LookupTableSyncDefinition":
            child.update(ttl=0, sizeLimitAction="StopIncomingMessages")
    assert shuffled != exported
    control.clear_requests()
    result = ansible_module("sumo_content", path="~/Team", definition=shuffled)
    assert not result["changed"] and writes(control) == []
    assert [j["kind"] for j in jobs(control)] == ["export", "export"]


def test_content_update_imports_over_the_item_in_place(ansible_module, control):
    before = tree(control)[ME + "/Team/Errors last hour"]["id"]
    current = ansible_module("sumo_content_info", path="~/Team/Errors last hour")["definition"]
    wanted = copy.deepcopy(current)
    wanted["search"]["queryText"] = "_sourceCategory=prod/* error | count by _sourceHost, _sourceCategory"
    planned = ansible_module("sumo_content", path="~/Team/Errors last hour", definition=wanted, check_mode=True,
                             diff=True)
    assert planned["changed"] and [j["kind"] for j in jobs(control)] == ["export", "export"]
    assert planned["diff"]["before"]["definition"] == current
    assert planned["diff"]["after"]["definition"] == wanted
    control.clear_requests()
    updated = ansible_module("sumo_content", path="~/Team/Errors last hour", definition=wanted)
    assert updated["changed"] and updated["content"]["id"] == before
    assert [r["query"] for r in control.requests()["requests"] if r["path"].endswith("/import")] == [
        "overwrite=true"]
    assert ansible_module("sumo_content_info", path="~/Team/Errors last hour")["definition"] == wanted
    assert not ansible_module("sumo_content", path="~/Team/Errors last hour", definition=wanted)["changed"]


def test_a_failed_import_job_fails_the_task_naming_the_job(ansible_module, control):
    fail_next(control, "import", code="content:import_failed", message="The import could not be carried out",
              detail="injected")
    result = ansible_module("sumo_content", path="~/Team/5xx by host", definition=SEARCH)
    job = [j for j in jobs(control) if j["kind"] == "import"][0]
    assert result.failed and not result["changed"]
    assert result["msg"] == ("import of %s/Team/5xx by host failed (job %s): content:import_failed: The import could "
                             "not be carried out (injected)" % (ME, job["id"]))
    assert result["api_error"]["code"] == "content:import_failed"
    assert ME + "/Team/5xx by host" not in tree(control)


def test_a_job_that_does_not_end_in_time_fails_naming_the_path(ansible_module, control):
    control._call("POST", "/content/jobs", {"polls": 50})
    result = ansible_module("sumo_content", path="~/Team/Errors last hour", definition=SEARCH, job_timeout=0)
    assert result.failed and result["msg"].startswith("export of %s/Team/Errors last hour: job " % ME)
    assert result["msg"].endswith("is still InProgress after 0 s; raise job_timeout to wait longer")
    assert control.requests()["writes"] == 1   # the export's start, which changes nothing


def test_content_delete_and_absent_again(ansible_module, control):
    control.clear_requests()
    deleted = ansible_module("sumo_content", path="~/Team/Errors last hour", state="absent", diff=True)
    assert deleted["changed"] and deleted["diff"]["before"]["item_type"] == "Search" and deleted["content"] == {}
    assert writes(control) == ["DELETE /api/v2/content/%s/delete" % deleted["diff"]["before"]["id"]]
    assert ME + "/Team/Errors last hour" not in tree(control)
    assert not ansible_module("sumo_content", path="~/Team/Errors last hour", state="absent")["changed"]


def test_content_bad_input_fails_before_any_request(ansible_module, control, tmp_path):
    control.clear_requests()
    named = ansible_module("sumo_content", path="~/Team/Other", definition=dict(SEARCH, name="Not other"))
    typeless = ansible_module("sumo_content", path="~/Team/Other", definition={"name": "Other"})
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    unreadable = ansible_module("sumo_content", path="~/Team/Other", src=str(broken))
    neither = ansible_module("sumo_content", path="~/Team/Other")
    assert named.failed and named["msg"].startswith("definition: the definition's name 'Not other' is not the last")
    assert typeless.failed and typeless["msg"].startswith("definition: an export definition is a JSON object")
    assert unreadable.failed and unreadable["msg"].startswith("src: %s is not JSON" % broken)
    assert neither.failed and "definition, src" in neither["msg"]
    assert control.requests()["total"] == 0


def test_content_in_a_folder_that_does_not_exist_fails_before_any_write(ansible_module, control):
    control.clear_requests()
    result = ansible_module("sumo_content", path="~/Nowhere/5xx by host", definition=SEARCH)
    assert result.failed and result["msg"] == "path: the folder ~/Nowhere does not exist (sumo_folder makes it)"
    assert writes(control) == []


def test_content_info_writes_dest_once_and_src_applies_it(ansible_module, control, tmp_path):
    dest = tmp_path / "team.json"
    planned = ansible_module("sumo_content_info", path="~/Team", dest=str(dest), check_mode=True)
    assert planned["changed"] and not dest.exists()
    written = ansible_module("sumo_content_info", path="~/Team", dest=str(dest))
    assert written["changed"] and written["exists"] and written["item_type"] == "Folder"
    assert written["path"] == "~/Team" and json.loads(dest.read_text()) == written["definition"]
    assert not has_key(written["definition"], "id")
    assert not ansible_module("sumo_content_info", path="~/Team", dest=str(dest))["changed"]
    control.clear_requests()
    applied = ansible_module("sumo_content", path="~/Team", src=str(dest))
    assert not applied["changed"] and writes(control) == []
    missing = ansible_module("sumo_content_info", path="~/Nothing here", dest=str(tmp_path / "none.json"))
    assert not missing["exists"] and missing["definition"] is None and not (tmp_path / "none.json").exists()


def test_an_export_applies_elsewhere_as_it_is(ansible_module, control):
    """A folder exported, deleted, imported again from the export: the same definition, nothing more to do."""
    exported = ansible_module("sumo_content_info", path="~/Team", admin_mode=True)["definition"]
    assert ansible_module("sumo_content", path="~/Team", state="absent")["changed"]
    made = ansible_module("sumo_content", path="~/Team", definition=exported)
    assert made["changed"]
    assert ansible_module("sumo_content_info", path="~/Team")["definition"] == exported
    assert not ansible_module("sumo_content", path="~/Team", definition=exported)["changed"]
