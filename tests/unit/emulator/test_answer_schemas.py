# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every answer of the OpenAPI-described endpoints, success and error, against the schemas in ``schemas/``."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.community.sumologic.tests.unit.emulator.answer_schemas import assert_matches, departures

ERROR = "common.json#/$defs/ErrorResponse"
CSE_ERROR = "insights.json#/$defs/ErrorResponse"


class Walk:
    """Answers that must have a status and match a schema (``ref`` None: no body at all)."""

    @staticmethod
    def check(resp, status, ref):
        assert resp.status_code == status, "%s %s: %s" % (resp.request.method, resp.request.url, resp.text)
        if ref is None:
            assert resp.content == b""
            return None
        body = resp.json()
        assert_matches(body, ref)
        return body


@pytest.fixture
def walk():
    return Walk()


def test_users(walk, api, control):
    control.reset(users=3)
    s = "users.json#/$defs/"
    page = walk.check(api.get("/v1/users", params={"limit": 2}), 200, s + "ListUserModelsResponse")
    assert page["next"]
    last = walk.check(api.get("/v1/users", params={"limit": 1000}), 200, s + "ListUserModelsResponse")
    assert last["next"] is None
    walk.check(api.get("/v1/users", params={"email": "ALICE@example.com"}), 200, s + "ListUserModelsResponse")
    analyst = [r for r in api.get("/v1/roles").json()["data"] if r["name"] == "Analyst"][0]
    user = walk.check(api.post("/v1/users", {"firstName": "Sam", "lastName": "", "email": "sam@example.com",
                                             "roleIds": [analyst["id"]]}), 200, s + "UserModel")
    path = "/v1/users/" + user["id"]
    walk.check(api.get(path), 200, s + "UserModel")
    walk.check(api.put(path, {"firstName": "Samuel", "lastName": "S", "isActive": False}), 200, s + "UserModel")
    walk.check(api.post(path + "/email/requestChange", {"email": "samuel@example.com"}), 204, None)
    walk.check(api.get(path), 200, s + "UserModel")  # with the pending email
    for action in ("/password/reset", "/unlock", "/resendWelcomeEmail"):
        walk.check(api.post(path + action), 204, None)
    walk.check(api.put(path + "/mfa/disable", {"email": "sam@example.com", "password": "x"}), 204, None)
    # Errors.
    walk.check(api.get("/v1/users/0000000000000001"), 404, ERROR)
    walk.check(api.get("/v1/users/nope"), 400, ERROR)
    walk.check(api.post("/v1/users", {"firstName": "No"}), 400, ERROR)
    walk.check(api.post("/v1/users", {"firstName": "A", "lastName": "B", "email": "alice@example.com",
                                      "roleIds": []}), 400, ERROR)
    walk.check(api.get("/v1/users", params={"limit": 0}), 400, ERROR)
    walk.check(api.get("/v1/users", params={"token": "forged"}), 400, ERROR)
    walk.check(api.get("/v1/users", params={"sortBy": "age"}), 400, ERROR)
    walk.check(api.delete(path, params={"deleteContent": "true", "transferTo": user["id"]}), 400, ERROR)
    walk.check(api.delete(path, params={"deleteContent": "true"}), 204, None)
    walk.check(api.request("PATCH", path), 405, ERROR)


