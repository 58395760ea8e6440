# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Monitors Library API: ``/api/v1/monitors`` (OpenAPI ``monitorsLibraryManagement``).

A tree of folders and monitors under a root folder whose path is ``/Monitors``. Every
folder and monitor has a ``version`` that each update increments; a PUT must carry the
version it was computed from (a stale one is refused with 409). A monitor's triggers are
checked per detection method, its notifications name connections of the connections part,
and the keys the description gives defaults for are filled in. Deleting a folder deletes
its subtree. What the OpenAPI description leaves open is written down in docs/emulator.md
(section "Monitors").
"""

from __future__ import annotations

import copy
import datetime
import re
import shlex
from zoneinfo import available_timezones

from flask import Blueprint, current_app, jsonify, request

from . import connections
from .connections import ConcurrentEdit
from .core import (
    ApiError,
    SeedOption,
    bad_field,
    check_bool,
    check_string,
    control_route,
    empty_response,
    format_id,
    int_param,
    iso_now,
    json_body,
    json_response,
    metadata,
    parse_id,
    touch,
)

bp = Blueprint("monitors", __name__)

PATH = "/api/v1/monitors"
CONTROL = "/_emulator/monitors"
ROOT_NAME = "Monitors"
ROOT_PARENT = "0000000000000000"
MAX_NAME = 255
MAX_DESCRIPTION = 4096
MAX_IDS = 1000
# The caller's aggregated permissions on what it reads directly (children and search results: none listed).
PERMISSIONS = ["Create", "Read", "Update", "Delete", "Manage"]
# Active monitors an organisation may have (Sumo Logic's Enterprise and Trial plans).
LIMITS = {"Logs": 1000, "Metrics": 1500}
TIME_ZONES = available_timezones() | {"UTC"}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

CREATE_TYPES = {"MonitorsLibraryFolder": "Folder", "MonitorsLibraryMonitor": "Monitor"}
UPDATE_TYPES = {"MonitorsLibraryFolderUpdate": "Folder", "MonitorsLibraryMonitorUpdate": "Monitor"}
READ_TYPES = {"Folder": "MonitorsLibraryFolderResponse", "Monitor": "MonitorsLibraryMonitorResponse"}
BASE_KEYS = ("id", "name", "description", "version", "createdAt", "createdBy", "modifiedAt", "modifiedBy", "parentId",
             "contentType", "type", "isSystem", "isMutable")
MONITOR_KEYS = ("monitorType", "evaluationDelay", "alertName", "runAs", "notificationGroupFields", "queries",
                "triggers", "notifications", "isDisabled", "groupNotifications", "playbook", "sloId",
                "automatedPlaybookIds")
# Keys of the read shape a client may send back (Terraform's provider sends the object it read): ignored,
# but for id and parentId, which must be the object's.
READ_ONLY = ("id", "createdAt", "createdBy", "modifiedAt", "modifiedBy", "parentId", "contentType", "isSystem",
             "isMutable", "permissions", "status", "warnings", "children")

TRIGGER_TYPES = ("Critical", "Warning", "MissingData", "ResolvedCritical", "ResolvedWarning", "ResolvedMissingData")
RESOLVES = {"ResolvedCritical": "Critical", "ResolvedWarning": "Warning", "ResolvedMissingData": "MissingData"}
MISSING_TYPES = ("MissingData", "ResolvedMissingData")
ALERT_TYPES = ("Critical", "Warning", "ResolvedCritical", "ResolvedWarning")
DETECTION_METHODS = ("StaticCondition", "LogsStaticCondition", "MetricsStaticCondition", "LogsOutlierCondition",
                     "MetricsOutlierCondition", "LogsMissingDataCondition", "MetricsMissingDataCondition",
                     "SloSliCondition", "SloBurnRateCondition", "LogsAnomalyCondition", "MetricsAnomalyCondition")
TRIGGER_BASE = ("detectionMethod", "triggerType", "resolutionWindow")
# detection method -> (monitor types, trigger types, keys beyond TRIGGER_BASE)
METHODS = {
    "StaticCondition": (("Logs", "Metrics"), TRIGGER_TYPES,
                        ("timeRange", "threshold", "thresholdType", "field", "occurrenceType", "triggerSource",
                         "minDataPoints")),
    "LogsStaticCondition": (("Logs",), ALERT_TYPES, ("timeRange", "threshold", "thresholdType", "field")),
    "MetricsStaticCondition": (("Metrics",), ALERT_TYPES,
                               ("timeRange", "threshold", "thresholdType", "occurrenceType", "minDataPoints")),
    "LogsOutlierCondition": (("Logs",), ALERT_TYPES, ("window", "consecutive", "direction", "threshold", "field")),
    "MetricsOutlierCondition": (("Metrics",), ALERT_TYPES, ("baselineWindow", "direction", "threshold")),
    "LogsMissingDataCondition": (("Logs",), MISSING_TYPES, ("timeRange",)),
    "MetricsMissingDataCondition": (("Metrics",), MISSING_TYPES, ("triggerSource", "timeRange")),
}
TIME_RANGES = ("5m", "10m", "15m", "30m", "1h", "3h", "6h", "12h", "24h")
THRESHOLD_TYPES = ("LessThan", "GreaterThan", "LessThanOrEqual", "GreaterThanOrEqual")
DIRECTIONS = ("Both", "Up", "Down")
OCCURRENCES = {"Logs": ("ResultCount", "MissingData"), "Metrics": ("AtLeastOnce", "Always", "MissingData")}
TRIGGER_SOURCES = {"Logs": ("AllResults",), "Metrics": ("AllTimeSeries", "AnyTimeSeries")}
DURATION = re.compile(r"^(\d+)([smhd])$")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
ROW_ID = re.compile(r"^[A-Z]$")
HIGH_CARDINALITY = ("_raw", "_messagetime", "_receipttime", "_messageid")

ACTION_TYPES = ("Email", "AWSLambda", "AzureFunctions", "Datadog", "HipChat", "Jira", "NewRelic", "Opsgenie",
                "PagerDuty", "Slack", "MicrosoftTeams", "ServiceNow", "SumoCloudSOAR", "Webhook")
WITH_RESOLUTION_OVERRIDE = ("AWSLambda", "AzureFunctions", "MicrosoftTeams", "Opsgenie", "PagerDuty", "ServiceNow",
                            "Slack", "Webhook")
WITH_SUBTYPE = ("ServiceNow", "SumoCloudSOAR")
# An action's connectionType -> the webhookType of the connection it names (the same name but for Azure).
WEBHOOK_TYPE_OF = {"AzureFunctions": "Azure"}
STATUSES = ("Normal", "Critical", "Warning", "MissingData", "Disabled")
SEARCH_FILTERS = ("createdBy", "createdBefore", "createdAfter", "modifiedBefore", "modifiedAfter", "type",
                  "monitorStatus")

SEED_OPTIONS = (
    SeedOption("monitors", "with the demo seed, add N generated monitors (bulk-monitor-00001...) under /Monitors/Bulk"),
    SeedOption("monitor_folders", "with the demo seed, spread the generated monitors over N folders "
                                  "(/Monitors/Bulk/folder-0001...)"),
)
MONITORS_OPTION, FOLDERS_OPTION = SEED_OPTIONS


def _state():
    return current_app.config["STATE"]


def init_state(state, options):
    state.monitor_items = {}     # id -> folder or monitor as stored
    state.monitor_children = {}  # folder id -> ids of its children, in creation order
    root = _store(state, {"name": ROOT_NAME, "description": "The root folder of the monitors library"},
                  "Folder", ROOT_PARENT, system=True)
    state.monitors_root = root["id"]
    state.connection_users.append(notifying)


# -- the tree -------------------------------------------------------------------------------------

def _store(state, fields, content_type, parent_id, now=None, system=False):
    item = {"id": format_id(state.next_id("monitor", 0x2DE0)), "name": fields["name"],
            "description": fields.get("description", ""), "version": 0}
    item.update(metadata(state, now))
    item.update({"parentId": parent_id, "contentType": content_type, "type": READ_TYPES[content_type],
                 "isSystem": system, "isMutable": not system})
    if content_type == "Monitor":
        item.update((key, fields[key]) for key in MONITOR_KEYS if key in fields)
        item["status"] = ["Disabled"] if item["isDisabled"] else ["Normal"]
    state.monitor_items[item["id"]] = item
    if content_type == "Folder":
        state.monitor_children[item["id"]] = []
    if parent_id in state.monitor_children:
        state.monitor_children[parent_id].append(item["id"])
    return item


def _item(state, raw_id):
    found = state.monitor_items.get(parse_id(raw_id, "monitor or folder"))
    if found is None:
        raise ApiError(404, "content:not_found", "Monitor or folder with id %s does not exist" % raw_id)
    return found


def _folder(state, raw_id, what="parentId"):
    if not raw_id:
        raise ApiError(400, "request.param.invalid", "The query parameter %s (a folder's id) is required" % what)
    folder = _item(state, raw_id)
    if folder["contentType"] != "Folder":
        raise ApiError(400, "content:not_a_folder", "%s %s is a monitor, not a folder" % (what, folder["id"]))
    return folder


def _mutable(state, item):
    if item["isSystem"]:
        raise ApiError(400, "content:immutable", "%s is the root folder of the monitors library: it cannot be changed, "
                       "moved, copied or deleted" % path_of(state, item))
    return item


def _chain(state, item):
    """The folders from the root down to ``item``, ``item`` included."""
    chain = [item]
    while chain[-1]["parentId"] in state.monitor_items:
        chain.append(state.monitor_items[chain[-1]["parentId"]])
    return list(reversed(chain))


def path_of(state, item):
    return "/" + "/".join(element["name"] for element in _chain(state, item))


def _subtree(state, item):
    """``item`` and everything under it, in tree order (a folder before its children)."""
    found = [item]
    for child_id in state.monitor_children.get(item["id"], ()):
        found.extend(_subtree(state, state.monitor_items[child_id]))
    return found


def _sibling_named(state, parent_id, name, other_than=None):
    wanted = name.lower()
    for child_id in state.monitor_children.get(parent_id, ()):
        child = state.monitor_items[child_id]
        if child is not other_than and child["name"].lower() == wanted:
            return child
    return None


def _refuse_duplicate(state, parent_id, name, other_than=None):
    clash = _sibling_named(state, parent_id, name, other_than)
    if clash is not None:
        raise ApiError(400, "content:duplicate_name", "%s already holds a %s named %r"
                       % (path_of(state, state.monitor_items[parent_id]), clash["contentType"].lower(), clash["name"]),
                       detail="Names are unique within a folder (without regard to case)")


def _remove(state, item):
    """Delete ``item`` and its subtree."""
    for each in _subtree(state, item):
        state.monitor_items.pop(each["id"], None)
        state.monitor_children.pop(each["id"], None)
    siblings = state.monitor_children.get(item["parentId"])
    if siblings is not None and item["id"] in siblings:
        siblings.remove(item["id"])


def _bump(state, item):
    item["version"] += 1
    touch(state, item)


def notifying(state, connection_id):
    """Paths of the monitors whose notifications name this connection."""
    wanted = connection_id.upper()
    found = []
    for item in state.monitor_items.values():
        for each in item.get("notifications", ()):
            if str(each["notification"].get("connectionId", "")).upper() == wanted:
                found.append(path_of(state, item))
                break
    return found


# -- answers -----------------------------------------------------------------------------------------

def _summary(item):
    """A folder's child as a folder GET lists it: the base fields only."""
    out = dict((key, item[key]) for key in BASE_KEYS)
    out["type"] = "MonitorsLibraryBaseResponse"
    out["permissions"] = []
    return out


