# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The declaration of users, for ``sumo_user`` and ``sumo_users``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.community.sumologic.plugins.module_utils.common import snake_dict
from ansible_collections.community.sumologic.plugins.module_utils.identity import (
    ROLES,
    USERS,
    USERS_PATH,
    list_users,
    find_user_by_email,
    looks_like_email,
    same_email,
    user_path,
)
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Current,
    Field,
    Resource,
    ResourceFailure,
)

# The fields a user PUT takes; each is sent from the current object with the changes merged.
UPDATE_FIELDS = ("firstName", "lastName", "isActive", "roleIds")
# Actions on request: option -> (action reported, path under the user)
ACTIONS = (
    ("reset_password", "password_reset", "/password/reset"),
    ("resend_welcome_email", "welcome_email_resent", "/resendWelcomeEmail"),
)


class User(Resource):
    kind = "user"
    path = USERS_PATH
    result_key = "user"
    fields = {
        "first_name": Field("firstName"),
        "last_name": Field("lastName"),
        "is_active": Field("isActive", type="bool"),
        "roles": Field("roleIds", type="list", elements="str", kind="set", purge="purge_roles", resolver=ROLES),
    }
    options = dict(
        email=dict(type="str", required=True),
        purge_roles=dict(type="bool", default=True),
        transfer_to=dict(type="str"),
        delete_content=dict(type="bool", default=False),
        new_email=dict(type="str"),
        reset_password=dict(type="bool", default=False, no_log=False),
        resend_welcome_email=dict(type="bool", default=False),
        unlock=dict(type="bool", default=False),
    )

    def validate(self, params):
        for option in ("email", "new_email", "transfer_to"):
            if params[option] is not None and not looks_like_email(params[option]):
                raise ResourceFailure("%s: %r is not an email address (at most 255 characters)"
                                      % (option, params[option]))
        if params["first_name"] is not None and not 1 <= len(params["first_name"]) <= 128:
            raise ResourceFailure("first_name: 1 to 128 characters are required, got %d" % len(params["first_name"]))
        if params["last_name"] is not None and len(params["last_name"]) > 128:
            raise ResourceFailure("last_name: at most 128 characters are allowed, got %d" % len(params["last_name"]))
        if params["roles"] is not None and not all(str(role).strip() for role in params["roles"]):
            raise ResourceFailure("roles: role names or ids must not be empty")
        if params["transfer_to"] is not None and params["delete_content"]:
            raise ResourceFailure("transfer_to: cannot be combined with delete_content=true")
        if params["transfer_to"] is not None and same_email(params["transfer_to"], params["email"]):
            raise ResourceFailure("transfer_to: must be another user than %s" % params["email"])
        if params.get("state") == "absent":
            for option in ("new_email", "reset_password", "resend_welcome_email", "unlock"):
                if params[option]:
                    raise ResourceFailure("%s: only with state=present" % option)

    def find(self, run, params):
        found = find_user_by_email(run.client, params["email"])
        if found is None and params["new_email"]:
            # The email change may already be done: the user now answers to the new address.
            found = find_user_by_email(run.client, params["new_email"])
        return found

    def label(self, params, obj=None):
        return obj.get("email") if obj else params["email"]

    def describe(self, params, obj=None):
        return "user %s" % self.label(params, obj)

    def can_create(self, run, params):
        missing = [option for option in ("first_name", "last_name") if params[option] is None]
        if missing:
            raise ResourceFailure("user %s does not exist; %s required to create it" % (
                params["email"], " and ".join(missing) + (" are" if len(missing) > 1 else " is")))

    def create_body(self, params, desired):
        # A user is created active: is_active=false is set by the update that follows.
        body = dict((key, desired[key]) for key in ("firstName", "lastName") if key in desired)
        body["email"] = params["new_email"] or params["email"]
        body["roleIds"] = desired.get("roleIds", [])
        return body

    def update_body(self, merged):
        return dict((key, merged[key]) for key in UPDATE_FIELDS if key in merged)

    def delete_params(self, run, params):
        if params["delete_content"]:
            return {"deleteContent": "true"}
        if params["transfer_to"]:
            receiver = find_user_by_email(run.client, params["transfer_to"])
            if receiver is None:
                raise ResourceFailure("transfer_to: no user with email %s" % params["transfer_to"])
            return {"transferTo": receiver.obj["id"]}
        return None

    def after_present(self, run, params, before, after):
        obj, actions = after, []

        def act(action, path, body=None):
            actions.append(action)
            if not run.check_mode and obj.get("id"):
                run.client.post(user_path(obj["id"]) + path, body)

        new_email = params["new_email"]
        if new_email and not same_email(obj.get("email"), new_email) and not same_email(obj.get("pendingEmail"), new_email):
            act("email_change_requested", "/email/requestChange", {"email": new_email})
            obj = dict(obj, pendingEmail=new_email)
        if params["unlock"] and obj.get("isLocked"):
            act("unlocked", "/unlock")
            obj = dict(obj, isLocked=False)
        for option, action, path in ACTIONS:
            if params[option]:
                act(action, path)
        return obj, actions

    def to_result(self, run, params, obj):
        result = snake_dict(obj)
        names = ROLES.names_if_listed(run, obj.get("roleIds") or [])
        if params["roles"] is not None and names is not None:
            result["role_names"] = names
        return result

    def extra_result(self, outcome):
        return {"actions": outcome.actions}

    # -- the plural module ---------------------------------------------------------------------------

    scope_options = dict(email=dict(type="str"))
    scope_patterns = {"email": "email"}

    def list_objects(self, run, scope, items):
        directory = USERS.directory(run)
        users = list(list_users(run.client))
        for user in users:
            directory.add(user)
        directory.listed = True
        return [Current(user) for user in users]

    def keys(self, run, params):
        # An email change already confirmed: the user answers to the new address.
        return [("email", address.lower()) for address in (params["email"], params["new_email"]) if address]

    def keys_of(self, current):
        return [("email", (current.obj.get("email") or "").lower())]

    def label_of(self, current):
        return current.obj.get("email")

    def config_extras(self, run, current):
        return {"email": current.obj.get("email")}
