# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's scheduled views: create, the update rules, disable, pause and start, statuses, paging.

Every answer, success and error, is checked against ``schemas/scheduled_views.json`` (or the
common error schema) as it arrives.
"""

from __future__ import annotations

import copy
import datetime
import re

import pytest
import requests

from ansible_collections.community.sumologic.tests.emulator import scheduled_views
from ansible_collections.community.sumologic.tests.emulator.partitions import ACCOUNT_RETENTION_DAYS
from ansible_collections.community.sumologic.tests.unit.emulator.answer_schemas import (
    assert_matches,
    departures,
    refused,
)

VIEWS = "/v1/scheduledViews"
VIEW = "scheduled_views.json#/$defs/ScheduledView"
LISTING = "scheduled_views.json#/$defs/ListScheduledViewsResponse"
ERROR = "common.json#/$defs/ErrorResponse"
HEX16 = re.compile(r"^[0-9A-F]{16}$")


class Views:
    """The scheduled view API with every answer checked against its schema as it arrives."""

    def __init__(self, api):
        self.api = api
        self.checked = 0

    def request(self, method, path, body=None, params=None):
        resp = self.api.request(method, path, body, params)
        self.checked += 1
        if resp.status_code >= 400:
            assert_matches(resp.json(), ERROR)
        elif method == "DELETE":
            assert resp.status_code == 204 and resp.content == b"", resp.text
        else:
            assert resp.status_code == 200, resp.text
            assert_matches(resp.json(), LISTING if (method, path) == ("GET", VIEWS) else VIEW)
        return resp

    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def post(self, path, body=None):
        return self.request("POST", path, body)

    def put(self, path, body=None):
        return self.request("PUT", path, body)

    def delete(self, path):
        return self.request("DELETE", path)

    def listed(self, params=None):
        return self.get(VIEWS, params).json()["data"]

    def named(self, name):
        found = [v for v in self.listed({"limit": 1000}) if v["indexName"] == name]
        assert len(found) == 1, name
        return found[0]

    def create(self, **body):
        body.setdefault("query", "_sourceCategory=app/* | timeslice 1h | count by _timeslice")
        body.setdefault("startTime", days_ago(1))
        resp = self.post(VIEWS, body)
        assert resp.status_code == 200, resp.text
        return resp.json()


@pytest.fixture
def views(api):
    checker = Views(api)
    yield checker
    assert checker.checked  # every test went through the checker


def utc(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def days_ago(days):
    return utc(datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - datetime.timedelta(days=days))


START = days_ago(1)


def test_demo_views(views):
    page = views.get(VIEWS).json()
    assert page["next"] is None
    assert [(v["indexName"], v["status"]) for v in page["data"]] == [
        ("web_errors_hourly", "COMPLETE"), ("login_failures", "PAUSED"), ("payments_daily", "FILLING")]
    complete, paused, filling = page["data"]
    assert complete["retentionPeriod"] == 90 and complete["totalBytes"] > 0
    assert complete["filledRanges"] == [{"startTime": complete["startTime"], "endTime": complete["createdAt"]}]
    assert paused["parsingMode"] == "AutoParse" and paused["dataForwardingId"] == "000000000000DF01"
    assert paused["retentionPeriod"] == ACCOUNT_RETENTION_DAYS
    assert filling["filledRanges"] == [] and "dataForwardingId" not in filling
    # The demo's disabled view is kept, not shown.
    assert [v["indexName"] for v in views.api.control("GET", "/scheduled_views/disabled")["disabled"]] == ["old_latency"]


def test_create_with_defaults_and_read(views):
    view = views.create(indexName="app_hourly", startTime=days_ago(3))
    assert HEX16.match(view["id"]) and HEX16.match(view["indexId"]) and view["indexId"] != view["id"]
    assert (view["status"], view["parsingMode"], view["retentionPeriod"]) == ("FILLING", "Manual", ACCOUNT_RETENTION_DAYS)
    assert (view["totalBytes"], view["totalMessageCount"], view["filledRanges"]) == (0, 0, [])
    assert view["createdByOptimizeIt"] is False and "error" not in view and "dataForwardingId" not in view
    assert "newRetentionPeriod" not in view and "retentionEffectiveAt" not in view
    assert view["createdAt"] == view["modifiedAt"] and view["createdBy"] == view["modifiedBy"]
    assert views.get(VIEWS + "/" + view["id"]).json() == view
    assert views.get(VIEWS + "/" + view["id"].lower()).json() == view  # ids without regard to case
    full = views.create(indexName="full_view", parsingMode="AutoParse", retentionPeriod=400,
                        dataForwardingId="000000000000ABCD")
    assert (full["parsingMode"], full["retentionPeriod"], full["dataForwardingId"]) == \
        ("AutoParse", 400, "000000000000ABCD")
    # Terraform's provider sends an empty dataForwardingId.
    assert "dataForwardingId" not in views.create(indexName="tf_made", dataForwardingId="")


def test_start_time_is_answered_in_utc():
    assert scheduled_views.start_time("2026-03-01T02:30:00+02:00") == "2026-03-01T00:30:00Z"
    assert scheduled_views.start_time("2026-03-01t00:30:00.250z") == "2026-03-01T00:30:00.250Z"
    assert scheduled_views.start_time("2026-03-01T00:30:00.000Z") == "2026-03-01T00:30:00Z"


def test_created_start_time_is_normalised(views):
    moment = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - datetime.timedelta(days=2)
    sent = moment.astimezone(datetime.timezone(datetime.timedelta(hours=-5))).isoformat()
    assert views.create(indexName="offset_view", startTime=sent)["startTime"] == utc(moment)


def test_a_start_time_ahead_waits(views, monkeypatch):
    ahead = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    view = views.create(indexName="tomorrow_view", startTime=utc(ahead))
    assert view["status"] == "NOT_STARTED"
    path = VIEWS + "/" + view["id"]
    assert views.get(path).json()["status"] == "NOT_STARTED"
    # Two hours later the start time is behind: the view fills.
    later = ahead + datetime.timedelta(hours=1)
    monkeypatch.setattr(scheduled_views, "_now", lambda: later)
    assert views.get(path).json()["status"] == "FILLING"


@pytest.mark.parametrize("body, message", [
    ({"query": "q", "startTime": "2026-01-01T00:00:00Z"}, "indexName is required"),
    ({"indexName": "v", "startTime": "2026-01-01T00:00:00Z"}, "query is required"),
    ({"indexName": "v", "query": "q"}, "startTime is required"),
    ({"indexName": "", "query": "q", "startTime": START}, "indexName must be a string of 1 to 255"),
    ({"indexName": "v" * 256, "query": "q", "startTime": START}, "indexName must be a string of 1 to 255"),
    ({"indexName": 5, "query": "q", "startTime": START}, "indexName must be a string"),
    ({"indexName": "1st_view", "query": "q", "startTime": START}, "start with a letter"),
    ({"indexName": "_view", "query": "q", "startTime": START}, "start with a letter"),
    ({"indexName": "has-dash", "query": "q", "startTime": START}, "letters, digits and underscores"),
    ({"indexName": "has space", "query": "q", "startTime": START}, "letters, digits and underscores"),
    ({"indexName": "dollar$", "query": "q", "startTime": START}, "letters, digits and underscores"),
    ({"indexName": "v", "query": "", "startTime": START}, "query must be a string of 1 to 16384"),
    ({"indexName": "v", "query": "q" * 16385, "startTime": START}, "query must be a string of 1 to 16384"),
    ({"indexName": "v", "query": "q", "startTime": "yesterday"}, "RFC 3339"),
    ({"indexName": "v", "query": "q", "startTime": "2026-01-01T00:00:00"}, "RFC 3339"),
    ({"indexName": "v", "query": "q", "startTime": "2026-02-30T00:00:00Z"}, "not a valid date-time"),
    ({"indexName": "v", "query": "q", "startTime": 1767225600000}, "RFC 3339"),
    ({"indexName": "v", "query": "q", "startTime": days_ago(366)}, "at most 365 days ago"),
    ({"indexName": "v", "query": "q", "startTime": START, "parsingMode": "auto"}, "AutoParse or Manual"),
    ({"indexName": "v", "query": "q", "startTime": START, "retentionPeriod": 0}, "retentionPeriod must be"),
    ({"indexName": "v", "query": "q", "startTime": START, "retentionPeriod": "30"}, "retentionPeriod must be"),
    ({"indexName": "v", "query": "q", "startTime": START, "retentionPeriod": True}, "retentionPeriod must be"),
    ({"indexName": "v", "query": "q", "startTime": START, "dataForwardingId": 5}, "dataForwardingId must be a string"),
    ({"indexName": "v", "query": "q", "startTime": START, "id": "00000000005C4ED0"}, "Unknown or read-only"),
    ({"indexName": "v", "query": "q", "startTime": START, "status": "PAUSED"}, "Unknown or read-only"),
    ({"indexName": "v", "query": "q", "startTime": START, "timeZone": "UTC"}, "Unknown or read-only"),
])
def test_bad_creates(views, body, message):
    error = refused(views.post(VIEWS, body), 400, "api:invalid_field")
    assert message in error["detail"], error


def test_the_longest_and_oldest_values(views):
    view = views.create(indexName="v" * 255, query="q" * 16384, startTime=days_ago(364))
    assert view["indexName"] == "v" * 255 and len(view["query"]) == 16384


@pytest.mark.parametrize("name", ["web_errors_hourly", "WEB_ERRORS_HOURLY", "login_failures",
                                  "prod_web", "Security_Audit", "sumologic_default"])
def test_names_are_unique_among_views_and_partitions(views, name):
    refused(views.post(VIEWS, {"indexName": name, "query": "q", "startTime": days_ago(1)}), 400,
            "scheduledView:duplicate_name")


def test_a_disabled_view_s_name_can_be_reused(views):
    again = views.create(indexName="old_latency")
    disabled = views.api.control("GET", "/scheduled_views/disabled")["disabled"]
    assert again["id"] != disabled[0]["id"] and again["status"] == "FILLING"


def test_update_retention_and_data_forwarding(views):
    view = views.named("web_errors_hourly")
    path = VIEWS + "/" + view["id"]
    grown = views.put(path, {"retentionPeriod": 120, "dataForwardingId": "000000000000DF02"}).json()
    assert (grown["retentionPeriod"], grown["dataForwardingId"]) == (120, "000000000000DF02")
    assert grown["modifiedAt"] >= view["modifiedAt"] and grown["createdAt"] == view["createdAt"]
    # Left out: unchanged, and an edit that changes nothing is no modification.
    assert views.put(path, {}).json() == grown
    assert views.put(path, {"retentionPeriod": 120}).json() == grown
    # An empty (or null) dataForwardingId removes it.
    cleared = views.put(path, {"dataForwardingId": ""}).json()
    assert "dataForwardingId" not in cleared
    assert "dataForwardingId" not in views.put(path, {"dataForwardingId": None}).json()
    assert views.get(path).json() == cleared


def test_terraform_sends_the_whole_view_back(views):
    view = views.named("payments_daily")
    path = VIEWS + "/" + view["id"]
    # As the provider's Go client writes it: the start time parsed and written again.
    body = {"id": view["id"].lower(), "query": view["query"], "indexName": view["indexName"],
            "startTime": view["startTime"].replace("Z", "+00:00"), "retentionPeriod": view["retentionPeriod"],
            "dataForwardingId": "", "parsingMode": "Manual"}
    assert views.put(path, body).json() == view


@pytest.mark.parametrize("change", [{"indexName": "renamed"}, {"query": "_sourceCategory=other"},
                                    {"startTime": "2026-01-01T00:00:00Z"}, {"parsingMode": "AutoParse"}])
def test_name_query_start_and_parsing_mode_never_change(views, change):
    view = views.named("payments_daily")
    error = refused(views.put(VIEWS + "/" + view["id"], change), 400, "scheduledView:immutable")
    assert list(change)[0] in error["message"]
    assert views.get(VIEWS + "/" + view["id"]).json() == view


@pytest.mark.parametrize("body", [{"retentionPeriod": -2}, {"retentionPeriod": "60"},
                                  {"reduceRetentionPeriodImmediately": "yes"}, {"dataForwardingId": 7},
                                  {"status": "PAUSED"}, {"totalBytes": 1}, {"id": "0000000000000001"},
                                  {"startTime": "soon"}])
def test_bad_updates(views, body):
    view = views.named("payments_daily")
    refused(views.put(VIEWS + "/" + view["id"], body), 400, "api:invalid_field")
    assert views.get(VIEWS + "/" + view["id"]).json() == view


def test_shorter_retention_needs_reduce_retention_period_immediately(views):
    view = views.create(indexName="shrinking", retentionPeriod=90)
    path = VIEWS + "/" + view["id"]
    error = refused(views.put(path, {"retentionPeriod": 30}), 400, "scheduledView:reduce_retention_unconfirmed")
    assert "90" in error["message"] and "30" in error["message"]
    assert views.get(path).json()["retentionPeriod"] == 90

    now = views.put(path, {"retentionPeriod": 60, "reduceRetentionPeriodImmediately": True}).json()
    assert now["retentionPeriod"] == 60 and "newRetentionPeriod" not in now

    later = views.put(path, {"retentionPeriod": 20, "reduceRetentionPeriodImmediately": False}).json()
    assert later["retentionPeriod"] == 60 and later["newRetentionPeriod"] == 20
    assert later["retentionEffectiveAt"] > later["modifiedAt"]
    # -1 (the account's 30 days) is longer than the pending 20 but shorter than 60: a reduction too.
    refused(views.put(path, {"retentionPeriod": -1}), 400, "scheduledView:reduce_retention_unconfirmed")
    # Seven days pass.
    assert views.api.control("POST", "/scheduled_views/retention-due") == {"applied": ["shrinking"]}
    after = views.get(path).json()
    assert after["retentionPeriod"] == 20 and "newRetentionPeriod" not in after and "retentionEffectiveAt" not in after


def test_a_longer_retention_replaces_a_pending_reduction(views):
    view = views.create(indexName="pending", retentionPeriod=90)
    path = VIEWS + "/" + view["id"]
    views.put(path, {"retentionPeriod": 10, "reduceRetentionPeriodImmediately": False})
    grown = views.put(path, {"retentionPeriod": 120}).json()
    assert grown["retentionPeriod"] == 120 and "newRetentionPeriod" not in grown
    assert views.api.control("POST", "/scheduled_views/retention-due") == {"applied": []}


def test_disable(views):
    view = views.named("web_errors_hourly")
    path = VIEWS + "/" + view["id"]
    resp = views.delete(path + "/disable")
    assert resp.status_code == 204
    # No longer shown: not listed, not readable, nothing more can be done to it.
    assert "web_errors_hourly" not in [v["indexName"] for v in views.listed()]
    error = refused(views.get(path), 404, "scheduledView:not_found")
    assert view["id"] in error["message"]
    for method, suffix, body in (("PUT", "", {"retentionPeriod": 365}), ("POST", "/pause", None),
                                 ("POST", "/start", None), ("DELETE", "/disable", None)):
        refused(views.request(method, path + suffix, body), 404, "scheduledView:not_found")
    # Kept (its data is not deleted), and cannot be re-enabled.
    disabled = views.api.control("GET", "/scheduled_views/disabled")["disabled"]
    assert [d["indexName"] for d in disabled] == ["old_latency", "web_errors_hourly"]
    assert disabled[1]["id"] == view["id"] and disabled[1]["disabledAt"] >= view["modifiedAt"]


def test_views_are_never_deleted(views):
    view = views.named("payments_daily")
    refused(views.delete(VIEWS + "/" + view["id"]), 405, "method.unsupported")
    refused(views.request("PATCH", VIEWS + "/" + view["id"], {}), 405, "method.unsupported")
    assert views.get(VIEWS + "/" + view["id"]).json()["status"] == "FILLING"


def test_pause_and_start(views):
    view = views.named("web_errors_hourly")
    path = VIEWS + "/" + view["id"]
    paused = views.post(path + "/pause").json()
    assert paused["status"] == "PAUSED" and paused["modifiedAt"] >= view["modifiedAt"]
    assert views.get(path).json() == paused
    refused(views.post(path + "/pause"), 400, "scheduledView:already_paused")
    # A paused view keeps its settings and can still be updated.
    assert views.put(path, {"retentionPeriod": 100}).json()["status"] == "PAUSED"
    started = views.post(path + "/start").json()
    assert started["status"] == "FILLING"  # it catches up with what arrived while it was paused
    error = refused(views.post(path + "/start"), 400, "scheduledView:not_paused")
    assert "FILLING" in error["message"]
    completed = views.api.control("POST", "/scheduled_views/filled")["completed"]
    assert completed == ["web_errors_hourly", "payments_daily"]
    refused(views.post(path + "/start"), 400, "scheduledView:not_paused")
    assert views.post(path + "/pause").json()["status"] == "PAUSED"


def test_pause_and_start_a_view_that_has_not_started(views):
    ahead = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    view = views.create(indexName="later_view", startTime=utc(ahead))
    path = VIEWS + "/" + view["id"]
    assert views.post(path + "/pause").json()["status"] == "PAUSED"
    assert views.post(path + "/start").json()["status"] == "NOT_STARTED"


def test_filling_completes(views):
    view = views.named("payments_daily")
    done = views.api.control("POST", "/scheduled_views/filled")
    assert done == {"completed": ["payments_daily"]}
    complete = views.get(VIEWS + "/" + view["id"]).json()
    assert complete["status"] == "COMPLETE"
    assert complete["filledRanges"][0]["startTime"] == view["startTime"]
    assert complete["filledRanges"][0]["endTime"] > view["startTime"]
    # A paused view does not fill.
    assert views.named("login_failures")["status"] == "PAUSED"


def test_a_failed_view(views):
    view = views.named("payments_daily")
    path = VIEWS + "/" + view["id"]
    failed = views.api.control("POST", "/scheduled_views/fail",
                               {"indexName": "payments_daily", "error": "Field amount not found"})
    assert failed["status"] == "FAILED"
    shown = views.get(path).json()
    assert (shown["status"], shown["error"]) == ("FAILED", "Field amount not found")
    error = refused(views.post(path + "/pause"), 400, "scheduledView:failed")
    assert error["detail"] == "Field amount not found"
    refused(views.post(path + "/start"), 400, "scheduledView:not_paused")
    # It can still be disabled.
    assert views.delete(path + "/disable").status_code == 204


def test_the_view_limit_counts_disabled_views(views, control):
    control.reset(scheduled_views=scheduled_views.VIEW_LIMIT - 5)  # with the demo's four: one left
    view = views.create(indexName="the_last_one")
    error = refused(views.post(VIEWS, {"indexName": "one_too_many", "query": "q", "startTime": days_ago(1)}),
                    400, "scheduledView:limit_reached")
    assert "500" in error["message"]
    # Disabling does not free a place: the view is not deleted.
    views.delete(VIEWS + "/" + view["id"] + "/disable")
    refused(views.post(VIEWS, {"indexName": "one_too_many", "query": "q", "startTime": days_ago(1)}),
            400, "scheduledView:limit_reached")


def test_a_seed_beyond_the_limit_is_refused(views, control):
    resp = requests.post(views.api.emulator.control + "/reset", json={"scheduled_views": 497}, timeout=10)
    assert resp.status_code == 400 and "limit" in resp.json()["error"]
    assert views.listed()  # the organisation before the refused reset is still there


def test_paging(views, control):
    control.reset(scheduled_views=230)
    seen, token, pages = [], None, 0
    while True:
        page = views.get(VIEWS, {"token": token} if token else None).json()
        pages += 1
        assert len(page["data"]) <= 100
        seen.extend(v["indexName"] for v in page["data"])
        token = page["next"]
        if not token:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == 233
    assert seen[:3] == ["web_errors_hourly", "login_failures", "payments_daily"] and seen[-1] == "bulk_view_0230"
    whole = views.get(VIEWS, {"limit": 1000}).json()
    assert len(whole["data"]) == 233 and whole["next"] is None
    two = views.get(VIEWS, {"limit": 2}).json()
    assert len(two["data"]) == 2 and two["next"]
    for params in ({"limit": 0}, {"limit": 1001}, {"limit": "ten"}):
        refused(views.get(VIEWS, params), 400, "request.param.invalid")
    refused(views.get(VIEWS, {"token": "forged"}), 400, "api:invalid_token")


def test_a_token_belongs_to_the_scheduled_views(views, api):
    token = api.get("/v1/partitions", params={"limit": 1}).json()["next"]
    assert token
    refused(views.get(VIEWS, {"token": token}), 400, "api:invalid_token")


def test_empty_seed(views, control):
    control.reset("empty")
    assert views.get(VIEWS).json() == {"data": [], "next": None}
    assert views.api.control("GET", "/scheduled_views/disabled") == {"disabled": []}
    # The system partitions' names are taken.
    refused(views.post(VIEWS, {"indexName": "sumologic_default", "query": "q", "startTime": days_ago(1)}),
            400, "scheduledView:duplicate_name")


def test_unknown_ids(views):
    error = refused(views.get(VIEWS + "/0000000000000001"), 404, "scheduledView:not_found")
    assert "0000000000000001" in error["message"]
    refused(views.post(VIEWS + "/0000000000000001/pause"), 404, "scheduledView:not_found")
    refused(views.get(VIEWS + "/1"), 400, "api:invalid_id")
    refused(views.delete(VIEWS + "/not-an-id/disable"), 400, "api:invalid_id")


def test_concurrent_edit_fault_finds_the_view(views, control):
    view = views.named("payments_daily")
    path = VIEWS + "/" + view["id"]
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/scheduledViews/", patch={"retentionPeriod": 500})
    # Another user grew the retention just before this PUT: 400 is now a reduction.
    refused(views.put(path, {"retentionPeriod": 400}), 400, "scheduledView:reduce_retention_unconfirmed")
    control.fault(action="concurrent_edit", method="POST", path="/pause$", patch={"status": "PAUSED"})
    refused(views.post(path + "/pause"), 400, "scheduledView:already_paused")


def test_control_errors(views):
    resp = requests.post(views.api.emulator.control + "/scheduled_views/fail", json={"indexName": "old_latency"},
                         timeout=10)
    assert resp.status_code == 404 and "old_latency" in resp.json()["error"]
    assert views.listed()


# -- the schema itself: a missing or mistyped property fails ------------------------------------------

@pytest.mark.parametrize("drop", [("data", 0, "id"), ("data", 0, "indexName"), ("data", 0, "query"),
                                  ("data", 0, "startTime"), ("data", 0, "filledRanges", 0, "endTime"), ("data",)])
def test_a_missing_required_property_fails(views, drop):
    body = views.get(VIEWS).json()
    broken = copy.deepcopy(body)
    holder = broken
    for key in drop[:-1]:
        holder = holder[key]
    del holder[drop[-1]]
    found = departures(broken, LISTING)
    assert any("%r is a required property" % drop[-1] in line for line in found), found


@pytest.mark.parametrize("change, words", [
    ({"status": "Active"}, "does not match"),
    ({"parsingMode": "auto"}, "does not match"),
    ({"startTime": "2026-01-01"}, "is not a 'date-time'"),
    ({"totalBytes": "10"}, "is not of type 'integer'"),
    ({"query": ""}, "should be non-empty"),
    ({"indexName": "v" * 256}, "is too long"),
    ({"createdByOptimizeIt": "no"}, "is not of type 'boolean'"),
])
def test_a_wrong_value_fails(views, change, words):
    view = views.named("web_errors_hourly")
    assert not departures(view, VIEW)
    found = departures(dict(view, **change), VIEW)
    assert any(words in line for line in found), found
