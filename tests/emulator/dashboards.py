# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Dashboards (New): ``/api/v2/dashboards`` (OpenAPI ``dashboardManagement``).

A dashboard is an item of the content library (itemType ``Dashboard``) in the folder its
``folderId`` names, so the content part lists, moves, copies, deletes and exports it (as a
``DashboardV2SyncDefinition``), and imports make dashboards this API then reads. The API
fills in what a request leaves out (panel ids, the described defaults); what the OpenAPI
description leaves open is written down in docs/emulator.md (section "Dashboards").
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import string

from flask import Blueprint, current_app, request

from . import content
from .content import (
    DEFAULT_TIME_RANGE,
    Kind,
    caller_folder,
    check_time_range,
    in_order,
    need_bool,
    need_int,
    need_list,
    need_number,
    need_object,
    need_string,
    refuse_keys,
    where_join,
)
from .core import (
    ApiError,
    SeedOption,
    _decode_token,
    _encode_token,
    bad_field,
    caller_id,
    empty_response,
    format_id,
    int_param,
    iso_now,
    json_body,
    json_response,
    touch,
)

bp = Blueprint("dashboards", __name__)

PATH = "/api/v2/dashboards"
SYNC_TYPE = "DashboardV2SyncDefinition"
REFRESH_INTERVALS = (0, 30, 60, 120, 300, 900, 1800, 3600, 7200, 86400)
THEME = re.compile(r"^(light|dark|Light|Dark)$")
PANEL_TYPES = ("SumoSearchPanel", "TextPanel", "ServiceMapPanel", "TracesListPanel", "EventsOfInterestScatterPanel")
PANEL_KEYS = ("id", "key", "title", "visualSettings", "keepVisualSettingsConsistentWithParent", "panelType")
PANEL_EXTRA_KEYS = {
    "SumoSearchPanel": ("queries", "description", "timeRange", "coloringRules", "linkedDashboards"),
    "TextPanel": ("text",),
    "ServiceMapPanel": ("application", "service", "showRemoteServices", "environment"),
    "TracesListPanel": ("queries", "timeRange"),
    "EventsOfInterestScatterPanel": (),
}
QUERY_TYPES = ("Logs", "Metrics", "Traces", "Spans")
QUERY_KEYS = ("queryString", "queryType", "queryKey", "metricsQueryMode", "metricsQueryData", "tracesQueryData",
              "spansQueryData", "parseMode", "timeSource", "transient", "outputCardinalityLimit")
VARIABLE_SOURCES = {"MetadataVariableSourceDefinition": ("filter", "key"),
                    "LogQueryVariableSourceDefinition": ("query", "field"),
                    "CsvVariableSourceDefinition": ("values",)}
VARIABLE_KEYS = ("id", "name", "displayName", "defaultValue", "sourceDefinition", "allowMultiSelect",
                 "includeAllOption", "hideFromUI", "valueType")
VALUE_TYPES = ("String", "Any", "Numeric", "Integer", "Long", "Double", "Boolean")
REQUEST_KEYS = ("title", "description", "folderId", "topologyLabelMap", "domain", "hierarchies", "refreshInterval",
                "timeRange", "panels", "layout", "variables", "theme", "isPublic", "highlightViolations")
SYNC_KEYS = ("type", "name", "title", "description", "theme", "topologyLabelMap", "refreshInterval", "timeRange",
             "layout", "panels", "variables", "coloringRules")
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
SEED_OPTIONS = (
    SeedOption("dashboards", "with the demo seed, add N generated dashboards "
                             "(/Library/Users/admin@example.com/Dashboards/bulk-dashboard-0001...)"),
)


def _state():
    return current_app.config["STATE"]


def init_state(state, options):
    state.dashboards = {}   # dashboard id -> content id of its item


def dashboard_id(state):
    """A dashboard id in the described shape: 60 letters and digits."""
    number = state.next_id("dashboard", 1)
    digest = int.from_bytes(hashlib.sha512(b"dashboard-%d" % number).digest(), "big")
    chars = []
    while len(chars) < 60:
        digest, rest = divmod(digest, 62)
        chars.append(BASE62[rest])
    return "".join(chars)


# -- checking a dashboard -------------------------------------------------------------------------------

