# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Role Management API: ``/api/v1/roles`` and ``/api/v2/roles`` (OpenAPI ``roleManagement``, ``roleManagementV2``).

Roles and users share one membership: a role's ``users`` and a user's ``roleIds`` are two
views of it, kept in step by :func:`link` and :func:`unlink` (used by the users part too).
What the OpenAPI description leaves open is written down in docs/emulator.md (section
"Users and roles").
"""

from __future__ import annotations

import copy
import re

from flask import Blueprint, current_app, request

from .core import (
    ApiError,
    SeedOption,
    bad_field,
    check_id_list,
    empty_response,
    format_id,
    iso_now,
    json_body,
    json_response,
    metadata,
    parse_id,
    sort_items,
    token_page,
    touch,
)

bp = Blueprint("roles", __name__)

# The capabilities the OpenAPI description lists (Cloud SOAR ones are accepted by prefix).
CAPABILITIES = frozenset("""
viewCollectors manageCollectors manageBudgets manageDataVolumeFeed viewFieldExtraction manageFieldExtractionRules
manageS3DataForwarding manageContent manageApps dataVolumeIndex manageConnections viewScheduledViews
manageScheduledViews viewPartitions managePartitions viewFields manageFields viewAccountOverview manageTokens
downloadSearchResults manageIndexes manageDataStreams viewParsers viewDataStreams manageEntityTypeConfig
metricsTransformation metricsExtraction metricsRules managePasswordPolicy ipAllowlisting ipWhitelisting
createAccessKeys manageAccessKeys manageSupportAccountAccess manageAuditDataFeed manageSaml shareDashboardOutsideOrg
manageOrgSettings changeDataAccessLevel shareDashboardWorld shareDashboardAllowlist shareDashboardWhitelist
manageUsersAndRoles searchAuditIndex auditEventIndex viewCse cseViewAutomations cseManageContextActions
cseViewNetworkBlocks cseManageInsightTags cseViewRules cseViewThreatIntelligence cseCommentOnInsights
cseViewEntityGroups cseManageEntityConfiguration cseManageNetworkBlocks cseManageMatchLists cseViewCustomInsights
cseManageActions cseManageAutomations cseManageMappings cseManageThreatIntelligence cseViewActions cseCreateInsights
cseManageTagSchemas cseInvokeInsights cseManageCustomEntityType cseViewTagSchemas cseDeleteInsights
cseManageCustomInsights cseViewFileAnalysis cseManageFileAnalysis cseManageEntityCriticality
cseViewEntityCriticality cseViewEntity cseManageCustomInsightStatuses cseViewContextActions cseViewMappings
cseViewCustomEntityType cseManageEntityGroups cseViewCustomInsightStatuses cseViewEnrichments
cseManageInsightSignals cseManageRules cseManageArtifacts cseViewMatchLists cseManageInsightPolicy
cseManageEnrichments cseViewEntityConfiguration cseManageEntity cseExecuteAutomations cseManageSuppressedEntities
cseManageInsightStatus cseManageInsightAssignee cseManageFavoriteFields cseViewSuppressedEntities viewMonitorsV2
manageMonitorsV2 viewAlerts viewMutingSchedules manageMutingSchedules adminMonitorsV2 viewSlos manageSlos
""".split())
ANALYST_CAPABILITIES = ["viewCollectors", "viewFieldExtraction", "viewScheduledViews", "viewPartitions",
                        "viewFields", "viewParsers", "downloadSearchResults", "viewMonitorsV2", "viewAlerts"]
V1_KEYS = ("name", "description", "filterPredicate", "users", "capabilities", "autofillDependencies")
V2_KEYS = ("name", "description", "logAnalyticsFilter", "auditDataFilter", "securityDataFilter", "selectionType",
           "selectedViews", "users", "capabilities", "autofillDependencies")
V1_REQUIRED_ON_PUT = ("name", "description", "filterPredicate", "users", "capabilities")
V2_REQUIRED_ON_PUT = ("name", "description", "logAnalyticsFilter", "auditDataFilter", "securityDataFilter",
                      "selectionType", "selectedViews", "users", "capabilities")
SELECTION_TYPES = ("All", "Allow", "Deny")
SEED_OPTIONS = (
    SeedOption("roles", "with the demo seed, add N generated roles (bulk-role-0001...)"),
    SeedOption("system_roles", "with the empty seed, 1 gives the organisation Sumo Logic's own roles (Administrator, "
                               "Analyst), as the demo seed does"),
)


def _state():
    return current_app.config["STATE"]


# -- the membership, shared with the users part ------------------------------------------------

def link(state, role, user):
    """Give ``user`` the role (both views of the membership)."""
    if user["id"] not in role["users"]:
        role["users"].append(user["id"])
    if role["id"] not in user["roleIds"]:
        user["roleIds"].append(role["id"])


def unlink(state, role, user):
    if user["id"] in role["users"]:
        role["users"].remove(user["id"])
    if role["id"] in user["roleIds"]:
        user["roleIds"].remove(role["id"])


# -- roles -------------------------------------------------------------------------------------

def init_state(state, options):
    state.roles = {}          # id -> role (v1 and v2 fields; each version shows its own)
    state.role_names = {}     # lower-cased name -> id (names are unique, case-insensitively)
    if SEED_OPTIONS[1].value(options):
        seed_system_roles(state, iso_now())


def new_role(state, data, system=False, now=None):
    role_id = format_id(state.next_id("role", 0x1D0))
    role = {
        "id": role_id,
        "name": data["name"],
        "description": data.get("description", ""),
        "filterPredicate": data.get("filterPredicate", ""),
        "logAnalyticsFilter": data.get("filterPredicate", ""),
        "auditDataFilter": data.get("auditDataFilter", ""),
        "securityDataFilter": data.get("securityDataFilter", ""),
        "selectionType": data.get("selectionType", "All"),
        "selectedViews": list(data.get("selectedViews") or []),
        "users": [],
        "capabilities": list(data.get("capabilities") or []),
        "autofillDependencies": data.get("autofillDependencies", True),
        "systemDefined": system,
    }
    role.update(metadata(state, now))
    state.roles[role_id] = role
    state.role_names[role["name"].lower()] = role_id
    return role


def _role(state, raw_id):
    role = state.roles.get(parse_id(raw_id, "role"))
    if role is None:
        raise ApiError(404, "role:not_found", "Role with id %s does not exist" % raw_id)
    return role


def view(role, version):
    keys = V1_KEYS if version == 1 else V2_KEYS
    out = {"id": role["id"]}
    for key in keys:
        out[key] = copy.copy(role[key])
    for key in ("systemDefined", "createdAt", "createdBy", "modifiedAt", "modifiedBy"):
        out[key] = role[key]
    return out


def _validate(state, data, version, own_id=None):
    """The schema's rules for a role body; returns the user ids it names (upper-cased)."""
    allowed = V1_KEYS if version == 1 else V2_KEYS
    unknown = sorted(set(data) - set(allowed) - {"id"})
    if unknown:
        raise bad_field(unknown[0], "Unknown role field(s): %s" % ", ".join(unknown))
    name = data.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 128 or not name.strip():
        raise bad_field("name", "name is required, 1 to 128 characters")
    other = state.role_names.get(name.lower())
    if other is not None and other != own_id:
        raise ApiError(400, "role:duplicate_name", "A role named %r already exists" % name,
                       detail="Role names are unique in an organisation (case-insensitively)")
    description = data.get("description", "")
    if not isinstance(description, str) or len(description) > 255:
        raise bad_field("description", "description must be a string of at most 255 characters")
    for key in ("filterPredicate", "logAnalyticsFilter", "auditDataFilter", "securityDataFilter"):
        if key in data and not isinstance(data[key], str):
            raise bad_field(key, "%s must be a string" % key)
    if "selectionType" in data and data["selectionType"] not in SELECTION_TYPES:
        raise bad_field("selectionType", "selectionType must be one of %s" % ", ".join(SELECTION_TYPES))
    views = data.get("selectedViews", [])
    if not isinstance(views, list) or not all(isinstance(v, dict) and isinstance(v.get("viewName"), str) for v in views):
        raise bad_field("selectedViews", "selectedViews must be a list of {\"viewName\": ...}")
    capabilities = data.get("capabilities", [])
    if not isinstance(capabilities, list) or not all(isinstance(c, str) for c in capabilities):
        raise bad_field("capabilities", "capabilities must be a list of strings")
    unknown_caps = [c for c in capabilities if c not in CAPABILITIES and not c.startswith("cloudSoar")]
    if unknown_caps:
        raise ApiError(400, "role:invalid_capability", "Unknown capability: %s" % ", ".join(unknown_caps))
    if "autofillDependencies" in data and not isinstance(data["autofillDependencies"], bool):
        raise bad_field("autofillDependencies", "autofillDependencies must be a boolean")
    user_ids = check_id_list(data.get("users", []), "users")
    missing = [uid for uid in user_ids if uid not in state.users]
    if missing:
        raise ApiError(400, "role:invalid_user", "User(s) not found: %s" % ", ".join(missing))
    return user_ids