def answer(state, item, permissions=None):
    """The folder (with its children) or the monitor as the API answers it."""
    out = dict((key, copy.deepcopy(item[key])) for key in BASE_KEYS)
    if item["contentType"] == "Monitor":
        for key in MONITOR_KEYS:
            if key in item:
                out[key] = copy.deepcopy(item[key])
                if key == "isDisabled":
                    out["status"] = list(item["status"])
    else:
        out["children"] = [_summary(state.monitor_items[child]) for child in state.monitor_children[item["id"]]]
    out["permissions"] = list(PERMISSIONS if permissions is None else permissions)
    return out


# -- checking monitors -----------------------------------------------------------------------------

def _duration_seconds(value):
    match = DURATION.match(value)
    return int(match.group(1)) * SECONDS[match.group(2)]


def _time_range(value, field, allow_zero=False):
    """A relative time range among the documented ones, answered with its leading '-' (``15m`` is ``-15m``)."""
    if allow_zero and value == "0m":
        return value
    bare = value[1:] if isinstance(value, str) and value.startswith("-") else value
    if bare not in TIME_RANGES:
        valid = (["0m"] if allow_zero else []) + ["-" + r for r in TIME_RANGES]
        raise bad_field(field, "%s must be one of %s (the '-' may be left out), got %r" % (field, ", ".join(valid), value))
    return "-" + bare


