# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Collectors and their sources: lookups, and the declarations of both resources.

The declarations serve the singular modules (``sumo_collector``, ``sumo_source``) and
the plural ones (``sumo_collectors``, ``sumo_sources``) alike.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

try:
    from zoneinfo import available_timezones
except ImportError:  # Python < 3.9: time zones are left to the API to check
    available_timezones = None

from ansible_collections.community.sumologic.plugins.module_utils.api import quote_segment
from ansible_collections.community.sumologic.plugins.module_utils.fields import check_field_names, unknown_fields
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Current,
    Field,
    Resource,
    ResourceFailure,
)

COLLECTORS_PATH = "/v1/collectors"
# The by-name method refuses these characters even URL-encoded: such names are found by listing.
NAME_LOOKUP_UNSUPPORTED = frozenset(";/%\\")


def collector_name_path(name):
    """``/v1/collectors/name/...`` for ``name``: encoded, with the trailing ``/`` a name with a ``.`` needs."""
    path = "%s/name/%s" % (COLLECTORS_PATH, quote_segment(name))
    if "." in name:
        path += "/"
    return path


def find_collector_by_name(client, name):
    """The collector named ``name`` as :class:`Current` (with its ETag when it came from a GET by name), or None.

    One GET for names the by-name method supports; a listing, page by page, for the others.
    """
    if NAME_LOOKUP_UNSUPPORTED & set(name):
        for collector in client.paginate_offset(COLLECTORS_PATH, "collectors"):
            if collector.get("name") == name:
                return Current(collector, None)
        return None
    resp = client.get_or_none(collector_name_path(name))
    if resp is None:
        return None
    return Current((resp.json or {}).get("collector"), resp.etag)


def find_collector_by_id(client, collector_id):
    """The collector with ``collector_id`` as :class:`Current`, or None."""
    resp = client.get_or_none("%s/%s" % (COLLECTORS_PATH, quote_segment(collector_id)))
    if resp is None:
        return None
    return Current((resp.json or {}).get("collector"), resp.etag)


def find_collector(client, name=None, collector_id=None):
    """The collector given by id or by name, as :class:`Current`, or None."""
    if collector_id is not None:
        return find_collector_by_id(client, collector_id)
    return find_collector_by_name(client, name)


def sources_path(collector_id):
    return "%s/%s/sources" % (COLLECTORS_PATH, quote_segment(collector_id))


def list_sources(client, collector_id):
    """Every source of a collector, page by page."""
    return client.paginate_offset(sources_path(collector_id), "sources")


def list_collectors(client):
    """Every collector, 1,000 a page."""
    return client.paginate_offset(COLLECTORS_PATH, "collectors")


def source_path(collector_id, source_id):
    return "%s/%s" % (sources_path(collector_id), quote_segment(source_id))


# -- declarations ------------------------------------------------------------------------------------

def check_fields_of(run, resource, items):
    """Warn about the fields the desired objects set that Field Management does not define (once per field)."""
    uses = [("%s %r" % (resource.kind, resource.label(params)), list(params["fields"])) for params in items
            if params.get("state", "present") == "present" and params.get("fields")]
    check_field_names(run, uses)


API_TYPES = {"hosted": "Hosted", "installed": "Installable"}
RELATIVE_TIME = re.compile(r"^-\d+[smhdw]$")