@pytest.mark.parametrize("version", [1, 2])
def test_roles(walk, api, control, version):
    control.reset(roles=3)
    prefix = "/v%d/roles" % version
    s = "roles.json#/$defs/" + ("RoleModel" if version == 1 else "RoleModelV2")
    listing = "roles.json#/$defs/" + ("ListRoleModelsResponse" if version == 1 else "ListRoleModelsResponseV2")
    assert walk.check(api.get(prefix, params={"limit": 2}), 200, listing)["next"]
    walk.check(api.get(prefix, params={"name": "analyst", "sortBy": "-name"}), 200, listing)
    role = walk.check(api.post(prefix, {"name": "Schema Role", "capabilities": ["viewCollectors"]}), 200, s)
    path = prefix + "/" + role["id"]
    walk.check(api.get(path), 200, s)
    body = {"name": "Schema Role", "description": "d", "users": [], "capabilities": ["viewFields"]}
    if version == 1:
        body["filterPredicate"] = "_sourceCategory=x"
    else:
        body.update(logAnalyticsFilter="", auditDataFilter="", securityDataFilter="", selectionType="Allow",
                    selectedViews=[{"viewName": "view_a"}])
    walk.check(api.put(path, body), 200, s)
    user = api.get("/v1/users", params={"email": "bob@example.com"}).json()["data"][0]
    walk.check(api.put(path + "/users/" + user["id"]), 200, s)
    walk.check(api.delete(path + "/users/" + user["id"]), 204, None)
    # Errors.
    walk.check(api.delete(path + "/users/" + user["id"]), 400, ERROR)
    walk.check(api.put(path, {"name": "Missing the rest"}), 400, ERROR)
    walk.check(api.post(prefix, {"name": "Analyst"}), 400, ERROR)
    walk.check(api.post(prefix, {"name": "Caps", "capabilities": ["flyToTheMoon"]}), 400, ERROR)
    walk.check(api.get(prefix + "/0000000000000001"), 404, ERROR)
    administrator = [r for r in api.get(prefix).json()["data"] if r["name"] == "Administrator"][0]
    walk.check(api.delete(prefix + "/" + administrator["id"]), 400, ERROR)
    walk.check(api.delete(path), 204, None)


def test_insights(walk, api, control):
    control.reset(insights=25)
    s = "insights.json#/$defs/"
    sec = "/sec/v1"
    listed = walk.check(api.get(sec + "/insights", params={"limit": 100}), 200, s + "GetInsightsResponse")
    walk.check(api.get(sec + "/insights", params={"q": 'status:"closed"', "recordSummaryFields": "srcDevice_ip"}),
               200, s + "GetInsightsResponse")
    page = walk.check(api.get(sec + "/insights/all"), 200, s + "GetAllInsightsResponse")
    walk.check(api.get(sec + "/insights/all", params={"nextPageToken": page["data"]["nextPageToken"],
                                                      "expand": "signals,artifacts"}), 200, s + "GetAllInsightsResponse")
    insight = listed["data"]["objects"][0]
    path = sec + "/insights/" + insight["id"]
    walk.check(api.get(path), 200, s + "GetInsightResponse")
    walk.check(api.get(path, params={"recordSummaryFields": "device_hostname,user_username"}), 200,
               s + "GetInsightResponse")
    walk.check(api.put(path + "/status", {"status": "inprogress"}), 200, s + "InsightResponse")
    walk.check(api.put(path + "/status", {"status": "closed", "resolution": "Duplicate"}), 200, s + "InsightResponse")
    walk.check(api.put(path + "/assignee", {"assignee": {"type": "USER", "value": "alice@example.com"}}), 200,
               s + "InsightResponse")
    walk.check(api.put(path + "/assignee", {"assignee": {"type": "TEAM", "value": "SOC"}}), 200,
               s + "InsightResponse")
    walk.check(api.delete(path + "/assignee"), 200, s + "InsightResponse")
    walk.check(api.post(path + "/comments", {"body": "looked at it"}), 200, s + "AddInsightCommentResponse")
    walk.check(api.get(path + "/comments"), 200, s + "GetInsightCommentsResponse")
    walk.check(api.get(sec + "/insight-status"), 200, s + "GetInsightStatusesResponse")
    walk.check(api.get(sec + "/insight-status/closed"), 200, s + "InsightStatusResponse")
    walk.check(api.get(sec + "/insight-resolutions"), 200, s + "GetInsightResolutionsResponse")
    walk.check(api.get(sec + "/insight-resolutions/2"), 200, s + "InsightResolutionResponse")
    # Errors.
    walk.check(api.get(sec + "/insights/not-there"), 404, CSE_ERROR)
    walk.check(api.get(sec + "/insights", params={"q": 'status:"new'}), 400, CSE_ERROR)
    walk.check(api.get(sec + "/insights/all", params={"nextPageToken": "forged"}), 400, CSE_ERROR)
    walk.check(api.put(path + "/status", {"status": "closed"}), 400, CSE_ERROR)
    walk.check(api.put(path + "/assignee", {"assignee": {"type": "ROBOT", "value": "x"}}), 400, CSE_ERROR)
    walk.check(api.post(path + "/comments", {"body": ""}), 400, CSE_ERROR)
    walk.check(api.get(sec + "/insight-status/bogus"), 404, CSE_ERROR)


