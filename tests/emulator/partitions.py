# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Partition API: ``/api/v1/partitions`` (OpenAPI ``partitionManagement``).

Partitions are never deleted, only decommissioned; their name and analytics tier never
change; a shorter retention needs ``reduceRetentionPeriodImmediately`` (false: the data in
between goes after seven days, shown as ``newRetentionPeriod``/``retentionEffectiveAt``);
a compliant partition's retention only grows and it stays compliant. The organisation's
system partitions (``sumologic_default`` and the audit indexes) are listed with
``viewTypes`` and are read only. What the OpenAPI description leaves open is written down
in docs/emulator.md (section "Partitions").
"""

from __future__ import annotations

import copy
import datetime
import re

from flask import Blueprint, current_app, jsonify, request

from .core import (
    ApiError,
    SeedOption,
    bad_field,
    check_bool,
    check_string,
    control_route,
    empty_response,
    format_id,
    iso_now,
    json_body,
    json_response,
    metadata,
    parse_id,
    refuse_unknown_keys,
    token_page,
    touch,
)

bp = Blueprint("partitions", __name__)

PATH = "/api/v1/partitions"
CONTROL = "/_emulator/partitions"
ACCOUNT_RETENTION_DAYS = 30   # what retentionPeriod -1 ("the default value for your account") means here
REDUCTION_DELAY = datetime.timedelta(days=7)
TIERS = ("continuous", "frequent", "infrequent")
# viewTypes value -> indexType of the partitions it lists
VIEW_TYPES = {"Partition": "Partition", "DefaultView": "DefaultIndex", "AuditIndex": "AuditIndex"}
# Help: "Partitions must be named alphanumerically, with no special characters, with the exception of underscores".
NAME = re.compile(r"^[A-Za-z0-9_]+$")
RESERVED_PREFIX = "sumologic_"
CREATE_KEYS = ("name", "routingExpression", "analyticsTier", "retentionPeriod", "isCompliant", "dataForwardingId")
UPDATE_KEYS = ("retentionPeriod", "reduceRetentionPeriodImmediately", "isCompliant", "routingExpression",
               "dataForwardingId")
# Keys a client may send back as they are (Terraform's provider sends the whole partition).
IMMUTABLE_KEYS = ("name", "analyticsTier")
SYSTEM_PARTITIONS = (("sumologic_default", "DefaultIndex"), ("sumologic_audit_events", "AuditIndex"),
                     ("sumologic_system_events", "AuditIndex"))
SEED_OPTIONS = (
    SeedOption("partitions", "with the demo seed, add N generated partitions (bulk_partition_0001...)"),
)


def _state():
    return current_app.config["STATE"]


def _iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


def init_state(state, options):
    state.partitions = {}  # id -> partition, in creation order (system partitions first)
    now = iso_now()
    for name, index_type in SYSTEM_PARTITIONS:
        new_partition(state, {"name": name, "routingExpression": "*"}, index_type=index_type, now=now,
                      totalBytes=0 if index_type == "AuditIndex" else 73400320)


def new_partition(state, data, index_type="Partition", now=None, **extra):
    """Store a partition built from ``data`` (already checked) with the description's defaults; returns it."""
    partition = {
        "id": format_id(state.next_id("partition", 0xA110)),
        "name": data["name"],
        "routingExpression": data["routingExpression"],
        "analyticsTier": data.get("analyticsTier", "continuous"),
        "retentionPeriod": _days(data.get("retentionPeriod", -1)),
        "isCompliant": data.get("isCompliant", False),
        "isActive": True,
        "totalBytes": 0,
        "indexType": index_type,
    }
    if data.get("dataForwardingId"):
        partition["dataForwardingId"] = data["dataForwardingId"]
    partition.update(metadata(state, now))
    partition.update(extra)
    state.partitions[partition["id"]] = partition
    return partition


def _days(retention):
    return ACCOUNT_RETENTION_DAYS if retention == -1 else retention


def _mature(partition, now=None):
    """A reduction scheduled seven days ago takes effect when the partition is next read."""
    due = partition.get("retentionEffectiveAt")
    if due is not None and datetime.datetime.fromisoformat(due.replace("Z", "+00:00")) <= (now or _now()):
        partition["retentionPeriod"] = partition.pop("newRetentionPeriod")
        del partition["retentionEffectiveAt"]
    return partition


def _cancel_reduction(partition):
    partition.pop("newRetentionPeriod", None)
    partition.pop("retentionEffectiveAt", None)