class Collector(Resource):
    kind = "collector"
    id_option = "collector_id"
    path = COLLECTORS_PATH
    body_key = "collector"
    result_key = "collector"
    needs_etag = True
    keep_keys = ("fields",)
    # Transient fields the service manages; every other key goes back on PUT unchanged.
    read_only = ("alive", "collectorVersion", "lastSeenAlive", "links")
    fields = {
        "name": Field("name"),
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
    options = dict(
        collector_id=dict(type="int"),
        collector_type=dict(type="str", choices=list(API_TYPES)),
        purge_fields=dict(type="bool", default=False),
    )
    required_one_of = [("name", "collector_id")]

    def validate(self, params):
        limits = (("name", 128), ("description", 1024), ("host_name", 128))
        for option, limit in limits:
            if params[option] is not None and len(params[option]) > limit:
                raise ResourceFailure("%s: at most %d characters are allowed, got %d"
                                      % (option, limit, len(params[option])))
        if params["name"] is not None and not params["name"].strip():
            raise ResourceFailure("name: must not be empty")
        if params["time_zone"] is not None and available_timezones is not None:
            zones = available_timezones()
            if zones and params["time_zone"] not in zones | set(["UTC"]):
                raise ResourceFailure("time_zone: %r is not a time zone name such as Etc/UTC or Europe/Paris"
                                      % params["time_zone"])
        if params["cutoff_relative_time"] is not None and not RELATIVE_TIME.match(params["cutoff_relative_time"]):
            raise ResourceFailure("cutoff_relative_time: expected an offset such as -1h, -2d or -1w, got %r"
                                  % params["cutoff_relative_time"])
        if params["cutoff_timestamp"] is not None and params["cutoff_timestamp"] < 0:
            raise ResourceFailure("cutoff_timestamp: must be 0 or milliseconds since the epoch")
        if params["target_cpu"] is not None and not (1 <= params["target_cpu"] <= 100 or params["target_cpu"] == -1):
            raise ResourceFailure("target_cpu: must be a percentage from 1 to 100 (or -1 for none), got %d"
                                  % params["target_cpu"])
        if params["fields"] is not None:
            params["fields"] = dict((str(k), str(v)) for k, v in params["fields"].items())

    def find(self, run, params):
        check_fields_of(run, self, [params])
        if params["collector_id"] is not None:
            return find_collector_by_id(run.client, params["collector_id"])
        return find_collector_by_name(run.client, params["name"])

    def check_found(self, params, obj):
        expected = API_TYPES.get(params["collector_type"])
        if expected and obj.get("collectorType") != expected:
            raise ResourceFailure("%s is of type %s, not %s; the type of a collector cannot change"
                                  % (self.describe(params, obj), obj.get("collectorType"), expected))

    def can_create(self, run, params):
        if params["collector_id"] is not None:
            raise ResourceFailure("there is no collector with id %s; give name (without collector_id) to create "
                                  "a hosted collector" % params["collector_id"])
        if params["collector_type"] == "installed":
            raise ResourceFailure("installed collector %r does not exist. Installed collectors are created by "
                                  "installing the Collector software on a host, not through the API; this module "
                                  "can only update or delete them" % params["name"])

    def create_body(self, params, desired):
        return dict(desired, collectorType="Hosted")

    # -- the plural module ---------------------------------------------------------------------------

    scope_options = dict(
        name=dict(type="str"),
        collector_type=dict(type="str", choices=list(API_TYPES) + ["all"]),
    )

    def effective_scope(self, scope, state):
        scope = dict(scope or {})
        if not scope.get("collector_type"):
            # A task that deletes what nobody listed touches hosted collectors unless told otherwise.
            scope["collector_type"] = "hosted" if state in ("overridden", "deleted") else "all"
        return scope

    def in_scope(self, scope, current):
        wanted = API_TYPES.get(scope.get("collector_type"))
        if wanted and current.obj.get("collectorType") != wanted:
            return False
        return super(Collector, self).in_scope(scope, current)

    def list_objects(self, run, scope, items):
        check_fields_of(run, self, items)
        return [Current(collector) for collector in list_collectors(run.client)]

    def keys(self, run, params):
        if params["collector_id"] is not None:
            return [("id", params["collector_id"])]
        return [("name", params["name"])]

    def keys_of(self, current):
        return [("id", current.obj.get("id")), ("name", current.obj.get("name"))]

    def set_result(self, run):
        return {"unknown_fields": unknown_fields(run)}

    def config_extras(self, run, current):
        kinds = dict((api, option) for option, api in API_TYPES.items())
        return {"collector_type": kinds.get(current.obj.get("collectorType"), "hosted")}


class Source(Resource):
    kind = "source"
    body_key = "source"
    result_key = "source"
    needs_etag = True
    keep_keys = ("fields",)
    read_only = ("alive", "url")
    # An HTTP source's upload URL lets anyone holding it send data: never in a diff.
    secret_keys = ("url",)
    fields = {
        "name": Field("name"),
        "source_type": Field("sourceType", create_only=True),
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
    }
    options = dict(
        collector=dict(type="str"),
        collector_id=dict(type="int"),
        source_id=dict(type="int"),
        purge_fields=dict(type="bool", default=False),
        config=dict(type="dict"),
    )
    required_one_of = [("collector", "collector_id"), ("name", "source_id")]
    mutually_exclusive = [("collector", "collector_id")]

    def validate(self, params):
        if params["collector"] is None and params["collector_id"] is None:
            raise ResourceFailure("collector: required (or collector_id), for the object or for the whole task")
        if params["name"] is not None and not 0 < len(params["name"].strip()) <= 128:
            raise ResourceFailure("name: must be 1 to 128 characters, got %d" % len(params["name"]))
        if params["fields"] is not None:
            params["fields"] = dict((str(k), str(v)) for k, v in params["fields"].items())
        clash = sorted(set(params["config"] or {}) & set(f.api for f in self.fields.values()))
        if clash:
            raise ResourceFailure("config: %s have options of their own; set them with those options"
                                  % ", ".join(clash))

    # -- the collector a source belongs to, looked up once per run ----------------------------------

    def collector(self, run, params):
        """The source's collector (None when it does not exist), from the run's memo when already found."""
        if params["collector_id"] is not None:
            key = ("collector", "id", params["collector_id"])
        else:
            key = ("collector", "name", params["collector"])

        def lookup():
            found = find_collector(run.client, params["collector"], params["collector_id"])
            return found.obj if found is not None else None
        return run.memo(key, lookup)

    def existing_collector(self, run, params):
        collector = self.collector(run, params)
        if collector is None:
            raise ResourceFailure("collector %s does not exist" % (
                "with id %s" % params["collector_id"] if params["collector_id"] is not None
                else repr(params["collector"])))
        return collector

    def collection_path(self, run, params):
        return sources_path(self.existing_collector(run, params)["id"])

    def find(self, run, params):
        check_fields_of(run, self, [params])
        collector = self.collector(run, params)
        if collector is None:
            if params["state"] == "absent":
                return None
            self.existing_collector(run, params)
        for source in list_sources(run.client, collector["id"]):
            if (params["source_id"] is not None and source.get("id") == params["source_id"]) or \
                    (params["source_id"] is None and source.get("name") == params["name"]):
                return Current(source, None, "%s/%s" % (sources_path(collector["id"]), quote_segment(source["id"])),
                               collector)
        return None

    def check_found(self, params, obj):
        wanted = params["source_type"]
        if wanted is not None and obj.get("sourceType") != wanted:
            raise ResourceFailure("source_type: %s is a %s source; the type of a source cannot change to %s"
                                  % (self.describe(params, obj), obj.get("sourceType"), wanted))

    def label(self, params, obj=None):
        name = obj.get("name") if obj is not None else params["name"] or "id %s" % params["source_id"]
        return "%s/%s" % (params["collector"] or params["collector_id"], name)

    def extra_wanted(self, params):
        return dict((key, (Field(key, type="dict" if isinstance(value, dict) else "raw"), value))
                    for key, value in (params["config"] or {}).items())

    # -- the plural module ---------------------------------------------------------------------------

    scope_options = dict(
        name=dict(type="str"),
        collector=dict(type="str"),
    )
    plural_options = dict(
        collector=dict(type="str"),
        collector_id=dict(type="int"),
    )
    # Beyond this many collectors, one listing of every collector is cheaper than a GET by name each.
    COLLECTOR_LOOKUPS = 3

    @classmethod
    def item_constraints(cls):
        return dict(required_one_of=[["name", "source_id"]], mutually_exclusive=[["collector", "collector_id"]])

    def item_defaults(self, params, module_params):
        if params.get("collector") is None and params.get("collector_id") is None:
            params["collector"] = module_params.get("collector")
            params["collector_id"] = module_params.get("collector_id")

    def parent(self, run, params):
        return self.collector(run, params)

    def list_objects(self, run, scope, items):
        """The sources of the collectors the task names, and of those whose name ``scope.collector`` matches."""
        check_fields_of(run, self, items)
        named = set((params["collector"], params["collector_id"]) for params in items
                    if params["collector"] is not None or params["collector_id"] is not None)
        collectors = []
        if scope.get("collector") is not None or len(named) > self.COLLECTOR_LOOKUPS:
            for collector in list_collectors(run.client):
                run.remember(("collector", "name", collector["name"]), collector)
                run.remember(("collector", "id", collector["id"]), collector)
                if scope.get("collector") is not None and re.search(scope["collector"], collector["name"]):
                    collectors.append(collector)
        for name, collector_id in named:
            found = self.collector(run, dict(collector=name, collector_id=collector_id))
            if found is not None and found not in collectors:
                collectors.append(found)
        return [Current(source, None, source_path(collector["id"], source["id"]), collector)
                for collector in collectors for source in list_sources(run.client, collector["id"])]

    def keys(self, run, params):
        collector = self.collector(run, params)
        if collector is None:
            return []
        if params["source_id"] is not None:
            return [(collector["id"], "id", params["source_id"])]
        return [(collector["id"], "name", params["name"])]

    def keys_of(self, current):
        return [(current.parent["id"], "id", current.obj.get("id")), (current.parent["id"], "name", current.obj.get("name"))]

    def in_scope(self, scope, current):
        pattern = scope.get("collector")
        if pattern is not None and not re.search(pattern, current.parent.get("name") or ""):
            return False
        return super(Source, self).in_scope(scope, current)

    def label_of(self, current):
        return "%s/%s" % (current.parent.get("name"), current.obj.get("name"))

    def set_result(self, run):
        return {"unknown_fields": unknown_fields(run)}

    def config_extras(self, run, current):
        known = set(field.api for field in self.fields.values()) | set(self.read_only) | set(["id"])
        extras = dict((key, value) for key, value in current.obj.items() if key not in known and value is not None)
        config = {"collector": current.parent.get("name")} if current.parent else {}
        if extras:
            config["config"] = extras
        return config

    def can_create(self, run, params):
        collector = self.existing_collector(run, params)
        if params["source_id"] is not None:
            raise ResourceFailure("there is no source with id %s in collector %r" % (
                params["source_id"], collector["name"]))
        if not params["source_type"]:
            raise ResourceFailure("source_type: required to create source %r" % params["name"])
        if collector.get("sourceSyncMode") == "Json":
            raise ResourceFailure("collector %r manages its sources from a local JSON file (sourceSyncMode Json); "
                                  "the API cannot change them" % collector["name"])
