# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Alerting as code: connections, monitor folders and monitors, their modules run in-process against the emulator."""

from __future__ import annotations

import json

import pytest

SECRET = "Bearer alerting-s3cr3t-0123456789"
SLACK = "Slack ops-alerts"
HIGH_ERROR_RATE = dict(folder="/Monitors/Platform", name="High error rate")
# The seeded monitor's triggers, as a task gives them: the keys the API fills in are left out.
SEEDED_TRIGGERS = [
    {"trigger_type": "Critical", "detection_method": "LogsStaticCondition", "time_range": "15m", "threshold": 100,
     "threshold_type": "GreaterThan"},
    {"trigger_type": "ResolvedCritical", "detection_method": "LogsStaticCondition", "time_range": "-15m",
     "threshold": 100, "threshold_type": "LessThanOrEqual"},
]


def counts(control):
    return control.requests()["counts"]


def writes(control):
    return [(r["method"], r["path"], r["query"], r["status"]) for r in control.requests()["requests"]
            if r["method"] != "GET"]


def stored_connection(emulator, name):
    return next(c for c in emulator.state.connections.values() if c["name"] == name)


def stored_monitor(emulator, name):
    return next(m for m in emulator.state.monitor_items.values() if m["name"] == name)


def stored_authorization(emulator, name):
    return [h["value"] for h in stored_connection(emulator, name)["headers"] if h["name"] == "Authorization"]


# -- connections ------------------------------------------------------------------------------------

HOOK = dict(name="ci-hook", url="https://hooks.example.com/ci", webhook_type="Slack",
            default_payload={"text": "{{TriggerType}}: {{Name}}", "channel": "#ci"})


def test_connection_create_rerun_check_mode_update_delete(ansible_module, control, emulator):
    control.clear_requests()
    created = ansible_module("sumo_connection", diff=True, **HOOK)
    assert created["changed"] and created["connection"]["webhook_type"] == "Slack"
    assert json.loads(created["connection"]["default_payload"]) == HOOK["default_payload"]
    assert created["diff"]["before"] == {} and created["diff"]["after"]["name"] == "ci-hook"
    assert counts(control) == {"GET": 1, "POST": 1}

    control.clear_requests()
    again = ansible_module("sumo_connection", **HOOK)
    assert not again["changed"] and counts(control) == {"GET": 1}

    control.clear_requests()
    check = ansible_module("sumo_connection", check_mode=True, diff=True, name="ci-hook", description="CI alerts")
    assert check["changed"] and check["diff"]["before"]["description"] == ""
    assert check["diff"]["after"]["description"] == "CI alerts"
    assert control.requests()["writes"] == 0 and stored_connection(emulator, "ci-hook")["description"] == ""

    control.clear_requests()
    updated = ansible_module("sumo_connection", name="ci-hook", description="CI alerts")
    assert updated["changed"] and updated["connection"]["description"] == "CI alerts"
    assert counts(control) == {"GET": 1, "PUT": 1}
    assert stored_connection(emulator, "ci-hook")["webhookType"] == "Slack", "unset options keep their values"

    control.clear_requests()
    deleted = ansible_module("sumo_connection", name="ci-hook", state="absent", diff=True)
    assert deleted["changed"] and deleted["diff"]["after"] == {}
    cid = created["connection"]["id"]
    assert writes(control) == [("DELETE", "/api/v1/connections/%s" % cid, "type=WebhookConnection", 204)]
    assert not ansible_module("sumo_connection", name="ci-hook", state="absent")["changed"]


