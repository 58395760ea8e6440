#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_role
short_description: Manage Sumo Logic roles
version_added: 0.1.0
description:
  - Creates, updates and deletes roles through the Role Management API (v1), with
    their description, search filter, capabilities and members.
  - Only the options you set are compared and changed. A role update is a full
    replacement, so it sends every field of the role as it is, with your changes merged.
  - Members are given by email or user id and resolved to ids before anything is
    written; an unknown one fails the task, naming it, and nothing changes.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes
options:
  name:
    description:
      - Name of the role, 1 to 128 characters, unique in the organisation (without regard
        to case). Identifies the role unless O(role_id) is set, in which case the role is
        renamed to it.
    type: str
  role_id:
    description:
      - Id of an existing role (16 hexadecimal digits); identifies it instead of O(name).
    type: str
  description:
    description:
      - Description, at most 255 characters.
    type: str
  filter_predicate:
    description:
      - Search filter silently added to every search of the role's users, for example
        C(!_sourceCategory=billing). An empty string removes it.
    type: str
  capabilities:
    description:
      - Capabilities of the role, such as C(viewCollectors) or C(manageUsersAndRoles).
      - Compared as a set. The whole set with O(purge_capabilities=true), else added.
    type: list
    elements: str
  purge_capabilities:
    description:
      - Whether O(capabilities) is the whole set (V(true)) or capabilities to add (V(false)).
    type: bool
    default: true
  users:
    description:
      - Members of the role, each an email address or a user id.
      - Compared as a set. The whole set with O(purge_users=true), else added.
    type: list
    elements: str
  purge_users:
    description:
      - Whether O(users) is the whole set of members (V(true)) or members to add (V(false)).
    type: bool
    default: true
  state:
    description:
      - V(present) creates or updates the role, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - The service may add the capabilities a capability depends on
    (C(autofillDependencies)); list them too, or use O(purge_capabilities=false), so the
    next run finds nothing to change.
seealso:
  - module: community.sumologic.sumo_role_info
  - module: community.sumologic.sumo_user
"""

EXAMPLES = r"""
- name: A role for the billing team, restricted to its own logs
  community.sumologic.sumo_role:
    name: Billing Analyst
    description: Search billing logs only
    filter_predicate: _sourceCategory=billing*
    capabilities: [viewCollectors, downloadSearchResults]
    users:
      - jane.doe@example.com
      - 0000000006743FE0

- name: Add a member, keeping the others
  community.sumologic.sumo_role:
    name: Billing Analyst
    users: [john.smith@example.com]
    purge_users: false

- name: Remove the role
  community.sumologic.sumo_role:
    name: Billing Analyst
    state: absent
"""

RETURN = r"""
role:
  description:
    - The role as the API has it after the task (as it would be, in check mode), with
      snake_case keys. Empty when the role is absent.
  returned: always
  type: dict
  sample:
    id: 00000000000001D4
    name: Billing Analyst
    description: Search billing logs only
    filter_predicate: _sourceCategory=billing*
    capabilities: [viewCollectors, downloadSearchResults]
    users: [0000000006743FD1]
    system_defined: false
  contains:
    id:
      description: Id of the role.
      type: str
      returned: success
    users:
      description: Ids of the role's members.
      type: list
      elements: str
      returned: success
    capabilities:
      description: Capabilities of the role.
      type: list
      elements: str
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.roles import Role
from ansible_collections.community.sumologic.plugins.module_utils.resource import run_resource_module


def main():
    run_resource_module(Role)


if __name__ == "__main__":
    main()
