# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Connection Management API: ``/api/v1/connections`` (OpenAPI ``connectionManagement``).

Connections are what monitors notify: webhooks (``WebhookDefinition`` written,
``WebhookConnection`` read) and ServiceNow connections (``ServiceNowDefinition`` /
``ServiceNowConnection``). The access authorization ``headers`` are secrets: they are
stored, and answered masked. A connection has no version: a PUT replaces it. A connection
that monitors notify cannot be deleted (parts that notify connections register in
``state.connection_users``). What the OpenAPI description leaves open is
written down in docs/emulator.md (section "Connections").
"""

from __future__ import annotations

import copy
import json
import re
import urllib.parse

from flask import Blueprint, current_app, request

from .core import (
    ApiError,
    SeedOption,
    bad_field,
    check_string,
    empty_response,
    format_id,
    iso_now,
    json_body,
    json_response,
    metadata,
    parse_id,
    refuse_unknown_keys,
    token_page,
    touch,
)

bp = Blueprint("connections", __name__)

PATH = "/api/v1/connections"
WEBHOOK_TYPES = ("AWSLambda", "Azure", "Datadog", "HipChat", "PagerDuty", "Slack", "Webhook", "NewRelic", "Jira",
                 "Opsgenie", "MicrosoftTeams", "ServiceNow", "SumoCloudSOAR")
SUBTYPES = ("Event", "Incident")
# Definition (written) -> connection (read).
KINDS = {"WebhookDefinition": "WebhookConnection", "ServiceNowDefinition": "ServiceNowConnection"}
READ_TYPES = tuple(KINDS.values())
# The characters Sumo Logic's Terraform provider allows in a connection's name.
NAME = re.compile(r"^[A-Za-z0-9 +%\-@.,_()]+$")
MASK = "********"
MAX_HEADERS = 7995
MAX_CUSTOM_HEADERS = 5
MAX_DESCRIPTION = 1024
MAX_RESOLUTION_PAYLOAD = 4096
WEBHOOK_KEYS = ("type", "name", "description", "url", "headers", "customHeaders", "defaultPayload", "webhookType",
                "connectionSubtype", "resolutionPayload")
SERVICENOW_KEYS = ("type", "name", "description", "url", "username", "password")
# {{Variable}} placeholders of alert payloads; Sumo Logic substitutes them when it sends a notification.
PLACEHOLDER = re.compile(r"\{\{([^{}]*)\}\}")
# Sumo Logic's alert variables (monitors) and the scheduled-search ones it still substitutes;
# {{ResultsJson.<field>}} picks one field. Compared without regard to case.
VARIABLES = frozenset(name.lower() for name in (
    "Name", "Description", "MonitorType", "Query", "QueryURL", "ResultsJson", "NumQueryResults", "Id",
    "DetectionMethod", "TriggerType", "TriggerTimeRange", "TriggerTime", "TriggerCondition", "TriggerValue",
    "TriggerTimeStart", "TriggerTimeEnd", "SourceURL", "AlertResponseUrl", "AlertName", "Playbook", "AlertStatus",
    "SearchName", "SearchDescription", "SearchQuery", "SearchQueryUrl", "TimeRange", "FireTime",
    "AggregateResultsJson", "RawResultsJson", "NumRawResults", "NumAggregateResults", "AlertThreshold",
))
SEED_OPTIONS = (
    SeedOption("connections", "with the demo seed, add N generated webhook connections (bulk-connection-0001...)"),
)


def _state():
    return current_app.config["STATE"]


def init_state(state, options):
    state.connections = {}  # id -> connection as stored (header values in clear), in creation order
    # What notifies connections (the monitors part): functions (state, connection id) -> paths of the users.
    state.connection_users = []


# -- shared with the monitors part ----------------------------------------------------------------

def check_json_payload(field, value):
    """``value`` must be a string holding JSON once each ``{{Variable}}`` stands for a value."""
    if not isinstance(value, str):
        raise bad_field(field, "%s must be a string holding JSON" % field)
    try:
        json.loads(PLACEHOLDER.sub("0", value))
    except ValueError as exc:
        raise bad_field(field, "%s must hold JSON ({{Variables}} may stand for values): %s" % (field, exc))


def unsupported_variables(*texts):
    """The ``{{Variables}}`` in ``texts`` Sumo Logic does not know, each once, in order."""
    found = []
    for text in texts:
        for raw in PLACEHOLDER.findall(text or ""):
            name = raw.strip()
            key = name.lower()
            if key.startswith("resultsjson."):
                continue
            if key not in VARIABLES and name not in found:
                found.append(name)
    return found


def connection(state, raw_id):
    """The stored connection with this id (any case), or None."""
    return state.connections.get(str(raw_id).upper())


def _notifying(state, connection_id):
    """Paths of what notifies this connection (each part that does registers in ``state.connection_users``)."""
    return [path for users in state.connection_users for path in users(state, connection_id)]


# -- reading ------------------------------------------------------------------------------------

def answer(conn):
    """The connection as the API answers it: secrets masked or left out."""
    out = {"type": conn["type"], "id": conn["id"]}
    out.update((key, copy.deepcopy(value)) for key, value in conn.items() if key not in ("type", "id", "password"))
    if "headers" in out:
        out["headers"] = [{"name": header["name"], "value": MASK} for header in out["headers"]]
    if out["type"] == "WebhookConnection":
        warnings = unsupported_variables(conn["defaultPayload"], conn.get("resolutionPayload"))
        if warnings:
            out["warnings"] = ["The following variables are not supported: %s" % ", ".join(warnings)]
    return out


def _type_param(required):
    raw = request.args.get("type")
    if raw is None or raw == "":
        if required:
            raise bad_field("type", "The query parameter type is required: %s" % " or ".join(READ_TYPES))
        return "WebhookConnection"
    if raw not in READ_TYPES:
        raise bad_field("type", "type must be either %s" % " or ".join(READ_TYPES))
    return raw


def _connection(state, raw_id, kind):
    found = state.connections.get(parse_id(raw_id, "connection"))
    if found is None or found["type"] != kind:
        raise ApiError(404, "connection:not_found", "Connection with id %s and type %s does not exist" % (raw_id, kind))
    return found


# -- writing ------------------------------------------------------------------------------------

def _check_url(data):
    check_string(data, "url", 1, 2048)
    parts = urllib.parse.urlsplit(data["url"])
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in data["url"]):
        raise bad_field("url", "url must be an http or https URL")


def _headers(data, key, limit, stored):
    """``data[key]`` checked: a list of ``{name, value}``; the mask keeps a stored value (``stored``: name -> value)."""
    headers = data.get(key, [])
    if not isinstance(headers, list):
        raise bad_field(key, "%s must be a list of {name, value} objects" % key)
    if len(headers) > limit:
        raise bad_field(key, "%s holds at most %d headers, got %d" % (key, limit, len(headers)))
    seen = set()
    result = []
    for index, header in enumerate(headers):
        where = "%s[%d]" % (key, index)
        if not isinstance(header, dict) or set(header) != {"name", "value"} \
                or not all(isinstance(header[k], str) for k in ("name", "value")):
            raise bad_field(where, "%s must be an object with the strings name and value (nothing else)" % where)
        name = header["name"]
        if not name.strip() or any(c in name for c in ":\r\n"):
            raise bad_field(where, "%s: a header name is a non-empty token without ':' or line breaks" % where)
        if name.lower() in seen:
            raise bad_field(where, "%s: header %r is given twice" % (where, name))
        seen.add(name.lower())
        value = header["value"]
        if value == MASK and stored is not None:
            if name.lower() not in stored:
                raise bad_field(where, "%s: the masked value stands for the stored value of %r, which the connection "
                                       "does not have" % (where, name))
            value = stored[name.lower()]
        result.append({"name": name, "value": value})
    return result


def _check_common(state, data, current):
    check_string(data, "name", 1, 127)
    if not NAME.match(data["name"]):
        raise bad_field("name", "name may hold letters, digits, spaces and + % - @ . , _ ( ) only")
    for other in state.connections.values():
        if other is not current and other["name"].lower() == data["name"].lower():
            raise ApiError(400, "connection:duplicate_name", "A connection named %r already exists" % data["name"],
                           detail="Connection names are unique in an organisation (without regard to case)")
    if "description" in data:
        check_string(data, "description", 0, MAX_DESCRIPTION)
    _check_url(data)


def _webhook(state, data, current):
    refuse_unknown_keys(data, WEBHOOK_KEYS, "connection")
    _check_common(state, data, current)
    stored = dict((h["name"].lower(), h["value"]) for h in (current or {}).get("headers", []))
    headers = _headers(data, "headers", MAX_HEADERS, stored if current else None)
    custom = _headers(data, "customHeaders", MAX_CUSTOM_HEADERS, None)
    if any(h["name"].lower() == "authorization" for h in custom):
        raise bad_field("customHeaders", "The Authorization header is an access authorization header: send it in headers")
    if "defaultPayload" not in data:
        raise bad_field("defaultPayload", "defaultPayload is required")
    check_string(data, "defaultPayload", 1, 1 << 20)
    check_json_payload("defaultPayload", data["defaultPayload"])
    if "resolutionPayload" in data:
        check_string(data, "resolutionPayload", 0, MAX_RESOLUTION_PAYLOAD)
        if data["resolutionPayload"]:
            check_json_payload("resolutionPayload", data["resolutionPayload"])
    webhook_type = data.get("webhookType", "Webhook")
    if webhook_type not in WEBHOOK_TYPES:
        raise bad_field("webhookType", "webhookType must be one of %s" % ", ".join(WEBHOOK_TYPES))
    if "connectionSubtype" in data and data["connectionSubtype"] not in SUBTYPES:
        raise bad_field("connectionSubtype", "connectionSubtype must be Event or Incident")
    if current is not None and webhook_type != current["webhookType"]:
        users = _notifying(state, current["id"])
        if users:
            raise ApiError(400, "connection:in_use", "The webhookType of connection %r cannot change while monitors "
                           "notify it: %s" % (current["name"], ", ".join(users[:5])))
    conn = {"type": "WebhookConnection", "name": data["name"], "description": data.get("description", ""),
            "url": data["url"], "headers": headers, "customHeaders": custom,
            "defaultPayload": data["defaultPayload"], "webhookType": webhook_type}
    if "connectionSubtype" in data:
        conn["connectionSubtype"] = data["connectionSubtype"]
    if data.get("resolutionPayload"):
        conn["resolutionPayload"] = data["resolutionPayload"]
    return conn


def _servicenow(state, data, current):
    refuse_unknown_keys(data, SERVICENOW_KEYS, "connection")
    _check_common(state, data, current)
    check_string(data, "username", 1, 255)
    check_string(data, "password", 1, 1024)
    password = data["password"]
    if password == MASK and current is not None:
        password = current["password"]
    return {"type": "ServiceNowConnection", "name": data["name"], "description": data.get("description", ""),
            "url": data["url"], "username": data["username"], "password": password}


def _definition(state, data, current=None):
    """The stored form of a definition body (checked); ``current``: the connection a PUT replaces."""
    kind = data.get("type")
    if kind not in KINDS:
        raise bad_field("type", "type must be either WebhookDefinition or ServiceNowDefinition")
    if current is not None and KINDS[kind] != current["type"]:
        raise bad_field("type", "A %s is updated with a %s body" % (current["type"], current["type"].replace(
            "Connection", "Definition")))
    body = dict(data)
    if current is not None and "id" in body:
        if str(body.pop("id")).upper() != current["id"]:
            raise bad_field("id", "The body's id does not match the path")
    return (_webhook if kind == "WebhookDefinition" else _servicenow)(state, body, current)


def new_connection(state, data, now=None):
    """Store a connection from a definition body (checked here); returns the stored connection."""
    conn = _definition(state, data)
    conn["id"] = format_id(state.next_id("connection", 0xBF39280))
    conn.update(metadata(state, now))
    state.connections[conn["id"]] = conn
    return conn


# -- the API -------------------------------------------------------------------------------------

@bp.route(PATH, methods=["GET"])
def list_connections():
    page, token = token_page(list(_state().connections.values()), "connections")
    return json_response({"data": [answer(c) for c in page], "next": token})


@bp.route(PATH, methods=["POST"])
def create_connection():
    state = _state()
    return json_response(answer(new_connection(state, json_body())))


@bp.route(PATH + "/<raw_id>", methods=["GET"])
def get_connection(raw_id):
    return json_response(answer(_connection(_state(), raw_id, _type_param(required=False))))


@bp.route(PATH + "/<raw_id>", methods=["PUT"])
def update_connection(raw_id):
    state = _state()
    current = state.connections.get(parse_id(raw_id, "connection"))
    if current is None:
        raise ApiError(404, "connection:not_found", "Connection with id %s does not exist" % raw_id)
    replacement = _definition(state, json_body(), current)
    kept = ("id", "createdAt", "createdBy", "modifiedAt", "modifiedBy")
    before = dict((k, v) for k, v in current.items() if k not in kept)
    if replacement != before:
        for key in list(before):
            del current[key]
        current.update(replacement)
        touch(state, current)
    return json_response(answer(current))


@bp.route(PATH + "/<raw_id>", methods=["DELETE"])
def delete_connection(raw_id):
    state = _state()
    kind = _type_param(required=True)
    conn = _connection(state, raw_id, kind)
    users = _notifying(state, conn["id"])
    if users:
        raise ApiError(400, "connection:in_use", "Connection %r is used by %d monitor(s): %s"
                       % (conn["name"], len(users), ", ".join(users[:5])),
                       detail="Remove it from the monitors' notifications first")
    del state.connections[conn["id"]]
    return empty_response(204)


# -- seed, concurrent edits ------------------------------------------------------------------------

DEMO_CONNECTIONS = (
    {"type": "WebhookDefinition", "name": "Slack ops-alerts", "description": "The #ops-alerts channel",
     "webhookType": "Slack", "url": "https://hooks.slack.example.com/services/T000/B000/XXXX",
     "defaultPayload": '{"text": "{{TriggerType}}: {{Name}}", "results": {{ResultsJson}}}'},
    {"type": "WebhookDefinition", "name": "PagerDuty platform", "description": "Platform on-call",
     "webhookType": "PagerDuty", "url": "https://events.pagerduty.example.com/v2/enqueue",
     "headers": [{"name": "Authorization", "value": "Token token=demo-pagerduty-secret"}],
     "defaultPayload": '{"routing_key": "demo", "event_action": "trigger", "payload": {"summary": "{{Name}}"}}',
     "resolutionPayload": '{"routing_key": "demo", "event_action": "resolve"}'},
    {"type": "WebhookDefinition", "name": "Audit webhook", "url": "https://audit.example.com/hooks/sumo",
     "customHeaders": [{"name": "X-Source", "value": "sumologic"}],
     "defaultPayload": '{"monitor": "{{Name}}", "trigger": "{{TriggerType}}"}'},
)


def seed_demo(state, options):
    """Three webhooks (Slack, PagerDuty with an Authorization header, a custom one) and the bulk ones."""
    now = iso_now()
    for body in DEMO_CONNECTIONS:
        new_connection(state, body, now)
    for index in range(SEED_OPTIONS[0].value(options)):
        new_connection(state, {"type": "WebhookDefinition", "name": "bulk-connection-%04d" % (index + 1),
                               "url": "https://hooks.example.com/bulk/%04d" % (index + 1),
                               "defaultPayload": '{"text": "{{Name}}"}'}, now)


class ConcurrentEdit:
    """What the concurrent-edit fault changes: a stored object, edited as another user's write would be."""

    def __init__(self, state, stored, after=None):
        self.state = state
        self.stored = stored
        self.after = after

    def update(self, patch):
        self.stored.update(patch)
        touch(self.state, self.stored)
        if self.after is not None:
            self.after(self.stored)


_OBJECT_PATH = re.compile(r"^/api/v1/connections/([0-9A-Fa-f]{16})/?$")


def object_at(state, path):
    """The connection a path names (for the concurrent-edit fault), or None."""
    match = _OBJECT_PATH.match(path)
    found = state.connections.get(match.group(1).upper()) if match else None
    return ConcurrentEdit(state, found) if found is not None else None