def test_authorization_on_create_then_always_and_never_shown(ansible_module, control, emulator):
    control.clear_requests()
    first = ansible_module("sumo_connection", diff=True, authorization=SECRET, **HOOK)
    # One POST carries the header; its masked answer is not taken for a difference.
    assert first["changed"] and counts(control) == {"GET": 1, "POST": 1}
    assert stored_authorization(emulator, "ci-hook") == [SECRET]

    control.clear_requests()
    kept = ansible_module("sumo_connection", authorization="Bearer another", update_authorization="on_create", **HOOK)
    assert not kept["changed"] and control.requests()["writes"] == 0
    assert stored_authorization(emulator, "ci-hook") == [SECRET]

    control.clear_requests()
    rotated = ansible_module("sumo_connection", diff=True, authorization="Bearer rotated-value", **HOOK)
    assert rotated["changed"] and counts(control) == {"GET": 1, "PUT": 1}, "always: sent on every run"
    assert stored_authorization(emulator, "ci-hook") == ["Bearer rotated-value"]

    # A change of another option sends the header back masked, which keeps the stored value.
    renamed = ansible_module("sumo_connection", name="ci-hook", description="kept secret")
    assert renamed["changed"] and stored_authorization(emulator, "ci-hook") == ["Bearer rotated-value"]

    shown = json.dumps([first.result, kept.result, rotated.result, renamed.result,
                        ansible_module("sumo_connection_info", name="ci-hook").result,
                        ansible_module("sumo_connections", state="gathered").result])
    assert SECRET not in shown and "rotated-value" not in shown
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in json.dumps(first["invocation"])


def test_authorization_on_create_adds_a_missing_header(ansible_module, emulator):
    ansible_module("sumo_connection", **HOOK)
    added = ansible_module("sumo_connection", authorization=SECRET, update_authorization="on_create", **HOOK)
    assert added["changed"] and stored_authorization(emulator, "ci-hook") == [SECRET]


def test_payloads_compare_as_json_when_given_as_data_and_as_text_when_given_as_text(ansible_module, control):
    text = '{"channel": "#ci",\n "text": "{{TriggerType}}: {{Name}}"}'
    ansible_module("sumo_connection", **dict(HOOK, default_payload=text))
    control.clear_requests()
    assert not ansible_module("sumo_connection", **HOOK)["changed"], "the same JSON, other whitespace and key order"
    assert control.requests()["writes"] == 0
    assert ansible_module("sumo_connection", check_mode=True, **dict(HOOK, default_payload=text.replace("\n", "")))[
        "changed"], "text compares as text"
    assert ansible_module("sumo_connection", check_mode=True,
                          **dict(HOOK, default_payload={"channel": "#ci", "text": "{{TriggerType}}: {{Name}}",
                                                        "mrkdwn": True}))["changed"]
    # A raw {{ResultsJson}} is not JSON until Sumo Logic fills it in: such payloads are given as text.
    raw = '{"results": {{ResultsJson}}}'
    assert ansible_module("sumo_connection", **dict(HOOK, resolution_payload=raw))["changed"]
    assert not ansible_module("sumo_connection", **dict(HOOK, resolution_payload=raw))["changed"]


@pytest.mark.parametrize("args, words", [
    (dict(custom_headers=dict(("X-%d" % i, "v") for i in range(6))), "custom_headers: at most 5 custom headers"),
    (dict(custom_headers={"Authorization": "x"}), "custom_headers: the Authorization header is set with"),
    (dict(name="x" * 128), "name: 1 to 127 characters"),
    (dict(name="bad/name"), "name: 'bad/name' may hold"),
    (dict(url="ftp://example.com"), "url: must be an http or https URL"),
    (dict(default_payload=7), "default_payload: must be a string holding JSON"),
])
def test_bad_connection_input_fails_before_any_request(ansible_module, control, args, words):
    control.clear_requests()
    result = ansible_module("sumo_connection", **dict(HOOK, **args))
    assert result.failed and words in result["msg"], result["msg"]
    assert control.requests()["total"] == 0


def test_connections_gathered_round_trip_and_overridden_by_name(ansible_module, control, emulator):
    gathered = ansible_module("sumo_connections", state="gathered")["gathered"]
    assert sorted(c["name"] for c in gathered) == ["Audit webhook", "PagerDuty platform", SLACK]
    pagerduty = next(c for c in gathered if c["name"] == "PagerDuty platform")
    assert "authorization" not in pagerduty and "demo-pagerduty-secret" not in json.dumps(gathered)
    assert pagerduty["url"] == "https://events.pagerduty.example.com/********", "webhook URLs can hold tokens"
    control.clear_requests()
    again = ansible_module("sumo_connections", config=gathered)
    assert not again["changed"] and counts(control) == {"GET": 1}
    assert stored_authorization(emulator, "PagerDuty platform") == ["Token token=demo-pagerduty-secret"]

    ansible_module("sumo_connection", **HOOK)
    control.clear_requests()
    overridden = ansible_module("sumo_connections", state="overridden", scope={"name": "^ci-"},
                                config=[dict(HOOK, name="ci-other")])
    assert overridden["changed"] and overridden["undeclared"] == ["ci-hook"]
    assert sorted(w[0] for w in writes(control)) == ["DELETE", "POST"]