def _set_members(state, role, user_ids):
    for uid in list(role["users"]):
        if uid not in user_ids:
            unlink(state, role, state.users[uid])
    for uid in user_ids:
        link(state, role, state.users[uid])


def _apply(state, role, data, version):
    if version == 2 and "logAnalyticsFilter" in data:
        data = dict(data, filterPredicate=data["logAnalyticsFilter"])
    elif "filterPredicate" in data:
        data = dict(data, logAnalyticsFilter=data["filterPredicate"])
    for key in set(V1_KEYS + V2_KEYS) - {"users", "name"}:
        if key in data:
            role[key] = copy.copy(data[key])
    if data["name"] != role["name"]:
        del state.role_names[role["name"].lower()]
        role["name"] = data["name"]
        state.role_names[role["name"].lower()] = role["id"]


def _list(version):
    state = _state()
    name = request.args.get("name")
    if name is not None and not name:
        raise bad_field("name", "name must not be empty")
    items = list(state.roles.values())
    if name:
        # Assumption: a case-insensitive substring match (the docs say "matching the given name").
        needle = name.lower()
        items = [r for r in items if needle in r["name"].lower()]
    sort_by = request.args.get("sortBy")
    items = sort_items(items, sort_by, ("name",))
    page, token = token_page(items, "roles|%s|%s" % (name or "", sort_by or ""))
    return json_response({"data": [view(r, version) for r in page], "next": token})


