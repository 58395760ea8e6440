# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's partitions: create, update rules (immutable fields, retention, compliance), decommission, paging."""

from __future__ import annotations

import pytest

from ansible_collections.community.sumologic.tests.emulator.partitions import ACCOUNT_RETENTION_DAYS
from ansible_collections.community.sumologic.tests.unit.emulator.answer_schemas import refused

PARTITIONS = "/v1/partitions"


def partition_named(api, name, view_types="Partition,DefaultView,AuditIndex"):
    found = [p for p in api.get(PARTITIONS, params={"viewTypes": view_types}).json()["data"] if p["name"] == name]
    assert len(found) == 1
    return found[0]


def create(api, **body):
    body.setdefault("routingExpression", "_sourceCategory=app/*")
    resp = api.post(PARTITIONS, body)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_demo_partitions_and_view_types(api):
    listed = api.get(PARTITIONS).json()
    assert listed["next"] is None
    assert [(p["name"], p["isActive"], p["indexType"]) for p in listed["data"]] == [
        ("prod_web", True, "Partition"), ("security_audit", True, "Partition"), ("old_staging", False, "Partition")]
    default = api.get(PARTITIONS, params={"viewTypes": "DefaultView"}).json()["data"]
    assert [(p["name"], p["indexType"]) for p in default] == [("sumologic_default", "DefaultIndex")]
    audit = api.get(PARTITIONS, params=[("viewTypes", "AuditIndex"), ("viewTypes", "DefaultView")]).json()["data"]
    assert [p["name"] for p in audit] == ["sumologic_default", "sumologic_audit_events", "sumologic_system_events"]
    refused(api.get(PARTITIONS, params={"viewTypes": "Index"}), 400, "api:invalid_field")


def test_create_with_defaults_and_read(api):
    partition = create(api, name="app_logs")
    assert partition["analyticsTier"] == "continuous" and partition["isCompliant"] is False
    assert partition["retentionPeriod"] == ACCOUNT_RETENTION_DAYS  # -1, the account's default, by default
    assert partition["isActive"] is True and partition["totalBytes"] == 0 and partition["indexType"] == "Partition"
    assert "newRetentionPeriod" not in partition and "dataForwardingId" not in partition
    assert api.get(PARTITIONS + "/" + partition["id"]).json() == partition
    full = create(api, name="audit_2", analyticsTier="frequent", retentionPeriod=90, isCompliant=True,
                  dataForwardingId="000000000000ABCD")
    assert (full["analyticsTier"], full["retentionPeriod"], full["isCompliant"], full["dataForwardingId"]) == \
        ("frequent", 90, True, "000000000000ABCD")
    # Terraform's provider sends an empty dataForwardingId.
    assert "dataForwardingId" not in create(api, name="tf_made", dataForwardingId="")


@pytest.mark.parametrize("body, message", [
    ({"routingExpression": "x"}, "name is required"),
    ({"name": "no_routing"}, "routingExpression is required"),
    ({"name": "", "routingExpression": "x"}, "name must be a string of 1 to 255"),
    ({"name": "n" * 256, "routingExpression": "x"}, "name must be a string of 1 to 255"),
    ({"name": "has-dash", "routingExpression": "x"}, "letters, digits and underscores"),
    ({"name": "sumologic_mine", "routingExpression": "x"}, "reserved"),
    ({"name": "ok", "routingExpression": ""}, "routingExpression must be a string of 1 to 16384"),
    ({"name": "ok", "routingExpression": "x" * 16385}, "routingExpression must be a string of 1 to 16384"),
    ({"name": "ok", "routingExpression": "x", "analyticsTier": "Continuous"}, "analyticsTier must be one of"),
    ({"name": "ok", "routingExpression": "x", "retentionPeriod": 0}, "retentionPeriod must be"),
    ({"name": "ok", "routingExpression": "x", "retentionPeriod": "30"}, "retentionPeriod must be"),
    ({"name": "ok", "routingExpression": "x", "isCompliant": "no"}, "isCompliant must be true or false"),
    ({"name": "ok", "routingExpression": "x", "id": "000000000000A113"}, "Unknown or read-only"),
    ({"name": "ok", "routingExpression": "x", "isActive": False}, "Unknown or read-only"),
])
def test_bad_creates(api, body, message):
    error = refused(api.post(PARTITIONS, body), 400, "api:invalid_field")
    assert message in error["detail"]


