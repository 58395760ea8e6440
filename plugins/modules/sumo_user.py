#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

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

from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule, snake_dict
from ansible_collections.community.sumologic.plugins.module_utils.identity import (
    USERS_PATH,
    RoleDirectory,
    find_user_by_email,
    looks_like_email,
    same_email,
    user_path,
)
from ansible_collections.community.sumologic.plugins.module_utils.resource import Current, Field, Resource, ResourceFailure

# The fields a user PUT takes; each is sent from the current object with the changes merged.
UPDATE_FIELDS = ("firstName", "lastName", "isActive", "roleIds")


class User(Resource):
    kind = "user"
    path = USERS_PATH
    result_key = "user"
    fields = {
        "first_name": Field("firstName"),
        "last_name": Field("lastName"),
        "is_active": Field("isActive"),
        "roles": Field("roleIds", kind="set", purge="purge_roles"),
    }

    def __init__(self, module):
        super(User, self).__init__(module)
        self.directory = RoleDirectory(self.client)
        self.current_role_ids = ()
        self.role_ids = None
        self.actions = []
        self.delete_params = None
        self.extra_result = {"actions": self.actions}

    def validate(self):
        p = self.params
        for option in ("email", "new_email", "transfer_to"):
            if p[option] is not None and not looks_like_email(p[option]):
                raise ResourceFailure("%s: %r is not an email address (at most 255 characters)" % (option, p[option]))
        if p["first_name"] is not None and not 1 <= len(p["first_name"]) <= 128:
            raise ResourceFailure("first_name: 1 to 128 characters are required, got %d" % len(p["first_name"]))
        if p["last_name"] is not None and len(p["last_name"]) > 128:
            raise ResourceFailure("last_name: at most 128 characters are allowed, got %d" % len(p["last_name"]))
        if p["roles"] is not None and not all(str(role).strip() for role in p["roles"]):
            raise ResourceFailure("roles: role names or ids must not be empty")
        if p["transfer_to"] is not None and p["delete_content"]:
            raise ResourceFailure("transfer_to: cannot be combined with delete_content=true")
        if p["transfer_to"] is not None and same_email(p["transfer_to"], p["email"]):
            raise ResourceFailure("transfer_to: must be another user than %s" % p["email"])
        if p["state"] == "absent":
            for option in ("new_email", "reset_password", "resend_welcome_email", "unlock"):
                if p[option]:
                    raise ResourceFailure("%s: only with state=present" % option)

    def find(self):
        found = find_user_by_email(self.client, self.params["email"])
        if found is None and self.params["new_email"]:
            # The email change may already be done: the user now answers to the new address.
            found = find_user_by_email(self.client, self.params["new_email"])
        if found is not None:
            self.current_role_ids = tuple(found.obj.get("roleIds") or ())
        return found

    def describe(self, obj=None):
        return "user %s" % (obj.get("email") if obj else self.params["email"])

    def resolve(self, option, value):
        if option != "roles":
            return value
        if self.role_ids is None:
            # Role ids the user already has need no request; any name costs one listing of the roles.
            self.role_ids = self.directory.resolve(value, option="roles", known_ids=self.current_role_ids)
        return self.role_ids

    def can_create(self):
        missing = [option for option in ("first_name", "last_name") if self.params[option] is None]
        if missing:
            raise ResourceFailure("user %s does not exist; %s required to create it"
                                  % (self.params["email"], " and ".join(missing) + (" are" if len(missing) > 1 else " is")))

    def create_body(self, desired):
        body = dict((key, desired[key]) for key in ("firstName", "lastName") if key in desired)
        body["email"] = self.params["new_email"] or self.params["email"]
        body["roleIds"] = desired.get("roleIds", [])
        return body

    def update_body(self, merged):
        return dict((key, merged[key]) for key in UPDATE_FIELDS if key in merged)

    def ensure_created(self):
        created = super(User, self).ensure_created()
        # A new user is active; deactivating one is an update of its own.
        if self.params["is_active"] is False and created.get("isActive") is not False:
            if self.module.check_mode:
                created = dict(created, isActive=False)
            else:
                created = self.update(Current(created), self.update_body(dict(created, isActive=False)))
        return created

    def ensure_absent(self, current):
        if current is not None:
            self.delete_params = self.deletion_params()
        return super(User, self).ensure_absent(current)

    def deletion_params(self):
        if self.params["delete_content"]:
            return {"deleteContent": "true"}
        if self.params["transfer_to"]:
            receiver = find_user_by_email(self.client, self.params["transfer_to"])
            if receiver is None:
                raise ResourceFailure("transfer_to: no user with email %s" % self.params["transfer_to"])
            return {"transferTo": receiver.obj["id"]}
        return None

    def delete(self, obj):
        self.client.delete(user_path(obj["id"]), params=self.delete_params)

    def act(self, action, obj, path):
        self.changed = True
        self.actions.append(action)
        if not self.module.check_mode and obj.get("id"):
            self.client.post(user_path(obj["id"]) + path)

    def after_present(self, current):
        obj = current
        p = self.params
        new_email = p["new_email"]
        if new_email and not same_email(obj.get("email"), new_email) and not same_email(obj.get("pendingEmail"), new_email):
            self.changed = True
            self.actions.append("email_change_requested")
            if not self.module.check_mode:
                self.client.post(user_path(obj["id"]) + "/email/requestChange", {"email": new_email})
            obj = dict(obj, pendingEmail=new_email)
        if p["unlock"] and obj.get("isLocked"):
            self.act("unlocked", obj, "/unlock")
            obj = dict(obj, isLocked=False)
        if p["reset_password"]:
            self.act("password_reset", obj, "/password/reset")
        if p["resend_welcome_email"]:
            self.act("welcome_email_resent", obj, "/resendWelcomeEmail")
        return obj

    def to_result(self, obj):
        result = snake_dict(obj)
        if self.params["roles"] is not None and obj and self.directory.loaded:
            result["role_names"] = self.directory.names(obj.get("roleIds") or [])
        return result


def main():
    module = SumoModule(
        argument_spec=dict(
            email=dict(type="str", required=True),
            first_name=dict(type="str"),
            last_name=dict(type="str"),
            roles=dict(type="list", elements="str"),
            purge_roles=dict(type="bool", default=True),
            is_active=dict(type="bool"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            transfer_to=dict(type="str"),
            delete_content=dict(type="bool", default=False),
            new_email=dict(type="str"),
            reset_password=dict(type="bool", default=False, no_log=False),
            resend_welcome_email=dict(type="bool", default=False),
            unlock=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    User(module).run()


if __name__ == "__main__":
    main()
