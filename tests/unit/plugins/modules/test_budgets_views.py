# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Scheduled views and ingest budgets, singular, plural and info modules, in-process against the emulator."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.community.sumologic.plugins.module_utils.ingest_budgets import IngestBudget, capacity_bytes
from ansible_collections.community.sumologic.plugins.module_utils.scheduled_views import ScheduledView

HOOKS = ("validate", "lookup", "list", "compare", "can_create", "create", "update", "delete", "review", "to_result",
         "to_config", "in_scope")
GIB = 1024 ** 3


def counts(control):
    return control.requests()["counts"]


def writes(control):
    """``(method, last path segment)`` of every write since the log was cleared."""
    return [(r["method"], r["path"].rsplit("/", 1)[-1]) for r in control.requests()["requests"] if r["method"] != "GET"]


def moment(days_ago):
    """A start time ``days_ago`` days before now, in whole seconds, in UTC."""
    when = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days_ago)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


# One start time for every view of the tests: a task given the view's start time again must find it the same.
START = moment(1)


def test_declarations_override_only_hooks():
    for declaration in (ScheduledView, IngestBudget):
        own = {name for name, value in vars(declaration).items() if callable(value) and not name.startswith("__")}
        assert own - set(HOOKS) == set(), declaration.__name__


# -- scheduled views ------------------------------------------------------------------------------------

@pytest.fixture
def view(ansible_module):
    """``view(**options)``: sumo_scheduled_view on the view ``ci_view`` unless ``index_name`` says otherwise."""
    def run(check_mode=False, diff=False, **options):
        return ansible_module("sumo_scheduled_view", check_mode=check_mode, diff=diff,
                              **dict({"index_name": "ci_view"}, **options))
    return run


def new_view(view, **options):
    return view(**dict(dict(query="_sourceCategory=ci | count by _sourceHost", start_time=START), **options))


def test_view_create_then_rerun_is_one_get(view, control):
    start = START
    control.clear_requests()
    created = view(query="_sourceCategory=ci | count", start_time=start, retention_period=60, diff=True).result
    assert created["changed"] and not created["disabled"]
    assert created["view"]["status"] == "FILLING" and created["view"]["retention_period"] == 60
    assert created["diff"]["before"] == {} and created["diff"]["after"]["index_name"] == "ci_view"
    assert counts(control) == {"GET": 1, "POST": 1}
    control.clear_requests()
    # The same moment written at another offset is the same start time (the API answers it in UTC).
    elsewhere = datetime.datetime.fromisoformat(start.replace("Z", "+00:00")).astimezone(
        datetime.timezone(datetime.timedelta(hours=2))).isoformat()
    assert elsewhere.endswith("+02:00")
    again = view(query="_sourceCategory=ci | count", start_time=elsewhere, retention_period=60,
                 parsing_mode="Manual", paused=False).result
    assert not again["changed"] and again["view"]["id"] == created["view"]["id"]
    assert counts(control) == {"GET": 1}


def test_view_created_paused_is_paused_after_its_post(view, control):
    control.clear_requests()
    created = new_view(view, paused=True).result
    assert created["changed"] and created["view"]["status"] == "PAUSED"
    assert writes(control) == [("POST", "scheduledViews"), ("POST", "pause")]


def test_view_check_mode_create_update_disable_write_nothing(view, control):
    control.clear_requests()
    create = new_view(view, check_mode=True, diff=True).result
    assert create["changed"] and create["view"]["index_name"] == "ci_view" and create["diff"]["before"] == {}
    longer = view(index_name="web_errors_hourly", retention_period=120, check_mode=True, diff=True).result
    assert longer["changed"] and longer["diff"]["before"]["retention_period"] == 90
    assert longer["diff"]["after"]["retention_period"] == 120
    pause = view(index_name="payments_daily", paused=True, check_mode=True).result
    assert pause["changed"] and pause["view"]["status"] == "PAUSED"
    disable = view(index_name="payments_daily", state="absent", check_mode=True).result
    assert disable["changed"] and disable["disabled"] and disable["view"] == {}
    assert control.requests()["writes"] == 0