def _check_coloring_rules(values, where):
    checked = []
    for index, rule in enumerate(values or []):
        at = "%s[%d]" % (where, index)
        need_object(rule, at)
        refuse_keys(rule, ("scope", "singleSeriesAggregateFunction", "multipleSeriesAggregateFunction",
                           "colorThresholds"), at)
        for key in ("scope", "singleSeriesAggregateFunction", "multipleSeriesAggregateFunction"):
            need_string(rule, key, at)
        thresholds = need_list(rule, "colorThresholds", at, required=True)
        for number, threshold in enumerate(thresholds):
            t_at = "%s[%d]" % (where_join(at, "colorThresholds"), number)
            need_object(threshold, t_at)
            refuse_keys(threshold, ("color", "min", "max"), t_at)
            need_string(threshold, "color", t_at, minimum=1)
            need_number(threshold, "min", t_at)
            need_number(threshold, "max", t_at)
        checked.append(in_order(copy.deepcopy(rule), ("scope", "singleSeriesAggregateFunction",
                                                      "multipleSeriesAggregateFunction", "colorThresholds")))
    return checked


def _check_query(query, where):
    need_object(query, where)
    refuse_keys(query, QUERY_KEYS, where)
    need_string(query, "queryString", where)
    query_type = need_string(query, "queryType", where, choices=QUERY_TYPES)
    need_string(query, "queryKey", where, minimum=1)
    need_string(query, "metricsQueryMode", where, required=False, choices=("Basic", "Advanced", "basic", "advanced"),
                nullable=True)
    need_string(query, "parseMode", where, required=False, choices=("Auto", "Manual"), nullable=True)
    need_string(query, "timeSource", where, required=False, choices=("Message", "Receipt"), nullable=True)
    need_bool(query, "transient", where)
    need_int(query, "outputCardinalityLimit", where, minimum=1, maximum=3000)
    for key, required in (("metricsQueryData", ("metric", "filters")), ("tracesQueryData", ("filters",)),
                          ("spansQueryData", ("filters", "groupBy", "limit", "visualizations"))):
        if query.get(key) is not None:
            need_object(query[key], where_join(where, key))
            for inner in required:
                if inner not in query[key]:
                    raise bad_field(where_join(where_join(where, key), inner), "%s is required"
                                    % where_join(where_join(where, key), inner))
    checked = copy.deepcopy(query)
    # What the API fills in on every query, and for log queries.
    checked.setdefault("transient", False)
    checked.setdefault("outputCardinalityLimit", 1000)
    if query_type == "Logs":
        checked["parseMode"] = checked.get("parseMode") or "Auto"
        checked["timeSource"] = checked.get("timeSource") or "Message"
    return in_order(checked, QUERY_KEYS)


def _check_panel(panel, where):
    need_object(panel, where)
    panel_type = need_string(panel, "panelType", where, choices=PANEL_TYPES)
    refuse_keys(panel, PANEL_KEYS + PANEL_EXTRA_KEYS[panel_type], where)
    need_string(panel, "key", where, minimum=1)
    need_string(panel, "title", where, required=False, nullable=True)
    need_string(panel, "visualSettings", where, required=False, nullable=True)
    need_bool(panel, "keepVisualSettingsConsistentWithParent", where)
    checked = copy.deepcopy(panel)
    checked.pop("id", None)   # server-set
    checked.setdefault("keepVisualSettingsConsistentWithParent", True)
    if panel_type in ("SumoSearchPanel", "TracesListPanel"):
        queries = need_list(panel, "queries", where, required=panel_type == "SumoSearchPanel",
                            max_items=6 if panel_type == "TracesListPanel" else None) or []
        keys = set()
        checked["queries"] = []
        for index, query in enumerate(queries):
            at = "%s[%d]" % (where_join(where, "queries"), index)
            checked["queries"].append(_check_query(query, at))
            if query["queryKey"] in keys:
                raise bad_field(where_join(at, "queryKey"), "queryKey %r is used twice in the panel"
                                % query["queryKey"])
            keys.add(query["queryKey"])
        if panel.get("timeRange") is not None:
            checked["timeRange"] = check_time_range(panel["timeRange"], where_join(where, "timeRange"))
    if panel_type == "SumoSearchPanel":
        need_string(panel, "description", where, required=False, nullable=True)
        if "coloringRules" in panel:
            checked["coloringRules"] = _check_coloring_rules(
                need_list(panel, "coloringRules", where), where_join(where, "coloringRules"))
        links = need_list(panel, "linkedDashboards", where) or []
        checked_links = []
        for index, link in enumerate(links):
            at = "%s[%d]" % (where_join(where, "linkedDashboards"), index)
            need_object(link, at)
            refuse_keys(link, ("id", "relativePath", "includeTimeRange", "includeVariables"), at)
            need_string(link, "id", at, minimum=1)
            need_string(link, "relativePath", at, required=False, nullable=True)
            need_bool(link, "includeTimeRange", at)
            need_bool(link, "includeVariables", at)
            checked_link = copy.deepcopy(link)
            checked_link.setdefault("includeTimeRange", True)
            checked_link.setdefault("includeVariables", True)
            checked_links.append(in_order(checked_link, ("id", "relativePath", "includeTimeRange",
                                                         "includeVariables")))
        if "linkedDashboards" in panel:
            checked["linkedDashboards"] = checked_links
    if panel_type == "TextPanel":
        need_string(panel, "text", where)
    if panel_type == "ServiceMapPanel":
        for key in ("application", "service", "environment"):
            need_string(panel, key, where, required=False, nullable=True)
        need_bool(panel, "showRemoteServices", where)
    return in_order(checked, PANEL_KEYS + PANEL_EXTRA_KEYS[panel_type])