def test_the_longest_values(api):
    assert create(api, name="n" * 255, routingExpression="x" * 16384)["name"] == "n" * 255


@pytest.mark.parametrize("name", ["prod_web", "PROD_WEB", "old_staging"])
def test_names_are_unique_decommissioned_partitions_included(api, name):
    refused(api.post(PARTITIONS, {"name": name, "routingExpression": "x"}), 400, "partition:duplicate_name")


def test_update_routing_and_growing_retention(api):
    partition = partition_named(api, "prod_web")
    path = PARTITIONS + "/" + partition["id"]
    updated = api.put(path, {"routingExpression": "_sourceCategory=prod/web/*", "retentionPeriod": 60}).json()
    assert updated["routingExpression"] == "_sourceCategory=prod/web/*" and updated["retentionPeriod"] == 60
    assert updated["modifiedAt"] >= partition["modifiedAt"] and updated["createdAt"] == partition["createdAt"]
    # Left out: unchanged.
    assert api.put(path, {}).json() == updated
    # Terraform's provider sends the whole partition back: name and tier as they are are fine.
    whole = dict((k, updated[k]) for k in ("id", "name", "routingExpression", "analyticsTier", "retentionPeriod",
                                           "isCompliant"))
    assert api.put(path, dict(whole, dataForwardingId="")).json() == updated


@pytest.mark.parametrize("change", [{"name": "renamed"}, {"analyticsTier": "infrequent"}])
def test_name_and_tier_never_change(api, change):
    partition = partition_named(api, "prod_web")
    error = refused(api.put(PARTITIONS + "/" + partition["id"], change), 400, "partition:immutable")
    assert list(change)[0] in error["message"]
    assert api.get(PARTITIONS + "/" + partition["id"]).json() == partition


def test_bad_updates(api):
    path = PARTITIONS + "/" + partition_named(api, "prod_web")["id"]
    for body in ({"retentionPeriod": -2}, {"routingExpression": ""}, {"reduceRetentionPeriodImmediately": "yes"},
                 {"totalBytes": 5}, {"id": "000000000000A110"}):
        refused(api.put(path, body), 400, "api:invalid_field")


def test_shorter_retention_needs_reduce_retention_period_immediately(api):
    partition = create(api, name="shrinking", retentionPeriod=90)
    path = PARTITIONS + "/" + partition["id"]
    error = refused(api.put(path, {"retentionPeriod": 30}), 400, "partition:reduce_retention_unconfirmed")
    assert "90" in error["message"] and "30" in error["message"]
    assert api.get(path).json()["retentionPeriod"] == 90

    now = api.put(path, {"retentionPeriod": 60, "reduceRetentionPeriodImmediately": True}).json()
    assert now["retentionPeriod"] == 60 and "newRetentionPeriod" not in now

    later = api.put(path, {"retentionPeriod": 30, "reduceRetentionPeriodImmediately": False}).json()
    assert later["retentionPeriod"] == 60 and later["newRetentionPeriod"] == 30
    assert later["retentionEffectiveAt"] > later["modifiedAt"]
    # Seven days pass.
    assert api.control("POST", "/partitions/retention-due") == {"applied": ["shrinking"]}
    after = api.get(path).json()
    assert after["retentionPeriod"] == 30 and "newRetentionPeriod" not in after and "retentionEffectiveAt" not in after


def test_cancel_a_pending_reduction(api):
    partition = create(api, name="pending", retentionPeriod=90)
    path = PARTITIONS + "/" + partition["id"]
    refused(api.post(path + "/cancelRetentionUpdate"), 400, "partition:no_retention_update")
    api.put(path, {"retentionPeriod": 10, "reduceRetentionPeriodImmediately": False})
    cancelled = api.post(path + "/cancelRetentionUpdate")
    assert cancelled.status_code == 204 and cancelled.content == b""
    assert "newRetentionPeriod" not in api.get(path).json()
    # A longer retention replaces a pending reduction too.
    api.put(path, {"retentionPeriod": 10, "reduceRetentionPeriodImmediately": False})
    grown = api.put(path, {"retentionPeriod": 120}).json()
    assert grown["retentionPeriod"] == 120 and "newRetentionPeriod" not in grown


