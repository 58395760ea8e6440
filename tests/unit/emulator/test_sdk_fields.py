# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Sumo Logic's own Python client (sumologic-sdk) against the emulator's fields, extraction rules and partitions.

The SDK has methods for field extraction rules (create, list with limit/token, get, update,
delete) and custom fields (create, list, get, delete); enabling and disabling fields, the
built-in, dropped and quota listings, and partitions go through its generic calls.
"""

from __future__ import annotations

import pytest
import requests

sumologic = pytest.importorskip("sumologic")


@pytest.fixture
def sdk(emulator, control, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the SDK names a cookie file in the working directory
    return sumologic.SumoLogic(emulator.access_id, emulator.access_key, endpoint=emulator.url)


def test_fields(sdk):
    assert [f["fieldName"] for f in sdk.get_all_fields()] == ["team", "owner", "environment", "status_code"]
    created = sdk.create_new_field({"fieldName": "sdk_field"})
    assert created["state"] == "Enabled"
    assert sdk.get_existing_field(created["fieldId"]) == created
    assert sdk.delete("/fields/%s/disable" % created["fieldId"]).status_code == 204
    assert sdk.get_existing_field(created["fieldId"])["state"] == "Disabled"
    assert sdk.put("/fields/%s/enable" % created["fieldId"], None).status_code == 204
    assert sdk.get("/fields/quota").json() == {"quota": 200, "remaining": 195}
    assert "_sourceHost" in [f["fieldName"] for f in sdk.get("/fields/builtin").json()["data"]]
    assert sdk.get("/fields/dropped").json()["data"][0] == {"fieldName": "datacenter"}
    assert sdk.delete_existing_field(created["fieldId"]).status_code == 204
    with pytest.raises(requests.HTTPError) as info:
        sdk.get_existing_field(created["fieldId"])
    body = info.value.response.json()
    assert info.value.response.status_code == 404 and body["errors"][0]["code"] == "field:not_found" and body["id"]


def test_field_errors_reach_the_caller(sdk, control):
    with pytest.raises(requests.HTTPError) as info:
        sdk.create_new_field({"fieldName": "_sourceCategory"})
    assert info.value.response.json()["errors"][0]["code"] == "field:builtin"
    control.reset(field_quota=4)
    with pytest.raises(requests.HTTPError) as info:
        sdk.create_new_field({"fieldName": "no_room"})
    assert info.value.response.json()["errors"][0]["code"] == "field:quota_reached"


def test_extraction_rules(sdk, control):
    control.reset(extraction_rules=4)
    page = sdk.get_all_field_extraction_rules(limit=3)
    assert len(page["data"]) == 3 and page["next"]
    rest = sdk.get_all_field_extraction_rules(limit=3, token=page["next"])
    assert len(rest["data"]) == 2 and rest["next"] is None

    created = sdk.create_field_extraction_rule({"name": "sdk-rule", "scope": "_sourceCategory=sdk",
                                                "parseExpression": 'parse "took *ms" as duration_ms'}).json()
    assert created["fieldNames"] == ["duration_ms"] and created["enabled"] is True
    rule = sdk.get_fer_by_id(created["id"])
    # The whole rule goes back, without what the service fills in.
    body = dict((key, rule[key]) for key in ("name", "scope", "parseExpression"))
    body["enabled"] = False
    assert sdk.update_field_extraction_rules(created["id"], body).json()["enabled"] is False
    with pytest.raises(requests.HTTPError) as info:
        sdk.update_field_extraction_rules(created["id"], {"name": "sdk-rule"})  # not the whole rule
    assert info.value.response.status_code == 400
    assert sdk.delete_field_extraction_rule(created["id"]).status_code == 204
    with pytest.raises(requests.HTTPError) as info:
        sdk.get_fer_by_id(created["id"])
    assert info.value.response.json()["errors"][0]["code"] == "extractionRule:not_found"


def test_partitions_through_the_generic_calls(sdk):
    """sumologic-sdk has no partition methods: scripts use get/post/put on the documented paths."""
    listed = sdk.get("/partitions", params={"viewTypes": "Partition"}).json()
    assert [p["name"] for p in listed["data"]] == ["prod_web", "security_audit", "old_staging"]
    created = sdk.post("/partitions", {"name": "sdk_partition", "routingExpression": "_sourceCategory=sdk",
                                       "retentionPeriod": 60}).json()
    path = "/partitions/" + created["id"]
    assert sdk.put(path, {"retentionPeriod": 90}).json()["retentionPeriod"] == 90
    with pytest.raises(requests.HTTPError) as info:
        sdk.put(path, {"analyticsTier": "frequent"})
    assert info.value.response.json()["errors"][0]["code"] == "partition:immutable"
    assert sdk.post(path + "/decommission", None).status_code == 200
    assert sdk.get(path).json()["isActive"] is False
