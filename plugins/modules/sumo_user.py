#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_user
short_description: Manage Sumo Logic users
version_added: 0.1.0
description:
  - Creates, updates and deletes users of a Sumo Logic organisation through the User
    Management API, identified by their email address.
  - Only the options you set are compared and changed. An update sends the first name,
    last name, active flag and roles of the user as they are, with your changes merged.
  - Roles are given by name or id and resolved to ids before anything is written; an
    unknown role fails the task, naming it, and nothing changes.
  - Also requests email changes, resets passwords, resends welcome emails and unlocks
    accounts.
  - Finding the user costs one request, however many users the organisation has.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes
options:
  email:
    description:
      - Email address of the user; identifies the user (without regard to case).
    type: str
    required: true
  first_name:
    description:
      - First name, 1 to 128 characters. Required to create the user.
    type: str
  last_name:
    description:
      - Last name, at most 128 characters. Required to create the user.
    type: str
  roles:
    description:
      - Roles of the user, each a role name or a role id.
      - With O(purge_roles=true) the user ends up with exactly these roles; with
        O(purge_roles=false) they are added to the roles the user has.
      - When the user is created without this option, it gets no role.
    type: list
    elements: str
  purge_roles:
    description:
      - Whether O(roles) is the whole set of roles (V(true)) or roles to add (V(false)).
    type: bool
    default: true
  is_active:
    description:
      - Whether the user is active (V(false) deactivates the account without deleting it).
    type: bool
  state:
    description:
      - V(present) creates or updates the user, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  transfer_to:
    description:
      - With O(state=absent), the email of the user who receives the deleted user's content.
      - Without it (and without O(delete_content)), the content goes to the user who owns
        the access key.
    type: str
  delete_content:
    description:
      - With O(state=absent), delete the user's content instead of transferring it. It
        cannot be recovered.
    type: bool
    default: false
  new_email:
    description:
      - Request a change of the user's email address to this one. The service emails an
        activation link to the new address; the address changes when the user follows it
        (within seven days).
      - Reported as a change when the request is sent, and not again while that change is
        pending (as far as the API shows the pending address) or once it is done. Keep
        O(email) as the old address until then; a user found by neither address is
        created with O(new_email).
    type: str
  reset_password:
    description:
      - Reset the user's password (the service emails a reset link). Acts, and reports a
        change, every time it is V(true).
    type: bool
    default: false
  resend_welcome_email:
    description:
      - Send the welcome email again. Acts, and reports a change, every time it is V(true).
    type: bool
    default: false
  unlock:
    description:
      - Unlock the user's account if it is locked (after failed logins). Reports a change
        only when the account was locked.
    type: bool
    default: false
notes:
  - O(reset_password), O(resend_welcome_email) and O(unlock) act only with O(state=present),
    after the user's fields are up to date.
seealso:
  - module: community.sumologic.sumo_user_info
  - module: community.sumologic.sumo_role
"""

EXAMPLES = r"""
- name: An analyst with two roles given by name
  community.sumologic.sumo_user:
    email: jane.doe@example.com
    first_name: Jane
    last_name: Doe
    roles:
      - Analyst
      - Security Analyst

- name: Add a role, keeping the others
  community.sumologic.sumo_user:
    email: jane.doe@example.com
    roles: [Data Admin]
    purge_roles: false

- name: Deactivate an account
  community.sumologic.sumo_user:
    email: john.smith@example.com
    is_active: false

- name: Unlock an account and send a password reset link
  community.sumologic.sumo_user:
    email: jane.doe@example.com
    unlock: true
    reset_password: true

- name: Ask for an email change
  community.sumologic.sumo_user:
    email: jane.doe@example.com
    new_email: jane.doe@example.org

- name: Remove a user, giving their content to a colleague
  community.sumologic.sumo_user:
    email: john.smith@example.com
    state: absent
    transfer_to: jane.doe@example.com
"""

RETURN = r"""
user:
  description:
    - The user as the API has it after the task (as it would be, in check mode), with
      snake_case keys. Empty when the user is absent.
  returned: always
  type: dict
  sample:
    id: 0000000006743FE0
    email: jane.doe@example.com
    first_name: Jane
    last_name: Doe
    role_ids: [00000000000001D1]
    role_names: [Analyst]
    is_active: true
    is_locked: false
    is_mfa_enabled: false
    created_at: "2026-11-23T10:00:00.000Z"
  contains:
    id:
      description: Id of the user (16 hexadecimal digits).
      type: str
      returned: success
    email:
      description: Email address of the user.
      type: str
      returned: success
    role_ids:
      description: Ids of the user's roles.
      type: list
      elements: str
      returned: success
    role_names:
      description: Names of the user's roles, in the order of RV(user.role_ids).
      type: list
      elements: str
      returned: when O(roles) is set
    pending_email:
      description: The address of a requested email change not confirmed yet, when the API shows it.
      type: str
      returned: when a change is pending
actions:
  description: The actions carried out (or, in check mode, that would be).
  returned: always
  type: list
  elements: str
  sample: [email_change_requested, password_reset]
"""

from ansible_collections.community.sumologic.plugins.module_utils.users import User
from ansible_collections.community.sumologic.plugins.module_utils.resource import run_resource_module


def main():
    run_resource_module(User)


if __name__ == "__main__":
    main()
