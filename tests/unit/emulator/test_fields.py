# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's Field Management API: custom, built-in and dropped fields, the quota."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.community.sumologic.tests.unit.emulator.answer_schemas import refused

FIELDS = "/v1/fields"


def names(resp):
    assert resp.status_code == 200, resp.text
    return [f["fieldName"] for f in resp.json()["data"]]


def field_named(api, name):
    found = [f for f in api.get(FIELDS).json()["data"] if f["fieldName"] == name]
    assert len(found) == 1
    return found[0]


def test_demo_fields(api):
    listed = api.get(FIELDS).json()
    assert set(listed) == {"data"}  # every field at once: no paging
    assert [(f["fieldName"], f["state"]) for f in listed["data"]] == [
        ("team", "Enabled"), ("owner", "Enabled"), ("environment", "Disabled"), ("status_code", "Enabled")]
    assert api.get(FIELDS + "/quota").json() == {"quota": 200, "remaining": 196}
    assert names(api.get(FIELDS + "/dropped")) == ["datacenter", "app_version"]
    builtin = names(api.get(FIELDS + "/builtin"))
    assert {"_sourceHost", "_sourceCategory", "_budget"} <= set(builtin) and "team" not in builtin


def test_create_read_disable_enable_delete(api):
    created = api.post(FIELDS, {"fieldName": "service"})
    assert created.status_code == 200
    field = created.json()
    assert field["fieldName"] == "service" and field["dataType"] == "String" and field["state"] == "Enabled"
    assert len(field["fieldId"]) == 16
    path = FIELDS + "/" + field["fieldId"]
    assert api.get(path).json() == field
    assert api.get(path.lower()).json() == field  # ids are read without regard to case
    assert api.get(FIELDS + "/quota").json()["remaining"] == 195

    disabled = api.delete(path + "/disable")
    assert disabled.status_code == 204 and disabled.content == b""
    assert api.get(path).json()["state"] == "Disabled"
    assert api.delete(path + "/disable").status_code == 204  # already disabled: still 204
    assert api.put(path + "/enable").status_code == 204
    assert api.get(path).json()["state"] == "Enabled"
    # A disabled field still counts against the quota; only a deleted one frees its place.
    assert api.get(FIELDS + "/quota").json()["remaining"] == 195

    assert api.delete(path).status_code == 204
    refused(api.get(path), 404, "field:not_found")
    refused(api.delete(path), 404, "field:not_found")
    refused(api.put(path + "/enable"), 404, "field:not_found")
    assert api.get(FIELDS + "/quota").json()["remaining"] == 196


def test_fields_are_never_renamed(api):
    field = field_named(api, "team")
    for method in ("PUT", "POST"):
        resp = api.request(method, FIELDS + "/" + field["fieldId"], {"fieldName": "squad"})
        refused(resp, 405, "method.unsupported")
    assert api.get(FIELDS + "/" + field["fieldId"]).json()["fieldName"] == "team"


@pytest.mark.parametrize("body, message", [
    ({}, "fieldName is required"),
    ({"fieldName": ""}, "1 to 255 characters"),
    ({"fieldName": "x" * 256}, "1 to 255 characters"),
    ({"fieldName": 7}, "1 to 255 characters"),
    ({"fieldName": "two words"}, "whitespace"),
    ({"fieldName": "a=b"}, "whitespace, '=' or ','"),
    ({"fieldName": "ok", "description": "x"}, "Unknown or read-only"),
    ({"fieldName": "ok", "fieldId": "00000000031D02DA"}, "assigned by the service"),
    ({"fieldName": "ok", "dataType": "Text"}, "dataType must be one of"),
    ({"fieldName": "ok", "state": "Disabled"}, "created enabled"),
])
def test_bad_bodies(api, body, message):
    error = refused(api.post(FIELDS, body), 400, "api:invalid_field")
    assert message in error["detail"]


def test_the_longest_name_and_terraform_s_body(api):
    assert api.post(FIELDS, {"fieldName": "x" * 255}).status_code == 200
    # Terraform's provider sends the whole field, empty where unknown.
    sent = api.post(FIELDS, {"fieldName": "tf_made", "fieldId": "", "dataType": "", "state": ""})
    assert sent.status_code == 200 and sent.json()["dataType"] == "String"
    assert api.post(FIELDS, {"fieldName": "counter", "dataType": "Long"}).json()["dataType"] == "Long"


def test_names_are_unique_without_regard_to_case(api):
    error = refused(api.post(FIELDS, {"fieldName": "TEAM"}), 400, "field:already_exists")
    assert "TEAM" in error["message"]


