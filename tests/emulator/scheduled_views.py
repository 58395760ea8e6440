# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Scheduled View API: ``/api/v1/scheduledViews`` (OpenAPI ``scheduledViewManagement``).

A scheduled view is never deleted, only disabled: a disabled view is no longer listed or
readable and cannot be re-enabled, and its name may be given to a new view (Sumo Logic's
help, "Pause or Disable Scheduled Views"). Its query, name, start time and parsing mode
never change; a PUT changes the retention (a shorter one needs
``reduceRetentionPeriodImmediately``, as for partitions) and the data forwarding. A view
runs through the statuses ``NOT_STARTED`` (start time still ahead), ``FILLING``,
``COMPLETE`` or ``FAILED``, and ``PAUSED`` between ``/pause`` and ``/start``. Filling,
failing and time passing are the control API's (``/_emulator/scheduled_views/...``). What the
OpenAPI description leaves open is written down in docs/emulator.md (section "Scheduled views").
"""

from __future__ import annotations

import copy
import datetime
import re

from flask import Blueprint, current_app, jsonify

from .core import (
    ApiError,
    SeedOption,
    bad_field,
    check_bool,
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
from .partitions import ACCOUNT_RETENTION_DAYS, REDUCTION_DELAY

bp = Blueprint("scheduled_views", __name__)

PATH = "/api/v1/scheduledViews"
CONTROL = "/_emulator/scheduled_views"
# "There is a limit of 500 Scheduled Views per account" (help, "Scheduled Views"); disabled views count.
VIEW_LIMIT = 500
# "You cannot select a start date older than 365 days" (help, "Add a Scheduled View").
OLDEST_START = datetime.timedelta(days=365)
# Help: names hold letters, digits and underscores, and start with a letter.
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
PARSING_MODES = ("AutoParse", "Manual")
# The statuses Sumo Logic's later description lists (STOPPED is a disabled view, never shown).
STATUSES = ("NOT_STARTED", "FILLING", "STOPPED", "COMPLETE", "FAILED", "PAUSED")
RUNNING = ("NOT_STARTED", "FILLING", "COMPLETE")
CREATE_KEYS = ("indexName", "query", "startTime", "retentionPeriod", "dataForwardingId", "parsingMode")
UPDATE_KEYS = ("dataForwardingId", "retentionPeriod", "reduceRetentionPeriodImmediately")
# Keys a client may send back as they are (Terraform's provider sends the whole view).
IMMUTABLE_KEYS = ("indexName", "query", "startTime", "parsingMode")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
SEED_OPTIONS = (
    SeedOption("scheduled_views", "with the demo seed, add N generated scheduled views (bulk_view_0001...)"),
)


def _state():
    return current_app.config["STATE"]


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


def _iso(moment):
    """A moment as the API writes it: UTC, ``Z``, milliseconds only when there are any."""
    moment = moment.astimezone(datetime.timezone.utc)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += ".%03d" % (moment.microsecond // 1000)
    return text + "Z"


def _parse_time(value):
    return datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))


def start_time(value):
    """``startTime`` as stored (UTC, ``Z``); 400 unless an RFC 3339 date-time with a zone."""
    if not isinstance(value, str) or not RFC3339.match(value):
        raise bad_field("startTime", "startTime must be an RFC 3339 date-time with a time zone, "
                                     "like 2026-01-01T00:00:00Z")
    try:
        return _iso(_parse_time(value))
    except ValueError:
        raise bad_field("startTime", "startTime %r is not a valid date-time" % value)


def _days(retention):
    return ACCOUNT_RETENTION_DAYS if retention == -1 else retention


def init_state(state, options):
    state.scheduled_views = {}           # id -> view, in creation order (those listed)
    state.disabled_scheduled_views = {}  # id -> view: disabled, kept (the data is not deleted), never shown


def new_view(state, data, now=None, status=None, **extra):
    """Store a view built from ``data`` (already checked) with the description's defaults; returns it."""
    begins = data["startTime"]
    if status is None:
        status = "NOT_STARTED" if _parse_time(begins) > _now() else "FILLING"
    view = {
        "id": format_id(state.next_id("scheduled_view", 0x5C4ED00)),
        "indexName": data["indexName"],
        "query": data["query"],
        "startTime": begins,
        "retentionPeriod": _days(data.get("retentionPeriod", -1)),
        "parsingMode": data.get("parsingMode", "Manual"),
        "indexId": format_id(state.next_id("scheduled_view_index", 0x1DE0000)),
        "createdByOptimizeIt": False,
        "status": status,
        "totalBytes": 0,
        "totalMessageCount": 0,
        "filledRanges": [],
    }
    if data.get("dataForwardingId"):
        view["dataForwardingId"] = data["dataForwardingId"]
    view.update(metadata(state, now))
    view.update(extra)
    state.scheduled_views[view["id"]] = view
    return view


