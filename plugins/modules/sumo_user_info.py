#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_user_info
short_description: Read Sumo Logic users
version_added: 0.1.0
description:
  - Returns one user found by email or id, or every user of the organisation (following
    every page of the listing), with the names of their roles beside the role ids.
  - Finding a user by email costs one request, however many users the organisation has;
    the role names cost one more (a listing of the roles).
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  email:
    description:
      - Email address of one user to return (without regard to case).
    type: str
  user_id:
    description:
      - Id of one user to return (16 hexadecimal digits).
    type: str
  sort_by:
    description:
      - Order of the list of every user.
    type: str
    choices: [first_name, last_name, email]
  descending:
    description:
      - Sort in descending order (with O(sort_by)).
    type: bool
    default: false
  key_owner:
    description:
      - Return only the user who owns the access key of the task (none when the key
        belongs to no user of the organisation). Sumo Logic names that user's personal
        folder of the content library by its email (C(/Library/Users/<email>)), which
        costs two requests more.
    type: bool
    default: false
    version_added: 0.2.0
notes:
  - O(email), O(user_id) and O(key_owner) exclude each other; without any, every user is returned.
seealso:
  - module: community.sumologic.sumo_user
"""

EXAMPLES = r"""
- name: One user
  community.sumologic.sumo_user_info:
    email: jane.doe@example.com
  register: jane

- name: Her roles
  ansible.builtin.debug:
    msg: "{{ jane.users[0].role_names }}"

- name: Every user, by last name
  community.sumologic.sumo_user_info:
    sort_by: last_name
  register: everyone

- name: The user who owns the access key
  community.sumologic.sumo_user_info:
    key_owner: true
  register: owner

- name: The locked accounts
  ansible.builtin.debug:
    msg: "{{ everyone.users | selectattr('is_locked') | map(attribute='email') | list }}"
"""

RETURN = r"""
users:
  description:
    - The users found, with snake_case keys; empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 0000000006743FD1
      email: alice@example.com
      first_name: Alice
      last_name: Analyst
      role_ids: [00000000000001D1]
      role_names: [Analyst]
      is_active: true
      is_locked: false
      is_mfa_enabled: false
  contains:
    id:
      description: Id of the user.
      type: str
      returned: success
    role_ids:
      description: Ids of the user's roles.
      type: list
      elements: str
      returned: success
    role_names:
      description: Names of the user's roles, in the order of RV(users[].role_ids).
      type: list
      elements: str
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.content import key_owner_email
from ansible_collections.community.sumologic.plugins.module_utils.identity import ROLES, find_user_by_email, looks_like_id
from ansible_collections.community.sumologic.plugins.module_utils.info import InfoModule
from ansible_collections.community.sumologic.plugins.module_utils.users import User

SORT_KEYS = {"first_name": "firstName", "last_name": "lastName", "email": "email"}


def main():
    info = InfoModule(User, "users", options={
        "user_id": {"type": "str"},
        "sort_by": {"type": "str", "choices": list(SORT_KEYS)},
        "descending": {"type": "bool", "default": False},
        "key_owner": {"type": "bool", "default": False},
    }, mutually_exclusive=[("email", "user_id", "key_owner")])
    p = info.params
    if p["user_id"] is not None and not looks_like_id(p["user_id"]):
        info.module.fail_json(msg="user_id: expected 16 hexadecimal digits, got %r" % p["user_id"])
    try:
        if p["user_id"] is not None:
            found = info.engine.read_by_id(p["user_id"])
            users = [found.obj] if found is not None else []
        elif p["key_owner"]:
            found = find_user_by_email(info.module.client, key_owner_email(info.run))
            users = [found] if found is not None else []
        else:
            sort_by = SORT_KEYS.get(p["sort_by"])
            if sort_by and p["descending"]:
                sort_by = "-" + sort_by
            users = info.objects(query={"sortBy": sort_by})
        if any(user.get("roleIds") for user in users):
            ROLES.directory(info.run).roles()  # one listing gives every user's role names
        results = info.results(users)
        for result in results:
            result.setdefault("role_names", [])
        info.module.exit_json(changed=False, users=results)
    except Exception as exc:
        info.fail(exc)


if __name__ == "__main__":
    main()
