# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's monitors library: the folder tree and paths, versions, triggers and their defaults,
notifications naming connections, search, move, copy, disable, and the concurrent-edit fault.

Every answer, success and error, is checked against ``schemas/monitors.json`` (or the common
error schema).
"""

from __future__ import annotations

import copy

import pytest

from ansible_collections.community.sumologic.tests.unit.emulator.answer_schemas import (
    assert_matches,
    departures,
    refused,
)

MONITORS = "/v1/monitors"
S = "monitors.json#/$defs/"
ITEM = "MonitorsLibraryItem"


def ok(resp, ref=ITEM, status=200):
    assert resp.status_code == status, "%s %s: %s" % (resp.request.method, resp.request.url, resp.text)
    body = resp.json()
    assert_matches(body, S + ref)
    return body


def at(api, path):
    return ok(api.get(MONITORS + "/path", params={"path": path}))


def logs_monitor(name="Errors", **body):
    monitor = {"type": "MonitorsLibraryMonitor", "name": name, "monitorType": "Logs",
               "queries": [{"rowId": "A", "query": "_sourceCategory=app error"}],
               "triggers": [{"detectionMethod": "LogsStaticCondition", "triggerType": "Critical", "timeRange": "-15m",
                             "threshold": 10, "thresholdType": "GreaterThan"}]}
    monitor.update(body)
    return monitor


def metrics_monitor(name="CPU", **body):
    monitor = {"type": "MonitorsLibraryMonitor", "name": name, "monitorType": "Metrics",
               "queries": [{"rowId": "A", "query": "metric=cpu_idle | avg"}],
               "triggers": [{"detectionMethod": "MetricsStaticCondition", "triggerType": "Critical",
                             "timeRange": "5m", "threshold": 90, "thresholdType": "GreaterThan",
                             "occurrenceType": "Always"}]}
    monitor.update(body)
    return monitor


def create(api, parent_id, body, ref=ITEM):
    return ok(api.post(MONITORS, body, params={"parentId": parent_id}), ref)


def folder(api, parent_id, name, **body):
    return create(api, parent_id, dict({"type": "MonitorsLibraryFolder", "name": name}, **body),
                  "MonitorsLibraryFolderResponse")


def root_id(api):
    return api.get(MONITORS + "/root").json()["id"]


def connection_id(api, name):
    return [c for c in api.get("/v1/connections").json()["data"] if c["name"] == name][0]["id"]


def update_body(item):
    """What a client sends back to update ``item``: its writable keys, with the update type."""
    keys = ("name", "description", "version", "monitorType", "evaluationDelay", "alertName", "runAs",
            "notificationGroupFields", "queries", "triggers", "notifications", "isDisabled", "groupNotifications",
            "playbook", "automatedPlaybookIds")
    body = dict((key, copy.deepcopy(item[key])) for key in keys if key in item)
    body["type"] = item["type"].replace("Response", "Update")
    return body


# -- the tree and paths -------------------------------------------------------------------------------

def test_root_and_demo_tree(api):
    root = ok(api.get(MONITORS + "/root"), "MonitorsLibraryFolderResponse")
    assert (root["name"], root["isSystem"], root["isMutable"], root["parentId"]) == \
        ("Monitors", True, False, "0000000000000000")
    assert [c["name"] for c in root["children"]] == ["Platform", "Security"]
    assert at(api, "/Monitors") == root
    assert ok(api.get(MONITORS + "/" + root["id"] + "/path"), "Path") == {
        "path": "/Monitors", "pathItems": [{"id": root["id"], "name": "Monitors"}]}
    platform = at(api, "/Monitors/Platform")
    assert platform["type"] == "MonitorsLibraryFolderResponse" and platform["parentId"] == root["id"]
    # Children are summaries: the base fields only, no permissions listed.
    children = dict((c["name"], c) for c in platform["children"])
    assert sorted(children) == ["Databases", "High error rate"]
    assert children["High error rate"]["contentType"] == "Monitor"
    assert children["High error rate"]["type"] == "MonitorsLibraryBaseResponse"
    assert "queries" not in children["High error rate"] and children["High error rate"]["permissions"] == []
    assert children["Databases"]["contentType"] == "Folder" and "children" not in children["Databases"]
    monitor = ok(api.get(MONITORS + "/" + children["High error rate"]["id"]), "MonitorsLibraryMonitorResponse")
    assert monitor["permissions"] and monitor["queries"][0]["rowId"] == "A"
    assert at(api, "/Monitors/Platform/High error rate") == monitor
    path = ok(api.get(MONITORS + "/" + monitor["id"] + "/path"), "Path")
    assert path["path"] == "/Monitors/Platform/High error rate"
    assert [p["name"] for p in path["pathItems"]] == ["Monitors", "Platform", "High error rate"]
    assert path["pathItems"][-1]["id"] == monitor["id"]
    replication = at(api, "/Monitors/Platform/Databases/Replication lag")
    assert replication["monitorType"] == "Metrics" and replication["evaluationDelay"] == "1m"
    assert at(api, "/Monitors/Security/Failed logins")["status"] == ["Disabled"]


@pytest.mark.parametrize("path", ["/Monitors/Nowhere", "/Monitor/Platform", "/Monitors/platform", "/Monitors/",
                                  "/Monitors/Platform/High error rate/more", "/"])
def test_unknown_paths(api, path):
    error = refused(api.get(MONITORS + "/path", params={"path": path}), 404, "content:not_found")
    assert path in error["message"]


def test_bad_paths_and_ids(api):
    refused(api.get(MONITORS + "/path"), 400, "request.param.invalid")
    refused(api.get(MONITORS + "/path", params={"path": "Monitors/Platform"}), 400, "request.param.invalid")
    refused(api.get(MONITORS + "/0000000000000001"), 404, "content:not_found")
    refused(api.get(MONITORS + "/0000000000000001/path"), 404, "content:not_found")
    refused(api.get(MONITORS + "/nope"), 400, "api:invalid_id")


def test_create_folders_and_read_them_back(api):
    platform = at(api, "/Monitors/Platform")
    made = folder(api, platform["id"], "Queues", description="Brokers")
    assert (made["version"], made["description"], made["children"], made["isSystem"], made["isMutable"]) == \
        (0, "Brokers", [], False, True)
    assert made["createdAt"] == made["modifiedAt"] and made["createdBy"] == made["modifiedBy"]
    assert at(api, "/Monitors/Platform/Queues") == made
    inner = folder(api, made["id"], "Kafka")
    assert inner["description"] == ""
    assert [c["id"] for c in at(api, "/Monitors/Platform/Queues")["children"]] == [inner["id"]]
    assert ok(api.get(MONITORS + "/" + inner["id"] + "/path"), "Path")["path"] == "/Monitors/Platform/Queues/Kafka"


def test_create_needs_a_parent_folder(api):
    body = {"type": "MonitorsLibraryFolder", "name": "x"}
    refused(api.post(MONITORS, body), 400, "request.param.invalid")
    refused(api.post(MONITORS, body, params={"parentId": "0000000000000001"}), 404, "content:not_found")
    monitor = at(api, "/Monitors/Platform/High error rate")
    refused(api.post(MONITORS, body, params={"parentId": monitor["id"]}), 400, "content:not_a_folder")


@pytest.mark.parametrize("name", ["Databases", "databases", "High error rate", "HIGH ERROR RATE"])
def test_names_are_unique_within_a_folder(api, name):
    platform = at(api, "/Monitors/Platform")
    refused(api.post(MONITORS, {"type": "MonitorsLibraryFolder", "name": name}, params={"parentId": platform["id"]}),
            400, "content:duplicate_name")
    refused(api.post(MONITORS, logs_monitor(name), params={"parentId": platform["id"]}), 400, "content:duplicate_name")
    # The same name in another folder is fine.
    folder(api, at(api, "/Monitors/Security")["id"], name)


@pytest.mark.parametrize("body, words", [
    ({"type": "MonitorsLibraryFolder"}, "name is required"),
    ({"type": "MonitorsLibraryFolder", "name": ""}, "name must be a string of 1 to 255"),
    ({"type": "MonitorsLibraryFolder", "name": "n" * 256}, "name must be a string of 1 to 255"),
    ({"type": "MonitorsLibraryFolder", "name": "a/b"}, "hold '/'"),
    ({"type": "MonitorsLibraryFolder", "name": "   "}, "not be blank"),
    ({"type": "MonitorsLibraryFolder", "name": "x", "description": "d" * 4097}, "description must be a string"),
    ({"type": "MonitorsLibraryFolderResponse", "name": "x"}, "type must be MonitorsLibraryFolder or"),
    ({"name": "x"}, "type must be MonitorsLibraryFolder or"),
    ({"type": "MonitorsLibraryFolder", "name": "x", "monitorType": "Logs"}, "Unknown folder field"),
    ({"type": "MonitorsLibraryFolder", "name": "x", "colour": "red"}, "Unknown folder field"),
    ({"type": "MonitorsLibraryFolder", "name": "x", "id": "0000000000002DE1"}, "id is assigned"),
    ({"type": "MonitorsLibraryFolder", "name": "x", "parentId": "0000000000000001"}, "parentId differs"),
])
def test_bad_folders(api, body, words):
    error = refused(api.post(MONITORS, body, params={"parentId": root_id(api)}), 400, "api:invalid_field")
    assert words in error["detail"], error


def test_read_only_keys_of_the_read_shape_are_ignored_on_create(api):
    root = root_id(api)
    made = folder(api, root, "Sent back", version=7, isSystem=True, isMutable=False, contentType="Folder",
                  createdBy="0000000000000001", children=[], parentId=root)
    assert (made["version"], made["isSystem"], made["isMutable"]) == (0, False, True)
    assert made["createdBy"] != "0000000000000001"


# -- monitors: defaults, triggers, notifications ---------------------------------------------------------

def test_a_logs_monitor_gets_the_described_defaults(api):
    made = create(api, root_id(api), logs_monitor(triggers=[
        {"detectionMethod": "LogsStaticCondition", "triggerType": "Critical", "timeRange": "15m", "threshold": 10,
         "thresholdType": "GreaterThan"},
        {"detectionMethod": "LogsStaticCondition", "triggerType": "ResolvedCritical", "timeRange": "-15m",
         "threshold": 10, "thresholdType": "LessThanOrEqual"}]), "MonitorsLibraryMonitorResponse")
    assert (made["type"], made["contentType"], made["version"]) == ("MonitorsLibraryMonitorResponse", "Monitor", 0)
    assert (made["description"], made["evaluationDelay"], made["isDisabled"], made["groupNotifications"],
            made["playbook"], made["notifications"], made["automatedPlaybookIds"], made["status"]) == \
        ("", "0m", False, True, "", [], [], ["Normal"])
    critical, resolved = made["triggers"]
    # "15m" is answered as "-15m"; the threshold is a double; the resolution window is the time range.
    assert critical == {"detectionMethod": "LogsStaticCondition", "triggerType": "Critical", "timeRange": "-15m",
                        "threshold": 10.0, "thresholdType": "GreaterThan"}
    assert resolved["resolutionWindow"] == "-15m"
    assert "alertName" not in made and "notificationGroupFields" not in made and "sloId" not in made
    assert ok(api.get(MONITORS + "/" + made["id"])) == made


def test_trigger_defaults_per_detection_method(api):
    root = root_id(api)
    legacy = create(api, root, logs_monitor("legacy", triggers=[
        {"triggerType": "Critical", "timeRange": "-1h", "occurrenceType": "ResultCount", "triggerSource": "AllResults"},
        {"triggerType": "MissingData", "timeRange": "-1h", "occurrenceType": "MissingData",
         "triggerSource": "AllResults", "threshold": 5, "thresholdType": "LessThan"}]))
    critical, missing = legacy["triggers"]
    assert critical["detectionMethod"] == "StaticCondition"
    assert (critical["threshold"], critical["thresholdType"]) == (0.0, "GreaterThanOrEqual")
    assert "threshold" not in missing and "thresholdType" not in missing  # ignored for MissingData

    metrics = create(api, root, metrics_monitor(triggers=[
        {"detectionMethod": "MetricsStaticCondition", "triggerType": "Critical", "timeRange": "-5m", "threshold": 90,
         "thresholdType": "GreaterThan", "occurrenceType": "Always"},
        {"detectionMethod": "MetricsStaticCondition", "triggerType": "Warning", "timeRange": "-5m", "threshold": 80,
         "thresholdType": "GreaterThan", "occurrenceType": "AtLeastOnce", "minDataPoints": 5},
        {"detectionMethod": "MetricsStaticCondition", "triggerType": "ResolvedWarning", "timeRange": "-5m",
         "threshold": 80, "thresholdType": "LessThanOrEqual", "occurrenceType": "Always", "minDataPoints": 4,
         "resolutionWindow": "5m"}]))
    always, at_least_once, resolved = metrics["triggers"]
    # "always be set to 1 for AtleastOnce ... and for Always, if not specified by user it will default to 2"
    assert (always["minDataPoints"], at_least_once["minDataPoints"], resolved["minDataPoints"]) == (2, 1, 4)
    assert resolved["resolutionWindow"] == "-5m"

    outliers = create(api, root, logs_monitor("outliers", triggers=[
        {"detectionMethod": "LogsOutlierCondition", "triggerType": "Critical"},
        {"detectionMethod": "LogsOutlierCondition", "triggerType": "ResolvedCritical", "window": 20,
         "consecutive": 2, "direction": "Up", "threshold": 2, "field": "latency"},
        {"detectionMethod": "LogsMissingDataCondition", "triggerType": "MissingData", "timeRange": "-30m"}]))
    assert outliers["triggers"][0] == {"detectionMethod": "LogsOutlierCondition", "triggerType": "Critical",
                                       "window": 50, "consecutive": 1, "direction": "Both", "threshold": 3.0}
    assert "resolutionWindow" not in outliers["triggers"][1]
    metric_outliers = create(api, root, metrics_monitor("metric outliers", triggers=[
        {"detectionMethod": "MetricsOutlierCondition", "triggerType": "Warning"}]))
    assert metric_outliers["triggers"][0] == {"detectionMethod": "MetricsOutlierCondition", "triggerType": "Warning",
                                              "baselineWindow": "1d", "direction": "Both", "threshold": 3.0}


def _trigger(**change):
    trigger = {"detectionMethod": "LogsStaticCondition", "triggerType": "Critical", "timeRange": "-15m",
               "threshold": 10, "thresholdType": "GreaterThan"}
    trigger.update(change)
    return dict((k, v) for k, v in trigger.items() if v is not None)


@pytest.mark.parametrize("change, words", [
    ({"monitorType": None}, "monitorType is required"),
    ({"monitorType": "Log"}, "monitorType must be one of Logs, Metrics"),
    ({"queries": None}, "queries is required"),
    ({"queries": []}, "queries must be a non-empty list"),
    ({"queries": [{"rowId": "A"}]}, "with rowId and query"),
    ({"queries": [{"rowId": "a", "query": "x"}]}, "rowId is a capital letter"),
    ({"queries": [{"rowId": "A", "query": "x"}, {"rowId": "A", "query": "y"}]}, "rowId A is given twice"),
    ({"queries": [{"rowId": "A", "query": " "}]}, "query must be a non-empty string"),
    ({"triggers": None}, "triggers is required"),
    ({"triggers": []}, "triggers must be a non-empty list"),
    ({"triggers": [_trigger(triggerType=None)]}, "triggerType is required"),
    ({"triggers": [_trigger(triggerType="Fatal")]}, "triggerType must be one of"),
    ({"triggers": [_trigger(triggerType="MissingData")]}, "triggerType must be one of"),
    ({"triggers": [_trigger(detectionMethod="Static")]}, "detectionMethod must be one of"),
    ({"triggers": [_trigger(detectionMethod="MetricsStaticCondition", occurrenceType="Always")]},
     "is for Metrics monitors"),
    ({"triggers": [_trigger(detectionMethod="SloSliCondition")]}, "only SLO monitors"),
    ({"triggers": [_trigger(detectionMethod="LogsAnomalyCondition")]}, "gives no shape"),
    ({"triggers": [_trigger(timeRange=None)]}, "timeRange is required"),
    ({"triggers": [_trigger(threshold=None)]}, "threshold is required"),
    ({"triggers": [_trigger(thresholdType=None)]}, "thresholdType is required"),
    ({"triggers": [_trigger(timeRange="-20m")]}, "timeRange must be one of"),
    ({"triggers": [_trigger(timeRange="1d")]}, "timeRange must be one of"),
    ({"triggers": [_trigger(threshold="10")]}, "threshold must be a number"),
    ({"triggers": [_trigger(threshold=True)]}, "threshold must be a number"),
    ({"triggers": [_trigger(thresholdType="Above")]}, "thresholdType must be one of"),
    ({"triggers": [_trigger(occurrenceType="ResultCount")]}, "LogsStaticCondition takes no occurrenceType"),
    ({"triggers": [_trigger(triggerSource="AllResults")]}, "LogsStaticCondition takes no triggerSource"),
    ({"triggers": [_trigger(resolutionWindow="-7m")]}, "resolutionWindow must be one of"),
    ({"triggers": [_trigger(), _trigger()]}, "at most one trigger of each triggerType"),
    ({"triggers": [_trigger(triggerType="ResolvedCritical")]}, "which the monitor does not have"),
    ({"triggers": [_trigger(), {"detectionMethod": "LogsOutlierCondition", "triggerType": "Warning"}]},
     "share one detectionMethod"),
    ({"triggers": [{"detectionMethod": "LogsOutlierCondition", "triggerType": "Critical", "window": 3,
                    "consecutive": 4}]}, "consecutive must be in 1..3"),
    ({"triggers": [{"detectionMethod": "LogsOutlierCondition", "triggerType": "Critical", "direction": "Sideways"}]},
     "direction must be one of"),
    ({"triggers": [{"triggerType": "Critical", "timeRange": "-15m", "occurrenceType": "Always",
                    "triggerSource": "AllResults"}]}, "occurrenceType must be one of ResultCount, MissingData"),
    ({"triggers": [{"triggerType": "Critical", "timeRange": "-15m", "occurrenceType": "MissingData",
                    "triggerSource": "AllResults"}]}, "occurrenceType MissingData goes with"),
    ({"triggers": [{"triggerType": "Critical", "timeRange": "-15m", "occurrenceType": "ResultCount",
                    "triggerSource": "AnyTimeSeries"}]}, "triggerSource must be one of AllResults"),
    ({"triggers": [{"triggerType": "Critical", "timeRange": "-15m", "occurrenceType": "ResultCount",
                    "triggerSource": "AllResults", "minDataPoints": 2}]}, "minDataPoints is for Metrics"),
    ({"evaluationDelay": "5"}, "evaluationDelay must be a duration"),
    ({"evaluationDelay": "30s"}, "evaluationDelay must be a duration"),
    ({"evaluationDelay": "25h"}, "evaluationDelay must be a duration"),
    ({"isDisabled": "no"}, "isDisabled must be true or false"),
    ({"groupNotifications": 1}, "groupNotifications must be true or false"),
    ({"notificationGroupFields": ["host", "_raw"]}, "too high a cardinality"),
    ({"notificationGroupFields": ["host", "host"]}, "must not repeat"),
    ({"alertName": ""}, "alertName must be a string of 1"),
    ({"runAs": {"runAsId": "0000000000000001"}}, "is not a user"),
    ({"runAs": "me"}, "runAs must be"),
    ({"sloId": "0000000000000001"}, "only applicable to SLO monitors"),
    ({"automatedPlaybookIds": ["a", "a"]}, "must not repeat"),
    ({"playbook": 5}, "playbook must be a string"),
    ({"status": ["Normal"], "colour": "red"}, "Unknown monitor field(s): colour"),
])
def test_bad_monitors(api, change, words):
    body = logs_monitor(**change)
    for key in [k for k, v in change.items() if v is None]:
        del body[key]
    error = refused(api.post(MONITORS, body, params={"parentId": root_id(api)}), 400, "api:invalid_field")
    assert words in error["detail"], error


@pytest.mark.parametrize("trigger, words", [
    ({"detectionMethod": "MetricsStaticCondition", "triggerType": "Critical", "timeRange": "-5m", "threshold": 1,
      "thresholdType": "GreaterThan"}, "occurrenceType is required"),
    ({"detectionMethod": "MetricsStaticCondition", "triggerType": "Critical", "timeRange": "-5m", "threshold": 1,
      "thresholdType": "GreaterThan", "occurrenceType": "ResultCount"}, "occurrenceType must be one of AtLeastOnce"),
    ({"detectionMethod": "MetricsStaticCondition", "triggerType": "Critical", "timeRange": "-5m", "threshold": 1,
      "thresholdType": "GreaterThan", "occurrenceType": "Always", "minDataPoints": 101}, "minDataPoints must be in"),
    ({"detectionMethod": "MetricsMissingDataCondition", "triggerType": "MissingData", "timeRange": "-5m"},
     "triggerSource is required"),
    ({"detectionMethod": "MetricsMissingDataCondition", "triggerType": "MissingData", "timeRange": "-5m",
      "triggerSource": "AllResults"}, "triggerSource must be one of AllTimeSeries"),
    ({"detectionMethod": "MetricsOutlierCondition", "triggerType": "Critical", "baselineWindow": "a day"},
     "baselineWindow must be a duration"),
    ({"triggerType": "Critical", "timeRange": "-5m", "occurrenceType": "Always", "triggerSource": "AnyTimeSeries",
      "field": "x"}, "field is for Logs monitors"),
])
def test_bad_metrics_triggers(api, trigger, words):
    error = refused(api.post(MONITORS, metrics_monitor(triggers=[trigger]), params={"parentId": root_id(api)}),
                    400, "api:invalid_field")
    assert words in error["detail"], error


def test_slo_monitors_are_not_enabled(api):
    refused(api.post(MONITORS, logs_monitor(monitorType="Slo"), params={"parentId": root_id(api)}), 400,
            "monitor:slo_not_enabled")


def test_notifications(api):
    slack = connection_id(api, "Slack ops-alerts")
    pagerduty = connection_id(api, "PagerDuty platform")
    made = create(api, root_id(api), logs_monitor(
        triggers=[_trigger(), _trigger(triggerType="ResolvedCritical", thresholdType="LessThanOrEqual")],
        notifications=[
            {"notification": {"connectionType": "Slack", "connectionId": slack.lower(),
                              "payloadOverride": '{"text": "{{Name}}", "rows": {{ResultsJson}}}'},
             "runForTriggerTypes": ["Critical", "ResolvedCritical"]},
            {"notification": {"connectionType": "PagerDuty", "connectionId": pagerduty,
                              "resolutionPayloadOverride": '{"event_action": "resolve"}'},
             "runForTriggerTypes": ["Critical"]},
            {"notification": {"connectionType": "Email", "recipients": ["a@example.com", "b@example.com"],
                              "subject": "{{TriggerType}}: {{Name}}", "timeZone": "America/Los_Angeles"},
             "runForTriggerTypes": ["Critical"]}],
        alertName="{{Name}} fired", notificationGroupFields=["host"], runAs={"runAsId": _admin_id(api)}))
    assert made["notifications"][0]["notification"]["connectionId"] == slack  # ids as stored
    assert made["notifications"][2]["notification"] == {
        "connectionType": "Email", "recipients": ["a@example.com", "b@example.com"],
        "subject": "{{TriggerType}}: {{Name}}", "timeZone": "America/Los_Angeles"}
    assert (made["alertName"], made["notificationGroupFields"]) == ("{{Name}} fired", ["host"])
    assert made["runAs"] == {"runAsId": _admin_id(api)}


def _admin_id(api):
    return api.get("/v1/users", params={"email": "admin@example.com"}).json()["data"][0]["id"]


@pytest.mark.parametrize("notification, runs, code, words", [
    ({"connectionType": "Slack", "connectionId": "0000000000000001"}, ["Critical"], "monitor:connection_not_found",
     "no connection with id 0000000000000001"),
    ({"connectionType": "Slack"}, ["Critical"], "api:invalid_field", "connectionId is required"),
    ({"connectionType": "Webhook", "connectionId": "@slack"}, ["Critical"], "api:invalid_field",
     "its notifications have the connectionType Slack"),
    ({"connectionType": "Slack", "connectionId": "@slack"}, ["Warning"], "api:invalid_field",
     "not the triggerType of one of the monitor's triggers"),
    ({"connectionType": "Slack", "connectionId": "@slack"}, [], "api:invalid_field", "at least one trigger type"),
    ({"connectionType": "Slack", "connectionId": "@slack"}, ["Critical", "Critical"], "api:invalid_field",
     "must not repeat"),
    ({"connectionType": "Slack", "connectionId": "@slack", "payloadOverride": "{{Name}}x"}, ["Critical"],
     "api:invalid_field", "payloadOverride must hold JSON"),
    ({"connectionType": "Datadog", "connectionId": "@slack", "resolutionPayloadOverride": "{}"}, ["Critical"],
     "api:invalid_field", "a Datadog notification takes no resolutionPayloadOverride"),
    ({"connectionType": "Slack", "connectionId": "@slack", "recipients": ["a@example.com"]}, ["Critical"],
     "api:invalid_field", "takes no recipients"),
    ({"connectionType": "Sms", "connectionId": "@slack"}, ["Critical"], "api:invalid_field",
     "connectionType must be one of"),
    ({"connectionType": "Email", "recipients": ["a@example.com"], "subject": "s"}, ["Critical"], "api:invalid_field",
     "timeZone is required"),
    ({"connectionType": "Email", "recipients": ["a@example.com"], "subject": "s", "timeZone": "Mars/Olympus"},
     ["Critical"], "api:invalid_field", "timeZone must be an IANA"),
    ({"connectionType": "Email", "recipients": ["not an address"], "subject": "s", "timeZone": "UTC"}, ["Critical"],
     "api:invalid_field", "recipients must be a non-empty list of email addresses"),
    ({"connectionType": "Email", "recipients": [], "subject": "s", "timeZone": "UTC"}, ["Critical"],
     "api:invalid_field", "recipients must be a non-empty list"),
    ({"connectionType": "Email", "recipients": ["a@example.com"], "subject": "s", "timeZone": "UTC",
      "connectionId": "@slack"}, ["Critical"], "api:invalid_field", "takes no connectionId"),
])
def test_bad_notifications(api, notification, runs, code, words):
    notification = dict(notification)
    if notification.get("connectionId") == "@slack":
        notification["connectionId"] = connection_id(api, "Slack ops-alerts")
    body = logs_monitor(notifications=[{"notification": notification, "runForTriggerTypes": runs}])
    error = refused(api.post(MONITORS, body, params={"parentId": root_id(api)}), 400, code)
    assert words in (error.get("detail") or "") + error["message"], error


# -- versions and updates ----------------------------------------------------------------------------------

def test_versions_increment_and_a_stale_version_is_refused(api):
    made = create(api, root_id(api), logs_monitor())
    path = MONITORS + "/" + made["id"]
    body = update_body(made)
    first = ok(api.put(path, dict(body, description="first")), "MonitorsLibraryMonitorResponse")
    assert (first["version"], first["description"]) == (1, "first")
    assert first["modifiedAt"] >= made["modifiedAt"] and first["createdAt"] == made["createdAt"]
    # Another edit computed from version 0 is stale: refused, and the first edit stays.
    error = refused(api.put(path, dict(body, description="second")), 409, "content:version_mismatch")
    assert "version" in error["message"] and "0" in error["message"] and "1" in error["message"]
    assert ok(api.get(path)) == first
    # An update that changes nothing is an update too.
    assert ok(api.put(path, update_body(first)))["version"] == 2
    error = refused(api.put(path, dict((k, v) for k, v in update_body(first).items() if k != "version")), 400,
                    "api:invalid_field")
    assert "version is required" in error["detail"]
    refused(api.put(path, dict(update_body(first), version="2")), 400, "api:invalid_field")


def test_folder_versions(api):
    made = folder(api, root_id(api), "Team")
    path = MONITORS + "/" + made["id"]
    renamed = ok(api.put(path, {"type": "MonitorsLibraryFolderUpdate", "name": "Team A", "version": 0}),
                 "MonitorsLibraryFolderResponse")
    assert (renamed["name"], renamed["version"], renamed["description"]) == ("Team A", 1, "")
    refused(api.put(path, {"type": "MonitorsLibraryFolderUpdate", "name": "Team B", "version": 0}), 409,
            "content:version_mismatch")
    assert at(api, "/Monitors/Team A")["version"] == 1
    refused(api.get(MONITORS + "/path", params={"path": "/Monitors/Team"}), 404, "content:not_found")


def test_update_replaces_the_monitor(api):
    made = create(api, root_id(api), logs_monitor(description="d", playbook="p", isDisabled=True, alertName="a",
                                                  evaluationDelay="5m", groupNotifications=False))
    path = MONITORS + "/" + made["id"]
    # The whole read shape sent back (as Terraform's provider does): read-only keys are ignored.
    whole = dict(copy.deepcopy(made), type="MonitorsLibraryMonitorUpdate")
    assert ok(api.put(path, whole))["version"] == 1
    # Left out: the description's defaults, as on create.
    bare = dict((k, made[k]) for k in ("name", "monitorType", "queries", "triggers"))
    replaced = ok(api.put(path, dict(bare, type="MonitorsLibraryMonitorUpdate", version=1)))
    assert (replaced["description"], replaced["playbook"], replaced["isDisabled"], replaced["evaluationDelay"],
            replaced["groupNotifications"], replaced["status"]) == ("", "", False, "0m", True, ["Normal"])
    assert "alertName" not in replaced


@pytest.mark.parametrize("change, words", [
    ({"type": "MonitorsLibraryMonitor"}, "type must be MonitorsLibraryFolderUpdate or"),
    ({"type": "MonitorsLibraryFolderUpdate"}, "is updated with type MonitorsLibraryMonitorUpdate"),
    ({"monitorType": "Metrics", "triggers": [{"detectionMethod": "MetricsOutlierCondition", "triggerType": "Critical"}]},
     "monitorType of a monitor cannot change"),
    ({"id": "0000000000000001"}, "does not match the path"),
    ({"parentId": "0000000000000001"}, "An update does not move"),
    ({"name": "a/b"}, "hold '/'"),
    ({"shade": "blue"}, "Unknown monitor field"),
])
def test_bad_updates(api, change, words):
    made = create(api, root_id(api), logs_monitor())
    body = dict(update_body(made), **change)
    error = refused(api.put(MONITORS + "/" + made["id"], body), 400, "api:invalid_field")
    assert words in error["detail"], error
    assert ok(api.get(MONITORS + "/" + made["id"]))["version"] == 0


def test_rename_to_a_sibling_s_name_is_refused(api):
    made = create(api, at(api, "/Monitors/Platform")["id"], logs_monitor())
    refused(api.put(MONITORS + "/" + made["id"], dict(update_body(made), name="databases")), 400,
            "content:duplicate_name")
    assert ok(api.put(MONITORS + "/" + made["id"], dict(update_body(made), name="ERRORS")))["name"] == "ERRORS"


def test_the_root_cannot_change(api):
    root = api.get(MONITORS + "/root").json()
    path = MONITORS + "/" + root["id"]
    refused(api.put(path, {"type": "MonitorsLibraryFolderUpdate", "name": "Top", "version": 0}), 400,
            "content:immutable")
    refused(api.delete(path), 400, "content:immutable")
    refused(api.post(path + "/move", params={"parentId": root["id"]}), 400, "content:immutable")
    refused(api.post(path + "/copy", {"parentId": root["id"]}), 400, "content:immutable")
    refused(api.delete(MONITORS, params={"ids": root["id"]}), 400, "content:immutable")
    assert api.get(MONITORS + "/root").json() == root


def test_concurrent_edit_fault_bumps_the_version(api, control):
    made = create(api, root_id(api), logs_monitor())
    path = MONITORS + "/" + made["id"]
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/monitors/[0-9A-F]{16}$",
                  patch={"description": "edited by someone else {n}"})
    # Another user edited the monitor just before this PUT: the version it was computed from is stale.
    refused(api.put(path, dict(update_body(made), description="mine")), 409, "content:version_mismatch")
    now = ok(api.get(path))
    assert (now["version"], now["description"]) == (1, "edited by someone else 0")
    # Re-read, re-apply: accepted.
    assert ok(api.put(path, dict(update_body(now), description="mine")))["version"] == 2


def test_concurrent_edit_fault_on_a_folder(api, control):
    made = folder(api, root_id(api), "Edited")
    control.fault(action="concurrent_edit", method="GET", path="^/api/v1/monitors/", patch={"description": "x"})
    read = ok(api.get(MONITORS + "/" + made["id"]))
    assert (read["version"], read["description"]) == (1, "x")


# -- deletion, move, copy, bulk -------------------------------------------------------------------------

def test_deleting_a_folder_deletes_its_subtree(api):
    platform = at(api, "/Monitors/Platform")
    databases = at(api, "/Monitors/Platform/Databases")
    inside = [c["id"] for c in platform["children"]] + [c["id"] for c in databases["children"]]
    assert len(inside) == 3
    slack = connection_id(api, "Slack ops-alerts")
    refused(api.delete("/v1/connections/" + slack, params={"type": "WebhookConnection"}), 400, "connection:in_use")
    resp = api.delete(MONITORS + "/" + platform["id"])
    assert resp.status_code == 204 and resp.content == b""
    for item_id in [platform["id"]] + inside:
        refused(api.get(MONITORS + "/" + item_id), 404, "content:not_found")
    refused(api.get(MONITORS + "/path", params={"path": "/Monitors/Platform/Databases"}), 404, "content:not_found")
    assert [c["name"] for c in api.get(MONITORS + "/root").json()["children"]] == ["Security"]
    assert all(not x["path"].startswith("/Monitors/Platform")
               for x in ok(api.get(MONITORS + "/search", params={"query": ""}), "ListMonitorsLibraryItemWithPath"))
    # The connection its monitor notified is free now.
    assert api.delete("/v1/connections/" + slack, params={"type": "WebhookConnection"}).status_code == 204
    refused(api.delete(MONITORS + "/" + platform["id"]), 404, "content:not_found")


def test_move(api):
    security = at(api, "/Monitors/Security")
    monitor = at(api, "/Monitors/Platform/High error rate")
    moved = ok(api.post(MONITORS + "/" + monitor["id"] + "/move", params={"parentId": security["id"]}))
    assert (moved["parentId"], moved["version"]) == (security["id"], 1)
    assert at(api, "/Monitors/Security/High error rate")["id"] == monitor["id"]
    assert ok(api.get(MONITORS + "/" + monitor["id"] + "/path"), "Path")["path"] == "/Monitors/Security/High error rate"
    # Moving a folder moves its subtree.
    platform = at(api, "/Monitors/Platform")
    ok(api.post(MONITORS + "/" + platform["id"] + "/move", params={"parentId": security["id"]}))
    assert at(api, "/Monitors/Security/Platform/Databases/Replication lag")["monitorType"] == "Metrics"
    databases = at(api, "/Monitors/Security/Platform/Databases")
    refused(api.post(MONITORS + "/" + platform["id"] + "/move", params={"parentId": databases["id"]}), 400,
            "content:invalid_move")
    refused(api.post(MONITORS + "/" + platform["id"] + "/move", params={"parentId": platform["id"]}), 400,
            "content:invalid_move")
    refused(api.post(MONITORS + "/" + platform["id"] + "/move"), 400, "request.param.invalid")
    refused(api.post(MONITORS + "/" + databases["id"] + "/move", params={"parentId": monitor["id"]}), 400,
            "content:not_a_folder")
    clash = folder(api, root_id(api), "Databases")
    refused(api.post(MONITORS + "/" + clash["id"] + "/move", params={"parentId": platform["id"]}), 400,
            "content:duplicate_name")


def test_copy(api):
    platform = at(api, "/Monitors/Platform")
    security = at(api, "/Monitors/Security")
    copied = ok(api.post(MONITORS + "/" + platform["id"] + "/copy", {"parentId": security["id"]}),
                "MonitorsLibraryFolderResponse")
    assert copied["id"] != platform["id"] and copied["version"] == 0 and copied["name"] == "Platform"
    original = at(api, "/Monitors/Platform/Databases/Replication lag")
    twin = at(api, "/Monitors/Security/Platform/Databases/Replication lag")
    assert twin["id"] != original["id"] and twin["triggers"] == original["triggers"]
    named = ok(api.post(MONITORS + "/" + original["id"] + "/copy",
                        {"parentId": platform["id"], "name": "Replication lag (copy)", "description": "c"}))
    assert (named["name"], named["description"], named["parentId"]) == ("Replication lag (copy)", "c", platform["id"])
    refused(api.post(MONITORS + "/" + original["id"] + "/copy", {"parentId": original["parentId"]}), 400,
            "content:duplicate_name")
    refused(api.post(MONITORS + "/" + platform["id"] + "/copy",
                     {"parentId": at(api, "/Monitors/Platform/Databases")["id"]}), 400, "content:invalid_copy")
    refused(api.post(MONITORS + "/" + platform["id"] + "/copy", {}), 400, "api:invalid_field")
    refused(api.post(MONITORS + "/" + platform["id"] + "/copy", {"parentId": security["id"], "x": 1}), 400,
            "api:invalid_field")


def test_bulk_read_and_delete(api):
    platform = at(api, "/Monitors/Platform")
    monitor = at(api, "/Monitors/Platform/High error rate")
    both = ok(api.get(MONITORS, params={"ids": "%s,%s" % (platform["id"], monitor["id"].lower())}),
              "IdToMonitorsLibraryBaseResponseMap")
    assert both == {platform["id"]: platform, monitor["id"]: monitor}
    assert ok(api.get(MONITORS, params=[("ids", platform["id"]), ("ids", monitor["id"])]),
              "IdToMonitorsLibraryBaseResponseMap") == both
    refused(api.get(MONITORS, params={"ids": platform["id"] + ",0000000000000001"}), 404, "content:not_found")
    refused(api.get(MONITORS), 400, "request.param.invalid")
    refused(api.get(MONITORS, params={"ids": ",".join(["0000000000002DE1"] * 1001)}), 400, "request.param.invalid")
    security = at(api, "/Monitors/Security")
    deleted = ok(api.delete(MONITORS, params={"ids": "%s,%s" % (monitor["id"], security["id"])}),
                 "IdToMonitorsLibraryBaseResponseMap")
    assert sorted(deleted) == sorted([monitor["id"], security["id"]])
    refused(api.get(MONITORS + "/" + monitor["id"]), 404, "content:not_found")
    refused(api.get(MONITORS + "/path", params={"path": "/Monitors/Security/Failed logins"}), 404, "content:not_found")


def test_disable(api):
    monitor = at(api, "/Monitors/Platform/High error rate")
    disabled_already = at(api, "/Monitors/Security/Failed logins")
    platform = at(api, "/Monitors/Platform")
    ids = ",".join([monitor["id"], disabled_already["id"], platform["id"], "0000000000000001"])
    answer = ok(api.put(MONITORS + "/disable", params={"ids": ids}), "DisableMonitorResponse")
    assert sorted(answer["monitors"]) == sorted([monitor["id"], disabled_already["id"]])
    now = answer["monitors"][monitor["id"]]
    assert (now["isDisabled"], now["status"], now["version"]) == (True, ["Disabled"], 1)
    assert answer["monitors"][disabled_already["id"]]["version"] == disabled_already["version"]
    assert answer["warnings"] == [
        {"code": "content:not_found", "message": "Monitor id=%s not found." % platform["id"]},
        {"code": "content:not_found", "message": "Monitor id=0000000000000001 not found."}]
    assert ok(api.get(MONITORS + "/" + monitor["id"])) == dict(now, permissions=now["permissions"])
    refused(api.put(MONITORS + "/disable"), 400, "request.param.invalid")
    # Enabling again is an update.
    enabled = ok(api.put(MONITORS + "/" + monitor["id"], dict(update_body(now), isDisabled=False)))
    assert (enabled["isDisabled"], enabled["status"]) == (False, ["Normal"])


def test_usage_info_and_the_limit_of_active_monitors(api, control):
    usage = ok(api.get(MONITORS + "/usageInfo"), "MonitorUsageInfo")
    assert usage == [{"monitorType": "Logs", "usage": 1, "limit": 1000, "total": 2},
                     {"monitorType": "Metrics", "usage": 1, "limit": 1500, "total": 1}]
    control.reset(monitors=1000)
    usage = ok(api.get(MONITORS + "/usageInfo"), "MonitorUsageInfo")
    assert usage[0] == {"monitorType": "Logs", "usage": 1000, "limit": 1000, "total": 1002}
    root = root_id(api)
    refused(api.post(MONITORS, logs_monitor("one too many"), params={"parentId": root}), 400, "monitor:limit_reached")
    disabled = create(api, root, logs_monitor("disabled one", isDisabled=True))
    refused(api.put(MONITORS + "/" + disabled["id"], dict(update_body(disabled), isDisabled=False)), 400,
            "monitor:limit_reached")
    create(api, root, metrics_monitor())


# -- search ----------------------------------------------------------------------------------------------

def search(api, query, **params):
    return ok(api.get(MONITORS + "/search", params=dict(params, query=query)), "ListMonitorsLibraryItemWithPath")


def test_search_lists_items_with_their_paths(api):
    found = search(api, "type:monitor")
    assert [x["path"] for x in found] == ["/Monitors/Platform/Databases/Replication lag",
                                          "/Monitors/Platform/High error rate", "/Monitors/Security/Failed logins"]
    # Search results are whole monitors (not summaries).
    assert found[1]["item"]["queries"] and found[1]["item"]["triggers"]
    assert found[1]["item"] == dict(at(api, found[1]["path"]), permissions=[])
    folders = search(api, "type:Folder")
    assert [x["path"] for x in folders] == ["/Monitors/Platform", "/Monitors/Platform/Databases", "/Monitors/Security"]
    assert folders[0]["item"]["children"]
    assert [x["path"] for x in search(api, "")] == [
        "/Monitors/Platform", "/Monitors/Platform/Databases", "/Monitors/Platform/Databases/Replication lag",
        "/Monitors/Platform/High error rate", "/Monitors/Security", "/Monitors/Security/Failed logins"]


@pytest.mark.parametrize("query, paths", [
    ("error", ["/Monitors/Platform/High error rate"]),
    ("ERROR RATE", ["/Monitors/Platform/High error rate"]),
    ('"error rate"', ["/Monitors/Platform/High error rate"]),
    ("brute", ["/Monitors/Security/Failed logins"]),  # the description
    ("platform", ["/Monitors/Platform"]),  # names and descriptions, not paths
    ("type:monitor monitorStatus:Disabled", ["/Monitors/Security/Failed logins"]),
    ("monitorStatus:normal", ["/Monitors/Platform/Databases/Replication lag", "/Monitors/Platform/High error rate"]),
    ("monitorStatus:AllTriggered", []),
    ("type:folder team", ["/Monitors/Platform", "/Monitors/Security"]),
    ("type:monitor lag createdAfter:0", ["/Monitors/Platform/Databases/Replication lag"]),
    ("type:monitor createdBefore:0", []),
    ("nothing-like-this", []),
])
def test_search_query(api, query, paths):
    assert [x["path"] for x in search(api, query)] == paths


def test_search_by_creator_and_time(api):
    made = create(api, root_id(api), logs_monitor("latest"))
    admin = _admin_id(api)
    assert len(search(api, "type:monitor createdBy:%s" % admin.lower())) == 4
    assert search(api, "createdBy:0000000000000001") == []
    found = search(api, "type:monitor modifiedAfter:%d" % (_millis(made["modifiedAt"]) - 1))
    assert [x["item"]["id"] for x in found] == [made["id"]]
    assert search(api, "modifiedBefore:%d" % _millis(made["createdAt"])) != []


def _millis(iso):
    import datetime
    return int(datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def test_search_by_status(api, control):
    monitor = at(api, "/Monitors/Platform/High error rate")
    control._call("POST", "/monitors/status", {"id": monitor["id"], "status": ["Critical"]})
    assert [x["item"]["id"] for x in search(api, "monitorStatus:AllTriggered")] == [monitor["id"]]
    assert [x["item"]["id"] for x in search(api, "monitorStatus:Critical")] == [monitor["id"]]
    assert ok(api.get(MONITORS + "/" + monitor["id"]))["status"] == ["Critical"]


@pytest.mark.parametrize("query, words", [
    ("colour:red", "Unknown search filter"),
    ("type:dashboard", "type takes folder or monitor"),
    ("monitorStatus:Burning", "monitorStatus takes"),
    ("createdAfter:yesterday", "timestamp in milliseconds"),
    ("type:", "needs a value"),
    ('"unterminated', "cannot be read"),
])
def test_bad_search_queries(api, query, words):
    error = refused(api.get(MONITORS + "/search", params={"query": query}), 400, "search:invalid_query")
    assert words in error["message"]


def test_search_parameters(api):
    refused(api.get(MONITORS + "/search"), 400, "request.param.invalid")
    refused(api.get(MONITORS + "/search", params={"query": "", "limit": 0}), 400, "request.param.invalid")
    refused(api.get(MONITORS + "/search", params={"query": "", "limit": 1001}), 400, "request.param.invalid")
    refused(api.get(MONITORS + "/search", params={"query": "", "offset": -1}), 400, "request.param.invalid")


def test_a_library_of_500_monitors_in_50_folders_lists_in_a_bounded_number_of_requests(api, control):
    control.reset(monitors=500, monitor_folders=50, connections=5)
    bulk = at(api, "/Monitors/Bulk")
    assert len(bulk["children"]) == 50
    assert all(len(at(api, "/Monitors/Bulk/" + c["name"])["children"]) == 10 for c in bulk["children"][:3])
    control.clear_requests()
    # The subtree of /Monitors/Bulk: every monitor with its path, one page of 1000 at a time.
    found, offset = [], 0
    while True:
        page = search(api, "type:monitor", limit=1000, offset=offset)
        found.extend(page)
        offset += len(page)
        if len(page) < 1000:
            break
    assert control.requests()["total"] == 1
    under = [x for x in found if x["path"].startswith("/Monitors/Bulk/")]
    assert len(under) == 500 and len(found) == 503
    assert under[0]["path"] == "/Monitors/Bulk/folder-0001/bulk-monitor-00001"
    assert len(set(x["path"].rsplit("/", 1)[0] for x in under)) == 50
    # Generated monitors notify the generated connections in turn.
    ids = [x["item"]["notifications"][0]["notification"]["connectionId"] for x in under]
    assert len(set(ids)) == 5
    # Smaller pages: offset and limit.
    first = search(api, "type:monitor", limit=200)
    second = search(api, "type:monitor", limit=200, offset=200)
    assert len(first) == len(second) == 200 and first[-1]["path"] != second[0]["path"]
    assert [x["path"] for x in first + second] == [x["path"] for x in found[:400]]
    assert search(api, "type:monitor", offset=503) == []


def test_bulk_monitors_without_folders_go_to_the_bulk_folder(api, control):
    control.reset(monitors=3)
    assert [c["name"] for c in at(api, "/Monitors/Bulk")["children"]] == [
        "bulk-monitor-00001", "bulk-monitor-00002", "bulk-monitor-00003"]
    assert at(api, "/Monitors/Bulk/bulk-monitor-00001")["notifications"] == []


def test_empty_seed_has_only_the_root(api, control):
    control.reset("empty")
    root = ok(api.get(MONITORS + "/root"), "MonitorsLibraryFolderResponse")
    assert root["children"] == [] and search(api, "") == []
    made = folder(api, root["id"], "First")
    assert made["createdBy"] == "0000000000000000"


# -- the schemas themselves --------------------------------------------------------------------------------

@pytest.mark.parametrize("path, ref, drop", [
    ("/Monitors/Platform/High error rate", "MonitorsLibraryMonitorResponse", ("version",)),
    ("/Monitors/Platform/High error rate", ITEM, ("queries",)),
    ("/Monitors/Platform/High error rate", ITEM, ("triggers", 0, "triggerType")),
    ("/Monitors/Platform/High error rate", ITEM, ("triggers", 0, "threshold")),
    ("/Monitors/Platform/High error rate", ITEM, ("notifications", 0, "notification", "connectionId")),
    ("/Monitors/Platform/Databases/Replication lag", ITEM, ("triggers", 0, "occurrenceType")),
    ("/Monitors/Platform/Databases/Replication lag", ITEM, ("triggers", 2, "triggerSource")),
    ("/Monitors/Platform/Databases/Replication lag", ITEM, ("notifications", 0, "notification", "timeZone")),
    ("/Monitors/Platform", "MonitorsLibraryFolderResponse", ("children",)),
    ("/Monitors/Platform", ITEM, ("permissions",)),
    ("/Monitors/Platform", ITEM, ("children", 0, "parentId")),
])
def test_a_missing_required_property_fails(api, path, ref, drop):
    body = at(api, path)
    assert not departures(body, S + ref)
    broken = copy.deepcopy(body)
    holder = broken
    for key in drop[:-1]:
        holder = holder[key]
    del holder[drop[-1]]
    found = departures(broken, S + ref)
    assert any("%r is a required property" % drop[-1] in line for line in found), found


def test_a_wrong_value_fails(api):
    monitor = at(api, "/Monitors/Platform/High error rate")
    for change in ({"monitorType": "Traces"}, {"contentType": "Dashboard"}, {"id": "x"}):
        assert departures(dict(monitor, **change), S + ITEM), change
    broken = copy.deepcopy(monitor)
    broken["triggers"][0]["timeRange"] = "-20m"
    assert any("does not match" in line for line in departures(broken, S + ITEM))