def _check_panels(values, where):
    panels, keys = [], set()
    for index, panel in enumerate(values or []):
        at = "%s[%d]" % (where, index)
        checked = _check_panel(panel, at)
        if checked["key"] in keys:
            raise bad_field(where_join(at, "key"), "panel key %r is used twice" % checked["key"])
        keys.add(checked["key"])
        panels.append(checked)
    return panels


def _check_layout(value, panel_keys, where):
    if value is None:
        return {"layoutType": "Grid", "layoutStructures": []}
    need_object(value, where)
    refuse_keys(value, ("layoutType", "layoutStructures"), where)
    need_string(value, "layoutType", where, choices=("Grid",))
    structures = need_list(value, "layoutStructures", where, required=True)
    seen, checked = set(), []
    for index, structure in enumerate(structures):
        at = "%s[%d]" % (where_join(where, "layoutStructures"), index)
        need_object(structure, at)
        refuse_keys(structure, ("key", "structure"), at)
        key = need_string(structure, "key", at, minimum=1)
        text = need_string(structure, "structure", at, minimum=2)
        if key not in panel_keys:
            raise bad_field(where_join(at, "key"), "layout key %r names no panel of the dashboard" % key)
        if key in seen:
            raise bad_field(where_join(at, "key"), "panel %r has two layout structures" % key)
        seen.add(key)
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise bad_field(where_join(at, "structure"), "structure must be a JSON object in a string, such as "
                                                         "{\"height\":5,\"width\":9,\"x\":0,\"y\":0}")
        checked.append({"key": key, "structure": text})
    return {"layoutType": "Grid", "layoutStructures": checked}


def _check_variables(values, where):
    variables, names = [], set()
    for index, variable in enumerate(values or []):
        at = "%s[%d]" % (where, index)
        need_object(variable, at)
        refuse_keys(variable, VARIABLE_KEYS, at)
        name = need_string(variable, "name", at, minimum=1, maximum=256)
        if name.lower() in names:
            raise bad_field(where_join(at, "name"), "variable %r is defined twice (names are case-insensitive)" % name)
        names.add(name.lower())
        need_string(variable, "displayName", at, required=False, maximum=256, nullable=True)
        need_string(variable, "defaultValue", at, required=False, nullable=True)
        for key in ("allowMultiSelect", "includeAllOption", "hideFromUI"):
            need_bool(variable, key, at)
        need_string(variable, "valueType", at, required=False, choices=VALUE_TYPES, nullable=True)
        source_at = where_join(at, "sourceDefinition")
        source = need_object(variable.get("sourceDefinition"), source_at)
        source_type = need_string(source, "variableSourceType", source_at, choices=tuple(VARIABLE_SOURCES))
        refuse_keys(source, ("variableSourceType",) + VARIABLE_SOURCES[source_type], source_at)
        for key in VARIABLE_SOURCES[source_type]:
            need_string(source, key, source_at, maximum=65536)
        checked = copy.deepcopy(variable)
        checked.pop("id", None)   # server-set
        checked["sourceDefinition"] = in_order(checked["sourceDefinition"], ("variableSourceType",))
        checked.setdefault("allowMultiSelect", False)
        checked.setdefault("includeAllOption", True)
        checked.setdefault("hideFromUI", False)
        checked["valueType"] = checked.get("valueType") or "Any"
        variables.append(in_order(checked, VARIABLE_KEYS))
    return variables