def _number(value, field, integer=False, minimum=None, maximum=None):
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise bad_field(field, "%s must be %s" % (field, "an integer" if integer else "a number"))
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise bad_field(field, "%s must be in %s..%s, got %s" % (field, minimum, "" if maximum is None else maximum, value))
    return value if integer else float(value)


def _choice(value, allowed, field):
    if value not in allowed:
        raise bad_field(field, "%s must be one of %s, got %r" % (field, ", ".join(allowed), value))
    return value


def _trigger(monitor_type, raw, where):
    """One trigger condition, checked, with the description's defaults filled in."""
    if not isinstance(raw, dict):
        raise bad_field(where, "%s must be an object" % where)
    method = raw.get("detectionMethod", "StaticCondition")
    _choice(method, DETECTION_METHODS, where + ".detectionMethod")
    if method not in METHODS:
        why = ("only SLO monitors use it" if method.startswith("Slo")
               else "the API description gives no shape for it")
        raise bad_field(where + ".detectionMethod", "%s cannot be used on a %s monitor: %s" % (method, monitor_type, why))
    monitor_types, trigger_types, keys = METHODS[method]
    if monitor_type not in monitor_types:
        raise bad_field(where + ".detectionMethod",
                        "%s is for %s monitors, not %s" % (method, monitor_types[0], monitor_type))
    unknown = sorted(set(raw) - set(TRIGGER_BASE + keys))
    if unknown:
        raise bad_field(where, "%s: %s takes no %s" % (where, method, ", ".join(unknown)))
    if "triggerType" not in raw:
        raise bad_field(where + ".triggerType", "%s.triggerType is required" % where)
    trigger_type = _choice(raw["triggerType"], trigger_types, where + ".triggerType")
    missing = trigger_type in MISSING_TYPES
    trigger = {"detectionMethod": method, "triggerType": trigger_type}

    required = {"LogsStaticCondition": ("timeRange", "threshold", "thresholdType"),
                "MetricsStaticCondition": ("timeRange", "threshold", "thresholdType", "occurrenceType"),
                "StaticCondition": ("timeRange", "occurrenceType", "triggerSource"),
                "LogsMissingDataCondition": ("timeRange",),
                "MetricsMissingDataCondition": ("timeRange", "triggerSource")}.get(method, ())
    for key in required:
        if key not in raw:
            raise bad_field("%s.%s" % (where, key), "%s.%s is required for %s" % (where, key, method))
    if "timeRange" in raw:
        trigger["timeRange"] = _time_range(raw["timeRange"], where + ".timeRange")

    if method in ("StaticCondition", "LogsStaticCondition", "MetricsStaticCondition"):
        if not missing:  # "not applicable for MissingData and ResolvedMissingData triggerTypes and will be ignored"
            trigger["threshold"] = _number(raw.get("threshold", 0.0), where + ".threshold")
            trigger["thresholdType"] = _choice(raw.get("thresholdType", "GreaterThanOrEqual"), THRESHOLD_TYPES,
                                               where + ".thresholdType")
        if "field" in raw:
            if monitor_type != "Logs":
                raise bad_field(where + ".field", "field is for Logs monitors")
            check_string(raw, "field", 1, 255)
            trigger["field"] = raw["field"]
        if "occurrenceType" in raw:
            allowed = OCCURRENCES[monitor_type] if method == "StaticCondition" else ("AtLeastOnce", "Always")
            occurrence = _choice(raw["occurrenceType"], allowed, where + ".occurrenceType")
            if method == "StaticCondition" and (occurrence == "MissingData") != missing:
                raise bad_field(where + ".occurrenceType", "occurrenceType MissingData goes with the triggerTypes "
                                                           "MissingData and ResolvedMissingData, and only with them")
            trigger["occurrenceType"] = occurrence
        if "triggerSource" in raw:
            trigger["triggerSource"] = _choice(raw["triggerSource"], TRIGGER_SOURCES[monitor_type],
                                               where + ".triggerSource")
        if monitor_type == "Metrics" and trigger.get("occurrenceType") in ("AtLeastOnce", "Always"):
            points = raw.get("minDataPoints")
            if points is not None:
                _number(points, where + ".minDataPoints", integer=True, minimum=1, maximum=100)
            # "always be set to 1 for AtleastOnce ... and for Always, if not specified by user it will default to 2"
            trigger["minDataPoints"] = 1 if trigger["occurrenceType"] == "AtLeastOnce" else (points or 2)
        elif "minDataPoints" in raw:
            raise bad_field(where + ".minDataPoints", "minDataPoints is for Metrics monitors with the occurrenceType "
                                                      "AtLeastOnce or Always")
    elif method == "LogsOutlierCondition":
        trigger["window"] = _number(raw.get("window", 50), where + ".window", integer=True, minimum=1)
        trigger["consecutive"] = _number(raw.get("consecutive", 1), where + ".consecutive", integer=True, minimum=1,
                                         maximum=trigger["window"])
        trigger["direction"] = _choice(raw.get("direction", "Both"), DIRECTIONS, where + ".direction")
        trigger["threshold"] = _number(raw.get("threshold", 3.0), where + ".threshold", minimum=0)
        if "field" in raw:
            check_string(raw, "field", 1, 255)
            trigger["field"] = raw["field"]
    elif method == "MetricsOutlierCondition":
        window = raw.get("baselineWindow", "1d")
        if not isinstance(window, str) or not DURATION.match(window) or _duration_seconds(window) == 0:
            raise bad_field(where + ".baselineWindow", "baselineWindow must be a duration such as 30m, 1h or 1d")
        trigger["baselineWindow"] = window
        trigger["direction"] = _choice(raw.get("direction", "Both"), DIRECTIONS, where + ".direction")
        trigger["threshold"] = _number(raw.get("threshold", 3.0), where + ".threshold", minimum=0)
    elif method == "MetricsMissingDataCondition":
        trigger["triggerSource"] = _choice(raw["triggerSource"], TRIGGER_SOURCES["Metrics"], where + ".triggerSource")

    window = raw.get("resolutionWindow")
    if window is not None:
        trigger["resolutionWindow"] = _time_range(window, where + ".resolutionWindow", allow_zero=True)
    elif trigger_type in ("ResolvedCritical", "ResolvedWarning") and "timeRange" in trigger:
        # "If not specified, the time range of your trigger will be used."
        trigger["resolutionWindow"] = trigger["timeRange"]
    return trigger


