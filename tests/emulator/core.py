# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Pieces every part of the emulator shares.

State, errors in Sumo Logic's shapes, ETags, bodies and query parameters; for the APIs that
Sumo Logic describes in OpenAPI (users, roles, fields, extraction rules, partitions): ids,
field errors, created/modified metadata, ``limit``/``token``/``next`` pages and ``sortBy``;
for parts: seed options and control routes.
"""

from __future__ import annotations

import base64
import binascii
import collections
import functools
import hashlib
import json
import random
import re
import string
import threading
import time

from flask import Response, jsonify, request


class ApiError(Exception):
    """Raised by a handler; turned into Sumo Logic's error JSON for the API the path belongs to."""

    def __init__(self, status, code, message, detail=None, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail
        self.headers = headers or {}


def request_id():
    """An id like Sumo Logic's ``IUUQI-DGH5I-TJ045``."""
    alphabet = string.ascii_uppercase + string.digits
    return "-".join("".join(random.choice(alphabet) for dummy in range(5)) for group in range(3))


def error_shape(path):
    """Which error body the API at ``path`` answers with."""
    # The collector API and the Search Job API answer {"status", "id", "code", "message"}.
    if path.startswith("/api/v1/collectors") or path.startswith("/api/v1/search/jobs"):
        return "flat"
    if path.startswith("/api/sec/"):
        return "cse"
    return "openapi"


def error_response(status, code, message, detail=None, headers=None, path=None):
    path = path if path is not None else request.path
    rid = request_id()
    shape = error_shape(path)
    if shape == "flat":
        body = {"status": status, "id": rid, "code": code, "message": message}
    elif shape == "cse":
        error = {"code": code, "message": message}
        if detail:
            error["detail"] = detail
        body = {"data": None, "errors": [error]}
    else:
        error = {"code": code, "message": message}
        if detail:
            error["detail"] = detail
        body = {"id": rid, "errors": [error]}
    resp = Response(json.dumps(body), status=status, mimetype="application/json")
    for key, value in (headers or {}).items():
        resp.headers[key] = value
    return resp


def json_response(body, status=200, etag=None):
    resp = Response(json.dumps(body), status=status, mimetype="application/json")
    if etag:
        resp.headers["ETag"] = etag
    return resp


def empty_response(status=200):
    return Response(b"", status=status)


def make_etag(obj):
    """A strong ETag over the object's content: any change of the object changes it."""
    digest = hashlib.md5(json.dumps(obj, sort_keys=True).encode("utf-8"), usedforsecurity=False).hexdigest()
    return '"%s"' % digest


def json_body(kind=dict):
    """The request's JSON body; 415 unless it is sent as application/json, 400 when it is not JSON."""
    mimetype = (request.mimetype or "").lower()
    if mimetype != "application/json":
        raise ApiError(415, "contenttype.invalid", "Content-Type must be application/json, got %r" % (request.content_type or ""))
    try:
        body = json.loads(request.get_data(as_text=True) or "null")
    except ValueError as exc:
        raise ApiError(400, "request.body.invalid", "The request body is not valid JSON: %s" % exc)
    if kind is not None and not isinstance(body, kind):
        raise ApiError(400, "request.body.invalid", "The request body must be a JSON %s" % ("object" if kind is dict else "value"))
    return body


def int_param(name, default, minimum=None, maximum=None):
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, "request.param.invalid", "Query parameter %s must be an integer, got %r" % (name, raw))
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        bounds = "%s..%s" % (minimum if minimum is not None else "", maximum if maximum is not None else "")
        raise ApiError(400, "request.param.invalid", "Query parameter %s must be in %s, got %s" % (name, bounds, value))
    return value


def bool_param(name, default=False):
    raw = request.args.get(name)
    if raw is None:
        return default
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise ApiError(400, "request.param.invalid", "Query parameter %s must be true or false, got %r" % (name, raw))


def now_ms():
    return int(time.time() * 1000)


