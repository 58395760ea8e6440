# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Partitions: lookups and the ``Partition`` declaration.

A partition routes the data its routing expression matches into an index of its own,
with its own retention. Partitions are never deleted, only decommissioned (for good);
their name and analytics tier never change; a shorter retention must say what happens to
the data in between (``reduceRetentionPeriodImmediately``); a compliant partition's
retention only grows and it stays compliant. A decommissioned partition is absent as far
as the modules are concerned: ``state: absent`` leaves it as it is, and its name cannot
be used again.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.community.sumologic.plugins.module_utils.api import SumoApiError, quote_segment
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Current,
    Field,
    Resource,
    ResourceFailure,
)

PARTITIONS_PATH = "/v1/partitions"
TIERS = ("continuous", "frequent", "infrequent")
# Sumo Logic's help: "alphanumerically, with no special characters, with the exception of underscores".
NAME = re.compile(r"^[A-Za-z0-9_]+$")
# The organisation's own partitions (sumologic_default, sumologic_audit_events...).
RESERVED_PREFIX = "sumologic_"
NAME_LIMIT = 255
ROUTING_LIMIT = 16384
# What a PUT sends besides the retention: isCompliant defaults to false when left out.
UPDATE_FIELDS = ("routingExpression", "isCompliant")


def list_partitions(client, view_types=None):
    """Every partition (the organisation's own ones only with ``view_types``), 1,000 a page."""
    params = {"viewTypes": ",".join(view_types)} if view_types else None
    return client.paginate_token(PARTITIONS_PATH, params=params, limit=1000)


def partition_path(partition_id):
    return "%s/%s" % (PARTITIONS_PATH, quote_segment(partition_id))


def is_active(partition):
    return partition.get("isActive") is not False


def find_partition(partitions, name):
    """The partition called ``name``: the exact name first, else the same without regard to case (names are unique so)."""
    partitions = list(partitions)
    for partition in partitions:
        if partition.get("name") == name:
            return partition
    wanted = name.lower()
    for partition in partitions:
        if (partition.get("name") or "").lower() == wanted:
            return partition
    return None


def heading_for(partition):
    """The retention the partition is headed for: a pending reduction's, else the current one."""
    pending = partition.get("newRetentionPeriod")
    return pending if pending is not None else partition.get("retentionPeriod")


