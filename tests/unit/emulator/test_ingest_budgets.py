# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's ingest budgets (v2): create, scopes, the whole-budget PUT, usage and its reset, delete, paging.

Every answer, success and error, is checked against ``schemas/ingest_budgets.json`` (or the
common error schema) as it arrives.
"""

from __future__ import annotations

import copy
import re

import pytest
import requests

from ansible_collections.community.sumologic.tests.emulator import ingest_budgets
from ansible_collections.community.sumologic.tests.unit.emulator.answer_schemas import (
    assert_matches,
    departures,
    refused,
)

BUDGETS = "/v2/ingestBudgets"
BUDGET = "ingest_budgets.json#/$defs/IngestBudgetV2"
LISTING = "ingest_budgets.json#/$defs/ListIngestBudgetsResponseV2"
ERROR = "common.json#/$defs/ErrorResponse"
HEX16 = re.compile(r"^[0-9A-F]{16}$")
GIB = 1024 ** 3
MIB = 1024 ** 2
RESET = "/usage/reset"


class Budgets:
    """The ingest budget API with every answer checked against its schema as it arrives."""

    def __init__(self, api):
        self.api = api
        self.checked = 0

    def request(self, method, path, body=None, params=None):
        resp = self.api.request(method, path, body, params)
        self.checked += 1
        if resp.status_code >= 400:
            assert_matches(resp.json(), ERROR)
        elif method == "DELETE":
            assert resp.status_code == 204 and resp.content == b"", resp.text
        elif path.endswith(RESET):
            assert resp.status_code == 200 and resp.content == b"", resp.text
        else:
            assert resp.status_code == 200, resp.text
            assert_matches(resp.json(), LISTING if (method, path) == ("GET", BUDGETS) else BUDGET)
        return resp

    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def post(self, path, body=None):
        return self.request("POST", path, body)

    def put(self, path, body=None):
        return self.request("PUT", path, body)

    def delete(self, path):
        return self.request("DELETE", path)

    def listed(self, params=None):
        return self.get(BUDGETS, params).json()["data"]

    def named(self, name):
        found = [b for b in self.listed({"limit": 1000}) if b["name"] == name]
        assert len(found) == 1, name
        return found[0]

    def create(self, **body):
        body.setdefault("scope", "_sourceCategory=app/*")
        body.setdefault("capacityBytes", GIB)
        body.setdefault("action", "keepCollecting")
        resp = self.post(BUDGETS, body)
        assert resp.status_code == 200, resp.text
        return resp.json()

    def usage(self, name, used):
        return self.api.control("POST", "/ingest_budgets/usage", {"name": name, "usageBytes": used})


@pytest.fixture
def budgets(api):
    checker = Budgets(api)
    yield checker
    assert checker.checked


def definition(budget):
    return dict((key, budget[key]) for key in ingest_budgets.KEYS if key in budget)


def test_demo_budgets(budgets):
    page = budgets.get(BUDGETS).json()
    assert page["next"] is None
    assert [(b["name"], b["budgetType"], b["usageStatus"]) for b in page["data"]] == [
        ("prod-web", "dailyVolume", "Approaching"), ("team-payments", "dailyVolume", "Exceeded"),
        ("burst-guard", "minuteVolume", "Normal")]
    web, payments, burst = page["data"]
    assert (web["timezone"], web["resetTime"], web["auditThreshold"], web["action"]) == \
        ("America/Los_Angeles", "02:00", 85, "stopCollecting")
    assert web["capacityBytes"] * 0.85 <= web["usageBytes"] < web["capacityBytes"]
    assert payments["usageBytes"] > payments["capacityBytes"] and "description" not in payments
    assert burst["usageBytes"] == 0 and "auditThreshold" not in burst
    assert all((b["version"], b["budgetVersion"]) == (1, 2) for b in page["data"])


def test_create_with_defaults_and_read(budgets):
    budget = budgets.create(name="app budget")
    assert HEX16.match(budget["id"])
    assert definition(budget) == {"name": "app budget", "scope": "_sourceCategory=app/*", "capacityBytes": GIB,
                                  "action": "keepCollecting", "timezone": "Etc/UTC", "resetTime": "00:00",
                                  "budgetType": "dailyVolume"}
    assert (budget["usageBytes"], budget["usageStatus"], budget["version"]) == (0, "Normal", 1)
    assert budget["createdAt"] == budget["modifiedAt"] and budget["createdBy"] == budget["modifiedBy"]
    assert budgets.get(BUDGETS + "/" + budget["id"]).json() == budget
    assert budgets.get(BUDGETS + "/" + budget["id"].lower()).json() == budget
    full = budgets.create(name="full", scope="team=web", capacityBytes=30000000000, timezone="Europe/Paris",
                          resetTime="23:59", description="d" * 1024, action="stopCollecting", auditThreshold=99,
                          budgetType="minuteVolume")
    assert definition(full) == {"name": "full", "scope": "team=web", "capacityBytes": 30000000000,
                                "timezone": "Europe/Paris", "resetTime": "23:59", "description": "d" * 1024,
                                "action": "stopCollecting", "auditThreshold": 99, "budgetType": "minuteVolume"}
    # What Terraform's provider sends: an empty description, no audit threshold.
    terraform = budgets.create(name="tf", description="", timezone="Etc/UTC", resetTime="00:00")
    assert terraform["description"] == "" and "auditThreshold" not in terraform


@pytest.mark.parametrize("body, message", [
    ({"scope": "a=b", "capacityBytes": 1, "action": "keepCollecting"}, "name is required"),
    ({"name": "n", "capacityBytes": 1, "action": "keepCollecting"}, "scope is required"),
    ({"name": "n", "scope": "team=a", "action": "keepCollecting"}, "capacityBytes is required"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1}, "action is required"),
    ({"name": "", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting"}, "name must be a string of 1 to 128"),
    ({"name": "n" * 129, "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting"},
     "name must be a string of 1 to 128"),
    ({"name": "n", "scope": "", "capacityBytes": 1, "action": "keepCollecting"}, "scope must be a string of 1 to 1024"),
    ({"name": "n", "scope": "team=" + "a" * 1020, "capacityBytes": 1, "action": "keepCollecting"},
     "scope must be a string of 1 to 1024"),
    ({"name": "n", "scope": "_sourceCategory", "capacityBytes": 1, "action": "keepCollecting"}, "one field=value"),
    ({"name": "n", "scope": "_sourceCategory=", "capacityBytes": 1, "action": "keepCollecting"}, "one field=value"),
    ({"name": "n", "scope": "=prod", "capacityBytes": 1, "action": "keepCollecting"}, "one field=value"),
    ({"name": "n", "scope": "team = a", "capacityBytes": 1, "action": "keepCollecting"}, "one field=value"),
    ({"name": "n", "scope": "team=a, owner=b", "capacityBytes": 1, "action": "keepCollecting"}, "one field=value"),
    ({"name": "n", "scope": " team=a", "capacityBytes": 1, "action": "keepCollecting"}, "one field=value"),
    ({"name": "n", "scope": "team=a ", "capacityBytes": 1, "action": "keepCollecting"}, "one field=value"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 0, "action": "keepCollecting"}, "at least 1"),
    ({"name": "n", "scope": "team=a", "capacityBytes": "10GB", "action": "keepCollecting"}, "at least 1"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1.5, "action": "keepCollecting"}, "at least 1"),
    ({"name": "n", "scope": "team=a", "capacityBytes": True, "action": "keepCollecting"}, "at least 1"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 2 ** 63, "action": "keepCollecting"}, "at least 1"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "stop"}, "keepCollecting` or `stopCollecting"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "timezone": "Mars/Base"},
     "IANA"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "timezone": "pst"}, "IANA"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "resetTime": "2:00"}, "HH:MM"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "resetTime": "24:00"}, "HH:MM"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "resetTime": "12:60"}, "HH:MM"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "resetTime": 1410}, "HH:MM"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "description": "d" * 1025},
     "description must be a string of 0 to 1024"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "auditThreshold": 0},
     "from 1 to 99"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "auditThreshold": 100},
     "from 1 to 99"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "auditThreshold": "85"},
     "from 1 to 99"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "budgetType": "hourly"},
     "dailyVolume or minuteVolume"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "fieldValue": "dev"},
     "Unknown or read-only"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "id": "0000000003343FDD"},
     "Unknown or read-only"),
    ({"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting", "usageBytes": 0},
     "Unknown or read-only"),
])
def test_bad_creates(budgets, body, message):
    error = refused(budgets.post(BUDGETS, body), 400, "api:invalid_field")
    assert message in error["detail"], error


@pytest.mark.parametrize("scope, words", [
    ("_budget=dev_30_gb", "reserved for legacy"),
    ("_BUDGET=x", "reserved for legacy"),
    ("status_code=500", "field extraction rules"),     # the demo's extraction rule assigns it
    ("environment=dev", "not enabled"),                # a disabled custom field
    ("datacenter=eu", "not enabled"),                  # a dropped field: not defined
    ("nosuchfield=x", "not enabled"),
])
def test_the_scope_s_field_must_be_enabled_and_not_reserved(budgets, scope, words):
    error = refused(budgets.post(BUDGETS, {"name": "n", "scope": scope, "capacityBytes": 1,
                                           "action": "keepCollecting"}), 400, "ingestBudget:invalid_scope_field")
    assert words in error["detail"] + error["message"], error


@pytest.mark.parametrize("scope", ["_sourceCategory=*prod*payment*", "team=kafka", "TEAM=kafka",
                                   "_collector=CloudTrail", "_sourceHost=web-01", "owner=\"quoted value\"",
                                   "_sourceName=/var/log/app name.log"])
def test_good_scopes(budgets, scope):
    assert budgets.create(name="n", scope=scope)["scope"] == scope


def test_a_field_enabled_later_can_be_used(budgets, api):
    environment = [f for f in api.get("/v1/fields").json()["data"] if f["fieldName"] == "environment"][0]
    assert api.put("/v1/fields/%s/enable" % environment["fieldId"]).status_code == 204
    assert budgets.create(name="dev", scope="environment=dev")["scope"] == "environment=dev"


@pytest.mark.parametrize("name", ["prod-web", "PROD-WEB", "Burst-Guard"])
def test_names_are_unique_without_regard_to_case(budgets, name):
    refused(budgets.post(BUDGETS, {"name": name, "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting"}),
            400, "ingestBudget:duplicate_name")


def test_a_put_replaces_the_whole_budget(budgets):
    budget = budgets.named("prod-web")
    path = BUDGETS + "/" + budget["id"]
    body = {"name": "prod-web", "scope": "_sourceCategory=prod/web/*", "capacityBytes": 10 * GIB,
            "action": "stopCollecting"}
    updated = budgets.put(path, body).json()
    # Left out: back to the defaults, or gone.
    assert definition(updated) == dict(body, timezone="Etc/UTC", resetTime="00:00", budgetType="dailyVolume")
    assert (updated["version"], updated["createdAt"]) == (2, budget["createdAt"])
    assert updated["modifiedAt"] >= budget["modifiedAt"]
    # The usage stays; 92% of the capacity is still Approaching (85% without an audit threshold).
    assert (updated["usageBytes"], updated["usageStatus"]) == (budget["usageBytes"], "Approaching")
    assert budgets.get(path).json() == updated
    # The same body again changes nothing: no new version.
    assert budgets.put(path, body).json() == updated
    assert budgets.put(path, dict(body, id=budget["id"].lower(), budgetType="dailyVolume")).json() == updated
    # Renamed, to a name of one's own: fine.
    renamed = budgets.put(path, dict(body, name="Prod-Web")).json()
    assert (renamed["name"], renamed["version"]) == ("Prod-Web", 3)


@pytest.mark.parametrize("change, code", [
    ({"action": None}, "api:invalid_field"),           # every required property, every time
    ({"scope": None}, "api:invalid_field"),
    ({"capacityBytes": None}, "api:invalid_field"),
    ({"name": "team-payments"}, "ingestBudget:duplicate_name"),
    ({"scope": "environment=dev"}, "ingestBudget:invalid_scope_field"),
    ({"id": "0000000000000001"}, "api:invalid_field"),
    ({"version": 1}, "api:invalid_field"),
    ({"usageStatus": "Normal"}, "api:invalid_field"),
    ({"budgetType": "minuteVolume"}, "ingestBudget:immutable"),
])
def test_bad_updates(budgets, change, code):
    budget = budgets.named("prod-web")
    path = BUDGETS + "/" + budget["id"]
    body = dict(definition(budget), **change)
    body = dict((key, value) for key, value in body.items() if value is not None)
    refused(budgets.put(path, body), 400, code)
    assert budgets.get(path).json() == budget


def test_the_budget_type_never_changes(budgets):
    burst = budgets.named("burst-guard")
    path = BUDGETS + "/" + burst["id"]
    body = definition(burst)
    del body["budgetType"]
    # Left out of a PUT, it stays what it is.
    assert budgets.put(path, dict(body, capacityBytes=60 * MIB)).json()["budgetType"] == "minuteVolume"
    error = refused(budgets.put(path, dict(body, budgetType="dailyVolume")), 400, "ingestBudget:immutable")
    assert "minuteVolume" in error["message"]


def test_usage_statuses(budgets):
    budget = budgets.create(name="watched", capacityBytes=1000, auditThreshold=80)
    path = BUDGETS + "/" + budget["id"]
    for used, status in ((0, "Normal"), (799, "Normal"), (800, "Approaching"), (999, "Approaching"),
                         (1000, "Exceeded"), (5000, "Exceeded"), (None, "Unknown")):
        budgets.usage("WATCHED", used)
        shown = budgets.get(path).json()
        assert (shown.get("usageBytes"), shown["usageStatus"]) == (used, status)
    # Usage is not an edit of the budget.
    assert (shown["version"], shown["modifiedAt"]) == (budget["version"], budget["modifiedAt"])
    # The status follows the definition too.
    budgets.usage("watched", 900)
    body = definition(budgets.get(path).json())
    assert budgets.put(path, dict(body, auditThreshold=95)).json()["usageStatus"] == "Normal"
    assert budgets.put(path, dict(body, capacityBytes=900)).json()["usageStatus"] == "Exceeded"
    assert budgets.put(path, dict(body, capacityBytes=1000000)).json()["usageStatus"] == "Normal"


def test_usage_reset(budgets):
    budget = budgets.named("team-payments")
    path = BUDGETS + "/" + budget["id"]
    resp = budgets.post(path + RESET)
    assert resp.status_code == 200 and resp.content == b""
    after = budgets.get(path).json()
    assert (after["usageBytes"], after["usageStatus"]) == (0, "Normal")
    # A reset is not an edit of the budget.
    assert (after["version"], after["modifiedAt"]) == (budget["version"], budget["modifiedAt"])
    assert budgets.post(path + RESET).status_code == 200  # nothing to reset: fine
    # "This is only applicable to dailyVolume budgetType."
    burst = budgets.named("burst-guard")
    error = refused(budgets.post(BUDGETS + "/" + burst["id"] + RESET), 400, "ingestBudget:reset_not_applicable")
    assert "minuteVolume" in error["message"]
    refused(budgets.post(BUDGETS + "/0000000000000001" + RESET), 404, "ingestBudget:not_found")
    refused(budgets.request("GET", path + RESET), 405, "method.unsupported")


def test_the_daily_reset_time_comes(budgets):
    assert budgets.api.control("POST", "/ingest_budgets/reset-due") == {"reset": ["prod-web", "team-payments"]}
    assert [b["usageStatus"] for b in budgets.listed()] == ["Normal", "Normal", "Normal"]


def test_delete(budgets):
    budget = budgets.named("team-payments")
    path = BUDGETS + "/" + budget["id"]
    assert budgets.delete(path).status_code == 204
    refused(budgets.get(path), 404, "ingestBudget:not_found")
    refused(budgets.delete(path), 404, "ingestBudget:not_found")
    refused(budgets.put(path, definition(budget)), 404, "ingestBudget:not_found")
    assert [b["name"] for b in budgets.listed()] == ["prod-web", "burst-guard"]
    again = budgets.create(name="team-payments", scope="team=payments")
    assert again["id"] != budget["id"] and again["version"] == 1


def test_the_budget_limit(budgets, control):
    control.reset(ingest_budgets=ingest_budgets.BUDGET_LIMIT - 4)  # with the demo's three: one left
    last = budgets.create(name="the last one")
    error = refused(budgets.post(BUDGETS, {"name": "one too many", "scope": "team=a", "capacityBytes": 1,
                                           "action": "keepCollecting"}), 400, "ingestBudget:limit_reached")
    assert "100" in error["message"]
    # Updates are fine at the limit; a delete frees a place.
    assert budgets.put(BUDGETS + "/" + last["id"], dict(definition(last), capacityBytes=2)).status_code == 200
    budgets.delete(BUDGETS + "/" + last["id"])
    budgets.create(name="one too many")
    resp = requests.post(budgets.api.emulator.control + "/reset", json={"ingest_budgets": 98}, timeout=10)
    assert resp.status_code == 400 and "limit" in resp.json()["error"]


def test_paging(budgets, control):
    control.reset(ingest_budgets=20)
    seen, token, pages = [], None, 0
    while True:
        page = budgets.get(BUDGETS, dict({"limit": 10}, **({"token": token} if token else {}))).json()
        pages += 1
        assert len(page["data"]) <= 10
        seen.extend(b["name"] for b in page["data"])
        token = page["next"]
        if not token:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == 23 and seen[-1] == "bulk-budget-0020"
    whole = budgets.get(BUDGETS).json()  # the default limit (100) holds them all
    assert [b["name"] for b in whole["data"]] == seen and whole["next"] is None
    for params in ({"limit": 0}, {"limit": 1001}):
        refused(budgets.get(BUDGETS, params), 400, "request.param.invalid")
    refused(budgets.get(BUDGETS, {"token": "forged"}), 400, "api:invalid_token")
    # Terraform's provider sends next= instead of token=: like any unknown parameter, it is ignored.
    first = budgets.get(BUDGETS, {"limit": 10}).json()
    assert budgets.get(BUDGETS, {"limit": 10, "next": first["next"]}).json() == first


def test_the_v1_api_is_not_served(budgets, api):
    budget = budgets.named("prod-web")
    for path in ("/v1/ingestBudgets", "/v1/ingestBudgets/" + budget["id"],
                 "/v1/ingestBudgets/" + budget["id"] + "/collectors"):
        refused(api.get(path), 404, "notfound")


def test_empty_seed(budgets, control):
    control.reset("empty")
    assert budgets.get(BUDGETS).json() == {"data": [], "next": None}
    # The custom fields of the demo are not there; built-in ones are.
    refused(budgets.post(BUDGETS, {"name": "n", "scope": "team=a", "capacityBytes": 1, "action": "keepCollecting"}),
            400, "ingestBudget:invalid_scope_field")
    assert budgets.create(name="n", scope="_sourceCategory=a")["name"] == "n"


def test_unknown_ids(budgets):
    error = refused(budgets.get(BUDGETS + "/0000000000000001"), 404, "ingestBudget:not_found")
    assert "0000000000000001" in error["message"]
    refused(budgets.get(BUDGETS + "/1"), 400, "api:invalid_id")
    refused(budgets.delete(BUDGETS + "/budget-name"), 400, "api:invalid_id")


def test_concurrent_edit_fault_finds_the_budget(budgets, control):
    budget = budgets.named("prod-web")
    path = BUDGETS + "/" + budget["id"]
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v2/ingestBudgets/", patch={"name": "renamed-{n}"})
    # Another user renamed it just before this PUT of the budget as it was read: the PUT replaces the
    # budget, so the name comes back, and it is a change now (a new version).
    updated = budgets.put(path, definition(budget)).json()
    assert (updated["name"], updated["version"]) == ("prod-web", 2)
    control.fault(action="concurrent_edit", method="GET", path="^/api/v2/ingestBudgets/[0-9A-F]{16}$",
                  patch={"description": "edited by someone else {n}"})
    assert budgets.get(path).json()["description"] == "edited by someone else 0"


def test_control_errors(budgets):
    for body in ({"name": "nope", "usageBytes": 1}, {"name": "prod-web", "usageBytes": -1},
                 {"name": "prod-web", "usageBytes": "1"}):
        resp = requests.post(budgets.api.emulator.control + "/ingest_budgets/usage", json=body, timeout=10)
        assert resp.status_code in (400, 404) and resp.json()["error"]
    assert budgets.named("prod-web")["usageStatus"] == "Approaching"


# -- the schema itself: a missing or mistyped property fails ------------------------------------------

@pytest.mark.parametrize("key", ["action", "capacityBytes", "name", "scope", "createdAt", "createdBy", "id",
                                 "modifiedAt", "modifiedBy", "version"])
def test_a_missing_required_property_fails(budgets, key):
    body = budgets.get(BUDGETS).json()
    broken = copy.deepcopy(body)
    del broken["data"][0][key]
    found = departures(broken, LISTING)
    assert any("%r is a required property" % key in line for line in found), found


@pytest.mark.parametrize("change, words", [
    ({"usageStatus": "Fine"}, "does not match"),
    ({"action": "stop"}, "does not match"),
    ({"budgetType": "hourly"}, "does not match"),
    ({"capacityBytes": 0}, "is less than the minimum"),
    ({"auditThreshold": 100}, "is greater than the maximum"),
    ({"resetTime": "2:00"}, "is too short"),
    ({"createdAt": "yesterday"}, "is not a 'date-time'"),
    ({"version": "1"}, "is not of type 'integer'"),
    ({"name": ""}, "should be non-empty"),
])
def test_a_wrong_value_fails(budgets, change, words):
    budget = budgets.named("prod-web")
    assert not departures(budget, BUDGET)
    found = departures(dict(budget, **change), BUDGET)
    assert any(words in line for line in found), found
