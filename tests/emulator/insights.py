# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Cloud SIEM insights: ``/api/sec/v1/insights``, their status, assignee and comments.

Follows the insights part of the Cloud SIEM OpenAPI description, lab 8 of the API course
and the bodies Sumo Logic's own ``sumologiccse`` client sends; what they leave open is
written down in docs/emulator.md (section "Cloud SIEM insights").
"""

from __future__ import annotations

import collections
import copy
import datetime
import json
import re
import secrets
import time
import uuid

from flask import Blueprint, current_app, jsonify, request

from .core import ApiError, SeedOption, control_route, int_param, json_response

bp = Blueprint("insights", __name__)

PREFIX = "/api/sec/v1"
CONTROL = "/_emulator/insights"
# Who an analyst's change (through the control API) is made by, unless the change says.
ANALYST = "soc.analyst@example.com"
# Largest number of insights /insights answers for one query, whatever the paging.
MAX_QUERY_RESULTS = 10000
# Insights per page of /insights/all (Sumo Logic does not document its page size).
ALL_PAGE_SIZE = 20
# How long a nextPageToken may be used ("The nextPageToken expires after one minute").
TOKEN_SECONDS = 60
ORG_ID = "0000000000BEEF00"
ID_NAMESPACE = uuid.UUID("5e1f2a9c-6b61-4e0c-8f3c-2a1d1c0b5e11")
EMAIL = re.compile(r"^[^@\s\"]+@[^@\s\"]+\.[^@\s\"]+$")

BUILTIN_STATUSES = (
    ("new", "New", "Not looked at yet", "#2ac4c1"),
    ("inprogress", "In Progress", "Being investigated", "#f2b233"),
    ("closed", "Closed", "Investigated and closed with a resolution", "#8c8c8c"),
)
BUILTIN_RESOLUTIONS = (
    (1, "Resolved", "The threat was real and has been dealt with"),
    (2, "False Positive", "The activity was not a threat"),
    (3, "No Action", "Nothing needed doing"),
    (4, "Duplicate", "Another insight covers it"),
)
SEVERITIES = ("LOW", "MEDIUM", "HIGH", "CRITICAL")
SEED_OPTIONS = (
    SeedOption("insights", "with the demo seed, add N generated Cloud SIEM insights (INSIGHT-1001...)"),
)


def init_state(state, options):
    state.insights = {}          # id -> insight, in creation order
    state.insight_comments = {}  # insight id -> [comment]
    state.insight_tokens = {}    # nextPageToken -> {"q", "after", "expires"}
    state.insight_statuses = [
        {"id": name, "name": name, "displayName": display, "description": description, "color": color}
        for name, display, description, color in BUILTIN_STATUSES]
    state.insight_resolutions = [
        {"id": rid, "name": name, "description": description, "source": "Default", "parent": None}
        for rid, name, description in BUILTIN_RESOLUTIONS]


def _state():
    return current_app.config["STATE"]


def _iso(ts):
    """Sumo Logic's Cloud SIEM date-time shape: ISO 8601 in UTC with microseconds."""
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"


def _wrap(data, status=200):
    return json_response({"data": data, "errors": []}, status=status)


def _caller():
    """Who is calling: the access id, as the emulator knows no better (shown in closedBy, comment authors)."""
    auth = request.authorization
    return auth.username if auth is not None else None


# -- seed ------------------------------------------------------------------------------------

DEMO_INSIGHTS = (
    # number, name, tags, status, resolution, severity, confidence, entity ip/host, assignee, hours ago
    (101, "Reconnaissance: port scan from 203.0.113.7", ["_mitreAttackTactic:TA0043", "scanner"],
     "new", None, "LOW", 0.31, ("_ip", "203.0.113.7"), None, 30),
    (102, "Reconnaissance: vulnerability scan of the web tier", ["_mitreAttackTactic:TA0043", "scanner", "web"],
     "new", None, "MEDIUM", 0.42, ("_ip", "198.51.100.23"), None, 28),
    (103, "Active scanning: host sweep of 10.20.0.0/24", ["_mitreAttackTactic:TA0043", "scanner"],
     "inprogress", None, "LOW", 0.27, ("_ip", "10.20.0.5"), "soc.analyst@example.com", 26),
    (104, "Initial access: phishing link followed", ["_mitreAttackTactic:TA0001", "_mitreAttackTechnique:T1566"],
     "new", None, "HIGH", 0.83, ("_username", "j.doe@example.com"), None, 20),
    (105, "Credential access: brute force against the VPN", ["_mitreAttackTactic:TA0006"],
     "inprogress", None, "HIGH", 0.77, ("_hostname", "vpn-gw-01"), "soc.lead@example.com", 16),
    (106, "Execution: encoded PowerShell on a workstation", ["_mitreAttackTactic:TA0002"],
     "new", None, "CRITICAL", 0.91, ("_hostname", "ws-0421"), None, 10),
    (107, "Lateral movement over SMB", ["_mitreAttackTactic:TA0008"],
     "closed", "Resolved", "HIGH", 0.68, ("_hostname", "fileserver-02"), "soc.lead@example.com", 70),
    (108, "Reconnaissance: TLS scan from a partner scanner", ["_mitreAttackTactic:TA0043", "scanner"],
     "closed", "False Positive", "LOW", 0.12, ("_ip", "192.0.2.44"), None, 50),
)