def test_fields(walk, api):
    s = "fields.json#/$defs/"
    walk.check(api.get("/v1/fields"), 200, s + "ListFieldsResponse")
    builtin = walk.check(api.get("/v1/fields/builtin"), 200, s + "ListFieldsResponse")
    walk.check(api.get("/v1/fields/builtin/" + builtin["data"][0]["fieldId"]), 200, s + "Field")
    walk.check(api.get("/v1/fields/dropped"), 200, s + "ListDroppedFieldsResponse")
    walk.check(api.get("/v1/fields/quota"), 200, s + "FieldQuotaUsage")
    field = walk.check(api.post("/v1/fields", {"fieldName": "schema_field"}), 200, s + "Field")
    path = "/v1/fields/" + field["fieldId"]
    walk.check(api.get(path), 200, s + "Field")
    walk.check(api.delete(path + "/disable"), 204, None)
    walk.check(api.put(path + "/enable"), 204, None)
    walk.check(api.delete(path), 204, None)
    # Errors.
    walk.check(api.get(path), 404, ERROR)
    walk.check(api.get("/v1/fields/x"), 400, ERROR)
    walk.check(api.post("/v1/fields", {"fieldName": "team"}), 400, ERROR)
    walk.check(api.post("/v1/fields", {"fieldName": "_sourceHost"}), 400, ERROR)
    walk.check(api.post("/v1/fields", {}), 400, ERROR)
    walk.check(api.put(path, {"fieldName": "x"}), 405, ERROR)


def test_fields_quota_error(walk, api, control):
    control.reset("empty", field_quota=0)
    walk.check(api.post("/v1/fields", {"fieldName": "none_left"}), 400, ERROR)
    walk.check(api.get("/v1/fields/quota"), 200, "fields.json#/$defs/FieldQuotaUsage")


def test_extraction_rules(walk, api, control):
    control.reset(extraction_rules=3)
    s = "extraction_rules.json#/$defs/"
    assert walk.check(api.get("/v1/extractionRules", params={"limit": 2}), 200, s + "ListExtractionRulesResponse")["next"]
    walk.check(api.get("/v1/extractionRules"), 200, s + "ListExtractionRulesResponse")
    body = {"name": "schema-rule", "scope": "", "parseExpression": 'parse "a=*" as a'}
    rule = walk.check(api.post("/v1/extractionRules", body), 200, s + "ExtractionRule")
    path = "/v1/extractionRules/" + rule["id"]
    walk.check(api.get(path), 200, s + "ExtractionRule")
    walk.check(api.put(path, dict(body, enabled=False)), 200, s + "ExtractionRule")
    # Errors.
    walk.check(api.put(path, body), 400, ERROR)
    walk.check(api.post("/v1/extractionRules", body), 400, ERROR)
    walk.check(api.post("/v1/extractionRules", dict(body, name="other", parseExpression="keyvalue auto")), 400, ERROR)
    walk.check(api.get("/v1/extractionRules", params={"token": "forged"}), 400, ERROR)
    walk.check(api.delete(path), 204, None)
    walk.check(api.get(path), 404, ERROR)


def test_partitions(walk, api, control):
    control.reset(partitions=3)
    s = "partitions.json#/$defs/"
    assert walk.check(api.get("/v1/partitions", params={"limit": 2}), 200, s + "ListPartitionsResponse")["next"]
    walk.check(api.get("/v1/partitions", params={"viewTypes": "Partition,DefaultView,AuditIndex"}), 200,
               s + "ListPartitionsResponse")
    partition = walk.check(api.post("/v1/partitions", {"name": "schema_partition", "routingExpression": "x",
                                                       "retentionPeriod": 90}), 200, s + "Partition")
    path = "/v1/partitions/" + partition["id"]
    walk.check(api.get(path), 200, s + "Partition")
    walk.check(api.put(path, {"retentionPeriod": 30, "reduceRetentionPeriodImmediately": False}), 200, s + "Partition")
    walk.check(api.post(path + "/cancelRetentionUpdate"), 204, None)
    walk.check(api.put(path, {"isCompliant": True, "routingExpression": "y"}), 200, s + "Partition")
    # Errors.
    walk.check(api.put(path, {"name": "renamed"}), 400, ERROR)
    walk.check(api.put(path, {"retentionPeriod": 10, "reduceRetentionPeriodImmediately": True}), 400, ERROR)
    walk.check(api.post("/v1/partitions", {"name": "schema_partition", "routingExpression": "x"}), 400, ERROR)
    walk.check(api.post("/v1/partitions", {"name": "bad name", "routingExpression": "x"}), 400, ERROR)
    walk.check(api.post(path + "/cancelRetentionUpdate"), 400, ERROR)
    walk.check(api.post(path + "/decommission"), 200, None)
    walk.check(api.get(path), 200, s + "Partition")
    walk.check(api.post(path + "/decommission"), 400, ERROR)
    walk.check(api.delete(path), 405, ERROR)
    walk.check(api.get("/v1/partitions/0000000000000001"), 404, ERROR)


