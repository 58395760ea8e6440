# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Log searches through the Search Job API (``/v1/search/jobs``), on the one client.

A search is one job: created with the query and the time range, polled until it is done
(a short first wait, then longer ones, never so long that Sumo Logic cancels the job for
want of polling: it does after 20 to 30 seconds without a request), its messages or
records paged 10,000 at a time up to ``max_results``, and deleted, whatever happened
(an error, a timeout, pending errors). Every call of the job carries the cookies its
creation set (the API answers 404 without them): the job keeps its own cookie jar, sent
by the client with each attempt from whatever thread.

The input is checked before any request: the query, the times (ISO 8601, milliseconds
since the epoch, or relative to now: ``-15m``, ``-2h``, ``-1d``, ``now``) and the time
zone (a tz database name, checked with :mod:`zoneinfo`). Times are sent as milliseconds
since the epoch, so the range the task checked is the range searched.
"""

import datetime
import re
import time

try:
    import zoneinfo
except ImportError:  # Python 3.8 and older: only UTC can be checked
    zoneinfo = None

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError, SumoApiError, SumoError

PATH = "/v1/search/jobs"
RESULTS = ("messages", "records")
AUTO_PARSING_MODES = ("Manual", "AutoParse")
PAGE_LIMIT = 10000  # "The maximum value for limit is 10,000"

# Polling: the first status request after FIRST_WAIT seconds (a small search is done in
# about a second), then each wait WAIT_GROWTH times the last, up to LONGEST_WAIT. Sumo
# Logic cancels a job that gets no request for 20 to 30 seconds; LONGEST_WAIT leaves room
# for a slow answer or a wait after a 429 between two polls.
FIRST_WAIT = 0.5
WAIT_GROWTH = 1.5
LONGEST_WAIT = 5.0

RUNNING = ("NOT STARTED", "GATHERING RESULTS")
DONE = "DONE GATHERING RESULTS"
FORCE_PAUSED = "FORCE PAUSED"
CANCELLED = "CANCELLED"

RELATIVE = re.compile(r"^-\s*(\d+)\s*([smhdw])$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})"
                 r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$")
DIGITS = re.compile(r"^\d+$")
# Fewer milliseconds than this (3 March 1973) are much more likely seconds than milliseconds.
EARLIEST_MS = 10 ** 11
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
TIME_FORMS = ("an ISO 8601 date and time (2024-05-03T12:00:00, in time_zone, or with Z or an offset such as "
              "+02:00), milliseconds since the epoch, or a time relative to now (-30s, -15m, -2h, -1d, -1w, now)")
LOST_CREATE = ("The answer to creating the search job was lost, and the job was created again. A job Sumo Logic "
               "may have created the first time cannot be deleted (its id never arrived): it is cancelled on its "
               "own within 30 seconds, as nobody polls it, and counts against the 200 active jobs until then.")
GONE = ("Sumo Logic no longer knows the job: it cancels a job that gets no request for 20 to 30 seconds, and "
        "answers 404 to a request without the cookies set when the job was created")


class SearchError(SumoError):
    """A search that failed: its message, the API's status and code when an answer said so, and
    ``result``, what the task knows of the job (id, state, counts), for the failed task's result."""

    def __init__(self, message, result=None, cause=None):
        super().__init__(message)
        self.result = dict(result or {})
        for attr in ("status", "code", "request_id"):
            setattr(self, attr, getattr(cause, attr, None))


def now_ms():
    return int(time.time() * 1000)


# -- the input, checked before any request ----------------------------------------------------------