def _triggers(monitor_type, raw):
    if not isinstance(raw, list) or not raw:
        raise bad_field("triggers", "triggers must be a non-empty list of trigger conditions")
    triggers = [_trigger(monitor_type, each, "triggers[%d]" % index) for index, each in enumerate(raw)]
    types = [t["triggerType"] for t in triggers]
    for trigger_type in types:
        if types.count(trigger_type) > 1:
            raise bad_field("triggers", "A monitor has at most one trigger of each triggerType; %s is given %d times"
                            % (trigger_type, types.count(trigger_type)))
        if trigger_type in RESOLVES and RESOLVES[trigger_type] not in types:
            raise bad_field("triggers", "The %s trigger resolves a %s trigger, which the monitor does not have"
                            % (trigger_type, RESOLVES[trigger_type]))
    methods = set(t["detectionMethod"] for t in triggers if t["triggerType"] not in MISSING_TYPES)
    if len(methods) > 1:
        raise bad_field("triggers", "The Critical and Warning triggers and their resolutions share one detectionMethod, "
                                    "got %s" % ", ".join(sorted(methods)))
    return triggers


def _queries(raw):
    if not isinstance(raw, list) or not raw:
        raise bad_field("queries", "queries must be a non-empty list of {rowId, query}")
    queries, rows = [], []
    for index, each in enumerate(raw):
        where = "queries[%d]" % index
        if not isinstance(each, dict) or set(each) != {"rowId", "query"}:
            raise bad_field(where, "%s must be an object with rowId and query (nothing else)" % where)
        if not isinstance(each["rowId"], str) or not ROW_ID.match(each["rowId"]):
            raise bad_field(where + ".rowId", "rowId is a capital letter: A, B, C...")
        if each["rowId"] in rows:
            raise bad_field(where + ".rowId", "rowId %s is given twice" % each["rowId"])
        rows.append(each["rowId"])
        if not isinstance(each["query"], str) or not each["query"].strip() or len(each["query"]) > 65536:
            raise bad_field(where + ".query", "query must be a non-empty string of at most 65536 characters")
        queries.append({"rowId": each["rowId"], "query": each["query"]})
    return queries


def _string_list(raw, field, unique=True):
    if not isinstance(raw, list) or not all(isinstance(each, str) and each for each in raw):
        raise bad_field(field, "%s must be a list of non-empty strings" % field)
    if unique and len(set(raw)) != len(raw):
        raise bad_field(field, "%s must not repeat an item" % field)
    return list(raw)


def _action(state, raw, where):
    if not isinstance(raw, dict):
        raise bad_field(where, "%s must be an object" % where)
    kind = _choice(raw.get("connectionType"), ACTION_TYPES, where + ".connectionType")
    action = {"connectionType": kind}
    if kind == "Email":
        allowed = ("connectionType", "recipients", "subject", "messageBody", "timeZone")
    else:
        allowed = ("connectionType", "connectionId", "payloadOverride") + \
            (("resolutionPayloadOverride",) if kind in WITH_RESOLUTION_OVERRIDE else ()) + \
            (("connectionSubtype",) if kind in WITH_SUBTYPE else ())
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise bad_field(where, "%s: a %s notification takes no %s" % (where, kind, ", ".join(unknown)))
    if kind == "Email":
        for key in ("recipients", "subject", "timeZone"):
            if key not in raw:
                raise bad_field("%s.%s" % (where, key), "%s.%s is required for Email" % (where, key))
        recipients = _string_list(raw["recipients"], where + ".recipients")
        if not recipients or not all(EMAIL.match(r) and len(r) <= 255 for r in recipients):
            raise bad_field(where + ".recipients", "recipients must be a non-empty list of email addresses")
        action["recipients"] = recipients
        check_string(raw, "subject", 1, 1024)
        action["subject"] = raw["subject"]
        if "messageBody" in raw:
            check_string(raw, "messageBody", 0, 65536)
            action["messageBody"] = raw["messageBody"]
        if raw["timeZone"] not in TIME_ZONES:
            raise bad_field(where + ".timeZone", "timeZone must be an IANA time zone name, got %r" % raw["timeZone"])
        action["timeZone"] = raw["timeZone"]
        return action
    if "connectionId" not in raw:
        raise bad_field(where + ".connectionId", "%s.connectionId is required for %s" % (where, kind))
    raw_id = raw["connectionId"]
    if not isinstance(raw_id, str):
        raise bad_field(where + ".connectionId", "connectionId must be a string")
    conn = connections.connection(state, raw_id)
    if conn is None:
        raise ApiError(400, "monitor:connection_not_found", "%s.connectionId: no connection with id %s"
                       % (where, raw_id), detail="A notification names an existing connection (GET /v1/connections)")
    if conn["type"] == "ServiceNowConnection":
        matches = kind == "ServiceNow"
    else:
        matches = conn["webhookType"] == WEBHOOK_TYPE_OF.get(kind, kind)
    if not matches:
        raise bad_field(where + ".connectionType", "Connection %r is a %s connection: its notifications have the "
                        "connectionType %s" % (conn["name"], conn.get("webhookType", "ServiceNow"),
                                               _action_type_of(conn)))
    action["connectionId"] = conn["id"]
    for key in ("payloadOverride", "resolutionPayloadOverride"):
        if key in raw:
            connections.check_json_payload("%s.%s" % (where, key), raw[key])
            action[key] = raw[key]
    if "connectionSubtype" in raw:
        action["connectionSubtype"] = _choice(raw["connectionSubtype"], connections.SUBTYPES,
                                              where + ".connectionSubtype")
    return action