def _status_obj(state, name):
    for status in state.insight_statuses:
        if status["name"] == name:
            return {"name": status["name"], "displayName": status["displayName"]}
    return None


def _entity(kind, value):
    entity = {"id": "%s-%s" % (kind, value), "entityType": kind, "name": value, "value": value,
              "hostname": value if kind == "_hostname" else None, "macAddress": None, "sensorZone": ""}
    return entity


# The record field that carries an entity of each type (Cloud SIEM's normalised schema).
RECORD_FIELDS = {"_ip": "srcDevice_ip", "_hostname": "device_hostname", "_username": "user_username"}


def _record(number, name, kind, value, created):
    """The one record behind a seeded signal: what ``allRecords`` shows."""
    return {"uid": str(uuid.uuid5(ID_NAMESPACE, "record-%d" % number)), "recordType": "Network",
            "timestamp": int(created * 1000), "metadata_vendor": "Emulated", "metadata_product": "Demo Sensor",
            "description": name, RECORD_FIELDS.get(kind, "entity_value"): value}


def new_insight(state, number, name, tags=(), status="new", resolution=None, severity="MEDIUM",
                confidence=0.5, entity=("_ip", "10.0.0.1"), assignee=None, created=None):
    """Store an insight (and return it) with the fields Cloud SIEM gives one."""
    created = created if created is not None else time.time()
    ent = _entity(*entity)
    insight_id = str(uuid.uuid5(ID_NAMESPACE, "insight-%d" % number))
    record = _record(number, name, ent["entityType"], ent["value"], created)
    # The entity's value in the record is the signal's artifact.
    artifact = {"name": RECORD_FIELDS.get(ent["entityType"], "entity_value"), "value": ent["value"],
                "recordUid": record["uid"], "recordStream": "normalized"}
    signal = {
        "id": str(uuid.uuid5(ID_NAMESPACE, "signal-%d" % number)),
        "name": name, "description": name, "severity": SEVERITIES.index(severity) * 2 + 2,
        "stage": tags[0].split(":")[-1] if tags else "Unknown", "contentType": "RULE",
        "ruleId": "MATCH-S%05d" % (number * 7 % 1000), "recordCount": 1, "recordTypes": ["Network"],
        "tags": list(tags), "created": _iso(created), "timestamp": _iso(created), "entity": copy.deepcopy(ent),
        "allRecords": [record], "artifacts": [artifact],
    }
    insight = {
        "id": insight_id,
        "readableId": "INSIGHT-%d" % number,
        "name": name,
        "description": "%s (emulated)" % name,
        "orgId": ORG_ID,
        "source": "RULE",
        "status": _status_obj(state, status),
        "resolution": None,
        "subResolution": None,
        "assignee": None,
        "assignedTo": None,
        "teamAssignedTo": None,
        "closed": None,
        "closedBy": None,
        "severity": severity,
        "confidence": confidence,
        "tags": list(tags),
        "created": _iso(created),
        "timestamp": _iso(created),
        "lastUpdated": _iso(created),
        "lastUpdatedBy": None,
        "entity": ent,
        "involvedEntities": [copy.deepcopy(ent)],
        "signals": [signal],
        "artifacts": [dict(artifact, signal={"id": signal["id"], "name": signal["name"],
                                             "timestamp": signal["timestamp"]})],
        "timeToDetection": 120,
        "timeToResponse": None,
        "timeToRemediation": None,
    }
    if assignee:
        _assign_user(state, insight, assignee)
    if status == "closed":
        insight["resolution"] = resolution or "Resolved"
        insight["closed"] = _iso(created + 3600)
        insight["closedBy"] = "soc.lead@example.com"
        insight["timeToRemediation"] = 3600
    state.insights[insight_id] = insight
    state.insight_comments[insight_id] = []
    return insight


