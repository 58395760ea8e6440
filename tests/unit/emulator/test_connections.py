# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's connections: webhooks and ServiceNow, masked secrets, ?type=, paging, references from monitors.

Every answer, success and error, is checked against ``schemas/connections.json`` (or the
common error schema).
"""

from __future__ import annotations

import copy

import pytest

from ansible_collections.community.sumologic.tests.emulator.connections import MASK
from ansible_collections.community.sumologic.tests.unit.emulator.answer_schemas import (
    assert_matches,
    departures,
    refused,
)

CONNECTIONS = "/v1/connections"
S = "connections.json#/$defs/"
SECRET = "Bearer s3cr3t-value"


def ok(resp, ref, status=200):
    assert resp.status_code == status, "%s %s: %s" % (resp.request.method, resp.request.url, resp.text)
    body = resp.json()
    assert_matches(body, S + ref)
    return body


def webhook(**body):
    base = {"type": "WebhookDefinition", "name": "ops hook", "url": "https://hooks.example.com/x",
            "defaultPayload": '{"text": "{{Name}}"}'}
    base.update(body)
    return base


def create(api, **body):
    return ok(api.post(CONNECTIONS, webhook(**body)), "WebhookConnection")


def named(api, name):
    found = [c for c in api.get(CONNECTIONS, params={"limit": 1000}).json()["data"] if c["name"] == name]
    assert len(found) == 1
    return found[0]


def test_demo_connections(api):
    listed = ok(api.get(CONNECTIONS), "ListConnectionsResponse")
    assert listed["next"] is None
    assert [(c["name"], c["webhookType"]) for c in listed["data"]] == [
        ("Slack ops-alerts", "Slack"), ("PagerDuty platform", "PagerDuty"), ("Audit webhook", "Webhook")]
    pagerduty = listed["data"][1]
    # The Authorization header is a secret: answered masked, never in clear.
    assert pagerduty["headers"] == [{"name": "Authorization", "value": MASK}]
    assert "demo-pagerduty-secret" not in api.get(CONNECTIONS).text
    assert listed["data"][2]["customHeaders"] == [{"name": "X-Source", "value": "sumologic"}]


def test_create_with_defaults_and_read(api, emulator):
    conn = create(api, headers=[{"name": "Authorization", "value": SECRET}])
    assert conn["type"] == "WebhookConnection" and len(conn["id"]) == 16
    assert (conn["webhookType"], conn["description"], conn["customHeaders"]) == ("Webhook", "", [])
    assert conn["headers"] == [{"name": "Authorization", "value": MASK}]
    assert "resolutionPayload" not in conn and "connectionSubtype" not in conn and "warnings" not in conn
    assert conn["createdAt"] == conn["modifiedAt"] and conn["createdBy"] == conn["modifiedBy"]
    path = CONNECTIONS + "/" + conn["id"]
    assert ok(api.get(path), "WebhookConnection") == conn
    assert ok(api.get(path, params={"type": "WebhookConnection"}), "WebhookConnection") == conn
    assert ok(api.get(path.lower()), "WebhookConnection") == conn  # ids without regard to case
    # Stored in clear (what the emulator sends to the webhook), answered masked.
    assert emulator.state.connections[conn["id"]]["headers"][0]["value"] == SECRET
    assert SECRET not in api.get(path).text and SECRET not in api.get(CONNECTIONS).text

    full = create(api, name="full hook", description="d" * 1024, webhookType="MicrosoftTeams",
                  connectionSubtype="Event", customHeaders=[{"name": "X-%d" % n, "value": "v"} for n in range(5)],
                  resolutionPayload='{"resolved": "{{Name}}"}')
    assert (full["webhookType"], full["connectionSubtype"], len(full["customHeaders"])) == ("MicrosoftTeams", "Event", 5)
    assert full["resolutionPayload"] == '{"resolved": "{{Name}}"}'


def test_payloads_hold_json_with_variables(api):
    # {{ResultsJson}} stands for a JSON value, so it may go unquoted.
    conn = create(api, defaultPayload='{"text": "{{TriggerType}} on {{Name}}", "rows": {{ResultsJson}}, '
                                      '"one": "{{ResultsJson.host}}"}')
    assert "warnings" not in conn
    unknown = create(api, name="unknown variables", defaultPayload='{"a": "{{Nmae}}", "b": "{{name}}"}',
                     resolutionPayload='{"c": "{{NotAVariable}}"}')
    assert unknown["warnings"] == ["The following variables are not supported: Nmae, NotAVariable"]
    assert ok(api.get(CONNECTIONS + "/" + unknown["id"]), "WebhookConnection")["warnings"] == unknown["warnings"]


@pytest.mark.parametrize("change, words", [
    ({"name": ""}, "name must be a string of 1 to 127"),
    ({"name": "n" * 128}, "name must be a string of 1 to 127"),
    ({"name": "ops #alerts"}, "name may hold letters"),
    ({"description": "d" * 1025}, "description must be a string of 0 to 1024"),
    ({"url": "ftp://hooks.example.com"}, "url must be an http or https URL"),
    ({"url": "hooks.example.com/x"}, "url must be an http or https URL"),
    ({"url": None}, "url must be a string"),
    ({"defaultPayload": ""}, "defaultPayload must be a string of 1"),
    ({"defaultPayload": "not json"}, "defaultPayload must hold JSON"),
    ({"defaultPayload": '{"a": {{Name}}'}, "defaultPayload must hold JSON"),
    ({"resolutionPayload": '{"a": "%s"}' % ("x" * 4096)}, "resolutionPayload must be a string of 0 to 4096"),
    ({"resolutionPayload": "{"}, "resolutionPayload must hold JSON"),
    ({"webhookType": "Email"}, "webhookType must be one of"),
    ({"webhookType": "slack"}, "webhookType must be one of"),
    ({"connectionSubtype": "Alert"}, "connectionSubtype must be Event or Incident"),
    ({"customHeaders": [{"name": "X-%d" % n, "value": "v"} for n in range(6)]}, "at most 5 headers"),
    ({"customHeaders": [{"name": "authorization", "value": "x"}]}, "send it in headers"),
    ({"headers": [{"name": "Authorization"}]}, "the strings name and value"),
    ({"headers": [{"name": "A", "value": 1}]}, "the strings name and value"),
    ({"headers": [{"name": "A", "value": "1"}, {"name": "a", "value": "2"}]}, "is given twice"),
    ({"headers": [{"name": "Bad: name", "value": "1"}]}, "a header name is"),
    ({"headers": {"Authorization": "x"}}, "headers must be a list"),
    ({"headers": [{"name": "Authorization", "value": MASK}]}, None),  # a mask on create is a value like any other
    ({"id": "000000000BF39280"}, "Unknown or read-only connection field"),
    ({"createdAt": "2024-01-01T00:00:00Z"}, "Unknown or read-only connection field"),
    ({"username": "x"}, "Unknown or read-only connection field"),
])
def test_bad_webhooks(api, change, words):
    body = webhook(**change)
    if words is None:
        create(api, **change)
        return
    error = refused(api.post(CONNECTIONS, body), 400, "api:invalid_field")
    assert words in error["detail"], error


@pytest.mark.parametrize("body, words", [
    ({"name": "x", "url": "https://x.example.com", "defaultPayload": "{}"}, "type must be either"),
    ({"type": "WebhookConnection", "name": "x", "url": "https://x.example.com", "defaultPayload": "{}"},
     "type must be either"),
    ({"type": "WebhookDefinition", "url": "https://x.example.com", "defaultPayload": "{}"}, "name is required"),
    ({"type": "WebhookDefinition", "name": "x", "defaultPayload": "{}"}, "url is required"),
    ({"type": "WebhookDefinition", "name": "x", "url": "https://x.example.com"}, "defaultPayload is required"),
])
def test_incomplete_definitions(api, body, words):
    assert words in refused(api.post(CONNECTIONS, body), 400, "api:invalid_field")["detail"]


def test_the_longest_values(api):
    conn = create(api, name="n" * 127, headers=[{"name": "H%d" % n, "value": "v"} for n in range(50)],
                  resolutionPayload='"%s"' % ("x" * 4094))
    assert len(conn["name"]) == 127 and len(conn["headers"]) == 50


@pytest.mark.parametrize("name", ["Slack ops-alerts", "slack OPS-ALERTS"])
def test_names_are_unique(api, name):
    error = refused(api.post(CONNECTIONS, webhook(name=name)), 400, "connection:duplicate_name")
    assert "already exists" in error["message"]


def test_type_parameter(api):
    conn = named(api, "Audit webhook")
    path = CONNECTIONS + "/" + conn["id"]
    refused(api.get(path, params={"type": "ServiceNowConnection"}), 404, "connection:not_found")
    refused(api.get(path, params={"type": "Webhook"}), 400, "api:invalid_field")
    # DELETE requires it.
    error = refused(api.delete(path), 400, "api:invalid_field")
    assert "type is required" in error["detail"]
    refused(api.delete(path, params={"type": "WebhookDefinition"}), 400, "api:invalid_field")
    refused(api.delete(path, params={"type": "ServiceNowConnection"}), 404, "connection:not_found")
    assert api.get(path).status_code == 200
    resp = api.delete(path, params={"type": "WebhookConnection"})
    assert resp.status_code == 204 and resp.content == b""
    refused(api.get(path), 404, "connection:not_found")
    refused(api.delete(path, params={"type": "WebhookConnection"}), 404, "connection:not_found")


def test_unknown_and_bad_ids(api):
    refused(api.get(CONNECTIONS + "/0000000000000001"), 404, "connection:not_found")
    refused(api.put(CONNECTIONS + "/0000000000000001", webhook()), 404, "connection:not_found")
    refused(api.get(CONNECTIONS + "/slack"), 400, "api:invalid_id")


def test_update_replaces_the_connection(api, emulator):
    conn = create(api, headers=[{"name": "Authorization", "value": SECRET}], connectionSubtype="Incident",
                  customHeaders=[{"name": "X-A", "value": "1"}], resolutionPayload="{}")
    path = CONNECTIONS + "/" + conn["id"]
    # What was read, sent back as a definition: the mask keeps the stored value; nothing changes.
    back = dict((k, conn[k]) for k in ("id", "name", "description", "url", "headers", "customHeaders",
                                       "defaultPayload", "webhookType", "connectionSubtype", "resolutionPayload"))
    back["type"] = "WebhookDefinition"
    same = ok(api.put(path, back), "WebhookConnection")
    assert same == conn and same["modifiedAt"] == conn["modifiedAt"]
    assert emulator.state.connections[conn["id"]]["headers"][0]["value"] == SECRET

    # A PUT replaces: what is left out takes its default (the Authorization header too).
    changed = ok(api.put(path, webhook(url="https://hooks.example.com/y")), "WebhookConnection")
    assert changed["url"] == "https://hooks.example.com/y" and changed["modifiedAt"] >= conn["modifiedAt"]
    assert (changed["headers"], changed["customHeaders"]) == ([], [])
    assert "connectionSubtype" not in changed and "resolutionPayload" not in changed
    assert changed["createdAt"] == conn["createdAt"] and changed["id"] == conn["id"]
    assert ok(api.get(path), "WebhookConnection") == changed

    # A new secret is stored; the mask for a header the connection no longer has is refused.
    refused(api.put(path, webhook(headers=[{"name": "Authorization", "value": MASK}])), 400, "api:invalid_field")
    ok(api.put(path, webhook(headers=[{"name": "Authorization", "value": "Bearer new"}])), "WebhookConnection")
    assert emulator.state.connections[conn["id"]]["headers"][0]["value"] == "Bearer new"


def test_bad_updates(api):
    conn = named(api, "Slack ops-alerts")
    path = CONNECTIONS + "/" + conn["id"]
    refused(api.put(path, webhook(name="PagerDuty platform")), 400, "connection:duplicate_name")
    refused(api.put(path, webhook(id="000000000000ABCD")), 400, "api:invalid_field")
    refused(api.put(path, {"type": "ServiceNowDefinition", "name": "x", "url": "https://x.example.com",
                           "username": "u", "password": "p"}), 400, "api:invalid_field")
    # Its own name, in another case, is fine.
    assert ok(api.put(path, webhook(name="SLACK ops-alerts", webhookType="Slack")), "WebhookConnection")["name"] == \
        "SLACK ops-alerts"


def test_servicenow_connections(api, emulator):
    body = {"type": "ServiceNowDefinition", "name": "ServiceNow prod", "url": "https://acme.service-now.example.com",
            "username": "sumo", "password": "p4ssw0rd"}
    conn = ok(api.post(CONNECTIONS, body), "ServiceNowConnection")
    assert conn["type"] == "ServiceNowConnection" and conn["username"] == "sumo" and "password" not in conn
    path = CONNECTIONS + "/" + conn["id"]
    refused(api.get(path), 404, "connection:not_found")  # the default type is WebhookConnection
    assert ok(api.get(path, params={"type": "ServiceNowConnection"}), "Connection") == conn
    listed = ok(api.get(CONNECTIONS), "ListConnectionsResponse")
    assert conn in listed["data"] and "p4ssw0rd" not in api.get(CONNECTIONS).text
    refused(api.post(CONNECTIONS, dict(body, name="no password", password=None)), 400, "api:invalid_field")
    ok(api.put(path, dict(body, password=MASK, username="sumo2")), "ServiceNowConnection")
    assert emulator.state.connections[conn["id"]]["password"] == "p4ssw0rd"
    assert api.delete(path, params={"type": "ServiceNowConnection"}).status_code == 204


def test_paging(api, control):
    control.reset(connections=230)
    seen, token, pages = [], None, 0
    while True:
        page = ok(api.get(CONNECTIONS, params={"token": token} if token else None), "ListConnectionsResponse")
        pages += 1
        assert len(page["data"]) <= 100
        seen.extend(c["name"] for c in page["data"])
        token = page["next"]
        if not token:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == 233
    assert seen[3:5] == ["bulk-connection-0001", "bulk-connection-0002"]
    assert len(ok(api.get(CONNECTIONS, params={"limit": 1000}), "ListConnectionsResponse")["data"]) == 233
    two = ok(api.get(CONNECTIONS, params={"limit": 2}), "ListConnectionsResponse")
    assert len(two["data"]) == 2 and two["next"]
    refused(api.get(CONNECTIONS, params={"limit": 0}), 400, "request.param.invalid")
    refused(api.get(CONNECTIONS, params={"limit": 1001}), 400, "request.param.invalid")
    refused(api.get(CONNECTIONS, params={"token": "forged"}), 400, "api:invalid_token")


def test_a_connection_monitors_notify_cannot_be_deleted(api):
    slack = named(api, "Slack ops-alerts")
    path = CONNECTIONS + "/" + slack["id"]
    error = refused(api.delete(path, params={"type": "WebhookConnection"}), 400, "connection:in_use")
    assert "/Monitors/Platform/High error rate" in error["message"]
    # Nor can its webhookType change under the monitors' notifications.
    body = webhook(name=slack["name"], url=slack["url"], defaultPayload=slack["defaultPayload"], webhookType="Webhook")
    refused(api.put(path, body), 400, "connection:in_use")
    monitor = api.get("/v1/monitors/path", params={"path": "/Monitors/Platform/High error rate"}).json()
    assert api.delete("/v1/monitors/" + monitor["id"]).status_code == 204
    assert api.delete(path, params={"type": "WebhookConnection"}).status_code == 204


def test_concurrent_edit_fault_finds_the_connection(api, control):
    conn = named(api, "Audit webhook")
    path = CONNECTIONS + "/" + conn["id"]
    control.fault(action="concurrent_edit", method="GET", path="^/api/v1/connections/", patch={"description": "by {n}"},
                  count=2)
    first = ok(api.get(path), "WebhookConnection")
    second = ok(api.get(path), "WebhookConnection")
    assert (first["description"], second["description"]) == ("by 1", "by 0")
    assert first["modifiedAt"] >= conn["modifiedAt"]


def test_empty_seed(api, control):
    control.reset("empty")
    assert ok(api.get(CONNECTIONS), "ListConnectionsResponse") == {"data": [], "next": None}


@pytest.mark.parametrize("ref, drop", [
    ("ListConnectionsResponse", ("data", 0, "headers")),
    ("ListConnectionsResponse", ("data", 0, "defaultPayload")),
    ("ListConnectionsResponse", ("data", 0, "description")),
    ("ListConnectionsResponse", ("data", 0, "createdBy")),
])
def test_a_missing_required_property_fails(api, ref, drop):
    body = api.get(CONNECTIONS).json()
    assert not departures(body, S + ref)
    broken = copy.deepcopy(body)
    holder = broken
    for key in drop[:-1]:
        holder = holder[key]
    del holder[drop[-1]]
    assert any("%r is a required property" % drop[-1] in line for line in departures(broken, S + ref))


def test_a_wrong_value_fails(api):
    body = api.get(CONNECTIONS).json()["data"][0]
    assert any("does not match" in line for line in departures(dict(body, webhookType="Teams"), S + "Connection"))
    assert any("does not match" in line for line in departures(dict(body, id="12"), S + "Connection"))