def _action_type_of(conn):
    if conn["type"] == "ServiceNowConnection":
        return "ServiceNow"
    for action, webhook in WEBHOOK_TYPE_OF.items():
        if webhook == conn["webhookType"]:
            return action
    return conn["webhookType"]


def _notifications(state, raw, trigger_types):
    if not isinstance(raw, list):
        raise bad_field("notifications", "notifications must be a list")
    result = []
    for index, each in enumerate(raw):
        where = "notifications[%d]" % index
        if not isinstance(each, dict) or set(each) != {"notification", "runForTriggerTypes"}:
            raise bad_field(where, "%s must be an object with notification and runForTriggerTypes (nothing else)" % where)
        runs = _string_list(each["runForTriggerTypes"], where + ".runForTriggerTypes")
        if not runs:
            raise bad_field(where + ".runForTriggerTypes", "runForTriggerTypes must name at least one trigger type")
        for trigger_type in runs:
            if trigger_type not in trigger_types:
                raise bad_field(where + ".runForTriggerTypes", "runForTriggerTypes names %r, which is not the "
                                "triggerType of one of the monitor's triggers (%s)" % (trigger_type,
                                                                                       ", ".join(trigger_types)))
        result.append({"notification": _action(state, each["notification"], where + ".notification"),
                       "runForTriggerTypes": runs})
    return result


def _monitor_fields(state, data):
    """The monitor's own keys from a create or update body, checked, with the description's defaults."""
    monitor_type = data.get("monitorType")
    if "monitorType" not in data:
        raise bad_field("monitorType", "monitorType is required")
    if monitor_type == "Slo":
        raise ApiError(400, "monitor:slo_not_enabled", "SLO monitors are in closed beta and not enabled for this "
                       "organisation", detail="Ask your Sumo Logic representative for early access")
    _choice(monitor_type, ("Logs", "Metrics"), "monitorType")
    for key in ("queries", "triggers"):
        if key not in data:
            raise bad_field(key, "%s is required" % key)
    fields = {"monitorType": monitor_type}
    delay = data.get("evaluationDelay", "0m")
    if not isinstance(delay, str) or not DURATION.match(delay) or delay[-1] not in "mh" \
            or _duration_seconds(delay) > 86400:
        raise bad_field("evaluationDelay", "evaluationDelay must be a duration of at most 24 hours such as 0m, 5m or 1h, "
                                           "got %r" % (delay,))
    fields["evaluationDelay"] = delay
    if "alertName" in data:
        check_string(data, "alertName", 1, 512)
        fields["alertName"] = data["alertName"]
    if "runAs" in data:
        run_as = data["runAs"]
        if not isinstance(run_as, dict) or set(run_as) != {"runAsId"} or not isinstance(run_as["runAsId"], str):
            raise bad_field("runAs", "runAs must be {\"runAsId\": <a user's id>}")
        if run_as["runAsId"].upper() not in getattr(state, "users", {}):
            raise bad_field("runAs", "runAs.runAsId %s is not a user of the organisation" % run_as["runAsId"])
        fields["runAs"] = {"runAsId": run_as["runAsId"].upper()}
    if "notificationGroupFields" in data:
        group_fields = _string_list(data["notificationGroupFields"], "notificationGroupFields")
        for name in group_fields:
            if name.lower() in HIGH_CARDINALITY:
                raise bad_field("notificationGroupFields", "%s has too high a cardinality to group alerts by" % name)
        fields["notificationGroupFields"] = group_fields
    fields["queries"] = _queries(data["queries"])
    fields["triggers"] = _triggers(monitor_type, data["triggers"])
    trigger_types = [t["triggerType"] for t in fields["triggers"]]
    fields["notifications"] = _notifications(state, data.get("notifications", []), trigger_types)
    for key, default in (("isDisabled", False), ("groupNotifications", True)):
        check_bool(data, key)
        fields[key] = data.get(key, default)
    if "playbook" in data:
        check_string(data, "playbook", 0, 65536)
    fields["playbook"] = data.get("playbook", "")
    if "sloId" in data:
        raise bad_field("sloId", "sloId is only applicable to SLO monitors")
    fields["automatedPlaybookIds"] = _string_list(data.get("automatedPlaybookIds", []), "automatedPlaybookIds")
    return fields


def _check_body(data, create_keys, what):
    allowed = set(create_keys) | set(READ_ONLY)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise bad_field(unknown[0], "Unknown %s field(s): %s" % (what, ", ".join(unknown)))


def _check_name(data):
    check_string(data, "name", 1, MAX_NAME)
    if "/" in data["name"] or not data["name"].strip():
        raise bad_field("name", "name must not be blank or hold '/' (it is an element of the item's path)")
    if "description" in data:
        check_string(data, "description", 0, MAX_DESCRIPTION)


def _refuse_beyond_limit(state, monitor_type, extra=1):
    active = sum(1 for item in state.monitor_items.values()
                 if item.get("monitorType") == monitor_type and not item["isDisabled"])
    if active + extra > LIMITS[monitor_type]:
        raise ApiError(400, "monitor:limit_reached", "The organisation has %d active %s monitors, its limit is %d"
                       % (active, monitor_type, LIMITS[monitor_type]),
                       detail="Disable or delete monitors first (GET /v1/monitors/usageInfo)")


# -- the API: the tree -------------------------------------------------------------------------------

@bp.route(PATH + "/root", methods=["GET"])
def get_root():
    state = _state()
    return json_response(answer(state, state.monitor_items[state.monitors_root]))


@bp.route(PATH, methods=["POST"])
def create_item():
    state = _state()
    parent = _folder(state, request.args.get("parentId"))
    data = json_body()
    kind = data.get("type")
    if kind not in CREATE_TYPES:
        raise bad_field("type", "type must be MonitorsLibraryFolder or MonitorsLibraryMonitor, got %r" % (kind,))
    content_type = CREATE_TYPES[kind]
    # version is read only here: a client that sends the read shape sends it (0), and it is ignored.
    keys = ("type", "name", "description", "version") + (MONITOR_KEYS if content_type == "Monitor" else ())
    _check_body(data, keys, content_type.lower())
    if "id" in data:
        raise bad_field("id", "id is assigned by the service: omit it")
    if "parentId" in data and str(data["parentId"]).upper() != parent["id"]:
        raise bad_field("parentId", "The body's parentId differs from the query's parentId")
    _check_name(data)
    fields = dict((key, data[key]) for key in ("name", "description") if key in data)
    if content_type == "Monitor":
        fields.update(_monitor_fields(state, data))
        if not fields["isDisabled"]:
            _refuse_beyond_limit(state, fields["monitorType"])
    _refuse_duplicate(state, parent["id"], data["name"])
    item = _store(state, fields, content_type, parent["id"])
    return json_response(answer(state, item))


