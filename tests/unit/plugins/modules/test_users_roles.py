# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""sumo_user, sumo_user_info, sumo_users, sumo_role, sumo_role_info and sumo_roles, in-process against the
emulator: states, request counts, check mode, diff, account actions, content transfer, partial failures and
bad input."""

from __future__ import annotations

import re

import pytest

CI_USER = dict(email="ci.user@example.com", first_name="Ci", last_name="User", roles=["Analyst", "Data Admin"])


def log(control):
    return control.requests()


def by_key(items, value, key="email"):
    return [item for item in items if item[key] == value][0]


def content(control):
    return control._call("GET", "/users/content")


# -- sumo_user ------------------------------------------------------------------------------------------

def test_user_roles_by_name_create_then_noop(ansible_module, control):
    created = ansible_module("sumo_user", email="new@example.com", first_name="New", last_name="Person",
                             roles=["Analyst", "Data Admin"]).result
    assert created["changed"] and created["user"]["role_names"] == ["Analyst", "Data Admin"]
    control.clear_requests()
    again = ansible_module("sumo_user", email="NEW@example.com", roles=["data admin", "Analyst"]).result
    assert not again["changed"]
    assert control.requests()["counts"] == {"GET": 2}  # the user, and one listing of the roles


def test_user_among_ten_thousand_check_mode_create_then_create_then_noop(ansible_module, control):
    control.reset(users=10000, roles=50)
    control.clear_requests()
    checked = ansible_module("sumo_user", check_mode=True, **CI_USER).result
    assert checked["changed"] and checked["user"]["email"] == "ci.user@example.com"
    assert log(control)["writes"] == 0 and log(control)["counts"] == {"GET": 2}

    control.clear_requests()
    created = ansible_module("sumo_user", diff=True, **CI_USER).result
    assert created["changed"] and re.match("^[0-9A-F]{16}$", created["user"]["id"])
    assert len(created["user"]["role_ids"]) == 2 and created["user"]["role_names"] == ["Analyst", "Data Admin"]
    assert created["user"]["is_active"]
    assert created["diff"]["before"] == {} and created["diff"]["after"]["email"] == "ci.user@example.com"
    requests = log(control)
    assert requests["counts"] == {"GET": 2, "POST": 1}, "one lookup, one role listing, one POST"
    assert "email=ci.user%40example.com" in requests["requests"][0]["query"]

    control.clear_requests()
    again = ansible_module("sumo_user", email="CI.User@example.com", first_name="Ci", last_name="User",
                           roles=["data admin", "Analyst"]).result
    assert not again["changed"] and again["user"]["id"] == created["user"]["id"]
    assert log(control)["counts"] == {"GET": 2}, "one lookup GET among 10,000 users, one role listing, no write"

    control.clear_requests()
    by_ids = ansible_module("sumo_user", email="ci.user@example.com", roles=created["user"]["role_ids"]).result
    assert not by_ids["changed"] and log(control)["counts"] == {"GET": 1}, "role ids the user has need no listing"


def test_user_role_ids_already_held_cost_no_listing(ansible_module, control):
    user = ansible_module("sumo_user", email="alice@example.com").result["user"]
    control.clear_requests()
    assert not ansible_module("sumo_user", email="alice@example.com", roles=user["role_ids"]).result["changed"]
    assert control.requests()["counts"] == {"GET": 1}


def test_user_check_mode_update_then_update_of_one_option(ansible_module, control):
    created = ansible_module("sumo_user", **CI_USER).result["user"]
    control.clear_requests()
    checked = ansible_module("sumo_user", check_mode=True, diff=True, email="ci.user@example.com",
                             last_name="Userson").result
    assert checked["changed"] and log(control)["writes"] == 0
    assert checked["diff"]["before"]["last_name"] == "User" and checked["diff"]["after"]["last_name"] == "Userson"
    assert len(checked["diff"]["after"]["role_ids"]) == 2
    control.clear_requests()
    updated = ansible_module("sumo_user", email="ci.user@example.com", last_name="Userson").result
    assert updated["changed"] and updated["user"]["last_name"] == "Userson" and updated["user"]["first_name"] == "Ci"
    assert sorted(updated["user"]["role_ids"]) == sorted(created["role_ids"])
    assert log(control)["counts"] == {"GET": 1, "PUT": 1}


def test_purge_roles_false_only_adds(ansible_module, control):
    result = ansible_module("sumo_user", email="bob@example.com", roles=["Data Admin"], purge_roles=False).result
    assert result["changed"]
    assert sorted(result["user"]["role_names"]) == ["Analyst", "Data Admin", "Security Analyst"]
    put = [r for r in control.requests()["requests"] if r["method"] == "PUT"]
    assert len(put) == 1


def test_roles_purged_to_one_and_deactivated(ansible_module, control):
    purged = ansible_module("sumo_user", email="bob@example.com", roles=["Security Analyst"], is_active=False).result
    assert purged["changed"] and purged["user"]["role_names"] == ["Security Analyst"]
    assert not purged["user"]["is_active"]


def test_unknown_role_fails_before_any_write(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_user", email="alice@example.com", roles=["Analyst", "Ghost"])
    assert outcome.failed and outcome.result["msg"].startswith("roles: unknown role(s) 'Ghost'")
    assert control.requests()["writes"] == 0


@pytest.mark.parametrize("given, check", [
    (dict(email="not-an-email", first_name="X", last_name="Y"), lambda msg: msg.startswith("email:")),
    (dict(email="nameless@example.com"), lambda msg: "first_name and last_name are required" in msg),
    (dict(email="nobody@example.com", last_name="X"), lambda msg: "first_name is required" in msg),
])
def test_user_bad_input_fails_before_any_write(ansible_module, control, given, check):
    control.clear_requests()
    outcome = ansible_module("sumo_user", **given)
    assert outcome.failed and check(outcome.result["msg"]), outcome.result["msg"]
    assert control.requests()["writes"] == 0


def test_email_change_reported_once_while_pending_and_after(ansible_module, control):
    first = ansible_module("sumo_user", email="alice@example.com", new_email="alice@example.org").result
    assert first["changed"] and first["actions"] == ["email_change_requested"]
    assert first["user"]["pending_email"] == "alice@example.org"
    control.clear_requests()
    pending = ansible_module("sumo_user", email="alice@example.com", new_email="alice@example.org").result
    assert not pending["changed"] and control.requests()["writes"] == 0
    control._call("POST", "/users/confirm-email", {"email": "alice@example.com"})
    done = ansible_module("sumo_user", email="alice@example.com", new_email="alice@example.org").result
    assert not done["changed"] and done["user"]["email"] == "alice@example.org"


def test_account_actions_act_once_in_order(ansible_module, control):
    first = ansible_module("sumo_user", email="carol@example.com", unlock=True, reset_password=True,
                           resend_welcome_email=True).result
    assert first["changed"] and first["actions"] == ["unlocked", "password_reset", "welcome_email_resent"]
    assert first["user"]["is_locked"] is False
    assert not ansible_module("sumo_user", email="carol@example.com", unlock=True).result["changed"]
    kinds = [m["kind"] for m in control._call("GET", "/users/outbox")["emails"] if m["to"] == "carol@example.com"]
    assert kinds == ["password-reset", "welcome"]


def test_delete_in_check_mode_then_with_transfer_then_again(ansible_module, control):
    before = content(control)["content"]
    control.clear_requests()
    checked = ansible_module("sumo_user", check_mode=True, email="dave@example.com", state="absent",
                             transfer_to="bob@example.com").result
    assert checked["changed"] and control.requests()["writes"] == 0
    result = ansible_module("sumo_user", diff=True, email="dave@example.com", state="absent",
                            transfer_to="bob@example.com").result
    assert result["changed"] and result["user"] == {} and result["diff"]["before"]["email"] == "dave@example.com"
    after = content(control)
    assert after["content"]["bob@example.com"] == before["bob@example.com"] + before["dave@example.com"] == 3 + 7
    assert "dave@example.com" not in after["content"]
    assert not ansible_module("sumo_user", email="dave@example.com", state="absent").result["changed"]
    ansible_module("sumo_user", email="bob@example.com", state="absent", delete_content=True)
    end = content(control)
    assert "bob@example.com" not in end["content"] and end["deleted"] == 10


def test_delete_to_unknown_user_fails_without_writing(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_user", email="dave@example.com", state="absent", transfer_to="ghost@example.com")
    assert outcome.failed and outcome.result["msg"].startswith("transfer_to:")
    assert control.requests()["writes"] == 0


# -- sumo_user_info -------------------------------------------------------------------------------------

def test_user_info_by_email_by_id_and_none(ansible_module, control):
    control.reset(users=2500)
    control.clear_requests()
    bob = ansible_module("sumo_user_info", email="Bob@Example.com").result
    assert not bob["changed"] and len(bob["users"]) == 1
    user = bob["users"][0]
    assert user["email"] == "bob@example.com" and user["first_name"] == "Bob" and user["is_locked"] is False
    assert sorted(user["role_names"]) == ["Analyst", "Security Analyst"] and len(user["role_ids"]) == 2
    assert log(control)["counts"] == {"GET": 2}, "one GET finds him, one more names his roles"
    assert ansible_module("sumo_user_info", user_id=user["id"]).result["users"][0]["email"] == "bob@example.com"
    assert ansible_module("sumo_user_info", email="nobody@example.com").result["users"] == []


def test_user_info_every_page_in_order(ansible_module, control):
    control.reset(users=2500)
    control.clear_requests()
    everyone = ansible_module("sumo_user_info", sort_by="email", descending=True).result["users"]
    emails = [u["email"] for u in everyone]
    assert len(everyone) == 2505 and emails == sorted(emails, reverse=True)
    requests = log(control)["requests"]
    assert len([r for r in requests if r["path"] == "/api/v1/users"]) == 3
    assert "token=" in requests[1]["query"] and "sortBy=-email" in requests[0]["query"]


def test_user_info_malformed_id_fails_naming_it(ansible_module, control):
    outcome = ansible_module("sumo_user_info", user_id="12")
    assert outcome.failed and outcome.result["msg"].startswith("user_id:")


# -- sumo_users -----------------------------------------------------------------------------------------

TEAM = [{"email": "ann@team.example.com", "first_name": "Ann", "last_name": "One", "roles": ["Analyst"]},
        {"email": "ben@team.example.com", "first_name": "Ben", "last_name": "Two", "roles": ["Analyst", "data admin"]},
        {"email": "cyd@team.example.com", "first_name": "Cyd", "last_name": "Three", "is_active": False}]
IN_TEAM = {"email": "@team\\.example\\.com$"}


@pytest.fixture
def team(ansible_module, control):
    ansible_module("sumo_users", config=TEAM)
    control.clear_requests()


def test_users_check_mode_create_then_create_then_noop(ansible_module, control):
    control.clear_requests()
    checked = ansible_module("sumo_users", check_mode=True, diff=True, config=TEAM).result
    assert checked["changed"] and [c["action"] for c in checked["changes"]] == ["create"] * 3
    assert sorted(checked["diff"]["after"]["ben@team.example.com"]["roles"]) == ["Analyst", "Data Admin"]
    assert checked["diff"]["after"]["cyd@team.example.com"]["is_active"] is False
    assert log(control)["counts"] == {"GET": 2}, "reads only: the users, the roles"
    control.clear_requests()
    created = ansible_module("sumo_users", config=TEAM).result
    assert created["changed"] and by_key(created["after"], "cyd@team.example.com")["is_active"] is False
    counts = log(control)["counts"]
    assert counts["POST"] == 3 and counts["PUT"] == 1, "a POST each, and the update that deactivates Cyd"
    control.clear_requests()
    again = ansible_module("sumo_users", config=[
        {"email": "ANN@team.example.com", "first_name": "Ann", "last_name": "One", "roles": ["analyst"]},
        {"email": "ben@team.example.com", "first_name": "Ben", "last_name": "Two", "roles": ["Data Admin", "Analyst"]},
        TEAM[2]]).result
    assert not again["changed"] and log(control)["counts"] == {"GET": 2}


def test_users_read_just_before_the_put_so_another_edit_survives(ansible_module, control, team):
    control.fault(action="concurrent_edit", method="GET", path="^/api/v1/users/[0-9A-F]{16}$",
                  patch={"lastName": "Edited"})
    updated = ansible_module("sumo_users", config=[
        {"email": "ann@team.example.com", "roles": ["Data Admin"], "purge_roles": False}]).result
    assert updated["changed"]
    assert updated["changes"][0]["fields"] == {"roles": {"before": ["Analyst"], "after": ["Analyst", "Data Admin"]}}
    assert updated["after"][0]["last_name"] == "Edited"
    assert log(control)["counts"] == {"GET": 3, "PUT": 1}


def test_users_gathered_round_trip_replaced_and_overridden(ansible_module, control, team):
    gathered = ansible_module("sumo_users", state="gathered").result["gathered"]
    assert len(gathered) == 8
    assert sorted(by_key(gathered, "bob@example.com")["roles"]) == ["Analyst", "Security Analyst"]
    assert not ansible_module("sumo_users", config=gathered).result["changed"]
    replaced = ansible_module("sumo_users", state="replaced", config=[
        {"email": "ben@team.example.com", "first_name": "Ben", "last_name": "Two"}]).result
    assert replaced["changed"] and replaced["after"][0]["roles"] == []
    checked = ansible_module("sumo_users", check_mode=True, state="overridden", scope=IN_TEAM, config=[
        {"email": "ann@team.example.com", "roles": ["Analyst"]}]).result
    assert sorted(c["name"] for c in checked["changes"]) == ["ben@team.example.com", "cyd@team.example.com"]
    assert checked["undeclared"] == ["ben@team.example.com", "cyd@team.example.com"]


def test_users_one_failure_among_many(ansible_module, control, team):
    ben = ansible_module("sumo_user_info", email="ben@team.example.com").result["users"][0]
    control.fault(action="status", status=500, method="PUT", path="^/api/v1/users/%s$" % ben["id"])
    partial = ansible_module("sumo_users", config=[{"email": "ann@team.example.com", "first_name": "Anna"},
                                                   {"email": "ben@team.example.com", "first_name": "Benjamin"}])
    assert partial.failed and partial["changed"]
    assert [f["name"] for f in partial["failures"]] == ["ben@team.example.com"]
    assert by_key(partial["after"], "ann@team.example.com")["first_name"] == "Anna"


@pytest.mark.parametrize("config, check", [
    ([{"email": "new1@team.example.com", "first_name": "N", "last_name": "One"},
      {"email": "new2@team.example.com", "first_name": "N", "last_name": "Two", "roles": ["Ghost"]}],
     lambda msg: "config[1] (new2@team.example.com): roles: unknown role(s) 'Ghost'" in msg),
    ([{"email": "new3@team.example.com"}], lambda msg: "first_name and last_name are required" in msg),
])
def test_users_bad_input_fails_before_any_write(ansible_module, control, config, check):
    control.clear_requests()
    outcome = ansible_module("sumo_users", config=config)
    assert outcome.failed and check(outcome["msg"]), outcome["msg"]
    assert log(control)["writes"] == 0


def test_users_deleted_with_transfer_then_by_scope(ansible_module, control, team):
    deleted = ansible_module("sumo_users", state="deleted", config=[
        {"email": "cyd@team.example.com", "transfer_to": "ann@team.example.com"}]).result
    assert [c["name"] for c in deleted["changes"]] == ["cyd@team.example.com"]
    rest = ansible_module("sumo_users", state="deleted", scope=IN_TEAM).result
    assert sorted(c["name"] for c in rest["changes"]) == ["ann@team.example.com", "ben@team.example.com"]


# -- sumo_role ------------------------------------------------------------------------------------------

def test_role_users_by_email_and_id_with_purge(ansible_module, control):
    bob = ansible_module("sumo_user", email="bob@example.com").result["user"]["id"]
    created = ansible_module("sumo_role", name="Billing", capabilities=["viewCollectors"],
                             users=["alice@example.com", bob]).result
    assert created["changed"] and len(created["role"]["users"]) == 2
    control.clear_requests()
    again = ansible_module("sumo_role", name="Billing", capabilities=["viewCollectors"],
                           users=[bob, "alice@example.com"]).result
    assert not again["changed"]
    assert control.requests()["counts"] == {"GET": 2}  # the role, and alice's email
    trimmed = ansible_module("sumo_role", name="Billing", users=[bob], diff=True).result
    assert trimmed["changed"] and trimmed["role"]["users"] == [bob]
    assert trimmed["diff"]["before"]["users"] != trimmed["diff"]["after"]["users"]


BILLING = dict(name="CI Billing", description="made by CI", filter_predicate="_sourceCategory=billing*",
               capabilities=["viewCollectors", "downloadSearchResults"])


@pytest.fixture
def bob(ansible_module):
    return ansible_module("sumo_user_info", email="bob@example.com").result["users"][0]["id"]


def test_role_check_mode_create_then_create_then_noop(ansible_module, control, bob):
    control.clear_requests()
    checked = ansible_module("sumo_role", check_mode=True, users=["alice@example.com", bob], **BILLING).result
    assert checked["changed"] and log(control)["writes"] == 0
    created = ansible_module("sumo_role", diff=True, users=["alice@example.com", bob], **BILLING).result
    role = created["role"]
    assert created["changed"] and re.match("^[0-9A-F]{16}$", role["id"])
    assert len(role["users"]) == 2 and bob in role["users"]
    assert sorted(role["capabilities"]) == ["downloadSearchResults", "viewCollectors"]
    assert created["diff"]["before"] == {}
    alice = ansible_module("sumo_user_info", email="alice@example.com").result["users"][0]
    assert "CI Billing" in alice["role_names"], "the membership shows on the user"
    control.clear_requests()
    again = ansible_module("sumo_role", name="CI Billing", description="made by CI",
                           filter_predicate="_sourceCategory=billing*",
                           capabilities=["downloadSearchResults", "viewCollectors"],
                           users=list(reversed(role["users"]))).result
    assert not again["changed"] and log(control)["counts"] == {"GET": 1}, "one lookup GET, no write"


def test_role_check_mode_update_then_update_merge_purge_and_rename(ansible_module, control, bob):
    created = ansible_module("sumo_role", users=["alice@example.com", bob], **BILLING).result["role"]
    control.clear_requests()
    checked = ansible_module("sumo_role", check_mode=True, diff=True, name="CI Billing",
                             description="changed by CI").result
    assert checked["changed"]
    assert checked["diff"]["before"]["description"] == "made by CI"
    assert checked["diff"]["after"]["description"] == "changed by CI"
    updated = ansible_module("sumo_role", name="CI Billing", description="changed by CI").result
    assert updated["changed"] and updated["role"]["filter_predicate"] == "_sourceCategory=billing*"
    assert len(updated["role"]["users"]) == 2
    assert log(control)["counts"] == {"GET": 2, "PUT": 1}
    added = ansible_module("sumo_role", name="CI Billing", capabilities=["viewFields"], purge_capabilities=False,
                           users=["carol@example.com"], purge_users=False).result
    assert len(added["role"]["capabilities"]) == 3 and len(added["role"]["users"]) == 3
    purged = ansible_module("sumo_role", name="CI Billing", users=["bob@example.com"]).result
    assert purged["changed"] and purged["role"]["users"] == [bob]
    renamed = ansible_module("sumo_role", role_id=created["id"], name="CI Billing Team").result
    assert renamed["changed"] and renamed["role"]["name"] == "CI Billing Team"


@pytest.mark.parametrize("given, check", [
    (dict(users=["ghost@example.com"]), lambda msg: msg.startswith("users:") and "ghost@example.com" in msg),
    (dict(description="x" * 256), lambda msg: msg.startswith("description:")),
])
def test_role_bad_input_fails_naming_its_option_without_a_write(ansible_module, control, given, check):
    ansible_module("sumo_role", **BILLING)
    control.clear_requests()
    outcome = ansible_module("sumo_role", name="CI Billing", **given)
    assert outcome.failed and check(outcome["msg"]), outcome["msg"]
    assert log(control)["writes"] == 0


def test_role_unknown_member_fails_before_any_write(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_role", name="Billing", users=["ghost@example.com"])
    assert outcome.failed and "users: no user with email or id 'ghost@example.com'" in outcome.result["msg"]
    assert control.requests()["writes"] == 0


def test_role_found_among_near_matches_is_updated_not_created(ansible_module, control):
    control.reset(roles=20)
    bulk = ansible_module("sumo_role", name="bulk-role-0020", description="found among near matches").result
    assert bulk["changed"] and bulk["role"]["description"] == "found among near matches"
    assert bulk["role"]["capabilities"] == ["viewCollectors"]


def test_role_delete_in_check_mode_then_delete_then_again(ansible_module, control, bob):
    ansible_module("sumo_role", users=[bob], **BILLING)
    control.clear_requests()
    assert ansible_module("sumo_role", check_mode=True, name="CI Billing", state="absent").result["changed"]
    assert log(control)["writes"] == 0
    deleted = ansible_module("sumo_role", name="CI Billing", state="absent").result
    assert deleted["changed"] and deleted["role"] == {}
    assert not ansible_module("sumo_role", name="CI Billing", state="absent").result["changed"]
    after = ansible_module("sumo_user_info", email="bob@example.com").result["users"][0]
    assert sorted(after["role_names"]) == ["Analyst", "Security Analyst"], "Bob lost the role"


# -- sumo_role_info -------------------------------------------------------------------------------------

def test_role_info_by_name_with_emails_then_by_id(ansible_module, control):
    control.reset(roles=1200, users=30)
    control.clear_requests()
    analyst = ansible_module("sumo_role_info", name="Analyst", resolve_users=True).result
    assert not analyst["changed"] and len(analyst["roles"]) == 1, "the API also answers Security Analyst"
    role = analyst["roles"][0]
    assert role["name"] == "Analyst" and "viewCollectors" in role["capabilities"] and role["system_defined"]
    assert len(role["users"]) == 3
    assert role["user_emails"] == ["alice@example.com", "bob@example.com", "carol@example.com"]
    assert log(control)["counts"] == {"GET": 4}
    by_id = ansible_module("sumo_role_info", role_id=role["id"]).result["roles"][0]
    assert by_id["name"] == "Analyst" and "user_emails" not in by_id


def test_role_info_every_page_and_none_for_a_substring(ansible_module, control):
    control.reset(roles=1200, users=30)
    control.clear_requests()
    roles = ansible_module("sumo_role_info").result["roles"]
    assert len(roles) == 1204 and len({r["id"] for r in roles}) == 1204
    requests = log(control)
    assert requests["counts"] == {"GET": 2} and "token=" in requests["requests"][1]["query"]
    assert ansible_module("sumo_role_info", name="Analys").result["roles"] == []


# -- sumo_roles -----------------------------------------------------------------------------------------

ROLES = [{"name": "ci-billing", "capabilities": ["viewCollectors"], "filter_predicate": "_sourceCategory=billing*",
          "users": ["alice@example.com"]},
         {"name": "ci-platform", "capabilities": ["viewCollectors", "manageCollectors"],
          "users": ["bob@example.com", "carol@example.com"]}]


def test_roles_create_with_members_by_email_then_noop(ansible_module, control):
    control.clear_requests()
    created = ansible_module("sumo_roles", diff=True, config=ROLES).result
    assert created["changed"]
    assert sorted(by_key(created["after"], "ci-platform", "name")["users"]) == ["bob@example.com", "carol@example.com"]
    assert created["diff"]["after"]["ci-billing"]["filter_predicate"] == "_sourceCategory=billing*"
    assert log(control)["counts"]["POST"] == 2
    control.clear_requests()
    assert not ansible_module("sumo_roles", config=ROLES).result["changed"]
    assert log(control)["writes"] == 0


def test_roles_check_mode_member_gathered_overridden_replaced(ansible_module, control):
    ansible_module("sumo_roles", config=ROLES)
    checked = ansible_module("sumo_roles", check_mode=True, config=[
        {"name": "ci-billing", "users": ["dave@example.com"], "purge_users": False}]).result
    assert checked["changed"]
    assert sorted(checked["changes"][0]["fields"]["users"]["after"]) == ["alice@example.com", "dave@example.com"]
    gathered = ansible_module("sumo_roles", state="gathered").result["gathered"]
    assert len(gathered) == 6
    assert not ansible_module("sumo_roles", config=gathered).result["changed"]
    override = ansible_module("sumo_roles", check_mode=True, state="overridden", config=ROLES).result
    assert sorted(c["name"] for c in override["changes"]) == ["Data Admin", "Security Analyst"], \
        "never the roles Sumo Logic defines"
    replaced = ansible_module("sumo_roles", state="replaced", config=[
        {"name": "ci-platform", "capabilities": ["viewCollectors"]}]).result
    assert replaced["changed"] and replaced["after"][0]["users"] == []
    assert replaced["after"][0]["capabilities"] == ["viewCollectors"]


def test_roles_unknown_member_fails_naming_the_item_then_deleted_by_scope(ansible_module, control):
    ansible_module("sumo_roles", config=ROLES)
    control.clear_requests()
    ghost = ansible_module("sumo_roles", config=[{"name": "ci-new", "capabilities": ["viewCollectors"]},
                                                 {"name": "ci-billing", "users": ["ghost@example.com"]}])
    assert ghost.failed and ghost["msg"] == "config[1] (ci-billing): users: no user with email or id 'ghost@example.com'"
    assert log(control)["writes"] == 0
    deleted = ansible_module("sumo_roles", state="deleted", scope={"name": "^ci-"}).result
    assert sorted(c["name"] for c in deleted["changes"]) == ["ci-billing", "ci-platform"]
