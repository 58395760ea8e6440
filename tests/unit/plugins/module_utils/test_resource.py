# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The engine: comparison rules, identity, planning and carrying out, through real modules against the emulator."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError, SumoError
from ansible_collections.community.sumologic.plugins.module_utils.collectors import Collector, Source
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    CONFLICT_RETRIES,
    PARENT,
    Current,
    Engine,
    Field,
    Identity,
    Matcher,
    Parent,
    Request,
    Resource,
    Run,
    Subtree,
    ValueMap,
    desired_value,
    parse_instant,
    same_value,
    scope_matches,
)
from ansible_collections.community.sumologic.plugins.module_utils.secrets import mask_url

HOOKS = ("validate", "lookup", "list", "compare", "can_create", "create", "update", "delete", "review", "to_result",
         "to_config", "in_scope")


def writes(control):
    return [(r["method"], r["status"]) for r in control.requests()["requests"] if r["method"] != "GET"]


@pytest.fixture
def collector(ansible_module):
    """``collector(**options)``: sumo_collector on the collector called ``engine``."""
    def run(check_mode=False, diff=False, **params):
        return ansible_module("sumo_collector", check_mode=check_mode, diff=diff, **dict({"name": "engine"}, **params))
    return run


def collector_id(client, name="engine"):
    return [c for c in client.paginate_offset("/v1/collectors", "collectors") if c["name"] == name][0]["id"]


# -- the declaration's surface -------------------------------------------------------------------------

def test_a_declaration_has_twelve_hooks_at_most():
    hooks = [name for name, value in vars(Resource).items() if callable(value) and name in HOOKS]
    assert sorted(hooks) == sorted(HOOKS) and len(HOOKS) <= 12


def test_declarations_override_only_hooks():
    """Every method a declaration defines is one of the hooks: the engine does the rest."""
    from ansible_collections.community.sumologic.plugins.module_utils import (
        collectors, connections, content, dashboards, extraction_rules, fields, insights, lookup_tables, monitors,
        partitions, roles, users)
    declarations = [collectors.Collector, collectors.Source, users.User, roles.Role, fields.CustomField,
                    extraction_rules.ExtractionRule, partitions.Partition, insights.InsightTriage,
                    content.FolderRef, content.Folder, content.ContentItem, dashboards.DashboardFolder,
                    dashboards.Dashboard, lookup_tables.LookupTable, connections.Connection, monitors.MonitorFolder,
                    monitors.Monitor]
    for declaration in declarations:
        own = {name for name, value in vars(declaration).items() if callable(value) and not name.startswith("__")}
        helpers = {"check_rules", "assignee_email"}  # called by a hook of the same declaration only
        assert own - set(HOOKS) - helpers == set(), declaration.__name__


# -- comparison rules ---------------------------------------------------------------------

def test_sets_compare_without_order():
    field = Field("roleIds", kind="set", purge="purge_roles")
    assert same_value(field, ["b", "a"], ["a", "b"])
    assert not same_value(field, ["a"], ["a", "b"])
    assert desired_value(field, ["c"], ["a", "b"], purge=False) == ["a", "b", "c"]
    assert desired_value(field, ["c"], ["a", "b"], purge=True) == ["c"]
    assert same_value(field, ["a", "b"], desired_value(field, ["a"], ["a", "b"], purge=False))


def test_lists_compare_with_order():
    field = Field("x", kind="list")
    assert not same_value(field, ["b", "a"], ["a", "b"])


def test_maps_merge_unless_purged():
    field = Field("fields", kind="map", purge="purge_fields")
    assert desired_value(field, {"b": "2"}, {"a": "1"}, purge=False) == {"a": "1", "b": "2"}
    assert desired_value(field, {"b": "2"}, {"a": "1"}, purge=True) == {"b": "2"}
    assert same_value(field, None, {})