@bp.route(PATH + "/<raw_id>", methods=["GET"])
def get_item(raw_id):
    state = _state()
    return json_response(answer(state, _item(state, raw_id)))


@bp.route(PATH + "/<raw_id>", methods=["PUT"])
def update_item(raw_id):
    state = _state()
    item = _mutable(state, _item(state, raw_id))
    data = json_body()
    kind = data.get("type")
    wanted = "MonitorsLibrary%sUpdate" % item["contentType"]
    if kind not in UPDATE_TYPES:
        raise bad_field("type", "type must be MonitorsLibraryFolderUpdate or MonitorsLibraryMonitorUpdate, got %r"
                        % (kind,))
    if kind != wanted:
        raise bad_field("type", "%s is a %s: it is updated with type %s"
                        % (item["id"], item["contentType"].lower(), wanted))
    keys = ("type", "name", "description", "version") + (MONITOR_KEYS if item["contentType"] == "Monitor" else ())
    _check_body(data, keys, item["contentType"].lower())
    if "id" in data and str(data["id"]).upper() != item["id"]:
        raise bad_field("id", "The body's id does not match the path")
    if "parentId" in data and str(data["parentId"]).upper() != item["parentId"]:
        raise bad_field("parentId", "An update does not move: POST /v1/monitors/{id}/move?parentId= does")
    if "version" not in data:
        raise bad_field("version", "version is required: the version the update was computed from")
    version = _number(data["version"], "version", integer=True)
    if version != item["version"]:
        raise ApiError(409, "content:version_mismatch", "The version %d of %s is not its latest version %d: it changed "
                       "since it was read" % (version, path_of(state, item), item["version"]),
                       detail="Read it again, apply the change to what it is now and send that version")
    _check_name(data)
    fields = {"name": data["name"], "description": data.get("description", "")}
    if item["contentType"] == "Monitor":
        fields.update(_monitor_fields(state, data))
        if fields["monitorType"] != item["monitorType"]:
            raise bad_field("monitorType", "The monitorType of a monitor cannot change (it is %s)" % item["monitorType"])
        if item["isDisabled"] and not fields["isDisabled"]:
            _refuse_beyond_limit(state, item["monitorType"])
    _refuse_duplicate(state, item["parentId"], data["name"], other_than=item)
    for key in MONITOR_KEYS:
        item.pop(key, None)
    item.update(fields)
    if item["contentType"] == "Monitor":
        if item["isDisabled"]:
            item["status"] = ["Disabled"]
        elif item["status"] == ["Disabled"]:
            item["status"] = ["Normal"]
    _bump(state, item)
    return json_response(answer(state, item))


@bp.route(PATH + "/<raw_id>", methods=["DELETE"])
def delete_item(raw_id):
    state = _state()
    _remove(state, _mutable(state, _item(state, raw_id)))
    return empty_response(204)


def _ids_param():
    values = []
    for raw in request.args.getlist("ids"):
        values.extend(v.strip() for v in raw.split(",") if v.strip())
    if not values:
        raise ApiError(400, "request.param.invalid", "The query parameter ids (a comma-separated list) is required")
    if len(values) > MAX_IDS:
        raise ApiError(400, "request.param.invalid", "At most %d ids at once, got %d" % (MAX_IDS, len(values)))
    return [parse_id(v, "monitor or folder") for v in values]


@bp.route(PATH, methods=["GET"])
def read_by_ids():
    state = _state()
    items = [_item(state, raw_id) for raw_id in _ids_param()]
    return json_response(dict((item["id"], answer(state, item)) for item in items))


@bp.route(PATH, methods=["DELETE"])
def delete_by_ids():
    state = _state()
    items = [_mutable(state, _item(state, raw_id)) for raw_id in _ids_param()]
    deleted = dict((item["id"], answer(state, item)) for item in items)
    for item in items:
        if item["id"] in state.monitor_items:
            _remove(state, item)
    return json_response(deleted)


@bp.route(PATH + "/path", methods=["GET"])
def get_by_path():
    state = _state()
    path = request.args.get("path")
    if not path or not path.startswith("/"):
        raise ApiError(400, "request.param.invalid", "The query parameter path must be a path such as /%s/Folder/Monitor"
                       % ROOT_NAME)
    names = path[1:].split("/")
    item = state.monitor_items[state.monitors_root]
    if names[0] != item["name"]:
        item = None
    for name in names[1:]:
        if item is None:
            break
        item = next((state.monitor_items[c] for c in state.monitor_children.get(item["id"], ())
                     if state.monitor_items[c]["name"] == name), None)
    if item is None:
        raise ApiError(404, "content:not_found", "No monitor or folder has the path %s" % path)
    return json_response(answer(state, item))


@bp.route(PATH + "/<raw_id>/path", methods=["GET"])
def get_path(raw_id):
    state = _state()
    item = _item(state, raw_id)
    chain = _chain(state, item)
    return json_response({"pathItems": [{"id": each["id"], "name": each["name"]} for each in chain],
                          "path": path_of(state, item)})


@bp.route(PATH + "/<raw_id>/move", methods=["POST"])
def move_item(raw_id):
    state = _state()
    item = _mutable(state, _item(state, raw_id))
    target = _folder(state, request.args.get("parentId"))
    if target["id"] in [each["id"] for each in _subtree(state, item)]:
        raise ApiError(400, "content:invalid_move", "%s cannot move into itself or its own subtree"
                       % path_of(state, item))
    if target["id"] != item["parentId"]:
        _refuse_duplicate(state, target["id"], item["name"])
        state.monitor_children[item["parentId"]].remove(item["id"])
        state.monitor_children[target["id"]].append(item["id"])
        item["parentId"] = target["id"]
        _bump(state, item)
    return json_response(answer(state, item))


