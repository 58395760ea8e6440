# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Dashboards (the v2 Dashboards API): the ``Dashboard`` declaration, for sumo_dashboard, sumo_dashboards and
sumo_dashboard_info.

A dashboard is named by its folder (a library path) and its title, unique in the folder
without regard to case. The API fills in much of what a request leaves out (panel and variable
ids, which it keeps while a panel's key and a variable's name stay, and the described
defaults): those are compared away by :func:`content.canonical_dashboard`, the same rules as
a ``DashboardV2SyncDefinition`` of sumo_content. A PUT replaces the whole dashboard, so an
update sends the current dashboard with the changes merged.
"""

import copy
import json

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError, quote_segment
from ansible_collections.community.sumologic.plugins.module_utils.content import (
    CONTENT_PATH,
    DEFAULT_TIME_RANGE,
    NAME_MAX,
    PERSONAL,
    FolderRef,
    canonical_dashboard,
    check_path,
    child_named,
    display_path,
    fail_module,
    folder_at,
    full_path,
    info_module,
    read_folder,
    time_range,
)
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    PARENT,
    Field,
    Identity,
    Parent,
    Request,
    Resource,
)

DASHBOARDS_PATH = "/v2/dashboards"
PAGE_LIMIT = 100
REFRESH_INTERVALS = (0, 30, 60, 120, 300, 900, 1800, 3600, 7200, 86400)
THEMES = ("light", "dark")
# option -> API key, in the order results show them
OPTIONS = (("title", "title"), ("description", "description"), ("time_range", "timeRange"), ("panels", "panels"),
           ("layout", "layout"), ("variables", "variables"), ("theme", "theme"),
           ("refresh_interval", "refreshInterval"))


def all_dashboards(run):
    """Every dashboard the caller may view (pages of 100), listed once per run."""
    def compute():
        return list(run.client.paginate_token(
            DASHBOARDS_PATH, params={"mode": "allViewableByUser"}, limit=PAGE_LIMIT,
            page_of=lambda body: ((body or {}).get("dashboards") or [], (body or {}).get("next"))))
    return run.memo("dashboards", compute)


def folder_path(run, folder_id):
    """The library path of a folder, by id (one GET per folder and run)."""
    return run.memo(("folder_path", str(folder_id).upper()), lambda: run.client.get(
        "%s/%s/path" % (CONTENT_PATH, quote_segment(folder_id))).json["path"])


def same_id(left, right):
    return str(left or "").upper() == str(right or "").upper()


class DashboardFolder(FolderRef):
    """The folder of dashboards; listed (for a plural task's ``scope.folder``) as the folders that hold one."""

    def list(self, run, parent=None, query=None):
        folders = []
        for folder_id in sorted(set(str(board.get("folderId")).upper() for board in all_dashboards(run))):
            full = folder_path(run, folder_id)
            folders.append(dict(read_folder(run.client, folder_id), path=display_path(run, full), libraryPath=full))
        return folders


def layout_for_api(layout):
    """A layout whose structures may be given as objects: each ``structure`` as the JSON string the API takes."""
    if not isinstance(layout, dict):
        return layout
    layout = copy.deepcopy(layout)
    layout.setdefault("layoutType", "Grid")
    for item in layout.get("layoutStructures") or []:
        if isinstance(item, dict) and isinstance(item.get("structure"), dict):
            item["structure"] = json.dumps(item["structure"], sort_keys=True, separators=(",", ":"))
    return layout


class Dashboard(Resource):
    """A dashboard of the v2 Dashboards API, by folder and title."""

    kind = "dashboard"
    path = DASHBOARDS_PATH
    identity = Identity("title", case="fold", required=True)
    parent = Parent(DashboardFolder, "folder")
    read_only = ("id", "contentId", "scheduleId")
    create_defaults = {"timeRange": DEFAULT_TIME_RANGE}
    keep_keys = ("panels", "layout", "variables", "timeRange", "topologyLabelMap")
    fields = {
        "description": Field("description"),
        "time_range": Field("timeRange", type="raw"),
        "panels": Field("panels", type="list", elements="dict"),
        "layout": Field("layout", type="dict", kind="scalar"),   # a whole, not a map to merge
        "variables": Field("variables", type="list", elements="dict"),
        "theme": Field("theme"),
        "refresh_interval": Field("refreshInterval", type="int", choices=REFRESH_INTERVALS),
    }
    scope_options = {"title": {"type": "str"}, "folder": {"type": "str"}}
    scope_patterns = {"title": "title", "folder": PARENT}

    def validate(self, params):
        params["folder"] = check_path(params.get("folder") or PERSONAL, "folder", system_ok=True)
        title = params["title"]
        if not 1 <= len(title) <= NAME_MAX or "/" in title:
            raise InputError("1 to %d characters without a /, got %r" % (NAME_MAX, title), option="title")
        if params.get("theme") is not None and params["theme"].lower() not in THEMES:
            raise InputError("light or dark, got %r" % params["theme"], option="theme")
        if params.get("time_range") is not None:
            params["time_range"] = time_range(params["time_range"])
            if not isinstance(params["time_range"], dict) or "type" not in params["time_range"]:
                raise InputError("a relative time such as -1h, or a time range of the API (a dict with a type)",
                                 option="time_range")
        for index, panel in enumerate(params.get("panels") or []):
            if not panel.get("key") or not panel.get("panelType"):
                raise InputError("each panel needs a key and a panelType", option="panels[%d]" % index)
        if params.get("layout") is not None:
            params["layout"] = layout_for_api(params["layout"])

    def lookup(self, run, name, parent):
        item = child_named(parent, name, ("Dashboard",))
        if item is None:
            return []
        return [board for board in all_dashboards(run) if same_id(board.get("contentId"), item["id"])]

    def list(self, run, parent=None, query=None):
        return [board for board in all_dashboards(run)
                if parent is None or same_id(board.get("folderId"), parent["id"])]

    def compare(self, run, params, obj, wanted):
        want = canonical_dashboard(dict((api, value) for api, (field, value) in wanted.items()))
        have = canonical_dashboard(dict((api, obj.get(api)) for api in wanted))
        changes = dict((api, wanted[api][1]) for api in wanted if want.get(api) != have.get(api))
        if "panels" in changes and "layout" not in wanted and isinstance(obj.get("layout"), dict):
            # The layout kept as it is may not name a panel that is gone (the API refuses that).
            keys = set(panel.get("key") for panel in changes["panels"] or [])
            structures = obj["layout"].get("layoutStructures") or []
            kept = [item for item in structures if item.get("key") in keys]
            if len(kept) != len(structures):
                changes["layout"] = dict(obj["layout"], layoutStructures=kept)
        return changes

    def create(self, run, params, body, parent):
        return [Request("POST", DASHBOARDS_PATH, body=dict(body, folderId=parent["id"]), returns=True)]

    def to_config(self, run, current):
        parent = current.parent or {}
        # A folder a check-mode audit assumes (to be created by an earlier task) has its path, not yet an id.
        folder_full = parent.get("libraryPath") or (full_path(run, parent["path"]) if parent.get("path") else None)
        return dashboard_config(run, current.obj, folder_full)


def dashboard_config(run, board, folder_full=None):
    """A dashboard in the form of sumo_dashboard's options: no ids, nothing the API fills in, ``~/`` paths."""
    canonical = canonical_dashboard(dict((api, board.get(api)) for option, api in OPTIONS))
    config = {"folder": display_path(run, folder_full or folder_path(run, board["folderId"])),
              "title": board.get("title")}
    for option, api in OPTIONS:
        if api in canonical and option != "title":
            config[option] = canonical[api]
    return config


def dashboard_info_main():
    """sumo_dashboard_info: one dashboard by folder and title, the dashboards of a folder, or every dashboard."""
    module, run = info_module({"folder": {"type": "str"}, "title": {"type": "str"}})
    params = module.params
    try:
        boards = all_dashboards(run)
        folder = None
        if params["folder"] is not None:
            folder = folder_at(run, check_path(params["folder"], "folder", system_ok=True), option="folder")
            boards = [b for b in boards if folder is not None and same_id(b.get("folderId"), folder["id"])]
        if params["title"] is not None:
            boards = [b for b in boards if str(b.get("title", "")).lower() == params["title"].lower()]
        module.exit_json(changed=False, dashboards=[
            dashboard_config(run, board, folder["libraryPath"] if folder else None) for board in boards])
    except Exception as exc:
        fail_module(module, exc)
