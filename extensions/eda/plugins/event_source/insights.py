# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An Event-Driven Ansible event source: new (and changed) Cloud SIEM insights of Sumo Logic.

ansible-rulebook loads this file on its own with ``runpy`` and calls ``main(queue, args)``;
the collection is not on ``sys.path`` then, so the file imports nothing of it: it is
self-contained, and talks to the API with aiohttp (a dependency of ansible-rulebook) so
that it never blocks the event loop and a cancellation stops it at once. What it shares
with ``plugins/module_utils/api.py`` (the deployments, the endpoint rules, the error
shapes) the unit tests keep equal.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import datetime
import email.utils
import json
import logging
import math
import os
import random
import re
import tempfile
from urllib.parse import urlsplit, urlunsplit

import aiohttp

DOCUMENTATION = r"""
---
short_description: New and changed Cloud SIEM insights of Sumo Logic, as events
description:
  - >-
    Polls the Cloud SIEM insights of a Sumo Logic organisation (C(GET /sec/v1/insights)
    with C(q), C(offset) and C(limit)) and puts one event on the queue for every insight
    created since it started, or since its bookmark, C({"type": "created", "insight": {...}})
    with the insight as the API returns it.
  - >-
    With O(updates=true), also puts C({"type": "updated", "insight": {...}, "changes": {...}})
    when the status, the assignee or the severity of an open insight changes, closing it
    included. C(changes) maps each changed field to C({"before": ..., "after": ...}).
  - >-
    New insights are found with a query on their creation time, C(created:>=T), inclusive;
    each poll reads again the insights created in the O(overlap) seconds before the newest
    one seen, for insights that become visible late, and skips those it has emitted (by id),
    so an insight is emitted once even when several share a timestamp.
  - >-
    The API cannot query the update time. Changes are found by listing the open insights
    (C(-status:"closed")) on every poll and comparing their C(lastUpdated), status,
    assignee and severity with the last poll's; an insight that left the list (closed,
    or no longer matching O(query)) is read once more by id.
  - >-
    With O(state_file), the bookmark (where the creation-time window begins, the ids emitted
    within it and, with O(updates), the open insights' last state) is written after every
    poll that changed it and when the source stops; a restart with the same file emits
    nothing twice and misses nothing created (or changed) while it was down.
  - >-
    A refusal for the rate (HTTP 429), an error of the service (HTTP 5xx) or a lost
    connection is logged and the request tried again with exponential backoff,
    honouring C(Retry-After); polling goes on. A refusal of the credentials (HTTP 401 or 403)
    stops the source with an error that says what to check. The access key never appears
    in events, logs or errors.
  - >-
    The file is self-contained (ansible-rulebook loads an event source on its own, without
    the collection on C(sys.path)) and uses aiohttp, which ansible-rulebook depends on; the
    modules' client is not used, so nothing blocks the event loop.
options:
  access_id:
    description:
      - The access ID of a Sumo Logic access key pair.
      - If not set, the environment variable E(SUMOLOGIC_ACCESSID) is used.
    type: str
  access_key:
    description:
      - The access key of the pair. Never logged.
      - If not set, the environment variable E(SUMOLOGIC_ACCESSKEY) is used.
    type: str
  deployment:
    description:
      - The Sumo Logic deployment of the organisation (V(us1) is C(https://api.sumologic.com/api),
        any other C(https://api.<deployment>.sumologic.com/api)).
      - If not set, the environment variable E(SUMOLOGIC_ENVIRONMENT) is used.
      - One of O(deployment) and O(endpoint) is required.
    type: str
    choices: [us1, us2, au, ca, ch, de, eu, fed, in, jp, kr, esc]
  endpoint:
    description:
      - The API base URL, such as C(https://api.eu.sumologic.com/api/); overrides O(deployment).
      - If not set, the environment variable E(SUMOLOGIC_BASE_URL) is used.
    type: str
  validate_certs:
    description: Whether to verify the TLS certificate of the API.
    type: bool
    default: true
  timeout:
    description: Seconds to wait for each answer of the API.
    type: float
    default: 60
  interval:
    description:
      - Seconds between the start of one poll and the next; fractions are allowed.
      - A poll makes one request when fewer than 100 insights were created in the O(overlap)
        window, plus, with O(updates), one per 100 open insights.
    type: float
    default: 60
  query:
    description:
      - An extra Cloud SIEM insight query (the C(q) language), ANDed with the source's own
        terms, such as C(severity:in("HIGH","CRITICAL")) or C(tag:"scanner").
      - It is evaluated when an insight is seen; an insight that matches only later (its
        severity raised, say) is not emitted as created.
    type: str
  since:
    description:
      - Where to begin without a bookmark; insights created at or after this time are
        emitted. An ISO 8601 date-time (UTC unless it says otherwise), V(now), or a time
        relative to now such as V(-15m), V(-2h), V(-1d) (units C(s), C(m), C(h), C(d), C(w)).
      - Ignored when O(state_file) holds a bookmark.
    type: str
    default: now
  state_file:
    description:
      - A file for the bookmark (JSON, written atomically, mode 0600). Its directory must exist.
      - Without it, a restart begins again at O(since).
      - A bookmark belongs to one organisation; a file written for another endpoint is refused.
    type: path
  updates:
    description: Whether to emit C(updated) events for changes of status, assignee or severity.
    type: bool
    default: false
  overlap:
    description:
      - Seconds of creation time before the newest insight seen that every poll reads again,
        for insights that become visible in the API after newer ones.
    type: float
    default: 300
notes:
  - Needs aiohttp (ansible-rulebook depends on it) and nothing of the collection beyond this file.
  - The user of the access key needs a role with the Cloud SIEM capability to view insights.
"""