def test_a_connection_that_monitors_notify_is_not_deleted(ansible_module, control):
    result = ansible_module("sumo_connection", name=SLACK, state="absent")
    assert result.failed and "connection:in_use" in json.dumps(result.result) and "High error rate" in result["msg"]


# -- monitor folders ----------------------------------------------------------------------------------

def test_folder_mkdir_p_check_mode_rerun_and_force(ansible_module, control, emulator):
    control.clear_requests()
    check = ansible_module("sumo_monitor_folder", check_mode=True, path="/Monitors/Teams/Payments/Checkout")
    assert check["changed"] and check["created_parents"] == ["/Monitors/Teams", "/Monitors/Teams/Payments"]
    assert control.requests()["writes"] == 0

    control.clear_requests()
    made = ansible_module("sumo_monitor_folder", path="/Monitors/Teams/Payments/Checkout/", description="Checkout",
                          diff=True)
    assert made["changed"] and made["created_parents"] == ["/Monitors/Teams", "/Monitors/Teams/Payments"]
    assert made["folder"]["path"] == "/Monitors/Teams/Payments/Checkout"
    assert made["diff"]["after"]["description"] == "Checkout"
    assert [w[0] for w in writes(control)] == ["POST"] * 3

    control.clear_requests()
    again = ansible_module("sumo_monitor_folder", path="/Monitors/teams/payments/checkout", description="Checkout")
    assert not again["changed"] and again["created_parents"] == [] and control.requests()["writes"] == 0
    assert again["folder"]["path"] == "/Monitors/Teams/Payments/Checkout", "names are unique without regard to case"

    ansible_module("sumo_monitor", folder="/Monitors/Teams/Payments/Checkout", name="Checkout errors",
                   monitor_type="Logs", queries=[{"query": "_sourceCategory=checkout error"}],
                   triggers=[{"trigger_type": "Critical", "detection_method": "LogsStaticCondition",
                              "time_range": "5m", "threshold": 1, "threshold_type": "GreaterThanOrEqual"}])
    control.clear_requests()
    refused = ansible_module("sumo_monitor_folder", path="/Monitors/Teams", state="absent")
    assert refused.failed and refused["msg"].startswith("force: folder /Monitors/Teams holds 1 monitor(s) "
                                                        "(/Monitors/Teams/Payments/Checkout/Checkout errors)")
    assert control.requests()["writes"] == 0
    forced = ansible_module("sumo_monitor_folder", path="/Monitors/Teams", state="absent", force=True)
    assert forced["changed"] and not any(i["name"] == "Checkout errors" for i in emulator.state.monitor_items.values())

    empty = ansible_module("sumo_monitor_folder", path="/Monitors/Empty")
    assert empty["changed"]
    assert ansible_module("sumo_monitor_folder", path="/Monitors/Empty", state="absent")["changed"], "nothing in it"


def test_the_root_folder_is_not_changed_and_paths_start_at_it(ansible_module, control):
    assert not ansible_module("sumo_monitor_folder", path="/Monitors")["changed"]
    assert ansible_module("sumo_monitor_folder", path="/Monitors", state="absent").failed
    outside = ansible_module("sumo_monitor_folder", path="/Monitor/Platform")
    assert outside.failed and "paths start with the root folder, /Monitors" in outside["msg"]
    assert ansible_module("sumo_monitor_folder", path="Monitors/x")["msg"].startswith("path: must be a path")
    assert control.requests()["writes"] == 0


# -- monitors -------------------------------------------------------------------------------------------

