# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Collectors and their sources: the declarations of both resources.

They serve the singular modules (``sumo_collector``, ``sumo_source``), the plural ones
(``sumo_collectors``, ``sumo_sources``) and the info modules alike.
"""

import re

try:
    from zoneinfo import available_timezones
except ImportError:  # Python < 3.9: time zones are left to the API to check
    available_timezones = None

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError, quote_segment
from ansible_collections.community.sumologic.plugins.module_utils.fields import check_field_names
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    PARENT,
    Current,
    Field,
    Identity,
    Offset,
    Parent,
    Resource,
    ValueMap,
)

COLLECTORS_PATH = "/v1/collectors"
# The by-name method refuses these characters even URL-encoded: such names are found by listing.
NAME_LOOKUP_UNSUPPORTED = frozenset(";/%\\")
API_TYPES = {"hosted": "Hosted", "installed": "Installable"}
RELATIVE_TIME = re.compile(r"^-\d+[smhdw]$")


def collector_name_path(name):
    """``/v1/collectors/name/...`` for ``name``: encoded, with the trailing ``/`` a name with a ``.`` needs."""
    path = "%s/name/%s" % (COLLECTORS_PATH, quote_segment(name))
    if "." in name:
        path += "/"
    return path


def check_lengths(params, limits):
    for option, limit in limits:
        if params.get(option) is not None and len(params[option]) > limit:
            raise InputError("at most %d characters are allowed, got %d" % (limit, len(params[option])), option=option)


def as_strings(mapping):
    return {str(key): str(value) for key, value in mapping.items()}


def review_fields(run, engine_kind, plans):
    """Warn about the fields the desired objects set that Field Management does not define (once per field)."""
    uses = [("%s %r" % (engine_kind, plan.label), list(plan.params["fields"])) for plan in plans
            if plan.params.get("state", "present") == "present" and plan.params.get("fields")]
    return {"unknown_fields": check_field_names(run, uses)}


class Collector(Resource):
    kind = "collector"
    path = COLLECTORS_PATH
    body_key = "collector"
    identity = Identity("name", id_option="collector_id", id_type="int")
    listing = Offset("collectors")
    guard = "etag"
    keep_keys = ("fields",)
    # Transient fields the service manages; every other key goes back on PUT unchanged.
    read_only = ("alive", "collectorVersion", "lastSeenAlive", "links")
    create_defaults = {"collectorType": "Hosted"}
    fields = {
        "name": Field("name"),
        "collector_type": Field("collectorType", choices=list(API_TYPES), fixed=True, resolver=ValueMap(API_TYPES)),
        "description": Field("description"),
        "category": Field("category"),
        "host_name": Field("hostName"),
        "time_zone": Field("timeZone"),
        "fields": Field("fields", type="dict", purge="purge_fields"),
        "ephemeral": Field("ephemeral", type="bool"),
        "cutoff_timestamp": Field("cutoffTimestamp", type="int"),
        "cutoff_relative_time": Field("cutoffRelativeTime", create_only=True),
        "target_cpu": Field("targetCpu", type="int"),
        "source_sync_mode": Field("sourceSyncMode", choices=["UI", "Json"]),
    }
    options = {"purge_fields": {"type": "bool", "default": False}}
    required_one_of = [("name", "collector_id")]
    scope_options = {
        "name": {"type": "str"},
        "collector_type": {"type": "str", "choices": list(API_TYPES) + ["all"]},
    }

    def validate(self, params):
        check_lengths(params, (("name", 128), ("description", 1024), ("host_name", 128)))
        if params["name"] is not None and not params["name"].strip():
            raise InputError("must not be empty", option="name")
        if params["time_zone"] is not None and available_timezones is not None:
            zones = available_timezones()
            if zones and params["time_zone"] not in zones | {"UTC"}:
                raise InputError("%r is not a time zone name such as Etc/UTC or Europe/Paris" % params["time_zone"],
                                 option="time_zone")
        if params["cutoff_relative_time"] is not None and not RELATIVE_TIME.match(params["cutoff_relative_time"]):
            raise InputError("expected an offset such as -1h, -2d or -1w, got %r" % params["cutoff_relative_time"],
                             option="cutoff_relative_time")
        if params["cutoff_timestamp"] is not None and params["cutoff_timestamp"] < 0:
            raise InputError("must be 0 or milliseconds since the epoch", option="cutoff_timestamp")
        if params["target_cpu"] is not None and not (1 <= params["target_cpu"] <= 100 or params["target_cpu"] == -1):
            raise InputError("must be a percentage from 1 to 100 (or -1 for none), got %d" % params["target_cpu"],
                             option="target_cpu")
        if params["fields"] is not None:
            params["fields"] = as_strings(params["fields"])

    def lookup(self, run, name, parent):
        """One GET by name (with the ETag), but for the names the by-name method refuses."""
        if NAME_LOOKUP_UNSUPPORTED & set(name):
            return None
        resp = run.client.get_or_none(collector_name_path(name))
        if resp is None or not resp.json:
            return []
        return [Current(self.unwrap(resp.json), resp.etag)]

    def can_create(self, run, params, parent):
        if params["collector_type"] == "installed":
            raise InputError("installed collector %r does not exist. Installed collectors are created by installing "
                             "the Collector software on a host, not through the API; this module can only update or "
                             "delete them" % params["name"])

    def review(self, run, plans):
        return review_fields(run, self.kind, plans)

    def in_scope(self, scope, current, destructive):
        # A task that deletes what nobody listed touches hosted collectors unless told otherwise.
        kind = scope.get("collector_type") or ("hosted" if destructive else "all")
        if kind != "all" and current.obj.get("collectorType") != API_TYPES[kind]:
            return False
        return super().in_scope(scope, current, destructive)


class Source(Resource):
    kind = "source"
    body_key = "source"
    parent = Parent(Collector, "collector", "collector_id", segment="sources")
    identity = Identity("name", id_option="source_id", id_type="int")
    listing = Offset("sources")
    guard = "etag"
    keep_keys = ("fields",)
    read_only = ("alive", "url")
    fields = {
        "name": Field("name"),
        "source_type": Field("sourceType", fixed=True),
        "description": Field("description"),
        "category": Field("category"),
        "host_name": Field("hostName"),
        "time_zone": Field("timeZone"),
        "force_time_zone": Field("forceTimeZone", type="bool"),
        "automatic_date_parsing": Field("automaticDateParsing", type="bool"),
        "multiline_processing_enabled": Field("multilineProcessingEnabled", type="bool"),
        "use_autoline_matching": Field("useAutolineMatching", type="bool"),
        "fields": Field("fields", type="dict", purge="purge_fields"),
        "filters": Field("filters", type="list", elements="dict"),
        "cutoff_timestamp": Field("cutoffTimestamp", type="int"),
        "cutoff_relative_time": Field("cutoffRelativeTime", create_only=True),
        "config": Field(None, type="dict", kind="keys"),
    }
    options = {"purge_fields": {"type": "bool", "default": False}}
    required_one_of = [("collector", "collector_id"), ("name", "source_id")]
    mutually_exclusive = [("collector", "collector_id")]
    scope_options = {"name": {"type": "str"}, "collector": {"type": "str"}}
    scope_patterns = {"name": "name", "collector": PARENT}

    def validate(self, params):
        if params["collector"] is None and params["collector_id"] is None:
            raise InputError("required (or collector_id), for the object or for the whole task", option="collector")
        if params["name"] is not None and not 0 < len(params["name"].strip()) <= 128:
            raise InputError("must be 1 to 128 characters, got %d" % len(params["name"]), option="name")
        if params["fields"] is not None:
            params["fields"] = as_strings(params["fields"])
        clash = sorted(set(params["config"] or {}) & {f.api for f in self.fields.values()})
        if clash:
            raise InputError("%s have options of their own; set them with those options" % ", ".join(clash),
                             option="config")

    def can_create(self, run, params, parent):
        if not params["source_type"]:
            raise InputError("required to create source %r" % params["name"], option="source_type")
        if parent.get("sourceSyncMode") == "Json":
            raise InputError("collector %r manages its sources from a local JSON file (sourceSyncMode Json); the API "
                             "cannot change them" % parent["name"])

    def review(self, run, plans):
        return review_fields(run, self.kind, plans)
