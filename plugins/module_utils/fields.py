# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Field Management: lookups, the ``CustomField`` declaration, and the check of collector and source fields.

A field is the key of the ``key=value`` metadata collectors, sources and extraction rules
attach to log data. Sumo Logic keeps a value only when its field is defined and enabled
in Field Management: the others are dropped silently. A custom field is created,
enabled, disabled and deleted, never renamed, within a quota; built-in fields
(``_sourceCategory``...) exist in every organisation and cannot be created or changed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.community.sumologic.plugins.module_utils.api import quote_segment
from ansible_collections.community.sumologic.plugins.module_utils.common import snake_dict
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Current,
    Field,
    Resource,
    ResourceFailure,
    ValueMap,
)

FIELDS_PATH = "/v1/fields"
BUILTIN_PATH = FIELDS_PATH + "/builtin"
DROPPED_PATH = FIELDS_PATH + "/dropped"
QUOTA_PATH = FIELDS_PATH + "/quota"
NAME_LIMIT = 255
STATES = ValueMap({True: "Enabled", False: "Disabled"})


def list_custom_fields(client):
    """Every custom field (the API answers them all at once, without pages)."""
    return list((client.get(FIELDS_PATH).json or {}).get("data") or [])


def list_builtin_fields(client):
    return list((client.get(BUILTIN_PATH).json or {}).get("data") or [])


def list_dropped_fields(client):
    """Names sent with data that no field defines, whose values Sumo Logic dropped."""
    return [item.get("fieldName") for item in (client.get(DROPPED_PATH).json or {}).get("data") or []]


def field_quota(client):
    """``{"quota": ..., "remaining": ...}``: how many custom fields the organisation may define, and how many more."""
    return client.get(QUOTA_PATH).json or {}


def field_path(field_id):
    return "%s/%s" % (FIELDS_PATH, quote_segment(field_id))


def named(fields, name):
    """The field called ``name`` among ``fields``; names are compared without regard to case, as Sumo Logic does."""
    wanted = name.lower()
    for field in fields:
        if (field.get("fieldName") or "").lower() == wanted:
            return field
    return None


# -- what a run reads once ----------------------------------------------------------------------------

def custom_fields(run):
    """The custom fields, listed once per run."""
    return run.memo(("fields", "custom"), lambda: list_custom_fields(run.client))


def builtin_fields(run):
    """The built-in fields, listed once per run."""
    return run.memo(("fields", "builtin"), lambda: list_builtin_fields(run.client))


def refuse_builtin(run, name):
    """Raise ResourceFailure naming ``name`` when it is a built-in field's (one listing per run)."""
    builtin = named(builtin_fields(run), name)
    if builtin is not None:
        raise ResourceFailure("name: %r is a built-in field (%s); Sumo Logic defines it in every organisation, "
                              "and it cannot be created, disabled or deleted" % (name, builtin.get("fieldName")))


# -- fields used by collectors and sources ---------------------------------------------------------------

def check_field_names(run, uses):
    """Warn, once per run and field, about the fields Field Management does not define (their values are dropped).

    ``uses`` is a list of ``(object, names)``: what sets the fields (``collector 'web-01'``)
    and their names. Names starting with ``_`` are Sumo Logic's own metadata (``_budget``,
    ``_sourceCategory``) and are never reported. Costs one listing of the custom fields per
    run, and none when no name needs it. Returns the unknown names.
    """
    wanted = {}
    for user, names in uses:
        for name in names or ():
            name = str(name)
            if name and not name.startswith("_"):
                wanted.setdefault(name.lower(), (name, []))[1].append(user)
    if not wanted:
        return []
    defined = set((field.get("fieldName") or "").lower() for field in custom_fields(run))
    unknown = []
    for key, (name, users) in sorted(wanted.items()):
        if key in defined:
            continue
        unknown.append(name)
        index = run.memo(("fields", "unknown"), list)
        entry = run.memo(("fields", "unknown", key), lambda name=name: dict(field=name, used_by=[]))
        first = not entry["used_by"]
        entry["used_by"].extend(user for user in users if user not in entry["used_by"])
        if first:
            index.append(key)
            shown = users[:5] + (["%d more" % (len(users) - 5)] if len(users) > 5 else [])
            run.warn("fields: %r, set by %s, is not a field of Field Management, so Sumo Logic drops its values; "
                     "define it with community.sumologic.sumo_field" % (name, ", ".join(shown)))
    return unknown