def _check_topology(value, where):
    if value is None:
        return {"data": {}}
    need_object(value, where)
    refuse_keys(value, ("data",), where)
    data = need_object(value.get("data"), where_join(where, "data"))
    if len(data) > 1000:
        raise bad_field(where_join(where, "data"), "topologyLabelMap.data takes at most 1000 labels")
    for label, values in data.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise bad_field(where_join(where_join(where, "data"), label), "each label maps to a list of strings")
    return {"data": copy.deepcopy(data)}


def check_common(data, where, theme_default):
    """What a dashboard request and a DashboardV2SyncDefinition share, checked, with the API's defaults."""
    title = need_string(data, "title", where, minimum=1, maximum=255)
    description = need_string(data, "description", where, required=False, maximum=65546, nullable=True) or ""
    theme = need_string(data, "theme", where, required=False, pattern=THEME, nullable=True) or theme_default
    refresh = need_int(data, "refreshInterval", where, choices=REFRESH_INTERVALS)
    panels = _check_panels(need_list(data, "panels", where), where_join(where, "panels"))
    checked = {
        "title": title, "description": description,
        "topologyLabelMap": _check_topology(data.get("topologyLabelMap"), where_join(where, "topologyLabelMap")),
        "refreshInterval": refresh or 0,
        "timeRange": (check_time_range(data["timeRange"], where_join(where, "timeRange"))
                      if data.get("timeRange") is not None else copy.deepcopy(DEFAULT_TIME_RANGE)),
        "panels": panels,
        "layout": _check_layout(data.get("layout"), set(p["key"] for p in panels), where_join(where, "layout")),
        "variables": _check_variables(need_list(data, "variables", where), where_join(where, "variables")),
        "theme": theme,
    }
    return checked


def check_request(data):
    """A DashboardRequest (POST or PUT body): every field, with the described defaults."""
    refuse_keys(data, REQUEST_KEYS + ("id", "contentId", "scheduleId"), "")
    if data.get("timeRange") is None:
        raise bad_field("timeRange", "timeRange is required")
    checked = check_common(data, "", "Light")
    checked["domain"] = need_string(data, "domain", "", required=False, nullable=True) or ""
    hierarchies = need_list(data, "hierarchies", "", max_items=20) or []
    if not all(isinstance(h, str) for h in hierarchies):
        raise bad_field("hierarchies", "hierarchies must be a list of strings")
    checked["hierarchies"] = list(hierarchies)
    checked["isPublic"] = bool(need_bool(data, "isPublic", ""))
    checked["highlightViolations"] = bool(need_bool(data, "highlightViolations", ""))
    need_string(data, "folderId", "", required=False, nullable=True)
    return checked


def assign_ids(state, dashboard, previous=None):
    """Server-set ids: a panel keeps its id while its key stays, a variable while its name stays."""
    old_panels = dict((p["key"], p["id"]) for p in (previous or {}).get("panels", []))
    old_variables = dict((v["name"].lower(), v["id"]) for v in (previous or {}).get("variables", []))
    dashboard["panels"] = [in_order(dict(panel, id=old_panels.get(panel["key"])
                                         or format_id(state.next_id("panel", 0x2F7D449E3D510000))), PANEL_KEYS)
                           for panel in dashboard["panels"]]
    dashboard["variables"] = [in_order(dict(variable, id=old_variables.get(variable["name"].lower())
                                            or format_id(state.next_id("variable", 0x5A4B000000000000))),
                                       VARIABLE_KEYS)
                              for variable in dashboard["variables"]]


# -- the dashboard as a content item --------------------------------------------------------------------