def seed_demo(state, options):
    now = time.time()
    for number, name, tags, status, resolution, severity, confidence, entity, assignee, hours in DEMO_INSIGHTS:
        new_insight(state, number, name, tags, status, resolution, severity, confidence, entity, assignee,
                    created=now - hours * 3600)
    extra = SEED_OPTIONS[0].value(options)
    for index in range(extra):
        number = 1001 + index
        new_insight(state, number, "Generated insight %d" % number, ["generated", "batch:%d" % (index % 3)],
                    "new", None, SEVERITIES[index % 4], round(0.1 + (index % 9) / 10.0, 2),
                    ("_ip", "10.99.%d.%d" % (index // 250 % 256, index % 250 + 1)), None,
                    created=now - 100 * 3600 - index)


def object_at(state, path):
    match = re.match(r"^%s/insights/([^/]+)" % re.escape(PREFIX), path)
    if not match or not hasattr(state, "insights"):
        return None
    return state.insights.get(match.group(1))


# -- the q DSL -------------------------------------------------------------------------------

def _bad_query(message):
    return ApiError(400, "query.invalid", "Invalid query (q): %s" % message)


def _get_path(obj, dotted):
    for part in dotted.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


def _assignee_values(insight):
    values = [insight.get("assignedTo"), insight.get("teamAssignedTo")]
    assignee = insight.get("assignee") or {}
    values += [assignee.get("username"), assignee.get("name"), assignee.get("displayName")]
    return [v for v in values if v]


# q field -> function(insight) -> a value or a list of values. The fields the description
# lists, and no more: ``lastUpdated`` is not among them, so an update time cannot be queried.
QUERY_FIELDS = {
    "id": lambda i: i["id"],
    "insightId": lambda i: i["id"],
    "readableId": lambda i: i["readableId"],
    "serialId": lambda i: int(i["readableId"].split("-")[-1]),
    "status": lambda i: (i.get("status") or {}).get("name"),
    "statusId": lambda i: (i.get("status") or {}).get("name"),
    "name": lambda i: i.get("name"),
    "description": lambda i: i.get("description"),
    "created": lambda i: i.get("created"),
    "timestamp": lambda i: i.get("timestamp"),
    "closed": lambda i: i.get("closed"),
    "assignee": _assignee_values,
    "tag": lambda i: i.get("tags") or [],
    "tags": lambda i: i.get("tags") or [],
    "severity": lambda i: i.get("severity"),
    "resolution": lambda i: i.get("resolution"),
    "subResolution": lambda i: i.get("subResolution"),
    "confidence": lambda i: i.get("confidence"),
    "ruleId": lambda i: [s.get("ruleId") for s in i.get("signals") or []],
    "sensorZone": lambda i: (i.get("entity") or {}).get("sensorZone"),
    "entity.id": lambda i: _get_path(i, "entity.id"),
    "entity.ip": lambda i: _get_path(i, "entity.value") if _get_path(i, "entity.entityType") == "_ip" else None,
    "entity.hostname": lambda i: _get_path(i, "entity.hostname"),
    "entity.username": lambda i: (_get_path(i, "entity.value")
                                  if _get_path(i, "entity.entityType") == "_username" else None),
    "entity.sensorZone": lambda i: _get_path(i, "entity.sensorZone"),
    "entity.type": lambda i: _get_path(i, "entity.entityType"),
    "entity.value": lambda i: _get_path(i, "entity.value"),
    "enrichment": lambda i: None,
    "records": lambda i: None,
}

_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9_.]*")
_BARE = re.compile(r"[^\s\"()]+")


class QueryTerm:
    """One ``[-]field:<expression>`` of a q string."""

    def __init__(self, field, op, values, negate):
        self.field = field
        self.op = op          # eq, in, contains, gt, ge, lt, le, range
        self.values = values
        self.negate = negate

    def matches(self, insight):
        found = QUERY_FIELDS[self.field](insight)
        candidates = found if isinstance(found, list) else [found]
        hit = any(self._match_one(value) for value in candidates if value is not None)
        return hit != self.negate

    def _match_one(self, value):
        if self.op in ("eq", "in"):
            return any(_equal(value, wanted) for wanted in self.values)
        if self.op == "contains":
            return str(self.values[0]).lower() in str(value).lower()
        if self.op == "range":
            return _compare(value, self.values[0]) >= 0 and _compare(value, self.values[1]) <= 0
        order = _compare(value, self.values[0])
        return {"gt": order > 0, "ge": order >= 0, "lt": order < 0, "le": order <= 0}[self.op]

    def __repr__(self):
        return "QueryTerm(%r, %r, %r, negate=%r)" % (self.field, self.op, self.values, self.negate)


def _equal(value, wanted):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return float(wanted) == float(value)
        except ValueError:
            return False
    return str(value).lower() == str(wanted).lower()


def _as_time(text):
    text = str(text).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    parsed = datetime.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed


def _compare(value, bound):
    """-1, 0 or 1 comparing a field value with a bound (numbers, else date-times)."""
    try:
        left, right = float(value), float(bound)
    except (TypeError, ValueError):
        try:
            left, right = _as_time(value), _as_time(bound)
        except ValueError:
            raise _bad_query("%r cannot be compared with %r" % (bound, value))
    return (left > right) - (left < right)


class _Scanner:
    def __init__(self, text):
        self.text = text
        self.pos = 0

    def eof(self):
        return self.pos >= len(self.text)

    def peek(self, n=1):
        return self.text[self.pos:self.pos + n]

    def skip_spaces(self):
        while not self.eof() and self.text[self.pos].isspace():
            self.pos += 1

    def expect(self, char):
        if self.peek() != char:
            got = repr(self.peek()) if not self.eof() else "the end"
            raise _bad_query("expected %r at position %d, got %s" % (char, self.pos, got))
        self.pos += 1

    def quoted(self):
        self.expect('"')
        out = []
        while True:
            if self.eof():
                raise _bad_query("unterminated string starting before position %d" % self.pos)
            char = self.text[self.pos]
            self.pos += 1
            if char == "\\" and not self.eof():
                out.append(self.text[self.pos])
                self.pos += 1
            elif char == '"':
                return "".join(out)
            else:
                out.append(char)

    def regex(self, pattern, what):
        match = pattern.match(self.text, self.pos)
        if not match:
            raise _bad_query("expected %s at position %d" % (what, self.pos))
        self.pos = match.end()
        return match.group(0)

    def scalar(self):
        """A quoted string or a bare word (number, date, name)."""
        if self.peek() == '"':
            return self.quoted()
        return self.regex(_BARE, "a value")


def parse_query(text):
    """``q`` -> [QueryTerm]; raises ApiError 400 for anything malformed."""
    scanner = _Scanner(text or "")
    terms = []
    while True:
        scanner.skip_spaces()
        if scanner.eof():
            return terms
        start = scanner.pos
        negate = False
        if scanner.peek() == "-":
            negate = True
            scanner.pos += 1
        field = scanner.regex(_FIELD, "a field name")
        if field not in QUERY_FIELDS:
            raise _bad_query("unknown field %r at position %d; known fields: %s"
                             % (field, start, ", ".join(sorted(QUERY_FIELDS))))
        scanner.expect(":")
        terms.append(_parse_expression(scanner, field, negate))
        if not scanner.eof() and not scanner.text[scanner.pos].isspace():
            raise _bad_query("expected a space between terms at position %d" % scanner.pos)


def _parse_expression(scanner, field, negate):
    for function in ("in", "contains"):
        if scanner.text.startswith(function + "(", scanner.pos):
            scanner.pos += len(function) + 1
            values = []
            while True:
                scanner.skip_spaces()
                values.append(scanner.quoted() if scanner.peek() == '"' else scanner.regex(
                    re.compile(r"[^\s\",()]+"), "a value"))
                scanner.skip_spaces()
                if scanner.peek() == ",":
                    scanner.pos += 1
                    continue
                scanner.expect(")")
                break
            if function == "contains" and len(values) != 1:
                raise _bad_query("contains() takes one value, got %d" % len(values))
            return QueryTerm(field, function if function == "contains" else "in", values, negate)
    for prefix, op in ((">=", "ge"), ("<=", "le"), (">", "gt"), ("<", "lt")):
        if scanner.peek(len(prefix)) == prefix:
            scanner.pos += len(prefix)
            return QueryTerm(field, op, [scanner.scalar()], negate)
    if scanner.eof() or scanner.peek().isspace():
        raise _bad_query("no value for field %r at position %d" % (field, scanner.pos))
    value = scanner.scalar()
    if scanner.peek(2) == "..":
        scanner.pos += 2
        return QueryTerm(field, "range", [value, scanner.scalar()], negate)
    if value.endswith("..") or ".." in value:
        low, _sep, high = value.partition("..")
        if not low or not high:
            raise _bad_query("a range needs both ends (low..high), got %r" % value)
        return QueryTerm(field, "range", [low, high], negate)
    return QueryTerm(field, "eq", [value], negate)


# -- listings -----------------------------------------------------------------------------------

def _sort_key(insight):
    # Newest first; the readable number breaks ties.
    return (insight["created"], int(insight["readableId"].split("-")[-1]))


def matching(state, q):
    terms = parse_query(q)
    found = [i for i in state.insights.values() if all(term.matches(i) for term in terms)]
    found.sort(key=_sort_key, reverse=True)
    return found


EXCLUDABLE = ("artifacts", "entity", "signals", "signals.allRecords")
EXPANDABLE = ("artifacts", "entity", "signals")


def _names(param, allowed):
    """The values of a list parameter (repeated or comma-separated), each among ``allowed`` when given."""
    names = []
    for raw in request.args.getlist(param):
        names.extend(n.strip() for n in raw.split(",") if n.strip())
    wrong = [n for n in names if allowed is not None and n not in allowed]
    if wrong:
        raise ApiError(400, "request.param.invalid", "%s takes %s, got %s" % (param, ", ".join(allowed), ", ".join(wrong)))
    return names


def _record_summary(insight, fields):
    """``recordSummaryFields``: per asked field, how many of the insight's records hold each value."""
    summary = []
    for field in fields:
        counts = collections.Counter()
        for signal in insight.get("signals") or []:
            for record in signal.get("allRecords") or []:
                if record.get(field) is not None:
                    counts[str(record[field])] += 1
        summary.extend({"fieldName": field, "fieldValue": value, "recordCount": count}
                       for value, count in sorted(counts.items()))
    return summary


def _listed(insight, exclude=(), emptied=()):
    """An insight as the read endpoints answer it: with ``recordSummaryFields``, less what ``exclude`` drops.

    ``emptied`` lists the lists answered empty (what ``/insights/all`` does not expand).
    """
    out = dict((k, copy.deepcopy(v)) for k, v in insight.items() if k not in exclude)
    for key in emptied:
        out[key] = []
    if "signals.allRecords" in exclude:
        for signal in out.get("signals") or []:
            signal.pop("allRecords", None)
    out["recordSummaryFields"] = _record_summary(insight, _names("recordSummaryFields", None))
    return out


@bp.route(PREFIX + "/insights", methods=["GET"])
def list_insights():
    state = _state()
    found = matching(state, request.args.get("q"))[:MAX_QUERY_RESULTS]
    offset = int_param("offset", 0, minimum=0)
    limit = int_param("limit", 10, minimum=1, maximum=100)
    exclude = _names("exclude", EXCLUDABLE)
    page = found[offset:offset + limit]
    return _wrap({"objects": [_listed(i, exclude) for i in page], "total": len(found),
                  "hasNextPage": offset + len(page) < len(found)})


@bp.route(PREFIX + "/insights/all", methods=["GET"])
def list_all_insights():
    state = _state()
    q = request.args.get("q") or ""
    token = request.args.get("nextPageToken")
    now = time.monotonic()
    for stale in [t for t, v in state.insight_tokens.items() if v["expires"] < now]:
        del state.insight_tokens[stale]
    after = None
    if token:
        saved = state.insight_tokens.pop(token, None)
        if saved is None:
            raise ApiError(400, "nextPageToken.invalid",
                           "The nextPageToken is unknown or expired (tokens last %d seconds)" % TOKEN_SECONDS)
        if saved["q"] != q:
            raise ApiError(400, "nextPageToken.invalid", "The nextPageToken belongs to another query (q)")
        after = saved["after"]
    found = matching(state, q)
    if after is not None:
        # A cursor, not an offset: insights changed while paging are neither skipped nor repeated.
        found = [i for i in found if _sort_key(i) < after]
    size = int_param("limit", ALL_PAGE_SIZE, minimum=1, maximum=100)
    page, rest = found[:size], found[size:]
    expand = _names("expand", EXPANDABLE)
    emptied = [key for key in ("signals", "artifacts") if key not in expand]
    next_token = None
    if rest:
        next_token = secrets.token_urlsafe(18)
        state.insight_tokens[next_token] = {"q": q, "after": _sort_key(page[-1]), "expires": now + TOKEN_SECONDS}
    return _wrap({"objects": [_listed(i, emptied=emptied) for i in page], "nextPageToken": next_token})


def _insight(state, insight_id):
    insight = state.insights.get(insight_id)
    if insight is None:
        hint = ""
        if re.match(r"^INSIGHT-\d+$", insight_id, re.I):
            hint = " (that is a readable id: look the insight up with q=readableId:\"%s\" and use its id)" % insight_id
        raise ApiError(404, "insight.not_found", "No insight with id %s%s" % (insight_id, hint))
    return insight


@bp.route(PREFIX + "/insights/<insight_id>", methods=["GET"])
def get_insight(insight_id):
    insight = _insight(_state(), insight_id)
    return _wrap(_listed(insight, _names("exclude", EXCLUDABLE)))


# -- writes ---------------------------------------------------------------------------------------

def _optional_json():
    """The JSON object body, or {} when there is none (clients send Content-Type: application/json on any verb)."""
    raw = request.get_data(as_text=True)
    if not raw.strip():
        return {}
    mimetype = (request.mimetype or "").lower()
    if mimetype not in ("application/json", ""):
        raise ApiError(415, "contenttype.invalid",
                       "Content-Type must be application/json, got %r" % (request.content_type or ""))
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise ApiError(400, "request.body.invalid", "The request body is not valid JSON: %s" % exc)
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise ApiError(400, "request.body.invalid", "The request body must be a JSON object")
    return body


def _touch(insight, by=None):
    insight["lastUpdated"] = _iso(time.time())
    insight["lastUpdatedBy"] = by if by is not None else _caller()


def _resolution_names(state):
    return [r["name"] for r in state.insight_resolutions]


@bp.route(PREFIX + "/insights/<insight_id>/status", methods=["PUT"])
def update_status(insight_id):
    state = _state()
    insight = _insight(state, insight_id)
    body = _optional_json()
    status = body.get("status") if body.get("status") is not None else request.args.get("status")
    resolution = body.get("resolution") if body.get("resolution") is not None else request.args.get("resolution")
    if not isinstance(status, str) or not status:
        raise ApiError(400, "insight.status.required",
                       "Give the new status as ?status= or in the JSON body {\"status\": ...}")
    _set_status(state, insight, status, resolution, _caller())
    _touch(insight)
    return _wrap(copy.deepcopy(insight))


def _set_status(state, insight, status, resolution, by):
    """Give ``insight`` a status (and, closing it, a resolution) as Cloud SIEM does; ApiError 400 if invalid."""
    new_status = _status_obj(state, status)
    if new_status is None:
        raise ApiError(400, "insight.status.invalid", "Unknown insight status %r; known: %s" % (
            status, ", ".join(s["name"] for s in state.insight_statuses)))
    if status == "closed":
        if not resolution:
            raise ApiError(400, "insight.resolution.required",
                           "Closing an insight needs a resolution, one of: %s" % ", ".join(_resolution_names(state)))
        if not isinstance(resolution, str) or resolution not in _resolution_names(state):
            raise ApiError(400, "insight.resolution.invalid", "Unknown resolution %r; known: %s" % (
                resolution, ", ".join(_resolution_names(state))))
        if insight["status"]["name"] != "closed":
            insight["closed"] = _iso(time.time())
            insight["closedBy"] = by
            insight["timeToRemediation"] = int(time.time() - _as_time(insight["created"]).timestamp())
        insight["resolution"] = resolution
    else:
        # Re-opening (or any status but closed) clears what closing set; a resolution sent along is ignored.
        insight["resolution"] = None
        insight["subResolution"] = None
        insight["closed"] = None
        insight["closedBy"] = None
        insight["timeToRemediation"] = None
        if status == "inprogress" and insight.get("timeToResponse") is None:
            insight["timeToResponse"] = int(time.time() - _as_time(insight["created"]).timestamp())
    insight["status"] = new_status


def _known_user(state, email):
    for user in (getattr(state, "users", None) or {}).values():
        if isinstance(user, dict) and str(user.get("email", "")).lower() == email.lower():
            return user
    return None


def _assign_user(state, insight, email):
    user = _known_user(state, email)
    display = email
    if user is not None:
        display = " ".join(p for p in (user.get("firstName"), user.get("lastName")) if p) or email
    insight["assignee"] = {"username": email, "displayName": display}
    insight["assignedTo"] = email
    insight["teamAssignedTo"] = None


@bp.route(PREFIX + "/insights/<insight_id>/assignee", methods=["PUT", "DELETE"])
def assignee(insight_id):
    state = _state()
    insight = _insight(state, insight_id)
    if request.method == "DELETE":
        insight["assignee"] = None
        insight["assignedTo"] = None
        insight["teamAssignedTo"] = None
        _touch(insight)
        return _wrap(copy.deepcopy(insight))
    wanted = _optional_json().get("assignee")
    if not isinstance(wanted, dict):
        raise ApiError(400, "insight.assignee.invalid",
                       "The body must be {\"assignee\": {\"type\": \"USER\" or \"TEAM\", \"value\": ...}}")
    kind, value = wanted.get("type"), wanted.get("value")
    if kind not in ("USER", "TEAM"):
        raise ApiError(400, "insight.assignee.invalid", "assignee.type must be USER or TEAM, got %r" % (kind,))
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, "insight.assignee.invalid", "assignee.value must be a user name or a team name")
    if kind == "USER":
        if not EMAIL.match(value):
            raise ApiError(400, "insight.assignee.invalid",
                           "assignee.value of a USER must be the user's username (an email), got %r" % value)
        _assign_user(state, insight, value)
    else:
        insight["assignee"] = {"name": value}
        insight["assignedTo"] = None
        insight["teamAssignedTo"] = value
    _touch(insight)
    return _wrap(copy.deepcopy(insight))