def _refresh(view, now=None):
    """What time does to a view when it is next read: a start time reached, a reduction due."""
    now = now or _now()
    if view["status"] == "NOT_STARTED" and _parse_time(view["startTime"]) <= now:
        view["status"] = "FILLING"
    due = view.get("retentionEffectiveAt")
    if due is not None and _parse_time(due) <= now:
        view["retentionPeriod"] = view.pop("newRetentionPeriod")
        del view["retentionEffectiveAt"]
    return view


def _cancel_reduction(view):
    view.pop("newRetentionPeriod", None)
    view.pop("retentionEffectiveAt", None)


def _view(state, raw_id):
    """A view that is shown (not disabled); 404 otherwise."""
    view = state.scheduled_views.get(parse_id(raw_id, "scheduled view"))
    if view is None:
        raise ApiError(404, "scheduledView:not_found", "Scheduled view not found: no scheduled view with id %s" % raw_id,
                       detail="Disabled scheduled views are no longer shown")
    return _refresh(view)


def _check_retention(data):
    retention = data.get("retentionPeriod")
    if "retentionPeriod" in data and (isinstance(retention, bool) or not isinstance(retention, int)
                                      or not (retention == -1 or retention >= 1)):
        raise bad_field("retentionPeriod", "retentionPeriod must be a number of days (>= 1), "
                                           "or -1 for the account's default")


def _check_forwarding(data):
    if "dataForwardingId" in data and data["dataForwardingId"] is not None \
            and not isinstance(data["dataForwardingId"], str):
        raise bad_field("dataForwardingId", "dataForwardingId must be a string")


def _check_name(state, name):
    if not NAME.match(name):
        raise bad_field("indexName", "indexName must start with a letter and hold letters, digits and "
                                     "underscores only")
    wanted = name.lower()
    for view in state.scheduled_views.values():
        if view["indexName"].lower() == wanted:
            raise ApiError(400, "scheduledView:duplicate_name", "A scheduled view named %r already exists" % name,
                           detail="Names are unique without regard to case (a disabled view's name may be reused)")
    # A view is an index searched by name, as a partition is: the two share their names.
    for partition in getattr(state, "partitions", {}).values():
        if partition["name"].lower() == wanted:
            raise ApiError(400, "scheduledView:duplicate_name", "%r is the name of a partition" % name,
                           detail="Scheduled views and partitions are indexes: their names are unique together")


def _check_create(state, data):
    refuse_unknown_keys(data, CREATE_KEYS, "scheduled view")
    check_string(data, "indexName", 1, 255)
    check_string(data, "query", 1, 16384)
    if "startTime" not in data:
        raise bad_field("startTime", "startTime is required")
    begins = start_time(data["startTime"])
    if _parse_time(begins) < _now() - OLDEST_START:
        raise bad_field("startTime", "startTime may be at most 365 days ago, got %s" % begins)
    if "parsingMode" in data and data["parsingMode"] not in PARSING_MODES:
        raise bad_field("parsingMode", "parsingMode should be either AutoParse or Manual")
    _check_retention(data)
    _check_forwarding(data)
    _check_name(state, data["indexName"])
    if len(state.scheduled_views) + len(state.disabled_scheduled_views) >= VIEW_LIMIT:
        raise ApiError(400, "scheduledView:limit_reached",
                       "The organisation has %d scheduled views, the most it may have" % VIEW_LIMIT,
                       detail="Disabled scheduled views count too: they are not deleted")
    return dict(data, startTime=begins)


@bp.route(PATH, methods=["GET"])
def list_views():
    now = _now()
    items = [_refresh(view, now) for view in _state().scheduled_views.values()]
    page, token = token_page(items, "scheduledViews")
    return json_response({"data": copy.deepcopy(page), "next": token})