def resolve_zone(name):
    """The tzinfo of a tz database name (``UTC``, ``Europe/Paris``); :class:`InputError` otherwise."""
    if not isinstance(name, str) or not name.strip():
        raise InputError("must be a time zone name such as UTC or Europe/Paris", option="time_zone")
    if name == "UTC":
        return datetime.timezone.utc
    if zoneinfo is None:
        raise InputError("%r cannot be checked: this Python has no zoneinfo module (Python 3.9 and later have it); "
                         "use UTC, with times in UTC, with an offset, in milliseconds or relative" % name,
                         option="time_zone")
    known = zoneinfo.available_timezones()
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        zone = None
    if zone is None or (known and name not in known):
        hint = "; this host has no time zone database (install the tzdata package)" if not known else ""
        raise InputError("unknown time zone %r: give a tz database name such as UTC, Europe/Paris or "
                         "America/New_York (abbreviations such as PST or IST are ambiguous)%s" % (name, hint),
                         option="time_zone")
    return zone


def _to_ms(moment):
    return (moment - EPOCH) // datetime.timedelta(milliseconds=1)


def parse_time(value, option, zone, now):
    """Milliseconds since the epoch of a ``from_time``/``to_time`` value; :class:`InputError` naming ``option``."""
    if isinstance(value, bool) or value is None:
        raise InputError("cannot read %r: give %s" % (value, TIME_FORMS), option=option)
    if isinstance(value, datetime.datetime):  # an unquoted YAML timestamp
        return _to_ms(value if value.tzinfo else value.replace(tzinfo=zone))
    if isinstance(value, datetime.date):
        return _to_ms(datetime.datetime(value.year, value.month, value.day, tzinfo=zone))
    if isinstance(value, int):
        millis = value
    else:
        text = str(value).strip()
        relative = RELATIVE.match(text)
        iso = ISO.match(text)
        if text.lower() == "now":
            return now
        if relative:
            return now - int(relative.group(1)) * UNIT_SECONDS[relative.group(2)] * 1000
        if DIGITS.match(text):
            millis = int(text)
        elif iso:
            millis = _iso_ms(iso, text, option, zone)
        else:
            raise InputError("cannot read %r: give %s" % (text, TIME_FORMS), option=option)
    if millis < EARLIEST_MS:
        raise InputError("%d is before 1973 in milliseconds since the epoch: seconds? (multiply by 1000)" % millis,
                         option=option)
    return millis


def _iso_ms(match, text, option, zone):
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    hour, minute, second = (int(match.group(i) or 0) for i in (4, 5, 6))
    micro = int(((match.group(7) or "") + "000000")[:6])
    offset = match.group(8)
    if offset and offset.upper() == "Z":
        zone = datetime.timezone.utc
    elif offset:
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if hours > 18 or minutes > 59:
            raise InputError("%r has an offset out of range" % text, option=option)
        delta = datetime.timedelta(hours=hours, minutes=minutes)
        zone = datetime.timezone(-delta if offset[0] == "-" else delta)
    try:
        moment = datetime.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError as exc:
        raise InputError("%r is not a date and time: %s" % (text, exc), option=option)
    return _to_ms(moment)


def iso(millis):
    """``2024-05-03T12:00:00.000Z`` of milliseconds since the epoch."""
    moment = EPOCH + datetime.timedelta(milliseconds=millis)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (millis % 1000)


class Search:
    """A search as the task asks for it, checked: the job's body, what to return, how long to wait."""

    def __init__(self, params, now=None):
        query = params.get("query")
        if not isinstance(query, str) or not query.strip():
            raise InputError("must not be empty", option="query")
        if params.get("results", "messages") not in RESULTS:
            raise InputError("must be one of %s" % ", ".join(RESULTS), option="results")
        mode = params.get("auto_parsing_mode") or "Manual"
        if mode not in AUTO_PARSING_MODES:
            raise InputError("must be one of %s" % ", ".join(AUTO_PARSING_MODES), option="auto_parsing_mode")
        self.max_results = params.get("max_results", 10000)
        if self.max_results is None or self.max_results < 0:
            raise InputError("must be 0 or more, got %s" % self.max_results, option="max_results")
        self.job_timeout = params.get("job_timeout", 300)
        if self.job_timeout is None or self.job_timeout < 1:
            raise InputError("must be at least 1 second, got %s" % self.job_timeout, option="job_timeout")
        self.results = params.get("results", "messages")
        self.time_zone = params.get("time_zone", "UTC")
        zone = resolve_zone(self.time_zone)
        now = now_ms() if now is None else now
        self.start = parse_time(params.get("from_time", "-15m"), "from_time", zone, now)
        self.end = parse_time(params.get("to_time", "now"), "to_time", zone, now)
        if self.start >= self.end:
            raise InputError("%s (%s) is not before to_time %s (%s)" % (
                params.get("from_time"), iso(self.start), params.get("to_time"), iso(self.end)), option="from_time")
        self.body = {
            "query": query,
            "from": str(self.start),
            "to": str(self.end),
            "timeZone": self.time_zone,
            "byReceiptTime": bool(params.get("by_receipt_time")),
            "autoParsingMode": mode,
        }

    def time_range(self):
        return {"from": self.start, "to": self.end, "from_iso": iso(self.start), "to_iso": iso(self.end),
                "time_zone": self.time_zone}


