#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

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

from ansible_collections.community.sumologic.plugins.module_utils.api import SumoError
from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule, snake_dict
from ansible_collections.community.sumologic.plugins.module_utils.identity import (
    find_role_by_id,
    find_role_by_name,
    list_roles,
    looks_like_id,
    user_emails,
)


def read_roles(module):
    client, p = module.client, module.params
    if p["name"] is not None:
        found = find_role_by_name(client, p["name"])
        return [found.obj] if found else []
    if p["role_id"] is not None:
        found = find_role_by_id(client, p["role_id"])
        return [found.obj] if found else []
    return list(list_roles(client))


def main():
    module = SumoModule(
        argument_spec=dict(
            name=dict(type="str"),
            role_id=dict(type="str"),
            resolve_users=dict(type="bool", default=False),
        ),
        mutually_exclusive=[("name", "role_id")],
        supports_check_mode=True,
    )
    if module.params["role_id"] is not None and not looks_like_id(module.params["role_id"]):
        module.fail_json(msg="role_id: expected 16 hexadecimal digits, got %r" % module.params["role_id"])
    try:
        roles = read_roles(module)
        emails = {}
        if module.params["resolve_users"]:
            emails = user_emails(module.client, [uid for role in roles for uid in role.get("users") or []])
        result = []
        for role in roles:
            item = snake_dict(role)
            if module.params["resolve_users"]:
                item["user_emails"] = [emails.get(uid) for uid in role.get("users") or []]
            result.append(item)
    except SumoError as exc:
        module.fail_api(exc)
    module.exit_json(changed=False, roles=result)


if __name__ == "__main__":
    main()
