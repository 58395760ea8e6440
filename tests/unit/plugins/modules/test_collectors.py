# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""sumo_collector, sumo_collector_info, sumo_collectors, sumo_source, sumo_source_info and sumo_sources,
in-process against the emulator: states, request counts, check mode, diff, conflicts, partial failures and
bad input, the fields they set that Field Management does not define. (The engine's own rules, lost answers
and gateway errors are in module_utils/test_resource.py and test_lost_answers.py.)"""

from __future__ import annotations

import pytest

CI = dict(name="ci.collector", description="made by CI", category="ci/logs", fields={"team": "ci", "_budget": "ci_budget"})


def log(control):
    return control.requests()


def by_name(items, name, key="name"):
    return [item for item in items if item[key] == name][0]


def methods_and_statuses(control):
    requests = log(control)["requests"]
    return [r["method"] for r in requests], [r["status"] for r in requests]


# -- sumo_collector ------------------------------------------------------------------------------------

def test_collector_check_mode_create_then_create_then_noop(ansible_module, control):
    control.clear_requests()
    checked = ansible_module("sumo_collector", check_mode=True, **CI)
    assert checked["changed"] and checked["collector"]["name"] == "ci.collector"
    assert not checked.warnings
    # The collector by name, the custom fields (team; _budget is Sumo Logic's own).
    requests = log(control)
    assert requests["writes"] == 0 and requests["counts"] == {"GET": 2}
    # The name has a dot: the by-name lookup ends with a slash.
    assert "/api/v1/collectors/name/ci.collector/" in [r["path"] for r in requests["requests"]]

    control.clear_requests()
    created = ansible_module("sumo_collector", diff=True, time_zone="Europe/Paris", **CI).result
    assert created["changed"] and isinstance(created["collector"]["id"], int)
    assert created["collector"]["collector_type"] == "Hosted"
    assert created["collector"]["fields"] == {"team": "ci", "_budget": "ci_budget"}
    assert created["diff"]["before"] == {} and created["diff"]["after"]["name"] == "ci.collector"
    assert log(control)["counts"] == {"GET": 2, "POST": 1}

    control.clear_requests()
    again = ansible_module("sumo_collector", time_zone="Europe/Paris", **CI).result
    assert not again["changed"] and again["collector"]["id"] == created["collector"]["id"]
    assert log(control)["counts"] == {"GET": 2}, "the collector, the custom fields; no write"


def test_collector_check_mode_update_shows_the_diff_and_writes_nothing(ansible_module, control):
    ansible_module("sumo_collector", **CI)
    control.clear_requests()
    checked = ansible_module("sumo_collector", check_mode=True, diff=True, name="ci.collector",
                             description="changed by CI").result
    assert checked["changed"]
    assert checked["diff"]["before"]["description"] == "made by CI"
    assert checked["diff"]["after"]["description"] == "changed by CI"
    assert checked["diff"]["after"]["category"] == "ci/logs"
    assert log(control)["writes"] == 0
    untouched = ansible_module("sumo_collector_info", name="ci.collector").result
    assert untouched["collectors"][0]["description"] == "made by CI"


def test_collector_update_of_one_option_keeps_the_others_and_fields_merge_or_purge(ansible_module, control):
    ansible_module("sumo_collector", time_zone="Europe/Paris", **CI)
    control.clear_requests()
    updated = ansible_module("sumo_collector", name="ci.collector", description="changed by CI").result
    assert updated["changed"] and updated["collector"]["description"] == "changed by CI"
    assert updated["collector"]["category"] == "ci/logs" and updated["collector"]["time_zone"] == "Europe/Paris"
    assert updated["collector"]["fields"] == {"team": "ci", "_budget": "ci_budget"}
    assert log(control)["counts"] == {"GET": 1, "PUT": 1}
    put = [r for r in log(control)["requests"] if r["method"] == "PUT"]
    assert put and put[0]["status"] == 200

    merged = ansible_module("sumo_collector", name="ci.collector", fields={"owner": "sre"}).result
    assert merged["changed"] and merged["collector"]["fields"] == {"team": "ci", "_budget": "ci_budget", "owner": "sre"}

    purged = ansible_module("sumo_collector", name="ci.collector", fields={"owner": "sre"}, purge_fields=True).result
    assert purged["changed"] and purged["collector"]["fields"] == {"owner": "sre"}


def test_collector_conflict_is_re_read_and_keeps_the_other_edit(ansible_module, control):
    created = ansible_module("sumo_collector", **CI).result["collector"]
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/collectors/%d$" % created["id"],
                  patch={"category": "edited/elsewhere"}, count=1)
    control.clear_requests()
    result = ansible_module("sumo_collector", name="ci.collector", description="after a conflict").result
    assert result["changed"] and result["collector"]["description"] == "after a conflict"
    assert result["collector"]["category"] == "edited/elsewhere"
    assert methods_and_statuses(control) == (["GET", "PUT", "GET", "PUT"], [200, 412, 200, 200])


def test_collector_that_keeps_changing_fails_after_four_attempts(ansible_module, control):
    created = ansible_module("sumo_collector", **CI).result["collector"]
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/collectors/%d$" % created["id"],
                  patch={"category": "busy-{n}"}, count=10)
    busy = ansible_module("sumo_collector", name="ci.collector", description="never lands")
    assert busy.failed and "ci.collector" in busy["msg"] and "changed by someone else 4 times" in busy["msg"]


@pytest.mark.parametrize("given, words", [
    (dict(name="x" * 129), ("name", "128")),
    (dict(name="ci-other", deployment="mars"), ("deployment", "mars")),
    (dict(name="ci-other", access_id="", access_key=""), ("access_id and access_key are required",)),
    (dict(name="no-such-host", collector_type="installed", category="prod"),
     ("installed collector 'no-such-host' does not exist",)),
    (dict(name="ci-other", time_zone="Mars/Olympus_Mons"), ("time_zone",)),
])
def test_collector_bad_input_fails_naming_the_problem_without_a_write(ansible_module, control, given, words):
    control.clear_requests()
    outcome = ansible_module("sumo_collector", **given)
    assert outcome.failed and all(word in outcome["msg"] for word in words), outcome["msg"]
    assert log(control)["writes"] == 0


def test_installed_collector_is_updated_keeping_what_cannot_change(ansible_module, control):
    installed = ansible_module("sumo_collector", name="web-01", collector_type="installed",
                               category="prod/web-frontend").result
    assert installed["changed"] and installed["collector"]["collector_type"] == "Installable"
    assert installed["collector"]["os_name"] == "Linux" and installed["collector"]["category"] == "prod/web-frontend"


def test_name_the_by_name_method_refuses_is_found_by_listing(ansible_module, control):
    assert ansible_module("sumo_collector", name="team/a;b").result["changed"]
    control.clear_requests()
    assert not ansible_module("sumo_collector", name="team/a;b").result["changed"]
    assert [r["path"] for r in log(control)["requests"]] == ["/api/v1/collectors"]


def test_collector_delete_in_check_mode_then_with_diff_then_again(ansible_module, control):
    ansible_module("sumo_collector", **CI)
    control.clear_requests()
    checked = ansible_module("sumo_collector", check_mode=True, name="ci.collector", state="absent").result
    assert checked["changed"] and log(control)["writes"] == 0
    deleted = ansible_module("sumo_collector", diff=True, name="ci.collector", state="absent").result
    assert deleted["changed"] and deleted["diff"]["before"]["name"] == "ci.collector" and deleted["diff"]["after"] == {}
    assert not ansible_module("sumo_collector", name="ci.collector", state="absent").result["changed"]


# -- sumo_collector_info --------------------------------------------------------------------------------

def test_collector_info_reads_every_page(ansible_module, control):
    control.reset(collectors=1200)
    control.clear_requests()
    everything = ansible_module("sumo_collector_info").result
    assert not everything["changed"] and len(everything["collectors"]) == 1203
    assert everything["collectors"][-1]["name"] == "bulk-1200"
    assert [r["query"] for r in log(control)["requests"]] == ["limit=1000&offset=0", "limit=1000&offset=1000"]


def test_collector_info_one_by_name_or_id_or_none(ansible_module, control):
    by_name = ansible_module("sumo_collector_info", name="web-01").result["collectors"]
    assert len(by_name) == 1 and by_name[0]["host_name"] == "web-01.example.com"
    assert by_name[0]["collector_type"] == "Installable"
    assert ansible_module("sumo_collector_info", collector_id=by_name[0]["id"]).result["collectors"] == by_name
    assert ansible_module("sumo_collector_info", name="nobody-home").result["collectors"] == []


def test_collector_info_filters(ansible_module, control):
    def names(**given):
        return [c["name"] for c in ansible_module("sumo_collector_info", **given).result["collectors"]]

    assert names(filter="installed") == ["web-01", "old-build-agent"]
    assert names(filter="dead") == ["old-build-agent"]
    offline = ansible_module("sumo_collector_info", alive_before_days=100).result["collectors"]
    assert [c["name"] for c in offline] == ["old-build-agent"] and offline[0]["fields"]["_budget"] == "test_budget"
    assert names(alive_before_days=300) == []


def test_collector_info_refuses_two_selectors_and_reads_in_check_mode(ansible_module, control):
    both = ansible_module("sumo_collector_info", name="web-01", filter="dead")
    assert both.failed and "mutually exclusive" in both["msg"]
    checked = ansible_module("sumo_collector_info", check_mode=True, name="demo-hosted").result
    assert checked["collectors"][0]["description"] == "Seeded hosted collector"


# -- sumo_collectors ------------------------------------------------------------------------------------

DESIRED = [{"name": "ci-a", "category": "ci/a", "fields": {"team": "a"}},
           {"name": "ci-b", "category": "ci/b", "description": "second"},
           {"name": "ci-c", "category": "ci/c", "time_zone": "Europe/Paris"}]


@pytest.fixture
def three(ansible_module, control):
    """ci-a, ci-b and ci-c created by sumo_collectors."""
    ansible_module("sumo_collectors", config=DESIRED)
    control.clear_requests()


def test_collectors_check_mode_create_then_create_then_noop(ansible_module, control):
    control.clear_requests()
    checked = ansible_module("sumo_collectors", check_mode=True, diff=True, config=DESIRED).result
    assert checked["changed"] and [c["action"] for c in checked["changes"]] == ["create"] * 3
    assert checked["changes"][0]["fields"]["category"]["after"] == "ci/a"
    assert checked["diff"]["after"]["ci-b"]["description"] == "second" and checked["diff"]["before"]["ci-b"] == {}
    assert checked["unknown_fields"] == []
    assert log(control)["counts"] == {"GET": 2}, "the collectors, the custom fields (ci-a sets team)"

    control.clear_requests()
    created = ansible_module("sumo_collectors", config=DESIRED).result
    assert created["changed"] and created["before"] == [] and len(created["after"]) == 3
    assert by_name(created["after"], "ci-c")["time_zone"] == "Europe/Paris"
    assert by_name(created["after"], "ci-a")["collector_type"] == "hosted"
    assert log(control)["counts"] == {"GET": 2, "POST": 3}

    control.clear_requests()
    again = ansible_module("sumo_collectors", config=DESIRED).result
    assert not again["changed"] and again["changes"] == []
    assert log(control)["counts"] == {"GET": 2}


def test_collectors_merged_update_reads_each_before_its_put(ansible_module, control, three):
    updated = ansible_module("sumo_collectors", diff=True, config=[
        {"name": "ci-a", "fields": {"owner": "sre"}}, {"name": "ci-b", "category": "ci/bb"},
        {"name": "ci-c", "category": "ci/c"}]).result
    assert updated["changed"] and len(updated["changes"]) == 2
    assert by_name(updated["changes"], "ci-b")["fields"] == {"category": {"before": "ci/b", "after": "ci/bb"}}
    assert by_name(updated["after"], "ci-a")["fields"] == {"team": "a", "owner": "sre"}
    assert updated["diff"]["before"]["ci-b"]["category"] == "ci/b" and "ci-c" not in updated["diff"]["after"]
    assert log(control)["counts"] == {"GET": 4, "PUT": 2}, "the collectors, the fields, then a GET (ETag) and a PUT each"


def test_collectors_replaced_purges_the_maps_given(ansible_module, control, three):
    ansible_module("sumo_collectors", config=[{"name": "ci-a", "fields": {"owner": "sre"}},
                                              {"name": "ci-b", "category": "ci/bb"}])
    replaced = ansible_module("sumo_collectors", state="replaced", config=[
        {"name": "ci-a", "category": "ci/a", "fields": {"team": "a"}}, {"name": "ci-b", "category": "ci/bb"}]).result
    assert replaced["changed"] and [c["name"] for c in replaced["changes"]] == ["ci-a"], "ci-b gives no fields"
    assert by_name(replaced["after"], "ci-a")["fields"] == {"team": "a"}


def test_collectors_gathered_round_trip_and_scope(ansible_module, control, three):
    gathered = ansible_module("sumo_collectors", state="gathered").result
    assert not gathered["changed"] and len(gathered["gathered"]) == 6
    assert by_name(gathered["gathered"], "web-01")["collector_type"] == "installed"
    control.clear_requests()
    assert not ansible_module("sumo_collectors", config=gathered["gathered"]).result["changed"]
    assert log(control)["counts"] == {"GET": 2}, "installed collectors included"
    ci_only = ansible_module("sumo_collectors", state="gathered", scope={"name": "^ci-"}).result["gathered"]
    assert sorted(c["name"] for c in ci_only) == ["ci-a", "ci-b", "ci-c"]


def test_collectors_overridden_leaves_what_is_out_of_scope(ansible_module, control, three):
    checked = ansible_module("sumo_collectors", check_mode=True, state="overridden", scope={"name": "^ci-"},
                             config=[{"name": "ci-a", "category": "ci/a", "fields": {"team": "a"}}]).result
    assert checked["changed"] and sorted(c["name"] for c in checked["changes"]) == ["ci-b", "ci-c"]
    assert {c["action"] for c in checked["changes"]} == {"delete"} and checked["undeclared"] == ["ci-b", "ci-c"]
    gathered = ansible_module("sumo_collectors", state="gathered").result["gathered"]
    hosted = [c for c in gathered if c["collector_type"] == "hosted" and c["name"] != "ci-c"]
    overridden = ansible_module("sumo_collectors", state="overridden", config=hosted).result
    assert overridden["changed"] and [c["name"] for c in overridden["changes"]] == ["ci-c"]
    left = ansible_module("sumo_collectors", state="gathered").result["gathered"]
    assert sorted(c["name"] for c in left) == ["ci-a", "ci-b", "demo-hosted", "old-build-agent", "web-01"]


def test_collectors_conflict_on_one_object_keeps_the_other_edit(ansible_module, control, three):
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/collectors/[0-9]+$",
                  patch={"description": "edited elsewhere"}, count=1)
    conflict = ansible_module("sumo_collectors", config=[{"name": "ci-b", "category": "ci/conflict"}]).result
    assert conflict["changed"]
    assert conflict["after"][0]["category"] == "ci/conflict" and conflict["after"][0]["description"] == "edited elsewhere"
    assert methods_and_statuses(control) == (["GET", "GET", "PUT", "GET", "PUT"], [200, 200, 412, 200, 200])


def test_collectors_one_failure_among_many(ansible_module, control, three):
    ci_b = ansible_module("sumo_collector_info", name="ci-b").result["collectors"][0]
    control.fault(action="status", status=500, method="PUT", path="^/api/v1/collectors/%d$" % ci_b["id"])
    partial = ansible_module("sumo_collectors", config=[
        {"name": "ci-a", "category": "ci/a2"}, {"name": "ci-b", "category": "ci/b2"}, {"name": "ci-d", "category": "ci/d"}])
    assert partial.failed and partial["changed"]
    assert "1 of 3 collectors failed" in partial["msg"] and "ci-b" in partial["msg"] and "HTTP 500" in partial["msg"]
    assert [f["name"] for f in partial["failures"]] == ["ci-b"]
    assert partial["failures"][0]["api_error"]["status"] == 500
    assert sorted(c["name"] for c in partial["changes"]) == ["ci-a", "ci-d"]
    after = ansible_module("sumo_collectors", state="gathered", scope={"name": "^ci-"}).result["gathered"]
    assert [by_name(after, n)["category"] for n in ("ci-a", "ci-b", "ci-d")] == ["ci/a2", "ci/b", "ci/d"]


@pytest.mark.parametrize("given, check", [
    (dict(config=[{"name": "ci-x1"}, {"name": "ci-x2"}, {"name": "x" * 129}]),
     lambda msg: msg.startswith("config[2].name:")),
    (dict(config=[{"name": "ci-a", "category": "one"}, {"name": "ci-a", "category": "two"}]),
     lambda msg: "config[0] and config[1]" in msg and "collector 'ci-a'" in msg),
    (dict(config=[{"name": "ci-x3"}, {"name": "ghost-host", "collector_type": "installed"}]),
     lambda msg: "config[1] (ghost-host)" in msg and "installed collector" in msg),
    (dict(state="deleted", config=[]), lambda msg: "state=deleted" in msg),
])
def test_collectors_bad_input_fails_before_any_write(ansible_module, control, three, given, check):
    outcome = ansible_module("sumo_collectors", **given)
    assert outcome.failed and check(outcome["msg"]), outcome["msg"]
    assert log(control)["writes"] == 0


def test_collectors_deleted(ansible_module, control, three):
    deleted = ansible_module("sumo_collectors", state="deleted", config=[{"name": "ci-a"}, {"name": "ci-never"}]).result
    assert deleted["changed"] and [c["name"] for c in deleted["changes"]] == ["ci-a"]
    every = ansible_module("sumo_collectors", state="deleted", scope={"name": "^ci-"}).result
    assert sorted(c["name"] for c in every["changes"]) == ["ci-b", "ci-c"]
    assert not ansible_module("sumo_collectors", state="deleted", scope={"name": "^ci-"}).result["changed"]


# -- sumo_source and sumo_source_info ----------------------------------------------------------------------

HTTP = dict(collector="demo-hosted", name="ci-http", source_type="HTTP", category="ci/http", fields={"team": "ci"},
            config={"messagePerRequest": False})


def test_source_check_mode_create_then_create_then_noop(ansible_module, control):
    control.clear_requests()
    checked = ansible_module("sumo_source", check_mode=True, collector="demo-hosted", name="ci-http",
                             source_type="HTTP", category="ci/http").result
    assert checked["changed"] and log(control)["writes"] == 0
    created = ansible_module("sumo_source", **HTTP).result
    assert created["changed"] and "/receiver/v1/http/" in created["source"]["url"]
    assert created["source"]["message_per_request"] is False
    control.clear_requests()
    assert not ansible_module("sumo_source", **HTTP).result["changed"]
    assert log(control)["writes"] == 0


def test_source_update_with_diff_keeps_fields_and_url(ansible_module, control):
    created = ansible_module("sumo_source", **HTTP).result
    updated = ansible_module("sumo_source", diff=True, collector="demo-hosted", name="ci-http",
                             category="ci/http2").result
    assert updated["changed"]
    assert updated["diff"]["before"]["category"] == "ci/http" and updated["diff"]["after"]["category"] == "ci/http2"
    assert updated["source"]["fields"]["team"] == "ci" and updated["source"]["url"] == created["source"]["url"]


@pytest.mark.parametrize("given, word", [
    (dict(collector="demo-hosted", name="demo-http", source_type="Cloudsyslog"), "source_type"),
    (dict(collector="no-such-collector", name="x", source_type="HTTP"), "no-such-collector"),
    (dict(collector="demo-hosted", name="typeless"), "source_type"),
])
def test_source_bad_input_fails_clearly_without_a_write(ansible_module, control, given, word):
    control.clear_requests()
    outcome = ansible_module("sumo_source", **given)
    assert outcome.failed and word in outcome["msg"], outcome["msg"]
    assert log(control)["writes"] == 0


def test_source_info_lists_a_collectors_sources_and_delete_twice(ansible_module, control):
    ansible_module("sumo_source", **HTTP)
    sources = ansible_module("sumo_source_info", collector="demo-hosted").result["sources"]
    assert sorted(s["name"] for s in sources) == ["ci-http", "demo-http"]
    assert ansible_module("sumo_source", collector="demo-hosted", name="ci-http", state="absent").result["changed"]
    assert not ansible_module("sumo_source", collector="demo-hosted", name="ci-http", state="absent").result["changed"]


# -- sumo_sources -------------------------------------------------------------------------------------

SOURCES = [{"name": "app", "source_type": "HTTP", "category": "one/app"},
           {"name": "audit", "source_type": "HTTP", "category": "one/audit", "fields": {"team": "sec"}},
           {"collector": "src-two", "name": "app", "source_type": "HTTP", "category": "two/app"}]


@pytest.fixture
def two_collectors(ansible_module, control):
    ansible_module("sumo_collectors", config=[{"name": "src-one"}, {"name": "src-two"}])
    control.clear_requests()


def test_sources_create_on_two_collectors_then_noop(ansible_module, control, two_collectors):
    created = ansible_module("sumo_sources", diff=True, collector="src-one", config=SOURCES).result
    assert created["changed"]
    assert [c["name"] for c in created["changes"]] == ["src-one/app", "src-one/audit", "src-two/app"]
    assert [s["collector"] for s in created["after"]] == ["src-one", "src-one", "src-two"]
    assert "url" not in created["after"][0] and "receiver" not in repr(created)
    assert created["unknown_fields"] == []
    # The custom fields (audit sets team), each collector by name, its sources.
    assert log(control)["counts"] == {"GET": 5, "POST": 3}
    control.clear_requests()
    assert not ansible_module("sumo_sources", collector="src-one", config=SOURCES).result["changed"]
    assert log(control)["writes"] == 0


def test_sources_check_mode_update_gathered_round_trip(ansible_module, control, two_collectors):
    ansible_module("sumo_sources", collector="src-one", config=SOURCES)
    control.clear_requests()
    checked = ansible_module("sumo_sources", check_mode=True, diff=True, collector="src-one",
                             config=[{"name": "app", "category": "one/changed"}]).result
    assert checked["changed"] and log(control)["writes"] == 0
    assert checked["diff"]["after"]["src-one/app"]["category"] == "one/changed"
    assert checked["diff"]["before"]["src-one/app"]["category"] == "one/app"
    gathered = ansible_module("sumo_sources", state="gathered", scope={"collector": "^src-"}).result["gathered"]
    assert len(gathered) == 3 and by_name(gathered, "audit")["fields"] == {"team": "sec"}
    assert not ansible_module("sumo_sources", config=gathered).result["changed"]


def test_sources_conflict_then_overridden_on_one_collector(ansible_module, control, two_collectors):
    ansible_module("sumo_sources", collector="src-one", config=SOURCES)
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/collectors/[0-9]+/sources/[0-9]+$",
                  patch={"description": "edited elsewhere"})
    conflict = ansible_module("sumo_sources", collector="src-two", config=[{"name": "app", "category": "two/conflict"}])
    assert conflict["changed"] and conflict["after"][0]["category"] == "two/conflict"
    assert conflict["after"][0]["description"] == "edited elsewhere"
    overridden = ansible_module("sumo_sources", collector="src-one", state="overridden",
                                config=[{"name": "app", "source_type": "HTTP", "category": "one/app"}]).result
    assert [(c["name"], c["action"]) for c in overridden["changes"]] == [("src-one/audit", "delete")]
    left = ansible_module("sumo_sources", state="gathered", scope={"collector": "^src-"}).result["gathered"]
    assert sorted(s["collector"] for s in left) == ["src-one", "src-two"]


def test_sources_one_failure_among_many(ansible_module, control, two_collectors):
    two = ansible_module("sumo_collector_info", name="src-two").result["collectors"][0]
    control.fault(action="status", status=400, code="sources.invalid", method="POST",
                  path="^/api/v1/collectors/%d/sources$" % two["id"])
    partial = ansible_module("sumo_sources", config=[{"collector": "src-one", "name": "extra", "source_type": "HTTP"},
                                                     {"collector": "src-two", "name": "extra", "source_type": "HTTP"}])
    assert partial.failed and partial["changed"]
    assert [f["name"] for f in partial["failures"]] == ["src-two/extra"]
    assert [c["name"] for c in partial["changes"]] == ["src-one/extra"]


def test_sources_deleted_need_a_pattern_even_for_one_collector(ansible_module, control, two_collectors):
    """A scope that sets no pattern is no scope (the collector given for the task is not one): every source
    of the collector goes only when a pattern says so."""
    ansible_module("sumo_sources", collector="src-one", config=[{"name": "app", "source_type": "HTTP"},
                                                                {"name": "extra", "source_type": "HTTP"}])
    refused = ansible_module("sumo_sources", collector="src-one", state="deleted", scope={})
    assert refused.failed and refused["msg"].startswith("config: empty with state=deleted")
    deleted = ansible_module("sumo_sources", collector="src-one", state="deleted", scope={"name": "."}).result
    assert sorted(c["name"] for c in deleted["changes"]) == ["src-one/app", "src-one/extra"]


@pytest.mark.parametrize("given, check", [
    (dict(config=[{"name": "orphan", "source_type": "HTTP"}]), lambda msg: msg.startswith("config[0].collector:")),
    (dict(config=[{"collector": "src-one", "name": "fine", "source_type": "HTTP"},
                  {"collector": "src-ghost", "name": "orphan", "source_type": "HTTP"}]),
     lambda msg: "collector 'src-ghost' does not exist" in msg and "config[1]" in msg),
    (dict(collector="src-one", config=[{"name": "app", "source_type": "Cloudsyslog"}]),
     lambda msg: "source_type" in msg and "config[0]" in msg),
])
def test_sources_bad_input_fails_before_any_write(ansible_module, control, two_collectors, given, check):
    ansible_module("sumo_sources", collector="src-one", config=SOURCES[:1])
    control.clear_requests()
    outcome = ansible_module("sumo_sources", **given)
    assert outcome.failed and check(outcome["msg"]), outcome["msg"]
    assert log(control)["writes"] == 0


# -- fields Field Management does not define --------------------------------------------------------------

def test_collector_warns_about_an_undefined_field_once(ansible_module, control):
    control.clear_requests()
    done = ansible_module("sumo_collector", name="warned", fields={"team": "a", "tema": "b", "_budget": "c"})
    assert not done.failed and done["changed"]
    assert len(done.warnings) == 1
    assert "'tema', set by collector 'warned', is not a field of Field Management" in done.warnings[0]
    assert log(control)["counts"] == {"GET": 2, "POST": 1}  # the fields, the collector by name


def test_collector_without_fields_reads_no_field(ansible_module, control):
    control.clear_requests()
    ansible_module("sumo_collector", name="quiet", fields={"_budget": "x"})
    assert log(control)["counts"] == {"GET": 1, "POST": 1}


def test_plural_collectors_warn_once_per_field_and_report_it(ansible_module, control):
    config = [{"name": "c%d" % i, "fields": {"tema": "x", "team": "y", "_budget": "b"}} for i in range(3)]
    done = ansible_module("sumo_collectors", config=config)
    assert len(done.warnings) == 1 and "collector 'c0', collector 'c1', collector 'c2'" in done.warnings[0]
    assert [w for w in done.warnings if "_budget" in w] == [], "Sumo Logic's own fields are not checked"
    users = ["collector 'c0'", "collector 'c1'", "collector 'c2'"]
    assert done.result["unknown_fields"] == [{"field": "tema", "used_by": users}]


def test_source_warns_about_an_undefined_field_with_one_listing_of_the_fields(ansible_module, control):
    control.clear_requests()
    done = ansible_module("sumo_source", collector="demo-hosted", name="warned", source_type="HTTP",
                          fields={"tema": "x", "owner": "ci"})
    assert not done.failed and done["changed"] and len(done.warnings) == 1
    assert "'tema', set by source 'demo-hosted/warned'" in done.warnings[0]
    assert len([r for r in log(control)["requests"] if r["path"] == "/api/v1/fields"]) == 1
