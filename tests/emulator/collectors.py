# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Collector Management API: ``/api/v1/collectors`` and the sources of each collector.

Follows "Collector API Methods and Examples"; what the page leaves open is written down
in docs/emulator.md.
"""

from __future__ import annotations

import copy
import re
from zoneinfo import available_timezones

from flask import Blueprint, current_app, jsonify, request

from .core import (
    ApiError,
    SeedOption,
    check_if_match,
    control_route,
    empty_response,
    int_param,
    json_body,
    json_response,
    make_etag,
    now_ms,
)

bp = Blueprint("collectors", __name__)

TIME_ZONES = available_timezones() | {"UTC"}
FILTERS = ("installed", "hosted", "dead", "alive")

# Access of each documented field (the page's "Access" column).
MODIFIABLE = ("name", "description", "category", "hostName", "timeZone", "fields", "ephemeral",
              "cutoffTimestamp", "targetCpu", "sourceSyncMode")
NOT_MODIFIABLE = ("id", "collectorType", "cutoffRelativeTime", "osName", "osVersion", "osArch", "osTime")
TRANSIENT = ("alive", "collectorVersion", "lastSeenAlive", "links")
KNOWN = set(MODIFIABLE) | set(NOT_MODIFIABLE) | set(TRANSIENT)
# Fields a PUT must carry ("The JSON request file must specify values for all required fields").
REQUIRED_ON_PUT = ("id", "name", "collectorType", "ephemeral")

HOSTED_SOURCE_TYPES = ("HTTP", "Cloudsyslog", "Polling", "AwsS3Bucket", "HttpOtlp", "Kinesis", "AwsCloudWatch",
                       "AwsElbBucket", "AwsCloudFrontBucket", "AwsCloudTrailBucket", "AwsS3AuditBucket",
                       "GcpMetrics", "Field")
INSTALLED_SOURCE_TYPES = ("LocalFile", "RemoteFileV2", "LocalWindowsEventLog", "RemoteWindowsEventLog",
                          "LocalWindowsPerformance", "RemoteWindowsPerformance", "LocalWindowsActiveDirectory",
                          "Syslog", "Script", "DockerLog", "DockerStats", "SystemStats", "StreamingMetrics")
SOURCE_READ_ONLY = ("id", "alive", "url", "token", "createdAt", "createdBy", "modifiedAt", "modifiedBy")
RELATIVE_TIME = re.compile(r"^-\d+[smhdw]$")
UNSUPPORTED_NAME_CHARS = set(";/%\\")
SEED_OPTIONS = (
    SeedOption("collectors", "with the demo seed, add N generated hosted collectors (bulk-0001...)"),
)
CONTROL = "/_emulator/collectors"


def init_state(state, options):
    state.collectors = {}  # id -> collector
    state.sources = {}     # collector id -> {source id -> source}


def _state():
    return current_app.config["STATE"]


def _not_found(collector_id):
    return ApiError(404, "collectors.collector.invalid", "The specified Collector ID is invalid. (%s)" % collector_id)


def _collector(state, raw_id):
    try:
        collector_id = int(raw_id)
    except ValueError:
        raise ApiError(400, "InvalidCollector", "The specified Collector ID is invalid: %r" % raw_id)
    collector = state.collectors.get(collector_id)
    if collector is None:
        raise _not_found(collector_id)
    return collector


def _answer(collector, status=200):
    return json_response({"collector": collector}, status=status, etag=make_etag(collector))


def _check_name_free(state, name, own_id=None):
    for other in state.collectors.values():
        if other["name"] == name and other["id"] != own_id:
            raise ApiError(400, "DuplicateResourceName", "A resource with the same name already exists: %r" % name)


def _validate(state, data, own_id=None):
    """The documented rules for the modifiable fields (shared by create and update)."""
    unknown = sorted(set(data) - KNOWN)
    if unknown:
        raise ApiError(400, "collectors.validation.fields.invalid", "Unknown collector field(s): %s" % ", ".join(unknown))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ApiError(400, "collectors.validation.name.invalid", "A collector needs a non-empty name")
    if len(name) > 128:
        raise ApiError(400, "CollectorNameTooLong", "Maximum name length is 128 characters.")
    description = data.get("description")
    if description is not None:
        if not isinstance(description, str):
            raise ApiError(400, "collectors.validation.fields.invalid", "description must be a string")
        if len(description) > 1024:
            raise ApiError(400, "CollectorDescriptionTooLong", "Maximum description length is 1024 characters.")
    for key in ("category", "hostName"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ApiError(400, "collectors.validation.fields.invalid", "%s must be a string" % key)
    if data.get("hostName") is not None and len(data["hostName"]) > 128:
        raise ApiError(400, "collectors.validation.hostname.too.long", "The hostname can be a maximum of 128 characters.")
    if data.get("timeZone") is not None and data["timeZone"] not in TIME_ZONES:
        raise ApiError(400, "collectors.validation.timezone.invalid", "Unknown time zone %r" % data["timeZone"])
    fields = data.get("fields")
    if fields is not None and (not isinstance(fields, dict)
                               or not all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items())):
        raise ApiError(400, "collectors.validation.fields.invalid", "fields must be a JSON map of strings to strings")
    if "ephemeral" in data and not isinstance(data["ephemeral"], bool):
        raise ApiError(400, "collectors.validation.fields.invalid", "ephemeral must be a boolean")
    cutoff = data.get("cutoffTimestamp")
    if cutoff is not None and (isinstance(cutoff, bool) or not isinstance(cutoff, int) or cutoff < 0):
        raise ApiError(400, "collectors.validation.fields.invalid", "cutoffTimestamp must be milliseconds since epoch")
    relative = data.get("cutoffRelativeTime")
    if relative is not None and (not isinstance(relative, str) or not RELATIVE_TIME.match(relative)):
        raise ApiError(400, "collectors.validation.fields.invalid",
                       "cutoffRelativeTime must be a relative offset such as -1h, -1d or -1w")
    cpu = data.get("targetCpu")
    if cpu is not None and (isinstance(cpu, bool) or not isinstance(cpu, int) or not (cpu == -1 or 1 <= cpu <= 100)):
        raise ApiError(400, "collectors.validation.fields.invalid", "targetCpu must be a whole percentage (1-100)")
    if data.get("sourceSyncMode") not in (None, "UI", "Json"):
        raise ApiError(400, "collectors.validation.fields.invalid", "sourceSyncMode must be UI or Json")
    _check_name_free(state, name, own_id)


def new_collector(state, data, collector_type="Hosted"):
    """Store a collector built from ``data`` with the documented defaults; returns it."""
    collector_id = state.next_id("collector", 100000001)
    collector = {
        "id": collector_id,
        "name": data["name"],
        "timeZone": data.get("timeZone") or "UTC",
        "ephemeral": data.get("ephemeral", False),
        "sourceSyncMode": data.get("sourceSyncMode", "UI"),
        "cutoffTimestamp": data.get("cutoffTimestamp", 0),
        "fields": dict(data.get("fields") or {}),
        "links": [{"rel": "sources", "href": "/v1/collectors/%d/sources" % collector_id}],
        "collectorType": collector_type,
        "collectorVersion": data.get("collectorVersion", ""),
        "lastSeenAlive": data.get("lastSeenAlive", now_ms()),
        "alive": data.get("alive", True),
    }
    for key in ("description", "category", "hostName", "cutoffRelativeTime", "targetCpu",
                "osName", "osVersion", "osArch", "osTime"):
        if data.get(key) is not None:
            collector[key] = data[key]
    state.collectors[collector_id] = collector
    state.sources[collector_id] = {}
    return collector


def _matches(collector, kind):
    if kind == "installed":
        return collector["collectorType"] == "Installable"
    if kind == "hosted":
        return collector["collectorType"] == "Hosted"
    if kind == "alive":
        return collector["alive"]
    return not collector["alive"]  # dead


def _offline(state, days):
    horizon = now_ms() - days * 86400000
    return [c for c in sorted(state.collectors.values(), key=lambda c: c["id"])
            if c["collectorType"] == "Installable" and not c["alive"] and c.get("lastSeenAlive", 0) < horizon]


def _page(items):
    limit = int_param("limit", 1000, minimum=1)
    offset = int_param("offset", 0, minimum=0)
    return items[offset:offset + limit]


@bp.route("/api/v1/collectors", methods=["GET"])
def list_collectors():
    state = _state()
    kind = request.args.get("filter")
    if kind is not None and kind not in FILTERS:
        raise ApiError(400, "collectors.filter.invalid", "filter must be one of %s, got %r" % (", ".join(FILTERS), kind))
    items = sorted(state.collectors.values(), key=lambda c: c["id"])
    if kind:
        items = [c for c in items if _matches(c, kind)]
    return json_response({"collectors": _page(items)})


@bp.route("/api/v1/collectors", methods=["POST"])
def create_collector():
    state = _state()
    body = json_body()
    data = body.get("collector")
    if not isinstance(data, dict):
        raise ApiError(400, "collectors.invalid", "The body must be {\"collector\": {...}}")
    if "id" in data:
        raise ApiError(400, "createValidationError", "The specified ID is invalid: omit id when creating a collector")
    if data.get("collectorType") != "Hosted":
        raise ApiError(400, "InvalidCollectorType",
                       "Invalid Collector type for the requested operation: only Hosted collectors can be created")
    stray = [key for key in TRANSIENT + NOT_MODIFIABLE if key in data and key not in ("collectorType", "cutoffRelativeTime")]
    if stray:
        raise ApiError(400, "collectors.validation.fields.invalid", "Not settable on create: %s" % ", ".join(stray))
    _validate(state, data)
    return _answer(new_collector(state, data))


@bp.route("/api/v1/collectors/offline", methods=["GET"])
def list_offline():
    state = _state()
    days = int_param("aliveBeforeDays", 100, minimum=1)
    return json_response({"collectors": _page(_offline(state, days))})


@bp.route("/api/v1/collectors/offline", methods=["DELETE"])
def delete_offline():
    state = _state()
    days = int_param("aliveBeforeDays", 100, minimum=1)
    # The service starts a background task; here it is done before the answer (see docs/emulator.md).
    for collector in _offline(state, days):
        state.collectors.pop(collector["id"], None)
        state.sources.pop(collector["id"], None)
    return empty_response(200)


@bp.route("/api/v1/collectors/name/<path:name>", methods=["GET"])
def get_by_name(name):
    state = _state()
    if name.endswith("/"):
        name = name[:-1]
    elif "." in name:
        # The service reads a trailing ".xyz" as a file extension unless the URL ends with "/".
        name = name.rsplit(".", 1)[0]
    if UNSUPPORTED_NAME_CHARS & set(name):
        raise ApiError(400, "collectors.name.unsupported",
                       "Names with special characters such as ; / % \\ are not supported by this method")
    for collector in state.collectors.values():
        if collector["name"] == name:
            return _answer(collector)
    raise ApiError(404, "collectors.collector.invalid", "No collector named %r" % name)


@bp.route("/api/v1/collectors/<raw_id>", methods=["GET"])
def get_collector(raw_id):
    return _answer(_collector(_state(), raw_id))


@bp.route("/api/v1/collectors/<raw_id>", methods=["PUT"])
def update_collector(raw_id):
    state = _state()
    collector = _collector(state, raw_id)
    check_if_match(make_etag(collector))
    body = json_body()
    data = body.get("collector")
    if not isinstance(data, dict):
        raise ApiError(400, "collectors.invalid", "The body must be {\"collector\": {...}}")
    missing = [key for key in REQUIRED_ON_PUT if key not in data]
    if missing:
        raise ApiError(400, "collectors.validation.fields.missing", "Required field(s) missing: %s" % ", ".join(missing))
    if data["id"] != collector["id"]:
        raise ApiError(400, "BadRequestCollectorId", "Request body contains an invalid Collector ID: %r" % data["id"])
    for key in NOT_MODIFIABLE:
        if key in collector and data.get(key) != collector[key]:
            raise ApiError(400, "collectors.validation.field.notmodifiable",
                           "%s is not modifiable: it must match its current value %r" % (key, collector[key]))
        if key not in collector and data.get(key) is not None:
            raise ApiError(400, "collectors.validation.field.notmodifiable", "%s is not modifiable" % key)
    _validate(state, data, own_id=collector["id"])
    updated = copy.deepcopy(collector)
    for key in MODIFIABLE:
        if key in data:
            if data[key] is None:
                updated.pop(key, None)
            else:
                updated[key] = data[key]
        elif key not in ("name", "ephemeral"):
            # A PUT replaces the object: an optional field left out is cleared.
            updated.pop(key, None)
    updated.setdefault("fields", {})
    state.collectors[collector["id"]] = updated
    return _answer(updated)


@bp.route("/api/v1/collectors/<raw_id>", methods=["DELETE"])
def delete_collector(raw_id):
    state = _state()
    collector = _collector(state, raw_id)
    del state.collectors[collector["id"]]
    state.sources.pop(collector["id"], None)
    return empty_response(200)


# -- sources -------------------------------------------------------------------------------

def _source(state, collector, raw_id):
    try:
        source_id = int(raw_id)
    except ValueError:
        raise ApiError(400, "sources.source.invalid", "Invalid source ID: %r" % raw_id)
    source = state.sources[collector["id"]].get(source_id)
    if source is None:
        raise ApiError(404, "collectors.source.invalid", "The specified Source ID is invalid: %s" % source_id)
    return source


def _source_answer(source):
    return json_response({"source": source}, etag=make_etag(source))


def _check_sources_writable(collector):
    if collector.get("sourceSyncMode") == "Json":
        raise ApiError(400, "CannotModifySources",
                       "Sources of a collector with sourceSyncMode Json cannot be changed through the API")


def _validate_source(state, collector, data, own_id=None):
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ApiError(400, "sources.validation.name.invalid", "A source needs a non-empty name")
    if len(name) > 128:
        raise ApiError(400, "sources.validation.name.too.long", "Maximum name length is 128 characters.")
    allowed = HOSTED_SOURCE_TYPES if collector["collectorType"] == "Hosted" else INSTALLED_SOURCE_TYPES
    if data.get("sourceType") not in allowed:
        raise ApiError(400, "InvalidSourceType", "sourceType %r is not valid for a %s collector" % (
            data.get("sourceType"), collector["collectorType"]))
    for other in state.sources[collector["id"]].values():
        if other["name"] == name and other["id"] != own_id:
            raise ApiError(400, "DuplicateResourceName", "A source with the same name already exists: %r" % name)


@bp.route("/api/v1/collectors/<raw_id>/sources", methods=["GET"])
def list_sources(raw_id):
    state = _state()
    collector = _collector(state, raw_id)
    items = sorted(state.sources[collector["id"]].values(), key=lambda s: s["id"])
    return json_response({"sources": _page(items)})


@bp.route("/api/v1/collectors/<raw_id>/sources", methods=["POST"])
def create_source(raw_id):
    state = _state()
    collector = _collector(state, raw_id)
    _check_sources_writable(collector)
    data = json_body().get("source")
    if not isinstance(data, dict):
        raise ApiError(400, "sources.invalid", "The body must be {\"source\": {...}}")
    if "id" in data:
        raise ApiError(400, "createValidationError", "The specified ID is invalid: omit id when creating a source")
    _validate_source(state, collector, data)
    source_id = state.next_id("source", 200000001)
    source = dict(data, id=source_id, alive=True)
    if source["sourceType"] == "HTTP":
        source["url"] = "%s/receiver/v1/http/%s" % (request.host_url.rstrip("/"), make_etag(source)[1:-1] * 2)
    if source["sourceType"] == "Cloudsyslog":
        # The token its senders put in each message, issued by the service (read only).
        source["token"] = "%s@41123" % make_etag(source)[1:-1]
    state.sources[collector["id"]][source_id] = source
    return _source_answer(source)


@bp.route("/api/v1/collectors/<raw_id>/sources/<source_raw_id>", methods=["GET"])
def get_source(raw_id, source_raw_id):
    state = _state()
    return _source_answer(_source(state, _collector(state, raw_id), source_raw_id))


@bp.route("/api/v1/collectors/<raw_id>/sources/<source_raw_id>", methods=["PUT"])
def update_source(raw_id, source_raw_id):
    state = _state()
    collector = _collector(state, raw_id)
    source = _source(state, collector, source_raw_id)
    check_if_match(make_etag(source))
    _check_sources_writable(collector)
    data = json_body().get("source")
    if not isinstance(data, dict):
        raise ApiError(400, "sources.invalid", "The body must be {\"source\": {...}}")
    if data.get("id") != source["id"]:
        raise ApiError(400, "sources.source.invalid", "Request body contains an invalid Source ID: %r" % data.get("id"))
    if data.get("sourceType") != source["sourceType"]:
        raise ApiError(400, "InvalidSourceType", "sourceType cannot change (it is %r)" % source["sourceType"])
    _validate_source(state, collector, data, own_id=source["id"])
    updated = dict((k, v) for k, v in data.items() if k not in SOURCE_READ_ONLY)
    for key in SOURCE_READ_ONLY:
        if key in source:
            updated[key] = source[key]
    state.sources[collector["id"]][source["id"]] = updated
    return _source_answer(updated)


@bp.route("/api/v1/collectors/<raw_id>/sources/<source_raw_id>", methods=["DELETE"])
def delete_source(raw_id, source_raw_id):
    state = _state()
    collector = _collector(state, raw_id)
    source = _source(state, collector, source_raw_id)
    _check_sources_writable(collector)
    del state.sources[collector["id"]][source["id"]]
    return empty_response(200)


def seed_demo(state, options):
    """A small organisation to try things on: two installed collectors and a hosted one with an HTTP source."""
    now = now_ms()
    new_collector(state, {"name": "web-01", "hostName": "web-01.example.com", "timeZone": "Etc/UTC",
                          "collectorVersion": "19.162-12", "osName": "Linux", "osVersion": "6.1.0",
                          "osArch": "amd64", "osTime": 86400000, "targetCpu": -1, "category": "prod/web"},
                  collector_type="Installable")
    new_collector(state, {"name": "old-build-agent", "collectorVersion": "19.33-28", "osName": "Windows 7",
                          "osVersion": "6.1", "osArch": "amd64", "osTime": 0, "alive": False,
                          "lastSeenAlive": now - 200 * 86400000, "fields": {"_budget": "test_budget"}},
                  collector_type="Installable")
    hosted = new_collector(state, {"name": "demo-hosted", "description": "Seeded hosted collector",
                                   "category": "demo/http"})
    source_id = state.next_id("source", 200000001)
    state.sources[hosted["id"]][source_id] = {
        "id": source_id, "name": "demo-http", "sourceType": "HTTP", "category": "demo/http", "alive": True,
        "url": "http://127.0.0.1/receiver/v1/http/demo"}
    # N more hosted collectors, for paging tests and benchmarks.
    for index in range(SEED_OPTIONS[0].value(options)):
        new_collector(state, {"name": "bulk-%04d" % (index + 1), "category": "bulk"})


# -- control API ----------------------------------------------------------------------------

@bp.route(CONTROL + "/installed", methods=["POST"])
@control_route
def control_add_installed():
    """An installed collector, as if its software had registered ({"name": ..., "alive": false, ...})."""
    data = request.get_json(force=True) or {}
    state = _state()
    _validate(state, dict((k, v) for k, v in data.items() if k in KNOWN))
    base = {"collectorVersion": "19.162-12", "osName": "Linux", "osVersion": "6.1.0", "osArch": "amd64", "osTime": 0}
    base.update(data)
    return jsonify({"collector": new_collector(state, base, collector_type="Installable")})


_OBJECT_PATH = re.compile(r"^/api/v1/collectors/(\d+)(?:/sources/(\d+))?/?$")


def object_at(state, path):
    """The stored collector or source a path names (for the concurrent-edit fault), or None."""
    match = _OBJECT_PATH.match(path)
    if not match:
        return None
    collector = state.collectors.get(int(match.group(1)))
    if collector is None or match.group(2) is None:
        return collector
    return state.sources.get(collector["id"], {}).get(int(match.group(2)))
