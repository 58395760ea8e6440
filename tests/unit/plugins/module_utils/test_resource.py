# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The desired-vs-current engine, driven by a small declaration against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.community.sumologic.plugins.module_utils.collectors import find_collector_by_name
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    CONFLICT_RETRIES,
    Field,
    Resource,
    ValueMap,
    desired_value,
    mask_url,
    run_resource_module,
    same_value,
)


class Exit(Exception):
    def __init__(self, result, failed=False):
        super().__init__(result.get("msg"))
        self.result = result
        self.failed = failed


class FakeModule:
    """Just what the engine uses of an AnsibleModule."""

    def __init__(self, client, params, check_mode=False, diff=False):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []

    def warn(self, msg):
        self.warnings.append(msg)

    def exit_json(self, **result):
        raise Exit(result)

    def fail_json(self, **result):
        raise Exit(result, failed=True)

    def fail_api(self, exc, **result):
        self.fail_json(msg=str(exc), **result)


class Hosted(Resource):
    kind = "collector"
    path = "/v1/collectors"
    body_key = "collector"
    result_key = "collector"
    needs_etag = True
    keep_keys = ("fields",)
    read_only = ("alive", "collectorVersion", "lastSeenAlive", "links")
    fields = {
        "name": Field("name"),
        "description": Field("description"),
        "category": Field("category"),
        "fields": Field("fields", type="dict", purge="purge_fields"),
        "cutoff_relative_time": Field("cutoffRelativeTime", create_only=True),
    }
    options = dict(purge_fields=dict(type="bool", default=False))

    def find(self, run, params):
        return find_collector_by_name(run.client, params["name"])

    def create_body(self, params, desired):
        return dict(desired, collectorType="Hosted")


def run_module(resource_class, client, params, check_mode=False, diff=False):
    """Run a declaration as its module would, with a fake AnsibleModule; returns the Exit."""
    with pytest.raises(Exit) as info:
        run_resource_module(resource_class, FakeModule(client, params, check_mode, diff))
    return info.value


def run(client, check_mode=False, diff=False, **params):
    base = dict(name="engine", state="present", description=None, category=None, fields=None, purge_fields=False,
                cutoff_relative_time=None)
    base.update(params)
    return run_module(Hosted, client, base, check_mode, diff)


def writes(control):
    return [(r["method"], r["status"]) for r in control.requests()["requests"] if r["method"] != "GET"]


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


def test_unknown_field_kind_is_a_bug():
    with pytest.raises(ValueError):
        Field("x", kind="tree")


def test_argument_spec_comes_from_the_field_table():
    spec = Hosted.argument_spec()
    assert spec["fields"] == {"type": "dict"}
    assert spec["description"] == {"type": "str"}
    assert spec["purge_fields"] == {"type": "bool", "default": False}
    assert spec["state"]["choices"] == ["present", "absent"]
    assert Field("roleIds", type="list", elements="str", kind="set").spec() == {"type": "list", "elements": "str"}


def test_value_maps_translate_both_ways_false_included():
    state = ValueMap({True: "Enabled", False: "Disabled"})
    assert state.to_api(None, False, "enabled", ()) == "Disabled"
    assert state.to_options(None, "Enabled") is True
    assert state.to_options(None, "Unknown") == "Unknown"


def test_secret_urls_are_masked_to_their_host():
    assert mask_url("https://endpoint4.collection.eu.sumologic.com/receiver/v1/http/ZaVnC4dhaV") == \
        "https://endpoint4.collection.eu.sumologic.com/..."
    assert mask_url("no-scheme-token") == "..."


# -- behaviour against the emulator -------------------------------------------------------------

def test_create_then_noop_costs_one_get(client, control):
    created = run(client, description="d", fields={"a": "1"}, cutoff_relative_time="-1d").result
    assert created["changed"] and created["collector"]["cutoff_relative_time"] == "-1d"
    control.clear_requests()
    again = run(client, description="d", fields={"a": "1"}, cutoff_relative_time="-2d").result
    assert not again["changed"], "a create-only option must not be compared after creation"
    assert control.requests()["counts"] == {"GET": 1}


def test_unset_options_never_cause_drift(client, control):
    run(client, description="d", category="c")
    control.clear_requests()
    assert not run(client).result["changed"]
    assert control.requests()["writes"] == 0