def test_instants_compare_as_the_moments_they_name():
    field = Field("startTime", kind="instant")
    assert same_value(field, "2026-01-01T00:00:00Z", "2026-01-01T01:00:00+01:00")
    assert same_value(field, "2026-01-01T00:00:00.000Z", "2026-01-01t00:00:00z")
    assert not same_value(field, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.001Z")
    # What is not a date-time with a zone compares as text.
    assert not same_value(field, "2026-01-01T00:00:00", "2026-01-01T00:00:00Z")
    assert same_value(field, "soon", "soon") and same_value(field, None, None)
    utc = datetime.timezone.utc
    assert parse_instant("2026-01-01T00:00:00-0530") == datetime.datetime(2026, 1, 1, 5, 30, tzinfo=utc)
    assert parse_instant("2026-01-01T00:00:00.123456789Z") == datetime.datetime(2026, 1, 1, 0, 0, 0, 123456, tzinfo=utc)
    assert parse_instant("2026-02-30T00:00:00Z") is None and parse_instant(1767225600) is None


def test_a_fixed_instant_fails_only_for_another_moment():
    class Event(Resource):
        kind = "event"
        fields = {"starts": Field("startTime", kind="instant", fixed=True)}

    engine = Engine(Event(), Run(None))
    current = Current({"id": "1", "name": "launch", "startTime": "2026-01-01T00:00:00Z"})
    engine.check_fixed({"name": "launch", "starts": "2026-01-01T02:00:00+02:00"}, current)
    with pytest.raises(InputError) as info:
        engine.check_fixed({"name": "launch", "starts": "2026-01-01T00:00:00+02:00"}, current)
    assert str(info.value) == ("starts: event 'launch' (id 1) has starts '2026-01-01T00:00:00Z'; the starts of an "
                               "event cannot change (to '2026-01-01T00:00:00+02:00')")


def test_unknown_field_kind_is_a_bug():
    with pytest.raises(ValueError):
        Field("x", kind="tree")


def test_argument_spec_comes_from_the_declaration():
    spec = Collector.argument_spec()
    assert spec["fields"] == {"type": "dict"}
    assert spec["description"] == {"type": "str"}
    assert spec["purge_fields"] == {"type": "bool", "default": False}
    assert spec["state"]["choices"] == ["present", "absent"]
    assert spec["collector_id"] == {"type": "int"}, "from the identity's id option"
    assert Source.argument_spec()["collector"] == {"type": "str"}, "from the parent"
    assert Field("roleIds", type="list", elements="str", kind="set").spec() == {"type": "list", "elements": "str"}


def test_value_maps_translate_both_ways_false_included():
    state = ValueMap({True: "Enabled", False: "Disabled"})
    assert state.to_api(None, False, "enabled", ()) == "Disabled"
    assert state.to_options(None, "Enabled") is True
    assert state.to_options(None, "Unknown") == "Unknown"


def test_secret_urls_are_masked_to_their_host():
    assert mask_url("https://endpoint4.collection.eu.sumologic.com/receiver/v1/http/ZaVnC4dhaV") == \
        "https://endpoint4.collection.eu.sumologic.com/********"
    assert mask_url("no-scheme-token") == "********"


# -- identity: one rule for every declaration ------------------------------------------------------------

def currents(*names):
    return [Current({"id": index, "name": name}) for index, name in enumerate(names)]


def test_matcher_exact_name_wins_then_a_single_case_aside():
    folded = Identity("name", case="fold")
    assert Matcher(folded, currents("Team", "team")).find("team").obj["id"] == 1
    assert Matcher(folded, currents("Team", "team")).find("Team").obj["id"] == 0
    assert Matcher(folded, currents("Team")).find("TEAM").obj["id"] == 0
    assert Matcher(folded, currents("Team", "team")).find("TEAM") is None, "ambiguous: none is taken"
    assert Matcher(Identity("name"), currents("Team")).find("team") is None, "exact identities never fold"


def test_matcher_reads_every_api_key_of_the_identity():
    identity = Identity("insight_id", api=("id", "readableId"), case="fold")
    found = Matcher(identity, [Current({"id": "uuid-1", "readableId": "INSIGHT-7"})])
    assert found.find("insight-7") is not None and found.find("uuid-1") is not None


def test_roles_fold_case_in_the_singular_lookup_as_in_the_plural_one(ansible_module, control):
    """One rule: a role name given in another case is the role, found by sumo_role and sumo_roles alike."""
    single = ansible_module("sumo_role", name="data admin", description="x")
    assert single["changed"] and single["role"]["name"] == "data admin", "renamed to the case given"
    plural = ansible_module("sumo_roles", config=[{"name": "DATA ADMIN"}])
    assert plural["before"][0]["name"] == "data admin"
    assert plural["changes"] == [{"name": "data admin", "action": "update",
                                  "fields": {"name": {"before": "data admin", "after": "DATA ADMIN"}}}]


# -- behaviour against the emulator -------------------------------------------------------------

def test_create_then_noop_costs_one_get(collector, control):
    created = collector(description="d", fields={"_a": "1"}, cutoff_relative_time="-1d").result
    assert created["changed"] and created["collector"]["cutoff_relative_time"] == "-1d"
    control.clear_requests()
    again = collector(description="d", fields={"_a": "1"}, cutoff_relative_time="-2d").result
    assert not again["changed"], "a create-only option must not be compared after creation"
    assert control.requests()["counts"] == {"GET": 1}


def test_unset_options_never_cause_drift(collector, control):
    collector(description="d", category="c")
    control.clear_requests()
    assert not collector().result["changed"]
    assert control.requests()["writes"] == 0


def test_update_merges_into_the_whole_object(collector, control):
    collector(description="d", category="c", fields={"_a": "1"})
    result = collector(fields={"_b": "2"}).result
    assert result["changed"]
    assert result["collector"]["category"] == "c"
    assert result["collector"]["fields"] == {"_a": "1", "_b": "2"}
    assert writes(control)[-1] == ("PUT", 200)


def test_check_mode_never_writes_and_diff_shows_the_change(collector, control, client):
    collector(description="d")
    control.clear_requests()
    result = collector(check_mode=True, diff=True, description="new").result
    assert result["changed"]
    assert result["diff"]["before"]["description"] == "d"
    assert result["diff"]["after"]["description"] == "new"
    assert control.requests()["writes"] == 0
    assert client.get("/v1/collectors/%d" % collector_id(client)).json["collector"]["description"] == "d"


def test_check_mode_create_and_delete_never_write(collector, control):
    assert collector(check_mode=True).result["changed"]
    collector()
    control.clear_requests()
    assert collector(check_mode=True, state="absent").result["changed"]
    assert control.requests()["writes"] == 0


def test_conflict_is_re_read_and_the_other_edit_survives(collector, control, client):
    collector(description="d", category="mine")
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/collectors/%d$" % collector_id(client),
                  patch={"category": "theirs"})
    control.clear_requests()
    result = collector(description="new").result
    assert result["changed"]
    assert result["collector"]["category"] == "theirs"
    assert writes(control) == [("PUT", 412), ("PUT", 200)]