@pytest.mark.parametrize("name", ["_sourceHost", "_sourcecategory", "_budget"])
def test_built_in_fields_cannot_be_created(api, name):
    refused(api.post(FIELDS, {"fieldName": name}), 400, "field:builtin")


def test_built_in_fields_are_read_only(api):
    builtin = api.get(FIELDS + "/builtin").json()["data"]
    host = [f for f in builtin if f["fieldName"] == "_sourceHost"][0]
    assert host["state"] == "Enabled"
    assert api.get(FIELDS + "/builtin/" + host["fieldId"]).json() == host
    # Not custom fields: the custom paths do not know them.
    refused(api.delete(FIELDS + "/" + host["fieldId"]), 404, "field:not_found")
    refused(api.delete(FIELDS + "/" + host["fieldId"] + "/disable"), 404, "field:not_found")
    refused(api.get(FIELDS + "/builtin/0000000000ABCDEF"), 404, "field:not_found")


def test_quota_full_refuses_a_create(api, control):
    control.reset(fields=196)
    assert api.get(FIELDS + "/quota").json() == {"quota": 200, "remaining": 0}
    error = refused(api.post(FIELDS, {"fieldName": "one_too_many"}), 400, "field:quota_reached")
    assert "200" in error["message"]
    assert "one_too_many" not in names(api.get(FIELDS))
    # Deleting one frees its place.
    assert api.delete(FIELDS + "/" + field_named(api, "bulk_field_0001")["fieldId"]).status_code == 204
    assert api.post(FIELDS, {"fieldName": "one_too_many"}).status_code == 200


def test_quota_is_a_reset_option(api, control):
    control.reset("empty", field_quota=2)
    assert api.get(FIELDS + "/quota").json() == {"quota": 2, "remaining": 2}
    assert names(api.get(FIELDS)) == [] and names(api.get(FIELDS + "/dropped")) == []
    assert api.post(FIELDS, {"fieldName": "a"}).status_code == 200
    assert api.post(FIELDS, {"fieldName": "b"}).status_code == 200
    refused(api.post(FIELDS, {"fieldName": "c"}), 400, "field:quota_reached")
    with pytest.raises(requests.HTTPError):
        control.reset(field_quota=3)  # the demo seed alone defines four fields
    with pytest.raises(requests.HTTPError):
        control.reset(field_quota=-1)


def test_dropped_fields(api, control):
    control.reset(dropped_fields=3)
    assert names(api.get(FIELDS + "/dropped"))[2:] == ["dropped_field_0001", "dropped_field_0002", "dropped_field_0003"]
    assert api.control("POST", "/fields/dropped", {"names": ["cluster", "Cluster", "pod"]})["names"][-2:] == \
        ["cluster", "pod"]
    assert "cluster" in names(api.get(FIELDS + "/dropped"))
    # Defining the field keeps its values: it is no longer dropped.
    assert api.post(FIELDS, {"fieldName": "cluster"}).status_code == 200
    assert "cluster" not in names(api.get(FIELDS + "/dropped"))
    with pytest.raises(requests.HTTPError):
        api.control("POST", "/fields/dropped", {"names": ["team"]})  # a defined field is not dropped
    assert api.control("DELETE", "/fields/dropped") == {"names": []}


def test_bulk_fields_for_benchmarks(api, control):
    control.reset(fields=1000, field_quota=2000)
    assert len(names(api.get(FIELDS))) == 1004
    assert api.get(FIELDS + "/quota").json() == {"quota": 2000, "remaining": 996}


def test_bad_ids(api):
    refused(api.get(FIELDS + "/not-an-id"), 400, "api:invalid_id")
    refused(api.get(FIELDS + "/0000000000ABCDEF"), 404, "field:not_found")


def test_body_must_be_json(api):
    resp = api.http.post(api.emulator.url + FIELDS, data="fieldName=x", timeout=10,
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    refused(resp, 415, "contenttype.invalid")


def test_concurrent_edit_fault_finds_the_field(api, control):
    field = field_named(api, "team")
    control.fault(action="concurrent_edit", method="PUT", path="/enable$", patch={"state": "Disabled"})
    # The fault disables the field just before the request enables it again.
    assert api.put(FIELDS + "/%s/enable" % field["fieldId"]).status_code == 204
    assert api.get(FIELDS + "/" + field["fieldId"]).json()["state"] == "Enabled"
    control.fault(action="concurrent_edit", method="GET", path="/fields/[0-9A-F]{16}$", patch={"state": "Disabled"})
    assert api.get(FIELDS + "/" + field["fieldId"]).json()["state"] == "Disabled"