def test_update_merges_into_the_whole_object(client, control):
    run(client, description="d", category="c", fields={"a": "1"})
    result = run(client, fields={"b": "2"}).result
    assert result["changed"]
    assert result["collector"]["category"] == "c"
    assert result["collector"]["fields"] == {"a": "1", "b": "2"}
    assert writes(control)[-1] == ("PUT", 200)


def test_check_mode_never_writes_and_diff_shows_the_change(client, control):
    run(client, description="d")
    control.clear_requests()
    result = run(client, check_mode=True, diff=True, description="new").result
    assert result["changed"]
    assert result["diff"]["before"]["description"] == "d"
    assert result["diff"]["after"]["description"] == "new"
    assert control.requests()["writes"] == 0
    assert find_collector_by_name(client, "engine").obj["description"] == "d"


def test_check_mode_create_and_delete_never_write(client, control):
    assert run(client, check_mode=True).result["changed"]
    run(client)
    control.clear_requests()
    assert run(client, check_mode=True, state="absent").result["changed"]
    assert control.requests()["writes"] == 0


def test_conflict_is_re_read_and_the_other_edit_survives(client, control):
    run(client, description="d", category="mine")
    collector_id = find_collector_by_name(client, "engine").obj["id"]
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/collectors/%d$" % collector_id,
                  patch={"category": "theirs"})
    control.clear_requests()
    result = run(client, description="new").result
    assert result["changed"]
    assert result["collector"]["category"] == "theirs"
    assert writes(control) == [("PUT", 412), ("PUT", 200)]


def test_conflict_where_the_other_edit_already_did_ours(client, control):
    run(client, description="d")
    collector_id = find_collector_by_name(client, "engine").obj["id"]
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/collectors/%d$" % collector_id,
                  patch={"description": "new"})
    result = run(client, description="new").result
    assert not result["changed"], "after the re-read nothing is left to do"
    assert writes(control)[-1] == ("PUT", 412)


def test_endless_conflicts_fail_naming_the_object(client, control):
    run(client, description="d")
    collector_id = find_collector_by_name(client, "engine").obj["id"]
    control.fault(action="concurrent_edit", method="PUT", path="^/api/v1/collectors/%d$" % collector_id,
                  patch={"category": "edit-{n}"}, count=20)
    control.clear_requests()
    outcome = run(client, description="new")
    assert outcome.failed
    assert "collector 'engine'" in outcome.result["msg"]
    assert writes(control) == [("PUT", 412)] * (CONFLICT_RETRIES + 1)


def test_lost_create_answer_is_looked_up_not_resent(client, control):
    control.fault(action="drop_after", method="POST", path="^/api/v1/collectors$")
    result = run(client, description="d").result
    assert result["changed"] and result["collector"]["name"] == "engine"
    assert writes(control) == [("POST", 200)]
    names = [c["name"] for c in client.paginate_offset("/v1/collectors", "collectors")]
    assert names.count("engine") == 1


def test_gateway_timeout_after_the_create_is_looked_up_not_resent(client, control):
    control.fault(action="status_after", status=504, method="POST", path="^/api/v1/collectors$")
    result = run(client, description="d").result
    assert result["changed"] and result["collector"]["description"] == "d"
    assert writes(control) == [("POST", 504)]
    names = [c["name"] for c in client.paginate_offset("/v1/collectors", "collectors")]
    assert names.count("engine") == 1


def test_bad_gateway_before_the_create_is_sent_again_once_absent(client, control):
    control.fault(action="status", status=502, method="POST", path="^/api/v1/collectors$")
    result = run(client, description="d").result
    assert result["changed"]
    assert writes(control) == [("POST", 502), ("POST", 200)]


def test_service_unavailable_on_create_fails_without_a_second_post(client, control):
    control.fault(action="status", status=503, method="POST", path="^/api/v1/collectors$")
    outcome = run(client, description="d")
    assert outcome.failed and "HTTP 503" in outcome.result["msg"]
    assert writes(control) == [("POST", 503)]


def test_api_error_is_reported_with_its_code(client, control):
    outcome = run(client, name="x" * 129)
    assert outcome.failed
    assert "CollectorNameTooLong" in outcome.result["msg"]


def test_absent_twice(client, control):
    run(client)
    assert run(client, state="absent").result["changed"]
    assert not run(client, state="absent").result["changed"]