def test_conflict_where_the_other_edit_already_did_ours(collector, control, client):
    collector(description="d")
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/collectors/%d$" % collector_id(client),
                  patch={"description": "new"})
    result = collector(description="new").result
    assert not result["changed"], "after the re-read nothing is left to do"
    assert writes(control)[-1] == ("PUT", 412)


def test_endless_conflicts_fail_naming_the_object(collector, control, client):
    collector(description="d")
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/collectors/%d$" % collector_id(client),
                  patch={"category": "edit-{n}"}, count=20)
    control.clear_requests()
    outcome = collector(description="new")
    assert outcome.failed
    assert "collector 'engine'" in outcome.result["msg"]
    assert writes(control) == [("PUT", 412)] * (CONFLICT_RETRIES + 1)


def test_lost_create_answer_is_looked_up_not_resent(collector, control, client):
    control.fault(action="drop_after", method="POST", path="^/api/v1/collectors$")
    result = collector(description="d").result
    assert result["changed"] and result["collector"]["name"] == "engine"
    assert writes(control) == [("POST", 200)]
    names = [c["name"] for c in client.paginate_offset("/v1/collectors", "collectors")]
    assert names.count("engine") == 1


def test_gateway_timeout_after_the_create_is_looked_up_not_resent(collector, control, client):
    control.fault(action="status_after", status=504, method="POST", path="^/api/v1/collectors$")
    result = collector(description="d").result
    assert result["changed"] and result["collector"]["description"] == "d"
    assert writes(control) == [("POST", 504)]
    names = [c["name"] for c in client.paginate_offset("/v1/collectors", "collectors")]
    assert names.count("engine") == 1


def test_bad_gateway_before_the_create_is_sent_again_once_absent(collector, control):
    control.fault(action="status", status=502, method="POST", path="^/api/v1/collectors$")
    result = collector(description="d").result
    assert result["changed"]
    assert writes(control) == [("POST", 502), ("POST", 200)]


def test_service_unavailable_on_create_fails_without_a_second_post(collector, control):
    control.fault(action="status", status=503, method="POST", path="^/api/v1/collectors$")
    outcome = collector(description="d")
    assert outcome.failed and "HTTP 503" in outcome.result["msg"]
    assert outcome.result["api_error"]["status"] == 503
    assert writes(control) == [("POST", 503)]