def _create(version):
    state = _state()
    data = json_body()
    if "id" in data:
        raise bad_field("id", "id is assigned by the service: omit it")
    user_ids = _validate(state, data, version)
    if version == 2 and "logAnalyticsFilter" in data:
        data = dict(data, filterPredicate=data["logAnalyticsFilter"])
    role = new_role(state, data)
    for uid in user_ids:
        link(state, role, state.users[uid])
    return json_response(view(role, version))


def _update(raw_id, version):
    state = _state()
    role = _role(state, raw_id)
    data = json_body()
    required = V1_REQUIRED_ON_PUT if version == 1 else V2_REQUIRED_ON_PUT
    missing = [key for key in required if key not in data]
    if missing:
        raise bad_field(missing[0], "Required field(s) missing: %s" % ", ".join(missing))
    if "id" in data and str(data["id"]).upper() != role["id"]:
        raise bad_field("id", "The body's id does not match the path")
    user_ids = _validate(state, data, version, own_id=role["id"])
    before = copy.deepcopy(role)
    _apply(state, role, data, version)
    _set_members(state, role, user_ids)
    if role != before:
        touch(state, role)
    return json_response(view(role, version))


def _delete(raw_id):
    state = _state()
    role = _role(state, raw_id)
    if role["systemDefined"]:
        raise ApiError(400, "role:system_defined", "The system-defined role %r cannot be deleted" % role["name"])
    for uid in list(role["users"]):
        unlink(state, role, state.users[uid])
    del state.roles[role["id"]]
    del state.role_names[role["name"].lower()]
    return empty_response(204)