def _copy_tree(state, item, parent_id, name, description, now):
    fields = dict((key, copy.deepcopy(item[key])) for key in MONITOR_KEYS if key in item)
    fields.update(name=name, description=description)
    made = _store(state, fields, item["contentType"], parent_id, now)
    for child_id in list(state.monitor_children.get(item["id"], ())):
        child = state.monitor_items[child_id]
        _copy_tree(state, child, made["id"], child["name"], child["description"], now)
    return made


@bp.route(PATH + "/<raw_id>/copy", methods=["POST"])
def copy_item(raw_id):
    state = _state()
    item = _mutable(state, _item(state, raw_id))
    data = json_body()
    unknown = sorted(set(data) - {"parentId", "name", "description", "preserveLock"})
    if unknown:
        raise bad_field(unknown[0], "Unknown copy field(s): %s" % ", ".join(unknown))
    if "parentId" not in data or not isinstance(data["parentId"], str):
        raise bad_field("parentId", "parentId (the folder to copy to) is required")
    target = _folder(state, data["parentId"])
    check_bool(data, "preserveLock")
    name = data.get("name", item["name"])
    _check_name({"name": name, "description": data.get("description", item["description"])})
    if item["contentType"] == "Folder" and target["id"] in [each["id"] for each in _subtree(state, item)]:
        raise ApiError(400, "content:invalid_copy", "%s cannot be copied into its own subtree" % path_of(state, item))
    _refuse_duplicate(state, target["id"], name)
    for monitor_type in LIMITS:
        active = sum(1 for each in _subtree(state, item)
                     if each.get("monitorType") == monitor_type and not each["isDisabled"])
        if active:
            _refuse_beyond_limit(state, monitor_type, active)
    made = _copy_tree(state, item, target["id"], name, data.get("description", item["description"]), iso_now())
    return json_response(answer(state, made))


@bp.route(PATH + "/disable", methods=["PUT"])
def disable_monitors():
    state = _state()
    disabled, warnings = {}, []
    for item_id in _ids_param():
        item = state.monitor_items.get(item_id)
        if item is None or item["contentType"] != "Monitor":
            warnings.append({"code": "content:not_found", "message": "Monitor id=%s not found." % item_id})
            continue
        if not item["isDisabled"]:
            item["isDisabled"] = True
            item["status"] = ["Disabled"]
            _bump(state, item)
        disabled[item_id] = answer(state, item)
    return json_response({"monitors": disabled, "warnings": warnings})


@bp.route(PATH + "/usageInfo", methods=["GET"])
def usage_info():
    state = _state()
    usage = []
    for monitor_type, limit in LIMITS.items():
        monitors = [item for item in state.monitor_items.values() if item.get("monitorType") == monitor_type]
        usage.append({"monitorType": monitor_type, "usage": sum(1 for m in monitors if not m["isDisabled"]),
                      "limit": limit, "total": len(monitors)})
    return json_response(usage)


# -- search ----------------------------------------------------------------------------------------------

def _millis(iso):
    moment = datetime.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return int(moment.timestamp() * 1000)


def _search_terms(query):
    """``(filters, words)`` of a search query: ``key:value`` filters among the documented ones, and words."""
    try:
        tokens = shlex.split(query)
    except ValueError as exc:
        raise ApiError(400, "search:invalid_query", "The search query cannot be read: %s" % exc)
    filters, words = [], []
    for token in tokens:
        key, sep, value = token.partition(":")
        if sep and re.match(r"^[A-Za-z]+$", key):
            known = dict((f.lower(), f) for f in SEARCH_FILTERS).get(key.lower())
            if known is None:
                raise ApiError(400, "search:invalid_query", "Unknown search filter %r; the filters are %s"
                               % (key, ", ".join(SEARCH_FILTERS)))
            if not value:
                raise ApiError(400, "search:invalid_query", "The search filter %s needs a value" % known)
            if known in ("createdBefore", "createdAfter", "modifiedBefore", "modifiedAfter") and not value.isdigit():
                raise ApiError(400, "search:invalid_query", "%s takes a timestamp in milliseconds, got %r" % (known, value))
            if known == "type" and value.lower() not in ("folder", "monitor"):
                raise ApiError(400, "search:invalid_query", "type takes folder or monitor, got %r" % value)
            if known == "monitorStatus" and value.lower() not in [s.lower() for s in STATUSES + ("AllTriggered",)]:
                raise ApiError(400, "search:invalid_query", "monitorStatus takes %s, got %r"
                               % (", ".join(STATUSES + ("AllTriggered",)), value))
            filters.append((known, value))
        else:
            words.append(token.lower())
    return filters, words


def _matches(item, filters, words):
    for key, value in filters:
        if key == "createdBy" and item["createdBy"].upper() != value.upper():
            return False
        if key in ("createdBefore", "createdAfter", "modifiedBefore", "modifiedAfter"):
            moment = _millis(item["createdAt" if key.startswith("created") else "modifiedAt"])
            if (moment >= int(value)) if key.endswith("Before") else (moment <= int(value)):
                return False
        if key == "type" and item["contentType"].lower() != value.lower():
            return False
        if key == "monitorStatus":
            status = [s.lower() for s in item.get("status", ())]
            wanted = ["critical", "warning", "missingdata"] if value.lower() == "alltriggered" else [value.lower()]
            if not set(status) & set(wanted):
                return False
    text = (item["name"] + "\n" + item["description"]).lower()
    return all(word in text for word in words)


@bp.route(PATH + "/search", methods=["GET"])
def search():
    state = _state()
    query = request.args.get("query")
    if query is None:
        raise ApiError(400, "request.param.invalid", "The query parameter query is required")
    limit = int_param("limit", 1000, minimum=1, maximum=1000)
    offset = int_param("offset", 0, minimum=0)
    filters, words = _search_terms(query)
    root = state.monitor_items[state.monitors_root]
    found = [item for item in _subtree(state, root)[1:] if _matches(item, filters, words)]
    return json_response([{"item": answer(state, item, permissions=[]), "path": path_of(state, item)}
                          for item in found[offset:offset + limit]])


# -- control API: a monitor's evaluation ---------------------------------------------------------------

