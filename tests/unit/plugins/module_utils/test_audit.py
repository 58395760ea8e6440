# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Check-mode audits of an apply: objects an earlier task would create count as there (assume_present);
and an export's masked credentials are never created as they are."""

from __future__ import annotations

import copy

BILLING_USER = {"email": "bill@example.com", "first_name": "Bill", "last_name": "Ing", "roles": ["Billing"]}


def test_an_unknown_role_fails_an_audit_unless_an_earlier_task_creates_it(ansible_module, control):
    control.clear_requests()
    plain = ansible_module("sumo_users", config=[BILLING_USER], check_mode=True)
    assert plain.failed and "unknown role(s) 'Billing'" in plain.result["msg"]
    audit = ansible_module("sumo_users", config=[BILLING_USER], check_mode=True,
                           assume_present={"roles": ["billing"]}).result
    assert not audit.get("failed"), audit.get("msg")
    assert audit["changes"][0]["action"] == "create"
    assert audit["after"][0]["roles"] == ["Billing"], "shown by name, as the options give it"
    assert control.requests()["writes"] == 0


def test_assume_present_means_nothing_outside_check_mode(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_users", config=[BILLING_USER], assume_present={"roles": ["Billing"]})
    assert outcome.failed and "unknown role(s) 'Billing'" in outcome.result["msg"]
    assert control.requests()["writes"] == 0


def test_sources_of_a_collector_an_earlier_task_creates(ansible_module, control):
    config = [{"collector": "to-come", "name": "app", "source_type": "HTTP"},
              {"collector": "demo-hosted", "name": "demo-http"}]
    plain = ansible_module("sumo_sources", config=config, check_mode=True)
    assert plain.failed and "collector 'to-come' does not exist" in plain.result["msg"]
    control.clear_requests()
    audit = ansible_module("sumo_sources", config=config, check_mode=True,
                           assume_present={"collectors": ["to-come"]}).result
    assert not audit.get("failed"), audit.get("msg")
    assert [(c["name"], c["action"]) for c in audit["changes"]] == [("to-come/app", "create")]
    paths = [r["path"] for r in control.requests()["requests"]]
    assert not any("None" in path for path in paths), "nothing is read of a collector that is not there"
    assert control.requests()["writes"] == 0


def test_a_masked_credential_is_never_created(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_sources", collector="demo-hosted", config=[
        {"name": "s3", "source_type": "AwsS3Bucket",
         "config": {"thirdPartyRef": {"resources": [{"authentication": {"awsId": "AKIA", "awsKey": "********"}}]}}}])
    assert outcome.failed
    assert "config: thirdPartyRef.resources[0].authentication.awsKey masked" in outcome.result["msg"]
    assert control.requests()["writes"] == 0


# -- the singular modules an apply loops over: the same option --------------------------------------------

SEARCH = {"type": "SavedSearchWithScheduleSyncDefinition",
          "search": {"queryText": "error", "defaultTimeRange": "-15m", "byReceiptTime": False, "queryParameters": []}}
TABLE = {"name": "owners", "description": "Who answers", "fields": [{"name": "host", "type": "string"}],
         "primary_keys": ["host"]}


def test_content_of_a_folder_an_earlier_task_creates(ansible_module, control, monkeypatch):
    from ansible_collections.community.sumologic.plugins.module_utils import api
    monkeypatch.setattr(api, "JOB_POLL_FIRST", 0.001)
    plain = ansible_module("sumo_content", path="~/To come/Errors", definition=SEARCH, check_mode=True)
    assert plain.failed and "the folder ~/To come does not exist" in plain.result["msg"]
    control.clear_requests()
    audit = ansible_module("sumo_content", path="~/To come/Errors", definition=SEARCH, check_mode=True, diff=True,
                           assume_present={"folders": ["~/to COME"]}).result
    assert not audit.get("failed"), audit.get("msg")
    assert audit["changed"] and audit["diff"]["before"] == {}
    assert audit["content"]["definition"]["search"]["queryText"] == "error"
    assert control.requests()["writes"] == 0


def test_a_lookup_table_in_a_folder_an_earlier_task_creates(ansible_module, control):
    plain = ansible_module("sumo_lookup_table", folder="~/To come", check_mode=True, **TABLE)
    assert plain.failed and "folder '~/To come' does not exist" in plain.result["msg"]
    control.clear_requests()
    audit = ansible_module("sumo_lookup_table", folder="~/To come", check_mode=True, diff=True,
                           assume_present={"folders": ["~/To come"]}, **TABLE).result
    assert not audit.get("failed"), audit.get("msg")
    assert audit["changed"] and audit["lookup_table"]["name"] == "owners"
    paths = [r["path"] for r in control.requests()["requests"]]
    assert not any("None" in path for path in paths), "nothing is read of a folder that is not there"
    assert control.requests()["writes"] == 0


