# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The sumo_user and sumo_role declarations driven through the engine against the emulator."""

from __future__ import annotations

from ansible_collections.community.sumologic.plugins.module_utils.roles import Role
from ansible_collections.community.sumologic.plugins.module_utils.users import User

from .test_resource import run_module

USER_DEFAULTS = dict(email=None, first_name=None, last_name=None, roles=None, purge_roles=True, is_active=None,
                     state="present", transfer_to=None, delete_content=False, new_email=None, reset_password=False,
                     resend_welcome_email=False, unlock=False)
ROLE_DEFAULTS = dict(name=None, role_id=None, description=None, filter_predicate=None, capabilities=None,
                     purge_capabilities=True, users=None, purge_users=True, state="present")


def run(kind, client, check_mode=False, diff=False, **params):
    base = dict(USER_DEFAULTS if kind is User else ROLE_DEFAULTS)
    base.update(params)
    return run_module(kind, client, base, check_mode, diff)


def test_user_roles_by_name_create_then_noop(client, control):
    created = run(User, client, email="new@example.com", first_name="New", last_name="Person",
                  roles=["Analyst", "Data Admin"]).result
    assert created["changed"] and created["user"]["role_names"] == ["Analyst", "Data Admin"]
    control.clear_requests()
    again = run(User, client, email="NEW@example.com", roles=["data admin", "Analyst"]).result
    assert not again["changed"]
    assert control.requests()["counts"] == {"GET": 2}  # the user, and one listing of the roles


def test_user_role_ids_already_held_cost_no_listing(client, control):
    user = run(User, client, email="alice@example.com").result["user"]
    control.clear_requests()
    assert not run(User, client, email="alice@example.com", roles=user["role_ids"]).result["changed"]
    assert control.requests()["counts"] == {"GET": 1}


def test_purge_roles_false_only_adds(client, control):
    result = run(User, client, email="bob@example.com", roles=["Data Admin"], purge_roles=False).result
    assert result["changed"]
    assert sorted(result["user"]["role_names"]) == ["Analyst", "Data Admin", "Security Analyst"]
    put = [r for r in control.requests()["requests"] if r["method"] == "PUT"]
    assert len(put) == 1


def test_unknown_role_fails_before_any_write(client, control):
    control.clear_requests()
    outcome = run(User, client, email="alice@example.com", roles=["Analyst", "Ghost"])
    assert outcome.failed and "roles: unknown role(s) 'Ghost'" in outcome.result["msg"]
    assert control.requests()["writes"] == 0


def test_user_needs_names_to_be_created(client, control):
    outcome = run(User, client, email="nobody@example.com", last_name="X")
    assert outcome.failed and "first_name is required" in outcome.result["msg"]
    assert control.requests()["writes"] == 0


def test_email_change_reported_once_while_pending_and_after(client, control):
    first = run(User, client, email="alice@example.com", new_email="alice@example.org").result
    assert first["changed"] and first["actions"] == ["email_change_requested"]
    control.clear_requests()
    pending = run(User, client, email="alice@example.com", new_email="alice@example.org").result
    assert not pending["changed"] and control.requests()["writes"] == 0
    control._call("POST", "/users/confirm-email", {"email": "alice@example.com"})
    done = run(User, client, email="alice@example.com", new_email="alice@example.org").result
    assert not done["changed"] and done["user"]["email"] == "alice@example.org"


def test_unlock_acts_only_on_a_locked_account(client, control):
    first = run(User, client, email="carol@example.com", unlock=True).result
    assert first["changed"] and first["actions"] == ["unlocked"] and first["user"]["is_locked"] is False
    again = run(User, client, email="carol@example.com", unlock=True).result
    assert not again["changed"]
    result = run(User, client, email="carol@example.com", reset_password=True, resend_welcome_email=True).result
    assert result["changed"] and result["actions"] == ["password_reset", "welcome_email_resent"]
    kinds = [m["kind"] for m in control._call("GET", "/users/outbox")["emails"]]
    assert kinds == ["password-reset", "welcome"]


def test_delete_transfers_content(client, control):
    result = run(User, client, email="dave@example.com", state="absent", transfer_to="bob@example.com").result
    assert result["changed"] and result["user"] == {}
    content = control._call("GET", "/users/content")
    assert content["content"]["bob@example.com"] == 3 + 7 and "dave@example.com" not in content["content"]
    run(User, client, email="bob@example.com", state="absent", delete_content=True)
    assert control._call("GET", "/users/content")["deleted"] == 10


def test_delete_to_unknown_user_fails_without_writing(client, control):
    control.clear_requests()
    outcome = run(User, client, email="dave@example.com", state="absent", transfer_to="ghost@example.com")
    assert outcome.failed and "transfer_to" in outcome.result["msg"]
    assert control.requests()["writes"] == 0


def test_role_users_by_email_and_id_with_purge(client, control):
    bob = run(User, client, email="bob@example.com").result["user"]["id"]
    created = run(Role, client, name="Billing", capabilities=["viewCollectors"],
                  users=["alice@example.com", bob]).result
    assert created["changed"] and len(created["role"]["users"]) == 2
    control.clear_requests()
    again = run(Role, client, name="Billing", capabilities=["viewCollectors"], users=[bob, "alice@example.com"]).result
    assert not again["changed"]
    assert control.requests()["counts"] == {"GET": 2}  # the role, and alice's email
    trimmed = run(Role, client, name="Billing", users=[bob], diff=True).result
    assert trimmed["changed"] and trimmed["role"]["users"] == [bob]
    assert trimmed["diff"]["before"]["users"] != trimmed["diff"]["after"]["users"]
    assert run(User, client, email="alice@example.com").result["user"]["role_ids"] == \
        run(User, client, email="alice@example.com").result["user"]["role_ids"]


def test_role_unknown_member_fails_before_any_write(client, control):
    control.clear_requests()
    outcome = run(Role, client, name="Billing", users=["ghost@example.com"])
    assert outcome.failed and "users: no user with email or id 'ghost@example.com'" in outcome.result["msg"]
    assert control.requests()["writes"] == 0