NEW_MONITOR = dict(
    folder="/Monitors/Platform", name="Checkout latency", monitor_type="Metrics",
    description="p99 of the checkout service",
    queries=[{"row_id": "A", "query": "metric=latency_p99 service=checkout | max"}],
    triggers=[
        {"trigger_type": "Critical", "detection_method": "MetricsStaticCondition", "time_range": "5m",
         "threshold": 2, "threshold_type": "GreaterThan", "occurrence_type": "Always"},
        {"trigger_type": "ResolvedCritical", "detection_method": "MetricsStaticCondition", "time_range": "5m",
         "threshold": 2, "threshold_type": "LessThanOrEqual", "occurrence_type": "Always"},
    ],
    notifications=[{"connection": SLACK, "run_for_trigger_types": ["Critical", "ResolvedCritical"],
                    "payload_override": {"text": "{{Name}} is {{TriggerType}}"}}],
)


def test_monitor_create_rerun_update_one_trigger_check_mode_diff_delete(ansible_module, control, emulator):
    control.clear_requests()
    created = ansible_module("sumo_monitor", diff=True, **NEW_MONITOR)
    assert created["changed"], created.result
    monitor = created["monitor"]
    assert monitor["path"] == "/Monitors/Platform/Checkout latency" and monitor["version"] == 0
    assert created["diff"]["before"] == {}
    # The folder, the monitor by path, one listing of the connections, one POST.
    assert counts(control) == {"GET": 3, "POST": 1}
    slack_id = stored_connection(emulator, SLACK)["id"]
    assert stored_monitor(emulator, "Checkout latency")["notifications"][0]["notification"]["connectionId"] == slack_id

    control.clear_requests()
    again = ansible_module("sumo_monitor", **NEW_MONITOR)
    assert not again["changed"] and control.requests()["writes"] == 0

    raised = json.loads(json.dumps(NEW_MONITOR))
    raised["triggers"][0]["threshold"] = 5
    control.clear_requests()
    check = ansible_module("sumo_monitor", check_mode=True, diff=True, **raised)
    assert check["changed"] and control.requests()["writes"] == 0
    assert check["diff"]["before"]["triggers"][0]["threshold"] == 2.0
    assert check["diff"]["after"]["triggers"][0]["threshold"] == 5.0
    assert check["diff"]["after"]["triggers"][1] == check["diff"]["before"]["triggers"][1]
    assert stored_monitor(emulator, "Checkout latency")["triggers"][0]["threshold"] == 2.0

    control.clear_requests()
    updated = ansible_module("sumo_monitor", **raised)
    assert updated["changed"] and counts(control) == {"GET": 3, "PUT": 1}
    stored = stored_monitor(emulator, "Checkout latency")
    assert [t["threshold"] for t in stored["triggers"]] == [5.0, 2.0] and stored["version"] == 1
    assert stored["triggers"][0]["minDataPoints"] == 2, "what the API filled in is sent back as it was"

    control.clear_requests()
    deleted = ansible_module("sumo_monitor", state="absent", diff=True, folder="/Monitors/Platform",
                             name="checkout LATENCY")
    assert deleted["changed"] and deleted["diff"]["after"] == {}
    assert writes(control) == [("DELETE", "/api/v1/monitors/%s" % monitor["id"], "", 204)]
    assert not ansible_module("sumo_monitor", state="absent", **HIGH_ERROR_RATE | {"name": "Checkout latency"})[
        "changed"]


def test_api_filled_defaults_do_not_drift(ansible_module, control):
    # The seeded monitor: the API filled in resolutionWindow, evaluationDelay 0m, groupNotifications, playbook...
    control.clear_requests()
    same = ansible_module("sumo_monitor", monitor_type="Logs", triggers=SEEDED_TRIGGERS,
                          notifications=[{"connection": SLACK,
                                          "run_for_trigger_types": ["ResolvedCritical", "Critical"]}],
                          queries=[{"query": "_sourceCategory=prod/web status_code=5*"}], **HIGH_ERROR_RATE)
    assert not same["changed"] and control.requests()["writes"] == 0
    # Missing data: threshold and threshold_type are dropped by the API, so a task may not set them.
    bad = ansible_module("sumo_monitor", folder="/Monitors/Platform/Databases", name="Replication lag",
                         triggers=[{"trigger_type": "MissingData", "threshold": 1}])
    assert bad.failed and "threshold is not used with trigger_type MissingData" in bad["msg"]


