# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Search Job API: ``/api/v1/search/jobs`` (Sumo Logic's "Search Job APIs" page).

A job is created with a query and a time range (``202``, its id and a ``Location``), its
status is polled while its ``state`` advances (``NOT STARTED``, ``GATHERING RESULTS``,
``DONE GATHERING RESULTS``; ``FORCE PAUSED`` at the message cap, ``CANCELLED``), its
messages and records are paged with ``offset``/``limit`` while and after it runs, and it is
deleted. Every later call of a job needs the session cookie set when it was created, and a
job nobody polls is cancelled (both answered ``404``, as the page says). At most 200 jobs
are active at once.

The searched log messages come from the seed and from ``POST /_emulator/search/messages``;
queries are read by a small engine (keywords, ``field=value`` terms, ``AND``/``OR``/``NOT``,
``| where``, ``| count [by ...]``, ``| sort``, ``| limit``); anything else is refused as the
page's ``parse.error``. What the page leaves open is written down in docs/emulator.md
(section "Search jobs").
"""

from __future__ import annotations

import bisect
import datetime
import json
import math
import random
import re
import secrets
import time
import zoneinfo

from flask import Blueprint, Response, current_app, jsonify, request

from .core import ApiError, SeedOption, control_route, now_ms

bp = Blueprint("search_jobs", __name__)

PATH = "/api/v1/search/jobs"
CONTROL = "/_emulator/search"
COOKIE = "JSESSIONID"
MAX_LIMIT = 10000  # "The maximum value for limit is 10,000"
STATES = ("NOT STARTED", "GATHERING RESULTS", "DONE GATHERING RESULTS", "FORCE PAUSED", "CANCELLED")
RUNNING = ("NOT STARTED", "GATHERING RESULTS")
AUTO_PARSING_MODES = ("AutoParse", "Manual", "performance", "intelligent", "verbose")
BODY_KEYS = ("query", "from", "to", "timeZone", "timezone", "byReceiptTime", "autoParsingMode")
DEFAULT_SETTINGS = {
    "keepalive_seconds": 20.0,        # "polling for status every 20 to 30 seconds": the stricter end
    "query_timeout_seconds": 28800.0,  # "a query timeout after eight hours"
    "max_active_jobs": 200,           # "A limit of 200 active concurrent search jobs"
    "force_pause_at": 100000,         # "Forcibly paused around 100 thousand messages"
    "gathering_polls": 2,             # GATHERING RESULTS answers between NOT STARTED and DONE
}
# The messages' built-in fields, in the page's order, with the page's types.
MESSAGE_FIELDS = (
    ("_messageid", "long"), ("_sourceid", "long"), ("_sourcename", "string"), ("_sourcehost", "string"),
    ("_sourcecategory", "string"), ("_format", "string"), ("_size", "long"), ("_messagetime", "long"),
    ("_receipttime", "long"), ("_messagecount", "int"), ("_raw", "string"), ("_source", "string"),
    ("_collectorid", "long"), ("_collector", "string"), ("_blockid", "long"),
)
BUILTIN = frozenset(name for name, dummy in MESSAGE_FIELDS)
FORMAT = "plain:atp:o:0:l:29:p:yyyy-MM-dd HH:mm:ss,SSS ZZZZ"
# Histogram bucket widths (ms): the narrowest that covers the range in at most 60 buckets.
BUCKET_WIDTHS = (1000, 5000, 10000, 30000, 60000, 300000, 900000, 1800000, 3600000, 7200000, 14400000,
                 21600000, 43200000, 86400000, 604800000, 2592000000)
MAX_BUCKETS = 60
# Java's three-letter zone ids (java.time.ZoneId.SHORT_IDS) that are not tz database names; the
# page's own example sends "IST".
JAVA_SHORT_IDS = {
    "ACT": "Australia/Darwin", "AET": "Australia/Sydney", "AGT": "America/Argentina/Buenos_Aires",
    "ART": "Africa/Cairo", "AST": "America/Anchorage", "BET": "America/Sao_Paulo", "BST": "Asia/Dhaka",
    "CAT": "Africa/Harare", "CNT": "America/St_Johns", "CST": "America/Chicago", "CTT": "Asia/Shanghai",
    "EAT": "Africa/Addis_Ababa", "ECT": "Europe/Paris", "IET": "America/Indiana/Indianapolis",
    "IST": "Asia/Kolkata", "JST": "Asia/Tokyo", "MIT": "Pacific/Apia", "NET": "Asia/Yerevan",
    "NST": "Pacific/Auckland", "PLT": "Asia/Karachi", "PNT": "America/Phoenix", "PRT": "America/Puerto_Rico",
    "PST": "America/Los_Angeles", "SST": "Pacific/Guadalcanal", "VST": "Asia/Ho_Chi_Minh",
}
ISO_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
                      r"(Z|[+-]\d{2}:\d{2})?$")
EPOCH_MS = re.compile(r"^[0-9]{1,15}$")
WHOLE = re.compile(r"^-?[0-9]+$")
SEED_OPTIONS = (
    SeedOption("search_messages", "add N generated log messages to search (_sourceCategory bulk/web, bulk/app, "
                                  "bulk/db), with any seed"),
    SeedOption("search_span_minutes", "spread the generated log messages over the last N minutes", 60),
)
_ZONES = None


def _state():
    return current_app.config["STATE"]


def _refuse(status, code, message):
    """An error of the page's Search Job tables: its code with the ``searchjob.`` prefix the page's example shows."""
    return ApiError(status, "searchjob." + code, message)


def _clock(state):
    """Seconds on the jobs' clock: monotonic, moved on by ``POST /_emulator/search/time-passes``."""
    return time.monotonic() + state.search_clock_offset