EXAMPLES = r"""
- name: Triage new high-severity Cloud SIEM insights
  hosts: all
  sources:
    - name: Sumo Logic Cloud SIEM insights
      community.sumologic.insights:
        deployment: eu
        interval: 60
        query: severity:in("HIGH","CRITICAL")
        state_file: /var/lib/eda/sumologic-insights.json
  rules:
    - name: A new insight
      condition: event.type == "created"
      action:
        run_playbook:
          name: playbooks/triage_insight.yml

- name: Follow what analysts do with open insights
  hosts: all
  sources:
    - community.sumologic.insights:
        since: -1h
        updates: true
  rules:
    - name: An insight was closed
      condition: event.type == "updated" and event.changes.status.after == "closed"
      action:
        debug:
          msg: "{{ event.insight.readableId }} closed by {{ event.insight.closedBy }}"
"""

LOGGER = logging.getLogger("community.sumologic.insights")

INSIGHTS_PATH = "/sec/v1/insights"
USER_AGENT = "community.sumologic event source insights"
# As in plugins/module_utils/api.py (a unit test keeps them equal).
DEPLOYMENTS = ("us1", "us2", "au", "ca", "ch", "de", "eu", "fed", "in", "jp", "kr", "esc")
# The largest page of /insights, and the most insights it answers for one query.
PAGE_SIZE = 100
MAX_QUERY_RESULTS = 10000
# Ids per id:in(...) lookup (keeps the URL short).
LOOKUP_BATCH = 50
# Backoff after a refusal for the rate, an error of the service or a lost connection.
FIRST_BACKOFF = 5.0
MAX_BACKOFF = 300.0
MAX_RETRY_AFTER = 900.0
BOOKMARK_VERSION = 1
WATCHED = ("status", "assignee", "severity")
ARGUMENTS = ("access_id", "access_key", "deployment", "endpoint", "validate_certs", "timeout", "interval", "query",
             "since", "state_file", "updates", "overlap")
