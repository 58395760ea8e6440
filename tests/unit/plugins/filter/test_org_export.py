# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The filters of org_export and org_apply: items of a family file from what a task read, the creates of a
check-mode result, and the items a singular module must still be run for."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.community.sumologic.plugins.filter.org_export import (
    FAMILIES,
    org_created,
    org_export,
    org_pending,
    org_with_secrets,
)

SEARCH = {"type": "SavedSearchWithScheduleSyncDefinition", "name": "Errors",
          "search": {"queryText": "error | count by {{host}}", "defaultTimeRange": "-15m", "byReceiptTime": False,
                     "queryParameters": []}}
BOARD = {"type": "DashboardV2SyncDefinition", "name": "Overview", "title": "Overview"}
TABLE = {"type": "LookupTableSyncDefinition", "name": "hosts", "fields": [], "primaryKeys": ["host"]}
ROOT = {"type": "FolderSyncDefinition", "name": "Ada Admin", "children": [
    {"type": "FolderSyncDefinition", "name": "Team", "children": [
        SEARCH, BOARD, TABLE, {"type": "FolderSyncDefinition", "name": "Runbooks", "children": [
            dict(SEARCH, name="Restart")]}]},
    dict(SEARCH, name="Top", description="Busiest")]}


def test_the_families_in_the_order_an_apply_takes_them():
    assert FAMILIES == ("fields", "partitions", "extraction_rules", "roles", "users", "collectors", "sources",
                        "connections", "monitor_folders", "monitors", "folders", "content", "dashboards",
                        "scheduled_views", "ingest_budgets", "lookup_tables")


def test_gathered_items_sorted_with_sets_sorted_and_relations_on_one_side():
    gathered = {"changed": False, "gathered": [
        {"name": "Zeta", "capabilities": ["viewFields", "manageFields"], "users": ["b@example.com"]},
        {"name": "alpha", "description": "first", "capabilities": [], "users": []},
    ]}
    exported = org_export(gathered, "roles")
    assert exported == {"family": "roles", "secrets": [], "objects": [
        {"name": "alpha", "description": "first", "capabilities": []},
        {"name": "Zeta", "capabilities": ["manageFields", "viewFields"]},
    ]}, "a role's members are the users' roles: not written again on the role"
    users = org_export({"gathered": [{"email": "b@example.com", "roles": ["Zeta", "Analyst"]},
                                     {"email": "Admin@example.com", "roles": ["Administrator"]}]},
                       "users", exclude=["admin@example.com"])
    assert users["objects"] == [{"email": "b@example.com", "roles": ["Analyst", "Zeta"]}], "the key owner left out"


def test_masked_credentials_are_left_out_and_listed():
    gathered = {"gathered": [{"collector": "aws", "name": "s3", "source_type": "AwsS3Bucket", "config": {
        "thirdPartyRef": {"resources": [{"authentication": {"awsId": "AKIA", "awsKey": "********"}}]},
        "headers": [{"name": "Authorization", "value": "********"}, "********"],
        "endpoint": "https://hooks.example.com/********"}}]}
    exported = org_export(gathered, "sources")
    assert exported["objects"] == [{"collector": "aws", "name": "s3", "source_type": "AwsS3Bucket", "config": {
        "thirdPartyRef": {"resources": [{"authentication": {"awsId": "AKIA"}}]},
        "headers": [{"name": "Authorization"}]}}]
    assert exported["secrets"] == [
        {"family": "sources", "name": "aws/s3", "key": "config.endpoint"},
        {"family": "sources", "name": "aws/s3", "key": "config.headers[0].value"},
        {"family": "sources", "name": "aws/s3", "key": "config.headers[1]"},
        {"family": "sources", "name": "aws/s3", "key": "config.thirdPartyRef.resources[0].authentication.awsKey"},
    ]


def test_a_library_export_is_split_into_the_content_items():
    results = {"results": [
        {"path": "~", "exists": True, "definition": ROOT},
        {"path": "/Library/Admin Recommended", "exists": True, "definition": {
            "type": "FolderSyncDefinition", "name": "Admin Recommended", "children": [
                {"type": "FolderSyncDefinition", "name": "Ops", "children": [dict(SEARCH, name="5xx")]}]}},
        {"skipped": True},
    ]}
    items = org_export(results, "content")["objects"]
    assert [item["path"] for item in items] == [
        "/Library/Admin Recommended/Ops/5xx", "~/Team/Errors", "~/Team/Runbooks/Restart", "~/Top"], \
        "folders, dashboards and lookup tables are families of their own"
    assert items[1]["definition"] == dict((k, v) for k, v in SEARCH.items() if k != "name"), "the path names it"
    only = org_export(results, "content", roots=["/Library/Admin Recommended"])["objects"]
    assert [item["path"] for item in only] == ["/Library/Admin Recommended/Ops/5xx"]


