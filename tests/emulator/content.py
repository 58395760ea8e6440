# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Content Library: ``/api/v2/content/...`` (OpenAPI ``contentManagement``, ``folderManagement``
and ``contentPermissions``).

One tree of content items: each user's personal folder (``/Library/Users/<email>``) and
"Admin Recommended" (``/Library/Admin Recommended``), with folders, saved searches,
dashboards and lookup tables in them. The dashboards and lookup tables parts keep their
objects as items of this tree (they register a :class:`Kind` for their export type), so a
dashboard made with ``/v2/dashboards`` is exported here, and a lookup table imported here is
read with ``/v1/lookupTables``. Exports, imports, deletions, copies and the global and Admin
Recommended listings are asynchronous jobs, which advance one step per status poll and do
their work when they end. What the OpenAPI description leaves open is written down in
docs/emulator.md (section "Content library").
"""

from __future__ import annotations

import copy
import datetime
import re

from flask import Blueprint, current_app, jsonify, request

from .core import (
    ApiError,
    SeedOption,
    bad_field,
    bool_param,
    caller_id,
    control_route,
    empty_response,
    format_id,
    iso_now,
    json_body,
    json_response,
    metadata,
    parse_id,
    touch,
)

bp = Blueprint("content", __name__)

PATH = "/api/v2/content"
CONTROL = "/_emulator/content"
LIBRARY_ID = "0000000000000001"     # the Library root: a parent id only, never an item
ORG_ID = "00000000005E0001"         # the organisation, as a permission's sourceId with sourceType org
FALLBACK_EMAIL = "admin@example.com"  # the caller's email when the caller is no user (the empty seed)
ADMIN_RECOMMENDED = "Admin Recommended"
PERMISSIONS = ("View", "GrantView", "Edit", "GrantEdit", "Manage", "GrantManage")
IMPLIES = {"Edit": ("View",), "Manage": ("Edit", "View"), "GrantEdit": ("GrantView",),
           "GrantManage": ("GrantEdit", "GrantView")}
SOURCE_TYPES = ("user", "role", "org")
ITEM_LIMIT = 1000                   # content objects per export or import
FOLDER_NAME_MAX = 128
FOLDER_DESCRIPTION_MAX = 255
ITEM_NAME_MAX = 255
JOB_POLLS = SeedOption("content_job_polls", "status polls that answer InProgress before an asynchronous content "
                                            "or lookup table job ends (any seed)", 1)
SEED_OPTIONS = (
    SeedOption("content_items", "with the demo seed, add N generated saved searches "
                                "(/Library/Users/admin@example.com/Bulk/group-01/bulk-search-0001...)"),
    JOB_POLLS,
)
JOB_KINDS = ("export", "import", "delete", "copy", "global", "adminRecommended", "upload", "truncate")
BULK_GROUP = 25


def _state():
    return current_app.config["STATE"]


# -- checking request bodies: small helpers shared with the dashboards and lookup tables parts --------

def where_join(where, key):
    return "%s.%s" % (where, key) if where else key


def need_object(value, where):
    if not isinstance(value, dict):
        raise bad_field(where, "%s must be an object" % where)
    return value


def refuse_keys(data, allowed, where):
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise bad_field(where_join(where, unknown[0]), "Unknown or read-only field(s) in %s: %s"
                        % (where or "the body", ", ".join(unknown)))


def need_string(data, key, where, required=True, minimum=0, maximum=None, choices=None, pattern=None,
                nullable=False):
    """``data[key]`` as a checked string (None when absent and not required)."""
    field = where_join(where, key)
    if key not in data or (nullable and data[key] is None):
        if required:
            raise bad_field(field, "%s is required" % field)
        return None
    value = data[key]
    if not isinstance(value, str):
        raise bad_field(field, "%s must be a string" % field)
    if len(value) < minimum or (maximum is not None and len(value) > maximum):
        raise bad_field(field, "%s must be a string of %d to %s characters" % (field, minimum, maximum or "any"))
    if choices is not None and value not in choices:
        raise bad_field(field, "%s must be one of %s, got %r" % (field, ", ".join(choices), value))
    if pattern is not None and not pattern.match(value):
        raise bad_field(field, "%s is not valid: %r" % (field, value))
    return value


def need_bool(data, key, where, required=False):
    field = where_join(where, key)
    if key not in data or data[key] is None:
        if required:
            raise bad_field(field, "%s is required" % field)
        return None
    if not isinstance(data[key], bool):
        raise bad_field(field, "%s must be true or false" % field)
    return data[key]


def need_int(data, key, where, required=False, minimum=None, maximum=None, choices=None):
    field = where_join(where, key)
    if key not in data or data[key] is None:
        if required:
            raise bad_field(field, "%s is required" % field)
        return None
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_field(field, "%s must be an integer" % field)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise bad_field(field, "%s must be in %s..%s, got %d" % (field, minimum, maximum, value))
    if choices is not None and value not in choices:
        raise bad_field(field, "%s must be one of %s, got %d" % (field, ", ".join(map(str, choices)), value))
    return value


def need_number(data, key, where, required=False):
    field = where_join(where, key)
    if key not in data or data[key] is None:
        if required:
            raise bad_field(field, "%s is required" % field)
        return None
    if isinstance(data[key], bool) or not isinstance(data[key], (int, float)):
        raise bad_field(field, "%s must be a number" % field)
    return data[key]


def need_list(data, key, where, required=False, max_items=None, min_items=0):
    field = where_join(where, key)
    if key not in data or data[key] is None:
        if required:
            raise bad_field(field, "%s is required" % field)
        return None
    value = data[key]
    if not isinstance(value, list):
        raise bad_field(field, "%s must be a list" % field)
    if len(value) < min_items or (max_items is not None and len(value) > max_items):
        raise bad_field(field, "%s must hold %d to %s items" % (field, min_items, max_items or "any"))
    return value


def need_date_time(data, key, where, required=False):
    value = need_string(data, key, where, required=required)
    if value is not None:
        try:
            datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        except ValueError:
            raise bad_field(where_join(where, key), "%s must be an ISO 8601 date-time, got %r"
                            % (where_join(where, key), value))
    return value


def in_order(data, keys):
    """``data`` with ``keys`` first, in that order (those present), then the rest as they are."""
    ordered = dict((key, data[key]) for key in keys if key in data)
    ordered.update((key, value) for key, value in data.items() if key not in ordered)
    return ordered


# -- time ranges (ResolvableTimeRange), shared by saved searches and dashboards -----------------------

RELATIVE_TIME = re.compile(r"^-?(\d+[wdhms])+$")
LITERAL_BOUNDARIES = ("now", "second", "minute", "hour", "day", "today", "week", "month", "year")
COMPLETE_RANGES = ("today", "yesterday", "previous_week", "previous_month")
BOUNDARY_TYPES = ("RelativeTimeRangeBoundary", "EpochTimeRangeBoundary", "Iso8601TimeRangeBoundary",
                  "LiteralTimeRangeBoundary")
DEFAULT_TIME_RANGE = {"type": "BeginBoundedTimeRange",
                      "from": {"type": "RelativeTimeRangeBoundary", "relativeTime": "-15m"}, "to": None}


def check_boundary(value, where):
    need_object(value, where)
    kind = need_string(value, "type", where, choices=BOUNDARY_TYPES)
    if kind == "RelativeTimeRangeBoundary":
        refuse_keys(value, ("type", "relativeTime"), where)
        need_string(value, "relativeTime", where, pattern=RELATIVE_TIME)
    elif kind == "EpochTimeRangeBoundary":
        refuse_keys(value, ("type", "epochMillis"), where)
        need_int(value, "epochMillis", where, required=True, minimum=0)
    elif kind == "Iso8601TimeRangeBoundary":
        refuse_keys(value, ("type", "iso8601Time"), where)
        need_date_time(value, "iso8601Time", where, required=True)
    else:
        refuse_keys(value, ("type", "rangeName"), where)
        need_string(value, "rangeName", where, choices=LITERAL_BOUNDARIES)
    return in_order(value, ("type",))


def check_time_range(value, where):
    """A ResolvableTimeRange, checked; a BeginBoundedTimeRange answers ``to`` (null when left out)."""
    need_object(value, where)
    kind = need_string(value, "type", where, choices=("BeginBoundedTimeRange", "CompleteLiteralTimeRange"))
    if kind == "CompleteLiteralTimeRange":
        refuse_keys(value, ("type", "rangeName"), where)
        need_string(value, "rangeName", where, choices=COMPLETE_RANGES)
        return {"type": kind, "rangeName": value["rangeName"]}
    refuse_keys(value, ("type", "from", "to"), where)
    if "from" not in value or value["from"] is None:
        raise bad_field(where_join(where, "from"), "%s is required" % where_join(where, "from"))
    checked = {"type": kind, "from": check_boundary(value["from"], where_join(where, "from")), "to": None}
    if value.get("to") is not None:
        checked["to"] = check_boundary(value["to"], where_join(where, "to"))
    return checked


def describe_time_range(value):
    """The human-friendly text of a time range (a schedule's ``displayableTimeRange``)."""
    if value["type"] == "CompleteLiteralTimeRange":
        return value["rangeName"]

    def boundary(b):
        return {"RelativeTimeRangeBoundary": "relativeTime", "EpochTimeRangeBoundary": "epochMillis",
                "Iso8601TimeRangeBoundary": "iso8601Time", "LiteralTimeRangeBoundary": "rangeName"}[b["type"]]
    start = str(value["from"][boundary(value["from"])])
    return start if value.get("to") is None else "%s to %s" % (start, value["to"][boundary(value["to"])])


# -- kinds of content: how each export type is checked, stored and exported ----------------------------

class JobError(Exception):
    """Ends a job as Failed with this error."""

    def __init__(self, code, message, detail=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.detail = detail

    def as_error(self):
        error = {"code": self.code, "message": self.message}
        if self.detail:
            error["detail"] = self.detail
        return error


class Kind:
    """A kind of content item other than a folder, by the export types it takes.

    ``check`` turns an export definition into the stored data (defaults filled, in the order
    exports answer); ``store`` puts checked data into an item (``fresh``: a new item rather
    than one overwritten in place); ``export`` answers the definition; ``copy`` fills a
    copied item; ``forget`` is told an item is deleted.
    """

    item_type = None
    sync_types = ()

    def check(self, state, definition, where):
        raise NotImplementedError

    def store(self, state, item, data, fresh):
        item["data"] = data

    def export(self, state, item):
        return in_order(dict(copy.deepcopy(item["data"]), type=item["syncType"], name=item["name"]), ("type", "name"))

    def copy(self, state, source, clone):
        clone["data"] = copy.deepcopy(source["data"])

    def forget(self, state, item):
        pass


KINDS = {}  # export type -> Kind


def register(kind):
    for sync_type in kind.sync_types:
        KINDS[sync_type] = kind
    return kind


def kind_of(item):
    return KINDS[item["syncType"]]


QUERY_PARAMETER_TYPES = ("NUMBER", "STRING", "QUERY_FRAGMENT", "SEARCH_KEYWORD")
AUTOCOMPLETE_TYPES = ("SKIP_AUTOCOMPLETE", "CSV_AUTOCOMPLETE", "AUTOCOMPLETE_KEY", "VALUE_ONLY_AUTOCOMPLETE",
                      "VALUE_ONLY_LOOKUP_AUTOCOMPLETE", "LABEL_VALUE_LOOKUP_AUTOCOMPLETE")
SCHEDULE_TYPES = ("RealTime", "15Minutes", "1Hour", "2Hours", "4Hours", "6Hours", "8Hours", "12Hours", "1Day",
                  "1Week", "Custom")
CRON_SCHEDULES = ("Custom", "1Day", "1Week")
THRESHOLD_OPERATORS = ("eq", "gt", "ge", "lt", "le")
NOTIFICATIONS = {
    # taskType -> (required keys, optional keys and their defaults)
    "EmailSearchNotificationSyncDefinition": (("toList",), {"subjectTemplate": None, "includeQuery": True,
                                                            "includeResultSet": True, "includeHistogram": True,
                                                            "includeCsvAttachment": False}),
    "WebhookSearchNotificationSyncDefinition": (("webhookId",), {"payload": None, "itemizeAlerts": False,
                                                                 "maxItemizedAlerts": None}),
    "ServiceNowSearchNotificationSyncDefinition": (("externalId",), {"fields": None}),
    "AlertSearchNotificationSyncDefinition": (("sourceId",), {}),
    "SaveToLookupNotificationSyncDefinition": (("lookupFilePath", "isLookupMergeOperation"), {}),
    "SaveToViewNotificationSyncDefinition": (("viewName",), {}),
    "CseSignalNotificationSyncDefinition": (("recordType",), {}),
}
VIEW_START_EPOCH = "1970-01-01T00:00:00Z"


def _check_query_parameters(values, where):
    checked = []
    for index, parameter in enumerate(values):
        at = "%s[%d]" % (where, index)
        need_object(parameter, at)
        refuse_keys(parameter, ("name", "label", "description", "dataType", "value", "autoComplete"), at)
        for key in ("name", "label", "description", "value"):
            need_string(parameter, key, at)
        need_string(parameter, "dataType", at, choices=QUERY_PARAMETER_TYPES)
        auto = need_object(parameter.get("autoComplete"), where_join(at, "autoComplete"))
        need_string(auto, "autoCompleteType", where_join(at, "autoComplete"), choices=AUTOCOMPLETE_TYPES)
        checked.append(in_order(copy.deepcopy(parameter), ("name", "label", "description", "dataType", "value",
                                                           "autoComplete")))
    return checked


def _check_notification(value, has_threshold, where):
    need_object(value, where)
    task = need_string(value, "taskType", where, choices=tuple(NOTIFICATIONS))
    required, optional = NOTIFICATIONS[task]
    refuse_keys(value, ("taskType",) + required + tuple(optional), where)
    for key in required:
        if key not in value or value[key] is None:
            raise bad_field(where_join(where, key), "%s is required for %s" % (where_join(where, key), task))
    if task == "EmailSearchNotificationSyncDefinition":
        emails = need_list(value, "toList", where, required=True, min_items=1)
        if not all(isinstance(email, str) and "@" in email for email in emails):
            raise bad_field(where_join(where, "toList"), "toList must hold email addresses")
        for key in ("includeQuery", "includeResultSet", "includeHistogram", "includeCsvAttachment"):
            need_bool(value, key, where)
        need_string(value, "subjectTemplate", where, required=False, nullable=True)
    if task == "SaveToLookupNotificationSyncDefinition":
        need_bool(value, "isLookupMergeOperation", where, required=True)
    if task == "WebhookSearchNotificationSyncDefinition":
        need_bool(value, "itemizeAlerts", where)
        need_int(value, "maxItemizedAlerts", where, minimum=1, maximum=100)
    checked = {"taskType": task}
    for key in required:
        checked[key] = copy.deepcopy(value[key])
    for key, default in optional.items():
        checked[key] = copy.deepcopy(value[key]) if value.get(key) is not None else default
    if task == "EmailSearchNotificationSyncDefinition" and checked["subjectTemplate"] is None:
        checked["subjectTemplate"] = ("Search Alert: {{AlertCondition}} results found for {{SearchName}}"
                                      if has_threshold else "Search Results: {{SearchName}}")
    return checked


def _check_schedule(value, where):
    need_object(value, where)
    refuse_keys(value, ("cronExpression", "displayableTimeRange", "parseableTimeRange", "timeZone", "threshold",
                        "notification", "scheduleType", "muteErrorEmails", "parameters"), where)
    schedule_type = need_string(value, "scheduleType", where, choices=SCHEDULE_TYPES)
    cron = need_string(value, "cronExpression", where, required=False, nullable=True, minimum=1)
    if schedule_type in CRON_SCHEDULES and cron is None:
        raise bad_field(where_join(where, "cronExpression"), "cronExpression is required with scheduleType %s"
                        % schedule_type)
    time_zone = need_string(value, "timeZone", where, minimum=1)
    if "parseableTimeRange" not in value:
        raise bad_field(where_join(where, "parseableTimeRange"), "parseableTimeRange is required")
    time_range = check_time_range(value["parseableTimeRange"], where_join(where, "parseableTimeRange"))
    threshold = None
    if value.get("threshold") is not None:
        at = where_join(where, "threshold")
        need_object(value["threshold"], at)
        refuse_keys(value["threshold"], ("thresholdType", "operator", "count"), at)
        need_string(value["threshold"], "operator", at, choices=THRESHOLD_OPERATORS)
        need_int(value["threshold"], "count", at, required=True, minimum=0)
        need_string(value["threshold"], "thresholdType", at, required=False, choices=("message", "group"))
        threshold = in_order(copy.deepcopy(value["threshold"]), ("thresholdType", "operator", "count"))
    if "notification" not in value:
        raise bad_field(where_join(where, "notification"), "notification is required")
    notification = _check_notification(value["notification"], threshold is not None, where_join(where, "notification"))
    need_bool(value, "muteErrorEmails", where)
    parameters = need_list(value, "parameters", where, max_items=50) or []
    for index, parameter in enumerate(parameters):
        at = "%s[%d]" % (where_join(where, "parameters"), index)
        need_object(parameter, at)
        refuse_keys(parameter, ("name", "value"), at)
        need_string(parameter, "name", at, maximum=60)
        need_string(parameter, "value", at, maximum=300)
    # displayableTimeRange "can not be set via API": what is sent is replaced by the server's text.
    return {"cronExpression": cron, "displayableTimeRange": describe_time_range(time_range),
            "parseableTimeRange": time_range, "timeZone": time_zone, "threshold": threshold,
            "notification": notification, "scheduleType": schedule_type,
            "muteErrorEmails": bool(value.get("muteErrorEmails", False)),
            "parameters": [in_order(copy.deepcopy(p), ("name", "value")) for p in parameters]}


class SavedSearchKind(Kind):
    """``SavedSearchWithScheduleSyncDefinition``: a saved log search, scheduled or not (itemType Search)."""

    item_type = "Search"
    sync_types = ("SavedSearchWithScheduleSyncDefinition",)

    def check(self, state, definition, where):
        refuse_keys(definition, ("type", "name", "search", "searchSchedule", "description"), where)
        description = need_string(definition, "description", where)
        search = need_object(definition.get("search"), where_join(where, "search"))
        at = where_join(where, "search")
        refuse_keys(search, ("queryText", "defaultTimeRange", "byReceiptTime", "viewName", "viewStartTime",
                             "queryParameters", "parsingMode"), at)
        need_string(search, "queryText", at, minimum=1)
        need_string(search, "defaultTimeRange", at, minimum=1)
        need_bool(search, "byReceiptTime", at, required=True)
        need_string(search, "viewName", at, required=False, nullable=True)
        need_date_time(search, "viewStartTime", at)
        need_string(search, "parsingMode", at, required=False, choices=("AutoParse", "Manual"), nullable=True)
        parameters = _check_query_parameters(need_list(search, "queryParameters", at, required=True),
                                             where_join(at, "queryParameters"))
        checked_search = {"queryText": search["queryText"], "defaultTimeRange": search["defaultTimeRange"],
                          "byReceiptTime": search["byReceiptTime"], "viewName": search.get("viewName") or "",
                          "viewStartTime": search.get("viewStartTime") or VIEW_START_EPOCH,
                          "queryParameters": parameters, "parsingMode": search.get("parsingMode") or "Manual"}
        schedule = None
        if definition.get("searchSchedule") is not None:
            schedule = _check_schedule(definition["searchSchedule"], where_join(where, "searchSchedule"))
        return {"search": checked_search, "searchSchedule": schedule, "description": description}


class OpaqueKind(Kind):
    """Types kept as they are sent, once their required keys are there (metrics searches, legacy dashboards)."""

    def __init__(self, item_type, sync_type, required):
        self.item_type = item_type
        self.sync_types = (sync_type,)
        self.required = required

    def check(self, state, definition, where):
        for key in self.required:
            if key not in definition or definition[key] is None:
                raise bad_field(where_join(where, key), "%s is required for %s" % (where_join(where, key),
                                                                                   self.sync_types[0]))
        if "timeRange" in definition:
            check_time_range(definition["timeRange"], where_join(where, "timeRange"))
        data = copy.deepcopy(definition)
        data.pop("type", None)
        data.pop("name", None)
        return data


register(SavedSearchKind())
register(OpaqueKind("Search", "MetricsSavedSearchSyncDefinition",
                    ("desiredQuantizationInSecs", "metricsQueries", "timeRange")))
register(OpaqueKind("Search", "MetricsSearchSyncDefinition", ("queries", "timeRange")))
register(OpaqueKind("Report", "DashboardSyncDefinition",
                    ("description", "detailLevel", "filters", "panels", "properties")))


# -- the tree -------------------------------------------------------------------------------------------

def init_state(state, options):
    state.library = {}            # content id -> item (internal: views are built by content_view/folder_view)
    state.personal_folders = {}   # user id -> id of the user's personal folder
    state.content_jobs = {}       # job id -> job
    state.job_failures = []       # armed failures: {"kind", "code", "message", "count"}
    state.job_polls = JOB_POLLS.value(options)
    recommended = new_item(state, LIBRARY_ID, ADMIN_RECOMMENDED, "Folder", system="adminRecommended",
                           description="Content the administrators recommend to everyone")
    state.admin_recommended_id = recommended["id"]


def new_item(state, parent_id, name, item_type, now=None, sync_type=None, **extra):
    """Store a new item under ``parent_id`` (already checked); returns it."""
    item = {"id": format_id(state.next_id("content", 0xC1C1000)), "name": name, "itemType": item_type,
            "parentId": parent_id, "system": None, "explicit": []}
    item.update(metadata(state, now))
    if item_type == "Folder":
        item["description"] = ""
        item["children"] = []
    else:
        item["syncType"] = sync_type
    item.update(extra)
    state.library[item["id"]] = item
    parent = state.library.get(parent_id)
    if parent is not None:
        parent["children"].append(item["id"])
    return item


def personal_folder(state, user_id):
    """The user's personal folder, made on first use (users made later get theirs when it is needed)."""
    folder_id = state.personal_folders.get(user_id)
    if folder_id is not None:
        return state.library[folder_id]
    user = getattr(state, "users", {}).get(user_id)
    email = user["email"] if user else FALLBACK_EMAIL
    name = ("%s %s" % (user["firstName"], user["lastName"])).strip() if user else "Personal"
    folder = new_item(state, LIBRARY_ID, name or email, "Folder", system="personal", ownerId=user_id,
                      ownerEmail=email, description="Personal folder of %s (%s)" % (name or email, email),
                      createdBy=user_id, modifiedBy=user_id)
    state.personal_folders[user_id] = folder["id"]
    return folder


def caller_folder(state):
    return personal_folder(state, caller_id(state))


def _personal_folder_of_email(state, email):
    users = getattr(state, "users", {})
    user_id = getattr(state, "user_emails", {}).get(email.lower())
    if user_id is not None and user_id in users:
        return personal_folder(state, user_id)
    if email.lower() == FALLBACK_EMAIL and caller_id(state) not in users:
        return caller_folder(state)
    for folder_id in state.personal_folders.values():  # a deleted user's folder keeps its email
        folder = state.library[folder_id]
        if folder["ownerEmail"].lower() == email.lower():
            return folder
    return None


def children(state, folder):
    return [state.library[child_id] for child_id in folder["children"]]


def child_named(state, folder, name):
    """The child of ``folder`` with this name, regardless of case (names are unique that way)."""
    wanted = name.lower()
    for child in children(state, folder):
        if child["name"].lower() == wanted:
            return child
    return None


def ancestors(state, item):
    """The item, its parent, ... up to its personal folder or Admin Recommended."""
    node = item
    while node is not None:
        yield node
        node = state.library.get(node["parentId"])


def root_of(state, item):
    for node in ancestors(state, item):
        last = node
    return last


def subtree(state, item):
    yield item
    if item["itemType"] == "Folder":
        for child in children(state, item):
            yield from subtree(state, child)


def path_of(state, item):
    names = []
    for node in ancestors(state, item):
        if node["system"] == "personal":
            user = getattr(state, "users", {}).get(node["ownerId"])
            names.append(user["email"] if user else node["ownerEmail"])
            names.append("Users")
        else:
            names.append(node["name"])
    return "/Library/" + "/".join(reversed(names))


def item_at_path(state, path):
    """The item a library path names, or None; 400 for a path that is not under /Library."""
    if path == "/Library":
        return None   # the root is no item
    if not path.startswith("/Library/"):
        raise bad_field("path", "path must be absolute, starting with /Library/ (got %r)" % path)
    parts = path.split("/")[2:]
    if parts[0] == "Users" and len(parts) >= 2:
        node, rest = _personal_folder_of_email(state, parts[1]), parts[2:]
    elif parts[0] == ADMIN_RECOMMENDED:
        node, rest = state.library[state.admin_recommended_id], parts[1:]
    else:
        return None
    for name in rest:
        if node is None or node["itemType"] != "Folder" or name == "":
            return None
        node = child_named(state, node, name)
    return node


# -- who may do what ------------------------------------------------------------------------------------

def admin_mode():
    """The request's ``isAdminMode`` header: true to act as a Content Administrator."""
    raw = request.headers.get("isAdminMode")
    if raw is None:
        return False
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise ApiError(400, "api:invalid_header", "Header isAdminMode must be \"true\" or \"false\", got %r" % raw)
    return value == "true"


def _subjects(state):
    who = caller_id(state)
    user = getattr(state, "users", {}).get(who)
    subjects = {("user", who), ("org", ORG_ID)}
    subjects.update(("role", role_id) for role_id in (user["roleIds"] if user else ()))
    return subjects


def _subject_exists(state, source_type, source_id):
    if source_type == "org":
        return source_id == ORG_ID
    table = getattr(state, "users" if source_type == "user" else "roles", {})
    return source_id in table


def owner_of(state, item):
    root = root_of(state, item)
    return root.get("ownerId") if root["system"] == "personal" else None


def effective_permissions(state, item, admin, subjects=None):
    """What the caller may do with the item: every permission as its owner or in admin mode, else what is shared."""
    if admin or owner_of(state, item) == caller_id(state):
        return set(PERMISSIONS)
    subjects = subjects if subjects is not None else _subjects(state)
    granted = set()
    for node in ancestors(state, item):
        for assignment in node["explicit"]:
            if (assignment["sourceType"], assignment["sourceId"]) in subjects:
                granted.add(assignment["permissionName"])
                granted.update(IMPLIES.get(assignment["permissionName"], ()))
    return granted


def not_found(raw_id):
    return ApiError(404, "content:content_not_found", "Content with the given ID does not exist.",
                    detail="No content item %s that you can see (items outside your personal folder need a "
                           "permission, or isAdminMode: true)" % raw_id)


def reach(state, raw_id, need="View", admin=None):
    """The item with this id, if the caller sees it (else 404) and holds ``need`` on it (else 403)."""
    admin = admin_mode() if admin is None else admin
    item = state.library.get(parse_id(raw_id, "content"))
    if item is None:
        raise not_found(raw_id)
    granted = effective_permissions(state, item, admin)
    if "View" not in granted:
        raise not_found(raw_id)
    if need not in granted:
        raise ApiError(403, "content:insufficient_permissions", "You need the %s permission on %s"
                       % (need, path_of(state, item)))
    return item


def reach_folder(state, raw_id, need="View", admin=None):
    item = reach(state, raw_id, need, admin)
    if item["itemType"] != "Folder":
        raise ApiError(400, "content:not_a_folder",
                       "Content item %s is a %s, not a folder" % (item["id"], item["itemType"]))
    return item


def content_view(state, item, admin, subjects=None):
    granted = effective_permissions(state, item, admin, subjects)
    view = {"id": item["id"], "name": item["name"], "itemType": item["itemType"], "parentId": item["parentId"],
            "permissions": [name for name in PERMISSIONS if name in granted]}
    for key in ("createdAt", "createdBy", "modifiedAt", "modifiedBy"):
        view[key] = item[key]
    return view


def folder_view(state, folder, admin):
    subjects = _subjects(state)
    view = content_view(state, folder, admin, subjects)
    view["description"] = folder["description"]
    view["children"] = [content_view(state, child, admin, subjects) for child in children(state, folder)
                        if "View" in effective_permissions(state, child, admin, subjects)]
    return view


def check_item_name(value, field="name", maximum=ITEM_NAME_MAX):
    if not isinstance(value, str) or not 1 <= len(value) <= maximum:
        raise bad_field(field, "%s must be a string of 1 to %d characters" % (field, maximum))
    if "/" in value:
        raise bad_field(field, "%s cannot hold a /: library paths are built from names" % field)
    return value


def name_free(state, folder, name, own_id=None):
    """400 unless ``folder`` has no other item of that name (regardless of case)."""
    other = child_named(state, folder, name)
    if other is not None and other["id"] != own_id:
        raise ApiError(400, "content:duplicate_content",
                       "A content item named %r already exists in %s" % (other["name"], path_of(state, folder)),
                       detail="Content items need to have a unique name within their folder")


def delete_subtree(state, item):
    parent = state.library.get(item["parentId"])
    if parent is not None and item["id"] in parent["children"]:
        parent["children"].remove(item["id"])
    for node in list(subtree(state, item)):
        if node["itemType"] != "Folder":
            kind_of(node).forget(state, node)
        del state.library[node["id"]]


def _refuse_system(item, what):
    if item["system"]:
        raise ApiError(400, "content:system_folder", "%s cannot be %s" % (
            "A personal folder" if item["system"] == "personal" else "The Admin Recommended folder", what))


# -- folders ----------------------------------------------------------------------------------------------

@bp.route(PATH + "/folders", methods=["POST"])
def create_folder():
    state = _state()
    data = json_body()
    refuse_keys(data, ("name", "description", "parentId"), "")
    check_item_name(data.get("name"), maximum=FOLDER_NAME_MAX)
    need_string(data, "description", "", required=False, maximum=FOLDER_DESCRIPTION_MAX)
    if not isinstance(data.get("parentId"), str):
        raise bad_field("parentId", "parentId is required: the identifier of the parent folder")
    parent = reach_folder(state, data["parentId"], "Edit")
    name_free(state, parent, data["name"])
    folder = new_item(state, parent["id"], data["name"], "Folder")
    folder["description"] = data.get("description") or ""
    return json_response(folder_view(state, folder, admin_mode()))


@bp.route(PATH + "/folders/personal", methods=["GET"])
def get_personal_folder():
    state = _state()
    return json_response(folder_view(state, caller_folder(state), admin_mode()))


@bp.route(PATH + "/folders/<raw_id>", methods=["GET"])
def get_folder(raw_id):
    state = _state()
    admin = admin_mode()
    return json_response(folder_view(state, reach_folder(state, raw_id, admin=admin), admin))


@bp.route(PATH + "/folders/<raw_id>", methods=["PUT"])
def update_folder(raw_id):
    state = _state()
    admin = admin_mode()
    folder = reach_folder(state, raw_id, "Edit", admin)
    data = json_body()
    refuse_keys(data, ("name", "description"), "")
    check_item_name(data.get("name"), maximum=FOLDER_NAME_MAX)
    need_string(data, "description", "", required=False, maximum=FOLDER_DESCRIPTION_MAX)
    _refuse_system(folder, "updated")
    name_free(state, state.library[folder["parentId"]], data["name"], own_id=folder["id"])
    # A PUT replaces: a description left out is cleared.
    changed = (data["name"], data.get("description") or "") != (folder["name"], folder["description"])
    folder["name"], folder["description"] = data["name"], data.get("description") or ""
    if changed:
        touch(state, folder)
    return json_response(folder_view(state, folder, admin))


# -- paths ----------------------------------------------------------------------------------------------

@bp.route(PATH + "/path", methods=["GET"])
def get_item_by_path():
    state = _state()
    path = request.args.get("path")
    if not path:
        raise bad_field("path", "the query parameter path is required")
    admin = admin_mode()
    item = item_at_path(state, path)
    if item is None or "View" not in effective_permissions(state, item, admin):
        raise ApiError(404, "content:content_not_found", "Content with the given path does not exist.",
                       detail="No content item at %s that you can see" % path)
    return json_response(content_view(state, item, admin))


@bp.route(PATH + "/<raw_id>/path", methods=["GET"])
def get_path_by_id(raw_id):
    state = _state()
    return json_response({"path": path_of(state, reach(state, raw_id))})


# -- permissions --------------------------------------------------------------------------------------------

def _assignment(assignment, content_id):
    return {"permissionName": assignment["permissionName"], "sourceType": assignment["sourceType"],
            "sourceId": assignment["sourceId"], "contentId": content_id}


def _permission_result(state, item, explicit_only=False):
    def live(node):
        return [_assignment(a, node["id"]) for a in node["explicit"]
                if _subject_exists(state, a["sourceType"], a["sourceId"])]
    result = {"explicitPermissions": live(item)}
    if not explicit_only:
        result["implicitPermissions"] = [a for node in list(ancestors(state, item))[1:] for a in live(node)]
    return result


@bp.route(PATH + "/<raw_id>/permissions", methods=["GET"])
def get_permissions(raw_id):
    state = _state()
    return json_response(_permission_result(state, reach(state, raw_id), bool_param("explicitOnly")))


def _permission_update(state, raw_id):
    admin = admin_mode()
    item = reach(state, raw_id, "Manage", admin)
    data = json_body()
    refuse_keys(data, ("contentPermissionAssignments", "notifyRecipients", "notificationMessage"), "")
    assignments = need_list(data, "contentPermissionAssignments", "", required=True, min_items=1)
    need_bool(data, "notifyRecipients", "", required=True)
    need_string(data, "notificationMessage", "")
    _refuse_system(item, "shared")
    wanted = []
    for index, assignment in enumerate(assignments):
        at = "contentPermissionAssignments[%d]" % index
        need_object(assignment, at)
        refuse_keys(assignment, ("permissionName", "sourceType", "sourceId", "contentId"), at)
        need_string(assignment, "permissionName", at, choices=PERMISSIONS)
        need_string(assignment, "sourceType", at, choices=SOURCE_TYPES)
        need_string(assignment, "sourceId", at, minimum=1)
        need_string(assignment, "contentId", at, minimum=1)
        if assignment["contentId"].upper() != item["id"]:
            raise bad_field(where_join(at, "contentId"), "contentId must be the path's content id %s" % item["id"])
        source_id = assignment["sourceId"].upper()
        if not _subject_exists(state, assignment["sourceType"], source_id):
            raise ApiError(400, "content:invalid_permission_source", "No %s with id %s (%s)"
                           % (assignment["sourceType"], assignment["sourceId"], at),
                           detail="sourceId names a user, a role, or with sourceType org the organisation %s"
                           % ORG_ID)
        wanted.append({"permissionName": assignment["permissionName"], "sourceType": assignment["sourceType"],
                       "sourceId": source_id})
    return item, wanted, data["notifyRecipients"]


@bp.route(PATH + "/<raw_id>/permissions/add", methods=["PUT"])
def add_permissions(raw_id):
    state = _state()
    item, wanted, notify = _permission_update(state, raw_id)
    for assignment in wanted:
        if assignment not in item["explicit"]:
            item["explicit"].append(assignment)
        if notify and assignment["sourceType"] == "user" and hasattr(state, "outbox"):
            state.outbox.append({"to": state.users[assignment["sourceId"]]["email"], "kind": "content-shared",
                                 "userId": assignment["sourceId"]})
    return json_response(_permission_result(state, item))


@bp.route(PATH + "/<raw_id>/permissions/remove", methods=["PUT"])
def remove_permissions(raw_id):
    state = _state()
    item, wanted, dummy = _permission_update(state, raw_id)
    missing = [a for a in wanted if a not in item["explicit"]]
    if missing:
        raise ApiError(400, "content:permission_not_found", "%s has no explicit %s permission for %s %s"
                       % (path_of(state, item), missing[0]["permissionName"], missing[0]["sourceType"],
                          missing[0]["sourceId"]))
    item["explicit"] = [a for a in item["explicit"] if a not in wanted]
    return json_response(_permission_result(state, item))


# -- asynchronous jobs -------------------------------------------------------------------------------------

RUNNERS = {}  # job kind -> function(state, job) -> dict of fields to set on the job (status Success unless given)


def runner(kind):
    def decorate(function):
        RUNNERS[kind] = function
        return function
    return decorate


def new_job(state, kind, **fields):
    """A job that answers InProgress for ``state.job_polls`` status polls, then runs and ends."""
    job = {"id": format_id(state.next_id("content-job", 0xC03E086C137F0000)), "kind": kind, "status": "InProgress",
           "pollsLeft": state.job_polls, "polls": 0, "failure": _take_failure(state, kind),
           "createdAt": iso_now(), "modifiedAt": None, "userId": caller_id(state), "admin": admin_mode()}
    job["modifiedAt"] = job["createdAt"]
    job.update(fields)
    state.content_jobs[job["id"]] = job
    return job


def _take_failure(state, kind):
    for failure in state.job_failures:
        if failure["kind"] in (kind, "any"):
            failure["count"] -= 1
            if failure["count"] <= 0:
                state.job_failures.remove(failure)
            error = {"code": failure["code"], "message": failure["message"]}
            if failure.get("detail"):
                error["detail"] = failure["detail"]
            return error
    return None


def advance(state, job):
    """One status poll: InProgress while polls are left, else the job runs (once) and ends."""
    job["polls"] += 1
    if job["status"] not in ("InProgress", "Pending"):
        return job
    if job["pollsLeft"] > 0:
        job["pollsLeft"] -= 1
        return job
    job["modifiedAt"] = iso_now()
    if job["failure"] is not None:
        job["status"], job["error"] = "Failed", job["failure"]
        return job
    try:
        outcome = RUNNERS[job["kind"]](state, job) or {}
    except JobError as exc:
        job["status"], job["error"] = "Failed", exc.as_error()
        return job
    job["status"] = outcome.pop("status", "Success")
    job.update(outcome)
    return job


def find_job(state, raw_job_id, kind, **match):
    job = state.content_jobs.get(raw_job_id.upper())
    if job is None or job["kind"] != kind or any(job.get(key) != value for key, value in match.items()):
        raise ApiError(404, "content:job_not_found", "No %s job with id %s%s" % (
            kind, raw_job_id, "".join(" for %s" % value for value in match.values())))
    return job


def job_status(job):
    status = {"status": job["status"]}
    if job["status"] == "Failed":
        status["error"] = job["error"]
    else:
        status["statusMessage"] = job.get("statusMessage", "")
    return status


def job_result(job):
    """What a finished job made; 400 while it runs or when it failed."""
    if job["status"] == "Failed":
        raise ApiError(400, "content:job_failed", "Job %s failed: %s" % (job["id"], job["error"]["message"]))
    if job["status"] != "Success":
        raise ApiError(400, "content:job_not_done", "Job %s is still in progress: poll its status until it is "
                                                    "Success" % job["id"])
    return copy.deepcopy(job["result"])


def _begin(job):
    return json_response({"id": job["id"]})


# -- global view and Admin Recommended ------------------------------------------------------------------------

@bp.route(PATH + "/folders/global", methods=["GET"])
def begin_global():
    return _begin(new_job(_state(), "global"))


@runner("global")
def _run_global(state, job):
    admin = job["admin"]
    subjects = _subjects(state)
    if admin:
        for user_id in list(getattr(state, "users", {})):
            personal_folder(state, user_id)
        tops = [state.library[folder_id] for folder_id in state.personal_folders.values()]
        tops.sort(key=lambda folder: folder["id"])
    else:
        mine = caller_folder(state)
        tops = [mine]
        for item in state.library.values():
            if item["system"] or owner_of(state, item) == caller_id(state):
                continue
            parent = state.library.get(item["parentId"])
            if "View" in effective_permissions(state, item, False, subjects) and (
                    parent is None or "View" not in effective_permissions(state, parent, False, subjects)):
                tops.append(item)
    return {"result": {"data": [content_view(state, item, admin, subjects) for item in tops]}}


@bp.route(PATH + "/folders/adminRecommended", methods=["GET"])
def begin_admin_recommended():
    return _begin(new_job(_state(), "adminRecommended"))


@runner("adminRecommended")
def _run_admin_recommended(state, job):
    view = folder_view(state, state.library[state.admin_recommended_id], job["admin"])
    return {"result": view}


for _kind, _prefix in (("global", "/folders/global"), ("adminRecommended", "/folders/adminRecommended")):
    def _status(raw_job_id, kind=_kind):
        state = _state()
        return json_response(job_status(advance(state, find_job(state, raw_job_id, kind))))

    def _result(raw_job_id, kind=_kind):
        state = _state()
        return json_response(job_result(find_job(state, raw_job_id, kind)))

    bp.add_url_rule(PATH + _prefix + "/<raw_job_id>/status", "%s_status" % _kind, _status, methods=["GET"])
    bp.add_url_rule(PATH + _prefix + "/<raw_job_id>/result", "%s_result" % _kind, _result, methods=["GET"])


# -- export --------------------------------------------------------------------------------------------------

def export_definition(state, item, admin, subjects=None):
    """The export definition of an item (a folder with its children, as far as the caller sees them)."""
    subjects = subjects if subjects is not None else _subjects(state)
    if item["itemType"] != "Folder":
        return kind_of(item).export(state, item)
    return {"type": "FolderSyncDefinition", "name": item["name"], "description": item["description"],
            "children": [export_definition(state, child, admin, subjects) for child in children(state, item)
                         if "View" in effective_permissions(state, child, admin, subjects)]}


@bp.route(PATH + "/<raw_id>/export", methods=["POST"])
def begin_export(raw_id):
    state = _state()
    item = reach(state, raw_id)
    return _begin(new_job(state, "export", contentId=item["id"]))


@runner("export")
def _run_export(state, job):
    item = state.library.get(job["contentId"])
    if item is None:
        raise JobError("content:content_not_found", "Content with the given ID does not exist.",
                       detail="Content item %s was deleted while the export ran" % job["contentId"])
    subjects = _subjects(state)
    count = sum(1 for node in subtree(state, item)
                if "View" in effective_permissions(state, node, job["admin"], subjects))
    if count > ITEM_LIMIT:
        raise JobError("content:export_limit_exceeded", "%s holds %d content objects; an export takes at most %d"
                       % (path_of(state, item), count, ITEM_LIMIT))
    return {"result": export_definition(state, item, job["admin"], subjects)}


@bp.route(PATH + "/<raw_id>/export/<raw_job_id>/status", methods=["GET"])
def export_status(raw_id, raw_job_id):
    state = _state()
    job = find_job(state, raw_job_id, "export", contentId=parse_id(raw_id, "content"))
    return json_response(job_status(advance(state, job)))


@bp.route(PATH + "/<raw_id>/export/<raw_job_id>/result", methods=["GET"])
def export_result(raw_id, raw_job_id):
    state = _state()
    return json_response(job_result(find_job(state, raw_job_id, "export", contentId=parse_id(raw_id, "content"))))


# -- import ---------------------------------------------------------------------------------------------------

def check_definition(state, definition, where="", counter=None):
    """An export definition, checked (400 otherwise): a node ``{type, name, data | description+children}``."""
    counter = counter if counter is not None else [0]
    counter[0] += 1
    need_object(definition, where or "the body")
    sync_type = need_string(definition, "type", where, minimum=1)
    if sync_type == "MewboardSyncDefinition":   # deprecated: read as a DashboardV2SyncDefinition
        sync_type = "DashboardV2SyncDefinition"
    if sync_type != "FolderSyncDefinition" and sync_type not in KINDS:
        raise ApiError(400, "content:invalid_type",
                       "Unknown content type %r at %s" % (definition["type"], where or "the body"),
                       detail="Known types: FolderSyncDefinition, %s" % ", ".join(sorted(KINDS)))
    name = check_item_name(definition.get("name"), where_join(where, "name"),
                           FOLDER_NAME_MAX if sync_type == "FolderSyncDefinition" else ITEM_NAME_MAX)
    if sync_type != "FolderSyncDefinition":
        return {"type": sync_type, "name": name, "data": KINDS[sync_type].check(state, definition, where)}
    refuse_keys(definition, ("type", "name", "description", "children"), where)
    description = need_string(definition, "description", where, required=False, nullable=True) or ""
    nodes, seen = [], set()
    for index, child in enumerate(need_list(definition, "children", where, required=True)):
        node = check_definition(state, child, "%s[%d]" % (where_join(where, "children"), index), counter)
        if node["name"].lower() in seen:
            raise ApiError(400, "content:duplicate_content",
                           "Two items named %r in %s" % (node["name"], where or "the folder"),
                           detail="Content items need to have a unique name within their folder")
        seen.add(node["name"].lower())
        nodes.append(node)
    if counter[0] > ITEM_LIMIT and not where:
        raise ApiError(400, "content:import_limit_exceeded", "The definition holds %d content objects; an import "
                                                             "takes at most %d" % (counter[0], ITEM_LIMIT))
    return {"type": sync_type, "name": name, "description": description, "children": nodes}


def _item_type(node):
    return "Folder" if node["type"] == "FolderSyncDefinition" else KINDS[node["type"]].item_type


def place(state, parent, node, overwrite, now=None):
    """Put a checked node into ``parent``: a new item, or (``overwrite``) the same-named one replaced in place."""
    existing = child_named(state, parent, node["name"])
    if existing is not None and not overwrite:
        raise JobError("content:duplicate_content", "A content item named %r already exists in %s"
                       % (existing["name"], path_of(state, parent)),
                       detail="Import with overwrite=true to replace it")
    same = existing is not None and existing["itemType"] == _item_type(node) and (
        node["type"] == "FolderSyncDefinition" or kind_of(existing) is KINDS[node["type"]])
    if existing is not None and not same:
        delete_subtree(state, existing)
        existing = None
    if node["type"] == "FolderSyncDefinition":
        folder = existing or new_item(state, parent["id"], node["name"], "Folder", now)
        before = (folder["name"], folder["description"], list(folder["children"]))
        folder["name"], folder["description"] = node["name"], node["description"]
        kept = set()
        for child in node["children"]:
            kept.add(place(state, folder, child, True, now)["id"])
        for child in children(state, folder):
            if child["id"] not in kept:
                delete_subtree(state, child)
        if existing is not None and before != (folder["name"], folder["description"], list(folder["children"])):
            touch(state, folder)
        return folder
    kind = KINDS[node["type"]]
    if existing is None:
        item = new_item(state, parent["id"], node["name"], kind.item_type, now, sync_type=node["type"])
        kind.store(state, item, copy.deepcopy(node["data"]), True)
        return item
    before = kind.export(state, existing)
    existing["name"], existing["syncType"] = node["name"], node["type"]
    kind.store(state, existing, copy.deepcopy(node["data"]), False)
    if kind.export(state, existing) != before:
        touch(state, existing)
    return existing


@bp.route(PATH + "/folders/<raw_id>/import", methods=["POST"])
def begin_import(raw_id):
    state = _state()
    folder = reach_folder(state, raw_id, "Edit")
    overwrite = bool_param("overwrite")
    node = check_definition(state, json_body())
    return _begin(new_job(state, "import", folderId=folder["id"], node=node, overwrite=overwrite))


@runner("import")
def _run_import(state, job):
    folder = state.library.get(job["folderId"])
    if folder is None:
        raise JobError("content:content_not_found", "Content with the given ID does not exist.",
                       detail="Folder %s was deleted while the import ran" % job["folderId"])
    item = place(state, folder, job["node"], job["overwrite"])
    return {"statusMessage": "id: %s" % item["id"], "contentId": item["id"]}


@bp.route(PATH + "/folders/<raw_id>/import/<raw_job_id>/status", methods=["GET"])
def import_status(raw_id, raw_job_id):
    state = _state()
    job = find_job(state, raw_job_id, "import", folderId=parse_id(raw_id, "folder"))
    return json_response(job_status(advance(state, job)))


# -- delete, copy, move ----------------------------------------------------------------------------------------

@bp.route(PATH + "/<raw_id>/delete", methods=["DELETE"])
def begin_delete(raw_id):
    state = _state()
    item = reach(state, raw_id, "Manage")
    _refuse_system(item, "deleted")
    return _begin(new_job(state, "delete", contentId=item["id"]))


@runner("delete")
def _run_delete(state, job):
    item = state.library.get(job["contentId"])
    if item is not None:
        delete_subtree(state, item)
    return {}


@bp.route(PATH + "/<raw_id>/delete/<raw_job_id>/status", methods=["GET"])
def delete_status(raw_id, raw_job_id):
    state = _state()
    job = find_job(state, raw_job_id, "delete", contentId=parse_id(raw_id, "content"))
    return json_response(job_status(advance(state, job)))


def clone(state, item, parent, now=None):
    """A copy of ``item``'s subtree in ``parent`` (new ids, no explicit permissions)."""
    if item["itemType"] == "Folder":
        copied = new_item(state, parent["id"], item["name"], "Folder", now)
        copied["description"] = item["description"]
        for child in children(state, item):
            clone(state, child, copied, now)
        return copied
    copied = new_item(state, parent["id"], item["name"], item["itemType"], now, sync_type=item["syncType"])
    kind_of(item).copy(state, item, copied)
    return copied


def _destination(state, param):
    raw = request.args.get(param)
    if not raw:
        raise bad_field(param, "the query parameter %s is required" % param)
    return reach_folder(state, raw, "Edit")


@bp.route(PATH + "/<raw_id>/copy", methods=["POST"])
def begin_copy(raw_id):
    state = _state()
    item = reach(state, raw_id)
    destination = _destination(state, "destinationFolder")
    _refuse_system(item, "copied")
    return _begin(new_job(state, "copy", contentId=item["id"], folderId=destination["id"]))


@runner("copy")
def _run_copy(state, job):
    item, folder = state.library.get(job["contentId"]), state.library.get(job["folderId"])
    if item is None or folder is None:
        raise JobError("content:content_not_found", "Content with the given ID does not exist.",
                       detail="The item or the destination folder was deleted while the copy ran")
    if any(node["id"] == folder["id"] for node in subtree(state, item)):
        raise JobError("content:invalid_destination", "A folder cannot be copied into itself")
    if child_named(state, folder, item["name"]) is not None:
        raise JobError("content:duplicate_content", "A content item named %r already exists in %s"
                       % (item["name"], path_of(state, folder)))
    copied = clone(state, item, folder)
    return {"statusMessage": "id: %s" % copied["id"], "contentId": copied["id"]}


@bp.route(PATH + "/<raw_id>/copy/<raw_job_id>/status", methods=["GET"])
def copy_status(raw_id, raw_job_id):
    state = _state()
    job = find_job(state, raw_job_id, "copy", contentId=parse_id(raw_id, "content"))
    return json_response(job_status(advance(state, job)))


def move(state, item, destination):
    """Move ``item`` into ``destination`` (checked: 400 for a system folder, a loop or a taken name)."""
    _refuse_system(item, "moved")
    if any(node["id"] == item["id"] for node in ancestors(state, destination)):
        raise ApiError(400, "content:invalid_destination", "A folder cannot be moved into itself or its subfolders")
    name_free(state, destination, item["name"], own_id=item["id"])
    if destination["id"] == item["parentId"]:
        return
    state.library[item["parentId"]]["children"].remove(item["id"])
    destination["children"].append(item["id"])
    item["parentId"] = destination["id"]
    touch(state, item)


@bp.route(PATH + "/<raw_id>/move", methods=["POST"])
def move_item(raw_id):
    state = _state()
    item = reach(state, raw_id, "Manage")
    move(state, item, _destination(state, "destinationFolderId"))
    return empty_response(200)


# -- control API: jobs and their failures, the tree -----------------------------------------------------------

@bp.route(CONTROL + "/jobs", methods=["GET", "POST"])
@control_route
def control_jobs():
    """GET: polls, jobs and armed failures; POST {"polls": N}: jobs started from now on answer InProgress N times."""
    state = _state()
    if request.method == "POST":
        polls = (request.get_json(force=True) or {}).get("polls")
        if isinstance(polls, bool) or not isinstance(polls, int) or polls < 0:
            raise ApiError(400, "invalid", "polls must be a whole number >= 0")
        state.job_polls = polls
    jobs = [dict((key, job.get(key)) for key in ("id", "kind", "status", "polls", "contentId", "folderId", "error"))
            for job in state.content_jobs.values()]
    return jsonify({"polls": state.job_polls, "jobs": jobs, "failures": list(state.job_failures)})


@bp.route(CONTROL + "/fail-next", methods=["POST", "DELETE"])
@control_route
def control_fail_next():
    """POST {"kind", "code"?, "message"?, "detail"?, "count"?}: the next jobs of that kind end Failed; DELETE disarms."""
    state = _state()
    if request.method == "DELETE":
        del state.job_failures[:]
        return jsonify({"failures": []})
    body = request.get_json(force=True) or {}
    kind = body.get("kind", "any")
    if kind not in JOB_KINDS + ("any",):
        raise ApiError(400, "invalid", "kind must be one of %s or any" % ", ".join(JOB_KINDS))
    count = body.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ApiError(400, "invalid", "count must be a whole number >= 1")
    failure = {"kind": kind, "count": count, "code": body.get("code") or "content:job_failed",
               "message": body.get("message") or "The %s job failed (injected)" % kind, "detail": body.get("detail")}
    state.job_failures.append(failure)
    return jsonify({"failures": list(state.job_failures)})


@bp.route(CONTROL + "/tree", methods=["GET"])
@control_route
def control_tree():
    """Every item by path (``path`` -> ``{id, itemType}``), as an administrator sees them."""
    state = _state()
    items = sorted((path_of(state, item), item) for item in state.library.values())
    return jsonify({"items": dict((path, {"id": item["id"], "itemType": item["itemType"]}) for path, item in items)})


# -- demo seed ------------------------------------------------------------------------------------------------

def saved_search(query, time_range="-15m", description="", schedule=None):
    """An export definition's data for a saved search (what SavedSearchKind.check answers)."""
    return SavedSearchKind().check(None, {"type": "SavedSearchWithScheduleSyncDefinition", "name": "x",
                                          "description": description, "searchSchedule": schedule,
                                          "search": {"queryText": query, "defaultTimeRange": time_range,
                                                     "byReceiptTime": False, "queryParameters": []}}, "")


def add_search(state, folder, name, data, now=None):
    item = new_item(state, folder["id"], name, "Search", now, sync_type="SavedSearchWithScheduleSyncDefinition")
    item["data"] = data
    return item


def add_folder(state, parent, name, description="", now=None):
    folder = new_item(state, parent["id"], name, "Folder", now)
    folder["description"] = description
    return folder


def share(state, item, permission, source_type, source_id):
    item["explicit"].append({"permissionName": permission, "sourceType": source_type, "sourceId": source_id})


def seed_demo(state, options):
    """A team folder in the administrator's personal folder, Admin Recommended content, Alice's notes, and bulk.

    The dashboards and lookup tables parts add a dashboard and a lookup table to ``Team``.
    """
    now = iso_now()
    mine = caller_folder(state)
    team = add_folder(state, mine, "Team", "What the team shares", now)
    add_folder(state, team, "Runbooks", "", now)
    add_search(state, team, "Errors last hour",
               saved_search('_sourceCategory=prod/* error | count by _sourceHost', "-1h",
                            "Errors per host over the last hour"), now)
    add_search(state, mine, "Top sources", saved_search(
        "* | count by _sourceCategory | top 10 _sourceCategory by _count", "-24h", "Busiest source categories",
        schedule={"scheduleType": "1Day", "cronExpression": "0 0 8 ? * * *", "timeZone": "Europe/Paris",
                  "parseableTimeRange": {"type": "BeginBoundedTimeRange",
                                         "from": {"type": "RelativeTimeRangeBoundary", "relativeTime": "-1d"}},
                  "notification": {"taskType": "EmailSearchNotificationSyncDefinition",
                                   "toList": ["ops@example.com"]}}), now)
    by_name = dict((role["name"], role["id"]) for role in getattr(state, "roles", {}).values())
    if "Analyst" in by_name:
        share(state, team, "View", "role", by_name["Analyst"])
    recommended = state.library[state.admin_recommended_id]
    operations = add_folder(state, recommended, "Operations", "Searches every team should know", now)
    add_search(state, operations, "5xx by host",
               saved_search('_sourceCategory=prod/web status_code=5* | count by _sourceHost', "-15m"), now)
    share(state, operations, "View", "org", ORG_ID)
    alice = getattr(state, "user_emails", {}).get("alice@example.com")
    if alice is not None:
        notes = add_folder(state, personal_folder(state, alice), "Alice Notes", "", now)
        add_search(state, notes, "Login failures", saved_search('_sourceCategory=auth "login failed"', "-4h"), now)
        if "Security Analyst" in by_name:
            share(state, notes, "Edit", "role", by_name["Security Analyst"])
    count = SEED_OPTIONS[0].value(options)
    if count:
        bulk = add_folder(state, mine, "Bulk", "Generated content", now)
        group = None
        for index in range(count):
            if index % BULK_GROUP == 0:
                group = add_folder(state, bulk, "group-%02d" % (index // BULK_GROUP + 1), "", now)
            add_search(state, group, "bulk-search-%04d" % (index + 1),
                       saved_search("_sourceCategory=bulk/%04d | count" % (index + 1)), now)


_OBJECT_PATH = re.compile(r"^/api/v2/content/(?:folders/)?([0-9A-Fa-f]{16})(?:/[A-Za-z/]*)?$")


def object_at(state, path):
    """The stored item a path names (for the concurrent-edit fault: patch ``name`` or ``description``), or None."""
    match = _OBJECT_PATH.match(path)
    return getattr(state, "library", {}).get(match.group(1).upper()) if match else None
