# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's field extraction rules: CRUD, the PUT that replaces, paging, the fields a rule defines."""

from __future__ import annotations

import pytest

from ansible_collections.community.sumologic.tests.emulator.extraction_rules import field_names
from ansible_collections.community.sumologic.tests.unit.emulator.answer_schemas import refused

RULES = "/v1/extractionRules"
RULE = {"name": "nginx-access", "scope": "_sourceCategory=prod/nginx",
        "parseExpression": 'parse "* * \\"*\\"" as client_ip, method, path', "enabled": True}


def field_state(api, name):
    found = [f["state"] for f in api.get("/v1/fields").json()["data"] if f["fieldName"] == name]
    return found[0] if found else None


@pytest.mark.parametrize("expression, expected", [
    ('parse "user=*," as user', ["user"]),
    ('parse "a=*, b=*" as a, b nodrop', ["a", "b"]),
    ("csv _raw extract 1 as f1", ["f1"]),
    ('json "status", "latency" AS status,latency', ["status", "latency"]),
    ('parse regex "(?<src_ip>\\d+\\.\\d+\\.\\d+\\.\\d+) (?<verb>\\w+)"', ["src_ip", "verb"]),
    ('parse "x=*" as x | parse "y=*" as x', ["x"]),
    ("keyvalue auto", []),
])
def test_field_names(expression, expected):
    assert field_names(expression) == expected


def test_demo_rule(api):
    listed = api.get(RULES).json()
    assert listed["next"] is None
    assert [(r["name"], r["fieldNames"], r["enabled"]) for r in listed["data"]] == [
        ("web-status", ["status_code"], True)]


def test_create_read_replace_delete(api):
    created = api.post(RULES, RULE)
    assert created.status_code == 200
    rule = created.json()
    assert rule["fieldNames"] == ["client_ip", "method", "path"] and rule["enabled"] is True
    assert rule["createdAt"] == rule["modifiedAt"] and rule["createdBy"]
    path = RULES + "/" + rule["id"]
    assert api.get(path).json() == rule
    # The rule's fields are defined (enabled) in Field Management.
    assert [field_state(api, name) for name in rule["fieldNames"]] == ["Enabled"] * 3

    replaced = api.put(path, {"name": "nginx-access", "scope": "_sourceCategory=prod/nginx*",
                              "parseExpression": 'parse "* " as client_ip', "enabled": False}).json()
    assert replaced["scope"] == "_sourceCategory=prod/nginx*" and replaced["enabled"] is False
    assert replaced["fieldNames"] == ["client_ip"] and replaced["createdAt"] == rule["createdAt"]
    assert replaced["modifiedAt"] >= rule["modifiedAt"]
    # Fields a rule stops extracting stay defined.
    assert field_state(api, "method") == "Enabled"

    same = api.put(path, dict((k, replaced[k]) for k in ("name", "scope", "parseExpression", "enabled")))
    assert same.json()["modifiedAt"] == replaced["modifiedAt"]  # nothing changed

    assert api.delete(path).status_code == 204
    refused(api.get(path), 404, "extractionRule:not_found")
    refused(api.delete(path), 404, "extractionRule:not_found")


def test_enabled_defaults_to_true(api):
    body = dict(RULE)
    del body["enabled"]
    assert api.post(RULES, body).json()["enabled"] is True


@pytest.mark.parametrize("missing", ["name", "scope", "parseExpression", "enabled"])
def test_a_put_replaces_the_whole_rule_so_every_property_is_required(api, missing):
    rule = api.get(RULES).json()["data"][0]
    body = dict((k, rule[k]) for k in ("name", "scope", "parseExpression", "enabled") if k != missing)
    error = refused(api.put(RULES + "/" + rule["id"], body), 400, "api:invalid_field")
    assert missing in error["detail"]


@pytest.mark.parametrize("change, message", [
    ({"name": ""}, "name must be a string of 1 to 256"),
    ({"name": "x" * 257}, "name must be a string of 1 to 256"),
    ({"name": "   "}, "blank"),
    ({"scope": "x" * 2049}, "scope must be a string of 0 to 2048"),
    ({"scope": None}, "scope must be a string"),
    ({"parseExpression": "x" * 16385}, "parseExpression must be a string of 1 to 16384"),
    ({"parseExpression": ""}, "parseExpression must be a string of 1 to 16384"),
    ({"enabled": "yes"}, "enabled must be true or false"),
    ({"fieldNames": ["x"]}, "Unknown or read-only"),
    ({"id": "0000000000000001"}, "Unknown or read-only"),
])
def test_bad_bodies(api, change, message):
    error = refused(api.post(RULES, dict(RULE, **change)), 400, "api:invalid_field")
    assert message in error["detail"]