class DashboardKind(Kind):
    """``DashboardV2SyncDefinition`` (and the deprecated ``MewboardSyncDefinition``): itemType Dashboard."""

    item_type = "Dashboard"
    sync_types = (SYNC_TYPE,)

    def check(self, state, definition, where):
        refuse_keys(definition, SYNC_KEYS, where)
        checked = check_common(definition, where, "light")
        checked["coloringRules"] = _check_coloring_rules(need_list(definition, "coloringRules", where),
                                                         where_join(where, "coloringRules"))
        return checked

    def store(self, state, item, data, fresh):
        previous = item.get("dashboard")
        dashboard = dict(data)
        # The request-only fields an export does not carry stay as they were.
        for key, default in (("domain", ""), ("hierarchies", []), ("isPublic", False),
                             ("highlightViolations", False), ("coloringRules", [])):
            dashboard.setdefault(key, copy.deepcopy((previous or {}).get(key, default)))
        assign_ids(state, dashboard, previous)
        item["dashboard"] = dashboard
        if fresh or "dashboardId" not in item:
            item["dashboardId"] = dashboard_id(state)
            state.dashboards[item["dashboardId"]] = item["id"]

    def export(self, state, item):
        board = item["dashboard"]
        exported = {"type": SYNC_TYPE, "name": item["name"], "title": board["title"],
                    "description": board["description"], "theme": board["theme"].lower()}
        for key in ("topologyLabelMap", "refreshInterval", "timeRange", "layout", "panels", "variables",
                    "coloringRules"):
            exported[key] = copy.deepcopy(board[key])
        return exported

    def copy(self, state, source, clone):
        board = copy.deepcopy(source["dashboard"])
        for panel in board["panels"]:
            panel["id"] = format_id(state.next_id("panel", 0x2F7D449E3D510000))
        for variable in board["variables"]:
            variable["id"] = format_id(state.next_id("variable", 0x5A4B000000000000))
        clone["dashboard"] = board
        clone["dashboardId"] = dashboard_id(state)
        state.dashboards[clone["dashboardId"]] = clone["id"]

    def forget(self, state, item):
        state.dashboards.pop(item.get("dashboardId"), None)


content.register(DashboardKind())
content.KINDS["MewboardSyncDefinition"] = content.KINDS[SYNC_TYPE]


def dashboard_view(item):
    board = item["dashboard"]
    view = {"id": item["dashboardId"], "contentId": item["id"], "folderId": item["parentId"]}
    for key in REQUEST_KEYS:
        if key != "folderId":
            view[key] = copy.deepcopy(board[key])
    return in_order(view, ("title", "description", "folderId") + REQUEST_KEYS + ("id", "contentId"))


def _dashboard(state, raw_id, need="View"):
    content_id = state.dashboards.get(raw_id)
    if content_id is None:
        raise ApiError(404, "dashboard:not_found", "Dashboard %s does not exist" % raw_id)
    try:
        return content.reach(state, content_id, need)
    except ApiError as exc:
        if exc.status == 404:
            raise ApiError(404, "dashboard:not_found", "Dashboard %s does not exist" % raw_id,
                           detail="or it is in a folder you cannot see (isAdminMode: true sees every folder)")
        raise


# -- the API ------------------------------------------------------------------------------------------------

@bp.route(PATH, methods=["GET"])
def list_dashboards():
    state = _state()
    limit = int_param("limit", 50, minimum=1, maximum=100)
    mode = request.args.get("mode") or "createdByUser"
    if mode not in ("createdByUser", "allViewableByUser"):
        raise bad_field("mode", "mode must be createdByUser or allViewableByUser, got %r" % mode)
    admin = content.admin_mode()
    who = caller_id(state)
    items = []
    for item_id in sorted(state.dashboards.values()):
        item = state.library[item_id]
        if mode == "createdByUser" and item["createdBy"] != who:
            continue
        if "View" in content.effective_permissions(state, item, admin):
            items.append(item)
    binding = "dashboards|%s|%s" % (mode, admin)
    token = request.args.get("token")
    offset = _decode_token(token, binding) if token else 0
    page = items[offset:offset + limit]
    end = offset + len(page)
    return json_response({"dashboards": [dashboard_view(item) for item in page],
                          "next": _encode_token(end, binding) if end < len(items) else None})


@bp.route(PATH, methods=["POST"])
def create_dashboard():
    state = _state()
    data = json_body()
    checked = check_request(data)
    for key in ("id", "contentId", "scheduleId"):
        if key in data:
            raise bad_field(key, "%s is set by the server" % key)
    folder = (content.reach_folder(state, data["folderId"], "Edit") if data.get("folderId")
              else caller_folder(state))
    content.check_item_name(checked["title"], "title")
    content.name_free(state, folder, checked["title"])
    return json_response(dashboard_view(new_dashboard(state, folder, checked)))


