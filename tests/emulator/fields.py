# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Field Management API: ``/api/v1/fields`` (OpenAPI ``fieldManagementV1``).

Custom fields are created, enabled, disabled and deleted, never renamed, within a quota;
built-in fields are read only; dropped fields are names sent with data that no field
defines. The extraction rules part defines the fields its rules extract through
:func:`ensure_fields`. What the OpenAPI description leaves open is written down in
docs/emulator.md (section "Fields").
"""

from __future__ import annotations

import copy
import re

from flask import Blueprint, current_app, jsonify, request

from .core import (
    ApiError,
    SeedOption,
    bad_field,
    check_string,
    control_route,
    empty_response,
    format_id,
    json_body,
    json_response,
    parse_id,
    refuse_unknown_keys,
)

bp = Blueprint("fields", __name__)

PATH = "/api/v1/fields"
CONTROL = "/_emulator/fields"
DEFAULT_QUOTA = 200  # Sumo Logic's documented quota (the description's example too)
DATA_TYPES = ("String", "Long", "Int", "Double", "Boolean")
# A field is the key of a key=value pair (collector and source fields, X-Sumo-Fields headers).
NAME_FORBIDDEN = re.compile(r"[\s=,]")
# Built-in fields as the Fields page lists them; _budget is the field legacy ingest budgets reserve.
BUILTIN_FIELDS = (
    ("_budget", "String"), ("_collector", "String"), ("_collectorId", "Long"), ("_dataTier", "String"),
    ("_format", "String"), ("_index", "String"), ("_messageTime", "Long"), ("_receiptTime", "Long"),
    ("_size", "Long"), ("_source", "String"), ("_sourceCategory", "String"), ("_sourceHost", "String"),
    ("_sourceId", "Long"), ("_sourceName", "String"), ("_view", "String"),
)
DEMO_FIELDS = (("team", "Enabled"), ("owner", "Enabled"), ("environment", "Disabled"))
DEMO_DROPPED = ("datacenter", "app_version")
SEED_OPTIONS = (
    SeedOption("fields", "with the demo seed, add N generated custom fields (bulk_field_0001...)"),
    SeedOption("field_quota", "how many custom fields the organisation may define", DEFAULT_QUOTA),
    SeedOption("dropped_fields", "with the demo seed, add N generated dropped fields (dropped_field_0001...)"),
)
FIELDS_OPTION, QUOTA_OPTION, DROPPED_OPTION = SEED_OPTIONS


def _state():
    return current_app.config["STATE"]


def init_state(state, options):
    state.fields = {}                       # id -> custom field, in creation order
    state.field_quota = QUOTA_OPTION.value(options)
    state.builtin_fields = [{"fieldName": name, "fieldId": format_id(number + 1), "dataType": data_type,
                             "state": "Enabled"} for number, (name, data_type) in enumerate(BUILTIN_FIELDS)]
    state.dropped_fields = {}               # lower-cased name -> name, in the order they were seen


# -- shared with the extraction rules part ------------------------------------------------------

def custom_named(state, name):
    """The custom field called ``name`` (without regard to case), or None."""
    wanted = name.lower()
    for field in state.fields.values():
        if field["fieldName"].lower() == wanted:
            return field
    return None


def builtin_named(state, name):
    wanted = name.lower()
    for field in state.builtin_fields:
        if field["fieldName"].lower() == wanted:
            return field
    return None


def remaining(state):
    return state.field_quota - len(state.fields)


def refuse_builtin(state, name):
    found = builtin_named(state, name)
    if found is not None:
        raise ApiError(400, "field:builtin", "%r is a built-in field: it cannot be created" % name,
                       detail="Built-in fields (GET /v1/fields/builtin) exist in every organisation")


def _refuse_beyond_quota(state, wanted):
    if wanted > remaining(state):
        raise ApiError(400, "field:quota_reached",
                       "The field quota is reached: %d of %d fields are defined, %d more wanted"
                       % (len(state.fields), state.field_quota, wanted),
                       detail="Delete unused fields (disabled fields count too) or ask for a larger quota")


def new_field(state, name, data_type="String", field_state="Enabled"):
    """Store a custom field (the caller checked the name and the quota); returns it."""
    field = {"fieldName": name, "fieldId": format_id(state.next_id("field", 0x31D02DA)), "dataType": data_type,
             "state": field_state}
    state.fields[field["fieldId"]] = field
    # A defined field is no longer dropped.
    state.dropped_fields.pop(name.lower(), None)
    return field


def ensure_fields(state, names):
    """Define the fields among ``names`` that no custom field defines (enabled); all or none.

    Fields that exist are left as they are (a disabled one stays disabled).
    """
    missing = []
    for name in names:
        refuse_builtin(state, name)
        if custom_named(state, name) is None and name.lower() not in [m.lower() for m in missing]:
            missing.append(name)
    _refuse_beyond_quota(state, len(missing))
    for name in missing:
        new_field(state, name)


# -- the API -------------------------------------------------------------------------------------

def _field(state, raw_id):
    field = state.fields.get(parse_id(raw_id, "field"))
    if field is None:
        raise ApiError(404, "field:not_found", "Field with id %s does not exist" % raw_id)
    return field


def _check_name(state, data):
    check_string(data, "fieldName", 1, 255)
    name = data["fieldName"]
    if NAME_FORBIDDEN.search(name):
        raise bad_field("fieldName", "fieldName must not contain whitespace, '=' or ','")
    refuse_builtin(state, name)
    if custom_named(state, name) is not None:
        raise ApiError(400, "field:already_exists", "A field named %r already exists" % name,
                       detail="Field names are unique in an organisation (without regard to case)")


@bp.route(PATH, methods=["GET"])
def list_fields():
    return json_response({"data": copy.deepcopy(list(_state().fields.values()))})


@bp.route(PATH, methods=["POST"])
def create_field():
    state = _state()
    data = json_body()
    # Only fieldName is described; Terraform's provider sends the whole field, so its other keys
    # are accepted with the values a new field has.
    refuse_unknown_keys(data, ("fieldName", "dataType", "state", "fieldId"), "field")
    _check_name(state, data)
    if data.get("fieldId"):
        raise bad_field("fieldId", "fieldId is assigned by the service: omit it")
    data_type = data.get("dataType") or "String"
    if data_type not in DATA_TYPES:
        raise bad_field("dataType", "dataType must be one of %s" % ", ".join(DATA_TYPES))
    if data.get("state") not in (None, "", "Enabled"):
        raise bad_field("state", "A field is created enabled: disable it with DELETE /v1/fields/{id}/disable")
    _refuse_beyond_quota(state, 1)
    return json_response(copy.deepcopy(new_field(state, data["fieldName"], data_type)))


@bp.route(PATH + "/<raw_id>", methods=["GET"])
def get_field(raw_id):
    return json_response(copy.deepcopy(_field(_state(), raw_id)))


@bp.route(PATH + "/<raw_id>", methods=["DELETE"])
def delete_field(raw_id):
    state = _state()
    del state.fields[_field(state, raw_id)["fieldId"]]
    return empty_response(204)


@bp.route(PATH + "/<raw_id>/enable", methods=["PUT"])
def enable_field(raw_id):
    _field(_state(), raw_id)["state"] = "Enabled"
    return empty_response(204)


@bp.route(PATH + "/<raw_id>/disable", methods=["DELETE"])
def disable_field(raw_id):
    _field(_state(), raw_id)["state"] = "Disabled"
    return empty_response(204)


@bp.route(PATH + "/builtin", methods=["GET"])
def list_builtin():
    return json_response({"data": copy.deepcopy(_state().builtin_fields)})


@bp.route(PATH + "/builtin/<raw_id>", methods=["GET"])
def get_builtin(raw_id):
    wanted = parse_id(raw_id, "field")
    for field in _state().builtin_fields:
        if field["fieldId"] == wanted:
            return json_response(copy.deepcopy(field))
    raise ApiError(404, "field:not_found", "Built-in field with id %s does not exist" % raw_id)


@bp.route(PATH + "/dropped", methods=["GET"])
def list_dropped():
    return json_response({"data": [{"fieldName": name} for name in _state().dropped_fields.values()]})


@bp.route(PATH + "/quota", methods=["GET"])
def quota():
    state = _state()
    return json_response({"quota": state.field_quota, "remaining": remaining(state)})


# -- control API: data arriving with fields nobody defined ----------------------------------------

def _add_dropped(state, name):
    if not isinstance(name, str) or not name or NAME_FORBIDDEN.search(name):
        raise ApiError(400, "invalid", "a dropped field needs a name without whitespace, '=' or ','")
    if custom_named(state, name) is not None or builtin_named(state, name) is not None:
        raise ApiError(400, "invalid", "%r is a defined field: its values are kept, not dropped" % name)
    state.dropped_fields.setdefault(name.lower(), name)


@bp.route(CONTROL + "/dropped", methods=["GET", "POST", "DELETE"])
@control_route
def control_dropped():
    """GET: the dropped field names; POST {"names": [...]}: data arrived with these; DELETE: forget them."""
    state = _state()
    if request.method == "POST":
        names = (request.get_json(force=True) or {}).get("names")
        if not isinstance(names, list):
            raise ApiError(400, "invalid", 'the body must be {"names": [...]}')
        for name in names:
            _add_dropped(state, name)
    elif request.method == "DELETE":
        state.dropped_fields.clear()
    return jsonify({"names": list(state.dropped_fields.values())})


def seed_demo(state, options):
    """``team``, ``owner`` (enabled) and ``environment`` (disabled); two dropped fields; and the bulk options."""
    count = FIELDS_OPTION.value(options)
    if len(DEMO_FIELDS) + count > state.field_quota:
        raise ValueError("the demo's %d fields and %d more exceed the field quota of %d (field_quota)"
                         % (len(DEMO_FIELDS), count, state.field_quota))
    for name, field_state in DEMO_FIELDS:
        new_field(state, name, field_state=field_state)
    for name in DEMO_DROPPED:
        _add_dropped(state, name)
    for index in range(count):
        new_field(state, "bulk_field_%04d" % (index + 1))
    for index in range(DROPPED_OPTION.value(options)):
        _add_dropped(state, "dropped_field_%04d" % (index + 1))


_OBJECT_PATH = re.compile(r"^/api/v1/fields/([0-9A-Fa-f]{16})(?:/enable|/disable)?/?$")


def object_at(state, path):
    """The custom field a path names (for the concurrent-edit fault), or None."""
    match = _OBJECT_PATH.match(path)
    return state.fields.get(match.group(1).upper()) if match else None