def test_view_update_retention_and_forwarding_with_one_put(view, control, client):
    control.clear_requests()
    updated = view(index_name="web_errors_hourly", retention_period=120, data_forwarding_id="000000000000DF02",
                   diff=True).result
    assert updated["changed"] and updated["view"]["retention_period"] == 120
    assert updated["view"]["data_forwarding_id"] == "000000000000DF02"
    assert updated["diff"]["before"]["retention_period"] == 90
    assert writes(control) == [("PUT", updated["view"]["id"])]
    control.clear_requests()
    # An empty string is no data forwarding: removed once, then nothing to do.
    removed = view(index_name="web_errors_hourly", data_forwarding_id="").result
    assert removed["changed"] and "data_forwarding_id" not in removed["view"]
    assert not view(index_name="web_errors_hourly", data_forwarding_id="").result["changed"]
    # The PUT kept the retention: it is always sent, lest the API's default (-1) replace it.
    assert client.get("/v1/scheduledViews/%s" % updated["view"]["id"]).json["retentionPeriod"] == 120
    assert [w[0] for w in writes(control)] == ["PUT"]


def test_view_shorter_retention_needs_the_decision_and_a_pending_one_is_kept(view, control):
    control.clear_requests()
    unconfirmed = view(index_name="web_errors_hourly", retention_period=30)
    assert unconfirmed.failed
    assert unconfirmed["msg"].startswith("reduce_retention_period_immediately: required to shorten the retention of "
                                         "scheduled view 'web_errors_hourly' from 90 to 30 days")
    assert control.requests()["writes"] == 0
    later = view(index_name="web_errors_hourly", retention_period=30, reduce_retention_period_immediately=False).result
    assert later["changed"] and later["view"]["retention_period"] == 90
    assert later["view"]["new_retention_period"] == 30
    control.clear_requests()
    assert not view(index_name="web_errors_hourly", retention_period=30).result["changed"]
    # The API cannot cancel a pending reduction: asking for the current retention fails, naming the option.
    cancel = view(index_name="web_errors_hourly", retention_period=90)
    assert cancel.failed and cancel["msg"].startswith("retention_period: scheduled view 'web_errors_hourly' has a "
                                                      "retention reduction to 30 days pending")
    assert control.requests()["writes"] == 0
    now = view(index_name="web_errors_hourly", retention_period=30, reduce_retention_period_immediately=True).result
    assert now["changed"] and now["view"]["retention_period"] == 30 and "new_retention_period" not in now["view"]


def test_view_default_retention_on_an_existing_view_changes_nothing(view, control):
    control.clear_requests()
    assert not view(index_name="web_errors_hourly", retention_period=-1).result["changed"]
    assert control.requests()["writes"] == 0


def test_view_pause_and_start_use_their_endpoints(view, control):
    control.clear_requests()
    paused = view(index_name="payments_daily", paused=True, diff=True).result
    assert paused["changed"] and paused["view"]["status"] == "PAUSED"
    assert paused["diff"]["before"]["status"] == "FILLING"
    started = view(index_name="login_failures", paused=False).result
    assert started["changed"] and started["view"]["status"] == "FILLING"
    assert writes(control) == [("POST", "pause"), ("POST", "start")]
    control.clear_requests()
    # Running is any status but PAUSED: a complete view is running already.
    assert not view(index_name="web_errors_hourly", paused=False).result["changed"]
    assert not view(index_name="payments_daily", paused=True).result["changed"]
    assert control.requests()["writes"] == 0


