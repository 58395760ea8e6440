# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""sumo_user and sumo_role, in-process against the emulator."""

from __future__ import annotations


def test_user_roles_by_name_create_then_noop(ansible_module, control):
    created = ansible_module("sumo_user", email="new@example.com", first_name="New", last_name="Person",
                             roles=["Analyst", "Data Admin"]).result
    assert created["changed"] and created["user"]["role_names"] == ["Analyst", "Data Admin"]
    control.clear_requests()
    again = ansible_module("sumo_user", email="NEW@example.com", roles=["data admin", "Analyst"]).result
    assert not again["changed"]
    assert control.requests()["counts"] == {"GET": 2}  # the user, and one listing of the roles


def test_user_role_ids_already_held_cost_no_listing(ansible_module, control):
    user = ansible_module("sumo_user", email="alice@example.com").result["user"]
    control.clear_requests()
    assert not ansible_module("sumo_user", email="alice@example.com", roles=user["role_ids"]).result["changed"]
    assert control.requests()["counts"] == {"GET": 1}


def test_purge_roles_false_only_adds(ansible_module, control):
    result = ansible_module("sumo_user", email="bob@example.com", roles=["Data Admin"], purge_roles=False).result
    assert result["changed"]
    assert sorted(result["user"]["role_names"]) == ["Analyst", "Data Admin", "Security Analyst"]
    put = [r for r in control.requests()["requests"] if r["method"] == "PUT"]
    assert len(put) == 1


def test_unknown_role_fails_before_any_write(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_user", email="alice@example.com", roles=["Analyst", "Ghost"])
    assert outcome.failed and "roles: unknown role(s) 'Ghost'" in outcome.result["msg"]
    assert control.requests()["writes"] == 0


def test_user_needs_names_to_be_created(ansible_module, control):
    outcome = ansible_module("sumo_user", email="nobody@example.com", last_name="X")
    assert outcome.failed and "first_name is required" in outcome.result["msg"]
    assert control.requests()["writes"] == 0


def test_email_change_reported_once_while_pending_and_after(ansible_module, control):
    first = ansible_module("sumo_user", email="alice@example.com", new_email="alice@example.org").result
    assert first["changed"] and first["actions"] == ["email_change_requested"]
    control.clear_requests()
    pending = ansible_module("sumo_user", email="alice@example.com", new_email="alice@example.org").result
    assert not pending["changed"] and control.requests()["writes"] == 0
    control._call("POST", "/users/confirm-email", {"email": "alice@example.com"})
    done = ansible_module("sumo_user", email="alice@example.com", new_email="alice@example.org").result
    assert not done["changed"] and done["user"]["email"] == "alice@example.org"


def test_unlock_acts_only_on_a_locked_account(ansible_module, control):
    first = ansible_module("sumo_user", email="carol@example.com", unlock=True).result
    assert first["changed"] and first["actions"] == ["unlocked"] and first["user"]["is_locked"] is False
    again = ansible_module("sumo_user", email="carol@example.com", unlock=True).result
    assert not again["changed"]
    result = ansible_module("sumo_user", email="carol@example.com", reset_password=True, resend_welcome_email=True).result
    assert result["changed"] and result["actions"] == ["password_reset", "welcome_email_resent"]
    kinds = [m["kind"] for m in control._call("GET", "/users/outbox")["emails"]]
    assert kinds == ["password-reset", "welcome"]


def test_delete_transfers_content(ansible_module, control):
    result = ansible_module("sumo_user", email="dave@example.com", state="absent", transfer_to="bob@example.com").result
    assert result["changed"] and result["user"] == {}
    content = control._call("GET", "/users/content")
    assert content["content"]["bob@example.com"] == 3 + 7 and "dave@example.com" not in content["content"]
    ansible_module("sumo_user", email="bob@example.com", state="absent", delete_content=True)
    assert control._call("GET", "/users/content")["deleted"] == 10


def test_delete_to_unknown_user_fails_without_writing(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_user", email="dave@example.com", state="absent", transfer_to="ghost@example.com")
    assert outcome.failed and "transfer_to" in outcome.result["msg"]
    assert control.requests()["writes"] == 0


def test_role_users_by_email_and_id_with_purge(ansible_module, control):
    bob = ansible_module("sumo_user", email="bob@example.com").result["user"]["id"]
    created = ansible_module("sumo_role", name="Billing", capabilities=["viewCollectors"],
                             users=["alice@example.com", bob]).result
    assert created["changed"] and len(created["role"]["users"]) == 2
    control.clear_requests()
    again = ansible_module("sumo_role", name="Billing", capabilities=["viewCollectors"], users=[bob, "alice@example.com"]).result
    assert not again["changed"]
    assert control.requests()["counts"] == {"GET": 2}  # the role, and alice's email
    trimmed = ansible_module("sumo_role", name="Billing", users=[bob], diff=True).result
    assert trimmed["changed"] and trimmed["role"]["users"] == [bob]
    assert trimmed["diff"]["before"]["users"] != trimmed["diff"]["after"]["users"]
    assert ansible_module("sumo_user", email="alice@example.com").result["user"]["role_ids"] == \
        ansible_module("sumo_user", email="alice@example.com").result["user"]["role_ids"]


def test_role_unknown_member_fails_before_any_write(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_role", name="Billing", users=["ghost@example.com"])
    assert outcome.failed and "users: no user with email or id 'ghost@example.com'" in outcome.result["msg"]
    assert control.requests()["writes"] == 0


# -- what an export of the organisation leaves out: Sumo Logic's roles, the key owner -------------------------

def test_role_scope_tells_the_organisations_roles_from_sumo_logics(ansible_module, control):
    own = ansible_module("sumo_roles", state="gathered", scope={"system_defined": False}).result["gathered"]
    assert sorted(role["name"] for role in own) == ["Data Admin", "Security Analyst"]
    system = ansible_module("sumo_roles", state="gathered", scope={"system_defined": True}).result["gathered"]
    assert sorted(role["name"] for role in system) == ["Administrator", "Analyst"]
    audit = ansible_module("sumo_roles", config=[{"name": "Data Admin"}], check_mode=True,
                           scope={"system_defined": False}).result
    assert audit["undeclared"] == ["Security Analyst"]
    control.clear_requests()
    # A scope that names only Sumo Logic's roles deletes none of them.
    kept = ansible_module("sumo_roles", state="deleted", scope={"system_defined": True}).result
    assert not kept.get("failed") and not kept["changed"]
    assert control.requests()["writes"] == 0


def test_the_user_who_owns_the_access_key(ansible_module, control):
    control.clear_requests()
    owner = ansible_module("sumo_user_info", key_owner=True).result
    assert [user["email"] for user in owner["users"]] == ["admin@example.com"]
    assert owner["users"][0]["role_names"] == ["Administrator"]
    assert control.requests()["total"] == 4, "personal folder, its path, the user, the roles"
    both = ansible_module("sumo_user_info", key_owner=True, email="alice@example.com")
    assert both.failed and "mutually exclusive" in both.result["msg"]
    control.reset(seed="empty")
    assert ansible_module("sumo_user_info", key_owner=True).result["users"] == [], "the key belongs to no user"
