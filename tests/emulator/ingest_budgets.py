# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Ingest Budget API v2: ``/api/v2/ingestBudgets`` (OpenAPI ``ingestBudgetManagementV2``).

A budget applies to the data its ``scope`` (``field=value``, the value with wildcards)
selects; the field must be enabled in the fields table, and neither ``_budget`` (legacy
budgets' field) nor a field that extraction rules assign may be used (Sumo Logic's help,
"Daily Volume"). A PUT replaces the budget; the usage is what the control API says data
brought (``/_emulator/ingest_budgets/usage``), reset by ``POST .../usage/reset`` for daily
budgets. The v1 API (``fieldValue`` budgets assigned to collectors) is not served: Sumo
Logic has removed it. What the OpenAPI description leaves open is written down in
docs/emulator.md (section "Ingest budgets").
"""

from __future__ import annotations

import copy
import re
from zoneinfo import available_timezones

from flask import Blueprint, current_app, jsonify

from . import fields
from .core import (
    ApiError,
    SeedOption,
    bad_field,
    check_string,
    control_route,
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

bp = Blueprint("ingest_budgets", __name__)

PATH = "/api/v2/ingestBudgets"
CONTROL = "/_emulator/ingest_budgets"
# "There is a limit of 100 ingest budgets" (help, "Daily Volume").
BUDGET_LIMIT = 100
TIME_ZONES = available_timezones() | {"UTC"}
ACTIONS = ("stopCollecting", "keepCollecting")
BUDGET_TYPES = ("dailyVolume", "minuteVolume")
RESET_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# One field=value: the field a name (no spaces, = or commas), the value not empty, without = and
# without spaces at either end (a second condition, "a=b, c=d", is refused).
SCOPE = re.compile(r"^([^\s=,]+)=([^\s=](?:[^=]*[^\s=])?)$")
RESERVED_FIELD = "_budget"
# The usage at which a budget without an auditThreshold is Approaching (what the help says legacy budgets logged at).
DEFAULT_THRESHOLD = 85
BUDGET_VERSION = 2
KEYS = ("name", "scope", "capacityBytes", "timezone", "resetTime", "description", "action", "auditThreshold",
        "budgetType")
DEFAULTS = {"timezone": "Etc/UTC", "resetTime": "00:00", "budgetType": "dailyVolume"}
INT64_MAX = 2 ** 63 - 1
SEED_OPTIONS = (
    SeedOption("ingest_budgets", "with the demo seed, add N generated ingest budgets (bulk-budget-0001...)"),
)


def _state():
    return current_app.config["STATE"]


def init_state(state, options):
    state.ingest_budgets = {}  # id -> budget, in creation order


def usage_status(budget):
    """``Normal``, ``Approaching`` (from the audit threshold), ``Exceeded`` (at capacity), or ``Unknown``."""
    used = budget.get("usageBytes")
    if used is None:
        return "Unknown"
    if used >= budget["capacityBytes"]:
        return "Exceeded"
    if used * 100 >= budget["capacityBytes"] * budget.get("auditThreshold", DEFAULT_THRESHOLD):
        return "Approaching"
    return "Normal"


def _set_usage(budget, used):
    if used is None:
        budget.pop("usageBytes", None)
    else:
        budget["usageBytes"] = used
    budget["usageStatus"] = usage_status(budget)


def _definition(data):
    """The stored definition of a budget from a checked body: defaults for what is left out."""
    definition = dict((key, data[key]) for key in KEYS if data.get(key) is not None)
    for key, value in DEFAULTS.items():
        definition.setdefault(key, value)
    return definition


def new_budget(state, data, now=None, usage=0):
    """Store a budget built from ``data`` (already checked); returns it."""
    budget = {"id": format_id(state.next_id("ingest_budget", 0x3343FDD))}
    budget.update(_definition(data))
    _set_usage(budget, usage)
    budget.update(metadata(state, now))
    budget["version"] = 1
    budget["budgetVersion"] = BUDGET_VERSION
    state.ingest_budgets[budget["id"]] = budget
    return budget


def _budget(state, raw_id):
    budget = state.ingest_budgets.get(parse_id(raw_id, "ingest budget"))
    if budget is None:
        raise ApiError(404, "ingestBudget:not_found", "Ingest budget not found: no ingest budget with id %s" % raw_id)
    return budget


def _check_scope(state, scope):
    match = SCOPE.match(scope)
    if match is None:
        raise bad_field("scope", "scope must be one field=value, like _sourceCategory=*prod*nginx* "
                                 "(no spaces around the field, a value that is not empty)")
    name = match.group(1)
    if name.lower() == RESERVED_FIELD:
        raise ApiError(400, "ingestBudget:invalid_scope_field", "_budget cannot be used in a scope",
                       detail="_budget is reserved for legacy ingest budgets")
    extracted = set(n.lower() for rule in getattr(state, "extraction_rules", {}).values() for n in rule["fieldNames"])
    if name.lower() in extracted:
        raise ApiError(400, "ingestBudget:invalid_scope_field", "Field %r is assigned by field extraction rules" % name,
                       detail="Fields assigned with field extraction rules are not supported in a scope")
    field = fields.builtin_named(state, name) or fields.custom_named(state, name)
    if field is None or field["state"] != "Enabled":
        raise ApiError(400, "ingestBudget:invalid_scope_field", "Field %r is not enabled in the fields table" % name,
                       detail="The field of a scope must be a built-in field or an enabled custom field")


def _check(state, data, own=None):
    """Check a create (``own`` None) or update body; 400 at the first departure."""
    refuse_unknown_keys(data, KEYS + (("id",) if own is not None else ()), "ingest budget")
    if own is not None and "id" in data and str(data["id"]).upper() != own["id"]:
        raise bad_field("id", "The body's id does not match the path")
    check_string(data, "name", 1, 128)
    check_string(data, "scope", 1, 1024)
    capacity = data.get("capacityBytes")
    if "capacityBytes" not in data:
        raise bad_field("capacityBytes", "capacityBytes is required")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= INT64_MAX:
        raise bad_field("capacityBytes", "capacityBytes must be a whole number of bytes, at least 1")
    if "action" not in data:
        raise bad_field("action", "action is required")
    if data["action"] not in ACTIONS:
        raise bad_field("action", "action must be either `keepCollecting` or `stopCollecting`")
    if data.get("timezone") is not None and data["timezone"] not in TIME_ZONES:
        raise bad_field("timezone", "timezone must be a name of the IANA time zone database, like America/Los_Angeles")
    if data.get("resetTime") is not None and (not isinstance(data["resetTime"], str)
                                              or not RESET_TIME.match(data["resetTime"])):
        raise bad_field("resetTime", "resetTime must be a time of day in HH:MM format, 00:00 to 23:59")
    if data.get("description") is not None:
        check_string(data, "description", 0, 1024)
    threshold = data.get("auditThreshold")
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, int)
                                  or not 1 <= threshold <= 99):
        raise bad_field("auditThreshold", "auditThreshold must be a percentage from 1 to 99")
    if data.get("budgetType") is not None and data["budgetType"] not in BUDGET_TYPES:
        raise bad_field("budgetType", "budgetType must be dailyVolume or minuteVolume")
    if own is not None and data.get("budgetType") not in (None, own["budgetType"]):
        raise ApiError(400, "ingestBudget:immutable", "The budgetType of an ingest budget cannot change (it is %s)"
                       % own["budgetType"], detail="Delete the budget and create another one")
    _check_scope(state, data["scope"])
    wanted = data["name"].lower()
    for other in state.ingest_budgets.values():
        if other is not own and other["name"].lower() == wanted:
            raise ApiError(400, "ingestBudget:duplicate_name", "An ingest budget named %r already exists" % data["name"],
                           detail="Names are unique across all ingest budgets, without regard to case")
    if own is None and len(state.ingest_budgets) >= BUDGET_LIMIT:
        raise ApiError(400, "ingestBudget:limit_reached",
                       "The organisation has %d ingest budgets, the most it may have" % BUDGET_LIMIT)


@bp.route(PATH, methods=["GET"])
def list_budgets():
    page, token = token_page(list(_state().ingest_budgets.values()), "ingestBudgets")
    return json_response({"data": copy.deepcopy(page), "next": token})


@bp.route(PATH, methods=["POST"])
def create_budget():
    state = _state()
    data = json_body()
    _check(state, data)
    return json_response(copy.deepcopy(new_budget(state, data)))


@bp.route(PATH + "/<raw_id>", methods=["GET"])
def get_budget(raw_id):
    return json_response(copy.deepcopy(_budget(_state(), raw_id)))


@bp.route(PATH + "/<raw_id>", methods=["PUT"])
def update_budget(raw_id):
    state = _state()
    budget = _budget(state, raw_id)
    data = json_body()
    _check(state, data, own=budget)
    # The whole definition is replaced: what the body leaves out is cleared or back to its default.
    definition = _definition(dict(data, budgetType=budget["budgetType"]))
    current = dict((key, budget[key]) for key in KEYS if key in budget)
    if definition != current:
        for key in KEYS:
            budget.pop(key, None)
        budget.update(definition)
        _set_usage(budget, budget.get("usageBytes"))
        touch(state, budget)
        budget["version"] += 1
    return json_response(copy.deepcopy(budget))


@bp.route(PATH + "/<raw_id>", methods=["DELETE"])
def delete_budget(raw_id):
    state = _state()
    del state.ingest_budgets[_budget(state, raw_id)["id"]]
    return empty_response(204)


@bp.route(PATH + "/<raw_id>/usage/reset", methods=["POST"])
def reset_usage(raw_id):
    budget = _budget(_state(), raw_id)
    if budget["budgetType"] != "dailyVolume":
        raise ApiError(400, "ingestBudget:reset_not_applicable",
                       "Only a dailyVolume budget's usage can be reset (%s is %s)" % (budget["name"], budget["budgetType"]))
    _set_usage(budget, 0)
    return empty_response(200)


# -- control API: the data that arrives --------------------------------------------------------------

@bp.route(CONTROL + "/usage", methods=["POST"])
@control_route
def control_usage():
    """``{"name", "usageBytes"}``: the usage since the last reset, as ingested data would make it (null: Unknown)."""
    body = json_body()
    wanted = str(body.get("name", "")).lower()
    found = [b for b in _state().ingest_budgets.values() if b["name"].lower() == wanted]
    if not found:
        raise ApiError(404, "notfound", "No ingest budget named %r" % body.get("name"))
    used = body.get("usageBytes")
    if used is not None and (isinstance(used, bool) or not isinstance(used, int) or used < 0):
        raise ApiError(400, "invalid", "usageBytes must be a whole number >= 0, or null")
    _set_usage(found[0], used)
    return jsonify(copy.deepcopy(found[0]))


@bp.route(CONTROL + "/reset-due", methods=["POST"])
@control_route
def control_reset_due():
    """Every daily budget reaches its reset time: its usage goes back to 0."""
    reset = []
    for budget in _state().ingest_budgets.values():
        if budget["budgetType"] == "dailyVolume":
            _set_usage(budget, 0)
            reset.append(budget["name"])
    return jsonify({"reset": reset})


def seed_demo(state, options):
    """``prod-web`` (approaching), ``team-payments`` (exceeded), the per-minute ``burst-guard``, and the bulk ones."""
    count = SEED_OPTIONS[0].value(options)
    if count + 3 > BUDGET_LIMIT:
        raise ValueError("ingest_budgets: the demo's 3 budgets and %d more exceed the limit of %d"
                         % (count, BUDGET_LIMIT))
    now = iso_now()
    gib = 1024 ** 3
    new_budget(state, {"name": "prod-web", "scope": "_sourceCategory=prod/web*", "capacityBytes": 10 * gib,
                       "timezone": "America/Los_Angeles", "resetTime": "02:00", "action": "stopCollecting",
                       "auditThreshold": 85, "description": "The web tier's daily allowance"}, now,
               usage=int(9.2 * gib))
    new_budget(state, {"name": "team-payments", "scope": "team=payments", "capacityBytes": 500 * 1024 ** 2,
                       "action": "keepCollecting", "auditThreshold": 90}, now, usage=600 * 1024 ** 2)
    new_budget(state, {"name": "burst-guard", "scope": "_collector=demo-hosted", "capacityBytes": 50 * 1024 ** 2,
                       "action": "stopCollecting", "budgetType": "minuteVolume",
                       "description": "Stops a runaway hosted collector"}, now)
    for index in range(count):
        new_budget(state, {"name": "bulk-budget-%04d" % (index + 1), "scope": "_sourceCategory=bulk/%04d" % (index + 1),
                           "capacityBytes": gib, "action": "keepCollecting"}, now)


_OBJECT_PATH = re.compile(r"^/api/v2/ingestBudgets/([0-9A-Fa-f]{16})(?:/usage/reset)?/?$")


def object_at(state, path):
    """The stored budget a path names (for the concurrent-edit fault), or None."""
    match = _OBJECT_PATH.match(path)
    return state.ingest_budgets.get(match.group(1).upper()) if match else None