@bp.route(PREFIX + "/insights/<insight_id>/comments", methods=["GET", "POST"], strict_slashes=False)
def comments(insight_id):
    state = _state()
    insight = _insight(state, insight_id)
    stored = state.insight_comments.setdefault(insight["id"], [])
    if request.method == "GET":
        return _wrap({"comments": copy.deepcopy(stored)})
    text = _optional_json().get("body")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "insight.comment.invalid", "A comment needs a non-empty body: {\"body\": \"text\"}")
    comment = {"id": str(state.next_id("insight_comment", 1)), "author": {"username": _caller()},
               "timestamp": _iso(time.time()), "body": text}
    stored.append(comment)
    return _wrap(copy.deepcopy(comment))


# -- statuses and resolutions ------------------------------------------------------------------------

@bp.route(PREFIX + "/insight-status", methods=["GET"])
def list_statuses():
    return _wrap(copy.deepcopy(_state().insight_statuses))


@bp.route(PREFIX + "/insight-status/<status_id>", methods=["GET"])
def get_status(status_id):
    for status in _state().insight_statuses:
        if status["id"] == status_id:
            return _wrap(copy.deepcopy(status))
    raise ApiError(404, "insight.status.not_found", "No insight status with id %s" % status_id)


@bp.route(PREFIX + "/insight-resolutions", methods=["GET"])
def list_resolutions():
    found = _state().insight_resolutions
    offset = int_param("offset", 0, minimum=0)
    limit = int_param("limit", 50, minimum=1, maximum=1000)
    page = found[offset:offset + limit]
    return _wrap({"objects": copy.deepcopy(page), "total": len(found), "hasNextPage": offset + len(page) < len(found)})


