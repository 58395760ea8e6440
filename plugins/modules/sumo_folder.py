#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_folder
short_description: Manage folders of the Sumo Logic content library
version_added: 0.2.0
description:
  - Creates, updates and deletes a folder of the content library, named by its path, and
    the permissions set on it (by role name or user email).
  - Missing parent folders are created on the way, as C(mkdir -p) does (without a
    description or permissions of their own).
  - Only the options you set are compared. O(permissions) are added to those the folder
    has; with O(purge_permissions=true) the others are removed.
  - O(state=absent) deletes the folder B(and everything in it) with an asynchronous job,
    which the task waits for (O(job_timeout)).
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.content
  - community.sumologic.assume_present
  - community.sumologic.attributes
options:
  path:
    description:
      - Library path of the folder, for example C(~/Team/Runbooks),
        C(/Library/Users/jane@example.com/Team) (another user's, with O(admin_mode=true)) or
        C(/Library/Admin Recommended/Operations) (with O(admin_mode=true)).
      - Personal folders and C(Admin Recommended) themselves are Sumo Logic's and cannot be
        managed; name a folder inside them. A folder's name is at most 128 characters.
    type: str
    required: true
  description:
    description:
      - Description of the folder, at most 255 characters.
    type: str
  permissions:
    description:
      - Permissions set on the folder itself, each for a role (by name) or a user (by
        email). Items in the folder inherit them.
      - The permissions Sumo Logic implies (V(Edit) implies V(View), V(Manage) both) may be
        listed or not; O(purge_permissions) never removes an implied one.
      - Shares with the whole organisation are left as they are (the API cannot name the
        organisation as a subject), and RV(folder.permissions) shows them.
    type: list
    elements: dict
    suboptions:
      role:
        description:
          - Name of a role (its exact name, else one that differs only in case).
          - One of O(permissions[].role) and O(permissions[].user) is required.
        type: str
      user:
        description:
          - Email of a user.
        type: str
      permission:
        description:
          - What the role or user may do with the folder and what is in it.
        type: str
        choices: [View, GrantView, Edit, GrantEdit, Manage, GrantManage]
        default: View
  purge_permissions:
    description:
      - Remove the permissions set on the folder that O(permissions) does not list (but
        those a listed one implies, and shares with the organisation).
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the folder (and its missing parents); V(absent)
        deletes it and its content.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: community.sumologic.sumo_folder_info
  - module: community.sumologic.sumo_content
"""

EXAMPLES = r"""
- name: A runbooks folder in the team folder of the key's owner, shared with two roles
  community.sumologic.sumo_folder:
    path: ~/Team/Runbooks
    description: What to do when it pages
    permissions:
      - role: Analyst
        permission: View
      - role: On-call
        permission: Edit

- name: Only these permissions, no others
  community.sumologic.sumo_folder:
    path: ~/Team/Runbooks
    permissions:
      - role: On-call
        permission: Manage
    purge_permissions: true

- name: A folder everyone is recommended
  community.sumologic.sumo_folder:
    path: /Library/Admin Recommended/Operations
    admin_mode: true

- name: Delete a folder and everything in it
  community.sumologic.sumo_folder:
    path: ~/Team/Old
    state: absent
"""

RETURN = r"""
folder:
  description:
    - The folder after the task (as it would be, in check mode); empty when it is absent.
  returned: always
  type: dict
  sample:
    id: 000000000C1C1003
    name: Runbooks
    path: /Library/Users/admin@example.com/Team/Runbooks
    description: What to do when it pages
    parent_id: 000000000C1C1002
    permissions:
      - role: Analyst
        permission: View
    children: [Restart the API]
  contains:
    id:
      description: Id of the folder.
      type: str
      returned: success
    path:
      description: Library path of the folder.
      type: str
      returned: success
    permissions:
      description:
        - The permissions set on the folder itself, in the form of O(permissions); a share
          with the whole organisation has C(organization) true instead of a role or user.
      type: list
      elements: dict
      returned: success
    children:
      description: Names of the items in the folder.
      type: list
      elements: str
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.content import Folder, run_content_module


def main():
    run_content_module(Folder)


if __name__ == "__main__":
    main()
