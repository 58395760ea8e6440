# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the org_audit role asks of the plural modules, in-process: each family in check mode as the role
runs it (``roles/org_audit/tasks/main.yml``), then the drift_report filter over the results. The role's
own tasks (the report files, failing on drift) are tested by the role_org_audit integration target."""

from __future__ import annotations

import pytest

from ansible_collections.community.sumologic.plugins.filter.drift_report import drift_report


@pytest.fixture
def audit(ansible_module):
    """``audit(collectors=[...], collector_scope=..., sources=..., users=..., ...)``: drift, undeclared, unknown
    fields, as the role's set_fact computes them; a family is audited when its list or its scope is given."""
    def run(**given):
        drift, undeclared, unknown = [], [], []
        for family, module in (("collector", "sumo_collectors"), ("source", "sumo_sources"),
                               ("role", "sumo_roles"), ("user", "sumo_users")):
            config, scope = given.get(family + "s") or [], given.get(family + "_scope")
            if not config and scope is None:
                continue
            outcome = ansible_module(module, check_mode=True, config=config, state="merged", scope=scope)
            assert not outcome.failed, outcome.result["msg"]
            drift += drift_report(outcome.result, family)
            undeclared += drift_report(outcome.result, family, undeclared=True)
            unknown += outcome.result.get("unknown_fields") or []
        return drift, undeclared, unknown
    return run


def test_a_matching_desired_state_has_no_drift_and_without_scope_nothing_undeclared(audit, control):
    drift, undeclared, unknown = audit(
        collectors=[{"name": "demo-hosted", "category": "demo/http"},
                    {"name": "web-01", "collector_type": "installed", "category": "prod/web"}],
        sources=[{"collector": "demo-hosted", "name": "demo-http", "category": "demo/http"}])
    assert drift == [] and undeclared == [] and unknown == []
    assert control.requests()["writes"] == 0


def test_drift_names_each_object_and_field_and_undeclared_objects_in_scope(audit, ansible_module, control):
    ansible_module("sumo_collectors", config=[{"name": "shadow-it", "category": "unknown"}])
    control.clear_requests()
    drift, undeclared, unknown = audit(
        collector_scope={"collector_type": "hosted"},
        collectors=[{"name": "demo-hosted", "category": "demo/https", "description": "Seeded hosted collector"},
                    {"name": "k8s-prod", "category": "prod/k8s"}],
        sources=[{"collector": "demo-hosted", "name": "demo-http", "category": "demo/http"}],
        user_scope={"email": "@example\\.com$"},
        users=[{"email": "alice@example.com", "first_name": "Alice"},
               {"email": "bob@example.com", "last_name": "Renamed"}])
    log = control.requests()
    assert log["writes"] == 0
    # collectors: one listing; sources: the collector by name, its sources; users: one listing, and the
    # roles' listing that names their roles
    assert [r["path"] for r in log["requests"]] == ["/api/v1/collectors", "/api/v1/collectors/name/demo-hosted",
                                                    "/api/v1/collectors/100000003/sources", "/api/v1/users",
                                                    "/api/v1/roles"]
    assert drift == [
        {"kind": "collector", "name": "demo-hosted", "action": "update",
         "changes": {"category": {"current": "demo/http", "desired": "demo/https"}}},
        {"kind": "collector", "name": "k8s-prod", "action": "create", "changes": {}},
        {"kind": "user", "name": "bob@example.com", "action": "update",
         "changes": {"last_name": {"current": "Builder", "desired": "Renamed"}}},
    ]
    assert [u["name"] for u in undeclared if u["kind"] == "collector"] == ["shadow-it"]
    assert sorted(u["name"] for u in undeclared if u["kind"] == "user") == \
        ["admin@example.com", "carol@example.com", "dave@example.com"]
    assert unknown == []


def test_a_field_nobody_defined_is_named_with_the_collector_that_sets_it(audit, control):
    drift, undeclared, unknown = audit(collectors=[{"name": "demo-hosted", "fields": {"tema": "platform"}}])
    assert [u["field"] for u in unknown] == ["tema"] and "demo-hosted" in unknown[0]["used_by"][0]
