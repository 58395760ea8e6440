# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Partitions: the ``Partition`` declaration.

A partition routes the data its routing expression matches into an index of its own,
with its own retention. Partitions are never deleted, only decommissioned (for good);
their name and analytics tier never change; a shorter retention must say what happens to
the data in between (``reduceRetentionPeriodImmediately``); a compliant partition's
retention only grows and it stays compliant. A decommissioned partition is absent as far
as the modules are concerned: ``state: absent`` leaves it as it is, and its name cannot
be used again.
"""

import re

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Field,
    Identity,
    Request,
    Resource,
    Retired,
    check_name,
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


def heading_for(partition):
    """The retention the partition is headed for: a pending reduction's, else the current one."""
    pending = partition.get("newRetentionPeriod")
    return pending if pending is not None else partition.get("retentionPeriod")


class Partition(Resource):
    kind = "partition"
    path = PARTITIONS_PATH
    identity = Identity("name", case="fold", required=True)
    retired = Retired("isActive", False, "decommissioned")
    fields = {
        "routing_expression": Field("routingExpression"),
        "analytics_tier": Field("analyticsTier", choices=TIERS, fixed=True),
        "retention_period": Field("retentionPeriod", type="int", pending="newRetentionPeriod"),
        "is_compliant": Field("isCompliant", type="bool"),
    }
    options = {"reduce_retention_period_immediately": {"type": "bool"}}
    result_flags = {"decommissioned": "delete"}

    def validate(self, params):
        check_name(params, "name", NAME_LIMIT, NAME, "may hold letters, digits and underscores only")
        name = params["name"]
        if name.lower().startswith(RESERVED_PREFIX):
            raise InputError("names starting with %s are Sumo Logic's own partitions, which cannot be created or "
                             "changed" % RESERVED_PREFIX, option="name")
        routing = params.get("routing_expression")
        if routing is not None and not (routing.strip() and len(routing) <= ROUTING_LIMIT):
            raise InputError("1 to %d characters are required, got %d" % (ROUTING_LIMIT, len(routing)),
                             option="routing_expression")
        retention = params.get("retention_period")
        if retention is not None and not (retention == -1 or retention >= 1):
            raise InputError("a number of days (1 or more), or -1 for the account's default, got %d" % retention,
                             option="retention_period")

    def can_create(self, run, params, parent):
        if params.get("routing_expression") is None:
            raise InputError("required to create partition %r" % params["name"], option="routing_expression")

    def compare(self, run, params, obj, wanted):
        """What differs, by the retention rules; a change the API refuses, or one that needs a decision, fails here."""
        wanted = dict(wanted)
        retention = wanted.pop("retentionPeriod", (None, None))[1]
        changes = super().compare(run, params, obj, wanted)
        pending = obj.get("newRetentionPeriod")
        reduce_now = params.get("reduce_retention_period_immediately")
        # -1 (the account's default) is answered as a number of days: it only matters on create.
        if retention is not None and retention != -1:
            if retention != heading_for(obj) or (pending is not None and retention == pending and reduce_now):
                changes["retentionPeriod"] = retention
        self.check_rules(params, obj, changes.get("retentionPeriod"))
        return changes

    def check_rules(self, params, obj, retention):
        name, current, pending = obj.get("name"), obj.get("retentionPeriod"), obj.get("newRetentionPeriod")
        compliant = bool(obj.get("isCompliant"))
        if compliant and params.get("is_compliant") is False:
            raise InputError("partition %r is compliant, and a compliant partition can never become non-compliant "
                             "again" % name, option="is_compliant")
        becoming = not compliant and params.get("is_compliant") is True
        shrinking = retention is not None and current is not None and retention < current
        if shrinking and (compliant or becoming):
            raise InputError("partition %r %s compliant, so its retention can only grow (it is %d days, %d asked)"
                             % (name, "is" if compliant else "is being made", current, retention),
                             option="retention_period")
        if shrinking and params.get("reduce_retention_period_immediately") is None:
            raise InputError(
                "required to shorten the retention of partition %r from %d to %d days: true deletes the data older "
                "than %d days now, false seven days from now" % (name, current, retention, retention),
                option="reduce_retention_period_immediately")
        if becoming and pending is not None and retention is None:
            raise InputError(
                "partition %r has a retention reduction pending (to %d days), and a compliant partition's retention "
                "can only grow: set retention_period to %d to cancel the reduction first" % (name, pending, current),
                option="is_compliant")

    def update(self, run, params, current, changes):
        """One PUT of what its API takes; a pending reduction the new retention undoes is cancelled first."""
        obj, requests = current.obj, []
        if not changes:
            return requests
        retained = obj.get("retentionPeriod")
        put = {key: value for key, value in dict(obj, **changes).items() if key in UPDATE_FIELDS and value is not None}
        retention = changes.get("retentionPeriod")
        if retention is not None:
            if obj.get("newRetentionPeriod") is not None and retention >= obj.get("retentionPeriod"):
                requests.append(Request("POST", current.path + "/cancelRetentionUpdate",
                                        effect={"newRetentionPeriod": None, "retentionEffectiveAt": None}))
            if retention != retained:
                put["retentionPeriod"] = retention
                if retention < retained:
                    put["reduceRetentionPeriodImmediately"] = params["reduce_retention_period_immediately"]
        if any(obj.get(key) != value for key, value in put.items()):
            requests.append(Request("PUT", current.path, body=put, returns=True))
        return requests

    def delete(self, run, params, current):
        """Decommission: partitions are never deleted."""
        return [Request("POST", current.path + "/decommission")]