@bp.route(PATH, methods=["POST"])
def create_view():
    state = _state()
    data = _check_create(state, json_body())
    return json_response(copy.deepcopy(new_view(state, data)))


@bp.route(PATH + "/<raw_id>", methods=["GET"])
def get_view(raw_id):
    return json_response(copy.deepcopy(_view(_state(), raw_id)))


def _apply_retention(view, data):
    wanted = _days(data["retentionPeriod"])
    current = view["retentionPeriod"]
    if wanted > current:
        view["retentionPeriod"] = wanted
        _cancel_reduction(view)
    elif wanted < current:
        if "reduceRetentionPeriodImmediately" not in data:
            raise ApiError(400, "scheduledView:reduce_retention_unconfirmed",
                           "Reducing the retention from %d to %d days needs reduceRetentionPeriodImmediately"
                           % (current, wanted),
                           detail="true deletes the data older than the new retention now, false after seven days")
        if data["reduceRetentionPeriodImmediately"]:
            view["retentionPeriod"] = wanted
            _cancel_reduction(view)
        else:
            view["newRetentionPeriod"] = wanted
            view["retentionEffectiveAt"] = _iso(_now() + REDUCTION_DELAY)


@bp.route(PATH + "/<raw_id>", methods=["PUT"])
def update_view(raw_id):
    state = _state()
    view = _view(state, raw_id)
    data = json_body()
    refuse_unknown_keys(data, UPDATE_KEYS + IMMUTABLE_KEYS + ("id",), "scheduled view")
    if "id" in data and str(data["id"]).upper() != view["id"]:
        raise bad_field("id", "The body's id does not match the path")
    for key in IMMUTABLE_KEYS:
        if key not in data:
            continue
        sent = start_time(data[key]) if key == "startTime" else data[key]
        if sent != view[key]:
            raise ApiError(400, "scheduledView:immutable", "The %s of a scheduled view cannot change (it is %r)"
                           % (key, view[key]), detail="Disable the view and create another one")
    _check_retention(data)
    _check_forwarding(data)
    check_bool(data, "reduceRetentionPeriodImmediately")
    before = copy.deepcopy(view)
    if "retentionPeriod" in data:
        _apply_retention(view, data)
    if data.get("dataForwardingId"):
        view["dataForwardingId"] = data["dataForwardingId"]
    elif "dataForwardingId" in data:
        view.pop("dataForwardingId", None)
    if view != before:
        touch(state, view)
    return json_response(copy.deepcopy(view))


@bp.route(PATH + "/<raw_id>/disable", methods=["DELETE"])
def disable_view(raw_id):
    state = _state()
    view = _view(state, raw_id)
    del state.scheduled_views[view["id"]]
    view["status"] = "STOPPED"
    touch(state, view)
    state.disabled_scheduled_views[view["id"]] = view
    return empty_response(204)


@bp.route(PATH + "/<raw_id>/pause", methods=["POST"])
def pause_view(raw_id):
    state = _state()
    view = _view(state, raw_id)
    if view["status"] == "PAUSED":
        raise ApiError(400, "scheduledView:already_paused", "Scheduled view %s is already paused" % view["indexName"])
    if view["status"] not in RUNNING:
        raise ApiError(400, "scheduledView:failed", "Scheduled view %s failed: it cannot be paused" % view["indexName"],
                       detail=view.get("error"))
    view["status"] = "PAUSED"
    touch(state, view)
    return json_response(copy.deepcopy(view))


@bp.route(PATH + "/<raw_id>/start", methods=["POST"])
def start_view(raw_id):
    state = _state()
    view = _view(state, raw_id)
    if view["status"] != "PAUSED":
        raise ApiError(400, "scheduledView:not_paused", "Scheduled view %s is not paused (it is %s)"
                       % (view["indexName"], view["status"]), detail="Only a paused view can be started")
    # It catches up with what arrived while it was paused.
    view["status"] = "NOT_STARTED" if _parse_time(view["startTime"]) > _now() else "FILLING"
    touch(state, view)
    return json_response(copy.deepcopy(view))


# -- control API: indexing progress and time passing -----------------------------------------------

def _named(state, name):
    for view in state.scheduled_views.values():
        if view["indexName"].lower() == str(name).lower():
            return view
    raise ApiError(404, "notfound", "No scheduled view named %r is shown" % name)


