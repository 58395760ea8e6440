#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_role_info
short_description: Read Sumo Logic roles
version_added: 0.1.0
description:
  - Returns one role found by name or id, or every role of the organisation (following
    every page of the listing), with its capabilities and the ids of its members, and
    optionally their emails.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  name:
    description:
      - Name of one role to return. The exact name wins; else a name that differs only
        in case.
    type: str
  role_id:
    description:
      - Id of one role to return (16 hexadecimal digits).
    type: str
  resolve_users:
    description:
      - Also return the emails of the members (RV(roles[].user_emails)). Costs one request
        per member for up to 20 members, else one listing of every user.
    type: bool
    default: false
notes:
  - O(name) and O(role_id) exclude each other; without either, every role is returned.
seealso:
  - module: community.sumologic.sumo_role
"""

EXAMPLES = r"""
- name: Who is an administrator
  community.sumologic.sumo_role_info:
    name: Administrator
    resolve_users: true
  register: admins

- name: Show them
  ansible.builtin.debug:
    msg: "{{ admins.roles[0].user_emails }}"

- name: Every role
  community.sumologic.sumo_role_info:
  register: all_roles
"""

RETURN = r"""
roles:
  description:
    - The roles found, with snake_case keys; empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 00000000000001D1
      name: Analyst
      description: Search and view dashboards
      filter_predicate: ""
      capabilities: [viewCollectors, viewFields]
      users: [0000000006743FD1]
      user_emails: [alice@example.com]
      system_defined: true
  contains:
    id:
      description: Id of the role.
      type: str
      returned: success
    capabilities:
      description: Capabilities of the role.
      type: list
      elements: str
      returned: success
    users:
      description: Ids of the role's members.
      type: list
      elements: str
      returned: success
    user_emails:
      description: Emails of the members, in the order of RV(roles[].users) (null for an id no user has).
      type: list
      elements: str
      returned: when O(resolve_users=true)
"""

from ansible_collections.community.sumologic.plugins.module_utils.identity import looks_like_id, user_emails
from ansible_collections.community.sumologic.plugins.module_utils.info import InfoModule
from ansible_collections.community.sumologic.plugins.module_utils.roles import Role


def main():
    info = InfoModule(Role, "roles", options={"resolve_users": {"type": "bool", "default": False}},
                      mutually_exclusive=[("name", "role_id")])
    p = info.params
    if p["role_id"] is not None and not looks_like_id(p["role_id"]):
        info.module.fail_json(msg="role_id: expected 16 hexadecimal digits, got %r" % p["role_id"])
    try:
        roles = info.objects()
        results = info.results(roles)
        if p["resolve_users"]:
            emails = user_emails(info.run.client, [uid for role in roles for uid in role.get("users") or []])
            for role, result in zip(roles, results):
                result["user_emails"] = [emails.get(uid) for uid in role.get("users") or []]
        info.module.exit_json(changed=False, roles=results)
    except Exception as exc:
        info.fail(exc)


if __name__ == "__main__":
    main()