def test_triggers_are_the_whole_set(ansible_module, emulator):
    only_critical = ansible_module("sumo_monitor", triggers=SEEDED_TRIGGERS[:1], check_mode=True, diff=True,
                                   notifications=[{"connection": SLACK, "run_for_trigger_types": ["Critical"]}],
                                   **HIGH_ERROR_RATE)
    assert only_critical["changed"]
    assert [t["trigger_type"] for t in only_critical["diff"]["after"]["triggers"]] == ["Critical"]
    resolving_alone = ansible_module("sumo_monitor", triggers=SEEDED_TRIGGERS[1:], **HIGH_ERROR_RATE)
    assert resolving_alone.failed and "resolves a Critical trigger, which is not listed" in resolving_alone["msg"]


def test_notification_by_connection_name_and_unknown_name_fails_before_any_write(ansible_module, control):
    control.clear_requests()
    result = ansible_module("sumo_monitors", config=[
        dict(NEW_MONITOR, name="First"),
        dict(NEW_MONITOR, name="Second", notifications=[{"connection": "Slack ops-alerts-typo",
                                                         "run_for_trigger_types": ["Critical"]}]),
    ])
    assert result.failed and control.requests()["writes"] == 0
    assert result["msg"].startswith("config[1] (/Monitors/Platform/Second): notifications: unknown connection(s) "
                                    "'Slack ops-alerts-typo' (connections here: Audit webhook, PagerDuty platform, "
                                    "Slack ops-alerts)")
    assert [r["path"] for r in control.requests()["requests"]].count("/api/v1/connections") == 1

    email = ansible_module("sumo_monitor", **dict(NEW_MONITOR, notifications=[
        {"connection": SLACK, "recipients": ["x@example.com"], "run_for_trigger_types": ["Critical"]}]))
    assert email.failed and "an Email notification takes no connection" in email["msg"]
    wrong_type = ansible_module("sumo_monitor", **dict(NEW_MONITOR, notifications=[
        {"connection": SLACK, "run_for_trigger_types": ["Warning"]}]))
    assert wrong_type.failed and "names Warning, which the triggers do not have" in wrong_type["msg"]


def test_a_stale_version_is_re_read_and_the_other_edit_survives(ansible_module, control, emulator):
    monitor_id = stored_monitor(emulator, "High error rate")["id"]
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/monitors/%s$" % monitor_id,
                  patch={"description": "edited in the UI meanwhile"}, count=1)
    control.clear_requests()
    raised = json.loads(json.dumps(SEEDED_TRIGGERS))
    raised[0]["threshold"] = 250
    result = ansible_module("sumo_monitor", triggers=raised, **HIGH_ERROR_RATE)
    assert result["changed"], result.result
    assert [(w[0], w[3]) for w in writes(control)] == [("PUT", 409), ("PUT", 200)]
    stored = stored_monitor(emulator, "High error rate")
    assert stored["description"] == "edited in the UI meanwhile" and stored["triggers"][0]["threshold"] == 250.0
    assert stored["version"] == 2, "ours came after the other edit"


def test_plural_stale_version_on_one_monitor_leaves_both_edits(ansible_module, control, emulator):
    config = [dict(HIGH_ERROR_RATE, description="reviewed"),
              {"folder": "/Monitors/Platform/Databases", "name": "Replication lag", "description": "reviewed"}]
    lag_id = stored_monitor(emulator, "Replication lag")["id"]
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/monitors/%s$" % lag_id,
                  patch={"playbook": "Page the DBA"}, count=1)
    control.clear_requests()
    result = ansible_module("sumo_monitors", config=config)
    assert result["changed"] and len(result["changes"]) == 2
    assert sorted(w[3] for w in writes(control)) == [200, 200, 409]
    lag = stored_monitor(emulator, "Replication lag")
    assert lag["description"] == "reviewed" and lag["playbook"] == "Page the DBA"
    assert stored_monitor(emulator, "High error rate")["description"] == "reviewed"