# -- the organisation's log messages ---------------------------------------------------------------

def init_state(state, options):
    state.search_messages = []   # every message, in arrival order (``_messageid`` increasing)
    state.search_jobs = {}       # id -> job, deleted and expired ones included (``ended``)
    state.search_sessions = set()
    state.search_settings = dict(DEFAULT_SETTINGS)
    state.search_pending = []    # errors and warnings waiting for the next job
    state.search_clock_offset = 0.0
    span = SEED_OPTIONS[1].value(options)
    if span < 1:
        raise ValueError("search_span_minutes must be at least 1")
    _generate(state, SEED_OPTIONS[0].value(options), span)


def add_message(state, raw, message_time, category, collector, source, host, name, collector_id=None,
                source_id=None, receipt_time=None, fields=None):
    """Store one log message; its map holds strings only, as the API answers them."""
    number = state.next_id("search_message", 1)
    message_map = {
        "_messageid": str(-9223372036854775807 + number), "_sourceid": str(source_id or 1640),
        "_sourcename": name, "_sourcehost": host, "_sourcecategory": category, "_format": FORMAT,
        "_size": str(len(raw.encode("utf-8"))), "_messagetime": str(message_time),
        "_receipttime": str(message_time if receipt_time is None else receipt_time),
        "_messagecount": str(number), "_raw": raw, "_source": source,
        "_collectorid": str(collector_id or 1579), "_collector": collector,
        "_blockid": str(-9223372036854775807 + number // 100),
    }
    for key, value in (fields or {}).items():
        message_map.setdefault(key.lower(), str(value))
    message = {"n": number, "t": message_time, "r": int(message_map["_receipttime"]), "map": message_map,
               "lower": raw.lower()}
    state.search_messages.append(message)
    return message


def _stamp(millis):
    moment = datetime.datetime.fromtimestamp(millis / 1000.0, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S,") + "%03d +0000" % (millis % 1000)


def _generate(state, count, span_minutes):
    """``count`` messages spread over the last ``span_minutes``: bulk/web, bulk/app and bulk/db."""
    if not count:
        return
    rng = random.Random(count)
    end = now_ms()
    span = span_minutes * 60000
    pages = ("/", "/checkout", "/cart", "/search", "/login", "/api/orders")
    for index in range(count):
        moment = end - int((index + rng.random()) * span / count)
        roll = rng.random()
        host = "bulk-%02d.example.com" % (index % 3 + 1)
        if roll < 0.5:
            status = rng.choice((200,) * 16 + (301, 404, 404, 500))
            raw = '198.51.100.%d - - [%s] "GET %s HTTP/1.1" %d %d%s' % (
                rng.randint(1, 254), _stamp(moment), rng.choice(pages), status, rng.randint(200, 9000),
                ' "upstream error"' if status == 500 else "")
            where = ("bulk/web", "nginx-access", "/var/log/nginx/access.log", 3001)
        elif roll < 0.85:
            level = rng.choice(("INFO",) * 17 + ("WARN", "WARN", "ERROR"))
            text = {"INFO": "order placed id=%d" % rng.randint(1000, 99999),
                    "WARN": "slow response from inventory after %d ms" % rng.randint(800, 3000),
                    "ERROR": "payment gateway timeout after %d ms" % rng.randint(3000, 9000)}[level]
            raw = "%s %s [service=checkout] %s" % (_stamp(moment), level, text)
            where = ("bulk/app", "checkout-app", "/var/log/checkout/app.log", 3002)
        else:
            level = rng.choice(("info",) * 9 + ("error",))
            raw = json.dumps({"level": level, "db": "orders", "duration_ms": rng.randint(1, 900),
                              "statement": rng.choice(("SELECT", "INSERT", "UPDATE"))}, sort_keys=True)
            where = ("bulk/db", "orders-db", "/var/log/postgresql/orders.log", 3003)
        add_message(state, raw, moment, where[0], "bulk-collector", where[1], host, where[2],
                    collector_id=3000, source_id=where[3], receipt_time=moment + rng.randint(20, 2000))


def seed_demo(state, options):
    """An hour of logs ending now from the demo collectors (see docs/emulator.md, "Search jobs")."""
    end = now_ms()
    collectors = dict((c["name"], c) for c in getattr(state, "collectors", {}).values())
    web = collectors.get("web-01", {}).get("id", 100000001)
    hosted = collectors.get("demo-hosted", {}).get("id", 100000003)
    http_source = 200000001
    for source_id, source in getattr(state, "sources", {}).get(hosted, {}).items():
        if source.get("name") == "demo-http":
            http_source = source_id
    # prod/web: an nginx access line every 2 minutes, the one 21 minutes ago a 500.
    for minute in range(1, 61, 2):
        moment = end - minute * 60000
        status = 500 if minute == 21 else 200
        raw = '203.0.113.%d - - [%s] "GET /checkout HTTP/1.1" %d %d' % (
            minute, _stamp(moment), status, 512 + minute)
        add_message(state, raw, moment, "prod/web", "web-01", "nginx-access", "web-01.example.com",
                    "/var/log/nginx/access.log", collector_id=web, source_id=1001, receipt_time=moment + 400)
    # prod/app: INFO every 5 minutes; ERROR 3, 7 and 11 minutes ago (the last 15 minutes) and 25 and 48.
    for minute, level, text in [(m, "INFO", "order placed id=%d" % (5000 + m)) for m in range(0, 60, 5)] + [
            (3, "ERROR", "payment gateway timeout after 3000 ms"), (7, "ERROR", "payment gateway timeout after 3000 ms"),
            (11, "ERROR", "inventory service unavailable"), (25, "ERROR", "payment gateway timeout after 3000 ms"),
            (48, "ERROR", "database connection refused")]:
        moment = end - minute * 60000 - 30000
        add_message(state, "%s %s [service=checkout] %s" % (_stamp(moment), level, text), moment, "prod/app",
                    "web-01", "checkout-app", "web-01.example.com", "/var/log/checkout/app.log",
                    collector_id=web, source_id=1002, receipt_time=moment + 250, fields={"team": "payments"})
    # demo/http: a JSON event every 10 minutes from the hosted collector's HTTP source.
    for minute in range(5, 60, 10):
        moment = end - minute * 60000
        level = "error" if minute == 35 else "info"
        raw = json.dumps({"level": level, "service": "billing", "status_code": 502 if level == "error" else 200,
                          "msg": "invoice %s" % ("failed" if level == "error" else "sent")}, sort_keys=True)
        add_message(state, raw, moment, "demo/http", "demo-hosted", "demo-http", "demo-http", "Http Input",
                    collector_id=hosted, source_id=http_source, receipt_time=moment + 1200)


# -- the query language -------------------------------------------------------------------------

class _Tokens:
    """The tokens of one part of a query: strings, operators, words; positions are 1-based in the query."""

    OPS = ("!=", "<>", "==", "<=", ">=", "=", "<", ">", "!", "(", ")", ",")

    def __init__(self, text, start):
        self.items = []
        pos = 0
        while pos < len(text):
            char = text[pos]
            if char.isspace():
                pos += 1
                continue
            if char == '"':
                value, end = [], pos + 1
                while end < len(text) and text[end] != '"':
                    if text[end] == "\\" and end + 1 < len(text):
                        end += 1
                    value.append(text[end])
                    end += 1
                if end >= len(text):
                    raise _parse_error("unterminated string", start + pos)
                self.items.append(("string", "".join(value), start + pos))
                pos = end + 1
                continue
            op = next((o for o in self.OPS if text.startswith(o, pos)), None)
            if op:
                self.items.append(("op", op, start + pos))
                pos += len(op)
                continue
            end = pos
            while end < len(text) and not text[end].isspace() and text[end] not in '"=!<>(),':
                end += 1
            self.items.append(("word", text[pos:end], start + pos))
            pos = end
        self.index = 0
        self.end = start + len(text)

    def peek(self):
        return self.items[self.index] if self.index < len(self.items) else (None, None, self.end)

    def take(self):
        item = self.peek()
        self.index += 1
        return item

    def at_word(self, *words):
        kind, value, dummy = self.peek()
        return kind == "word" and value.lower() in words

    def at_op(self, *ops):
        kind, value, dummy = self.peek()
        return kind == "op" and value in ops

    def done(self):
        return self.index >= len(self.items)


def _parse_error(what, position):
    return _refuse(400, "parse.error", "Unable to parse query: %s at position %d." % (what, position))


FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def _field_name(token):
    kind, value, position = token
    if kind != "word" or not FIELD_NAME.match(value):
        raise _parse_error("a field name expected, got %r" % (value if value is not None else "the end"), position)
    return value.lower()


def _glob(pattern, anchored, flags=re.IGNORECASE):
    """A regex for a pattern whose ``*`` stands for any characters."""
    body = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.compile("^%s$" % body if anchored else body, flags | re.DOTALL)


def _keyword(word):
    """A keyword matches the raw message, without regard to case, as a whole word (``*``: any characters but spaces)."""
    if word == "*":
        return lambda message, value: True
    body = r"\S*".join(re.escape(part) for part in word.split("*"))
    if re.match(r"\w", word):
        body = r"(?<!\w)" + body
    if re.search(r"\w$", word):
        body += r"(?!\w)"
    pattern = re.compile(body, re.IGNORECASE)
    return lambda message, value: pattern.search(message["map"]["_raw"]) is not None


def _phrase(text):
    lowered = text.lower()
    return lambda message, value: lowered in message["lower"]


def _term(field, negate, pattern):
    matcher = _glob(pattern, True)

    def test(message, value):
        found = value(message, field)
        hit = found is not None and matcher.match(found) is not None
        return not hit if negate else hit
    return test


def _parse_scope(tokens):
    """The search expression before the first pipe, as a test of a message."""
    if tokens.done():
        return lambda message, value: True
    test = _scope_or(tokens)
    if not tokens.done():
        raise _parse_error("unexpected %r" % tokens.peek()[1], tokens.peek()[2])
    return test


def _scope_or(tokens):
    tests = [_scope_and(tokens)]
    while tokens.at_word("or"):
        tokens.take()
        tests.append(_scope_and(tokens))
    return tests[0] if len(tests) == 1 else (lambda m, v: any(t(m, v) for t in tests))


def _scope_and(tokens):
    tests = [_scope_not(tokens)]
    while not tokens.done() and not tokens.at_word("or") and not tokens.at_op(")"):
        if tokens.at_word("and"):
            tokens.take()
        tests.append(_scope_not(tokens))
    return tests[0] if len(tests) == 1 else (lambda m, v: all(t(m, v) for t in tests))


def _scope_not(tokens):
    kind, value, position = tokens.peek()
    if tokens.at_word("not") or tokens.at_op("!"):
        tokens.take()
        inner = _scope_not(tokens)
        return lambda m, v: not inner(m, v)
    if tokens.at_op("("):
        tokens.take()
        inner = _scope_or(tokens)
        if not tokens.at_op(")"):
            raise _parse_error("')' expected", tokens.peek()[2])
        tokens.take()
        return inner
    if kind == "string":
        tokens.take()
        return _phrase(value)
    if kind == "word":
        tokens.take()
        if tokens.at_op("=", "!="):
            field = _field_name((kind, value, position))
            op = tokens.take()[1]
            target = tokens.take()
            if target[0] not in ("word", "string"):
                raise _parse_error("a value expected after %s%s" % (value, op), target[2])
            return _term(field, op == "!=", target[1])
        if value.lower() in ("and", "or"):
            raise _parse_error("%s needs a term on each side" % value.upper(), position)
        return _keyword(value)
    raise _parse_error("a search term expected, got %r" % (value if value is not None else "the end"), position)


def _number(text):
    if text is not None and NUMBER.match(text):
        return float(text)
    return None


def _compare(left, op, right):
    if left is None or right is None:
        return False
    if op == "matches":
        return _glob(right, True, 0).match(left) is not None
    a, b = _number(left), _number(right)
    if a is None or b is None:
        a, b = left, right
    return {"=": a == b, "==": a == b, "!=": a != b, "<>": a != b, "<": a < b, "<=": a <= b,
            ">": a > b, ">=": a >= b}[op]


def _operand(tokens):
    kind, value, position = tokens.take()
    if kind == "string":
        return lambda row: value
    if kind == "word" and NUMBER.match(value):
        return lambda row: value
    if kind == "word" and FIELD_NAME.match(value):
        name = value.lower()
        return lambda row: row.get(name)
    raise _parse_error("a field, a number or a string expected, got %r" % (value if value is not None else "the end"),
                       position)


def _where_or(tokens):
    tests = [_where_and(tokens)]
    while tokens.at_word("or"):
        tokens.take()
        tests.append(_where_and(tokens))
    return tests[0] if len(tests) == 1 else (lambda row: any(t(row) for t in tests))


def _where_and(tokens):
    tests = [_where_not(tokens)]
    while tokens.at_word("and"):
        tokens.take()
        tests.append(_where_not(tokens))
    return tests[0] if len(tests) == 1 else (lambda row: all(t(row) for t in tests))


def _where_not(tokens):
    if tokens.at_word("not") or tokens.at_op("!"):
        tokens.take()
        inner = _where_not(tokens)
        return lambda row: not inner(row)
    if tokens.at_op("("):
        tokens.take()
        inner = _where_or(tokens)
        if not tokens.at_op(")"):
            raise _parse_error("')' expected", tokens.peek()[2])
        tokens.take()
        return inner
    left = _operand(tokens)
    kind, op, position = tokens.take()
    if kind == "word" and op.lower() == "matches":
        op = "matches"
    elif kind != "op" or op not in ("=", "==", "!=", "<>", "<", "<=", ">", ">="):
        raise _parse_error("a comparison (=, !=, <, <=, >, >=, matches) expected", position)
    right = _operand(tokens)
    return lambda row: _compare(left(row), op, right(row))


def _parse_stage(text, start):
    tokens = _Tokens(text, start)
    kind, name, position = tokens.take()
    if kind != "word":
        raise _parse_error("an operator expected after '|'", position)
    name = name.lower()
    if name == "where":
        if tokens.done():
            raise _parse_error("where needs a condition", tokens.end)
        stage = ("where", _where_or(tokens))
    elif name == "count":
        alias = "_count"
        if tokens.at_word("as"):
            tokens.take()
            alias = _field_name(tokens.take())
        if tokens.at_word("by"):
            tokens.take()
            if tokens.done():
                raise _parse_error("count by needs a field", tokens.end)
        fields = []
        while not tokens.done():
            if fields:
                if not tokens.at_op(","):
                    raise _parse_error("',' expected between fields", tokens.peek()[2])
                tokens.take()
            fields.append(_field_name(tokens.take()))
        stage = ("count", alias, fields)
    elif name == "sort":
        if tokens.at_word("by"):
            tokens.take()
        keys = []
        while True:
            field = _field_name(tokens.take())
            descending = True
            if tokens.at_word("asc", "desc"):
                descending = tokens.take()[1].lower() == "desc"
            keys.append((field, descending))
            if not tokens.at_op(","):
                break
            tokens.take()
        stage = ("sort", keys)
    elif name == "limit":
        kind, value, where = tokens.take()
        if kind != "word" or not re.match(r"^[0-9]+$", value) or int(value) < 1:
            raise _parse_error("limit needs a whole number of at least 1", where)
        stage = ("limit", int(value))
    else:
        raise _parse_error("operator %r is not supported by the emulator (where, count, sort, limit are)" % name,
                           position)
    if not tokens.done():
        raise _parse_error("unexpected %r" % tokens.peek()[1], tokens.peek()[2])
    return stage


def _split_pipes(query):
    """``(text, start)`` of each part between pipes outside strings."""
    parts, begin, quoted, pos = [], 0, False, 0
    while pos < len(query):
        char = query[pos]
        if quoted and char == "\\":
            pos += 2
            continue
        if char == '"':
            quoted = not quoted
        elif char == "|" and not quoted:
            parts.append((query[begin:pos], begin + 1))
            begin = pos + 1
        pos += 1
    parts.append((query[begin:], begin + 1))
    return parts


def parse_query(query):
    """``(scope test, [where tests before any aggregation], [stages from the first count on])``."""
    parts = _split_pipes(query)
    scope = _parse_scope(_Tokens(*parts[0]))
    filters, stages = [], []
    for text, start in parts[1:]:
        stage = _parse_stage(text, start)
        if stages or stage[0] == "count":
            stages.append(stage)
        elif stage[0] == "where":
            filters.append(stage[1])
        else:
            raise _parse_error("%s needs an aggregation (count) before it" % stage[0], start)
    return scope, filters, stages


def _sort_value(value):
    number = _number(value)
    return (0, number, "") if number is not None else (1, 0.0, value or "")


def run_stages(rows, fields, stages):
    """Records and their fields from message rows through the aggregation stages."""
    for stage in stages:
        if stage[0] == "where":
            rows = [row for row in rows if stage[1](row)]
        elif stage[0] == "count":
            dummy, alias, by = stage
            groups = {}
            for row in rows:
                key = tuple(row.get(name) for name in by)
                if None not in key:
                    groups[key] = groups.get(key, 0) + 1
            ordered = sorted(groups.items(), key=lambda item: (-item[1], item[0]))
            rows = [dict(list(zip(by, key)) + [(alias, str(total))]) for key, total in ordered]
            fields = [(name, "string", True) for name in by] + [(alias, "int", False)]
        elif stage[0] == "sort":
            for field, descending in reversed(stage[1]):
                rows = sorted(rows, key=lambda row: _sort_value(row.get(field)), reverse=descending)
        elif stage[0] == "limit":
            rows = rows[:stage[1]]
    return rows, fields


# -- creating a job ---------------------------------------------------------------------------------

def _zone(name):
    global _ZONES
    if _ZONES is None:
        _ZONES = zoneinfo.available_timezones()
    if name in _ZONES:
        return zoneinfo.ZoneInfo(name)
    if name in JAVA_SHORT_IDS:
        return zoneinfo.ZoneInfo(JAVA_SHORT_IDS[name])
    return None


def parse_time(value, zone, which):
    """Epoch milliseconds of ``from``/``to``: an ISO 8601 date and time (in ``zone`` without an offset) or ms."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _refuse(400, "unknown.time.type", "Time type is not correct.")
    invalid = _refuse(400, "invalid.timestamp.%s" % which, "The '%s' field contains an invalid time." % which)
    if isinstance(value, int):
        if value < 0:
            raise invalid
        return value
    if EPOCH_MS.match(value):
        return int(value)
    match = ISO_TIME.match(value)
    if not match:
        raise invalid
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    micro = int(((match.group(7) or "") + "000000")[:6])
    offset = match.group(8)
    if offset == "Z":
        zone = datetime.timezone.utc
    elif offset:
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        if hours > 18 or minutes > 59:
            raise invalid
        delta = datetime.timedelta(hours=hours, minutes=minutes)
        zone = datetime.timezone(-delta if offset[0] == "-" else delta)
    try:
        moment = datetime.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError:
        raise invalid
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    millis = (moment - epoch) // datetime.timedelta(milliseconds=1)
    if millis < 0:
        raise invalid
    return millis


def _body():
    if (request.mimetype or "").lower() != "application/json":
        raise ApiError(415, "contenttype.invalid", "Content-Type wasn't set to application/json.")
    try:
        body = json.loads(request.get_data(as_text=True) or "null")
    except ValueError as exc:
        raise _refuse(400, "generic", "Generic error: the body is not valid JSON (%s)." % exc)
    if not isinstance(body, dict):
        raise _refuse(400, "generic", "Generic error: the body must be a JSON object.")
    unknown = sorted(set(body) - set(BODY_KEYS))
    if unknown:
        raise _refuse(400, "generic", "Generic error: unknown parameter(s) %s; known: %s."
                      % (", ".join(unknown), ", ".join(BODY_KEYS)))
    return body


def _check_create(body):
    query = body.get("query")
    if not isinstance(query, str) or not query.strip():
        raise _refuse(400, "no.query", "No 'query' parameter was provided.")
    if "timeZone" in body and "timezone" in body:
        raise _refuse(400, "generic", "Generic error: give timeZone or timezone, not both.")
    zone_name = body.get("timeZone", body.get("timezone"))
    if zone_name is None or (isinstance(zone_name, str) and not zone_name.strip()):
        raise _refuse(400, "empty.timezone", "The 'timezone' cannot be blank.")
    zone = _zone(zone_name) if isinstance(zone_name, str) else None
    if zone is None:
        raise _refuse(400, "unknown.timezone", "The 'timezone' value is not a known time zone.")
    for which in ("from", "to"):
        if which not in body:
            raise _refuse(400, "invalid.timestamp.%s" % which, "The '%s' field contains an invalid time." % which)
    start = parse_time(body["from"], zone, "from")
    end = parse_time(body["to"], zone, "to")
    if start > end:
        raise _refuse(400, "to.smaller.than.from", "The 'from' time cannot be larger than the 'to' time.")
    by_receipt = body.get("byReceiptTime", False)
    if not isinstance(by_receipt, bool):
        raise _refuse(400, "generic", "Generic error: byReceiptTime must be true or false.")
    mode = body.get("autoParsingMode", "Manual")
    if mode not in AUTO_PARSING_MODES:
        raise _refuse(400, "generic", "Generic error: autoParsingMode must be one of %s."
                      % ", ".join(AUTO_PARSING_MODES))
    return query, start, end, by_receipt, mode == "AutoParse"


def _parsed(message):
    """A JSON message's top-level keys as fields (AutoParse), values as strings."""
    if "json" not in message:
        fields = {}
        raw = message["map"]["_raw"]
        if raw.lstrip().startswith("{"):
            try:
                data = json.loads(raw)
            except ValueError:
                data = None
            if isinstance(data, dict):
                for key, value in data.items():
                    fields[str(key).lower()] = value if isinstance(value, str) else json.dumps(value)
        message["json"] = fields
    return message["json"]


def _bucket_width(start, end):
    span = max(end - start, 1)
    for width in BUCKET_WIDTHS:
        if math.ceil(span / width) <= MAX_BUCKETS:
            return width
    return math.ceil(span / MAX_BUCKETS / 86400000) * 86400000


def _new_job(state, query, plan, start, end, by_receipt, auto_parse, session):
    scope, filters, stages = plan
    time_key = "r" if by_receipt else "t"

    def value(message, name):
        found = message["map"].get(name)
        if found is None and auto_parse:
            found = _parsed(message).get(name)
        return found

    matches = []
    for message in state.search_messages:
        if not start <= message[time_key] < end or not scope(message, value):
            continue
        if filters:
            row = _row(message, auto_parse)
            if not all(test(row) for test in filters):
                continue
        matches.append(message)
    # The backend searches from the end of the range to its beginning.
    matches.sort(key=lambda m: (m[time_key], m["n"]), reverse=True)
    extra = set()
    for message in matches:
        extra.update(name for name in message["map"] if name not in BUILTIN)
        if auto_parse:
            extra.update(_parsed(message))
    settings = state.search_settings
    steps = settings["gathering_polls"] + 1
    width = _bucket_width(start, end)
    keys = [-m[time_key] for m in matches]  # ascending, for bisect
    cuts = []
    for step in range(1, steps + 1):
        if step == steps:
            cuts.append(len(matches))
            continue
        boundary = end - (end - start) * step // steps
        boundary -= boundary % width
        cuts.append(bisect.bisect_right(keys, -boundary))
    job_id = None
    while job_id is None or job_id in state.search_jobs:
        job_id = secrets.token_hex(8).upper()
    now = _clock(state)
    job = {
        "id": job_id, "session": session, "query": query, "from": start, "to": end, "by_receipt": by_receipt,
        "auto_parse": auto_parse, "aggregate": bool(stages), "stages": stages, "matches": matches, "cuts": cuts,
        "width": width, "time_key": time_key, "fields": [(name, kind, False) for name, kind in MESSAGE_FIELDS]
        + [(name, "string", False) for name in sorted(extra)],
        "state": "NOT STARTED", "polls": 0, "gathered": 0, "view": [], "records": [], "record_fields": [],
        "created": now, "touched": now, "ended": None, "pending": {},
    }
    for injected in state.search_pending:
        errors, warnings = job["pending"].setdefault(injected["poll"], ([], []))
        errors.extend(injected["errors"])
        warnings.extend(injected["warnings"])
    del state.search_pending[:]
    state.search_jobs[job_id] = job
    return job


def _row(message, auto_parse):
    if auto_parse:
        row = dict(_parsed(message))
        row.update(message["map"])
        return row
    return message["map"]


def _gather(job, count, settings):
    """Results up to the ``count`` latest matches; a non-aggregate job pauses at the message cap."""
    if not job["aggregate"] and count > settings["force_pause_at"]:
        count = settings["force_pause_at"]
        job["state"] = "FORCE PAUSED"
    previous = job["gathered"]
    job["gathered"] = count
    view = job["matches"][:count]
    if job["by_receipt"]:
        view = sorted(view, key=lambda m: (m["t"], m["n"]), reverse=True)
    job["view"] = view
    if job["aggregate"]:
        rows = [_row(m, job["auto_parse"]) for m in view]
        job["records"], job["record_fields"] = run_stages(rows, [], job["stages"])
    buckets = {}
    for message in job["matches"][previous:count]:
        moment = message[job["time_key"]]
        begin = moment - moment % job["width"]
        buckets[begin] = buckets.get(begin, 0) + 1
    return [{"length": job["width"], "count": total, "startTimestamp": begin}
            for begin, total in sorted(buckets.items(), reverse=True)]


def _poll(job, settings):
    """One status request: the job goes one step further; the buckets it found on the way."""
    job["polls"] += 1
    if job["state"] not in RUNNING:
        return []
    step = job["polls"] - 1
    if step == 0:
        return []
    steps = len(job["cuts"])
    job["state"] = "GATHERING RESULTS" if step < steps else "DONE GATHERING RESULTS"
    return _gather(job, job["cuts"][min(step, steps) - 1], settings)


# -- the jobs' lifetimes -----------------------------------------------------------------------------

def _sweep(state):
    """Jobs not kept alive are cancelled and gone (404); jobs past the query timeout become CANCELLED."""
    now = _clock(state)
    settings = state.search_settings
    expired, cancelled = [], []
    for job in state.search_jobs.values():
        if job["ended"]:
            continue
        if now - job["touched"] > settings["keepalive_seconds"]:
            job["ended"] = "expired"
            expired.append(job["id"])
        elif now - job["created"] > settings["query_timeout_seconds"] and job["state"] != "CANCELLED":
            job["state"] = "CANCELLED"
            cancelled.append(job["id"])
    return expired, cancelled


def _active(state):
    return [job for job in state.search_jobs.values() if not job["ended"]]


def _job(state, raw_id, paging=False):
    """The caller's job, kept alive by this request; 404 when unknown, ended or without its session cookie."""
    _sweep(state)
    if paging and not re.match(r"^[0-9A-Fa-f]{1,16}$", raw_id):
        raise _refuse(400, "jobid.invalid", "Job ID is invalid.")
    job = state.search_jobs.get(raw_id.upper())
    if job is None or job["ended"] or request.cookies.get(COOKIE) != job["session"]:
        raise _refuse(404, "jobid.invalid", "Job ID is invalid.")
    job["touched"] = _clock(state)
    return job


def _json(body, status=200):
    return Response(json.dumps(body), status=status, mimetype="application/json")


# -- the API ----------------------------------------------------------------------------------------

@bp.route(PATH, methods=["POST"])
def create_job():
    state = _state()
    query, start, end, by_receipt, auto_parse = _check_create(_body())
    plan = parse_query(query)  # a query the engine cannot read is refused before the job limit is looked at
    _sweep(state)
    limit = state.search_settings["max_active_jobs"]
    if len(_active(state)) >= limit:
        raise ApiError(429, "rate.limit.exceeded", "Your organization has exceeded the %d active concurrent "
                                                   "search job limit." % limit)
    session = request.cookies.get(COOKIE)
    fresh = session not in state.search_sessions
    if fresh:
        session = secrets.token_hex(16).upper()
        state.search_sessions.add(session)
    job = _new_job(state, query, plan, start, end, by_receipt, auto_parse, session)
    resp = _json({"id": job["id"]}, 202)
    resp.headers["Location"] = request.host_url.rstrip("/") + PATH + "/" + job["id"]
    if fresh:
        resp.set_cookie(COOKIE, session, path="/api", httponly=True)
    return resp


@bp.route(PATH + "/<raw_id>", methods=["GET"])
def job_status(raw_id):
    state = _state()
    job = _job(state, raw_id)
    buckets = _poll(job, state.search_settings)
    errors, warnings = job["pending"].pop(job["polls"], ([], []))
    return _json({
        "state": job["state"],
        "messageCount": job["gathered"],
        "histogramBuckets": buckets,
        "pendingErrors": list(errors),
        "pendingWarnings": list(warnings),
        "recordCount": len(job["records"]),
    })


def _whole(name):
    raw = request.args.get(name)
    if raw is None or raw == "":
        raise _refuse(400, "%s.missing" % name, "%s is missing." % name.capitalize())
    if not WHOLE.match(raw):
        raise _refuse(400, "generic", "Generic error: %s must be a whole number, got %r." % (name, raw))
    value = int(raw)
    if value < 0:
        raise _refuse(400, "%s.negative" % name, "%s cannot be negative." % name.capitalize())
    return value


def _page():
    offset = _whole("offset")
    limit = _whole("limit")
    if limit == 0:
        raise _refuse(400, "limit.zero", "Limit cannot be 0.")
    if limit > MAX_LIMIT:
        raise _refuse(400, "generic", "Generic error: limit cannot be larger than %d." % MAX_LIMIT)
    return offset, limit


def _fields(fields):
    return [{"name": name, "fieldType": kind, "keyField": key} for name, kind, key in fields]


@bp.route(PATH + "/<raw_id>/messages", methods=["GET"])
def job_messages(raw_id):
    state = _state()
    job = _job(state, raw_id, paging=True)
    offset, limit = _page()
    page = [{"map": dict(_row(m, job["auto_parse"]))} for m in job["view"][offset:offset + limit]]
    return _json({"fields": _fields(job["fields"]), "messages": page})


@bp.route(PATH + "/<raw_id>/records", methods=["GET"])
def job_records(raw_id):
    state = _state()
    job = _job(state, raw_id, paging=True)
    offset, limit = _page()
    if not job["aggregate"]:
        raise _refuse(400, "no.records.not.an.aggregation.query", "No records; query is not an aggregation")
    page = [{"map": dict(record)} for record in job["records"][offset:offset + limit]]
    return _json({"fields": _fields(job["record_fields"]), "records": page})


@bp.route(PATH + "/<raw_id>", methods=["DELETE"])
def delete_job(raw_id):
    state = _state()
    job = _job(state, raw_id)
    job["ended"] = "deleted"
    return _json({"id": job["id"]})


# -- control API ----------------------------------------------------------------------------------

def _control_body():
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "control", "the body must be a JSON object")
    return body


@bp.route(CONTROL + "/settings", methods=["GET", "POST"])
@control_route
def control_settings():
    """The figures of the page the tests may change: keep-alive, query timeout, job limit, message cap, polls."""
    state = _state()
    if request.method == "POST":
        body = _control_body()
        unknown = sorted(set(body) - set(DEFAULT_SETTINGS))
        if unknown:
            raise ApiError(400, "control", "unknown setting(s) %s; known: %s"
                           % (", ".join(unknown), ", ".join(DEFAULT_SETTINGS)))
        checked = {}
        for key, value in body.items():
            if key.endswith("_seconds"):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1e9:
                    raise ApiError(400, "control", "%s must be a number of seconds > 0" % key)
                checked[key] = float(value)
            else:
                least = 1 if key == "force_pause_at" else 0
                if isinstance(value, bool) or not isinstance(value, int) or value < least:
                    raise ApiError(400, "control", "%s must be a whole number >= %d" % (key, least))
                checked[key] = value
        state.search_settings.update(checked)  # all or nothing
    return jsonify(state.search_settings)


def _message_body(item, now):
    if not isinstance(item, dict) or not isinstance(item.get("raw"), str):
        raise ApiError(400, "control", "a message is an object with a raw string")
    known = ("raw", "time", "receiptTime", "sourceCategory", "collector", "source", "sourceHost", "sourceName",
             "fields")
    unknown = sorted(set(item) - set(known))
    if unknown:
        raise ApiError(400, "control", "unknown message key(s) %s; known: %s" % (", ".join(unknown), ", ".join(known)))
    times = {}
    for key in ("time", "receiptTime"):
        value = item.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            try:
                value = parse_time(value, datetime.timezone.utc, "from")
            except ApiError:
                raise ApiError(400, "control", "%s must be epoch milliseconds or an ISO 8601 date and time" % key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ApiError(400, "control", "%s must be epoch milliseconds or an ISO 8601 date and time" % key)
        times[key] = value
    fields = item.get("fields") or {}
    if not isinstance(fields, dict) or any(not FIELD_NAME.match(str(k)) or str(k).startswith("_") for k in fields):
        raise ApiError(400, "control", "fields maps custom field names (not starting with _, which built-in "
                                       "fields do) to values")
    for key in ("sourceCategory", "collector", "source", "sourceHost", "sourceName"):
        if key in item and not isinstance(item[key], str):
            raise ApiError(400, "control", "%s must be a string" % key)
    moment = times.get("time", now)
    return dict(raw=item["raw"], message_time=moment, receipt_time=times.get("receiptTime", moment),
                category=item.get("sourceCategory", "emulator/added"), collector=item.get("collector", "emulator"),
                source=item.get("source", "emulator-source"), host=item.get("sourceHost", "emulator.example.com"),
                name=item.get("sourceName", "emulator"), fields=fields)


@bp.route(CONTROL + "/messages", methods=["GET", "POST", "DELETE"])
@control_route
def control_messages():
    """Log messages to search: add some (``{"messages": [...]}`` or one message), count them, or forget them all."""
    state = _state()
    if request.method == "POST":
        body = request.get_json(force=True, silent=True)
        items = body.get("messages") if isinstance(body, dict) and "messages" in body else [body]
        if not isinstance(items, list) or not items:
            raise ApiError(400, "control", "messages must be a non-empty list")
        now = now_ms()
        checked = [_message_body(item, now) for item in items]  # all or nothing
        added = [add_message(state, collector_id=4000, source_id=4001, **item) for item in checked]
        return jsonify({"added": len(added), "total": len(state.search_messages),
                        "messageIds": [m["map"]["_messageid"] for m in added]})
    if request.method == "DELETE":
        del state.search_messages[:]
    return jsonify({"total": len(state.search_messages)})


def _job_summary(job):
    return {"id": job["id"], "query": job["query"], "state": job["state"], "ended": job["ended"],
            "polls": job["polls"], "messageCount": job["gathered"], "recordCount": len(job["records"]),
            "from": job["from"], "to": job["to"], "byReceiptTime": job["by_receipt"],
            "autoParse": job["auto_parse"], "idleSeconds": round(_clock(_state()) - job["touched"], 3)}


@bp.route(CONTROL + "/jobs", methods=["GET"])
@control_route
def control_jobs():
    """Every job since the reset, how it ended (``deleted``, ``expired`` or null while active), and the active count."""
    state = _state()
    _sweep(state)
    jobs = [_job_summary(job) for job in state.search_jobs.values()]
    return jsonify({"jobs": jobs, "active": len(_active(state))})


def _control_job(raw_id):
    state = _state()
    _sweep(state)
    job = state.search_jobs.get(raw_id.upper())
    if job is None or job["ended"]:
        raise ApiError(404, "control", "no active search job %s" % raw_id)
    return job


@bp.route(CONTROL + "/jobs/<raw_id>/force-pause", methods=["POST"])
@control_route
def control_force_pause(raw_id):
    """The system pauses a running non-aggregate job now, with what it has gathered (FORCE PAUSED)."""
    job = _control_job(raw_id)
    if job["aggregate"]:
        raise ApiError(400, "control", "only non-aggregate jobs are force paused")
    if job["state"] not in RUNNING:
        raise ApiError(400, "control", "the job is %s already" % job["state"])
    job["state"] = "FORCE PAUSED"
    return jsonify(_job_summary(job))


@bp.route(CONTROL + "/jobs/<raw_id>/cancel", methods=["POST"])
@control_route
def control_cancel(raw_id):
    """The job is cancelled by the system (as at the query timeout): CANCELLED, with what it has gathered."""
    job = _control_job(raw_id)
    job["state"] = "CANCELLED"
    return jsonify(_job_summary(job))


@bp.route(CONTROL + "/pending", methods=["GET", "POST", "DELETE"])
@control_route
def control_pending():
    """Errors and warnings the next job created answers in ``pendingErrors``/``pendingWarnings`` at status poll ``poll``."""
    state = _state()
    if request.method == "POST":
        body = _control_body()
        unknown = sorted(set(body) - {"errors", "warnings", "poll"})
        if unknown:
            raise ApiError(400, "control", "unknown key(s) %s; known: errors, warnings, poll" % ", ".join(unknown))
        injected = {"errors": body.get("errors", []), "warnings": body.get("warnings", []), "poll": body.get("poll", 1)}
        for key in ("errors", "warnings"):
            if not isinstance(injected[key], list) or not all(isinstance(s, str) and s for s in injected[key]):
                raise ApiError(400, "control", "%s must be a list of non-empty strings" % key)
        if not injected["errors"] and not injected["warnings"]:
            raise ApiError(400, "control", "give errors or warnings")
        poll = injected["poll"]
        if isinstance(poll, bool) or not isinstance(poll, int) or poll < 1:
            raise ApiError(400, "control", "poll must be a whole number >= 1 (1: the first status request)")
        state.search_pending.append(injected)
    elif request.method == "DELETE":
        del state.search_pending[:]
    return jsonify({"pending": list(state.search_pending)})


@bp.route(CONTROL + "/time-passes", methods=["POST"])
@control_route
def control_time_passes():
    """``{"seconds": N}``: N seconds pass for the jobs with no request: some expire, some reach the query timeout."""
    state = _state()
    seconds = _control_body().get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
        raise ApiError(400, "control", "seconds must be a number >= 0")
    state.search_clock_offset += float(seconds)
    expired, cancelled = _sweep(state)
    return jsonify({"expired": expired, "cancelled": cancelled})