class Partition(Resource):
    kind = "partition"
    path = PARTITIONS_PATH
    result_key = "partition"
    fields = {
        "routing_expression": Field("routingExpression"),
        "analytics_tier": Field("analyticsTier", choices=TIERS, create_only=True),
        "retention_period": Field("retentionPeriod", type="int"),
        "is_compliant": Field("isCompliant", type="bool"),
    }
    options = dict(
        name=dict(type="str", required=True),
        reduce_retention_period_immediately=dict(type="bool"),
    )

    def validate(self, params):
        name = params["name"]
        if not 1 <= len(name) <= NAME_LIMIT:
            raise ResourceFailure("name: 1 to %d characters are required, got %d" % (NAME_LIMIT, len(name)))
        if not NAME.match(name):
            raise ResourceFailure("name: %r may hold letters, digits and underscores only" % name)
        if name.lower().startswith(RESERVED_PREFIX):
            raise ResourceFailure("name: names starting with %s are Sumo Logic's own partitions, which cannot be "
                                  "created or changed" % RESERVED_PREFIX)
        routing = params.get("routing_expression")
        if routing is not None and not (routing.strip() and len(routing) <= ROUTING_LIMIT):
            raise ResourceFailure("routing_expression: 1 to %d characters are required, got %d"
                                  % (ROUTING_LIMIT, len(routing)))
        retention = params.get("retention_period")
        if retention is not None and not (retention == -1 or retention >= 1):
            raise ResourceFailure("retention_period: a number of days (1 or more), or -1 for the account's "
                                  "default, got %d" % retention)

    # -- finding: a decommissioned partition is absent ---------------------------------------------

    def remember_decommissioned(self, run, partition):
        run.remember(("partition", "decommissioned", partition["name"].lower()), partition)

    def find(self, run, params):
        found = find_partition(list_partitions(run.client), params["name"])
        if found is None:
            return None
        if not is_active(found):
            self.remember_decommissioned(run, found)
            return None
        return Current(found, None, partition_path(found["id"]))

    def check_found(self, params, obj):
        tier = params.get("analytics_tier")
        if tier is not None and obj.get("analyticsTier") != tier:
            raise ResourceFailure("analytics_tier: partition %r is in the %s tier; the analytics tier of a partition "
                                  "cannot change (create another partition)" % (obj.get("name"), obj.get("analyticsTier")))

    def can_create(self, run, params):
        key = ("partition", "decommissioned", params["name"].lower())
        if run.known(key):
            old = run.memo(key, dict)
            raise ResourceFailure("name: partition %r (id %s) is decommissioned; a decommissioned partition cannot be "
                                  "brought back and its name cannot be used again" % (old.get("name"), old.get("id")))
        if params.get("routing_expression") is None:
            raise ResourceFailure("routing_expression: required to create partition %r" % params["name"])

    def create_body(self, params, desired):
        return dict(desired, name=params["name"])

    # -- comparing: retention rules ------------------------------------------------------------------

    def changes(self, run, params, obj, wanted):
        wanted = dict(wanted)
        retention = wanted.pop("retentionPeriod", (None, None))[1]
        diff = super(Partition, self).changes(run, params, obj, wanted)
        pending = obj.get("newRetentionPeriod")
        reduce_now = params.get("reduce_retention_period_immediately")
        # -1 (the account's default) is answered as a number of days: it only matters on create.
        if retention is not None and retention != -1:
            if retention != heading_for(obj) or (pending is not None and retention == pending and reduce_now):
                diff["retentionPeriod"] = retention
        self.check_rules(params, obj, diff.get("retentionPeriod"))
        return diff

    def check_rules(self, params, obj, retention):
        """Raise ResourceFailure, naming the option, for a change the API refuses or that needs a decision."""
        name, current, pending = obj.get("name"), obj.get("retentionPeriod"), obj.get("newRetentionPeriod")
        compliant = bool(obj.get("isCompliant"))
        if compliant and params.get("is_compliant") is False:
            raise ResourceFailure("is_compliant: partition %r is compliant, and a compliant partition can never "
                                  "become non-compliant again" % name)
        becoming = not compliant and params.get("is_compliant") is True
        shrinking = retention is not None and current is not None and retention < current
        if shrinking and (compliant or becoming):
            raise ResourceFailure("retention_period: partition %r %s compliant, so its retention can only grow "
                                  "(it is %d days, %d asked)" % (name, "is" if compliant else "is being made",
                                                                 current, retention))
        if shrinking and params.get("reduce_retention_period_immediately") is None:
            raise ResourceFailure(
                "reduce_retention_period_immediately: required to shorten the retention of partition %r from %d to %d "
                "days: true deletes the data older than %d days now, false seven days from now"
                % (name, current, retention, retention))
        if becoming and pending is not None and retention is None:
            raise ResourceFailure(
                "is_compliant: partition %r has a retention reduction pending (to %d days), and a compliant "
                "partition's retention can only grow: set retention_period to %d to cancel the reduction first"
                % (name, pending, current))

    # -- writing ---------------------------------------------------------------------------------------

    def update(self, run, params, current, body):
        """One PUT of what changed; a pending reduction the new retention undoes is cancelled first."""
        obj = current.obj
        path = current.path or partition_path(obj["id"])
        wants = self.changes(run, params, obj, self.wanted(run, params, False, obj))
        after = obj
        put = dict((key, body.get(key)) for key in UPDATE_FIELDS if body.get(key) is not None)
        retention = wants.get("retentionPeriod")
        if retention is not None:
            if obj.get("newRetentionPeriod") is not None and retention >= obj.get("retentionPeriod"):
                run.client.post(path + "/cancelRetentionUpdate")
                after = dict((key, value) for key, value in obj.items()
                             if key not in ("newRetentionPeriod", "retentionEffectiveAt"))
            if retention != after.get("retentionPeriod"):
                put["retentionPeriod"] = retention
                if retention < after.get("retentionPeriod"):
                    put["reduceRetentionPeriodImmediately"] = params["reduce_retention_period_immediately"]
        if any(after.get(key) != value for key, value in put.items()):
            resp = run.client.put(path, put)
            after = resp.json or dict(after, **dict((k, v) for k, v in put.items() if k in obj))
        return after

    def delete(self, run, params, current, query):
        """Decommission: partitions are never deleted."""
        path = current.path or partition_path(current.obj["id"])
        try:
            run.client.post(path + "/decommission")
        except SumoApiError as exc:
            # Decommissioned meanwhile (by someone else, or by our own request whose answer was lost): as asked.
            if exc.status != 400 or is_active((run.client.get(path).json or {})):
                raise

    def extra_result(self, outcome):
        return {"decommissioned": outcome.action == "delete" and outcome.error is None}

    # -- the plural module ---------------------------------------------------------------------------

    def list_objects(self, run, scope, items):
        active = []
        for partition in list_partitions(run.client):
            if is_active(partition):
                active.append(Current(partition, None, partition_path(partition["id"])))
            else:
                self.remember_decommissioned(run, partition)
        return active

    def keys(self, run, params):
        return [("name", params["name"].lower())]

    def keys_of(self, current):
        return [("name", (current.obj.get("name") or "").lower())]

    def to_config(self, run, current):
        config = super(Partition, self).to_config(run, current)
        # A pending reduction is the retention asked for: given back, it changes nothing.
        if current.obj.get("newRetentionPeriod") is not None:
            config["retention_period"] = current.obj["newRetentionPeriod"]
        return config

    def config_extras(self, run, current):
        return {"name": current.obj.get("name")}
