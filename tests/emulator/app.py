# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's Flask application: auth, rate limits, request log, faults, control API.

Every API is a part: a module of this package named in ``PARTS`` (the one list of them;
the command line's seed options come from it too) with

- ``bp``: its Blueprint, API routes and its own control routes under ``/_emulator/<part>/``;
- ``init_state(state, options)``: its tables on the State (``options``: the reset body);
- ``seed_demo(state, options)``: its demo objects (parts earlier in ``PARTS`` are seeded first);
- ``SEED_OPTIONS`` (optional): the :class:`~.core.SeedOption` numbers it reads from ``options``;
- ``object_at(state, path)`` (optional): the stored object a path names, for the
  concurrent-edit fault.
"""

from __future__ import annotations

import collections
import functools
import importlib
import math
import re
import socket
import threading
import time

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from .core import ApiError, State, error_response

# In seeding order: users link roles, insights name users, extraction rules define fields,
# scheduled views share names with partitions, ingest budget scopes name fields, monitors
# notify connections; the content library comes after users and roles (personal folders,
# permissions), and dashboards and lookup tables are its items.
PARTS = ("collectors", "roles", "users", "insights", "fields", "extraction_rules", "partitions",
         "scheduled_views", "ingest_budgets", "search_jobs", "connections", "monitors",
         "content", "dashboards", "lookup_tables")

DEFAULT_ACCESS_ID = "suEmulatorAccessId"
DEFAULT_ACCESS_KEY = "emulatorAccessKeyChangeMe0123456789"
CONTROL_PREFIX = "/_emulator"


class Settings:
    """What tests may switch at run time (through ``POST /_emulator/settings``)."""

    def __init__(self, rate_limit=False, per_second=4, concurrent=10):
        self.rate_limit = rate_limit
        self.per_second = per_second
        self.concurrent = concurrent

    def as_dict(self):
        return {"rate_limit": self.rate_limit, "per_second": self.per_second, "concurrent": self.concurrent}


class RateLimiter:
    """The documented limits: N requests per second per access id, M in flight per access key."""

    def __init__(self, settings):
        self.settings = settings
        self.lock = threading.Lock()
        self.recent = collections.defaultdict(collections.deque)  # access id -> request times
        self.in_flight = collections.Counter()                    # access key -> requests in progress

    def enter(self, access_id, access_key):
        """None when the request may go on, else the seconds to announce in ``Retry-After``."""
        with self.lock:
            self.in_flight[access_key] += 1
            if not self.settings.rate_limit:
                return None
            if self.in_flight[access_key] > self.settings.concurrent:
                return 1
            now = time.monotonic()
            window = self.recent[access_id]
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= self.settings.per_second:
                return max(1, math.ceil(1.0 - (now - window[0])))
            window.append(now)
            return None

    def leave(self, access_key):
        with self.lock:
            self.in_flight[access_key] -= 1


class Faults:
    """Faults tests ask for; each matches on method and a path regex and fires ``count`` times."""

    ACTIONS = ("status", "status_after", "drop", "drop_after", "concurrent_edit", "delay", "moved")

    def __init__(self):
        self.lock = threading.Lock()
        self.items = []
        self.next_id = 1

    def add(self, spec):
        if not isinstance(spec, dict) or spec.get("action") not in self.ACTIONS:
            raise ValueError("a fault needs an action among %s" % ", ".join(self.ACTIONS))
        fault = dict(spec)
        fault.setdefault("count", 1)
        fault["id"] = self.next_id
        re.compile(fault.get("path", ""))
        self.next_id += 1
        with self.lock:
            self.items.append(fault)
        return fault

    def take(self, method, path):
        """The first armed fault matching this request, with its count used up by one."""
        with self.lock:
            for fault in self.items:
                if fault.get("method") and fault["method"].upper() != method:
                    continue
                if fault.get("path") and not re.search(fault["path"], path):
                    continue
                fault["count"] -= 1
                if fault["count"] <= 0:
                    self.items.remove(fault)
                return dict(fault)
        return None


def load_parts():
    """The part modules, in ``PARTS`` order."""
    return [importlib.import_module("." + name, __package__) for name in PARTS]


def part_seed_options(parts=None):
    """Every part's seed options, in ``PARTS`` order."""
    return [option for part in (parts or load_parts()) for option in getattr(part, "SEED_OPTIONS", ())]


def _drop_connection():
    """Close the client's connection without an answer (as a crashed proxy would)."""
    sock = request.environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def create_app(credentials=None, rate_limit=False, per_second=4, concurrent=10, seed="demo", seed_options=None):
    """The emulator app. ``credentials`` maps access ids to access keys."""
    app = Flask(__name__)
    app.config["CREDENTIALS"] = dict(credentials or {DEFAULT_ACCESS_ID: DEFAULT_ACCESS_KEY})
    settings = Settings(rate_limit, per_second, concurrent)
    limiter = RateLimiter(settings)
    faults = Faults()
    log = []
    log_lock = threading.Lock()
    parts = load_parts()
    options_known = part_seed_options(parts)

    def fresh_state(seed_name, options):
        """A new organisation; ValueError for an unknown seed or option, or an option's bad value."""
        options = dict(options or {})
        options.pop("seed", None)
        if seed_name not in ("demo", "empty", None):
            raise ValueError("seed must be demo or empty")
        unknown = sorted(set(options) - set(option.name for option in options_known))
        if unknown:
            raise ValueError("unknown reset option(s) %s; known: %s"
                             % (", ".join(unknown), ", ".join(option.name for option in options_known)))
        for option in options_known:
            option.value(options)
        state = State()
        for part in parts:
            part.init_state(state, options)
        if seed_name == "demo":
            for part in parts:
                part.seed_demo(state, options)
        return state

    app.config["STATE"] = fresh_state(seed, seed_options)

    def object_at(path):
        state = app.config["STATE"]
        for part in parts:
            finder = getattr(part, "object_at", None)
            found = finder(state, path) if finder else None
            if found is not None:
                return found
        return None

    # -- every API request -------------------------------------------------------------

    @app.before_request
    def gatekeeper():
        if request.path.startswith(CONTROL_PREFIX):
            return None
        g.logged = True
        auth = request.authorization
        if auth is None or auth.type != "basic" or app.config["CREDENTIALS"].get(auth.username) != auth.password \
                or not auth.password:
            return error_response(401, "unauthorized", "Credential could not be verified.",
                                  headers={"WWW-Authenticate": 'Basic realm="Sumo Logic"'})
        g.access_key = auth.password
        wait = limiter.enter(auth.username, auth.password)
        g.entered = True
        if wait is not None:
            return error_response(429, "rate.limit.exceeded", "Rate limit exceeded.", headers={"Retry-After": str(wait)})
        fault = faults.take(request.method, request.path)
        if fault is None:
            return None
        action = fault["action"]
        if action == "status":
            headers = {"Retry-After": str(fault["retry_after"])} if "retry_after" in fault else None
            status = int(fault.get("status", 503))
            return error_response(status, fault.get("code", "injected.fault"),
                                  fault.get("message", "Injected fault (HTTP %d)" % status), headers=headers)
        if action == "drop":
            _drop_connection()
            return Response(b"", status=500)
        if action == "drop_after":
            g.drop_after = True
        elif action == "status_after":
            g.status_after = fault
        elif action == "delay":
            time.sleep(float(fault.get("seconds", 1)))
        elif action == "moved":
            target = fault["location"].rstrip("/") + request.full_path[len("/api"):].rstrip("?")
            return Response(b"", status=301, headers={"Location": target})
        elif action == "concurrent_edit":
            with app.config["STATE"].lock:
                obj = object_at(request.path)
                if obj is not None:
                    # "{n}" in a patched string makes each firing a different edit.
                    obj.update(dict((key, value.replace("{n}", str(fault["count"])) if isinstance(value, str) else value)
                                    for key, value in (fault.get("patch") or {}).items()))
        return None

    @app.after_request
    def after(response):
        fault = getattr(g, "status_after", None)
        if fault is not None:
            # The request was carried out; a gateway answers an error in its place.
            status = int(fault.get("status", 504))
            if fault.get("empty"):
                response = Response(b"", status=status)
            else:
                response = error_response(status, fault.get("code", "injected.fault"),
                                          fault.get("message", "Injected fault after the request (HTTP %d)" % status))
        # Logged before the answer leaves, so a client that got it (or lost it to a fault)
        # always finds its request in the log.
        if getattr(g, "logged", False):
            with log_lock:
                log.append({"method": request.method, "path": request.path,
                            "query": request.query_string.decode("latin-1"),
                            "status": response.status_code, "at": round(time.monotonic(), 4)})
        if getattr(g, "drop_after", False):
            _drop_connection()
        return response

    @app.teardown_request
    def teardown(_exc):
        if getattr(g, "entered", False):
            limiter.leave(g.access_key)

    @app.errorhandler(ApiError)
    def api_error(exc):
        return error_response(exc.status, exc.code, exc.message, detail=exc.detail, headers=exc.headers)

    @app.errorhandler(HTTPException)
    def http_error(exc):
        if request.path.startswith(CONTROL_PREFIX):
            return jsonify({"error": exc.description}), exc.code
        codes = {404: "notfound", 405: "method.unsupported", 415: "contenttype.invalid"}
        return error_response(exc.code, codes.get(exc.code, "error"), exc.description or exc.name)

    @app.errorhandler(Exception)
    def internal_error(exc):
        app.logger.exception("emulator bug")
        return error_response(500, "internal.error", "Internal server error: %s" % exc)

    for part in parts:
        app.register_blueprint(part.bp)

    # One request at a time touches the state: wrap every API view in the state lock.
    def locked(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            with app.config["STATE"].lock:
                return view(*args, **kwargs)
        return wrapper

    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static":
            app.view_functions[endpoint] = locked(view)

    # -- control API for tests and demos (no auth, loopback only) --------------------------

    @app.route(CONTROL_PREFIX + "/health")
    def health():
        return jsonify({"ok": True, "parts": list(PARTS)})

    @app.route(CONTROL_PREFIX + "/requests", methods=["GET", "DELETE"])
    def requests_log():
        with log_lock:
            if request.method == "DELETE":
                del log[:]
                return jsonify({"requests": [], "counts": {}, "total": 0})
            entries = list(log)
        counts = collections.Counter(entry["method"] for entry in entries)
        return jsonify({"requests": entries, "counts": dict(counts), "total": len(entries),
                        "writes": sum(n for m, n in counts.items() if m not in ("GET", "HEAD"))})

    @app.route(CONTROL_PREFIX + "/faults", methods=["GET", "POST", "DELETE"])
    def faults_api():
        if request.method == "POST":
            body = request.get_json(force=True)
            try:
                added = [faults.add(spec) for spec in (body if isinstance(body, list) else [body])]
            except (ValueError, re.error) as exc:
                return jsonify({"error": str(exc)}), 400
            return jsonify({"faults": added})
        with faults.lock:
            if request.method == "DELETE":
                del faults.items[:]
            return jsonify({"faults": list(faults.items)})

    @app.route(CONTROL_PREFIX + "/settings", methods=["GET", "POST"])
    def settings_api():
        if request.method == "POST":
            body = request.get_json(force=True) or {}
            for key in ("rate_limit", "per_second", "concurrent"):
                if key in body:
                    setattr(settings, key, body[key])
        return jsonify(settings.as_dict())

    @app.route(CONTROL_PREFIX + "/reset", methods=["POST"])
    def reset():
        body = request.get_json(force=True, silent=True) or {}
        try:
            state = fresh_state(body.get("seed", "demo"), body)
        except ValueError as exc:
            return jsonify({"error": str(exc)}), 400
        app.config["STATE"] = state
        with faults.lock:
            del faults.items[:]
        with log_lock:
            del log[:]
        return jsonify({"ok": True})

    app.config["FAULTS"] = faults
    app.config["SETTINGS"] = settings
    app.config["LOG"] = log
    return app