def test_folder_permissions_for_a_role_an_earlier_task_creates(ansible_module, control):
    permissions = [{"role": "Billing", "permission": "View"}, {"user": "new@example.com", "permission": "Edit"}]
    plain = ansible_module("sumo_folder", path="~/Billing", permissions=permissions, check_mode=True)
    assert plain.failed and "unknown role(s) 'Billing'" in plain.result["msg"]
    control.clear_requests()
    audit = ansible_module("sumo_folder", path="~/Billing", permissions=permissions, check_mode=True, diff=True,
                           assume_present={"roles": ["billing"], "users": ["new@example.com"]}).result
    assert not audit.get("failed"), audit.get("msg")
    assert audit["changed"]
    assert sorted(audit["diff"]["after"]["permissions"], key=str) == sorted(permissions, key=str), \
        "named as the options name them, in their case"
    assert control.requests()["writes"] == 0


def test_a_singular_module_ignores_assume_present_outside_check_mode(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_content", path="~/To come/Errors", definition=SEARCH,
                             assume_present={"folders": ["~/To come"]})
    assert outcome.failed and "the folder ~/To come does not exist" in outcome.result["msg"]
    assert control.requests()["writes"] == 0
    bad = ansible_module("sumo_folder", path="~/x", check_mode=True, assume_present={"roles": "Billing"})
    assert bad.failed and "each value must be a list of names" in bad.result["msg"]


# -- credentials an export leaves out ------------------------------------------------------------------

S3 = {"name": "s3-logs", "source_type": "AwsS3Bucket", "category": "aws/s3",
      "config": {"thirdPartyRef": {"resources": [{"serviceType": "AwsS3Bucket", "authentication": {
          "type": "S3BucketAuthentication", "awsId": "AKIAEXAMPLE", "awsKey": "secret-key"},
          "path": {"type": "S3BucketPathExpression", "bucketName": "logs", "pathExpression": "*"}}]}}}


def left_out(config):
    """The source as an export writes it: its credentials left out."""
    stripped = copy.deepcopy(config)
    del stripped["config"]["thirdPartyRef"]["resources"][0]["authentication"]["awsKey"]
    return stripped


def test_a_credential_left_out_is_the_current_one(ansible_module, control):
    assert ansible_module("sumo_source", collector="demo-hosted", **S3).result["changed"]
    control.clear_requests()
    again = ansible_module("sumo_sources", collector="demo-hosted", config=[left_out(S3)], state="replaced").result
    assert not again.get("failed"), again.get("msg")
    assert not again["changed"], "awsKey is not removed for not being given"
    assert control.requests()["writes"] == 0
    moved = left_out(S3)
    moved["config"]["thirdPartyRef"]["resources"][0]["path"]["bucketName"] = "other-logs"
    updated = ansible_module("sumo_sources", collector="demo-hosted", config=[moved]).result
    assert updated["changed"]
    gathered = ansible_module("sumo_sources", state="gathered", scope={"collector": "^demo-hosted$"}).result
    source = [item for item in gathered["gathered"] if item["name"] == "s3-logs"][0]
    resource = source["config"]["thirdPartyRef"]["resources"][0]
    assert resource["path"]["bucketName"] == "other-logs"
    assert resource["authentication"]["awsKey"] == "********", "still set: shown masked"


def test_dashboards_of_a_folder_an_earlier_task_creates(ansible_module, control):
    board = {"folder": "~/To come", "title": "Overview", "description": "d"}
    plain = ansible_module("sumo_dashboards", config=[board], check_mode=True)
    assert plain.failed and "'~/To come' does not exist" in plain.result["msg"]
    control.clear_requests()
    audit = ansible_module("sumo_dashboards", config=[board], check_mode=True,
                           assume_present={"folders": ["~/To come"]}).result
    assert not audit.get("failed"), audit.get("msg")
    assert [(c["name"], c["action"]) for c in audit["changes"]] == [("~/To come/Overview", "create")]
    assert audit["after"] == [dict(board)], "in the form of config, its folder as given"
    assert control.requests()["writes"] == 0
