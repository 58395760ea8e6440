# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Field Management: the ``CustomField`` declaration, and the check of collector and source fields.

A field is the key of the ``key=value`` metadata collectors, sources and extraction rules
attach to log data. Sumo Logic keeps a value only when its field is defined and enabled
in Field Management: the others are dropped silently. A custom field is created,
enabled, disabled and deleted, never renamed, within a quota; built-in fields
(``_sourceCategory``...) exist in every organisation and cannot be created or changed.
"""

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError
from ansible_collections.community.sumologic.plugins.module_utils.common import snake_dict
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Field,
    Identity,
    Request,
    Resource,
    ValueMap,
    Whole,
)

FIELDS_PATH = "/v1/fields"
BUILTIN_PATH = FIELDS_PATH + "/builtin"
DROPPED_PATH = FIELDS_PATH + "/dropped"
QUOTA_PATH = FIELDS_PATH + "/quota"
NAME_LIMIT = 255
STATES = ValueMap({True: "Enabled", False: "Disabled"})


def list_builtin_fields(client):
    return list((client.get(BUILTIN_PATH).json or {}).get("data") or [])


def list_dropped_fields(client):
    """Names sent with data that no field defines, whose values Sumo Logic dropped."""
    return [item.get("fieldName") for item in (client.get(DROPPED_PATH).json or {}).get("data") or []]


def field_quota(client):
    """``{"quota": ..., "remaining": ...}``: how many custom fields the organisation may define, and how many more."""
    return client.get(QUOTA_PATH).json or {}


# -- fields used by collectors and sources ---------------------------------------------------------------

def check_field_names(run, uses):
    """Warn, once per field, about the fields Field Management does not define (their values are dropped).

    ``uses`` is a list of ``(object, names)``: what sets the fields (``collector 'web-01'``)
    and their names. Names starting with ``_`` are Sumo Logic's own metadata (``_budget``,
    ``_sourceCategory``) and are never reported. Costs one listing of the custom fields, and
    none when no name needs it. Returns ``[{"field", "used_by": [...]}]``, by name.
    """
    wanted = {}
    for user, names in uses:
        for name in names or ():
            name = str(name)
            if name and not name.startswith("_"):
                entry = wanted.setdefault(name.lower(), (name, []))
                if user not in entry[1]:
                    entry[1].append(user)
    if not wanted:
        return []
    defined = {(field.get("fieldName") or "").lower() for field in CustomField().list(run)}
    unknown = []
    for key, (name, users) in sorted(wanted.items()):
        if key in defined:
            continue
        unknown.append({"field": name, "used_by": sorted(users)})
        shown = users[:5] + (["%d more" % (len(users) - 5)] if len(users) > 5 else [])
        run.warn("fields: %r, set by %s, is not a field of Field Management, so Sumo Logic drops its values; "
                 "define it with community.sumologic.sumo_field" % (name, ", ".join(shown)))
    return unknown


# -- the declaration ------------------------------------------------------------------------------------

class CustomField(Resource):
    """A custom field: created from its name, enabled or disabled, deleted; never renamed."""

    kind = "field"
    path = FIELDS_PATH
    identity = Identity("name", api="fieldName", case="fold", id_api="fieldId", required=True)
    # Every custom field at once; listed afresh at each lookup, so that a create whose answer was
    # lost is found, not sent again.
    listing = Whole("data")
    fields = {
        # The field is created enabled; enabled=false is carried out by the update that follows.
        "enabled": Field("state", type="bool", resolver=STATES, on_create=False),
    }

    def validate(self, params):
        name = params["name"]
        if not name.strip() or len(name) > NAME_LIMIT:
            raise InputError("1 to %d characters are required, got %d" % (NAME_LIMIT, len(name)), option="name")

    def update(self, run, params, current, changes):
        """``enabled`` has endpoints of its own: there is no PUT of a field."""
        if "state" not in changes:
            return []
        if changes["state"] == "Enabled":
            return [Request("PUT", current.path + "/enable")]
        return [Request("DELETE", current.path + "/disable")]

    def review(self, run, plans):
        """Before any write: no built-in name (one listing of them), and room in the quota for the creates."""
        missing = [plan for plan in plans if plan.current is None]
        if missing:
            builtin = {(field.get("fieldName") or "").lower(): field for field in list_builtin_fields(run.client)}
            for plan in missing:
                found = builtin.get(plan.params["name"].lower())
                if found is not None:
                    raise InputError(where(plan, "%r is a built-in field (%s); Sumo Logic defines it in every "
                                                 "organisation, and it cannot be created, disabled or deleted"
                                           % (plan.params["name"], found.get("fieldName"))))
        creates = [plan for plan in plans if plan.action == "create"]
        if not creates:
            return {}
        quota = field_quota(run.client)
        remaining = quota.get("remaining")
        if remaining is None or len(creates) <= remaining:
            return {}
        over = creates[max(remaining, 0)]
        in_use = "%s of %s fields defined" % (quota.get("quota", 0) - remaining, quota.get("quota"))
        if remaining <= 0:
            why = "the field quota is full (%s)" % in_use
        else:
            why = "the field quota has room for %d more (%s), and this task creates %d" % (
                remaining, in_use, len(creates))
        raise InputError(where(over, "field %r cannot be created: %s. Delete fields no longer used (disabled ones "
                                     "count too), or ask Sumo Logic for a larger quota" % (over.params["name"], why)))

    def to_result(self, run, obj):
        return dict(snake_dict(obj), enabled=obj.get("state") == "Enabled")

    scope_patterns = {"name": "fieldName"}


def where(plan, message):
    """``name: message``, prefixed with the item of a plural task (``config[2] (team): name: ...``)."""
    text = "name: %s" % message
    if plan.index is not None:
        text = "config[%d] (%s): %s" % (plan.index, plan.label, text)
    return text