def test_overridden_deletes_only_inside_the_scope_folder(ansible_module, control, emulator):
    keep = ansible_module("sumo_monitors", state="gathered", scope={"folder": "/Monitors/Platform",
                                                                    "name": "^High"})["gathered"]
    assert [m["name"] for m in keep] == ["High error rate"]
    control.clear_requests()
    result = ansible_module("sumo_monitors", state="overridden", scope={"folder": "/Monitors/Platform"}, config=keep)
    assert result["changed"] and result["undeclared"] == ["/Monitors/Platform/Databases/Replication lag"]
    assert [(w[0], w[3]) for w in writes(control)] == [("DELETE", 204)]
    names = sorted(i["name"] for i in emulator.state.monitor_items.values() if i["contentType"] == "Monitor")
    assert names == ["Failed logins", "High error rate"], "the monitor in /Monitors/Security is outside the scope"
    # A folder that only starts like the scope's is outside it: paths compare name by name.
    ansible_module("sumo_monitor_folder", path="/Monitors/Platform-old")
    ansible_module("sumo_monitor", **dict(NEW_MONITOR, folder="/Monitors/Platform-old", notifications=[]))
    again = ansible_module("sumo_monitors", state="overridden", scope={"folder": "/Monitors/Platform"}, config=keep)
    assert not again["changed"] and again["undeclared"] == []

    # Without a scope, as for a collector's sources: the monitors of the folders the items name, not below them.
    ansible_module("sumo_monitor", **dict(NEW_MONITOR, notifications=[]))
    ansible_module("sumo_monitor", **dict(NEW_MONITOR, folder="/Monitors/Platform/Databases", notifications=[]))
    unscoped = ansible_module("sumo_monitors", state="overridden", config=keep)
    assert [c["name"] for c in unscoped["changes"]] == ["/Monitors/Platform/Checkout latency"]
    assert "undeclared" not in unscoped.result
    assert ansible_module("sumo_monitors", state="overridden", config=[]).failed, "an empty config needs a scope"


def test_a_library_is_listed_in_a_bounded_number_of_requests(ansible_module, control):
    control.reset(monitors=300, monitor_folders=30, connections=3)
    control.clear_requests()
    gathered = ansible_module("sumo_monitors", state="gathered", scope={"folder": "/Monitors/Bulk"})["gathered"]
    assert len(gathered) == 300 and {m["folder"] for m in gathered} == {
        "/Monitors/Bulk/folder-%04d" % (i + 1) for i in range(30)}
    # The root, one search of the folders, one of the monitors, one listing of the connections.
    assert control.requests()["total"] == 4
    control.clear_requests()
    rerun = ansible_module("sumo_monitors", config=gathered)
    assert not rerun["changed"] and control.requests()["total"] == 4
    everything = ansible_module("sumo_monitors", state="gathered")["gathered"]
    assert len(everything) == 303


def test_placeholders_round_trip_through_gathered(ansible_module, control, emulator):
    control.clear_requests()
    gathered = ansible_module("sumo_monitors", state="gathered")["gathered"]
    lag = next(m for m in gathered if m["name"] == "Replication lag")
    assert lag["notifications"][0]["subject"] == "{{TriggerType}}: {{Name}}"
    assert lag["notifications"][0]["message_body"] == "{{ResultsJson}}"
    assert not ansible_module("sumo_monitors", config=gathered)["changed"]
    ansible_module("sumo_monitor", **NEW_MONITOR)
    stored = stored_monitor(emulator, "Checkout latency")["notifications"][0]["notification"]
    assert json.loads(stored["payloadOverride"]) == {"text": "{{Name}} is {{TriggerType}}"}


def test_info_modules(ansible_module, control):
    control.clear_requests()
    platform = ansible_module("sumo_monitor_info", folder="/Monitors/Platform")["monitors"]
    assert sorted(m["path"] for m in platform) == ["/Monitors/Platform/Databases/Replication lag",
                                                   "/Monitors/Platform/High error rate"]
    assert control.requests()["total"] == 2
    flat = ansible_module("sumo_monitor_info", folder="/Monitors/Platform", recursive=False)["monitors"]
    assert [m["name"] for m in flat] == ["High error rate"]
    one = ansible_module("sumo_monitor_info", folder="/Monitors/Security", name="failed logins")["monitors"]
    assert one[0]["is_disabled"] and one[0]["folder"] == "/Monitors/Security"
    assert ansible_module("sumo_monitor_info", folder="/Monitors/Nowhere")["monitors"] == []
    pagerduty = ansible_module("sumo_connection_info", name="pagerduty PLATFORM")["connections"]
    assert pagerduty[0]["headers"] == [{"name": "Authorization", "value": "********"}]
    assert len(ansible_module("sumo_connection_info")["connections"]) == 3