UTC = datetime.timezone.utc
_RELATIVE = re.compile(r"^-(\d+(?:\.\d+)?)([smhdw])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_FRACTION = re.compile(r"\.(\d+)")


class SourceError(Exception):
    """A failure the source cannot go on from: bad arguments, a refused request, an unusable bookmark."""


class AccessRefused(SourceError):
    """Sumo Logic refused the credentials (HTTP 401) or their rights (HTTP 403)."""


class _Transient(Exception):
    """A request to try again: 429, 5xx, no answer."""

    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after


# -- arguments ---------------------------------------------------------------------------------------

def deployment_url(deployment):
    if deployment not in DEPLOYMENTS:
        raise SourceError("deployment: unknown deployment %r; expected one of: %s" % (deployment, ", ".join(DEPLOYMENTS)))
    if deployment == "us1":
        return "https://api.sumologic.com/api"
    return "https://api.%s.sumologic.com/api" % deployment


def normalize_endpoint(endpoint):
    """``https://host`` or ``https://host/api/`` -> ``https://host/api``, as the modules read it."""
    parts = urlsplit(endpoint.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SourceError("endpoint must be an http(s) URL such as https://api.eu.sumologic.com/api/, got %r" % endpoint)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") or "/api", "", ""))


def parse_time(text):
    """An ISO 8601 date-time as the API writes it (``Z`` or an offset, any fraction, or none: UTC) -> aware datetime."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("not a date-time: %r" % (text,))
    value = text.strip()
    if len(value) > 10 and value[10] == " ":
        value = value[:10] + "T" + value[11:]
    if value[-1:] in ("Z", "z"):
        value = value[:-1] + "+00:00"
    # Python before 3.11 reads 3 or 6 digits of fraction only.
    value = _FRACTION.sub(lambda m: "." + (m.group(1) + "000000")[:6], value, count=1)
    parsed = datetime.datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def format_time(moment):
    """The date-time as a ``q`` bound: ``2026-11-23T10:15:00.123456+00:00`` (the description's form)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_since(value, now):
    text = str(value).strip()
    if text.lower() == "now":
        return now
    match = _RELATIVE.match(text)
    if match:
        return now - datetime.timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])
    try:
        return parse_time(text)
    except ValueError:
        raise SourceError("since: %r is neither an ISO 8601 date-time, nor now, nor relative to now such as "
                          "-15m, -2h or -1d" % (value,))


def _number(args, name, default, zero=False):
    """A number of seconds (a string of one too, as a template renders it): above 0, or 0 or more with ``zero``."""
    value = args.get(name)
    if value is None or value == "":
        return default
    try:
        number = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or math.isnan(number) or math.isinf(number) or number < 0 or (number == 0 and not zero):
        raise SourceError("%s must be a number of seconds %s, got %r" % (name, "of 0 or more" if zero else "above 0",
                                                                         value))
    return number


def _flag(args, name, default):
    value = args.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1", "false", "no", "off", "0"):
        return value.strip().lower() in ("true", "yes", "on", "1")
    raise SourceError("%s must be true or false, got %r" % (name, value))


def _text(args, name, env=None):
    value = args.get(name)
    if value is None or value == "":
        value = os.environ.get(env) if env else None
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise SourceError("%s must be a string, got %r" % (name, type(value).__name__))
    return value.strip() or None


@dataclasses.dataclass
class Settings:
    """The source's arguments, checked (``access_key`` is left out of the repr)."""

    access_id: str
    access_key: str = dataclasses.field(repr=False)
    base_url: str
    interval: float
    query: str | None
    since: datetime.datetime
    state_file: str | None
    updates: bool
    overlap: float
    timeout: float
    validate_certs: bool

    @classmethod
    def from_args(cls, args, now=None):
        """Settings from the rulebook's arguments, with the SUMOLOGIC_* environment fallbacks the modules use."""
        if not isinstance(args, dict):
            raise SourceError("the arguments must be a mapping")
        unknown = sorted(k for k in args if k not in ARGUMENTS and not str(k).startswith("eda_"))
        if unknown:
            raise SourceError("unknown argument(s) %s; known: %s" % (", ".join(unknown), ", ".join(ARGUMENTS)))
        access_id = _text(args, "access_id", "SUMOLOGIC_ACCESSID")
        access_key = _text(args, "access_key", "SUMOLOGIC_ACCESSKEY")
        if not access_id or not access_key:
            raise SourceError("access_id and access_key are required (or the environment variables "
                              "SUMOLOGIC_ACCESSID and SUMOLOGIC_ACCESSKEY)")
        endpoint = _text(args, "endpoint", "SUMOLOGIC_BASE_URL")
        deployment = _text(args, "deployment", "SUMOLOGIC_ENVIRONMENT")
        if endpoint:
            base_url = normalize_endpoint(endpoint)
        elif deployment:
            base_url = deployment_url(deployment)
        else:
            raise SourceError("one of deployment or endpoint is required (or the environment variable "
                              "SUMOLOGIC_ENVIRONMENT or SUMOLOGIC_BASE_URL)")
        now = now or datetime.datetime.now(UTC)
        state_file = _text(args, "state_file")
        if state_file:
            state_file = os.path.abspath(os.path.expanduser(state_file))
            if not os.path.isdir(os.path.dirname(state_file)):
                raise SourceError("state_file: the directory %s does not exist" % os.path.dirname(state_file))
        return cls(access_id=access_id, access_key=access_key, base_url=base_url,
                   interval=_number(args, "interval", 60.0), query=_text(args, "query"),
                   since=parse_since(args.get("since") or "now", now), state_file=state_file,
                   updates=_flag(args, "updates", False), overlap=_number(args, "overlap", 300.0, zero=True),
                   timeout=_number(args, "timeout", 60.0), validate_certs=_flag(args, "validate_certs", True))


# -- insights ----------------------------------------------------------------------------------------

def status_of(insight):
    status = insight.get("status")
    return status.get("name") if isinstance(status, dict) else status


def assignee_of(insight):
    """The user's email or the team's name an insight is assigned to, or None."""
    assignee = insight.get("assignee") if isinstance(insight.get("assignee"), dict) else {}
    return insight.get("assignedTo") or insight.get("teamAssignedTo") or assignee.get("username") \
        or assignee.get("name") or None


def snapshot(insight):
    """What ``updates`` compares of an insight."""
    return {"lastUpdated": insight.get("lastUpdated"), "status": status_of(insight),
            "assignee": assignee_of(insight), "severity": insight.get("severity")}


def changes_between(before, after):
    return dict((field, {"before": before.get(field), "after": after.get(field)})
                for field in WATCHED if before.get(field) != after.get(field))


def _serial(insight):
    try:
        return int(str(insight.get("readableId", "")).rsplit("-", 1)[-1])
    except ValueError:
        return 0


def quote_value(value):
    return '"%s"' % str(value).replace("\\", "\\\\").replace('"', '\\"')


# -- the API -------------------------------------------------------------------------------------------

def _retry_after(value):
    """Seconds of a ``Retry-After`` header (seconds or an HTTP date), or None."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.datetime.now(UTC)).total_seconds())


def _error_text(status, body_text):
    """``HTTP 401 (unauthorized): Credential could not be verified.`` from any of Sumo Logic's error bodies."""
    code = message = None
    try:
        body = json.loads(body_text) if body_text else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        errors = [e for e in body.get("errors") or [] if isinstance(e, dict)]
        if errors:
            code = errors[0].get("code")
            message = "; ".join(str(e["message"]) for e in errors if e.get("message")) or None
        else:
            code, message = body.get("code"), body.get("message")
    if not message:
        message = (body_text or "").strip()[:300] or "no error message in the answer"
    return "HTTP %s%s: %s" % (status, " (%s)" % code if code else "", message)


class InsightsClient:
    """GETs to the Cloud SIEM API on one aiohttp session: retries, redirects, error shaping, a request count."""

    def __init__(self, settings, session):
        self.settings = settings
        self.session = session
        self.base_url = settings.base_url
        self.redirected = False
        self.requests = 0

    def redact(self, text):
        key = self.settings.access_key
        return text.replace(key, "********") if key else text

    def backoff(self, failures, retry_after):
        if retry_after is not None:
            return min(retry_after, MAX_RETRY_AFTER)
        first = min(self.settings.interval, FIRST_BACKOFF)
        wait = min(max(self.settings.interval, MAX_BACKOFF), first * 2 ** (failures - 1))
        return wait * random.uniform(0.75, 1.0)

    async def get(self, path, params):
        """The ``data`` of a GET's answer; tries again after 429, 5xx and lost connections until it gets one."""
        failures = 0
        while True:
            try:
                return await self._get_once(path, params)
            except _Transient as exc:
                failures += 1
                wait = self.backoff(failures, exc.retry_after)
                LOGGER.warning("%s; trying again in %.1f s (attempt %d)", self.redact(str(exc)), wait, failures + 1)
                await asyncio.sleep(wait)

    async def _get_once(self, path, params):
        self.requests += 1
        what = "GET %s" % path
        try:
            # ssl is given only to turn verification off: aiohttp before 3.9 read ssl=True as "do not verify".
            tls = {} if self.settings.validate_certs else {"ssl": False}
            async with self.session.get(self.base_url + path, params=params, allow_redirects=False, **tls) as resp:
                status, text = resp.status, await resp.text()
                location, retry_after = resp.headers.get("Location"), _retry_after(resp.headers.get("Retry-After"))
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise _Transient("%s: no answer from Sumo Logic: %s" % (what, str(exc)[:300] or type(exc).__name__))
        if 200 <= status < 300:
            try:
                body = json.loads(text)
            except ValueError:
                raise _Transient("%s: HTTP %d with an answer that is not JSON" % (what, status))
            return body.get("data") if isinstance(body, dict) else None
        error = "%s: %s" % (what, _error_text(status, text))
        if status in (301, 302, 307, 308) and location and not self.redirected:
            self._follow(what, location)
            return await self._get_once(path, params)
        if status == 401:
            raise AccessRefused(self.redact(
                "Sumo Logic refused the credentials of access id %s at %s: %s. Check access_id and access_key "
                "(or SUMOLOGIC_ACCESSID and SUMOLOGIC_ACCESSKEY), and that deployment or endpoint is the "
                "organisation's" % (self.settings.access_id, self.base_url, error)))
        if status == 403:
            raise AccessRefused(self.redact(
                "Sumo Logic refused access id %s at %s: %s. The key's user needs a role with the Cloud SIEM "
                "capability to view insights" % (self.settings.access_id, self.base_url, error)))
        if status == 429 or status >= 500:
            raise _Transient(error, retry_after)
        advice = ""
        if status == 400 and self.settings.query:
            advice = ". Check the query argument (%s)" % self.settings.query
        elif status == 404:
            advice = ". Is Cloud SIEM enabled for this organisation, and is %s its API?" % self.base_url
        raise SourceError(self.redact(error + advice))

    def _follow(self, what, location):
        """A wrong deployment answers 301 with the right API host: follow once, and say what to set."""
        target = urlsplit(location)
        current = urlsplit(self.base_url)
        if not target.netloc:
            target = current._replace(path=target.path)
        if target.scheme != "https" and current.scheme == "https":
            raise SourceError("%s: refusing a redirect from https to %s" % (what, target.scheme or "no scheme"))
        self.base_url = urlunsplit((target.scheme, target.netloc, "/api", "", ""))
        self.redirected = True
        LOGGER.warning("Sumo Logic redirected this account to %s; set endpoint (or deployment) to it to avoid "
                       "the extra request", self.base_url)

    async def list_insights(self, q, exclude=()):
        """Every insight of ``q`` (at most the API's 10,000), page by page: ``(insights, total)``."""
        found, offset, total = [], 0, 0
        while True:
            params = [("q", q), ("offset", str(offset)), ("limit", str(PAGE_SIZE))]
            params += [("exclude", name) for name in exclude]
            data = await self.get(INSIGHTS_PATH, params) or {}
            objects = [o for o in data.get("objects") or [] if isinstance(o, dict) and o.get("id")]
            total = data.get("total") if isinstance(data.get("total"), int) else len(found) + len(objects)
            found.extend(objects)
            offset += len(objects)
            if not data.get("hasNextPage") or not objects or offset >= MAX_QUERY_RESULTS:
                return found, total

    async def insights_by_id(self, ids):
        """The insights with these ids that still exist, whole, by id."""
        found = {}
        ids = list(ids)
        for start in range(0, len(ids), LOOKUP_BATCH):
            batch = ids[start:start + LOOKUP_BATCH]
            q = "id:in(%s)" % ",".join(quote_value(i) for i in batch)
            insights, _total = await self.list_insights(q)
            found.update((i["id"], i) for i in insights if i["id"] in batch)
        return found


# -- the bookmark --------------------------------------------------------------------------------------

class Bookmark:
    """Where the creation-time window begins, the ids emitted within it, and the open insights last seen."""

    def __init__(self, created_since, seen=None, watched=None):
        self.created_since = created_since
        self.seen = dict(seen or {})     # id -> created (ISO), every insight emitted created >= created_since
        self.watched = watched           # id -> snapshot of the open insights, or None before the first listing
        self._written = None

    def as_dict(self, settings):
        return {"version": BOOKMARK_VERSION, "endpoint": settings.base_url, "query": settings.query,
                "created_since": format_time(self.created_since), "seen": self.seen,
                "watched": self.watched if settings.updates else None}

    @classmethod
    def load(cls, settings):
        """The bookmark in ``state_file``, or a new one beginning at ``since``."""
        path = settings.state_file
        if not path or not os.path.exists(path):
            return cls(settings.since)
        try:
            with open(path) as handle:
                data = json.load(handle)
            if data.get("version") != BOOKMARK_VERSION:
                raise ValueError("version %r, not %d" % (data.get("version"), BOOKMARK_VERSION))
            created_since = parse_time(data["created_since"])
            seen, watched = data["seen"], data.get("watched")
            if not isinstance(seen, dict) or not (watched is None or isinstance(watched, dict)):
                raise ValueError("seen and watched must be mappings")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SourceError("state_file %s is not a bookmark of this source (%s): move it away to begin again "
                              "at since" % (path, exc))
        if data.get("endpoint") != settings.base_url:
            raise SourceError("state_file %s is the bookmark of %s, not of %s: use another file"
                              % (path, data.get("endpoint"), settings.base_url))
        if data.get("query") != settings.query:
            LOGGER.warning("state_file %s was written for the query %r, now %r: insights the new query matches "
                           "that were created before the bookmark are not emitted", path, data.get("query"),
                           settings.query)
        bookmark = cls(created_since, seen, watched if settings.updates else None)
        bookmark._written = json.dumps(bookmark.as_dict(settings), sort_keys=True)
        return bookmark

    def save(self, settings):
        """Write the bookmark if it changed since last written (atomically: a crash leaves the old one)."""
        if not settings.state_file:
            return
        text = json.dumps(self.as_dict(settings), sort_keys=True)
        if text == self._written:
            return
        directory = os.path.dirname(settings.state_file)
        handle = tempfile.NamedTemporaryFile("w", dir=directory, prefix=".insights-", suffix=".tmp", delete=False)
        try:
            with handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, settings.state_file)
        except BaseException:
            os.unlink(handle.name)
            raise
        self._written = text