def test_limits_are_inclusive(api):
    body = dict(RULE, name="n" * 256, scope="s" * 2048)
    body["parseExpression"] = (body["parseExpression"] + " " * 16384)[:16384]
    assert api.post(RULES, body).status_code == 200
    assert api.post(RULES, dict(RULE, name="empty-scope", scope="")).status_code == 200


def test_required_on_create(api):
    for key in ("name", "scope", "parseExpression"):
        body = dict(RULE)
        del body[key]
        assert key in refused(api.post(RULES, body), 400, "api:invalid_field")["detail"]


def test_names_are_unique_without_regard_to_case(api):
    refused(api.post(RULES, dict(RULE, name="WEB-STATUS")), 400, "extractionRule:duplicate_name")
    mine = api.post(RULES, RULE).json()
    # Its own name is fine in a PUT; another rule's is not.
    assert api.put(RULES + "/" + mine["id"], dict(RULE, name="NGINX-access")).status_code == 200
    refused(api.put(RULES + "/" + mine["id"], dict(RULE, name="web-status")), 400, "extractionRule:duplicate_name")


def test_a_rule_must_extract_a_field_and_not_a_built_in_one(api):
    refused(api.post(RULES, dict(RULE, parseExpression="keyvalue auto")), 400, "extractionRule:no_fields")
    refused(api.post(RULES, dict(RULE, parseExpression='parse "host=*" as _sourceHost')), 400, "field:builtin")


def test_a_rule_needing_new_fields_beyond_the_quota_is_refused(api, control):
    control.reset(fields=194)  # 198 of 200 in use
    refused(api.post(RULES, RULE), 400, "field:quota_reached")  # three new fields
    assert len(api.get(RULES).json()["data"]) == 1 and field_state(api, "client_ip") is None
    # Fields that exist cost nothing: team and owner are defined already.
    both = dict(RULE, parseExpression='parse "team=* owner=*" as team, owner')
    assert api.post(RULES, both).status_code == 200
    assert api.get("/v1/fields/quota").json()["remaining"] == 2


def test_a_disabled_field_stays_disabled(api):
    body = dict(RULE, parseExpression='parse "env=*" as environment')
    assert api.post(RULES, body).json()["fieldNames"] == ["environment"]
    assert field_state(api, "environment") == "Disabled"


def test_paging(api, control):
    control.reset(extraction_rules=250)
    first = api.get(RULES).json()
    assert len(first["data"]) == 100 and first["next"]
    seen, token = [r["id"] for r in first["data"]], first["next"]
    while token:
        page = api.get(RULES, params={"limit": 70, "token": token}).json()
        seen.extend(r["id"] for r in page["data"])
        token = page["next"]
    assert len(seen) == len(set(seen)) == 251
    # The bulk rules share one field.
    assert api.get("/v1/fields/quota").json()["remaining"] == 195
    for params in ({"limit": 0}, {"limit": 1001}, {"limit": "x"}):
        refused(api.get(RULES, params=params), 400, "request.param.invalid")
    refused(api.get(RULES, params={"token": "forged"}), 400, "api:invalid_token")


def test_body_id_must_match_the_path(api):
    rule = api.get(RULES).json()["data"][0]
    body = dict((k, rule[k]) for k in ("name", "scope", "parseExpression", "enabled"))
    assert api.put(RULES + "/" + rule["id"], dict(body, id=rule["id"])).status_code == 200
    refused(api.put(RULES + "/" + rule["id"], dict(body, id="0000000000000001")), 400, "api:invalid_field")
    refused(api.put(RULES + "/0000000000000001", body), 404, "extractionRule:not_found")
    refused(api.put(RULES + "/nope", body), 400, "api:invalid_id")


def test_concurrent_edit_fault_finds_the_rule(api, control):
    rule = api.get(RULES).json()["data"][0]
    control.fault(action="concurrent_edit", method="GET", path="^/api/v1/extractionRules/", patch={"scope": "edited"})
    assert api.get(RULES + "/" + rule["id"]).json()["scope"] == "edited"
