# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fields, field extraction rules and partitions, singular and plural, in-process against the emulator;
and the check of the fields collectors and sources set."""

from __future__ import annotations

import pytest

SINGULAR = {"CustomField": "sumo_field", "ExtractionRule": "sumo_field_extraction_rule",
            "Partition": "sumo_partition", "Collector": "sumo_collector", "Source": "sumo_source"}


@pytest.fixture
def run(ansible_module):
    """``run("CustomField", name=...)``: the singular module of a declaration."""
    return lambda kind, **given: ansible_module(SINGULAR[kind], **given)


@pytest.fixture
def run_set(ansible_module):
    """``run_set("CustomField", config=[...])``: its plural module."""
    return lambda kind, **given: ansible_module(SINGULAR[kind] + "s", **given)


def counts(control):
    return control.requests()["counts"]


# -- fields ----------------------------------------------------------------------------------------

def test_field_create_reads_builtins_and_quota_then_noop_is_one_get(run, run_set, control):
    control.clear_requests()
    created = run("CustomField", name="region").result
    assert created["changed"] and created["field"]["field_name"] == "region" and created["field"]["enabled"]
    assert counts(control) == {"GET": 3, "POST": 1}
    control.clear_requests()
    again = run("CustomField", name="REGION", enabled=True).result
    assert not again["changed"] and counts(control) == {"GET": 1}


def test_field_created_disabled_is_disabled_after_its_post(run, run_set, control):
    control.clear_requests()
    created = run("CustomField", name="quiet", enabled=False).result
    assert created["changed"] and created["field"]["state"] == "Disabled"
    writes = [(r["method"], r["path"].rsplit("/", 1)[-1]) for r in control.requests()["requests"] if r["method"] != "GET"]
    assert writes == [("POST", "fields"), ("DELETE", "disable")]


def test_field_enable_and_disable_use_their_endpoints(run, run_set, control):
    control.clear_requests()
    off = run("CustomField", name="team", enabled=False, diff=True).result
    assert off["changed"] and off["diff"]["before"]["state"] == "Enabled" and off["diff"]["after"]["state"] == "Disabled"
    on = run("CustomField", name="environment", enabled=True).result
    assert on["changed"] and on["field"]["enabled"]
    writes = [(r["method"], r["path"].rsplit("/", 1)[-1]) for r in control.requests()["requests"] if r["method"] != "GET"]
    assert writes == [("DELETE", "disable"), ("PUT", "enable")]


def test_field_check_mode_writes_nothing(run, run_set, control):
    control.clear_requests()
    result = run("CustomField", check_mode=True, name="region", enabled=False).result
    assert result["changed"] and result["field"]["state"] == "Disabled"
    assert control.requests()["writes"] == 0


@pytest.mark.parametrize("state", ["present", "absent"])
def test_builtin_field_fails_naming_name_before_any_write(run, run_set, control, state):
    control.clear_requests()
    outcome = run("CustomField", name="_sourceHost", state=state)
    assert outcome.failed and outcome.result["msg"].startswith("name: '_sourceHost' is a built-in field")
    assert control.requests()["writes"] == 0


def test_full_quota_fails_before_the_post(run, run_set, control):
    control.reset(field_quota=4)  # the demo's four fields
    control.clear_requests()
    outcome = run("CustomField", name="region")
    assert outcome.failed and "field quota is full (4 of 4" in outcome.result["msg"]
    assert outcome.result["msg"].startswith("name:")
    assert control.requests()["writes"] == 0


def test_field_name_too_long_fails_before_any_request(run, run_set, control):
    control.clear_requests()
    outcome = run("CustomField", name="x" * 256)
    assert outcome.failed and outcome.result["msg"] == "name: 1 to 255 characters are required, got 256"
    assert control.requests()["total"] == 0


def test_field_absent_twice(run, run_set, control):
    first = run("CustomField", name="owner", state="absent").result
    second = run("CustomField", name="owner", state="absent").result
    assert first["changed"] and first["field"] == {} and not second["changed"]


def test_plural_fields_quota_counts_every_create_of_the_task(run, run_set, control):
    control.reset(field_quota=5)  # one left
    control.clear_requests()
    outcome = run_set("CustomField", config=[{"name": "one"}, {"name": "two"}])
    assert outcome.failed and outcome.result["msg"].startswith("config[1] (two): name:")
    assert "this task creates 2" in outcome.result["msg"]
    assert control.requests()["writes"] == 0


def test_plural_fields_overridden_within_scope(run, run_set, control):
    result = run_set("CustomField", state="overridden", scope={"name": "^(team|owner)$"},
                     config=[{"name": "team"}]).result
    assert [(c["name"], c["action"]) for c in result["changes"]] == [("owner", "delete")]
    gathered = run_set("CustomField", state="gathered").result["gathered"]
    assert sorted(f["name"] for f in gathered) == ["environment", "status_code", "team"]
    assert {"name": "environment", "enabled": False} in gathered


def test_plural_fields_refuse_a_builtin_name(run, run_set, control):
    control.clear_requests()
    outcome = run_set("CustomField", config=[{"name": "ok"}, {"name": "_budget"}])
    assert outcome.failed and outcome.result["msg"].startswith("config[1] (_budget): name: '_budget' is a built-in")
    assert control.requests()["writes"] == 0


# -- field extraction rules ----------------------------------------------------------------------------

RULE = dict(name="api-latency", scope="_sourceCategory=prod/api", parse_expression='parse "took=*ms" as latency_ms')


def test_rule_create_noop_and_update_sends_the_whole_rule(run, run_set, control):
    control.clear_requests()
    created = run("ExtractionRule", **RULE).result
    assert created["changed"] and created["rule"]["field_names"] == ["latency_ms"]
    assert counts(control) == {"GET": 1, "POST": 1}
    control.clear_requests()
    assert not run("ExtractionRule", **RULE).result["changed"]
    assert counts(control) == {"GET": 1}
    control.clear_requests()
    # The API refuses a PUT without every property: success shows the whole rule was sent.
    paused = run("ExtractionRule", name="api-latency", enabled=False).result
    assert paused["changed"] and paused["rule"]["enabled"] is False and paused["rule"]["scope"] == RULE["scope"]
    assert counts(control) == {"GET": 1, "PUT": 1}


def test_rule_name_differing_in_case_is_the_rule_renamed(run, run_set, control):
    result = run("ExtractionRule", name="Web-Status").result
    assert result["changed"] and result["rule"]["name"] == "Web-Status"


@pytest.mark.parametrize("given, message", [
    (dict(name="x" * 257), "name: 1 to 256 characters are required, got 257"),
    (dict(name="r", scope="s" * 2049), "scope: 0 to 2048 characters are required, got 2049"),
    (dict(name="r", parse_expression="p" * 16385), "parse_expression: 1 to 16384 characters are required, got 16385"),
    (dict(name="r", parse_expression="  "), "parse_expression: must not be blank"),
])
def test_rule_lengths_fail_before_any_request(run, run_set, control, given, message):
    control.clear_requests()
    outcome = run("ExtractionRule", **given)
    assert outcome.failed and outcome.result["msg"] == message
    assert control.requests()["total"] == 0


def test_rule_create_needs_scope_and_expression(run, run_set, control):
    outcome = run("ExtractionRule", name="new-rule", scope="")
    assert outcome.failed and outcome.result["msg"].startswith("parse_expression: required to create")
    assert control.requests()["writes"] == 0


def test_plural_rules_round_trip(run, run_set, control):
    run_set("ExtractionRule", config=[RULE])
    gathered = run_set("ExtractionRule", state="gathered").result["gathered"]
    assert {"name": "api-latency", "scope": RULE["scope"], "parse_expression": RULE["parse_expression"],
            "enabled": True} in gathered
    control.clear_requests()
    again = run_set("ExtractionRule", config=gathered).result
    assert not again["changed"] and counts(control) == {"GET": 1}


# -- partitions --------------------------------------------------------------------------------------

def test_partition_create_noop_and_default_retention(run, run_set, control):
    control.clear_requests()
    created = run("Partition", name="api_logs", routing_expression="_sourceCategory=api", retention_period=-1,
                  analytics_tier="continuous").result
    assert created["changed"] and not created["decommissioned"] and created["partition"]["retention_period"] == 30
    assert counts(control) == {"GET": 1, "POST": 1}
    control.clear_requests()
    # -1 is the account's default, answered as days: it changes nothing on an existing partition.
    again = run("Partition", name="api_logs", routing_expression="_sourceCategory=api", retention_period=-1,
                analytics_tier="continuous").result
    assert not again["changed"] and counts(control) == {"GET": 1}


def test_partition_tier_change_fails_before_any_write(run, run_set, control):
    control.clear_requests()
    outcome = run("Partition", name="prod_web", analytics_tier="infrequent")
    assert outcome.failed and outcome.result["msg"].startswith("analytics_tier: partition 'prod_web' (id ")
    assert "has analytics_tier 'continuous'; the analytics_tier of a partition cannot change" in outcome.result["msg"]
    assert control.requests()["writes"] == 0


def test_shorter_retention_needs_the_option(run, run_set, control):
    control.clear_requests()
    outcome = run("Partition", name="prod_web", retention_period=7)
    assert outcome.failed and outcome.result["msg"].startswith("reduce_retention_period_immediately: required")
    assert control.requests()["writes"] == 0


def test_pending_reduction_is_the_retention_asked_for_and_can_be_cancelled(run, run_set, control):
    later = run("Partition", name="prod_web", retention_period=7, reduce_retention_period_immediately=False)
    assert later.result["changed"] and later.result["partition"]["new_retention_period"] == 7
    control.clear_requests()
    assert not run("Partition", name="prod_web", retention_period=7).result["changed"]
    gathered = run_set("Partition", state="gathered").result["gathered"]
    assert [p["retention_period"] for p in gathered if p["name"] == "prod_web"] == [7]
    assert control.requests()["writes"] == 0
    cancelled = run("Partition", name="prod_web", retention_period=30).result
    assert cancelled["changed"] and "new_retention_period" not in cancelled["partition"]
    writes = [(r["method"], r["path"].rsplit("/", 1)[-1]) for r in control.requests()["requests"] if r["method"] != "GET"]
    assert writes == [("POST", "cancelRetentionUpdate")]


def test_reduce_now_applies_a_pending_reduction(run, run_set, control):
    run("Partition", name="prod_web", retention_period=7, reduce_retention_period_immediately=False)
    now = run("Partition", name="prod_web", retention_period=7, reduce_retention_period_immediately=True).result
    assert now["changed"] and now["partition"]["retention_period"] == 7


@pytest.mark.parametrize("given, message", [
    (dict(is_compliant=False), "is_compliant: partition 'security_audit' is compliant"),
    (dict(retention_period=100, reduce_retention_period_immediately=True),
     "retention_period: partition 'security_audit' is compliant, so its retention can only grow"),
])
def test_compliant_partition_rules_fail_before_any_write(run, run_set, control, given, message):
    control.clear_requests()
    outcome = run("Partition", name="security_audit", **given)
    assert outcome.failed and outcome.result["msg"].startswith(message)
    assert control.requests()["writes"] == 0


def test_decommission_then_absent_and_present(run, run_set, control):
    gone = run("Partition", name="prod_web", state="absent", diff=True).result
    assert gone["changed"] and gone["decommissioned"] and gone["diff"]["after"] == {}
    again = run("Partition", name="prod_web", state="absent").result
    assert not again["changed"] and not again["decommissioned"]
    control.clear_requests()
    back = run("Partition", name="prod_web", routing_expression="_sourceCategory=x")
    assert back.failed and "is decommissioned" in back.result["msg"] and back.result["msg"].startswith("name:")
    assert control.requests()["writes"] == 0


def test_decommission_check_mode(run, run_set, control):
    control.clear_requests()
    result = run("Partition", check_mode=True, name="prod_web", state="absent").result
    assert result["changed"] and result["decommissioned"] and control.requests()["writes"] == 0


@pytest.mark.parametrize("name, message", [
    ("x" * 256, "name: 1 to 255 characters are required, got 256"),
    ("web-logs", "name: 'web-logs' may hold letters, digits and underscores only"),
    ("sumologic_default", "name: names starting with sumologic_"),
])
def test_partition_names_fail_before_any_request(run, run_set, control, name, message):
    control.clear_requests()
    outcome = run("Partition", name=name, routing_expression="*")
    assert outcome.failed and outcome.result["msg"].startswith(message)
    assert control.requests()["total"] == 0


def test_plural_partitions_leave_decommissioned_ones_alone(run, run_set, control):
    gathered = run_set("Partition", state="gathered").result["gathered"]
    assert sorted(p["name"] for p in gathered) == ["prod_web", "security_audit"]  # not old_staging
    result = run_set("Partition", state="overridden", scope={"name": "^prod_"},
                     config=[]).result
    assert [(c["name"], c["action"]) for c in result["changes"]] == [("prod_web", "delete")]
    assert result["undeclared"] == ["prod_web"]
    again = run_set("Partition", state="overridden", scope={"name": "^prod_"}, config=[]).result
    assert not again["changed"] and again["undeclared"] == []


# -- fields that collectors and sources set ------------------------------------------------------------

def test_collector_warns_about_an_undefined_field_once(run, run_set, control):
    control.clear_requests()
    done = run("Collector", name="warned", fields={"team": "a", "tema": "b", "_budget": "c"})
    assert not done.failed
    assert len(done.warnings) == 1 and "'tema', set by collector 'warned'" in done.warnings[0]
    assert counts(control) == {"GET": 2, "POST": 1}  # the fields, the collector by name


def test_collector_without_fields_reads_no_field(run, run_set, control):
    control.clear_requests()
    run("Collector", name="quiet", fields={"_budget": "x"})
    assert counts(control) == {"GET": 1, "POST": 1}


def test_plural_collectors_warn_once_per_field_and_report_it(run, run_set, control):
    config = [{"name": "c%d" % i, "fields": {"tema": "x", "team": "y"}} for i in range(3)]
    done = run_set("Collector", config=config)
    assert len(done.warnings) == 1 and "collector 'c0', collector 'c1', collector 'c2'" in done.warnings[0]
    users = ["collector 'c0'", "collector 'c1'", "collector 'c2'"]
    assert done.result["unknown_fields"] == [{"field": "tema", "used_by": users}]


def test_source_warns_about_an_undefined_field(run, run_set, control):
    done = run("Source", collector="demo-hosted", name="warned", source_type="HTTP", fields={"tema": "x"})
    assert not done.failed and len(done.warnings) == 1
    assert "'tema', set by source 'demo-hosted/warned'" in done.warnings[0]


def test_field_create_whose_answer_is_lost_is_looked_up_not_resent(run, run_set, control):
    control.fault(action="drop_after", method="POST", path="^/api/v1/fields$", count=1)
    created = run("CustomField", name="lost_answer").result
    assert created["changed"] and created["field"]["field_name"] == "lost_answer"
    posts = [r for r in control.requests()["requests"] if r["method"] == "POST"]
    assert len(posts) == 1