def _partition(state, raw_id):
    partition = state.partitions.get(parse_id(raw_id, "partition"))
    if partition is None:
        raise ApiError(404, "partition:not_found", "Partition Not Found: no partition with id %s" % raw_id)
    return _mature(partition)


def _writable(partition):
    """A user partition still in use; 400 for a system or a decommissioned one."""
    if partition["indexType"] != "Partition":
        raise ApiError(400, "partition:system", "%s is a system partition: it cannot be changed" % partition["name"])
    if not partition["isActive"]:
        raise ApiError(400, "partition:decommissioned", "Partition %s is decommissioned" % partition["name"],
                       detail="A decommissioned partition cannot be changed")
    return partition


def _check_retention(data):
    retention = data.get("retentionPeriod")
    if "retentionPeriod" in data and (isinstance(retention, bool) or not isinstance(retention, int)
                                      or not (retention == -1 or retention >= 1)):
        raise bad_field("retentionPeriod", "retentionPeriod must be a number of days (>= 1), or -1 for the account's default")


def _check_common(data):
    if "routingExpression" in data:
        check_string(data, "routingExpression", 1, 16384)
    _check_retention(data)
    check_bool(data, "isCompliant")
    if "dataForwardingId" in data and not isinstance(data["dataForwardingId"], str):
        raise bad_field("dataForwardingId", "dataForwardingId must be a string")


def _check_create(state, data):
    refuse_unknown_keys(data, CREATE_KEYS, "partition")
    check_string(data, "name", 1, 255)
    check_string(data, "routingExpression", 1, 16384)
    name = data["name"]
    if not NAME.match(name):
        raise bad_field("name", "name may hold letters, digits and underscores only")
    if name.lower().startswith(RESERVED_PREFIX):
        raise bad_field("name", "names starting with %s are reserved for system partitions" % RESERVED_PREFIX)
    for other in state.partitions.values():
        if other["name"].lower() == name.lower():
            raise ApiError(400, "partition:duplicate_name", "A partition named %r already exists" % name,
                           detail="Partition names are unique, decommissioned partitions included")
    if "analyticsTier" in data and data["analyticsTier"] not in TIERS:
        raise bad_field("analyticsTier", "analyticsTier must be one of %s" % ", ".join(TIERS))
    _check_common(data)


@bp.route(PATH, methods=["GET"])
def list_partitions():
    state = _state()
    view_types = []
    for raw in request.args.getlist("viewTypes"):
        view_types.extend(v.strip() for v in raw.split(",") if v.strip())
    wrong = [v for v in view_types if v not in VIEW_TYPES]
    if wrong:
        raise bad_field("viewTypes", "viewTypes takes %s, got %s" % (", ".join(VIEW_TYPES), ", ".join(wrong)))
    index_types = set(VIEW_TYPES[v] for v in view_types or ["Partition"])
    now = _now()
    items = [_mature(p, now) for p in state.partitions.values() if p["indexType"] in index_types]
    page, token = token_page(items, "partitions|%s" % ",".join(sorted(index_types)))
    return json_response({"data": copy.deepcopy(page), "next": token})


@bp.route(PATH, methods=["POST"])
def create_partition():
    state = _state()
    data = json_body()
    _check_create(state, data)
    return json_response(copy.deepcopy(new_partition(state, data)))


@bp.route(PATH + "/<raw_id>", methods=["GET"])
def get_partition(raw_id):
    return json_response(copy.deepcopy(_partition(_state(), raw_id)))


def _apply_retention(partition, data, compliant):
    wanted = _days(data["retentionPeriod"])
    current = partition["retentionPeriod"]
    if wanted > current:
        partition["retentionPeriod"] = wanted
        _cancel_reduction(partition)
        return
    if wanted == current:
        return
    if compliant:
        raise ApiError(400, "partition:compliant", "The retention of compliant partition %s can only grow (it is %d days)"
                       % (partition["name"], current))
    if "reduceRetentionPeriodImmediately" not in data:
        raise ApiError(400, "partition:reduce_retention_unconfirmed",
                       "Reducing the retention from %d to %d days needs reduceRetentionPeriodImmediately" % (current, wanted),
                       detail="true deletes the data older than the new retention now, false after seven days")
    if data["reduceRetentionPeriodImmediately"]:
        partition["retentionPeriod"] = wanted
        _cancel_reduction(partition)
    else:
        partition["newRetentionPeriod"] = wanted
        partition["retentionEffectiveAt"] = _iso(_now() + REDUCTION_DELAY)