# -- the job ---------------------------------------------------------------------------------------

def waits():
    """Seconds to wait before each status request: FIRST_WAIT, then growing to LONGEST_WAIT."""
    wait = FIRST_WAIT
    while True:
        yield wait
        wait = min(wait * WAIT_GROWTH, LONGEST_WAIT)


class SearchJob:
    """One search job: every call carries the job's cookies; none changes the organisation (check mode sends them)."""

    def __init__(self, client, warn=None, sleep=time.sleep, clock=time.monotonic):
        self.client = client
        self.warn = warn or (lambda msg: None)
        self.sleep = sleep
        self.clock = clock
        self.cookies = client.new_cookie_jar()
        self.id = None
        self.gone = False
        self.status = {}
        self.warnings = []

    def _call(self, method, path, **kwargs):
        return self.client.request(method, path, cookies=self.cookies, changes_nothing=True, **kwargs)

    def known(self):
        """What the task knows of the job, for a result (a failed one too)."""
        known = {"job_id": self.id, "state": self.status.get("state"), "job_warnings": list(self.warnings)}
        for key, api in (("message_count", "messageCount"), ("record_count", "recordCount")):
            known[key] = self.status.get(api, 0)
        return known

    def fail(self, message, cause=None):
        return SearchError(message, self.known(), cause)

    def create(self, body):
        """POST the job. A 429 (the request rate, or 200 active jobs) is sent again by the client until
        ``retry_timeout``; it created nothing. A lost answer is sent again too (``changes_nothing``)."""
        try:
            resp = self._call("POST", PATH, body=body)
        except SumoApiError as exc:
            if exc.status == 429:
                raise SearchError("%s. At most 200 search jobs may be active in an organisation at once (a job "
                                  "counts until it is deleted or expires)" % exc, cause=exc)
            raise
        job_id = (resp.json or {}).get("id") if isinstance(resp.json, dict) else None
        if not job_id:
            location = resp.headers.get("Location") or ""
            job_id = location.rstrip("/").rsplit("/", 1)[-1] if "/search/jobs/" in location else None
        if not job_id:
            raise SearchError("POST %s: HTTP %s without the job's id" % (PATH, resp.status))
        self.id = job_id
        if resp.after_lost_answer:
            self.warn(LOST_CREATE)
        return job_id

    def poll(self):
        try:
            status = self._call("GET", "%s/%s" % (PATH, self.id)).json or {}
        except SumoApiError as exc:
            if exc.status == 404:
                self.gone = True
                raise self.fail("search job %s: %s (%s)" % (self.id, GONE, exc), exc)
            raise
        self.status = status
        for warning in status.get("pendingWarnings") or []:
            if warning not in self.warnings:
                self.warnings.append(warning)
                self.warn("Sumo Logic, about the search: %s" % warning)
        errors = status.get("pendingErrors") or []
        if errors:
            raise self.fail("the search failed: %s" % "; ".join(str(e) for e in errors))
        return status.get("state")

    def wait(self, job_timeout):
        """Poll until the job is done or force paused; :class:`SearchError` when it is cancelled, fails,
        is gone, or is still running after ``job_timeout`` seconds."""
        deadline = self.clock() + job_timeout
        for pause in waits():
            self.sleep(max(0.0, min(pause, deadline - self.clock())))
            state = self.poll()
            if state == DONE:
                return state
            if state == FORCE_PAUSED:
                self.warn("Sumo Logic force paused the search at %d messages (its limit for a search that does "
                          "not aggregate is around 100,000): the results are the latest messages only. Split the "
                          "time range into smaller searches to get the rest." % self.status.get("messageCount", 0))
                return state
            if state == CANCELLED:
                raise self.fail("Sumo Logic cancelled the search job %s (state CANCELLED, %d messages gathered): "
                                "a query runs for 8 hours at most" % (self.id, self.status.get("messageCount", 0)))
            if self.clock() >= deadline:
                raise self.fail("the search job did not finish within job_timeout (%s s): state %s, %d messages "
                                "and %d records so far. Narrow the query or its time range, or raise job_timeout"
                                % (job_timeout, state, self.status.get("messageCount", 0),
                                   self.status.get("recordCount", 0)))
        return None  # not reached: waits() never ends

    def page(self, kind, max_results):
        """Up to ``max_results`` messages or records, 10,000 a page; ``(maps, fields)``."""
        count = self.status.get("messageCount" if kind == "messages" else "recordCount") or 0
        wanted = min(count, max_results)
        maps, fields, offset = [], None, 0
        # A query that does not aggregate has no records: ask once, so the API says so.
        probe = kind == "records" and not wanted and max_results > 0
        while offset < wanted or probe:
            limit = 1 if probe else min(PAGE_LIMIT, wanted - offset)
            try:
                body = self._call("GET", "%s/%s/%s" % (PATH, self.id, kind),
                                  params={"offset": offset, "limit": limit}).json or {}
            except SumoApiError as exc:
                if exc.status == 404:
                    self.gone = True
                    raise self.fail("search job %s: %s (%s)" % (self.id, GONE, exc), exc)
                if exc.has_code("searchjob.no.records.not.an.aggregation.query", "no.records.not.an.aggregation.query"):
                    raise self.fail("results=records needs a query that aggregates, such as '... | count by "
                                    "_sourceCategory' (%s)" % exc, exc)
                raise self.fail(str(exc), exc)
            probe = False
            if fields is None:
                fields = body.get("fields")
            got = body.get(kind) or []
            maps.extend(entry.get("map", {}) for entry in got)
            if not got:  # fewer than counted (a page of messages stops at 100 MB)
                break
            offset += len(got)
        return maps[:max_results], fields or []

    def delete(self):
        """DELETE the job, unless it is gone; a failure is a warning (the job expires on its own)."""
        if self.id is None or self.gone:
            return
        try:
            self._call("DELETE", "%s/%s" % (PATH, self.id), ok=(200, 204, 404))
        except SumoError as exc:
            self.warn("The search job %s could not be deleted (%s); Sumo Logic cancels it within 30 seconds, as "
                      "nobody polls it." % (self.id, exc))


def run_search(client, search, warn=None, sleep=time.sleep, clock=time.monotonic):
    """Run one search to the end and delete its job; the module's result (without ``changed``)."""
    job = SearchJob(client, warn, sleep, clock)
    try:
        job.create(search.body)
        job.wait(search.job_timeout)
        maps, fields = job.page(search.results, search.max_results)
    except SearchError:
        raise
    except SumoError as exc:
        if job.id is None:
            raise
        raise job.fail(str(exc), exc)
    finally:
        job.delete()
    result = job.known()
    count = result["message_count" if search.results == "messages" else "record_count"]
    result.update({
        search.results: maps,
        "fields": [{"name": f.get("name"), "field_type": f.get("fieldType"), "key_field": f.get("keyField")}
                   for f in fields],
        "truncated": len(maps) < count,
        "time_range": search.time_range(),
    })
    return result