def test_view_failed_cannot_be_paused_and_fails_before_any_write(view, control):
    control._call("POST", "/scheduled_views/fail", {"indexName": "payments_daily", "error": "Query timed out"})
    control.clear_requests()
    outcome = view(index_name="payments_daily", paused=True)
    assert outcome.failed and outcome["msg"] == ("paused: scheduled view 'payments_daily' has failed (Query timed "
                                                 "out), and a failed view cannot be paused")
    assert control.requests()["writes"] == 0


@pytest.mark.parametrize("options, option", [
    (dict(query="_sourceCategory=prod/web* | count"), "query"),
    (dict(start_time="2026-01-02T00:00:00Z"), "start_time"),
    (dict(parsing_mode="AutoParse"), "parsing_mode"),
    (dict(index_name="Web_Errors_Hourly"), "index_name"),
])
def test_view_what_cannot_change_fails_before_any_write_naming_the_option(view, control, options, option):
    control.clear_requests()
    outcome = view(**dict({"index_name": "web_errors_hourly"}, **options))
    assert outcome.failed and outcome["msg"].startswith("%s: scheduled view 'web_errors_hourly' (id " % option)
    assert "the %s of a scheduled view cannot change" % option in outcome["msg"]
    assert control.requests()["writes"] == 0


def test_view_absent_disables_and_the_name_can_be_used_again(view, control, client):
    first = new_view(view).result["view"]
    control.clear_requests()
    disabled = view(state="absent", diff=True).result
    assert disabled["changed"] and disabled["disabled"] and disabled["view"] == {}
    assert disabled["diff"]["before"]["id"] == first["id"] and disabled["diff"]["after"] == {}
    assert writes(control) == [("DELETE", "disable")]
    again = view(state="absent").result
    assert not again["changed"] and not again["disabled"]
    assert client.get_or_none("/v1/scheduledViews/%s" % first["id"]) is None
    second = new_view(view).result
    assert second["changed"] and second["view"]["id"] != first["id"]


@pytest.mark.parametrize("options, message", [
    (dict(index_name="x" * 256), "index_name: 1 to 255 characters are required, got 256"),
    (dict(index_name="2fast"), "index_name: '2fast' must start with a letter and hold letters, digits and "
                               "underscores only"),
    (dict(index_name="web-errors"), "index_name: 'web-errors' must start with a letter"),
    (dict(query=" "), "query: 1 to 16384 characters are required, got 1"),
    (dict(start_time="2026-01-01T00:00:00"), "start_time: '2026-01-01T00:00:00' is not an RFC 3339 date-time with "
                                             "a time zone"),
    (dict(start_time="yesterday"), "start_time: 'yesterday' is not an RFC 3339"),
    (dict(retention_period=-5), "retention_period: a number of days (1 or more), or -1 for the account's default"),
])
def test_view_bad_input_fails_before_any_request(view, control, options, message):
    control.clear_requests()
    outcome = view(**options)
    assert outcome.failed and outcome["msg"].startswith(message), outcome["msg"]
    assert control.requests()["total"] == 0


def test_view_create_needs_query_and_a_recent_start_time(view, control):
    control.clear_requests()
    missing = view(query="_sourceCategory=ci")
    assert missing.failed and missing["msg"] == "start_time: required to create scheduled view 'ci_view'"
    old = view(query="_sourceCategory=ci", start_time=moment(400))
    assert old.failed and old["msg"].startswith("start_time: a scheduled view may start at most 365 days ago")
    assert control.requests()["writes"] == 0


def test_view_info_one_or_all(ansible_module, control):
    every = ansible_module("sumo_scheduled_view_info").result
    assert not every["changed"]
    # The disabled old_latency is not shown.
    assert [v["index_name"] for v in every["views"]] == ["web_errors_hourly", "login_failures", "payments_daily"]
    one = ansible_module("sumo_scheduled_view_info", index_name="LOGIN_FAILURES").result
    assert [v["index_name"] for v in one["views"]] == ["login_failures"] and one["views"][0]["status"] == "PAUSED"
    assert ansible_module("sumo_scheduled_view_info", index_name="nope").result["views"] == []