@bp.route(PREFIX + "/insight-resolutions/<resolution_id>", methods=["GET"])
def get_resolution(resolution_id):
    for resolution in _state().insight_resolutions:
        if str(resolution["id"]) == resolution_id:
            return _wrap(copy.deepcopy(resolution))
    raise ApiError(404, "insight.resolution.not_found", "No insight resolution with id %s" % resolution_id)


# -- control routes: insights arriving and analysts at work ----------------------------------------------

def _control_body(allowed):
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid", "the body must be a JSON object")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise ApiError(400, "invalid", "unknown key(s) %s; known: %s" % (", ".join(unknown), ", ".join(allowed)))
    return body


def _control_insight(state, insight_id):
    """An insight by id or, for the control API's convenience, by readable id."""
    if insight_id in state.insights:
        return state.insights[insight_id]
    for insight in state.insights.values():
        if insight["readableId"].lower() == insight_id.lower():
            return insight
    raise ApiError(404, "not_found", "no insight %s" % insight_id)


def _control_time(value):
    """``created`` of a new insight: an ISO 8601 date-time or epoch seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return _as_time(value).timestamp()
    except (TypeError, ValueError):
        raise ApiError(400, "invalid", "created must be an ISO 8601 date-time or epoch seconds, got %r" % (value,))


def _control_severity(value):
    if value not in SEVERITIES:
        raise ApiError(400, "invalid", "severity must be one of %s, got %r" % (", ".join(SEVERITIES), value))
    return value


NEW_INSIGHT_KEYS = ("name", "severity", "status", "resolution", "tags", "entity", "assignee", "confidence",
                    "created", "number")
ANALYST_KEYS = ("status", "resolution", "assignee", "severity", "by")


@bp.route(CONTROL, methods=["POST"])
@control_route
def control_new_insight():
    """A new insight, as Cloud SIEM raises one: ``{"name": ..., "severity": "HIGH", ...}`` (see docs/emulator.md)."""
    state = _state()
    body = _control_body(NEW_INSIGHT_KEYS)
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ApiError(400, "invalid", "a new insight needs a name")
    numbers = [int(i["readableId"].split("-")[-1]) for i in state.insights.values()]
    number = body.get("number", max(numbers or [0]) + 1)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ApiError(400, "invalid", "number must be a whole number >= 1, got %r" % (number,))
    if number in numbers:
        raise ApiError(409, "conflict", "INSIGHT-%d exists already" % number)
    status = body.get("status", "new")
    if _status_obj(state, status) is None:
        raise ApiError(400, "invalid", "unknown status %r" % (status,))
    resolution = body.get("resolution")
    if status == "closed" and resolution not in _resolution_names(state):
        raise ApiError(400, "invalid", "a closed insight needs a resolution among %s" % ", ".join(_resolution_names(state)))
    tags = body.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ApiError(400, "invalid", "tags must be a list of strings")
    entity = body.get("entity", {"type": "_ip", "value": "10.0.0.1"})
    if not isinstance(entity, dict) or not isinstance(entity.get("type"), str) \
            or not isinstance(entity.get("value"), str):
        raise ApiError(400, "invalid", 'entity must be {"type": "_ip", "value": "10.1.2.3"} (or _hostname, _username)')
    assignee = body.get("assignee")
    if assignee is not None and not (isinstance(assignee, str) and EMAIL.match(assignee)):
        raise ApiError(400, "invalid", "assignee must be an email, got %r" % (assignee,))
    confidence = body.get("confidence", 0.5)
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        raise ApiError(400, "invalid", "confidence must be a number from 0 to 1, got %r" % (confidence,))
    created = _control_time(body["created"]) if "created" in body else None
    insight = new_insight(state, number, name.strip(), tags, status, resolution,
                          _control_severity(body.get("severity", "MEDIUM")), confidence,
                          (entity["type"], entity["value"]), assignee, created=created)
    return jsonify({"insight": copy.deepcopy(insight)})


@bp.route(CONTROL + "/<insight_id>", methods=["PATCH", "DELETE"])
@control_route
def control_analyst(insight_id):
    """PATCH: an analyst changes status, assignee or severity in the Cloud SIEM UI; DELETE: the insight is gone."""
    state = _state()
    insight = _control_insight(state, insight_id)
    if request.method == "DELETE":
        del state.insights[insight["id"]]
        state.insight_comments.pop(insight["id"], None)
        return jsonify({"deleted": insight["id"]})
    body = _control_body(ANALYST_KEYS)
    by = body.get("by", ANALYST)
    # Every value is checked before anything changes, so a refused change changes nothing.
    severity = _control_severity(body["severity"]) if "severity" in body else None
    assignee = body.get("assignee")
    if assignee is not None and not (isinstance(assignee, str) and EMAIL.match(assignee)):
        raise ApiError(400, "invalid", "assignee must be an email or null, got %r" % (assignee,))
    if "status" in body:
        _set_status(state, insight, body["status"], body.get("resolution"), by)
    if severity is not None:
        insight["severity"] = severity
    if "assignee" in body:
        if assignee is None:
            insight["assignee"] = insight["assignedTo"] = insight["teamAssignedTo"] = None
        else:
            _assign_user(state, insight, assignee)
    _touch(insight, by)
    return jsonify({"insight": copy.deepcopy(insight)})