@bp.route(PATH + "/<raw_id>", methods=["PUT"])
def update_partition(raw_id):
    state = _state()
    partition = _writable(_partition(state, raw_id))
    data = json_body()
    refuse_unknown_keys(data, UPDATE_KEYS + IMMUTABLE_KEYS + ("id",), "partition")
    if "id" in data and str(data["id"]).upper() != partition["id"]:
        raise bad_field("id", "The body's id does not match the path")
    for key in IMMUTABLE_KEYS:
        if key in data and data[key] != partition[key]:
            raise ApiError(400, "partition:immutable", "The %s of a partition cannot change (it is %r)"
                           % (key, partition[key]))
    _check_common(data)
    check_bool(data, "reduceRetentionPeriodImmediately")
    if partition["isCompliant"] and data.get("isCompliant") is False:
        raise ApiError(400, "partition:compliant", "Partition %s is compliant: it cannot be made non-compliant"
                       % partition["name"])
    compliant = partition["isCompliant"] or data.get("isCompliant") is True
    if compliant and "newRetentionPeriod" in partition:
        raise ApiError(400, "partition:compliant", "Partition %s has a retention reduction pending: cancel it "
                       "(POST .../cancelRetentionUpdate) before marking it compliant" % partition["name"])
    before = copy.deepcopy(partition)
    if "retentionPeriod" in data:
        _apply_retention(partition, data, compliant)
    for key in ("routingExpression", "isCompliant"):
        if key in data:
            partition[key] = data[key]
    if data.get("dataForwardingId"):
        partition["dataForwardingId"] = data["dataForwardingId"]
    elif "dataForwardingId" in data:
        partition.pop("dataForwardingId", None)
    if partition != before:
        touch(state, partition)
    return json_response(copy.deepcopy(partition))


@bp.route(PATH + "/<raw_id>/decommission", methods=["POST"])
def decommission(raw_id):
    state = _state()
    partition = _writable(_partition(state, raw_id))
    partition["isActive"] = False
    touch(state, partition)
    return empty_response(200)


@bp.route(PATH + "/<raw_id>/cancelRetentionUpdate", methods=["POST"])
def cancel_retention_update(raw_id):
    state = _state()
    partition = _writable(_partition(state, raw_id))
    if "newRetentionPeriod" not in partition:
        raise ApiError(400, "partition:no_retention_update", "Partition %s has no retention update pending"
                       % partition["name"])
    _cancel_reduction(partition)
    touch(state, partition)
    return empty_response(204)


# -- control API: let time pass -------------------------------------------------------------------

@bp.route(CONTROL + "/retention-due", methods=["POST"])
@control_route
def control_retention_due():
    """Every pending retention reduction takes effect now, as seven days later."""
    later = _now() + REDUCTION_DELAY
    applied = []
    for partition in _state().partitions.values():
        if "newRetentionPeriod" in partition:
            _mature(partition, later)
            applied.append(partition["name"])
    return jsonify({"applied": applied})


def seed_demo(state, options):
    """``prod_web``, the compliant ``security_audit``, the decommissioned ``old_staging``, and the bulk ones."""
    now = iso_now()
    new_partition(state, {"name": "prod_web", "routingExpression": "_sourceCategory=prod/web*"}, now=now,
                  totalBytes=52428800)
    new_partition(state, {"name": "security_audit", "routingExpression": "_sourceCategory=*/security",
                          "analyticsTier": "continuous", "retentionPeriod": 365, "isCompliant": True}, now=now,
                  totalBytes=10485760)
    new_partition(state, {"name": "old_staging", "routingExpression": "_sourceCategory=staging/*",
                          "analyticsTier": "infrequent", "retentionPeriod": 7}, now=now, isActive=False)
    for index in range(SEED_OPTIONS[0].value(options)):
        new_partition(state, {"name": "bulk_partition_%04d" % (index + 1),
                              "routingExpression": "_sourceCategory=bulk/%04d" % (index + 1)}, now=now)


_OBJECT_PATH = re.compile(r"^/api/v1/partitions/([0-9A-Fa-f]{16})(?:/decommission|/cancelRetentionUpdate)?/?$")


def object_at(state, path):
    """The stored partition a path names (for the concurrent-edit fault), or None."""
    match = _OBJECT_PATH.match(path)
    return state.partitions.get(match.group(1).upper()) if match else None
