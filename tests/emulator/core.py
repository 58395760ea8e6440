# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Pieces every part of the emulator shares: state, errors in Sumo Logic's shapes, ETags, bodies."""

from __future__ import annotations

import hashlib
import json
import random
import string
import threading
import time

from flask import Response, request


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
    if path.startswith("/api/v1/collectors"):
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
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + ".%03dZ" % (int(time.time() * 1000) % 1000)


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
    by its ``init_state(state)`` function.
    """

    def __init__(self):
        self.lock = threading.RLock()
        self._counters = {}

    def next_id(self, kind, start):
        value = self._counters.get(kind, start)
        self._counters[kind] = value + 1
        return value