def test_library_families_keep_the_items_under_the_roots():
    folders = {"results": [{"folders": [{"path": "~/Team"}, {"path": "/Library/Users/jo@example.com/Notes"}]}]}
    assert [f["path"] for f in org_export(folders, "folders", roots=["~"])["objects"]] == ["~/Team"]
    boards = {"gathered": [{"folder": "~/Team", "title": "B"}, {"folder": "/Library/Admin Recommended", "title": "A"},
                           {"folder": "~team", "title": "C"}]}
    kept = org_export(boards, "dashboards", roots=["~", "/Library/Admin Recommended/"])["objects"]
    assert [(b["folder"], b["title"]) for b in kept] == [("/Library/Admin Recommended", "A"), ("~/Team", "B")]


def test_what_cannot_be_read_fails_with_a_message():
    with pytest.raises(AnsibleFilterError, match="unknown family 'widgets'"):
        org_export([], "widgets")
    with pytest.raises(AnsibleFilterError, match="the task that read the roles failed: boom"):
        org_export({"failed": True, "msg": "boom"}, "roles")
    with pytest.raises(AnsibleFilterError, match="holds no folders"):
        org_export({"changed": False}, "folders")


def test_the_creates_of_a_check_mode_result():
    plural = {"changes": [{"name": "Billing", "action": "create"}, {"name": "Ops", "action": "update"}]}
    assert org_created(plural, "roles") == ["Billing"]
    loop = {"results": [
        {"item": {"path": "~/New"}, "changed": True, "diff": {"before": {}, "after": {"path": "~/New"}}},
        {"item": {"path": "~/Old"}, "changed": True, "diff": {"before": {"path": "~/Old"}, "after": {}}},
        {"item": {"path": "~/Same"}, "changed": False},
        {"item": {"path": "~/Gone", "state": "absent"}, "changed": True},
    ]}
    assert org_created(loop, "folders") == ["~/New"]
    assert org_created({"skipped": True}, "folders") == []


def test_pending_items_are_those_that_differ_or_are_missing():
    current = {"results": [{"folders": [
        {"path": "~/Team", "description": "Shared", "permissions": [{"role": "Analyst", "permission": "View"},
                                                                    {"role": "Ops", "permission": "Edit"}]},
        {"path": "~/Team/Runbooks"},
        {"path": "~/Old"}, {"path": "~/Old/Inner"}, {"path": "/Library/Admin Recommended/Ops"}]}]}
    desired = [
        {"path": "~/team", "description": "Shared", "permissions": [{"role": "analyst"}]},
        {"path": "~/Team/Runbooks", "description": ""},
        {"path": "~/New"},
    ]
    assert org_pending(desired, current, "folders") == [{"path": "~/New"}], \
        "merged: a permission already there (View by default) and an empty description change nothing"
    overridden = org_pending(desired, current, "folders", overridden=True, roots=["~"])
    assert overridden == [
        {"purge_permissions": True, "path": "~/team", "description": "Shared", "permissions": [{"role": "analyst"}]},
        {"purge_permissions": True, "path": "~/New"},
        {"path": "~/Old", "state": "absent"},
    ], "purged, Ops's permission goes; only the topmost folder nobody lists is deleted, and only under the roots"


def test_pending_content_compares_the_definitions_as_the_module_does():
    current = {"results": [{"path": "~", "definition": ROOT}]}
    same = dict((k, v) for k, v in SEARCH.items() if k != "name")
    reordered = dict(reversed(list(dict(same, search=dict(reversed(list(same["search"].items())))).items())))
    desired = [{"path": "~/Team/Errors", "definition": dict(reordered, id="000000000000ABCD")},
               {"path": "~/Top", "definition": dict(same, description="Changed")},
               {"path": "~/Team/New", "definition": same}]
    assert [item["path"] for item in org_pending(desired, current, "content")] == ["~/Top", "~/Team/New"]
    deleted = org_pending(desired[:1], current, "content", overridden=True)
    assert deleted == [{"path": "~/Team/Runbooks/Restart", "state": "absent"}, {"path": "~/Top", "state": "absent"}]


def test_rows_cannot_be_read_back_so_an_item_with_rows_is_always_run():
    current = {"lookup_tables": [{"folder": "~/Team", "name": "hosts", "description": "d", "primary_keys": ["a", "b"],
                                  "ttl": 0}]}
    schema = {"folder": "~/Team", "name": "HOSTS", "description": "d", "primary_keys": ["b", "a"], "ttl": 0}
    assert org_pending([schema], current, "lookup_tables") == []
    assert org_pending([dict(schema, rows=[{"a": "1", "b": "2"}])], current, "lookup_tables") != []
    assert org_pending([dict(schema, ttl=5)], current, "lookup_tables") != []