@bp.route(CONTROL + "/filled", methods=["POST"])
@control_route
def control_filled():
    """Every filling view has indexed everything up to now: ``COMPLETE``."""
    now = _now()
    completed = []
    for view in _state().scheduled_views.values():
        if _refresh(view, now)["status"] == "FILLING":
            view["status"] = "COMPLETE"
            view["filledRanges"] = [{"startTime": view["startTime"], "endTime": _iso(now)}]
            completed.append(view["indexName"])
    return jsonify({"completed": completed})


@bp.route(CONTROL + "/fail", methods=["POST"])
@control_route
def control_fail():
    """``{"indexName", "error"?}``: the view's query failed, as a bad query or lost data access would make it."""
    body = json_body()
    view = _named(_state(), body.get("indexName"))
    view["status"] = "FAILED"
    view["error"] = body.get("error") or "The scheduled view query failed"
    return jsonify(copy.deepcopy(view))


@bp.route(CONTROL + "/retention-due", methods=["POST"])
@control_route
def control_retention_due():
    """Every pending retention reduction takes effect now, as seven days later."""
    later = _now() + REDUCTION_DELAY
    applied = []
    for view in _state().scheduled_views.values():
        if "newRetentionPeriod" in view:
            _refresh(view, later)
            applied.append(view["indexName"])
    return jsonify({"applied": applied})


@bp.route(CONTROL + "/disabled", methods=["GET"])
@control_route
def control_disabled():
    """The disabled views the API no longer shows (kept: their data is not deleted)."""
    return jsonify({"disabled": [{"id": view["id"], "indexName": view["indexName"], "disabledAt": view["modifiedAt"]}
                                 for view in _state().disabled_scheduled_views.values()]})


def _days_ago(days):
    moment = (_now() - datetime.timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    return _iso(moment)


def seed_demo(state, options):
    """``web_errors_hourly`` (complete), ``login_failures`` (paused), ``payments_daily`` (filling), a disabled
    ``old_latency``, and the bulk ones."""
    count = SEED_OPTIONS[0].value(options)
    if count + 4 > VIEW_LIMIT:
        raise ValueError("scheduled_views: the demo's 4 views and %d more exceed the limit of %d" % (count, VIEW_LIMIT))
    now = iso_now()
    complete = new_view(state, {"indexName": "web_errors_hourly", "startTime": _days_ago(30), "retentionPeriod": 90,
                                "query": "_sourceCategory=prod/web* error | timeslice 1h"
                                         " | count by _timeslice, _sourceHost"}, now,
                        status="COMPLETE", totalBytes=10485760, totalMessageCount=52000)
    complete["filledRanges"] = [{"startTime": complete["startTime"], "endTime": now}]
    new_view(state, {"indexName": "login_failures", "startTime": _days_ago(7), "parsingMode": "AutoParse",
                     "dataForwardingId": "000000000000DF01",
                     "query": '_sourceCategory=*/auth "login failed" | timeslice 5m | count by _timeslice, user'},
             now, status="PAUSED", totalBytes=524288, totalMessageCount=1800)
    new_view(state, {"indexName": "payments_daily", "startTime": _days_ago(2), "retentionPeriod": 365,
                     "query": "_sourceCategory=prod/payments | timeslice 1d | sum(amount) by _timeslice, currency"},
             now, status="FILLING", totalBytes=65536, totalMessageCount=96)
    old = new_view(state, {"indexName": "old_latency", "startTime": _days_ago(60),
                           "query": "_sourceCategory=prod/web | timeslice 1m | avg(latency) by _timeslice"}, now,
                   status="STOPPED")
    state.disabled_scheduled_views[old["id"]] = state.scheduled_views.pop(old["id"])
    for index in range(count):
        new_view(state, {"indexName": "bulk_view_%04d" % (index + 1), "startTime": _days_ago(1),
                         "query": "_sourceCategory=bulk/%04d | timeslice 1h | count by _timeslice" % (index + 1)},
                 now, status="COMPLETE")


_OBJECT_PATH = re.compile(r"^/api/v1/scheduledViews/([0-9A-Fa-f]{16})(?:/pause|/start|/disable)?/?$")


def object_at(state, path):
    """The stored (shown) view a path names (for the concurrent-edit fault), or None."""
    match = _OBJECT_PATH.match(path)
    return state.scheduled_views.get(match.group(1).upper()) if match else None