def _user(state, raw_id):
    user = state.users.get(parse_id(raw_id, "user"))
    if user is None:
        raise ApiError(404, "user:not_found", "User with id %s does not exist" % raw_id)
    return user


def _assign(raw_role, raw_user, version):
    state = _state()
    role, user = _role(state, raw_role), _user(state, raw_user)
    if user["id"] not in role["users"]:
        link(state, role, user)
        touch(state, role)
    return json_response(view(role, version))


def _remove(raw_role, raw_user):
    state = _state()
    role, user = _role(state, raw_role), _user(state, raw_user)
    if user["id"] not in role["users"]:
        raise ApiError(400, "role:user_not_assigned", "User %s does not have the role %r" % (user["id"], role["name"]))
    unlink(state, role, user)
    touch(state, role)
    return empty_response(204)


def _register(version):
    prefix = "/api/v%d/roles" % version
    suffix = "_v%d" % version
    bp.add_url_rule(prefix, "list" + suffix, lambda: _list(version), methods=["GET"])
    bp.add_url_rule(prefix, "create" + suffix, lambda: _create(version), methods=["POST"])
    bp.add_url_rule(prefix + "/<raw_id>", "get" + suffix,
                    lambda raw_id: json_response(view(_role(_state(), raw_id), version)), methods=["GET"])
    bp.add_url_rule(prefix + "/<raw_id>", "update" + suffix, lambda raw_id: _update(raw_id, version), methods=["PUT"])
    bp.add_url_rule(prefix + "/<raw_id>", "delete" + suffix, _delete, methods=["DELETE"])
    bp.add_url_rule(prefix + "/<raw_role>/users/<raw_user>", "assign" + suffix,
                    lambda raw_role, raw_user: _assign(raw_role, raw_user, version), methods=["PUT"])
    bp.add_url_rule(prefix + "/<raw_role>/users/<raw_user>", "remove" + suffix, _remove, methods=["DELETE"])


_register(1)
_register(2)


def seed_system_roles(state, now):
    """The roles Sumo Logic gives every organisation."""
    new_role(state, {"name": "Administrator", "description": "Full access to the organisation",
                     "capabilities": sorted(CAPABILITIES)}, system=True, now=now)
    new_role(state, {"name": "Analyst", "description": "Search and view dashboards",
                     "capabilities": ANALYST_CAPABILITIES}, system=True, now=now)


def seed_demo(state, options):
    """Built-in-looking roles, and ``roles: M`` more (bulk-role-0001...) for paging tests and benchmarks."""
    now = iso_now()
    if "administrator" not in state.role_names:
        seed_system_roles(state, now)
    new_role(state, {"name": "Security Analyst", "description": "Cloud SIEM triage",
                     "filterPredicate": "_index=sec_*",
                     "capabilities": ["viewCse", "cseViewRules", "cseCommentOnInsights", "cseManageInsightStatus",
                                      "cseManageInsightAssignee"]}, now=now)
    new_role(state, {"name": "Data Admin", "description": "Manage collection",
                     "capabilities": ["viewCollectors", "manageCollectors", "viewFields", "manageFields"]}, now=now)
    for index in range(SEED_OPTIONS[0].value(options)):
        new_role(state, {"name": "bulk-role-%04d" % (index + 1), "description": "bulk",
                         "capabilities": ["viewCollectors"]}, now=now)


_OBJECT_PATH = re.compile(r"^/api/v[12]/roles/([0-9A-Fa-f]{16})/?$")


def object_at(state, path):
    """The stored role a path names (for the concurrent-edit fault), or None."""
    match = _OBJECT_PATH.match(path)
    return state.roles.get(match.group(1).upper()) if match else None