def unknown_fields(run):
    """The undefined fields the run's collectors or sources set: ``[{"field", "used_by": [...]}]``, by name."""
    if not run.known(("fields", "unknown")):
        return []
    entries = [run.memo(("fields", "unknown", key), dict) for key in run.memo(("fields", "unknown"), list)]
    return [dict(field=entry["field"], used_by=sorted(entry["used_by"]))
            for entry in sorted(entries, key=lambda entry: entry["field"].lower())]


# -- the declaration ------------------------------------------------------------------------------------

class CustomField(Resource):
    """A custom field: created from its name, enabled or disabled, deleted; never renamed."""

    kind = "field"
    path = FIELDS_PATH
    result_key = "field"
    fields = {
        "enabled": Field("state", type="bool", resolver=STATES),
    }
    options = dict(
        name=dict(type="str", required=True),
    )

    def validate(self, params):
        name = params["name"]
        if not name.strip() or len(name) > NAME_LIMIT:
            raise ResourceFailure("name: 1 to %d characters are required, got %d" % (NAME_LIMIT, len(name)))

    def object_id(self, obj):
        return obj["fieldId"]

    def label(self, params, obj=None):
        if obj is not None and obj.get("fieldName"):
            return obj["fieldName"]
        return params["name"]

    def label_of(self, current):
        return current.obj.get("fieldName")

    def describe(self, params, obj=None):
        if obj is not None:
            return "field %r (id %s)" % (obj.get("fieldName"), obj.get("fieldId"))
        return "field %r" % params["name"]

    def find(self, run, params):
        # A fresh listing each time: the engine also calls find() to learn whether a create whose answer was lost
        # was carried out. The run keeps it for the other lookups.
        fields = list_custom_fields(run.client)
        run.remember(("fields", "custom"), fields)
        found = named(fields, params["name"])
        if found is not None:
            return Current(found, None, field_path(found["fieldId"]))
        refuse_builtin(run, params["name"])
        return None

    def can_create(self, run, params):
        """Fail before any write when the quota leaves no room (one read of the quota per run)."""
        quota = run.memo(("fields", "quota"), lambda: field_quota(run.client))
        planned = run.memo(("fields", "planned creates"), list)
        planned.append(params["name"])
        remaining = quota.get("remaining")
        if remaining is None or len(planned) <= remaining:
            return
        in_use = "%s of %s fields defined" % (quota.get("quota", 0) - remaining, quota.get("quota"))
        if remaining <= 0:
            why = "the field quota is full (%s)" % in_use
        else:
            why = "the field quota has room for %d more (%s), and this task creates %d" % (
                remaining, in_use, len(planned))
        raise ResourceFailure("name: field %r cannot be created: %s. Delete fields no longer used (disabled ones "
                              "count too), or ask Sumo Logic for a larger quota" % (params["name"], why))

    def create_body(self, params, desired):
        # The field is created enabled; enabled=false is carried out by the update that follows.
        return {"fieldName": params["name"]}

    def update(self, run, params, current, body):
        """``enabled`` has endpoints of its own: there is no PUT of a field."""
        path = current.path or field_path(current.obj["fieldId"])
        if body.get("state") != current.obj.get("state"):
            if body.get("state") == "Enabled":
                run.client.put(path + "/enable", None)
            else:
                run.client.delete(path + "/disable")
        return dict(current.obj, state=body.get("state"))

    def to_result(self, run, params, obj):
        result = snake_dict(obj)
        result["enabled"] = obj.get("state") == "Enabled"
        return result

    # -- the plural module ---------------------------------------------------------------------------

    scope_patterns = {"name": "fieldName"}

    def list_objects(self, run, scope, items):
        return [Current(field, None, field_path(field["fieldId"])) for field in custom_fields(run)]

    def keys(self, run, params):
        if named(custom_fields(run), params["name"]) is None:
            refuse_builtin(run, params["name"])
        return [("name", params["name"].lower())]

    def keys_of(self, current):
        return [("name", (current.obj.get("fieldName") or "").lower())]

    def config_extras(self, run, current):
        return {"name": current.obj.get("fieldName")}