def test_a_relation_kept_on_the_other_side_is_left_as_it_is():
    from ansible_collections.community.sumologic.plugins.filter.org_export import org_keep_relations
    current = {"gathered": [{"name": "Ops", "users": ["a@example.com"], "capabilities": ["viewFields"]}]}
    items = [{"name": "ops", "capabilities": []}, {"name": "New", "users": ["b@example.com"]}]
    assert org_keep_relations(items, "roles", current) == [
        {"name": "ops", "capabilities": [], "users": ["a@example.com"]}, {"name": "New"}]
    assert org_keep_relations(items, "roles") == [{"name": "ops", "capabilities": []}, {"name": "New"}]
    assert org_keep_relations(items, "roles", current, keep_given=True) == [
        {"name": "ops", "capabilities": [], "users": ["a@example.com"]}, {"name": "New", "users": ["b@example.com"]}]
    assert org_keep_relations(items, "folders") == items, "no relation kept elsewhere"


def test_a_library_export_names_the_objects_of_the_other_library_families():
    results = {"results": [{"path": "~", "exists": True, "definition": ROOT}]}
    assert org_export(results, "lookup_tables")["objects"] == [{"folder": "~/Team", "name": "hosts"}]
    assert org_export(results, "dashboards")["objects"] == [{"folder": "~/Team", "title": "Overview"}]
    assert org_export(results, "folders")["objects"] == [{"path": "~/Team"}, {"path": "~/Team/Runbooks"}]


def test_only_the_sources_of_the_collectors_exported():
    gathered = {"gathered": [{"collector": "hosted-a", "name": "http"}, {"collector": "agent-1", "name": "files"},
                             {"collector": "Hosted-A", "name": "syslog"}]}
    kept = org_export(gathered, "sources", parents=["hosted-a"])["objects"]
    assert kept == [{"collector": "hosted-a", "name": "http"}, {"collector": "Hosted-A", "name": "syslog"}]
    assert len(org_export(gathered, "sources")["objects"]) == 3, "no parents given: every source"
    assert org_export(gathered, "sources", parents=[])["objects"] == []


def test_monitor_folders_come_from_the_info_module_s_folders():
    read = {"changed": False, "monitors": [], "folders": [{"path": "/Monitors/B"},
                                                          {"path": "/Monitors/A", "description": "first"}]}
    assert org_export(read, "monitor_folders")["objects"] == [{"path": "/Monitors/A", "description": "first"},
                                                              {"path": "/Monitors/B"}]
    assert org_pending([{"path": "/Monitors/A", "description": "first"}, {"path": "/Monitors/C"}], read,
                       "monitor_folders", overridden=True) == [{"path": "/Monitors/C"},
                                                               {"path": "/Monitors/B", "state": "absent"}]


def test_credentials_left_out_are_put_back_where_they_were():
    gathered = {"gathered": [{"name": "hook", "url": "https://hooks.example.com/********",
                              "headers": [{"name": "Authorization", "value": "********"}]},
                             {"name": "plain", "url": "https://example.com/open"}]}
    exported = org_export(gathered, "connections")
    assert exported["objects"] == [{"name": "hook", "headers": [{"name": "Authorization"}]},
                                   {"name": "plain", "url": "https://example.com/open"}]
    secrets = [dict(entry, value="v-" + entry["key"]) for entry in exported["secrets"]]
    restored = org_with_secrets({"connections": exported["objects"]}, secrets)
    assert restored["connections"][0] == {"name": "hook", "url": "v-url",
                                          "headers": [{"name": "Authorization", "value": "v-headers[0].value"}]}
    assert exported["objects"][0] == {"name": "hook", "headers": [{"name": "Authorization"}]}, "not changed in place"
    deep = org_with_secrets({"sources": [{"collector": "c", "name": "s"}]}, [
        {"family": "sources", "name": "C/S", "key": "config.resources[0].auth.key", "value": "k"}])
    assert deep["sources"][0]["config"] == {"resources": [{"auth": {"key": "k"}}]}
    assert org_with_secrets({}, secrets) == {}, "a family not applied takes none"
    with pytest.raises(AnsibleFilterError, match="no item of connections is gone"):
        org_with_secrets({"connections": []}, [{"family": "connections", "name": "gone", "key": "url", "value": "x"}])
    with pytest.raises(AnsibleFilterError, match="needs family, name, key and value"):
        org_with_secrets({"connections": []}, [{"family": "connections", "name": "hook", "key": "url"}])
