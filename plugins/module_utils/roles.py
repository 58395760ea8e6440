# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The declaration of roles, for ``sumo_role``, ``sumo_roles`` and ``sumo_role_info``."""

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError
from ansible_collections.community.sumologic.plugins.module_utils.identity import (
    PAGE_LIMIT,
    ROLE_IDENTITY,
    ROLES_PATH,
    USERS,
    looks_like_id,
)
from ansible_collections.community.sumologic.plugins.module_utils.resource import Field, Resource


class Role(Resource):
    kind = "role"
    path = ROLES_PATH
    identity = ROLE_IDENTITY
    # A role PUT replaces the role: all of these must be sent.
    writable = ("name", "description", "filterPredicate", "users", "capabilities")
    write_defaults = {"description": "", "filterPredicate": "", "users": [], "capabilities": []}
    fields = {
        "name": Field("name"),
        "description": Field("description"),
        "filter_predicate": Field("filterPredicate"),
        "capabilities": Field("capabilities", type="list", elements="str", kind="set", purge="purge_capabilities"),
        "users": Field("users", type="list", elements="str", kind="set", purge="purge_users", resolver=USERS),
    }
    options = {
        "purge_capabilities": {"type": "bool", "default": True},
        "purge_users": {"type": "bool", "default": True},
    }
    required_one_of = [("name", "role_id")]
    scope_options = {"name": {"type": "str"}, "system_defined": {"type": "bool"}}

    def validate(self, params):
        if params["name"] is not None and not (1 <= len(params["name"]) <= 128 and params["name"].strip()):
            raise InputError("1 to 128 characters are required, got %d" % len(params["name"]), option="name")
        if params["role_id"] is not None and not looks_like_id(params["role_id"]):
            raise InputError("expected 16 hexadecimal digits, got %r" % params["role_id"], option="role_id")
        if params["description"] is not None and len(params["description"]) > 255:
            raise InputError("at most 255 characters are allowed, got %d" % len(params["description"]),
                             option="description")
        for option in ("capabilities", "users"):
            if params[option] is not None and not all(str(item).strip() for item in params[option]):
                raise InputError("entries must not be empty", option=option)

    def lookup(self, run, name, parent):
        """The API's ``?name=`` answers near matches too (every page is read; the engine picks)."""
        return list(run.client.paginate_token(ROLES_PATH, params={"name": name}, limit=PAGE_LIMIT))

    def in_scope(self, scope, current, destructive):
        system = bool(current.obj.get("systemDefined"))
        # Roles Sumo Logic defines itself are never deleted for not being listed.
        if destructive and system:
            return False
        if scope.get("system_defined") is not None and system != scope["system_defined"]:
            return False
        return super().in_scope(scope, current, destructive)