def test_common_answers(walk, api, emulator):
    walk.check(api.get("/v1/nothing-here"), 404, ERROR)
    unauthorised = api.http.get(emulator.url + "/v1/fields", auth=("nobody", "wrong"), timeout=10)
    walk.check(unauthorised, 401, ERROR)
    walk.check(api.http.post(emulator.url + "/v1/partitions", data="x", timeout=10,
                             headers={"Content-Type": "text/plain"}), 415, ERROR)


# -- the schemas themselves: a missing or mistyped field fails ---------------------------------------

@pytest.mark.parametrize("path, ref, drop", [
    ("/v1/users", "users.json#/$defs/ListUserModelsResponse", ("data", 0, "id")),
    ("/v1/users", "users.json#/$defs/ListUserModelsResponse", ("data", 0, "createdAt")),
    ("/v2/roles", "roles.json#/$defs/ListRoleModelsResponseV2", ("data", 0, "name")),
    ("/sec/v1/insights", "insights.json#/$defs/GetInsightsResponse", ("data", "objects", 0, "artifacts")),
    ("/sec/v1/insights", "insights.json#/$defs/GetInsightsResponse", ("data", "objects", 0, "recordSummaryFields")),
    ("/sec/v1/insights", "insights.json#/$defs/GetInsightsResponse",
     ("data", "objects", 0, "signals", 0, "allRecords")),
    ("/sec/v1/insights", "insights.json#/$defs/GetInsightsResponse", ("data", "objects", 0, "entity", "value")),
    ("/v1/fields", "fields.json#/$defs/ListFieldsResponse", ("data", 0, "state")),
    ("/v1/fields/quota", "fields.json#/$defs/FieldQuotaUsage", ("remaining",)),
    ("/v1/extractionRules", "extraction_rules.json#/$defs/ListExtractionRulesResponse", ("data", 0, "scope")),
    ("/v1/partitions", "partitions.json#/$defs/ListPartitionsResponse", ("data", 0, "totalBytes")),
])
def test_a_missing_required_property_fails(api, path, ref, drop):
    body = api.get(path).json()
    assert not departures(body, ref)
    broken = copy.deepcopy(body)
    holder = broken
    for key in drop[:-1]:
        holder = holder[key]
    del holder[drop[-1]]
    found = departures(broken, ref)
    assert any("%r is a required property" % drop[-1] in line for line in found), found


@pytest.mark.parametrize("ref, body, words", [
    ("fields.json#/$defs/Field", {"fieldName": "x", "fieldId": "1", "dataType": "Text", "state": "Enabled"},
     "does not match"),
    ("fields.json#/$defs/Field", {"fieldName": "", "fieldId": "1", "dataType": "String", "state": "Enabled"},
     "should be non-empty"),
    ("fields.json#/$defs/FieldQuotaUsage", {"quota": "200", "remaining": 1}, "is not of type 'integer'"),
    ("common.json#/$defs/MetadataModel", {"createdAt": "yesterday", "createdBy": "x", "modifiedAt": "2026-01-01T00:00:00Z",
                                          "modifiedBy": "x"}, "is not a 'date-time'"),
    ("common.json#/$defs/ErrorResponse", {"id": "X", "errors": []}, "should be non-empty"),
    ("partitions.json#/$defs/Partition", {"id": "1", "totalBytes": 0, "name": "p", "routingExpression": "x",
                                          "analyticsTier": "hot", "createdAt": "2026-01-01T00:00:00Z",
                                          "createdBy": "x", "modifiedAt": "2026-01-01T00:00:00Z", "modifiedBy": "x"},
     "does not match"),
    ("insights.json#/$defs/Assignee", {"email": "x@example.com"}, "is not valid under any of the given schemas"),
])
def test_a_wrong_value_fails(ref, body, words):
    assert any(words in line for line in departures(body, ref)), departures(body, ref)
