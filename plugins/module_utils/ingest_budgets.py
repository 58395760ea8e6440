# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Ingest budgets (the v2 API): the ``IngestBudget`` declaration, and capacities written with units.

A budget limits the data its scope (one ``field=value``) selects to a capacity a day (or a
minute), reset at a time of day in a time zone, and stops collecting that data or only
audits it when the capacity is reached. Its PUT replaces the whole budget, so every update
sends the current budget with the changes merged. Names are unique without regard to
case; a budget found under another case is renamed to the name given.

Capacities are bytes, or a number with a unit (``10GB``, ``500 MB``, ``1.5TB``) counted as
Sumo Logic counts ingest ("Bytes are calculated in base 2 (binary format, 1024 based)",
its help on ingest budgets): ``1GB`` is 1024^3 bytes, ``GiB`` the same.
"""

import re
from decimal import Decimal, InvalidOperation

try:
    from zoneinfo import available_timezones
except ImportError:  # Python < 3.9: time zones are left to the API to check
    available_timezones = None

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError
from ansible_collections.community.sumologic.plugins.module_utils.resource import Field, Identity, Resource, Token

BUDGETS_PATH = "/v2/ingestBudgets"
ACTIONS = ("stopCollecting", "keepCollecting")
BUDGET_TYPES = ("dailyVolume", "minuteVolume")
UNITS = {"": 1, "B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "TB": 1024 ** 4, "PB": 1024 ** 5}
CAPACITY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGTP]?)(I?B)?\s*$", re.I)
INT64_MAX = 2 ** 63 - 1
RESET_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# One field=value: a field name, then a value (wildcards allowed).
SCOPE = re.compile(r"^([^\s=,]+)=\S")
# Legacy budgets' field: "a reserved keyword ... do not use this reserved field" (Sumo Logic's help).
RESERVED_FIELD = "_budget"
# The OpenAPI description's lengths: option -> (least, most).
LENGTHS = (("name", 1, 128), ("scope", 1, 1024), ("description", 0, 1024))


def capacity_bytes(value):
    """Bytes from an int or a string (``1000``, ``10GB``, ``500 MiB``, ``1.5TB``; units of 1024); ValueError if not."""
    if isinstance(value, bool):
        raise ValueError("not a capacity")
    if isinstance(value, int):
        return value
    match = CAPACITY.match(str(value))
    if match is None or ((match.group(3) or "").upper() == "IB" and not match.group(2)):
        raise ValueError("not a capacity")
    unit = match.group(2).upper() + ("B" if match.group(2) else "")
    try:
        number = Decimal(match.group(1))
    except InvalidOperation:
        raise ValueError("not a capacity")
    # Whole bytes: a fraction of a byte is dropped (1.1GB is 1181116006 bytes).
    return int(number * UNITS[unit])


class IngestBudget(Resource):
    kind = "ingest budget"
    path = BUDGETS_PATH
    result_key = "budget"
    identity = Identity("name", case="fold", required=True)
    listing = Token()
    # The PUT takes the whole budget but what the service keeps (the usage, the metadata, the versions).
    read_only = ("id", "usageBytes", "usageStatus", "createdAt", "createdBy", "modifiedAt", "modifiedBy", "version",
                 "budgetVersion")
    fields = {
        "name": Field("name"),
        "scope": Field("scope"),
        "capacity": Field("capacityBytes", type="raw"),
        "budget_type": Field("budgetType", choices=BUDGET_TYPES, fixed=True),
        "reset_time": Field("resetTime"),
        "time_zone": Field("timezone"),
        "audit_threshold": Field("auditThreshold", type="int"),
        "action": Field("action", choices=ACTIONS),
        "description": Field("description"),
    }

    def validate(self, params):
        for option, least, most in LENGTHS:
            value = params.get(option)
            if value is not None and not least <= len(value) <= most:
                raise InputError("%d to %d characters are required, got %d" % (least, most, len(value)), option=option)
        if params.get("capacity") is not None:
            try:
                params["capacity"] = capacity_bytes(params["capacity"])
            except ValueError:
                raise InputError("%r is not a capacity: give bytes (1073741824) or a number with a unit, KB, MB, GB "
                                 "or TB (1GB is 1024^3 bytes)" % (params["capacity"],), option="capacity")
            if not 1 <= params["capacity"] <= INT64_MAX:
                raise InputError("must be 1 byte or more (and at most 2^63-1), got %d" % params["capacity"],
                                 option="capacity")
        scope = params.get("scope")
        if scope is not None:
            match = SCOPE.match(scope)
            if match is None:
                raise InputError("%r is not one field=value, such as _sourceCategory=*prod*nginx*" % scope,
                                 option="scope")
            if match.group(1).lower() == RESERVED_FIELD:
                raise InputError("_budget is reserved for legacy ingest budgets and cannot be a scope's field",
                                 option="scope")
        reset = params.get("reset_time")
        if reset is not None and not RESET_TIME.match(reset):
            raise InputError("%r is not a time of day HH:MM, 00:00 to 23:59" % reset, option="reset_time")
        zone = params.get("time_zone")
        if zone is not None and available_timezones is not None:
            zones = available_timezones()
            if zones and zone not in zones | {"UTC"}:
                raise InputError("%r is not a time zone name such as Etc/UTC or America/Los_Angeles" % zone,
                                 option="time_zone")
        threshold = params.get("audit_threshold")
        if threshold is not None and not 1 <= threshold <= 99:
            raise InputError("a percentage from 1 to 99 is required, got %d" % threshold, option="audit_threshold")

    def can_create(self, run, params, parent):
        missing = [option for option in ("scope", "capacity", "action") if params.get(option) is None]
        if missing:
            raise InputError("required to create ingest budget %r" % params["name"], option=" and ".join(missing))