# -- scheduled views: the plural module ----------------------------------------------------------------

def ci_views():
    return [{"index_name": "ci_a", "query": "_sourceCategory=ci/a | count", "start_time": START},
            {"index_name": "ci_b", "query": "_sourceCategory=ci/b | count", "start_time": START,
             "retention_period": 60, "paused": True}]


def test_views_merged_replaced_and_check_mode(ansible_module, control):
    control.clear_requests()
    check = ansible_module("sumo_scheduled_views", config=ci_views(), check_mode=True).result
    assert check["changed"] and [c["action"] for c in check["changes"]] == ["create", "create"]
    assert control.requests()["writes"] == 0
    merged = ansible_module("sumo_scheduled_views", config=ci_views(), diff=True).result
    assert merged["changed"] and sorted(merged["diff"]["after"]) == ["ci_a", "ci_b"]
    assert {v["index_name"]: v["paused"] for v in merged["after"]} == {"ci_a": False, "ci_b": True}
    control.clear_requests()
    again = ansible_module("sumo_scheduled_views", config=ci_views(), state="replaced").result
    assert not again["changed"] and counts(control) == {"GET": 1}
    control.clear_requests()
    changed = ansible_module("sumo_scheduled_views", state="replaced",
                             config=[dict(ci_views()[1], retention_period=90, paused=False)]).result
    assert changed["changes"] == [{"name": "ci_b", "action": "update", "fields": {
        "paused": {"before": True, "after": False}, "retention_period": {"before": 60, "after": 90}}}]
    # The plural module reads the view again before its writes (a PUT, then /start).
    assert [r["method"] for r in control.requests()["requests"]] == ["GET", "GET", "PUT", "POST"]


def test_views_overridden_disables_what_is_in_scope_and_not_listed(ansible_module, control):
    ansible_module("sumo_scheduled_views", config=ci_views())
    control.clear_requests()
    result = ansible_module("sumo_scheduled_views", state="overridden", scope={"index_name": "^ci_"},
                            config=[ci_views()[0]]).result
    assert [(c["name"], c["action"]) for c in result["changes"]] == [("ci_b", "delete")]
    assert result["undeclared"] == ["ci_b"]
    assert writes(control) == [("DELETE", "disable")]
    left = ansible_module("sumo_scheduled_views", state="gathered").result["gathered"]
    assert [v["index_name"] for v in left] == ["web_errors_hourly", "login_failures", "payments_daily", "ci_a"]
    # Without a scope, overridden would disable every view not listed: refused before any request.
    control.clear_requests()
    guard = ansible_module("sumo_scheduled_views", state="deleted", config=[])
    assert guard.failed and guard["msg"].startswith("config: empty with state=deleted")
    assert control.requests()["total"] == 0


def test_views_deleted_disables_the_listed_ones_once(ansible_module, control):
    result = ansible_module("sumo_scheduled_views", state="deleted",
                            config=[{"index_name": "payments_daily"}, {"index_name": "never_there"}]).result
    assert [(c["name"], c["action"]) for c in result["changes"]] == [("payments_daily", "delete")]
    assert not ansible_module("sumo_scheduled_views", state="deleted",
                              config=[{"index_name": "payments_daily"}]).result["changed"]


