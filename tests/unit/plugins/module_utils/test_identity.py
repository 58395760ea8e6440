# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""User and role lookups (module_utils/identity.py) against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError
from ansible_collections.community.sumologic.plugins.module_utils.identity import (
    ROLES,
    USERS,
    RoleDirectory,
    find_user_by_email,
    find_user_by_id,
    list_roles,
    list_users,
    looks_like_id,
    user_emails,
)
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Engine,
    Field,
    Run,
    desired_value,
    same_value,
)
from ansible_collections.community.sumologic.plugins.module_utils.roles import Role


def find_role(client, name=None, role_id=None):
    """The role sumo_role finds: the declaration's lookup and the engine's name rule."""
    found = Engine(Role(), Run(client)).find({"name": name, "role_id": role_id})
    return found.obj if found is not None else None


def gets(control):
    return control.requests()["counts"].get("GET", 0)


def role_id(client, name):
    return find_role(client, name)["id"]


def test_ids_look_like_16_hex_digits():
    assert looks_like_id("000000000FE20FE2") and looks_like_id("00000000000001d1")
    assert not looks_like_id("Analyst") and not looks_like_id("0FE20FE2") and not looks_like_id("000000000FE20FEG")


def test_user_by_email_is_exact_and_ignores_case(client, control):
    control.clear_requests()
    found = find_user_by_email(client, "Alice@Example.COM")
    assert found["email"] == "alice@example.com"
    assert find_user_by_email(client, "alice@example.co") is None
    assert gets(control) == 2
    assert find_user_by_id(client, found["id"])["email"] == "alice@example.com"
    assert find_user_by_id(client, "00000000DEADBEEF") is None


def test_role_by_name_picks_the_exact_one_among_substring_matches(client, control):
    # The emulator matches ?name= as a substring: "Analyst" also answers "Security Analyst".
    body = client.get("/v1/roles", params={"name": "Analyst"}).json
    assert sorted(r["name"] for r in body["data"]) == ["Analyst", "Security Analyst"]
    assert find_role(client, "Security Analyst")["name"] == "Security Analyst"
    assert find_role(client, "Analyst")["name"] == "Analyst"
    assert find_role(client, "analyst")["name"] == "Analyst"  # unique without case
    assert find_role(client, "Analys") is None
    assert find_role(client, role_id=role_id(client, "Analyst"))["name"] == "Analyst"


def test_role_lookup_follows_next_over_several_pages(client, control):
    control.reset(roles=30)
    # 30 roles contain "bulk-role-00"; the one wanted sorts last; pages of 1000 would hide the paging,
    # so ask the API directly with small pages the way paginate_token does.
    names = [r["name"] for r in client.paginate_token("/v1/roles", params={"name": "bulk-role-00"}, limit=7)]
    assert len(names) == 30 and names[-1] == "bulk-role-0030"
    assert control.requests()["counts"]["GET"] == 5
    assert len(list(list_roles(client))) == 34


def test_listing_users_walks_every_page_with_opaque_tokens(client, control):
    control.reset(users=2500)
    control.clear_requests()
    emails = [u["email"] for u in list_users(client, sort_by="-email")]
    assert len(emails) == 2505 and len(set(emails)) == 2505
    assert emails == sorted(emails, reverse=True)
    log = control.requests()["requests"]
    assert len(log) == 3  # pages of 1000
    assert "token=" in log[1]["query"] and "offset" not in log[1]["query"]


def test_lookup_in_10000_users_costs_one_get(client, control):
    control.reset(users=10000, roles=500)
    control.clear_requests()
    found = find_user_by_email(client, "user09999@bulk.example.com")
    assert found["lastName"] == "09999"
    log = control.requests()
    assert log["total"] == 1 and log["counts"] == {"GET": 1}
    assert "email=user09999%40bulk.example.com" in log["requests"][0]["query"]


