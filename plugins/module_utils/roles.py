# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The declaration of roles, for ``sumo_role`` and ``sumo_roles``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.community.sumologic.plugins.module_utils.identity import (
    ROLES_PATH,
    USERS,
    find_role_by_id,
    find_role_by_name,
    list_roles,
    looks_like_id,
)
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Current,
    Field,
    Resource,
    ResourceFailure,
)

# A role PUT replaces the role: all of these must be sent.
UPDATE_FIELDS = ("name", "description", "filterPredicate", "users", "capabilities")


class Role(Resource):
    kind = "role"
    id_option = "role_id"
    path = ROLES_PATH
    result_key = "role"
    fields = {
        "name": Field("name"),
        "description": Field("description"),
        "filter_predicate": Field("filterPredicate"),
        "capabilities": Field("capabilities", type="list", elements="str", kind="set", purge="purge_capabilities"),
        "users": Field("users", type="list", elements="str", kind="set", purge="purge_users", resolver=USERS),
    }
    options = dict(
        role_id=dict(type="str"),
        purge_capabilities=dict(type="bool", default=True),
        purge_users=dict(type="bool", default=True),
    )
    required_one_of = [("name", "role_id")]

    def validate(self, params):
        if params["name"] is not None and not (1 <= len(params["name"]) <= 128 and params["name"].strip()):
            raise ResourceFailure("name: 1 to 128 characters are required, got %d" % len(params["name"]))
        if params["role_id"] is not None and not looks_like_id(params["role_id"]):
            raise ResourceFailure("role_id: expected 16 hexadecimal digits, got %r" % params["role_id"])
        if params["description"] is not None and len(params["description"]) > 255:
            raise ResourceFailure("description: at most 255 characters are allowed, got %d"
                                  % len(params["description"]))
        for option in ("capabilities", "users"):
            if params[option] is not None and not all(str(item).strip() for item in params[option]):
                raise ResourceFailure("%s: entries must not be empty" % option)

    def find(self, run, params):
        if params["role_id"] is not None:
            return find_role_by_id(run.client, params["role_id"])
        return find_role_by_name(run.client, params["name"])

    def can_create(self, run, params):
        if params["role_id"] is not None:
            raise ResourceFailure("there is no role with id %s; give name (without role_id) to create a role"
                                  % params["role_id"])

    # -- the plural module ---------------------------------------------------------------------------

    def effective_scope(self, scope, state):
        scope = dict(scope or {})
        # Roles Sumo Logic defines itself are never deleted for not being listed.
        scope["system_defined"] = state not in ("overridden", "deleted")
        return scope

    def in_scope(self, scope, current):
        if current.obj.get("systemDefined") and not scope.get("system_defined"):
            return False
        return super(Role, self).in_scope(scope, current)

    def list_objects(self, run, scope, items):
        return [Current(role) for role in list_roles(run.client)]

    def keys(self, run, params):
        if params["role_id"] is not None:
            return [("id", params["role_id"].upper())]
        # Role names are unique without regard to case.
        return [("name", params["name"].lower())]

    def keys_of(self, current):
        return [("id", current.obj.get("id", "").upper()), ("name", (current.obj.get("name") or "").lower())]

    def update_body(self, merged):
        body = dict((key, merged.get(key)) for key in UPDATE_FIELDS)
        for key in ("description", "filterPredicate"):
            body[key] = body[key] or ""
        for key in ("users", "capabilities"):
            body[key] = body[key] or []
        return body
