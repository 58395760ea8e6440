# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""sumo_dashboard, sumo_dashboards and sumo_dashboard_info, run in-process against the emulator: a dashboard by
folder and title, what the API fills in (panel ids, defaults) is no drift, the PUT of the whole dashboard, and
the plural states."""

from __future__ import annotations

import copy

ME = "/Library/Users/admin@example.com"

PANELS = [
    {"key": "errors", "panelType": "SumoSearchPanel", "title": "Errors",
     "queries": [{"queryKey": "A", "queryType": "Logs",
                  "queryString": "_sourceCategory=prod/api status_code=5* | timeslice 5m | count by _timeslice"}]},
    {"key": "notes", "panelType": "TextPanel", "title": "Notes", "text": "Page the on-call first."},
]
LAYOUT = {"layoutStructures": [{"key": "errors", "structure": {"height": 6, "width": 12, "x": 0, "y": 0}},
                               {"key": "notes", "structure": {"height": 6, "width": 12, "x": 12, "y": 0}}]}
DASHBOARD = dict(folder="~/Team", title="API errors", description="5xx of the API", time_range="-1h",
                 refresh_interval=300, theme="dark", panels=PANELS, layout=LAYOUT)


def writes(control):
    return ["%s %s" % (r["method"], r["path"]) for r in control.requests()["requests"] if r["method"] != "GET"]


def has_key(value, key):
    if isinstance(value, dict):
        return key in value or any(has_key(item, key) for item in value.values())
    if isinstance(value, list):
        return any(has_key(item, key) for item in value)
    return False


def test_create_then_unchanged(ansible_module, control, client):
    control.clear_requests()
    made = ansible_module("sumo_dashboard", diff=True, **DASHBOARD)
    assert made["changed"] and made["diff"]["before"] == {}
    board = made["dashboard"]
    assert writes(control) == ["POST /api/v2/dashboards"]
    assert board["title"] == "API errors" and board["theme"] == "dark" and board["refresh_interval"] == 300
    assert board["time_range"]["from"]["relativeTime"] == "-1h"
    assert [p["key"] for p in board["panels"]] == ["errors", "notes"] and all(p["id"] for p in board["panels"])
    assert board["layout"]["layoutStructures"][0]["structure"] == '{"height":6,"width":12,"x":0,"y":0}'
    team = client.get("/v2/content/path", params={"path": ME + "/Team"}).json
    assert board["folder_id"] == team["id"]
    control.clear_requests()
    again = ansible_module("sumo_dashboard", **DASHBOARD)
    assert not again["changed"] and again["dashboard"]["id"] == board["id"] and writes(control) == []


def test_what_the_api_fills_in_is_no_drift(ansible_module, control):
    """The dashboard as the API answers it (ids, defaults, JSON strings, the theme's case) changes nothing."""
    made = ansible_module("sumo_dashboard", **DASHBOARD)["dashboard"]
    as_answered = dict(DASHBOARD, panels=made["panels"], layout=made["layout"], time_range=made["time_range"],
                       theme="DARK", variables=[])
    assert has_key(as_answered["panels"], "id") and has_key(as_answered["panels"], "transient")
    control.clear_requests()
    assert not ansible_module("sumo_dashboard", **as_answered)["changed"] and writes(control) == []
    other_ids = copy.deepcopy(made["panels"])
    for number, panel in enumerate(other_ids):
        panel["id"] = "00000000000000%02d" % number
    assert not ansible_module("sumo_dashboard", folder="~/Team", title="api ERRORS", panels=other_ids)["changed"]


def test_update_sends_the_whole_dashboard_and_keeps_panel_ids(ansible_module, control, client):
    made = ansible_module("sumo_dashboard", **DASHBOARD)["dashboard"]
    panels = copy.deepcopy(PANELS)
    panels[1]["text"] = "Page the API on-call first."
    planned = ansible_module("sumo_dashboard", folder="~/Team", title="API errors", panels=panels,
                             description="Errors of the API", check_mode=True, diff=True)
    assert planned["changed"] and planned["diff"]["before"]["description"] == "5xx of the API"
    assert planned["diff"]["after"]["description"] == "Errors of the API"
    control.clear_requests()
    updated = ansible_module("sumo_dashboard", folder="~/Team", title="API errors", panels=panels,
                             description="Errors of the API")
    assert updated["changed"] and writes(control) == ["PUT /api/v2/dashboards/%s" % made["id"]]
    put = client.get("/v2/dashboards/" + made["id"]).json
    # What the task did not set is as it was; panel ids stay with their keys.
    assert put["refreshInterval"] == 300 and put["theme"] == "dark" and put["description"] == "Errors of the API"
    assert [p["id"] for p in put["panels"]] == [p["id"] for p in made["panels"]]
    assert put["panels"][1]["text"] == "Page the API on-call first."


def test_delete_and_a_missing_folder(ansible_module, control):
    made = ansible_module("sumo_dashboard", **DASHBOARD)["dashboard"]
    control.clear_requests()
    deleted = ansible_module("sumo_dashboard", folder="~/Team", title="API errors", state="absent", diff=True)
    assert deleted["changed"] and deleted["dashboard"] == {} and deleted["diff"]["before"]["id"] == made["id"]
    assert writes(control) == ["DELETE /api/v2/dashboards/%s" % made["id"]]
    assert not ansible_module("sumo_dashboard", folder="~/Team", title="API errors", state="absent")["changed"]
    control.clear_requests()
    missing = ansible_module("sumo_dashboard", folder="~/Nowhere", title="x", time_range="-1h")
    assert missing.failed and missing["msg"] == "folder '~/Nowhere' does not exist" and writes(control) == []
    bad = ansible_module("sumo_dashboard", folder="~/Team", title="a/b")
    assert bad.failed and bad["msg"].startswith("title: ")


def test_info_and_gathered_give_options_that_change_nothing(ansible_module, control):
    ansible_module("sumo_dashboard", **DASHBOARD)
    info = ansible_module("sumo_dashboard_info", folder="~/Team")["dashboards"]
    assert sorted(d["title"] for d in info) == ["API errors", "Service Overview"]
    assert not has_key(info, "id") and all(d["folder"] == "~/Team" for d in info)
    assert ansible_module("sumo_dashboard_info", title="service overview")["dashboards"][0]["folder"] == "~/Team"
    gathered = ansible_module("sumo_dashboards", state="gathered", scope={"folder": "."})["gathered"]
    assert sorted(gathered, key=lambda d: d["title"]) == sorted(info, key=lambda d: d["title"])
    control.clear_requests()
    merged = ansible_module("sumo_dashboards", config=gathered, state="merged")
    assert not merged["changed"] and writes(control) == []
    for board in info:
        assert not ansible_module("sumo_dashboard", **board)["changed"]


def test_plural_overridden_deletes_the_unlisted_in_scope(ansible_module, control):
    control.clear_requests()
    result = ansible_module("sumo_dashboards", folder="~/Team", state="overridden", scope={"folder": "^~/Team$"},
                            config=[dict((k, v) for k, v in DASHBOARD.items() if k != "folder")], diff=True)
    assert result["changed"]
    assert sorted((c["name"], c["action"]) for c in result["changes"]) == [
        ("~/Team/API errors", "create"), ("~/Team/Service Overview", "delete")]
    assert result["undeclared"] == ["~/Team/Service Overview"]
    assert sorted(w.split()[0] for w in writes(control)) == ["DELETE", "POST"]
    titles = [d["title"] for d in ansible_module("sumo_dashboard_info")["dashboards"]]
    assert titles == ["API errors"]


def test_panels_removed_take_their_place_in_the_layout_with_them(ansible_module, control, client):
    made = ansible_module("sumo_dashboard", **DASHBOARD)["dashboard"]
    result = ansible_module("sumo_dashboard", folder="~/Team", title="API errors", panels=PANELS[:1])
    assert result["changed"] and not result.failed
    layout = client.get("/v2/dashboards/" + made["id"]).json["layout"]
    assert [item["key"] for item in layout["layoutStructures"]] == ["errors"]


def test_replaced_makes_the_dashboard_exactly_as_given(ansible_module, control, client):
    made = ansible_module("sumo_dashboard", **DASHBOARD)["dashboard"]
    result = ansible_module("sumo_dashboards", folder="~/Team", state="replaced",
                            config=[{"title": "API errors", "panels": PANELS[1:]}])
    assert result["changed"] and not result.failed
    board = client.get("/v2/dashboards/" + made["id"]).json
    assert [p["key"] for p in board["panels"]] == ["notes"] and board["variables"] == []
    assert [item["key"] for item in board["layout"]["layoutStructures"]] == ["notes"]