def test_role_names_resolve_with_one_listing(client, control):
    analyst, admin = role_id(client, "Analyst"), role_id(client, "Administrator")
    control.clear_requests()
    ids = RoleDirectory(client).resolve(["Analyst", admin, "administrator", "Analyst"])
    assert ids == [analyst, admin]
    assert gets(control) == 1


def test_known_role_ids_cost_nothing(client, control):
    analyst = role_id(client, "Analyst")
    control.clear_requests()
    assert RoleDirectory(client).resolve([analyst.lower()], known_ids=[analyst]) == [analyst]
    assert control.requests()["total"] == 0


def test_unknown_roles_are_all_named(client, control):
    with pytest.raises(InputError) as info:
        RoleDirectory(client).resolve(["Analyst", "Nope", "00000000DEADBEEF"], option="roles")
    message = str(info.value)
    assert message.startswith("roles: unknown role(s) 'Nope', '00000000DEADBEEF'")
    assert "Administrator" in message
    assert control.requests()["writes"] == 0


def test_role_directory_names_ids(client, control):
    directory = RoleDirectory(client)
    assert not directory.loaded
    analyst = role_id(client, "Analyst")
    assert directory.names([analyst, "00000000DEADBEEF"]) == ["Analyst", "00000000DEADBEEF"]
    assert directory.loaded


def test_users_resolve_from_emails_and_ids(client, control):
    alice = find_user_by_email(client, "alice@example.com")["id"]
    bob = find_user_by_email(client, "bob@example.com")["id"]
    control.clear_requests()
    run = Run(client)
    ids = USERS.to_api(run, ["BOB@example.com", alice, bob], "users", known=[alice])
    assert ids == [bob, alice]
    assert gets(control) == 1  # bob's email; alice is known; bob's id is found from his email's answer
    assert USERS.to_options(run, [bob, "00000000DEADBEEF"]) == ["bob@example.com", "00000000DEADBEEF"]
    assert gets(control) == 2  # the unknown id cost one GET; bob was known
    with pytest.raises(InputError) as info:
        USERS.to_api(run, ["nobody@example.com", "00000000DEADBEEF"], "users", known=())
    assert "users: no user with email or id 'nobody@example.com', '00000000DEADBEEF'" == str(info.value)


def test_many_users_of_a_plural_task_resolve_from_one_listing(client, control):
    control.reset(users=50)
    emails = [u["email"] for u in list_users(client)][:30]
    control.clear_requests()
    run = Run(client)
    USERS.prepare(run, emails)
    assert len(USERS.to_api(run, emails, "users", known=())) == 30
    assert gets(control) == 1


def test_role_resolver_lists_once_per_run(client, control):
    control.clear_requests()
    run = Run(client)
    assert ROLES.names_if_listed(run, []) is None
    analyst = ROLES.to_api(run, ["Analyst"], "roles", known=())
    assert ROLES.to_api(run, ["analyst", "Data Admin"], "roles", known=())[0] == analyst[0]
    assert ROLES.to_options(run, analyst) == ["Analyst"] == ROLES.names_if_listed(run, analyst)
    assert gets(control) == 1


def test_user_emails_for_many_ids_use_one_listing(client, control):
    control.reset(users=50)
    ids = [u["id"] for u in list_users(client)][:30]
    control.clear_requests()
    emails = user_emails(client, ids + ["00000000DEADBEEF"])
    assert len(emails) == 31 and emails["00000000DEADBEEF"] is None
    assert gets(control) == 1


def test_roles_compare_as_sets():
    field = Field("roleIds", kind="set", purge="purge_roles")
    assert same_value(field, ["B", "A"], ["A", "B"])
    assert not same_value(field, ["A"], ["A", "B"])
    assert desired_value(field, ["C"], ["A", "B"], purge=False) == ["A", "B", "C"]
    assert same_value(field, ["A", "B"], desired_value(field, ["B"], ["A", "B"], purge=False))
    assert desired_value(field, ["C"], ["A", "B"], purge=True) == ["C"]
