# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""sumo_field, sumo_field_info, sumo_fields, sumo_field_extraction_rule(_info, s), sumo_partition(_info, s),
in-process against the emulator: states, request counts, check mode, diff, quotas, the rules the APIs
enforce, and bad input with no request."""

from __future__ import annotations

import pytest

SINGULAR = {"CustomField": "sumo_field", "ExtractionRule": "sumo_field_extraction_rule", "Partition": "sumo_partition"}


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
    assert outcome.failed and "field quota is full (4 of 4 fields defined)" in outcome.result["msg"]
    assert outcome.result["msg"].startswith("name: field 'region' cannot be created")
    assert control.requests()["writes"] == 0 and counts(control) == {"GET": 3}


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
    assert outcome.failed and outcome.result["msg"].startswith("config[1] (two): name: field 'two' cannot be created")
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


def test_field_check_mode_create_then_create_with_diff_then_noop(run, run_set, control):
    control.clear_requests()
    checked = run("CustomField", check_mode=True, name="ci_region").result
    assert checked["changed"] and checked["field"]["field_name"] == "ci_region"
    assert control.requests()["writes"] == 0
    assert counts(control) == {"GET": 3}, "the custom fields, the built-in fields, the quota"
    control.clear_requests()
    created = run("CustomField", diff=True, name="ci_region").result
    assert created["changed"] and isinstance(created["field"]["field_id"], str)
    assert created["field"]["state"] == "Enabled" and created["field"]["enabled"]
    assert created["diff"]["before"] == {} and created["diff"]["after"]["field_name"] == "ci_region"
    assert [r["path"] for r in control.requests()["requests"]] == \
        ["/api/v1/fields", "/api/v1/fields/builtin", "/api/v1/fields/quota", "/api/v1/fields"]
    control.clear_requests()
    again = run("CustomField", name="CI_Region", enabled=True).result
    assert not again["changed"] and again["field"]["field_id"] == created["field"]["field_id"]
    assert counts(control) == {"GET": 1}


def test_field_check_mode_disable_then_disable_and_enable_by_their_endpoints(run, run_set, control):
    field_id = run("CustomField", name="ci_region").result["field"]["field_id"]
    control.clear_requests()
    checked = run("CustomField", check_mode=True, diff=True, name="ci_region", enabled=False).result
    assert checked["changed"] and checked["diff"]["before"]["state"] == "Enabled"
    assert checked["diff"]["after"]["state"] == "Disabled"
    assert control.requests()["writes"] == 0 and counts(control) == {"GET": 1}
    control.clear_requests()
    disabled = run("CustomField", name="ci_region", enabled=False).result
    assert disabled["changed"] and disabled["field"]["state"] == "Disabled" and not disabled["field"]["enabled"]
    log = control.requests()
    assert log["counts"] == {"GET": 1, "DELETE": 1}, "no PUT of the field"
    assert log["requests"][1]["path"] == "/api/v1/fields/%s/disable" % field_id
    control.clear_requests()
    enabled = run("CustomField", name="ci_region", enabled=True).result
    assert enabled["changed"] and enabled["field"]["state"] == "Enabled"
    log = control.requests()
    assert log["counts"] == {"GET": 1, "PUT": 1}
    assert log["requests"][1]["path"] == "/api/v1/fields/%s/enable" % field_id


def test_full_quota_still_manages_an_existing_field(run, run_set, control):
    control.reset(field_quota=4)
    assert run("CustomField", name="owner", enabled=False).result["changed"]


def test_field_delete_in_check_mode_then_with_diff_then_again(run, run_set, control):
    control.clear_requests()
    assert run("CustomField", check_mode=True, name="owner", state="absent").result["changed"]
    assert control.requests()["writes"] == 0
    control.clear_requests()
    deleted = run("CustomField", diff=True, name="owner", state="absent").result
    assert deleted["changed"] and deleted["field"] == {}
    assert deleted["diff"]["before"]["field_name"] == "owner" and deleted["diff"]["after"] == {}
    assert not run("CustomField", name="owner", state="absent").result["changed"]
    assert counts(control) == {"GET": 3, "DELETE": 1}, "the second run read the fields and the built-in ones"


def test_field_create_whose_answer_is_lost_is_looked_up_not_resent(run, run_set, control):
    control.fault(action="drop_after", method="POST", path="^/api/v1/fields$", count=1)
    created = run("CustomField", name="lost_answer").result
    assert created["changed"] and created["field"]["field_name"] == "lost_answer"
    posts = [r for r in control.requests()["requests"] if r["method"] == "POST"]
    assert len(posts) == 1


# -- sumo_fields --

FIELD_SET = [{"name": "ci_a"}, {"name": "ci_b", "enabled": False}, {"name": "ci_c"}]


def test_plural_fields_check_mode_create_then_create_then_noop(run, run_set, control):
    control.clear_requests()
    checked = run_set("CustomField", check_mode=True, diff=True, config=FIELD_SET).result
    assert checked["changed"] and [c["action"] for c in checked["changes"]] == ["create"] * 3
    assert checked["diff"]["after"]["ci_b"]["enabled"] is False
    assert counts(control) == {"GET": 3}, "one listing, the built-in fields and the quota read once, no write"
    control.clear_requests()
    created = run_set("CustomField", config=FIELD_SET).result
    assert created["changed"] and created["before"] == []
    after = sorted(created["after"], key=lambda f: f["name"])
    assert [f["name"] for f in after] == ["ci_a", "ci_b", "ci_c"] and [f["enabled"] for f in after] == [True, False, True]
    # the listing, the built-in fields, the quota, and ci_b read before its disable
    assert counts(control) == {"GET": 4, "POST": 3, "DELETE": 1}
    control.clear_requests()
    assert not run_set("CustomField", config=FIELD_SET).result["changed"]
    assert counts(control) == {"GET": 1}


def test_plural_fields_update_gathered_round_trip_and_overridden(run, run_set, control):
    run_set("CustomField", config=FIELD_SET)
    control.clear_requests()
    updated = run_set("CustomField", config=[{"name": "ci_a"}, {"name": "ci_b", "enabled": True}]).result
    assert updated["changes"] == [{"name": "ci_b", "action": "update",
                                   "fields": {"enabled": {"before": False, "after": True}}}]
    assert counts(control) == {"GET": 2, "PUT": 1}, "the listing, a read of ci_b and its enable"
    gathered = run_set("CustomField", state="gathered").result["gathered"]
    assert len(gathered) == 7 and {"name": "environment", "enabled": False} in gathered
    assert not run_set("CustomField", config=gathered).result["changed"]
    overridden = run_set("CustomField", state="overridden", scope={"name": "^ci_"}, config=[{"name": "ci_a"}]).result
    assert overridden["changed"] and sorted(c["name"] for c in overridden["changes"]) == ["ci_b", "ci_c"]
    assert {c["action"] for c in overridden["changes"]} == {"delete"} and overridden["undeclared"] == ["ci_b", "ci_c"]
    left = run_set("CustomField", state="gathered").result["gathered"]
    assert sorted(f["name"] for f in left) == ["ci_a", "environment", "owner", "status_code", "team"]


def test_plural_fields_bad_names_fail_naming_the_item(run, run_set, control):
    control.clear_requests()
    too_long = run_set("CustomField", config=[{"name": "ci_x"}, {"name": "x" * 256}])
    assert too_long.failed and too_long["msg"].startswith("config[1].name:")
    builtin = run_set("CustomField", config=[{"name": "ci_x"}, {"name": "_sourceHost"}])
    assert builtin.failed
    assert builtin["msg"].startswith("config[1] (_sourceHost): name: '_sourceHost' is a built-in field")
    assert control.requests()["writes"] == 0


def test_plural_fields_deleted_then_again(run, run_set, control):
    deleted = run_set("CustomField", state="deleted", config=[{"name": "owner"}, {"name": "ci_never"}]).result
    assert [c["name"] for c in deleted["changes"]] == ["owner"]
    assert not run_set("CustomField", state="deleted", config=[{"name": "owner"}]).result["changed"]


# -- sumo_field_info --

def test_field_info_everything_one_get_each(ansible_module, control):
    control.reset(fields=30, dropped_fields=5)
    control.clear_requests()
    everything = ansible_module("sumo_field_info").result
    assert not everything["changed"] and len(everything["fields"]) == 34
    fields = {f["field_name"]: f for f in everything["fields"]}
    assert fields["environment"]["enabled"] is False and fields["team"]["state"] == "Enabled"
    assert [f for f in everything["builtin_fields"] if f["field_name"] == "_sourceCategory"]
    assert "datacenter" in everything["dropped_fields"] and len(everything["dropped_fields"]) == 7
    assert everything["quota"] == {"quota": 200, "remaining": 166}
    assert counts(control) == {"GET": 4}


def test_field_info_by_name_without_regard_to_case_only_the_parts_asked_for(ansible_module, control):
    control.clear_requests()
    team = ansible_module("sumo_field_info", name="TEAM", include=["custom"]).result
    assert [f["field_name"] for f in team["fields"]] == ["team"]
    assert "builtin_fields" not in team and "quota" not in team and "dropped_fields" not in team
    host = ansible_module("sumo_field_info", name="_sourcehost", include=["custom", "builtin"]).result
    assert host["fields"] == [] and [f["field_name"] for f in host["builtin_fields"]] == ["_sourceHost"]
    assert counts(control) == {"GET": 3}


def test_field_info_a_defined_field_is_no_longer_dropped(ansible_module, control):
    control.reset(fields=30, dropped_fields=5)
    ansible_module("sumo_field", name="datacenter")
    after = ansible_module("sumo_field_info", include=["dropped", "quota"]).result
    assert "datacenter" not in after["dropped_fields"] and after["quota"]["remaining"] == 165
    assert "fields" not in after


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


LATENCY = dict(name="ci-latency", scope="_sourceCategory=ci/api", parse_expression='parse "took=*ms" as ci_latency_ms')


def test_rule_among_1200_check_mode_create_then_create_then_noop(run, run_set, ansible_module, control):
    control.reset(extraction_rules=1200)
    control.clear_requests()
    checked = run("ExtractionRule", check_mode=True, **LATENCY).result
    assert checked["changed"] and checked["rule"]["name"] == "ci-latency"
    assert control.requests()["writes"] == 0 and counts(control) == {"GET": 2}, "the listing, two pages"
    control.clear_requests()
    created = run("ExtractionRule", diff=True, **LATENCY).result
    rule = created["rule"]
    assert created["changed"] and isinstance(rule["id"], str) and rule["enabled"]
    assert rule["field_names"] == ["ci_latency_ms"]
    assert created["diff"]["before"] == {} and created["diff"]["after"]["scope"] == "_sourceCategory=ci/api"
    assert counts(control) == {"GET": 2, "POST": 1}
    defined = ansible_module("sumo_field_info", name="ci_latency_ms", include=["custom"]).result["fields"]
    assert defined[0]["enabled"], "the field it extracts is defined"
    control.clear_requests()
    again = run("ExtractionRule", enabled=True, **LATENCY).result
    assert not again["changed"] and again["rule"]["id"] == rule["id"] and counts(control) == {"GET": 2}


def test_rule_check_mode_update_then_the_whole_rule_is_sent(run, run_set, control):
    control.reset(extraction_rules=1200)
    rule_id = run("ExtractionRule", **LATENCY).result["rule"]["id"]
    control.clear_requests()
    checked = run("ExtractionRule", check_mode=True, diff=True, name="ci-latency", scope="_sourceCategory=ci/api*").result
    assert checked["changed"] and control.requests()["writes"] == 0
    assert checked["diff"]["before"]["scope"] == "_sourceCategory=ci/api"
    assert checked["diff"]["after"]["scope"] == "_sourceCategory=ci/api*"
    assert checked["diff"]["after"]["parse_expression"] == LATENCY["parse_expression"]
    control.clear_requests()
    disabled = run("ExtractionRule", name="ci-latency", enabled=False).result
    assert disabled["changed"] and not disabled["rule"]["enabled"]
    assert disabled["rule"]["scope"] == LATENCY["scope"]
    assert disabled["rule"]["parse_expression"] == LATENCY["parse_expression"]
    log = control.requests()
    assert log["counts"] == {"GET": 2, "PUT": 1} and log["requests"][2]["path"] == "/api/v1/extractionRules/" + rule_id
    changed = run("ExtractionRule", name="ci-latency", parse_expression='parse "took=* ms" as ci_latency_ms').result
    assert changed["changed"] and not changed["rule"]["enabled"], "still disabled"


def test_rule_extracting_a_builtin_field_is_refused_by_the_api(run, run_set, control):
    control.clear_requests()
    builtin = run("ExtractionRule", name="ci-builtin", scope="", parse_expression='parse "host=*" as _sourceHost')
    assert builtin.failed and "HTTP 400" in builtin["msg"] and "field:builtin" in builtin["msg"]
    log = control.requests()
    assert log["writes"] == 1 and [r["status"] for r in log["requests"] if r["method"] == "POST"] == [400]


def test_rule_delete_in_check_mode_then_with_diff_then_again(run, run_set, control):
    control.reset(extraction_rules=1200)
    run("ExtractionRule", **LATENCY)
    assert run("ExtractionRule", check_mode=True, name="ci-latency", state="absent").result["changed"]
    control.clear_requests()
    deleted = run("ExtractionRule", diff=True, name="ci-latency", state="absent").result
    assert deleted["changed"] and deleted["diff"]["before"]["name"] == "ci-latency" and deleted["diff"]["after"] == {}
    assert not run("ExtractionRule", name="ci-latency", state="absent").result["changed"]
    assert counts(control) == {"GET": 4, "DELETE": 1}


# -- sumo_field_extraction_rules --

RULE_SET = [{"name": "ci-a", "scope": "_sourceCategory=ci/a", "parse_expression": 'parse "a=*" as ci_a'},
            {"name": "ci-b", "scope": "_sourceCategory=ci/b", "parse_expression": 'parse "b=*" as ci_b', "enabled": False},
            {"name": "ci-c", "scope": "", "parse_expression": 'parse "c=*" as ci_c'}]


def test_plural_rules_check_mode_create_then_create_then_noop(run, run_set, control):
    control.clear_requests()
    checked = run_set("ExtractionRule", check_mode=True, diff=True, config=RULE_SET).result
    assert checked["changed"] and [c["action"] for c in checked["changes"]] == ["create"] * 3
    assert checked["diff"]["after"]["ci-b"]["enabled"] is False and counts(control) == {"GET": 1}
    control.clear_requests()
    created = run_set("ExtractionRule", config=RULE_SET).result
    assert created["changed"] and len(created["after"]) == 3
    assert [r for r in created["after"] if r["name"] == "ci-b"][0]["enabled"] is False
    assert counts(control) == {"GET": 1, "POST": 3}
    control.clear_requests()
    assert not run_set("ExtractionRule", config=RULE_SET).result["changed"] and counts(control) == {"GET": 1}


def test_plural_rules_update_replaced_round_trip_and_overridden(run, run_set, control):
    run_set("ExtractionRule", config=RULE_SET)
    control.clear_requests()
    updated = run_set("ExtractionRule", config=[{"name": "ci-a"}, {"name": "ci-b", "enabled": True}]).result
    assert updated["changes"] == [{"name": "ci-b", "action": "update",
                                   "fields": {"enabled": {"before": False, "after": True}}}]
    assert [r for r in updated["after"] if r["name"] == "ci-b"][0]["scope"] == "_sourceCategory=ci/b"
    assert counts(control) == {"GET": 2, "PUT": 1}, "the listing, a read of ci-b and its PUT"
    gathered = run_set("ExtractionRule", state="gathered").result["gathered"]
    assert sorted(r["name"] for r in gathered) == ["ci-a", "ci-b", "ci-c", "web-status"]
    control.clear_requests()
    assert not run_set("ExtractionRule", state="replaced", config=gathered).result["changed"]
    assert counts(control) == {"GET": 1}
    overridden = run_set("ExtractionRule", state="overridden", scope={"name": "^ci-"}, config=[RULE_SET[0]]).result
    assert sorted(c["name"] for c in overridden["changes"]) == ["ci-b", "ci-c"]
    assert overridden["undeclared"] == ["ci-b", "ci-c"]
    left = run_set("ExtractionRule", state="gathered").result["gathered"]
    assert sorted(r["name"] for r in left) == ["ci-a", "web-status"]


def test_plural_rules_bad_input_fails_naming_the_item(run, run_set, control):
    control.clear_requests()
    too_long = run_set("ExtractionRule", config=[{"name": "ci-x", "scope": "", "parse_expression": 'parse "x=*" as x'},
                                                 {"name": "x" * 257, "scope": "", "parse_expression": 'parse "x=*" as x'}])
    assert too_long.failed and too_long["msg"].startswith("config[1].name: 1 to 256 characters")
    no_scope = run_set("ExtractionRule", config=[{"name": "ci-x", "scope": "", "parse_expression": 'parse "x=*" as x'},
                                                 {"name": "ci-y", "parse_expression": 'parse "y=*" as y'}])
    assert no_scope.failed and no_scope["msg"].startswith("config[1] (ci-y): scope: required to create")
    assert control.requests()["writes"] == 0


def test_plural_rules_deleted_by_scope_then_again(run, run_set, control):
    run_set("ExtractionRule", config=RULE_SET[:1])
    deleted = run_set("ExtractionRule", state="deleted", scope={"name": "^ci-"}).result
    assert [c["name"] for c in deleted["changes"]] == ["ci-a"]
    assert not run_set("ExtractionRule", state="deleted", scope={"name": "^ci-"}).result["changed"]


# -- sumo_field_extraction_rule_info --

def test_rule_info_every_page_one_by_name_and_none(ansible_module, control):
    control.reset(extraction_rules=2100)
    control.clear_requests()
    every = ansible_module("sumo_field_extraction_rule_info").result
    assert not every["changed"] and len(every["rules"]) == 2101
    assert every["rules"][0]["name"] == "web-status" and every["rules"][0]["field_names"] == ["status_code"]
    log = control.requests()
    assert log["counts"] == {"GET": 3} and "token=" in log["requests"][1]["query"]
    one = ansible_module("sumo_field_extraction_rule_info", name="WEB-STATUS").result["rules"]
    assert len(one) == 1 and one[0]["scope"] == "_sourceCategory=prod/web"
    assert ansible_module("sumo_field_extraction_rule_info", name="no-such-rule").result["rules"] == []


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


CI_API = dict(name="ci_api", routing_expression="_sourceCategory=ci/api*", analytics_tier="continuous",
              retention_period=60)


def writes_of(control):
    return [(r["method"], r["path"].rsplit("/", 1)[-1]) for r in control.requests()["requests"] if r["method"] != "GET"]


def test_partition_check_mode_create_then_create_with_diff_then_noop(run, run_set, control):
    control.clear_requests()
    checked = run("Partition", check_mode=True, **CI_API).result
    assert checked["changed"] and checked["partition"]["name"] == "ci_api" and not checked["decommissioned"]
    assert control.requests()["writes"] == 0 and counts(control) == {"GET": 1}
    control.clear_requests()
    created = run("Partition", diff=True, **CI_API).result
    partition = created["partition"]
    assert created["changed"] and isinstance(partition["id"], str)
    assert partition["retention_period"] == 60 and partition["is_active"]
    assert created["diff"]["before"] == {}
    assert created["diff"]["after"]["routing_expression"] == "_sourceCategory=ci/api*"
    assert counts(control) == {"GET": 1, "POST": 1}
    control.clear_requests()
    again = run("Partition", is_compliant=False, **CI_API).result
    assert not again["changed"] and again["partition"]["id"] == partition["id"] and counts(control) == {"GET": 1}
    assert not run("Partition", name="ci_api", retention_period=-1).result["changed"], "the API answers days"


def test_partition_check_mode_update_then_update(run, run_set, control):
    run("Partition", **CI_API)
    control.clear_requests()
    checked = run("Partition", check_mode=True, diff=True, name="ci_api", retention_period=90).result
    assert checked["changed"] and control.requests()["writes"] == 0
    assert checked["diff"]["before"]["retention_period"] == 60 and checked["diff"]["after"]["retention_period"] == 90
    control.clear_requests()
    updated = run("Partition", name="ci_api", routing_expression="_sourceCategory=ci/api/*", retention_period=90).result
    assert updated["changed"] and updated["partition"]["retention_period"] == 90
    assert updated["partition"]["routing_expression"] == "_sourceCategory=ci/api/*"
    assert counts(control) == {"GET": 1, "PUT": 1}


def test_partition_shorter_retention_refused_later_pending_cancelled_then_now(run, run_set, control):
    run("Partition", **dict(CI_API, retention_period=90))
    control.clear_requests()
    unconfirmed = run("Partition", name="ci_api", retention_period=14)
    assert unconfirmed.failed
    assert unconfirmed["msg"].startswith("reduce_retention_period_immediately: required to shorten")
    assert control.requests()["writes"] == 0
    later = run("Partition", name="ci_api", retention_period=14, reduce_retention_period_immediately=False).result
    assert later["changed"] and later["partition"]["retention_period"] == 90
    assert later["partition"]["new_retention_period"] == 14
    control.clear_requests()
    assert not run("Partition", name="ci_api", retention_period=14).result["changed"] and counts(control) == {"GET": 1}
    control.clear_requests()
    cancelled = run("Partition", name="ci_api", retention_period=90).result
    assert cancelled["changed"] and "new_retention_period" not in cancelled["partition"]
    log = control.requests()
    assert log["counts"] == {"GET": 1, "POST": 1} and log["requests"][1]["path"].endswith("/cancelRetentionUpdate")
    now = run("Partition", name="ci_api", retention_period=14, reduce_retention_period_immediately=True).result
    assert now["changed"] and now["partition"]["retention_period"] == 14


def test_partition_negative_retention_fails_before_any_request(run, run_set, control):
    control.clear_requests()
    negative = run("Partition", name="ci_api", retention_period=-5)
    assert negative.failed and negative["msg"].startswith("retention_period:")
    assert control.requests()["total"] == 0


@pytest.mark.parametrize("given, message", [
    (dict(name="ci_api", analytics_tier="frequent", retention_period=30),
     "analytics_tier: partition 'ci_api' (id "),
    (dict(name="prod_web", retention_period=7, reduce_retention_period_immediately=True, is_compliant=True),
     "retention_period: partition 'prod_web' is being made compliant"),
    (dict(name="ci_incomplete"), "routing_expression: required to create"),
])
def test_partition_changes_the_api_would_refuse_fail_before_any_write(run, run_set, control, given, message):
    run("Partition", **CI_API)
    control.clear_requests()
    outcome = run("Partition", **given)
    assert outcome.failed and outcome["msg"].startswith(message), outcome["msg"]
    assert control.requests()["writes"] == 0


def test_compliant_partition_retention_grows(run, run_set, control):
    grown = run("Partition", name="security_audit", retention_period=400).result
    assert grown["changed"] and grown["partition"]["retention_period"] == 400


def test_decommission_with_one_post_then_decommissioned_ones_are_absent(run, run_set, ansible_module, control):
    partition_id = run("Partition", **CI_API).result["partition"]["id"]
    control.clear_requests()
    gone = run("Partition", diff=True, name="ci_api", state="absent").result
    assert gone["changed"] and gone["decommissioned"]
    assert gone["diff"]["before"]["name"] == "ci_api" and gone["diff"]["after"] == {}
    log = control.requests()
    assert log["counts"] == {"GET": 1, "POST": 1}
    assert log["requests"][1]["path"] == "/api/v1/partitions/%s/decommission" % partition_id
    control.clear_requests()
    again = run("Partition", name="ci_api", state="absent").result
    assert not again["changed"] and not again["decommissioned"]
    assert not run("Partition", name="old_staging", state="absent").result["changed"]
    assert control.requests()["writes"] == 0
    back = run("Partition", name="ci_api", routing_expression="_sourceCategory=ci/api*")
    assert back.failed and back["msg"].startswith("name: partition 'ci_api' (id ") and "is decommissioned" in back["msg"]
    assert control.requests()["writes"] == 0
    info = ansible_module("sumo_partition_info", name="ci_api").result["partitions"]
    assert len(info) == 1 and not info[0]["is_active"], "kept, inactive"


# -- sumo_partitions --

PARTITION_SET = [
    {"name": "ci_a", "routing_expression": "_sourceCategory=ci/a*", "retention_period": 30},
    {"name": "ci_b", "routing_expression": "_sourceCategory=ci/b*", "analytics_tier": "infrequent", "retention_period": 60},
    {"name": "ci_c", "routing_expression": "_sourceCategory=ci/c*", "is_compliant": True, "retention_period": 365}]


def test_plural_partitions_check_mode_create_then_create_then_noop(run, run_set, control):
    control.clear_requests()
    checked = run_set("Partition", check_mode=True, diff=True, config=PARTITION_SET).result
    assert checked["changed"] and [c["action"] for c in checked["changes"]] == ["create"] * 3
    assert checked["diff"]["after"]["ci_b"]["analytics_tier"] == "infrequent" and counts(control) == {"GET": 1}
    control.clear_requests()
    created = run_set("Partition", config=PARTITION_SET).result
    assert created["changed"] and len(created["after"]) == 3
    assert [p for p in created["after"] if p["name"] == "ci_c"][0]["is_compliant"]
    assert counts(control) == {"GET": 1, "POST": 3}
    control.clear_requests()
    assert not run_set("Partition", config=PARTITION_SET).result["changed"] and counts(control) == {"GET": 1}


def test_plural_partitions_update_and_gathered_round_trip_with_a_pending_reduction(run, run_set, control):
    run_set("Partition", config=PARTITION_SET)
    control.clear_requests()
    updated = run_set("Partition", config=[{"name": "ci_a", "retention_period": 45},
                                           {"name": "ci_b", "retention_period": 30,
                                            "reduce_retention_period_immediately": False},
                                           {"name": "ci_c"}]).result
    after = {p["name"]: p for p in updated["after"]}
    assert sorted(c["name"] for c in updated["changes"]) == ["ci_a", "ci_b"]
    assert after["ci_a"]["retention_period"] == 45 and after["ci_b"]["retention_period"] == 30
    assert counts(control) == {"GET": 3, "PUT": 2}, "the listing, then a read and a PUT each"
    gathered = run_set("Partition", state="gathered").result["gathered"]
    assert sorted(p["name"] for p in gathered) == ["ci_a", "ci_b", "ci_c", "prod_web", "security_audit"]
    assert [p["retention_period"] for p in gathered if p["name"] == "ci_b"] == [30]
    control.clear_requests()
    assert not run_set("Partition", config=gathered).result["changed"] and counts(control) == {"GET": 1}


@pytest.mark.parametrize("config, message", [
    ([{"name": "ci_x", "routing_expression": "*"}, {"name": "x" * 256, "routing_expression": "*"}],
     "config[1].name: 1 to 255 characters"),
    ([{"name": "ci_x", "routing_expression": "*"}, {"name": "ci_b", "analytics_tier": "continuous"}],
     "config[1] (ci_b): analytics_tier:"),
    ([{"name": "ci_c", "is_compliant": False}], "config[0] (ci_c): is_compliant:"),
    ([{"name": "old_staging", "routing_expression": "*"}], "config[0] (old_staging): name:"),
])
def test_plural_partitions_bad_input_fails_naming_the_item(run, run_set, control, config, message):
    run_set("Partition", config=PARTITION_SET)
    control.clear_requests()
    outcome = run_set("Partition", config=config)
    assert outcome.failed and outcome["msg"].startswith(message), outcome["msg"]
    assert control.requests()["writes"] == 0


def test_plural_partitions_overridden_decommissions_with_one_post(run, run_set, control):
    run_set("Partition", config=PARTITION_SET)
    checked = run_set("Partition", check_mode=True, state="overridden", scope={"name": "^ci_"},
                      config=[{"name": "ci_a"}]).result
    assert sorted(c["name"] for c in checked["changes"]) == ["ci_b", "ci_c"]
    assert {c["action"] for c in checked["changes"]} == {"delete"} and checked["undeclared"] == ["ci_b", "ci_c"]
    control.clear_requests()
    overridden = run_set("Partition", state="overridden", scope={"name": "^ci_"},
                         config=[{"name": "ci_a"}, {"name": "ci_c"}]).result
    assert [c["name"] for c in overridden["changes"]] == ["ci_b"]
    log = control.requests()
    assert log["counts"] == {"GET": 1, "POST": 1} and log["requests"][1]["path"].endswith("/decommission")
    left = run_set("Partition", state="gathered").result["gathered"]
    assert sorted(p["name"] for p in left) == ["ci_a", "ci_c", "prod_web", "security_audit"]
    again = run_set("Partition", state="overridden", scope={"name": "^ci_"},
                    config=[{"name": "ci_a"}, {"name": "ci_c"}]).result
    assert not again["changed"] and again["undeclared"] == []
    deleted = run_set("Partition", state="deleted", config=[{"name": "ci_a"}, {"name": "ci_never"}]).result
    assert [c["name"] for c in deleted["changes"]] == ["ci_a"]
    assert not run_set("Partition", state="deleted", config=[{"name": "ci_a"}]).result["changed"]


# -- sumo_partition_info --

def test_partition_info_every_page_and_filters(ansible_module, control):
    control.reset(partitions=1500)
    control.clear_requests()
    every = ansible_module("sumo_partition_info").result
    names = {p["name"]: p for p in every["partitions"]}
    assert not every["changed"] and len(every["partitions"]) == 1503
    assert names["old_staging"]["is_active"] is False and "sumologic_default" not in names
    assert counts(control) == {"GET": 2}
    assert len(ansible_module("sumo_partition_info", active_only=True).result["partitions"]) == 1502
    one = ansible_module("sumo_partition_info", name="Security_Audit").result["partitions"]
    assert [p["name"] for p in one] == ["security_audit"] and one[0]["is_compliant"]
    system = ansible_module("sumo_partition_info", view_types=["DefaultView", "AuditIndex"]).result["partitions"]
    assert sorted(p["name"] for p in system) == ["sumologic_audit_events", "sumologic_default",
                                                 "sumologic_system_events"]
    assert ansible_module("sumo_partition_info", name="no_such_partition").result["partitions"] == []