def test_views_bad_item_fails_naming_it_before_any_write(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_scheduled_views", config=[ci_views()[0], dict(ci_views()[1], start_time="soon")])
    assert outcome.failed and outcome["msg"].startswith("config[1].start_time: 'soon' is not an RFC 3339")
    assert control.requests()["total"] == 0
    fixed = ansible_module("sumo_scheduled_views", config=[{"index_name": "payments_daily", "query": "changed"}])
    assert fixed.failed and fixed["msg"].startswith("config[0] (payments_daily): query: scheduled view")
    assert control.requests()["writes"] == 0


def test_views_gathered_round_trip(ansible_module, control):
    gathered = ansible_module("sumo_scheduled_views", state="gathered").result["gathered"]
    assert {"index_name": "login_failures", "paused": True, "parsing_mode": "AutoParse",
            "data_forwarding_id": "000000000000DF01", "retention_period": 30} .items() <= gathered[1].items()
    control.clear_requests()
    assert not ansible_module("sumo_scheduled_views", config=gathered).result["changed"]
    assert counts(control) == {"GET": 1}
    # Applied to an empty organisation, then gathered again: the same views.
    control.reset(seed="empty")
    applied = ansible_module("sumo_scheduled_views", config=gathered).result
    assert applied["changed"] and len(applied["changes"]) == 3
    # The creates run a few at a time, so the new organisation lists them in any order.
    again = ansible_module("sumo_scheduled_views", state="gathered").result["gathered"]
    assert sorted(again, key=lambda v: v["index_name"]) == sorted(gathered, key=lambda v: v["index_name"])


# -- ingest budgets --------------------------------------------------------------------------------------

@pytest.fixture
def budget(ansible_module):
    """``budget(**options)``: sumo_ingest_budget on the budget ``ci-budget`` unless ``name`` says otherwise."""
    def run(check_mode=False, diff=False, **options):
        return ansible_module("sumo_ingest_budget", check_mode=check_mode, diff=diff,
                              **dict({"name": "ci-budget"}, **options))
    return run


CI_BUDGET = dict(scope="team=ci", capacity="10GB", action="stopCollecting")


@pytest.mark.parametrize("given, expected", [
    (1000, 1000), ("1000", 1000), ("10GB", 10 * GIB), ("10 gb", 10 * GIB), ("10GiB", 10 * GIB),
    ("500MB", 500 * 1024 ** 2), ("1.5TB", 1536 * GIB), ("2KB", 2048), ("1.1GB", 1181116006), ("7B", 7), ("3G", 3 * GIB),
])
def test_capacities_count_units_of_1024(given, expected):
    assert capacity_bytes(given) == expected


@pytest.mark.parametrize("given", ["10XB", "GB", "ten GB", "10iB", "-1GB", True, "1e3"])
def test_capacities_that_are_not(given):
    with pytest.raises(ValueError):
        capacity_bytes(given)


def test_budget_create_with_units_then_rerun_in_bytes_is_one_get(budget, control):
    control.clear_requests()
    created = budget(diff=True, **CI_BUDGET).result
    assert created["changed"] and created["budget"]["capacity_bytes"] == 10 * GIB
    assert created["budget"]["timezone"] == "Etc/UTC" and created["diff"]["before"] == {}
    assert counts(control) == {"GET": 1, "POST": 1}
    control.clear_requests()
    again = budget(**dict(CI_BUDGET, capacity=10 * GIB, budget_type="dailyVolume")).result
    assert not again["changed"] and again["budget"]["id"] == created["budget"]["id"]
    assert counts(control) == {"GET": 1}


def test_budget_update_sends_the_whole_budget(budget, control, client):
    control.clear_requests()
    updated = budget(name="prod-web", capacity="12GB", diff=True).result
    assert updated["changed"] and updated["budget"]["capacity_bytes"] == 12 * GIB
    assert updated["diff"]["before"]["capacity_bytes"] == 10 * GIB
    assert writes(control) == [("PUT", updated["budget"]["id"])]
    # The API's PUT replaces the budget: what the task did not set was sent as it was.
    stored = client.get("/v2/ingestBudgets/%s" % updated["budget"]["id"]).json
    assert (stored["timezone"], stored["resetTime"], stored["auditThreshold"], stored["description"]) == (
        "America/Los_Angeles", "02:00", 85, "The web tier's daily allowance")


def test_budget_found_in_another_case_is_renamed(budget, control):
    renamed = budget(name="PROD-WEB").result
    assert renamed["changed"] and renamed["budget"]["name"] == "PROD-WEB"


def test_budget_type_cannot_change(budget, control):
    control.clear_requests()
    outcome = budget(name="burst-guard", budget_type="dailyVolume")
    assert outcome.failed and outcome["msg"].startswith("budget_type: ingest budget 'burst-guard' (id ")
    assert "has budget_type 'minuteVolume'; the budget_type of an ingest budget cannot change" in outcome["msg"]
    assert control.requests()["writes"] == 0


def test_budget_check_mode_writes_nothing(budget, control):
    control.clear_requests()
    create = budget(check_mode=True, **CI_BUDGET).result
    assert create["changed"] and create["budget"]["capacity_bytes"] == 10 * GIB
    update = budget(name="team-payments", action="stopCollecting", check_mode=True, diff=True).result
    assert update["changed"] and update["diff"]["before"]["action"] == "keepCollecting"
    assert update["diff"]["after"]["action"] == "stopCollecting"
    delete = budget(name="team-payments", state="absent", check_mode=True).result
    assert delete["changed"] and delete["budget"] == {}
    assert control.requests()["writes"] == 0


def test_budget_delete_then_absent_again(budget, control):
    control.clear_requests()
    deleted = budget(name="team-payments", state="absent", diff=True).result
    assert deleted["changed"] and deleted["diff"]["before"]["name"] == "team-payments"
    assert [w[0] for w in writes(control)] == ["DELETE"]
    assert not budget(name="team-payments", state="absent").result["changed"]


@pytest.mark.parametrize("options, message", [
    (dict(capacity="10XB"), "capacity: '10XB' is not a capacity"),
    (dict(capacity=0), "capacity: must be 1 byte or more"),
    (dict(capacity=2 ** 63), "capacity: must be 1 byte or more (and at most 2^63-1)"),
    (dict(scope="team"), "scope: 'team' is not one field=value"),
    (dict(scope="_budget=old"), "scope: _budget is reserved for legacy ingest budgets"),
    (dict(reset_time="24:00"), "reset_time: '24:00' is not a time of day HH:MM"),
    (dict(time_zone="Mars/Olympus"), "time_zone: 'Mars/Olympus' is not a time zone name"),
    (dict(audit_threshold=100), "audit_threshold: a percentage from 1 to 99 is required, got 100"),
    (dict(name="n" * 129), "name: 1 to 128 characters are required, got 129"),
    (dict(description="d" * 1025), "description: 0 to 1024 characters are required, got 1025"),
])
def test_budget_bad_input_fails_before_any_request(budget, control, options, message):
    control.clear_requests()
    outcome = budget(**dict(CI_BUDGET, **options))
    assert outcome.failed and outcome["msg"].startswith(message), outcome["msg"]
    assert control.requests()["total"] == 0


def test_budget_create_needs_scope_capacity_and_action(budget, control):
    outcome = budget(scope="team=ci")
    assert outcome.failed and outcome["msg"] == "capacity and action: required to create ingest budget 'ci-budget'"
    assert control.requests()["writes"] == 0


def test_budget_the_api_refuses_is_reported_with_its_code(budget, control):
    # environment is a field of the demo organisation, but disabled.
    outcome = budget(**dict(CI_BUDGET, scope="environment=ci"))
    assert outcome.failed and not outcome["changed"]
    assert outcome["api_error"]["code"] == "ingestBudget:invalid_scope_field"


def test_budget_info_one_or_all(ansible_module, control):
    every = ansible_module("sumo_ingest_budget_info").result["budgets"]
    assert [b["name"] for b in every] == ["prod-web", "team-payments", "burst-guard"]
    one = ansible_module("sumo_ingest_budget_info", name="Team-Payments").result["budgets"]
    assert [(b["name"], b["usage_status"]) for b in one] == [("team-payments", "Exceeded")]


# -- ingest budgets: the plural module -------------------------------------------------------------------

def ci_budgets():
    return [{"name": "ci-a", "scope": "_sourceCategory=ci/a", "capacity": "1GB", "action": "keepCollecting"},
            {"name": "ci-b", "scope": "_sourceCategory=ci/b", "capacity": 2 * GIB, "action": "stopCollecting",
             "audit_threshold": 90}]


def test_budgets_merged_replaced_and_check_mode(ansible_module, control):
    control.clear_requests()
    check = ansible_module("sumo_ingest_budgets", config=ci_budgets(), check_mode=True).result
    assert [c["action"] for c in check["changes"]] == ["create", "create"] and control.requests()["writes"] == 0
    merged = ansible_module("sumo_ingest_budgets", config=ci_budgets()).result
    assert {b["name"]: b["capacity"] for b in merged["after"]} == {"ci-a": GIB, "ci-b": 2 * GIB}
    control.clear_requests()
    assert not ansible_module("sumo_ingest_budgets", config=ci_budgets(), state="replaced").result["changed"]
    assert counts(control) == {"GET": 1}
    changed = ansible_module("sumo_ingest_budgets", state="merged", diff=True,
                             config=[dict(ci_budgets()[0], capacity="1.5GB")]).result
    assert changed["changes"] == [{"name": "ci-a", "action": "update",
                                   "fields": {"capacity": {"before": GIB, "after": 1536 * 1024 ** 2}}}]


def test_budgets_overridden_within_scope_and_deleted(ansible_module, control):
    ansible_module("sumo_ingest_budgets", config=ci_budgets())
    control.clear_requests()
    result = ansible_module("sumo_ingest_budgets", state="overridden", scope={"name": "^ci-"},
                            config=[ci_budgets()[1]]).result
    assert [(c["name"], c["action"]) for c in result["changes"]] == [("ci-a", "delete")]
    assert [w[0] for w in writes(control)] == ["DELETE"]
    names = [b["name"] for b in ansible_module("sumo_ingest_budgets", state="gathered").result["gathered"]]
    assert names == ["prod-web", "team-payments", "burst-guard", "ci-b"]
    deleted = ansible_module("sumo_ingest_budgets", state="deleted", config=[{"name": "ci-b"}]).result
    assert [(c["name"], c["action"]) for c in deleted["changes"]] == [("ci-b", "delete")]


def test_budgets_two_items_for_one_budget_fail_before_any_write(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_ingest_budgets", config=[dict(ci_budgets()[0]), dict(ci_budgets()[0], name="CI-A")])
    assert outcome.failed and outcome["msg"] == "config[0] and config[1] both describe ingest budget 'CI-A'"
    assert control.requests()["writes"] == 0


def test_budgets_gathered_round_trip(ansible_module, control):
    gathered = ansible_module("sumo_ingest_budgets", state="gathered").result["gathered"]
    assert gathered[0] == {"name": "prod-web", "scope": "_sourceCategory=prod/web*", "capacity": 10 * GIB,
                           "budget_type": "dailyVolume", "reset_time": "02:00", "time_zone": "America/Los_Angeles",
                           "audit_threshold": 85, "action": "stopCollecting",
                           "description": "The web tier's daily allowance"}
    control.clear_requests()
    assert not ansible_module("sumo_ingest_budgets", config=gathered).result["changed"]
    assert counts(control) == {"GET": 1}
    # Applied to an empty organisation (whose built-in fields make these scopes but team=payments'), and back.
    control.reset(seed="empty")
    portable = [item for item in gathered if not item["scope"].startswith("team=")]
    applied = ansible_module("sumo_ingest_budgets", config=portable).result
    assert applied["changed"] and len(applied["changes"]) == 2
    again = ansible_module("sumo_ingest_budgets", state="gathered").result["gathered"]
    assert sorted(again, key=lambda b: b["name"]) == sorted(portable, key=lambda b: b["name"])