@bp.route(CONTROL + "/status", methods=["POST"])
@control_route
def control_status():
    """``{"id": ..., "status": ["Critical"]}``: what the monitor's last evaluation found (an enabled monitor)."""
    state = _state()
    body = request.get_json(force=True, silent=True) or {}
    item = state.monitor_items.get(str(body.get("id", "")).upper())
    if item is None or item["contentType"] != "Monitor":
        raise ApiError(404, "invalid", "no monitor with id %r" % body.get("id"))
    status = body.get("status")
    allowed = [s for s in STATUSES if s != "Disabled"]
    if not isinstance(status, list) or not status or not all(s in allowed for s in status):
        raise ApiError(400, "invalid", "status must be a non-empty list among %s" % ", ".join(allowed))
    if item["isDisabled"]:
        raise ApiError(400, "invalid", "the monitor is disabled: it is not evaluated")
    item["status"] = list(status)
    return jsonify({"id": item["id"], "status": item["status"]})


# -- seed, concurrent edits ------------------------------------------------------------------------------

def _connection_named(state, name):
    return next(c for c in state.connections.values() if c["name"] == name)


def _logs_monitor(query, threshold, notifications=(), **extra):
    body = {"type": "MonitorsLibraryMonitor", "monitorType": "Logs",
            "queries": [{"rowId": "A", "query": query}],
            "triggers": [{"detectionMethod": "LogsStaticCondition", "triggerType": "Critical", "timeRange": "-15m",
                          "threshold": threshold, "thresholdType": "GreaterThan"},
                         {"detectionMethod": "LogsStaticCondition", "triggerType": "ResolvedCritical",
                          "timeRange": "-15m", "threshold": threshold, "thresholdType": "LessThanOrEqual"}],
            "notifications": list(notifications)}
    body.update(extra)
    return body


def _seed_folder(state, parent, name, description, now):
    fields = {"name": name, "description": description}
    return _store(state, fields, "Folder", parent["id"], now)


def _seed_monitor(state, parent, name, body, now):
    data = dict(body, name=name)
    fields = {"name": name, "description": data.get("description", "")}
    fields.update(_monitor_fields(state, data))
    return _store(state, fields, "Monitor", parent["id"], now)


def seed_demo(state, options):
    """Folders /Monitors/Platform(/Databases) and /Monitors/Security, three monitors, and the bulk ones."""
    now = iso_now()
    root = state.monitor_items[state.monitors_root]
    platform = _seed_folder(state, root, "Platform", "Monitors of the platform team", now)
    databases = _seed_folder(state, platform, "Databases", "", now)
    security = _seed_folder(state, root, "Security", "Monitors of the security team", now)
    slack = _connection_named(state, "Slack ops-alerts")
    _seed_monitor(state, platform, "High error rate", _logs_monitor(
        "_sourceCategory=prod/web status_code=5*", 100, description="More than 100 server errors in 15 minutes",
        notifications=[{"notification": {"connectionType": "Slack", "connectionId": slack["id"]},
                        "runForTriggerTypes": ["Critical", "ResolvedCritical"]}],
        playbook="Look at the web dashboard, then at the last deployment."), now)
    _seed_monitor(state, databases, "Replication lag", {
        "type": "MonitorsLibraryMonitor", "monitorType": "Metrics", "description": "Replica behind its primary",
        "queries": [{"rowId": "A", "query": "metric=replication_lag_seconds _sourceCategory=prod/db | max by host"}],
        "triggers": [{"detectionMethod": "MetricsStaticCondition", "triggerType": "Critical", "timeRange": "-5m",
                      "threshold": 30, "thresholdType": "GreaterThan", "occurrenceType": "Always"},
                     {"detectionMethod": "MetricsStaticCondition", "triggerType": "ResolvedCritical",
                      "timeRange": "-5m", "threshold": 30, "thresholdType": "LessThanOrEqual",
                      "occurrenceType": "Always"},
                     {"detectionMethod": "MetricsMissingDataCondition", "triggerType": "MissingData",
                      "timeRange": "-30m", "triggerSource": "AnyTimeSeries"}],
        "notifications": [{"notification": {"connectionType": "Email", "recipients": ["dba@example.com"],
                                            "subject": "{{TriggerType}}: {{Name}}", "timeZone": "Europe/Paris",
                                            "messageBody": "{{ResultsJson}}"},
                           "runForTriggerTypes": ["Critical", "MissingData"]}],
        "evaluationDelay": "1m"}, now)
    _seed_monitor(state, security, "Failed logins", _logs_monitor(
        "_sourceCategory=*/auth \"login failed\"", 20, isDisabled=True,
        description="Brute force attempts (disabled while the rule is tuned)"), now)

    count, folders = MONITORS_OPTION.value(options), FOLDERS_OPTION.value(options)
    if not count and not folders:
        return
    bulk = _seed_folder(state, root, "Bulk", "Generated monitors", now)
    parents = [_seed_folder(state, bulk, "folder-%04d" % (index + 1), "", now) for index in range(folders)] or [bulk]
    generated = [c for c in state.connections.values() if c["name"].startswith("bulk-connection-")]
    room = LIMITS["Logs"] - sum(1 for item in state.monitor_items.values()
                                if item.get("monitorType") == "Logs" and not item["isDisabled"])
    for index in range(count):
        notifications = []
        if generated:
            conn = generated[index % len(generated)]
            notifications = [{"notification": {"connectionType": conn["webhookType"], "connectionId": conn["id"]},
                              "runForTriggerTypes": ["Critical"]}]
        # Beyond the limit of active monitors the generated ones are disabled.
        disabled = index >= room
        _seed_monitor(state, parents[index % len(parents)], "bulk-monitor-%05d" % (index + 1), _logs_monitor(
            "_sourceCategory=bulk/%05d error" % (index + 1), 10, notifications, isDisabled=disabled), now)


_OBJECT_PATH = re.compile(r"^/api/v1/monitors/([0-9A-Fa-f]{16})(?:/path|/move|/copy)?/?$")


def object_at(state, path):
    """The folder or monitor a path names (for the concurrent-edit fault: the edit bumps its version), or None."""
    match = _OBJECT_PATH.match(path)
    found = state.monitor_items.get(match.group(1).upper()) if match else None
    if found is None or found["isSystem"]:
        return None
    return ConcurrentEdit(state, found, after=lambda item: item.__setitem__("version", item["version"] + 1))