def test_api_error_is_reported_with_its_status_and_code(collector, control):
    control.fault(action="status", status=400, code="CollectorNameTooLong", method="POST",
                  path="^/api/v1/collectors$", message="too long")
    outcome = collector()
    assert outcome.failed and "CollectorNameTooLong" in outcome.result["msg"]
    assert outcome.result["api_error"] == {"status": 400, "code": "CollectorNameTooLong",
                                           "request_id": outcome.result["api_error"]["request_id"]}
    assert outcome.result["changed"] is False


def test_absent_twice(collector):
    collector()
    assert collector(state="absent").result["changed"]
    assert not collector(state="absent").result["changed"]


def test_an_id_that_does_not_exist_is_not_created(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_collector", collector_id=999999, description="x")
    assert outcome.failed
    assert outcome.result["msg"].startswith("collector_id: there is no collector with id 999999")
    assert control.requests()["writes"] == 0


def test_a_fixed_field_cannot_change(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_collector", name="web-01", collector_type="hosted", description="x")
    assert outcome.failed and outcome.result["msg"].startswith("collector_type: collector 'web-01'")
    assert "cannot change" in outcome.result["msg"]
    assert control.requests()["writes"] == 0


# -- several requests for one object: each one counted ------------------------------------------------------

def test_a_second_write_that_fails_still_reports_the_first(ansible_module, control, client):
    """Status, then assignee: the status was changed when the assignee fails, and the task says so."""
    control.fault(action="status", status=500, method="PUT", path="/assignee$")
    outcome = ansible_module("sumo_insight_status", insight_id="INSIGHT-101", status="in_progress",
                             assignee="alice@example.com")
    assert outcome.failed
    assert outcome.result["changed"] is True, "the status write was carried out"
    assert len(outcome.result["done"]) == 1 and outcome.result["done"][0].startswith("PUT /sec/v1/insights/")
    assert outcome.result["done"][0].endswith("/status")
    assert outcome.result["api_error"]["status"] == 500


def test_an_action_that_fails_after_the_update_reports_the_update(ansible_module, control):
    ansible_module("sumo_user", email="sam@example.com", first_name="Sam", last_name="S")
    control.fault(action="status", status=500, method="POST", path="/password/reset$")
    outcome = ansible_module("sumo_user", email="sam@example.com", first_name="Samuel", reset_password=True)
    assert outcome.failed and outcome.result["changed"] is True
    assert [d.split()[0] for d in outcome.result["done"]] == ["PUT"]


def test_a_failure_before_any_write_is_not_changed(ansible_module, control):
    control.fault(action="status", status=500, method="PUT", path="/status$")
    outcome = ansible_module("sumo_insight_status", insight_id="INSIGHT-101", status="in_progress",
                             assignee="alice@example.com")
    assert outcome.failed and outcome.result["changed"] is False
    assert outcome.result["done"] == []


def test_a_bug_in_a_hook_is_reported_with_what_was_done(client, control, monkeypatch):
    """An exception that is not the client's (an empty answer read as an object) is the object's failure."""
    from ansible_collections.community.sumologic.plugins.module_utils.users import User

    run = Run(client)
    engine = Engine(User(), run)
    params = {"email": "alice@example.com", "new_email": None, "first_name": "A", "last_name": None,
              "is_active": None, "roles": None, "purge_roles": True, "transfer_to": None, "delete_content": False,
              "reset_password": False, "resend_welcome_email": False, "unlock": False, "state": "present"}
    plan = engine.plan(params)
    plan.requests.append(Request("POST", plan.current.path + "/unlock", action="unlocked"))
    monkeypatch.setattr(engine.resource, "unwrap", lambda body: body.nope)
    outcome = engine.execute(plan)
    assert isinstance(outcome.error, AttributeError)
    assert outcome.changed, "the PUT was carried out before the error"


# -- the engine on its own: plans -----------------------------------------------------------------------------

def test_a_plan_is_made_without_writing(client, control):
    engine = Engine(Collector(), Run(client))
    params = dict({option: None for option in Collector.argument_spec()}, name="demo-hosted", state="present",
                  description="planned", purge_fields=False)
    control.clear_requests()
    plan = engine.plan(params)
    assert plan.action == "update" and [repr(r) for r in plan.requests] == ["PUT %s" % plan.current.path]
    assert plan.expected["description"] == "planned"
    assert control.requests()["counts"] == {"GET": 1}


def test_bad_input_is_an_input_error_naming_the_option(client):
    params = dict({option: None for option in Collector.argument_spec()}, name="x" * 129, purge_fields=False)
    with pytest.raises(InputError) as info:
        Collector().validate(params)
    assert str(info.value).startswith("name: at most 128 characters") and info.value.option == "name"
    assert isinstance(info.value, SumoError)


def test_a_request_with_perform_is_carried_out_by_calling_it(client, control):
    """A step of more than one HTTP call (a job): the engine calls it with the client, as it would send it."""
    from ansible_collections.community.sumologic.plugins.module_utils.api import SumoResponse
    seen = []

    def perform(client):
        seen.append(client)
        return SumoResponse(200, {"done": True}, None, {})
    engine = Engine(Collector(), Run(client))
    request = Request("DELETE", "/v2/content/0000000000000001/delete", perform=perform)
    control.clear_requests()
    assert engine.send(request).json == {"done": True} and seen == [client]
    assert control.requests()["total"] == 0 and repr(request) == "DELETE /v2/content/0000000000000001/delete"


def test_a_field_adds_suboptions_to_the_argument_spec():
    field = Field("explicitPermissions", type="list", elements="dict",
                  spec={"options": {"role": {"type": "str"}}, "mutually_exclusive": [["role", "user"]]})
    assert field.spec() == {"type": "list", "elements": "dict", "options": {"role": {"type": "str"}},
                            "mutually_exclusive": [["role", "user"]]}
    spec = field.spec()
    spec["options"]["role"]["type"] = "int"
    assert field.spec()["options"]["role"]["type"] == "str", "each spec is a copy"


# -- scopes that are paths, and what a create's answer does not show --------------------------------------

def test_a_subtree_scope_is_a_path_compared_name_by_name():
    tree = Subtree("path")
    assert tree.holds("/Monitors/Platform", "/Monitors/Platform")
    assert tree.holds("/Monitors/Platform/", "/Monitors/Platform/Databases/Deep")
    assert not tree.holds("/Monitors/Platform", "/Monitors/Platform-old")
    assert not tree.holds("/Monitors/Platform", "/Monitors/platform"), "characters compare exactly"
    assert not tree.holds("/Monitors/A (EU)", "/Monitors/A EU"), "not a regular expression"
    assert tree.holds("/", "/anything") and not tree.holds("/Monitors", None)
    assert scope_matches("name", "^we", "web-01") and scope_matches(tree, "/a", "/a/b")


def test_in_scope_reads_a_subtree_of_the_parents_names():
    class Folder(Resource):
        identity = Identity("path")

    class Item(Resource):
        parent = Parent(Folder, "folder")
        scope_patterns = {"folder": Subtree(PARENT, default="/"), "name": "name"}

    item = Item()
    inside = Current({"name": "cpu"}, parent={"path": "/Monitors/Platform/Db"})
    outside = Current({"name": "cpu"}, parent={"path": "/Monitors/Platformer"})
    assert item.in_scope({"folder": "/Monitors/Platform"}, inside, True)
    assert not item.in_scope({"folder": "/Monitors/Platform"}, outside, True)
    assert not item.in_scope({"folder": "/Monitors/Platform", "name": "^mem"}, inside, True)
    assert item.in_scope({}, outside, True), "the default is only what a task lists, never a filter"


def test_a_create_s_effect_is_what_its_answer_does_not_show(client, control):
    """A POST that sets a secret the API answers masked: the engine takes the effect as done, no PUT follows."""
    from ansible_collections.community.sumologic.plugins.module_utils.connections import Connection

    params = dict({option: spec.get("default") for option, spec in Connection.argument_spec().items()},
                  name="effect-check", url="https://hooks.example.com/e", default_payload="{}",
                  authorization="Bearer effect")
    engine = Engine(Connection(), Run(client))
    plan = engine.plan(params)
    assert plan.action == "create" and plan.requests[0].effect["headers"][0]["value"] == "Bearer effect"
    control.clear_requests()
    outcome = engine.execute(plan)
    assert outcome.error is None and outcome.action == "create"
    assert control.requests()["counts"] == {"POST": 1}
    assert outcome.after["headers"] == [{"name": "Authorization", "value": "Bearer effect"}]