# -- the source ----------------------------------------------------------------------------------------

class InsightsSource:
    """Polls, emits, keeps the bookmark. ``stats`` holds the last poll's figures."""

    def __init__(self, settings):
        self.settings = settings
        self.bookmark = None
        self.client = None
        self.polls = 0
        self.stats = {}
        self._warned = set()

    def created_query(self, lower, upper=None):
        term = "created:>=%s" % format_time(lower) if upper is None else \
            "created:%s..%s" % (format_time(lower), format_time(upper))
        return term + (" " + self.settings.query if self.settings.query else "")

    def warn_once(self, key, message, *args):
        if key not in self._warned:
            self._warned.add(key)
            LOGGER.warning(message, *args)

    @contextlib.asynccontextmanager
    async def connected(self):
        """The bookmark loaded and an API session open; on leaving (cancelled too) the session is closed
        and the bookmark written, so what was emitted stays emitted."""
        self.bookmark = Bookmark.load(self.settings)
        self.bookmark.save(self.settings)  # the beginning is kept even if no poll ever succeeds
        # Basic auth as a header of its own (aiohttp 3.14 deprecates its BasicAuth, 3.9 lacks the newer helper).
        credentials = ("%s:%s" % (self.settings.access_id, self.settings.access_key)).encode("utf-8")
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT,
                   "Authorization": "Basic " + base64.b64encode(credentials).decode("ascii")}
        try:
            async with aiohttp.ClientSession(headers=headers,
                                             timeout=aiohttp.ClientTimeout(total=self.settings.timeout)) as session:
                self.client = InsightsClient(self.settings, session)
                yield self
        finally:
            self.bookmark.save(self.settings)

    async def run(self, queue):
        """Poll every ``interval`` seconds until cancelled."""
        loop = asyncio.get_running_loop()
        async with self.connected():
            LOGGER.info("polling Cloud SIEM insights of %s every %s s, created since %s%s%s", self.settings.base_url,
                        self.settings.interval, format_time(self.bookmark.created_since),
                        ", query %s" % self.settings.query if self.settings.query else "",
                        ", with updates" if self.settings.updates else "")
            while True:
                started = loop.time()
                await self.poll(queue)
                await asyncio.sleep(max(0.0, self.settings.interval - (loop.time() - started)))

    async def poll(self, queue):
        before = self.client.requests
        created = await self.poll_created(queue)
        self.bookmark.save(self.settings)
        updated = await self.poll_updates(queue) if self.settings.updates else 0
        self.bookmark.save(self.settings)
        self.polls += 1
        self.stats = {"requests": self.client.requests - before, "created": created, "updated": updated}
        LOGGER.debug("poll %d: %d request(s), %d created, %d updated", self.polls, self.stats["requests"],
                     created, updated)

    async def poll_created(self, queue):
        """Emit every insight created at or after the window's beginning that was not emitted yet."""
        bookmark = self.bookmark
        lower, upper = bookmark.created_since, None
        fresh = {}
        while True:
            insights, total = await self.client.list_insights(self.created_query(lower, upper))
            times = []
            for insight in insights:
                try:
                    created = parse_time(insight.get("created"))
                except ValueError:
                    self.warn_once(("created", insight["id"]), "insight %s has no readable created time (%r): skipped",
                                   insight.get("readableId") or insight["id"], insight.get("created"))
                    continue
                times.append(created)
                if created >= lower and insight["id"] not in bookmark.seen:
                    fresh[insight["id"]] = (created, insight)
            if total < MAX_QUERY_RESULTS or not times:
                break
            # More than the API answers for one query: read the older part of the window next
            # (the API lists newest first), down to the window's beginning.
            oldest = min(times)
            if upper is not None and oldest >= upper:
                self.warn_once(("cap", format_time(oldest)), "more than %d insights were created at %s: some may "
                               "be missed", MAX_QUERY_RESULTS, format_time(oldest))
                break
            upper = oldest
        for created, insight in sorted(fresh.values(), key=lambda pair: (pair[0], _serial(pair[1]))):
            await queue.put({"type": "created", "insight": insight})
            bookmark.seen[insight["id"]] = format_time(created)
        if bookmark.seen:
            newest = max(parse_time(t) for t in bookmark.seen.values())
            start = max(bookmark.created_since, newest - datetime.timedelta(seconds=self.settings.overlap))
            if start > bookmark.created_since:
                bookmark.created_since = start
                bookmark.seen = dict((i, t) for i, t in bookmark.seen.items() if parse_time(t) >= start)
        return len(fresh)

    async def poll_updates(self, queue):
        """Emit the changes of status, assignee and severity of the open insights since the last poll."""
        bookmark = self.bookmark
        q = '-status:"closed"' + (" " + self.settings.query if self.settings.query else "")
        # Only what is compared is needed here; changed insights are read whole below.
        listed, total = await self.client.list_insights(q, exclude=("signals", "artifacts"))
        if total >= MAX_QUERY_RESULTS:
            self.warn_once("open-cap", "more than %d open insights match: changes are followed for the newest %d "
                           "only", MAX_QUERY_RESULTS, MAX_QUERY_RESULTS)
        listed = dict((i["id"], i) for i in listed)
        if bookmark.watched is None:
            bookmark.watched = dict((i, snapshot(insight)) for i, insight in listed.items())
            return 0
        changed = []
        for insight_id, insight in listed.items():
            known, now = bookmark.watched.get(insight_id), snapshot(insight)
            if known is None:
                bookmark.watched[insight_id] = now  # new, re-opened, or newly matching: followed from now on
            elif now["lastUpdated"] != known.get("lastUpdated") or changes_between(known, now):
                if changes_between(known, now):
                    changed.append(insight_id)
                else:
                    bookmark.watched[insight_id] = now  # updated, but not in what is followed (a comment, say)
        gone = [i for i in bookmark.watched if i not in listed]
        if not changed and not gone:
            return 0
        current = await self.client.insights_by_id(changed + gone)
        events = []
        for insight_id in changed + gone:
            insight = current.get(insight_id)
            known = bookmark.watched.pop(insight_id)
            if insight is None:
                continue  # deleted, or no longer visible to this key
            now = snapshot(insight)
            found = changes_between(known, now)
            if found:
                events.append((now["lastUpdated"] or "", _serial(insight), insight, found))
            if insight_id in changed:
                bookmark.watched[insight_id] = now
        for _updated, _number, insight, found in sorted(events, key=lambda e: (e[0], e[1])):
            await queue.put({"type": "updated", "insight": insight, "changes": found})
        return len(events)


async def main(queue, args):
    """ansible-rulebook's entry point: poll until cancelled (or a refusal of the credentials stops it)."""
    await InsightsSource(Settings.from_args(args)).run(queue)


if __name__ == "__main__":
    # A quick look without ansible-rulebook: print the events (credentials from SUMOLOGIC_*).
    class _Printer:
        async def put(self, event):
            print(json.dumps(event, indent=2))

    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(_Printer(), {"since": os.environ.get("SINCE", "-1d")}))