def new_dashboard(state, folder, checked, now=None):
    item = content.new_item(state, folder["id"], checked["title"], "Dashboard", now, sync_type=SYNC_TYPE)
    DashboardKind().store(state, item, dict(checked, coloringRules=[]), True)
    return item


@bp.route(PATH + "/<raw_id>", methods=["GET"])
def get_dashboard(raw_id):
    return json_response(dashboard_view(_dashboard(_state(), raw_id)))


@bp.route(PATH + "/<raw_id>", methods=["PUT"])
def update_dashboard(raw_id):
    state = _state()
    item = _dashboard(state, raw_id, "Edit")
    data = json_body()
    checked = check_request(data)
    if "id" in data and data["id"] != item["dashboardId"]:
        raise bad_field("id", "The body's id does not match the path")
    if "contentId" in data and str(data["contentId"]).upper() != item["id"]:
        raise bad_field("contentId", "The body's contentId is not this dashboard's")
    content.check_item_name(checked["title"], "title")
    folder = state.library[item["parentId"]]
    if data.get("folderId") and data["folderId"].upper() != item["parentId"]:
        folder = content.reach_folder(state, data["folderId"], "Edit")
    content.name_free(state, folder, checked["title"], own_id=item["id"])
    if folder["id"] != item["parentId"]:
        content.move(state, item, folder)
    before = dashboard_view(item)
    checked["coloringRules"] = item["dashboard"].get("coloringRules", [])
    assign_ids(state, checked, item["dashboard"])
    item["dashboard"] = checked
    item["name"] = checked["title"]
    if dashboard_view(item) != before:
        touch(state, item)
    return json_response(dashboard_view(item))


@bp.route(PATH + "/<raw_id>", methods=["DELETE"])
def delete_dashboard(raw_id):
    state = _state()
    content.delete_subtree(state, _dashboard(state, raw_id, "Manage"))
    return empty_response(204)


# -- demo seed ------------------------------------------------------------------------------------------------

def demo_dashboard(title, query="_sourceCategory=prod/* | timeslice 5m | count by _timeslice"):
    return check_request({
        "title": title, "description": "Errors and notes of the production services",
        "refreshInterval": 300, "theme": "Dark",
        "timeRange": {"type": "BeginBoundedTimeRange",
                      "from": {"type": "RelativeTimeRangeBoundary", "relativeTime": "-1h"}},
        "topologyLabelMap": {"data": {"service": ["web", "api"]}},
        "panels": [
            {"key": "panelErrors", "panelType": "SumoSearchPanel", "title": "Errors",
             "visualSettings": "{\"general\":{\"type\":\"line\"}}",
             "queries": [{"queryKey": "A", "queryType": "Logs", "queryString": query}]},
            {"key": "panelNotes", "panelType": "TextPanel", "title": "Notes", "text": "Ask #ops before paging."},
        ],
        "layout": {"layoutType": "Grid", "layoutStructures": [
            {"key": "panelErrors", "structure": "{\"height\":6,\"width\":12,\"x\":0,\"y\":0}"},
            {"key": "panelNotes", "structure": "{\"height\":6,\"width\":12,\"x\":12,\"y\":0}"}]},
        "variables": [{"name": "service", "sourceDefinition": {"variableSourceType": "CsvVariableSourceDefinition",
                                                               "values": "web,api"}}],
    })


def seed_demo(state, options):
    """``Service Overview`` in the administrator's ``Team`` folder; ``dashboards: N`` more in ``Dashboards``."""
    now = iso_now()
    mine = caller_folder(state)
    team = content.child_named(state, mine, "Team")
    if team is not None:
        new_dashboard(state, team, demo_dashboard("Service Overview"), now)
    count = SEED_OPTIONS[0].value(options)
    if count:
        folder = content.add_folder(state, mine, "Dashboards", "Generated dashboards", now)
        for index in range(count):
            new_dashboard(state, folder, demo_dashboard("bulk-dashboard-%04d" % (index + 1),
                                                        "_sourceCategory=bulk/%04d | count" % (index + 1)), now)


_OBJECT_PATH = re.compile(r"^/api/v2/dashboards/([0-9A-Za-z]+)/?$")


def object_at(state, path):
    """The stored dashboard a path names (for the concurrent-edit fault: patch ``title``, ``description``...)."""
    match = _OBJECT_PATH.match(path)
    content_id = getattr(state, "dashboards", {}).get(match.group(1)) if match else None
    return state.library[content_id]["dashboard"] if content_id else None