def iso_now():
    """The current time as Sumo Logic writes it, from one reading of the clock (seconds and milliseconds agree)."""
    millis = now_ms()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(millis // 1000)) + ".%03dZ" % (millis % 1000)


def check_if_match(current_etag):
    """The collector API's update rule: ``If-Match`` required (428), and current (412)."""
    sent = request.headers.get("If-Match")
    if sent is None:
        raise ApiError(428, "precondition.required",
                       "Updating requires an If-Match header with the ETag of a previous GET")
    if sent.strip() != current_etag:
        raise ApiError(412, "precondition.failed",
                       "The object has changed since it was read (the If-Match ETag is stale)")


class State:
    """All objects of the emulated organisation, behind one lock.

    Each API part keeps its own tables as attributes (``collectors``, ``users``...), set up
    by its ``init_state(state, options)`` function. ``caller_id`` is the user the access key
    belongs to (set by the users part's demo seed).
    """

    def __init__(self):
        self.lock = threading.RLock()
        self._counters = {}
        self.caller_id = None

    def next_id(self, kind, start):
        value = self._counters.get(kind, start)
        self._counters[kind] = value + 1
        return value


# -- the OpenAPI-described APIs: ids, field errors, metadata, pages ----------------------------

ID_PATTERN = re.compile(r"^[0-9A-F]{16}$")
SYSTEM_USER = "0000000000000000"


def caller_id(state):
    """The user the access key belongs to (the demo's administrator), or a system id in an empty org."""
    return state.caller_id or SYSTEM_USER


def format_id(number):
    """Sumo Logic's id shape: 16 upper-case hexadecimal digits."""
    return "%016X" % number


def parse_id(raw, what):
    """A path id as stored (upper-case hex); 400 when it cannot be an id at all."""
    value = raw.upper()
    if not ID_PATTERN.match(value):
        raise ApiError(400, "api:invalid_id", "Invalid %s identifier %r: expected 16 hexadecimal digits" % (what, raw))
    return value


def bad_field(field, message):
    """A 400 naming the field in ``message`` and the rule in ``detail``."""
    return ApiError(400, "api:invalid_field", "Invalid value for %s" % field, detail=message)


def refuse_unknown_keys(data, allowed, what):
    """400 for a body key outside ``allowed`` (unknown or read-only)."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise bad_field(unknown[0], "Unknown or read-only %s field(s): %s" % (what, ", ".join(unknown)))


def check_string(data, key, minimum, maximum, required=True):
    """``data[key]`` must be a string of ``minimum``..``maximum`` characters (when given, or always if required)."""
    if key not in data:
        if required:
            raise bad_field(key, "%s is required" % key)
        return
    value = data[key]
    if not isinstance(value, str) or not minimum <= len(value) <= maximum:
        raise bad_field(key, "%s must be a string of %d to %d characters" % (key, minimum, maximum))


def check_bool(data, key):
    if key in data and not isinstance(data[key], bool):
        raise bad_field(key, "%s must be true or false" % key)


def metadata(state, now=None):
    """``createdAt``/``createdBy``/``modifiedAt``/``modifiedBy`` of a new object (the OpenAPI MetadataModel)."""
    now = now or iso_now()
    who = caller_id(state)
    return {"createdAt": now, "createdBy": who, "modifiedAt": now, "modifiedBy": who}


def touch(state, obj):
    obj["modifiedAt"] = iso_now()
    obj["modifiedBy"] = caller_id(state)


def _encode_token(offset, binding):
    raw = json.dumps({"o": offset, "b": binding}, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode_token(token, binding):
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
        offset = int(data["o"])
        same = data["b"] == binding
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
        raise ApiError(400, "api:invalid_token", "Invalid continuation token %r" % token)
    if not same or offset < 0:
        raise ApiError(400, "api:invalid_token",
                       "The continuation token belongs to another query (sortBy and filters must not change)")
    return offset


def token_page(items, binding):
    """One page of ``items``: ``(page, next_token_or_None)``, from the request's ``limit`` and ``token``.

    ``limit`` is 1..1000 (default 100). Tokens are opaque (base64 of the offset and of the
    query they belong to) and refused with another query.
    """
    limit = int_param("limit", 100, minimum=1, maximum=1000)
    token = request.args.get("token")
    offset = _decode_token(token, binding) if token else 0
    page = items[offset:offset + limit]
    end = offset + len(page)
    return page, (_encode_token(end, binding) if end < len(items) else None)


def sort_items(items, sort_by, allowed):
    """``sortBy`` (``field`` or ``-field``, among ``allowed``); ties and the default order by id."""
    if not sort_by:
        return items
    descending = sort_by.startswith("-")
    key = sort_by[1:] if descending else sort_by
    if key not in allowed:
        raise ApiError(400, "api:invalid_sort", "sortBy must be one of %s (with - for descending), got %r"
                       % (", ".join(allowed), sort_by))
    return sorted(items, key=lambda obj: ((obj.get(key) or "").lower(), obj["id"]), reverse=descending)


def check_id_list(value, field):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise bad_field(field, "%s must be a list of identifier strings" % field)
    return [item.upper() for item in value]


# -- what parts declare: seed options, control routes -------------------------------------------

class SeedOption(collections.namedtuple("SeedOption", "name help default", defaults=(0,))):
    """A number a part takes from ``POST /_emulator/reset`` (``name``) and the command line (``--name``).

    ``help`` says what it does (shown by ``--help``); ``default`` applies when neither gives it.
    """

    __slots__ = ()

    @property
    def flag(self):
        return "--" + self.name.replace("_", "-")

    def value(self, options):
        """The option's value in ``options`` (a reset body); ValueError unless a whole number >= 0."""
        raw = options.get(self.name, self.default)
        if raw is None:
            return self.default
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise ValueError("%s must be a whole number >= 0, got %r" % (self.name, raw))
        return raw


def control_route(view):
    """A control route's errors as ``{"error": message}`` with the error's status, not in Sumo Logic's shape."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except ApiError as exc:
            return jsonify({"error": exc.message}), exc.status
    return wrapper
