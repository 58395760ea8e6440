# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The declaration of users, for ``sumo_user``, ``sumo_users`` and ``sumo_user_info``."""

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError
from ansible_collections.community.sumologic.plugins.module_utils.common import snake_dict
from ansible_collections.community.sumologic.plugins.module_utils.identity import (
    ROLES,
    USER_IDENTITY,
    USERS,
    USERS_PATH,
    looks_like_email,
    same_email,
    users_with_email,
)
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Field,
    Request,
    Resource,
)

# Actions on request: option -> (action reported, path under the user)
ACTIONS = (
    ("reset_password", "password_reset", "/password/reset"),
    ("resend_welcome_email", "welcome_email_resent", "/resendWelcomeEmail"),
)


class User(Resource):
    kind = "user"
    path = USERS_PATH
    identity = USER_IDENTITY
    # The fields a user PUT takes; each is sent from the current object with the changes merged.
    writable = ("firstName", "lastName", "isActive", "roleIds")
    create_defaults = {"roleIds": []}
    fields = {
        "first_name": Field("firstName"),
        "last_name": Field("lastName"),
        # A user is created active: is_active=false is set by the update that follows.
        "is_active": Field("isActive", type="bool", on_create=False),
        "roles": Field("roleIds", type="list", elements="str", kind="set", purge="purge_roles", resolver=ROLES),
    }
    options = {
        "purge_roles": {"type": "bool", "default": True},
        "transfer_to": {"type": "str"},
        "delete_content": {"type": "bool", "default": False},
        "reset_password": {"type": "bool", "default": False, "no_log": False},
        "resend_welcome_email": {"type": "bool", "default": False},
        "unlock": {"type": "bool", "default": False},
    }
    result_actions = "actions"
    scope_options = {"email": {"type": "str"}}
    scope_patterns = {"email": "email"}

    def validate(self, params):
        for option in ("email", "new_email", "transfer_to"):
            if params[option] is not None and not looks_like_email(params[option]):
                raise InputError("%r is not an email address (at most 255 characters)" % params[option], option=option)
        if params["first_name"] is not None and not 1 <= len(params["first_name"]) <= 128:
            raise InputError("1 to 128 characters are required, got %d" % len(params["first_name"]), option="first_name")
        if params["last_name"] is not None and len(params["last_name"]) > 128:
            raise InputError("at most 128 characters are allowed, got %d" % len(params["last_name"]), option="last_name")
        if params["roles"] is not None and not all(str(role).strip() for role in params["roles"]):
            raise InputError("role names or ids must not be empty", option="roles")
        if params["transfer_to"] is not None and params["delete_content"]:
            raise InputError("cannot be combined with delete_content=true", option="transfer_to")
        if params["transfer_to"] is not None and same_email(params["transfer_to"], params["email"]):
            raise InputError("must be another user than %s" % params["email"], option="transfer_to")
        if params.get("state") == "absent":
            for option in ("new_email", "reset_password", "resend_welcome_email", "unlock"):
                if params[option]:
                    raise InputError("only with state=present", option=option)

    def lookup(self, run, name, parent):
        """One GET, however many users the organisation has."""
        return users_with_email(run.client, name)

    def can_create(self, run, params, parent):
        missing = [option for option in ("first_name", "last_name") if params[option] is None]
        if missing:
            raise InputError("user %s does not exist; %s required to create it" % (
                params["email"], " and ".join(missing) + (" are" if len(missing) > 1 else " is")))

    def create(self, run, params, body, parent):
        # Not found by either address: the user is created with the new one.
        body["email"] = params["new_email"] or params["email"]
        return super().create(run, params, body, parent)

    def update(self, run, params, current, changes):
        """The PUT of what differs, then the actions beyond the fields (an email change, an unlock...)."""
        requests = super().update(run, params, current, changes)
        obj, path = current.obj, current.path

        def act(action, suffix, body=None, effect=None):
            requests.append(Request("POST", path + suffix, body=body, action=action, effect=effect))

        new_email = params["new_email"]
        pending = same_email(obj.get("pendingEmail"), new_email)
        if new_email and not same_email(obj.get("email"), new_email) and not pending:
            act("email_change_requested", "/email/requestChange", {"email": new_email}, {"pendingEmail": new_email})
        if params["unlock"] and obj.get("isLocked"):
            act("unlocked", "/unlock", effect={"isLocked": False})
        for option, action, suffix in ACTIONS:
            if params[option]:
                act(action, suffix)
        return requests

    def delete(self, run, params, current):
        query = None
        if params["delete_content"]:
            query = {"deleteContent": "true"}
        elif params["transfer_to"]:
            receiver = USERS.find(run, params["transfer_to"])
            if receiver is None:
                raise InputError("no user with email %s" % params["transfer_to"], option="transfer_to")
            query = {"transferTo": receiver["id"]}
        return [Request("DELETE", current.path, query=query)]

    def to_result(self, run, obj):
        result = snake_dict(obj)
        names = ROLES.names_if_listed(run, obj.get("roleIds") or [])
        if names is not None:
            result["role_names"] = names
        return result
