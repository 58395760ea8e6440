# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The content library: folders (``Folder``), items from export definitions (``ContentItem``), and what the
dashboards and lookup tables declarations share with them.

* **Paths.** Every item is named by its library path: ``/Library/Users/<email>/...`` (a user's
  personal folder), ``/Library/Admin Recommended/...``, or ``~/...`` for the personal folder of
  the access key's owner, which is how the info modules write those paths so that what they
  return applies with another organisation's key. Names are unique in a folder without regard
  to case, and paths match the same way.
* **Admin mode.** ``admin_mode: true`` sends ``isAdminMode: true`` with every request of the
  task, to act as a Content Administrator (other users' folders, Admin Recommended).
* **Jobs.** Exports, imports, deletions and the global listings are asynchronous jobs;
  ``SumoClient.run_job`` starts one, polls it within ``job_timeout`` and fails naming the path.
  A plan's job is a :class:`Request` with ``perform``: the engine runs it only when it carries
  the plan out.
* **Definitions.** An export answers the API's own shape, with what the API fills in (defaults,
  server-set ids, a schedule's displayable time range). :func:`canonical_definition` removes
  that, so a definition compares equal to its export whatever order its keys are in and whatever
  ids it carries, and it is what the info module returns: the definition minus what an import
  fills back in.
"""

import copy
import json
import re

from ansible_collections.community.sumologic.plugins.module_utils.api import (
    InputError,
    SumoError,
    SumoResponse,
    quote_segment,
)
from ansible_collections.community.sumologic.plugins.module_utils.identity import ROLES, USERS, assumed_name
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    ASSUME_PRESENT_OPTION,
    Field,
    Identity,
    Request,
    Resource,
    run_resource_module,
)

CONTENT_PATH = "/v2/content"
FOLDERS_PATH = "/v2/content/folders"
USERS_ROOT = "/Library/Users"
ADMIN_RECOMMENDED = "/Library/Admin Recommended"
PERSONAL = "~"
FOLDER_NAME_MAX = 128
FOLDER_DESCRIPTION_MAX = 255
NAME_MAX = 255
PERMISSION_NAMES = ("View", "GrantView", "Edit", "GrantEdit", "Manage", "GrantManage")
# A permission that holds others: purging never removes what a wanted permission implies.
IMPLIED = {"Edit": ("View",), "Manage": ("Edit", "View"), "GrantEdit": ("GrantView",),
           "GrantManage": ("GrantEdit", "GrantView")}

#: Options every content module has.
CONTENT_OPTIONS = {
    "admin_mode": {"type": "bool", "default": False},
    "job_timeout": {"type": "int", "default": 300},
}


# -- library paths ------------------------------------------------------------------------------------

def check_path(path, option="path", system_ok=False):
    """``path`` checked and without a trailing ``/``; InputError naming ``option`` otherwise."""
    if path is None:
        return None
    text = path.rstrip("/") if path not in ("/", "") else path
    parts = text.split("/")
    if text == PERSONAL or text.startswith(PERSONAL + "/"):
        root_size = 1
    elif text.startswith(USERS_ROOT + "/") and len(parts) >= 4:
        root_size = 4
    elif text == ADMIN_RECOMMENDED or text.startswith(ADMIN_RECOMMENDED + "/"):
        root_size = 3
    else:
        raise InputError("%r is not a library path: it starts with ~/ (the access key owner's personal folder), "
                         "%s/<email>/ or %s/" % (path, USERS_ROOT, ADMIN_RECOMMENDED), option=option)
    names = parts[root_size:]
    if any(not name for name in names) or any(len(name) > NAME_MAX for name in names):
        raise InputError("%r has an empty part or one longer than %d characters" % (path, NAME_MAX), option=option)
    if not names and not system_ok:
        raise InputError("%r is a personal folder or Admin Recommended, which Sumo Logic keeps itself: name "
                         "something inside it" % path, option=option)
    return text


def split_path(path):
    """``(parent path, name)`` of a checked path."""
    parent, dummy, name = path.rpartition("/")
    return parent, name


def personal_root(run):
    """The library path of the access key owner's personal folder (two GETs, once per run)."""
    def compute():
        folder = run.client.get(FOLDERS_PATH + "/personal").json
        return run.client.get("%s/%s/path" % (CONTENT_PATH, quote_segment(folder["id"]))).json["path"]
    return run.memo("personal_root", compute)


def key_owner_email(run):
    """The email of the access key's owner: its personal folder is ``/Library/Users/<email>`` (two GETs, once)."""
    return personal_root(run)[len(USERS_ROOT) + 1:]


def full_path(run, path):
    """The library path ``path`` names (``~/Team`` -> ``/Library/Users/<email>/Team``)."""
    if path == PERSONAL or path.startswith(PERSONAL + "/"):
        return personal_root(run) + path[len(PERSONAL):]
    return path


def display_path(run, path):
    """``path`` as the info modules write it: ``~/...`` inside the key owner's personal folder."""
    root = personal_root(run)
    if path.lower() == root.lower():
        return PERSONAL
    if path.lower().startswith(root.lower() + "/"):
        return PERSONAL + path[len(root):]
    return path


def item_at(client, path):
    """The content item (``Content``: id, name, itemType, parentId...) at a library path, or None."""
    resp = client.get_or_none(CONTENT_PATH + "/path", params={"path": path})
    return resp.json if resp is not None and resp.json else None


def read_folder(client, folder_id):
    return client.get("%s/%s" % (FOLDERS_PATH, quote_segment(folder_id))).json


def folder_at(run, path, option="path"):
    """The folder (with its children) at a path given by the user, or None; InputError when it is no folder.

    Read once per run and path."""
    full = full_path(run, path)

    def compute():
        item = item_at(run.client, full)
        if item is None:
            return None
        if item.get("itemType") != "Folder":
            raise InputError("%s is a %s, not a folder" % (path, item.get("itemType")), option=option)
        return read_folder(run.client, item["id"])
    found = run.memo(("folder_at", full.lower()), compute)
    return dict(found, path=path, libraryPath=full) if found is not None else None


def child_named(folder, name, item_types):
    """The child of ``folder`` with this name (case aside: names are unique so) and one of these types."""
    for child in folder.get("children") or []:
        if child.get("name", "").lower() == name.lower() and child.get("itemType") in item_types:
            return child
    return None


def answer(obj):
    """What a ``perform`` step returns: an answer whose JSON is ``obj``."""
    return SumoResponse(200, obj, None, {})


def content_client(module, params=None):
    """Set a content module's client up: ``isAdminMode`` on every request, the jobs' time limit."""
    params = params if params is not None else module.params
    if params.get("admin_mode"):
        module.client.headers["isAdminMode"] = "true"
    if params.get("job_timeout") is not None:
        if params["job_timeout"] < 0:
            module.fail_json(msg="job_timeout: must be 0 or more seconds, got %d" % params["job_timeout"])
        module.client.job_timeout = params["job_timeout"]
    return module


def run_content_module(resource_class):
    """``main()`` of a singular content module: the declaration's options, those of every content module, and
    ``assume_present`` (an audit of an apply loops over these modules in check mode)."""
    from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule
    spec = dict(resource_class.argument_spec(), **copy.deepcopy(CONTENT_OPTIONS))
    spec.update(copy.deepcopy(ASSUME_PRESENT_OPTION))
    module = SumoModule(argument_spec=spec, supports_check_mode=True, **resource_class.module_constraints())
    run_resource_module(resource_class, content_client(module))


def run_content_set_module(resource_class):
    """``main()`` of a plural content module (admin mode and the jobs' time limit are the task's, not an item's)."""
    from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule
    from ansible_collections.community.sumologic.plugins.module_utils.resource_set import (
        plural_argument_spec,
        run_resource_set_module,
    )
    spec = dict(plural_argument_spec(resource_class), **copy.deepcopy(CONTENT_OPTIONS))
    run_resource_set_module(resource_class, content_client(SumoModule(argument_spec=spec, supports_check_mode=True)))


class FolderRef(Resource):
    """A folder as the parent of dashboards and lookup tables: found by path, with its children."""

    kind = "folder"
    path = FOLDERS_PATH
    identity = Identity("path", api=("path", "libraryPath"), case="fold")

    def lookup(self, run, name, parent):
        found = folder_at(run, check_path(name, "folder", system_ok=True), option="folder")
        return [found] if found is not None else []


# -- asynchronous jobs as plan steps --------------------------------------------------------------------

def delete_job(item_id, what):
    """The deletion of a content item (and all under it): a job."""
    path = "%s/%s/delete" % (CONTENT_PATH, quote_segment(item_id))

    def perform(client):
        client.run_job("DELETE", path, path + "/%s/status", "delete of %s" % what)
        return answer(None)
    return Request("DELETE", path, perform=perform)


def import_job(folder_id, definition, overwrite, given, full):
    """The import of ``definition`` into a folder (``overwrite``: in place of the item of that name)."""
    path = "%s/%s/import" % (FOLDERS_PATH, quote_segment(folder_id))
    query = {"overwrite": "true" if overwrite else "false"}

    def perform(client):
        client.run_job("POST", path, path + "/%s/status", "import of %s" % full, params=query, body=definition)
        item = item_at(client, full)
        if item is None:
            raise SumoError("import of %s: the job succeeded, but no item is there" % full)
        return answer(content_object(item, given, full, definition))
    return Request("POST", path, body=definition, query=query, perform=perform)


def export(client, item, full):
    """The export definition of a content item (a job: start, poll, read the result)."""
    path = "%s/%s/export" % (CONTENT_PATH, quote_segment(item["id"]))
    job_id, dummy = client.run_job("POST", path, path + "/%s/status", "export of %s" % full, changes_nothing=True)
    return client.get("%s/%s/result" % (path, quote_segment(job_id))).json


# -- export definitions: what the API fills in, and what an import does not take -------------------------

NODE_METADATA = ("id", "createdAt", "createdBy", "modifiedAt", "modifiedBy")
DASHBOARD_TYPES = ("DashboardV2SyncDefinition", "MewboardSyncDefinition")
VIEW_START_EPOCH = "1970-01-01T00:00:00Z"
DEFAULT_TIME_RANGE = {"type": "BeginBoundedTimeRange",
                      "from": {"type": "RelativeTimeRangeBoundary", "relativeTime": "-15m"}}
# key -> the value the API gives it when a definition leaves it out (by where it is)
SEARCH_DEFAULTS = {"viewName": "", "viewStartTime": VIEW_START_EPOCH, "parsingMode": "Manual"}
SCHEDULE_DEFAULTS = {"muteErrorEmails": False, "parameters": []}
NOTIFICATION_DEFAULTS = {
    "EmailSearchNotificationSyncDefinition": {"includeQuery": True, "includeResultSet": True,
                                              "includeHistogram": True, "includeCsvAttachment": False},
    "WebhookSearchNotificationSyncDefinition": {"itemizeAlerts": False},
}
EMAIL_SUBJECTS = ("Search Alert: {{AlertCondition}} results found for {{SearchName}}",
                  "Search Results: {{SearchName}}")
DASHBOARD_DEFAULTS = {"description": "", "theme": "light", "topologyLabelMap": {"data": {}}, "refreshInterval": 0,
                      "panels": [], "variables": [], "coloringRules": [], "domain": "", "hierarchies": [],
                      "isPublic": False, "highlightViolations": False,
                      "layout": {"layoutType": "Grid", "layoutStructures": []}}
PANEL_DEFAULTS = {"keepVisualSettingsConsistentWithParent": True, "coloringRules": []}
QUERY_DEFAULTS = {"transient": False, "outputCardinalityLimit": 1000, "parseMode": "Auto", "timeSource": "Message"}
LINK_DEFAULTS = {"includeTimeRange": True, "includeVariables": True}
VARIABLE_DEFAULTS = {"allowMultiSelect": False, "includeAllOption": True, "hideFromUI": False, "valueType": "Any"}
LOOKUP_DEFAULTS = {"ttl": 0, "sizeLimitAction": "StopIncomingMessages"}

#: What sumo_lookup_table appends to a table's description once it has loaded rows (see lookup_tables.py).
ROWS_MARKER = re.compile(r"\s*\[community\.sumologic rows: (\d+), (replace|merge), sha256:([0-9a-f]{32})\]\s*$")


def split_marker(description):
    """``(description without the rows marker, (count, mode, digest) or None)``."""
    text = description or ""
    match = ROWS_MARKER.search(text)
    if match is None:
        return text, None
    return text[:match.start()], (int(match.group(1)), match.group(2), match.group(3))


def drop_none(value):
    """``value`` without the keys whose value is None, at any depth (an absent optional key)."""
    if isinstance(value, dict):
        return dict((key, drop_none(item)) for key, item in value.items() if item is not None)
    if isinstance(value, list):
        return [drop_none(item) for item in value]
    return value


def drop_defaults(obj, defaults):
    for key, default in defaults.items():
        if key in obj and obj[key] == default:
            del obj[key]
    return obj


def compact_json(text):
    """A JSON object in a string (a layout structure, visual settings) with sorted keys, no spaces."""
    if not isinstance(text, str):
        return json.dumps(text, sort_keys=True, separators=(",", ":"))
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    return json.dumps(parsed, sort_keys=True, separators=(",", ":")) if isinstance(parsed, dict) else text


def time_range(value):
    """A time range as the API takes it; ``-1h`` is short for the relative range that begins an hour ago."""
    if isinstance(value, str):
        return {"type": "BeginBoundedTimeRange", "from": {"type": "RelativeTimeRangeBoundary", "relativeTime": value}}
    return value


def canonical_panel(panel):
    panel = drop_defaults(dict(panel), PANEL_DEFAULTS)
    panel.pop("id", None)
    if "visualSettings" in panel:
        panel["visualSettings"] = compact_json(panel["visualSettings"])
    if "timeRange" in panel:
        panel["timeRange"] = time_range(panel["timeRange"])
    if "queries" in panel:
        panel["queries"] = [drop_defaults(dict(query), QUERY_DEFAULTS) for query in panel["queries"] or []]
    if "linkedDashboards" in panel:
        panel["linkedDashboards"] = [drop_defaults(dict(link), LINK_DEFAULTS) for link in panel["linkedDashboards"]]
        if not panel["linkedDashboards"]:
            del panel["linkedDashboards"]
    return panel


def canonical_layout(layout):
    layout = dict(layout)
    structures = [dict(item, structure=compact_json(item.get("structure"))) for item in layout.get(
        "layoutStructures") or []]
    layout["layoutStructures"] = sorted(structures, key=lambda item: str(item.get("key")))
    return layout


def canonical_variable(variable):
    variable = drop_defaults(dict(variable), VARIABLE_DEFAULTS)
    variable.pop("id", None)
    return variable


def canonical_dashboard(board):
    """A dashboard's keys (a DashboardV2SyncDefinition's, or the dashboards API's) without what the API fills in.

    Server-set panel and variable ids go, and so do the described defaults; the theme is
    compared without case, JSON in strings (layout structures, visual settings) with sorted
    keys, layout structures by panel key, and a time range given as ``-1h`` as the range it
    is short for.
    """
    board = drop_none(copy.deepcopy(board))
    if isinstance(board.get("theme"), str):
        board["theme"] = board["theme"].lower()
    if "timeRange" in board:
        board["timeRange"] = time_range(board["timeRange"])
        if board["timeRange"] == DEFAULT_TIME_RANGE:
            del board["timeRange"]
    if "panels" in board:
        board["panels"] = [canonical_panel(panel) for panel in board["panels"] or []]
    if "variables" in board:
        board["variables"] = [canonical_variable(variable) for variable in board["variables"] or []]
    if "layout" in board:
        board["layout"] = canonical_layout(board["layout"])
    return drop_defaults(board, DASHBOARD_DEFAULTS)


def clean_definition(node):
    """An export definition as an import takes it: without the ids and timestamps of one organisation."""
    if not isinstance(node, dict):
        return node
    node = copy.deepcopy(node)
    for key in NODE_METADATA:
        node.pop(key, None)
    if node.get("type") == "FolderSyncDefinition":
        node["children"] = [clean_definition(child) for child in node.get("children") or []]
    elif node.get("type") in DASHBOARD_TYPES:
        for key in ("panels", "variables"):
            for item in node.get(key) or []:
                if isinstance(item, dict):
                    item.pop("id", None)
    return node


def canonical_definition(node):
    """An export definition without what the API fills in: what compares, and what the info module returns.

    Ids and timestamps go; optional keys that are null or hold the value the API fills in
    when they are left out go (see the tables above); a schedule's ``displayableTimeRange``
    (the server's text, which an import cannot set) goes; a folder's children are in the
    order of their names (an import keeps existing children where they are); a lookup table's
    description is without sumo_lookup_table's rows marker. What remains imports as it is.
    """
    if not isinstance(node, dict):
        return node
    node = drop_none(clean_definition(node))
    kind = node.get("type")
    if kind == "FolderSyncDefinition":
        drop_defaults(node, {"description": ""})
        node["children"] = sorted((canonical_definition(child) for child in node.get("children") or []),
                                  key=lambda child: str(child.get("name", "")).lower() if isinstance(child, dict)
                                  else "")
    elif kind == "SavedSearchWithScheduleSyncDefinition":
        if isinstance(node.get("search"), dict):
            node["search"] = drop_defaults(node["search"], SEARCH_DEFAULTS)
        schedule = node.get("searchSchedule")
        if isinstance(schedule, dict):
            schedule.pop("displayableTimeRange", None)
            drop_defaults(schedule, SCHEDULE_DEFAULTS)
            if "parseableTimeRange" in schedule:
                schedule["parseableTimeRange"] = time_range(schedule["parseableTimeRange"])
            notification = schedule.get("notification")
            if isinstance(notification, dict):
                drop_defaults(notification, NOTIFICATION_DEFAULTS.get(notification.get("taskType"), {}))
                if notification.get("subjectTemplate") in EMAIL_SUBJECTS:
                    del notification["subjectTemplate"]
    elif kind in DASHBOARD_TYPES:
        node = canonical_dashboard(node)
        node["type"] = "DashboardV2SyncDefinition"   # the deprecated name is read, and exported, as this one
    elif kind == "LookupTableSyncDefinition":
        drop_defaults(node, LOOKUP_DEFAULTS)
        if isinstance(node.get("description"), str):
            node["description"] = split_marker(node["description"])[0]
    return node


def carry_markers(definition, current):
    """``definition`` with the rows markers of the lookup tables ``current`` holds at the same places, so that
    an import over them does not make sumo_lookup_table load their rows again."""
    if not isinstance(definition, dict) or not isinstance(current, dict):
        return definition
    if definition.get("type") == "LookupTableSyncDefinition" and current.get("type") == definition["type"]:
        own, marker = split_marker(current.get("description"))
        wanted, dummy = split_marker(definition.get("description"))
        if marker is not None and (current.get("fields"), current.get("primaryKeys")) == (
                definition.get("fields"), definition.get("primaryKeys")):
            match = ROWS_MARKER.search(current["description"])
            definition = dict(definition, description=wanted + match.group(0))
        return definition
    if definition.get("type") == "FolderSyncDefinition" and current.get("type") == definition["type"]:
        by_name = dict((str(child.get("name", "")).lower(), child) for child in current.get("children") or []
                       if isinstance(child, dict))
        definition = dict(definition, children=[
            carry_markers(child, by_name.get(str(child.get("name", "")).lower())) if isinstance(child, dict)
            else child for child in definition.get("children") or []])
    return definition


# -- permissions -------------------------------------------------------------------------------------

PERMISSION_SPEC = {
    "options": {
        "role": {"type": "str"},
        "user": {"type": "str"},
        "permission": {"type": "str", "default": "View", "choices": list(PERMISSION_NAMES)},
    },
    "mutually_exclusive": [["role", "user"]],
    "required_one_of": [["role", "user"]],
}


def assignment(permission, source_type, source_id):
    # Ids are compared upper-cased; what stands for a role or user a check-mode audit assumes is kept as it is.
    source_id = str(source_id)
    return {"permissionName": permission, "sourceType": source_type,
            "sourceId": source_id if assumed_name(source_id) else source_id.upper()}


def read_permissions(client, item_id):
    """The permissions set on the item itself (not those it has from its folders), as assignments."""
    found = client.get("%s/%s/permissions" % (CONTENT_PATH, quote_segment(item_id)),
                       params={"explicitOnly": "true"}).json or {}
    return [assignment(a["permissionName"], a["sourceType"], a["sourceId"])
            for a in found.get("explicitPermissions") or []]


def key_of(item):
    return item["permissionName"], item["sourceType"], item["sourceId"]


class PermissionResolver:
    """Permissions by role name or user email <-> the API's assignments (``permissionName``, ``sourceType``,
    ``sourceId``). Role names cost one listing of the roles per run, emails one lookup each.
    Shares with the whole organisation are the API's only (their subject id cannot be learnt
    through it): they are left as they are, and not returned as options."""

    def prepare(self, run, values):
        """Nothing to prepare: the roles are listed once per run when a name is resolved."""

    def to_api(self, run, values, option, known):
        roles = [item["role"] for item in values if item.get("role")]
        if roles:
            ROLES.to_api(run, roles, option, ())   # every unknown name in one error
        wanted = []
        for item in values:
            if item.get("role"):
                source = ("role", ROLES.to_api(run, [item["role"]], option, ())[0])
            else:
                source = ("user", USERS.to_api(run, [item["user"]], option, ())[0])
            entry = assignment(item.get("permission") or "View", *source)
            if entry not in wanted:
                wanted.append(entry)
        return wanted

    def to_options(self, run, assignments):
        role_ids = [a["sourceId"] for a in assignments if a["sourceType"] == "role"]
        user_ids = [a["sourceId"] for a in assignments if a["sourceType"] == "user"]
        roles = dict(zip(role_ids, ROLES.to_options(run, role_ids))) if role_ids else {}
        users = dict(zip(user_ids, USERS.to_options(run, user_ids))) if user_ids else {}
        options = []
        for item in assignments:
            if item["sourceType"] == "role":
                options.append({"role": roles.get(item["sourceId"], item["sourceId"]),
                                "permission": item["permissionName"]})
            elif item["sourceType"] == "user":
                options.append({"user": users.get(item["sourceId"], item["sourceId"]),
                                "permission": item["permissionName"]})
        return options


PERMISSIONS = PermissionResolver()


def permission_request(item_id, assignments, verb):
    path = "%s/%s/permissions/%s" % (CONTENT_PATH, quote_segment(item_id), verb)
    body = {"contentPermissionAssignments": [dict(a, contentId=item_id) for a in assignments],
            "notifyRecipients": False, "notificationMessage": ""}
    return Request("PUT", path, body=body)


def folder_object(folder, given, full, permissions):
    """A folder as the Folder declaration works with it: the API's folder, its path, its own permissions."""
    obj = dict((key, value) for key, value in folder.items() if key != "children")
    obj.update(path=given, libraryPath=full, explicitPermissions=permissions,
               children=[dict((key, child.get(key)) for key in ("id", "name", "itemType"))
                         for child in folder.get("children") or []])
    return obj


def missing_folders(run, full, option="path"):
    """``(the deepest folder that exists above full, [the names to make below it])``; once per run and path."""
    def compute():
        names = []
        path = full
        while True:
            path, name = split_path(path)
            names.insert(0, name)
            if path in (USERS_ROOT, "/Library") or path.count("/") < 2:
                raise InputError("%s: no such personal folder (the user does not exist, or you cannot see it "
                                 "without admin_mode)" % full, option=option)
            item = item_at(run.client, path)
            if item is not None:
                if item.get("itemType") != "Folder":
                    raise InputError("%s is a %s, not a folder" % (path, item.get("itemType")), option=option)
                return item, names[:-1]
            if path == ADMIN_RECOMMENDED or (path.startswith(USERS_ROOT + "/") and path.count("/") == 3):
                raise InputError("%s does not exist, or this access key cannot see it (admin_mode: true acts as a "
                                 "Content Administrator)" % path, option=option)
    return run.memo(("missing_folders", full.lower()), compute)


def make_folders(parent_id, names, leaf, description, given, full):
    """Folders made one inside the other (``mkdir -p``): ``names`` below ``parent_id``, then ``leaf``."""
    def perform(client):
        current = parent_id
        for name in names:
            current = client.post(FOLDERS_PATH, {"name": name, "parentId": current}).json["id"]
        body = {"name": leaf, "parentId": current}
        if description is not None:
            body["description"] = description
        made = client.post(FOLDERS_PATH, body).json
        return answer(folder_object(made, given, full, []))
    return perform


class Folder(Resource):
    """A folder of the content library, by path; missing parents are made; its own permissions by role name."""

    kind = "folder"
    path = FOLDERS_PATH
    identity = Identity("path", api=("path", "libraryPath"), case="fold", required=True)
    fields = {
        "description": Field("description"),
        "permissions": Field("explicitPermissions", type="list", elements="dict", kind="set",
                             purge="purge_permissions", resolver=PERMISSIONS, on_create=False, spec=PERMISSION_SPEC),
    }
    options = {"purge_permissions": {"type": "bool", "default": False}}

    def validate(self, params):
        params["path"] = check_path(params["path"])
        if len(split_path(params["path"])[1]) > FOLDER_NAME_MAX:
            raise InputError("a folder's name is at most %d characters" % FOLDER_NAME_MAX, option="path")
        description = params.get("description")
        if description is not None and len(description) > FOLDER_DESCRIPTION_MAX:
            raise InputError("at most %d characters, got %d" % (FOLDER_DESCRIPTION_MAX, len(description)),
                             option="description")
        for index, item in enumerate(params.get("permissions") or []):
            subject = item.get("role") or item.get("user")
            if not str(subject or "").strip():
                raise InputError("a role name or a user's email is required", option="permissions[%d]" % index)

    def lookup(self, run, name, parent):
        full = full_path(run, name)
        item = item_at(run.client, full)
        if item is None:
            return []
        if item.get("itemType") != "Folder":
            raise InputError("%s is a %s, not a folder" % (name, item.get("itemType")), option="path")
        folder = read_folder(run.client, item["id"])
        return [folder_object(folder, name, full, read_permissions(run.client, item["id"]))]

    def can_create(self, run, params, parent):
        missing_folders(run, full_path(run, params["path"]))

    def create(self, run, params, body, parent):
        full = full_path(run, params["path"])
        above, names = missing_folders(run, full)
        leaf = split_path(full)[1]
        post = {"name": names[0] if names else leaf, "parentId": above["id"]}
        if not names and params.get("description") is not None:
            post["description"] = params["description"]
        return [Request("POST", FOLDERS_PATH, body=post, returns=True,
                        perform=make_folders(above["id"], names, leaf, params.get("description"),
                                             params["path"], full))]

    def compare(self, run, params, obj, wanted):
        changes = {}
        if "description" in wanted and (obj.get("description") or "") != (wanted["description"][1] or ""):
            changes["description"] = wanted["description"][1]
        if "explicitPermissions" in wanted:
            current = obj.get("explicitPermissions") or []
            asked = wanted["explicitPermissions"][1]
            asked_keys = set(key_of(a) for a in asked)
            if params.get("purge_permissions"):
                # Kept: what a wanted permission implies (View under Edit), and shares with the organisation.
                implied = set((name, a["sourceType"], a["sourceId"]) for a in asked
                              for name in IMPLIED.get(a["permissionName"], ()))
                kept = [a for a in current if key_of(a) not in asked_keys
                        and (key_of(a) in implied or a["sourceType"] == "org")]
                desired = list(asked) + kept
            else:
                have = set(key_of(a) for a in current)
                desired = list(current) + [a for a in asked if key_of(a) not in have]
            if set(key_of(a) for a in desired) != set(key_of(a) for a in current):
                changes["explicitPermissions"] = desired
        return changes

    def update(self, run, params, current, changes):
        # A folder still to be made (planning its create) has no id yet.
        obj, requests, item_id = current.obj, [], current.obj.get("id") or "new"
        if "description" in changes:
            body = {"name": obj.get("name"), "description": changes["description"] or ""}
            requests.append(Request("PUT", "%s/%s" % (FOLDERS_PATH, quote_segment(item_id)), body=body))
        if "explicitPermissions" in changes:
            have = set(key_of(a) for a in obj.get("explicitPermissions") or [])
            want = set(key_of(a) for a in changes["explicitPermissions"])
            added = [a for a in changes["explicitPermissions"] if key_of(a) not in have]
            removed = [a for a in obj.get("explicitPermissions") or [] if key_of(a) not in want]
            if added:
                requests.append(permission_request(item_id, added, "add"))
            if removed:
                requests.append(permission_request(item_id, removed, "remove"))
        return requests

    def delete(self, run, params, current):
        return [delete_job(current.obj["id"], current.obj.get("libraryPath") or current.obj.get("path"))]

    def to_result(self, run, obj):
        result = dict((snake, obj.get(key)) for key, snake in (
            ("id", "id"), ("name", "name"), ("libraryPath", "path"), ("description", "description"),
            ("parentId", "parent_id"), ("createdAt", "created_at"), ("createdBy", "created_by"),
            ("modifiedAt", "modified_at"), ("modifiedBy", "modified_by")) if obj.get(key) is not None)
        if result.get("path") is None and obj.get("path") is not None:
            result["path"] = obj["path"]
        assignments = obj.get("explicitPermissions") or []
        result["permissions"] = PERMISSIONS.to_options(run, assignments) + [
            {"organization": True, "permission": a["permissionName"]} for a in assignments if a["sourceType"] == "org"]
        if "children" in obj:
            result["children"] = [child.get("name") for child in obj["children"]]
        return result

    def to_config(self, run, current):
        return folder_config(run, current.obj)


def folder_config(run, obj):
    """A folder in the form of sumo_folder's options (``~/...`` paths; shares with the organisation left out)."""
    config = {"path": display_path(run, obj.get("libraryPath") or full_path(run, obj["path"]))}
    if obj.get("description"):
        config["description"] = obj["description"]
    permissions = PERMISSIONS.to_options(run, obj.get("explicitPermissions") or [])
    if permissions:
        config["permissions"] = permissions
    return config


# -- the folder tree, for sumo_folder_info ------------------------------------------------------------------

def library_roots(run, admin):
    """``[(folder with children, its library path)]``: the key owner's personal folder, Admin Recommended, and
    in admin mode every user's personal folder."""
    client = run.client
    roots = []
    mine = client.get(FOLDERS_PATH + "/personal").json
    roots.append((mine, personal_root(run)))
    seen = set([mine["id"]])
    if admin:
        path = FOLDERS_PATH + "/global"
        job_id, dummy = client.run_job("GET", path, path + "/%s/status", "listing of the library")
        for item in (client.get("%s/%s/result" % (path, quote_segment(job_id))).json or {}).get("data") or []:
            if item.get("itemType") == "Folder" and item["id"] not in seen:
                seen.add(item["id"])
                where = client.get("%s/%s/path" % (CONTENT_PATH, quote_segment(item["id"]))).json["path"]
                roots.append((read_folder(client, item["id"]), where))
    path = FOLDERS_PATH + "/adminRecommended"
    job_id, dummy = client.run_job("GET", path, path + "/%s/status", "listing of Admin Recommended")
    recommended = client.get("%s/%s/result" % (path, quote_segment(job_id))).json
    if recommended and recommended.get("id") not in seen:
        roots.append((recommended, ADMIN_RECOMMENDED))
    return roots


def walk_folders(run, folder, path, include_self, permissions=True):
    """Folder objects in and below ``folder``, parents first; one GET per folder, and one for its permissions."""
    found = []
    if include_self:
        found.append(folder_object(folder, path, path, read_permissions(run.client, folder["id"])
                                   if permissions else []))
    for child in folder.get("children") or []:
        if child.get("itemType") == "Folder":
            below = read_folder(run.client, child["id"])
            found.extend(walk_folders(run, below, "%s/%s" % (path, child["name"]), True, permissions))
    return found


# -- content items from export definitions ---------------------------------------------------------------

def content_object(item, given, full, definition):
    """A content item as the ContentItem declaration works with it: the item, its path, its export definition."""
    obj = dict((key, item.get(key)) for key in ("id", "name", "itemType", "parentId"))
    obj.update(path=given, libraryPath=full, definition=definition)
    return obj


def load_definition(params):
    """``definition``, or the JSON file ``src``; checked against ``path``."""
    definition = params.get("definition")
    if params.get("src") is not None:
        try:
            with open(params["src"]) as handle:
                definition = json.load(handle)
        except (IOError, OSError) as exc:
            raise InputError("cannot read %s: %s" % (params["src"], exc), option="src")
        except ValueError as exc:
            raise InputError("%s is not JSON: %s" % (params["src"], exc), option="src")
    if definition is None:
        return None
    option = "src" if params.get("src") is not None else "definition"
    if not isinstance(definition, dict) or not isinstance(definition.get("type"), str):
        raise InputError("an export definition is a JSON object with a type (FolderSyncDefinition, "
                         "SavedSearchWithScheduleSyncDefinition, DashboardV2SyncDefinition...)", option=option)
    name = split_path(params["path"])[1]
    if definition.get("name") is None:
        definition = dict(definition, name=name)
    elif definition["name"] != name:
        raise InputError("the definition's name %r is not the last part of path %r" % (definition["name"],
                                                                                       params["path"]), option=option)
    return definition


class ContentItem(Resource):
    """Any content item at a library path, from the JSON of a content export: imported when it differs."""

    kind = "content item"
    path = CONTENT_PATH
    result_key = "content"
    identity = Identity("path", api=("path", "libraryPath"), case="fold", required=True)
    fields = {"definition": Field("definition", type="dict", kind="scalar")}
    options = {"src": {"type": "path"}}
    mutually_exclusive = [("definition", "src")]
    required_if = [("state", "present", ("definition", "src"), True)]
    keep_keys = ("definition",)

    def validate(self, params):
        params["path"] = check_path(params["path"])
        if params.get("state") != "absent":
            params["definition"] = load_definition(params)

    def lookup(self, run, name, parent):
        full = full_path(run, name)
        item = item_at(run.client, full)
        if item is None:
            return []
        return [content_object(item, name, full, export(run.client, item, full))]

    def compare(self, run, params, obj, wanted):
        if "definition" not in wanted:
            return {}
        definition = wanted["definition"][1]
        if canonical_definition(definition) == canonical_definition(obj.get("definition")):
            return {}
        return {"definition": clean_definition(definition)}

    def can_create(self, run, params, parent):
        folder = split_path(params["path"])[0]
        if folder_at(run, folder) is None and not run.assumed(FolderRef.family(), folder):
            raise InputError("the folder %s does not exist (sumo_folder makes it)" % folder, option="path")

    def create(self, run, params, body, parent):
        folder = folder_at(run, split_path(params["path"])[0])
        if folder is None:
            # A check-mode audit whose earlier task creates the folder: planned, never sent.
            folder = {"id": None, "libraryPath": full_path(run, split_path(params["path"])[0])}
        definition = clean_definition(params["definition"])
        return [import_job(folder["id"], definition, False, params["path"], folder["libraryPath"] + "/" +
                           split_path(params["path"])[1])]

    def update(self, run, params, current, changes):
        if "definition" not in changes:
            return []
        obj = current.obj
        definition = carry_markers(changes["definition"], obj.get("definition"))
        return [import_job(obj["parentId"], definition, True, obj["path"], obj["libraryPath"])]

    def delete(self, run, params, current):
        return [delete_job(current.obj["id"], current.obj["libraryPath"])]

    def to_result(self, run, obj):
        result = {"path": obj.get("libraryPath") or obj.get("path"), "definition": canonical_definition(
            obj.get("definition"))}
        for key, snake in (("id", "id"), ("name", "name"), ("itemType", "item_type")):
            if obj.get(key) is not None:
                result[snake] = obj[key]
        return result

    def to_config(self, run, current):
        obj = current.obj
        return {"path": display_path(run, obj["libraryPath"]), "definition": canonical_definition(obj["definition"])}


# -- the info modules ------------------------------------------------------------------------------------

def info_module(spec):
    """An info module's AnsibleModule (set up as content_client does) and its run."""
    from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule
    from ansible_collections.community.sumologic.plugins.module_utils.resource import Run
    module = content_client(SumoModule(argument_spec=dict(spec, **copy.deepcopy(CONTENT_OPTIONS)),
                                       supports_check_mode=True))
    return module, Run(module.client, module.check_mode, module.warn)


def fail_module(module, exc):
    from ansible_collections.community.sumologic.plugins.module_utils.resource import error_result
    msg, extra = error_result(exc)
    module.fail_json(msg=msg, **extra)


def folder_info_main():
    """sumo_folder_info: one folder (and with ``recursive`` the folders below it), or every folder."""
    module, run = info_module({"path": {"type": "str"}, "recursive": {"type": "bool", "default": False}})
    params = module.params
    try:
        found = []
        if params["path"] is None:
            for folder, path in library_roots(run, params["admin_mode"]):
                found.extend(walk_folders(run, folder, path, False))
        else:
            path = check_path(params["path"], system_ok=True)
            full = full_path(run, path)
            item = item_at(run.client, full)
            if item is not None and item.get("itemType") != "Folder":
                raise InputError("%s is a %s, not a folder" % (path, item.get("itemType")), option="path")
            if item is not None:
                folder = read_folder(run.client, item["id"])
                system = len(split_path(full)[0].split("/")) <= 2 or full == ADMIN_RECOMMENDED or path == PERSONAL
                if params["recursive"] or system:
                    found = walk_folders(run, folder, full, not system)
                else:
                    found = [folder_object(folder, full, full, read_permissions(run.client, item["id"]))]
        module.exit_json(changed=False, folders=[folder_config(run, obj) for obj in found])
    except Exception as exc:
        fail_module(module, exc)


def content_info_main():
    """sumo_content_info: the definition of the item at a path, written to ``dest`` when given."""
    import os
    import tempfile
    module, run = info_module({"path": {"type": "str", "required": True}, "dest": {"type": "path"}})
    params = module.params
    try:
        path = check_path(params["path"], system_ok=True)
        full = full_path(run, path)
        item = item_at(run.client, full)
        result = {"changed": False, "path": display_path(run, full), "exists": item is not None,
                  "item_type": item.get("itemType") if item else None, "definition": None}
        if item is not None:
            result["definition"] = canonical_definition(export(run.client, item, full))
        if item is not None and params["dest"]:
            text = json.dumps(result["definition"], indent=2, ensure_ascii=False) + "\n"
            try:
                with open(params["dest"], encoding="utf-8") as handle:
                    result["changed"] = handle.read() != text
            except (IOError, OSError):
                result["changed"] = True
            if result["changed"] and not module.check_mode:
                directory = os.path.dirname(os.path.abspath(params["dest"]))
                handle, temporary = tempfile.mkstemp(dir=directory, prefix=".sumo_content_info.")
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                module.atomic_move(temporary, params["dest"])
            result["dest"] = params["dest"]
        module.exit_json(**result)
    except Exception as exc:
        fail_module(module, exc)