def test_compliant_partitions_only_grow_and_stay_compliant(api):
    partition = partition_named(api, "security_audit")
    path = PARTITIONS + "/" + partition["id"]
    for body in ({"retentionPeriod": 100, "reduceRetentionPeriodImmediately": True},
                 {"retentionPeriod": -1, "reduceRetentionPeriodImmediately": False},
                 {"isCompliant": False}):
        refused(api.put(path, body), 400, "partition:compliant")
    assert api.put(path, {"retentionPeriod": 400, "isCompliant": True}).json()["retentionPeriod"] == 400


def test_becoming_compliant(api):
    partition = create(api, name="becoming", retentionPeriod=90)
    path = PARTITIONS + "/" + partition["id"]
    # Marking compliant and shrinking in one request: the shrink is refused.
    refused(api.put(path, {"isCompliant": True, "retentionPeriod": 30, "reduceRetentionPeriodImmediately": True}),
            400, "partition:compliant")
    api.put(path, {"retentionPeriod": 60, "reduceRetentionPeriodImmediately": False})
    refused(api.put(path, {"isCompliant": True}), 400, "partition:compliant")  # a reduction is pending
    api.post(path + "/cancelRetentionUpdate")
    assert api.put(path, {"isCompliant": True}).json()["isCompliant"] is True


def test_decommission(api):
    partition = partition_named(api, "prod_web")
    path = PARTITIONS + "/" + partition["id"]
    resp = api.post(path + "/decommission")
    assert resp.status_code == 200 and resp.content == b""
    after = api.get(path).json()
    assert after["isActive"] is False and after["name"] == "prod_web"
    assert "prod_web" in [p["name"] for p in api.get(PARTITIONS).json()["data"]]  # still listed
    refused(api.post(path + "/decommission"), 400, "partition:decommissioned")
    refused(api.put(path, {"routingExpression": "x"}), 400, "partition:decommissioned")


def test_partitions_are_never_deleted(api):
    partition = partition_named(api, "prod_web")
    refused(api.delete(PARTITIONS + "/" + partition["id"]), 405, "method.unsupported")
    assert api.get(PARTITIONS + "/" + partition["id"]).json()["isActive"] is True


def test_system_partitions_are_read_only(api):
    default = partition_named(api, "sumologic_default")
    path = PARTITIONS + "/" + default["id"]
    assert api.get(path).json() == default
    refused(api.put(path, {"retentionPeriod": 60}), 400, "partition:system")
    refused(api.post(path + "/decommission"), 400, "partition:system")


def test_unknown_ids(api):
    error = refused(api.get(PARTITIONS + "/0000000000000001"), 404, "partition:not_found")
    assert "Partition Not Found" in error["message"]  # what Terraform's provider looks for
    refused(api.post(PARTITIONS + "/0000000000000001/decommission"), 404, "partition:not_found")
    refused(api.get(PARTITIONS + "/1"), 400, "api:invalid_id")


def test_paging(api, control):
    control.reset(partitions=230)
    seen, token, pages = [], None, 0
    while True:
        page = api.get(PARTITIONS, params={"token": token} if token else None).json()
        pages += 1
        seen.extend(p["name"] for p in page["data"])
        token = page["next"]
        if not token:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == 233
    first = api.get(PARTITIONS, params={"limit": 1000, "viewTypes": "Partition"}).json()
    assert len(first["data"]) == 233 and first["next"] is None
    refused(api.get(PARTITIONS, params={"limit": 1001}), 400, "request.param.invalid")
    # A token belongs to its viewTypes.
    token = api.get(PARTITIONS, params={"limit": 2}).json()["next"]
    refused(api.get(PARTITIONS, params={"token": token, "viewTypes": "DefaultView"}), 400, "api:invalid_token")


def test_empty_seed_has_only_the_system_partitions(api, control):
    control.reset("empty")
    assert api.get(PARTITIONS).json() == {"data": [], "next": None}
    assert len(api.get(PARTITIONS, params={"viewTypes": "DefaultView,AuditIndex"}).json()["data"]) == 3


def test_concurrent_edit_fault_finds_the_partition(api, control):
    partition = partition_named(api, "prod_web")
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/partitions/", patch={"retentionPeriod": 45})
    # Another user grew the retention just before this PUT: 40 is now a reduction.
    refused(api.put(PARTITIONS + "/" + partition["id"], {"retentionPeriod": 40}), 400,
            "partition:reduce_retention_unconfirmed")
