# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Scheduled views: the ``ScheduledView`` declaration.

A scheduled view runs its query over the data as it arrives (and back to its start time)
and keeps the results in an index of its own, searched as ``_view=NAME``. Its index name,
query, start time and parsing mode never change; its retention (with the partitions' rule
for a shorter one) and its data forwarding do. It is paused and started by endpoints of
their own. The API cannot delete a view, only disable it, for good: a disabled view is
no longer listed, its data stays until its retention ends, and its name may be given to a
new view. So ``state: absent`` disables.
"""

import datetime
import re

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Field,
    Identity,
    Request,
    Resource,
    check_name,
    parse_instant,
)

VIEWS_PATH = "/v1/scheduledViews"
PARSING_MODES = ("AutoParse", "Manual")
NAME_LIMIT = 255
QUERY_LIMIT = 16384
# Sumo Logic's help: "You cannot select a start date older than 365 days".
OLDEST_START = datetime.timedelta(days=365)
PAUSED = "PAUSED"
# What /start makes of a paused view (the API's answer then says which, FILLING or NOT_STARTED).
RUNNING = "FILLING"
# What a PUT takes besides the retention rule's flag.
UPDATE_KEYS = ("retentionPeriod", "dataForwardingId")


# Letters, digits and underscores, starting with a letter (what every version of Sumo Logic's help allows).
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class PauseState:
    """``paused`` (a bool) <-> the view's ``status``: any status but PAUSED is a running view."""

    def prepare(self, run, values):
        """Nothing to look up."""

    def to_api(self, run, value, option, known):
        if value:
            return PAUSED
        # Running is whatever running status the view has now (NOT_STARTED, FILLING, COMPLETE, FAILED).
        return known if known and known != PAUSED else RUNNING

    def to_options(self, run, value):
        return value == PAUSED


class ScheduledView(Resource):
    kind = "scheduled view"
    path = VIEWS_PATH
    result_key = "view"
    identity = Identity("index_name", api="indexName", case="fold", required=True)
    fields = {
        # Fixed: the API refuses to change them, so another value fails the task before any write.
        "index_name": Field("indexName", fixed=True),
        "query": Field("query", fixed=True),
        "start_time": Field("startTime", kind="instant", fixed=True),
        "parsing_mode": Field("parsingMode", choices=PARSING_MODES, fixed=True),
        "retention_period": Field("retentionPeriod", type="int", pending="newRetentionPeriod"),
        "data_forwarding_id": Field("dataForwardingId"),
        # Set by /pause or /start after the create: a view is created running.
        "paused": Field("status", type="bool", resolver=PauseState(), on_create=False),
    }
    options = {"reduce_retention_period_immediately": {"type": "bool"}}
    result_flags = {"disabled": "delete"}
    scope_options = {"index_name": {"type": "str"}}
    scope_patterns = {"index_name": "indexName"}

    def validate(self, params):
        check_name(params, "index_name", NAME_LIMIT, NAME,
                   "must start with a letter and hold letters, digits and underscores only")
        query = params.get("query")
        if query is not None and not (query.strip() and len(query) <= QUERY_LIMIT):
            raise InputError("1 to %d characters are required, got %d" % (QUERY_LIMIT, len(query)), option="query")
        start = params.get("start_time")
        if start is not None and parse_instant(start) is None:
            raise InputError("%r is not an RFC 3339 date-time with a time zone, such as 2026-01-01T00:00:00Z"
                             % start, option="start_time")
        retention = params.get("retention_period")
        if retention is not None and not (retention == -1 or retention >= 1):
            raise InputError("a number of days (1 or more), or -1 for the account's default, got %d" % retention,
                             option="retention_period")

    def can_create(self, run, params, parent):
        missing = [option for option in ("query", "start_time") if params.get(option) is None]
        if missing:
            raise InputError("required to create scheduled view %r" % params["index_name"],
                             option=" and ".join(missing))
        oldest = datetime.datetime.now(datetime.timezone.utc) - OLDEST_START
        if parse_instant(params["start_time"]) < oldest:
            raise InputError("a scheduled view may start at most 365 days ago (%s), got %s"
                             % (oldest.strftime("%Y-%m-%dT%H:%M:%SZ"), params["start_time"]), option="start_time")

    def compare(self, run, params, obj, wanted):
        """What differs; the retention by the partitions' rule, and what the API would refuse fails here."""
        wanted = dict(wanted)
        retention = wanted.pop("retentionPeriod", (None, None))[1]
        forwarding = wanted.pop("dataForwardingId", (None, None))[1]
        changes = super().compare(run, params, obj, wanted)
        # An empty string is no data forwarding (as the API reads it).
        if forwarding is not None and (forwarding or None) != (obj.get("dataForwardingId") or None):
            changes["dataForwardingId"] = forwarding or None
        current, pending = obj.get("retentionPeriod"), obj.get("newRetentionPeriod")
        reduce_now = params.get("reduce_retention_period_immediately")
        # -1 (the account's default) is answered as a number of days: it only matters on create.
        if retention is not None and retention != -1 and current is not None:
            heading = pending if pending is not None else current
            if retention != heading or (pending is not None and reduce_now):
                if pending is not None and retention == current:
                    raise InputError(
                        "scheduled view %r has a retention reduction to %d days pending, and the Scheduled View API "
                        "cannot cancel one: ask for a longer retention than %d days to replace it"
                        % (obj.get("indexName"), pending, current), option="retention_period")
                if retention < current and reduce_now is None:
                    raise InputError(
                        "required to shorten the retention of scheduled view %r from %d to %d days: true deletes the "
                        "data older than %d days now, false seven days from now"
                        % (obj.get("indexName"), current, retention, retention),
                        option="reduce_retention_period_immediately")
                changes["retentionPeriod"] = retention
        if changes.get("status") == PAUSED and obj.get("status") == "FAILED":
            raise InputError("scheduled view %r has failed (%s), and a failed view cannot be paused"
                             % (obj.get("indexName"), obj.get("error") or "no error given"), option="paused")
        if "status" in changes and changes["status"] != PAUSED and obj.get("status") != PAUSED:
            del changes["status"]  # running already (a create's plan: the view is created running)
        return changes

    def update(self, run, params, current, changes):
        """A PUT of what its API takes (the retention always, lest the API's default replace it), then /pause or
        /start."""
        obj, requests = current.obj, []
        if any(key in changes for key in UPDATE_KEYS):
            merged = dict(obj, **changes)
            body = {}
            if merged.get("retentionPeriod") is not None:
                body["retentionPeriod"] = merged["retentionPeriod"]
            if merged.get("dataForwardingId"):
                body["dataForwardingId"] = merged["dataForwardingId"]
            elif obj.get("dataForwardingId"):
                body["dataForwardingId"] = ""  # removes it
            if "retentionPeriod" in changes and changes["retentionPeriod"] < (obj.get("retentionPeriod") or 0):
                body["reduceRetentionPeriodImmediately"] = bool(params.get("reduce_retention_period_immediately"))
            requests.append(Request("PUT", current.path, body=body, returns=True))
        if "status" in changes:
            action = "pause" if changes["status"] == PAUSED else "start"
            requests.append(Request("POST", "%s/%s" % (current.path, action), returns=True))
        return requests

    def delete(self, run, params, current):
        """Disable: the API cannot delete a view."""
        return [Request("DELETE", current.path + "/disable")]
