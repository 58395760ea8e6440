# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one door to the Sumo Logic API.

Every HTTP call of the collection goes through :class:`SumoClient`: it owns the
sessions (connection reuse), basic auth, the deployment -> URL mapping, pacing shared
with the other processes of the machine (:mod:`.pacing`), retries (patient ones after a
429, a bounded number after a gateway error or a lost connection), the wrong-deployment
redirect, pagination and the shaping of Sumo Logic's error bodies into one readable
message.
"""

import json
import random
import threading
import time
import traceback
from urllib.parse import urlsplit, urlunsplit, quote

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION

from ansible_collections.community.sumologic.plugins.module_utils.pacing import make_pacer, report
from ansible_collections.community.sumologic.plugins.module_utils.secrets import basic_credentials, redact

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from urllib3.exceptions import ConnectTimeoutError
    from urllib3.filepost import encode_multipart_formdata
    from urllib3.util.retry import Retry
except ImportError:
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
    requests = None

USER_AGENT = "community.sumologic (ansible-core %s)" % ANSIBLE_VERSION

# Deployment (pod) name -> API base URL. us1 is the only one without its name in the host.
DEPLOYMENTS = ("us1", "us2", "au", "ca", "ch", "de", "eu", "fed", "in", "jp", "kr", "esc")

DEFAULT_RATE_LIMIT = 4
DEFAULT_RETRY_TIMEOUT = 300
# Gateway answers that may come after the service carried the request out (the answer
# is lost, not the request); 503 says the service did not take it.
LOST_ANSWER_STATUSES = (502, 504)
GATEWAY_STATUSES = (502, 503, 504)
# Longest single wait between attempts, whatever Retry-After or the backoff say.
MAX_WAIT = 120.0
# Asynchronous jobs (content exports and imports, lookup table uploads): how long a task waits for
# one by default, and the waits between its status polls (the first poll is at once).
DEFAULT_JOB_TIMEOUT = 300
JOB_POLL_FIRST = 0.2
JOB_POLL_MAX = 5.0
JOB_DONE = ("Success", "PartialSuccess")
JOB_FAILED = ("Failed",)


def deployment_url(deployment):
    """Base URL of the API of a deployment, e.g. ``eu`` -> ``https://api.eu.sumologic.com/api``."""
    if deployment not in DEPLOYMENTS:
        raise ValueError("unknown deployment %r; expected one of: %s" % (deployment, ", ".join(DEPLOYMENTS)))
    if deployment == "us1":
        return "https://api.sumologic.com/api"
    return "https://api.%s.sumologic.com/api" % deployment


def normalize_endpoint(endpoint):
    """``https://host`` or ``https://host/api/`` -> ``https://host/api`` (no trailing slash)."""
    parts = urlsplit(endpoint.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("endpoint must be an http(s) URL such as https://api.eu.sumologic.com/api/, got %r" % endpoint)
    path = parts.path.rstrip("/")
    if not path:
        path = "/api"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def deployment_of_url(url):
    """The deployment whose API host serves ``url``, or None (used to advise on a 301)."""
    host = urlsplit(url).netloc.lower()
    if host == "api.sumologic.com":
        return "us1"
    for name in DEPLOYMENTS:
        if host == "api.%s.sumologic.com" % name:
            return name
    return None


def quote_segment(value):
    """Quote one path segment (``/`` and ``%`` included) for a URL."""
    return quote(str(value), safe="")


class SumoError(Exception):
    """Every failure the collection reports, with a message fit to show a user.

    Three kinds: :class:`InputError` (the task's input, found before any write),
    :class:`SumoApiError` (an error answer, with its status and code) and
    :class:`SumoConnectionError` (no answer); :class:`ConflictError` when an object kept
    changing under the task.
    """


class InputError(SumoError):
    """Bad input, found before anything was written; the message starts with the option it is about."""

    def __init__(self, message, option=None):
        self.option = option
        super().__init__("%s: %s" % (option, message) if option else message)


class ConflictError(SumoError):
    """Someone else kept changing the object while the task was updating it; nothing of theirs was overwritten."""


class JobError(SumoError):
    """An asynchronous job that failed, or did not end within its time; the message names what it was for
    (``import of /Library/Users/...``) and the job's id, and carries the job's error."""

    def __init__(self, message, job_id=None, code=None, status=None):
        self.job_id = job_id
        self.code = code
        self.job_status = status
        super().__init__(message)


class SumoConnectionError(SumoError):
    """The request may or may not have reached the service (connection reset, timeout)."""

    def __init__(self, method, path, reason, after_lost_answer=False):
        self.method = method
        self.path = path
        self.after_lost_answer = after_lost_answer
        super().__init__("%s %s: no answer from Sumo Logic: %s" % (method, path, reason))


class SumoApiError(SumoError):
    """An HTTP error answer, shaped from either of Sumo Logic's error bodies.

    The OpenAPI-described APIs answer ``{"id": ..., "errors": [{"code", "message", "detail"}]}``,
    the collector API a flat ``{"status", "id", "code", "message"}``; Cloud SIEM wraps
    ``{"errors": [...]}``. All become ``status``, ``code``, ``message``, ``request_id``.

    ``after_lost_answer`` is true when the answer came to a request sent again after an
    earlier attempt's answer was lost (the connection dropped after sending, or a gateway
    answered 502/504): that attempt may have been carried out, so a 412 to a PUT may be
    our own write's doing. ``advice`` is added to the message.
    """

    def __init__(self, method, path, status, body_text, after_lost_answer=False, advice=None, secrets=()):
        self.method = method
        self.path = path
        self.status = status
        self.after_lost_answer = after_lost_answer
        self.advice = advice
        self.errors, self.code, message, detail, self.request_id = read_error_body(body_text)
        # An answer may echo the request (a proxy's error page): never its credentials.
        self.message = redact(message, secrets)
        self.detail = redact(detail, secrets) if isinstance(detail, str) else detail
        super().__init__(self._format())

    def _format(self):
        text = "%s %s: HTTP %s" % (self.method, self.path, self.status)
        if self.code:
            text += " (%s)" % self.code
        text += ": %s" % self.message
        if self.detail:
            text += " (%s)" % self.detail
        if self.request_id:
            text += " [request id %s]" % self.request_id
        if self.advice:
            text += ". %s" % self.advice
        return text

    def has_code(self, *codes):
        found = set([self.code] + [e.get("code") for e in self.errors])
        return any(code in found for code in codes)


def read_error_body(body_text):
    """``(errors, code, message, detail, request_id)`` of an error answer in any of Sumo Logic's shapes."""
    try:
        body = json.loads(body_text) if body_text else None
    except ValueError:
        body = None
    errors, code, message, detail, request_id = [], None, None, None, None
    if isinstance(body, dict):
        request_id = body.get("id") if isinstance(body.get("id"), str) else None
        if isinstance(body.get("errors"), list):
            errors = [e for e in body["errors"] if isinstance(e, dict)]
        if errors:
            code, detail = errors[0].get("code"), errors[0].get("detail")
            message = "; ".join(str(e.get("message")) for e in errors if e.get("message")) or None
        else:
            code, message = body.get("code"), body.get("message")
    if not message:
        text = (body_text or "").strip()
        message = text[:300] if text else "no error message in the answer"
    return errors, code, message, detail, request_id


def may_have_been_carried_out(exc):
    """True when a failed request may still have been carried out: no answer came, or a gateway's 502/504."""
    if isinstance(exc, SumoConnectionError):
        return True
    return isinstance(exc, SumoApiError) and exc.status in LOST_ANSWER_STATUSES


class SumoResponse:
    """What a call returned: status, decoded JSON (or None) and the ETag, if any.

    ``after_lost_answer`` as for :class:`SumoApiError` (a DELETE answered 404 after a lost
    answer is such a response: the object is gone, as asked).
    """

    __slots__ = ("status", "json", "etag", "headers", "after_lost_answer")

    def __init__(self, status, body, etag, headers, after_lost_answer=False):
        self.status = status
        self.json = body
        self.etag = etag
        self.headers = headers
        self.after_lost_answer = after_lost_answer


class SumoClient:
    """A Sumo Logic API client for one module run (or one inventory parse).

    Each thread gets its own ``requests`` session, so the threads of one process may
    share a client. ``check_mode=True`` makes it refuse any write: a second safety net
    beside the engine's own check, so a drift audit can never change an organisation.

    ``rate_limit`` (requests per second, 0 for no pacing) and the in-flight limit are
    shared with every other process of the machine using the same endpoint and access id
    (:mod:`.pacing`). ``retry_timeout`` is how long requests refused with 429 are tried
    again; ``retries`` how many times a gateway error or a lost connection is.
    """

    def __init__(self, access_id, access_key, deployment=None, endpoint=None, validate_certs=True,
                 timeout=60, retries=5, backoff_factor=0.5, check_mode=False, warn=None,
                 rate_limit=DEFAULT_RATE_LIMIT, retry_timeout=DEFAULT_RETRY_TIMEOUT, pacer=None):
        if REQUESTS_IMPORT_ERROR:
            raise SumoError("the Python library requests is required")
        if not access_id or not access_key:
            raise SumoError("access_id and access_key are required (or the environment variables "
                            "SUMOLOGIC_ACCESSID and SUMOLOGIC_ACCESSKEY)")
        if endpoint:
            try:
                self.base_url = normalize_endpoint(endpoint)
            except ValueError as exc:
                raise SumoError(str(exc))
        elif deployment:
            try:
                self.base_url = deployment_url(deployment)
            except ValueError as exc:
                raise SumoError("deployment: %s" % exc)
        else:
            raise SumoError("one of deployment or endpoint is required (or the environment variable "
                            "SUMOLOGIC_ENVIRONMENT or SUMOLOGIC_BASE_URL)")
        self.timeout = timeout
        self.retries = retries
        self.backoff_factor = backoff_factor
        self.retry_timeout = retry_timeout
        self.check_mode = check_mode
        self._warn = warn or (lambda msg: None)
        self._redirected = False
        self._auth = (access_id, access_key)
        # What error messages must never carry: the key, and the Authorization header's value.
        self.secrets = basic_credentials(access_id, access_key)
        self._verify = validate_certs
        self._local = threading.local()
        self.pacer = pacer or make_pacer(self.base_url, access_id, rate_limit, warn=self._warn)
        # Headers sent with every request (the content modules' isAdminMode), and how long run_job()
        # waits for a job unless told otherwise.
        self.headers = {}
        self.job_timeout = DEFAULT_JOB_TIMEOUT

    @property
    def session(self):
        """This thread's session (``requests.Session`` is not meant to be shared between threads)."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.auth = self._auth
            session.verify = self._verify
            session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})
            self._local.session = session
        return session

    # -- the one request method ------------------------------------------------------

    def request(self, method, path, params=None, body=None, headers=None, ok=None, cookies=None, files=None,
                changes_nothing=False):
        """Send one request to ``base_url + path``; returns a :class:`SumoResponse`.

        ``ok`` lists the statuses that are not errors (default: any 2xx). ``files`` sends a
        multipart body instead of JSON (``{"file": (name, bytes, type)}``, a lookup table
        upload). Raises
        :class:`SumoApiError` for an error answer and :class:`SumoConnectionError` when
        no answer came.

        ``cookies``: a cookie jar (:meth:`new_cookie_jar`) the caller keeps for an API
        session (the Search Job API answers 404 to a job's calls without the cookies set
        when it was created): sent with every attempt, whatever thread sends it, and
        given what each answer sets. ``changes_nothing``: the request changes nothing in
        the organisation although it is not a GET (a search job, the start of an export):
        check mode sends it, and a POST is sent again after a lost answer as a GET is.
        """
        method = method.upper()
        if self.check_mode and method not in ("GET", "HEAD") and not changes_nothing:
            raise SumoError("refusing %s %s in check mode (a bug: please report it)" % (method, path))
        send_headers = dict(self.headers)
        send_headers.update(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body)
            send_headers["Content-Type"] = "application/json"
        if files is not None:
            data = _Multipart(files)
        if params:
            params = {k: v for k, v in params.items() if v is not None}
        answer, lost = self._send(method, path, params, data, send_headers, cookies, changes_nothing)
        if answer.status_code in (301, 302, 307, 308) and not self._redirected:
            answer, lost = self._follow_deployment_redirect(answer, method, path, params, data, send_headers,
                                                            cookies, changes_nothing)
        good = ok if ok is not None else range(200, 300)
        gone_as_asked = method == "DELETE" and lost and answer.status_code == 404
        if answer.status_code not in good and not gone_as_asked:
            raise SumoApiError(method, path, answer.status_code, answer.text, after_lost_answer=lost,
                               secrets=self.secrets)
        parsed = None
        if answer.content:
            try:
                parsed = answer.json()
            except ValueError:
                parsed = None
        return SumoResponse(answer.status_code, parsed, answer.headers.get("ETag"), answer.headers,
                            after_lost_answer=lost)

    def _send(self, method, path, params, data, headers, cookies=None, changes_nothing=False):
        """Attempts until one counts; returns ``(answer, lost)``, ``lost`` when an earlier answer was lost.

        Every attempt waits for its turn of the shared pacing. A 429 is tried again until
        ``retry_timeout`` is spent; a gateway error (502/503/504) or a failed connection
        ``retries`` times. A POST is sent again only after a 429, or when the connection
        failed before it was sent: otherwise Sumo Logic may have carried it out, and the
        caller decides (the engine looks the object up). A POST that ``changes_nothing``
        is sent again as a GET is.
        """
        url = self.base_url + path
        failures = 0
        refusals = 0
        first_refusal = None
        lost = False
        once_only = method == "POST" and not changes_nothing
        while True:
            try:
                with self.pacer.turn() as when:
                    body, sent_headers = data, headers
                    if isinstance(data, _Multipart):
                        body, content_type = data.encode()
                        sent_headers = dict(headers, **{"Content-Type": content_type})
                    answer = self.session.request(method, url, params=params, data=body, headers=sent_headers,
                                                  cookies=cookies, timeout=self.timeout, allow_redirects=False)
                if cookies is not None:
                    cookies.update(answer.cookies)
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                    requests.exceptions.ChunkedEncodingError) as exc:
                sent = not _never_sent(exc)
                if isinstance(exc, requests.exceptions.SSLError) or (sent and once_only) \
                        or failures >= self.retries:
                    reason = _reason(exc, self.secrets)
                    if failures:
                        reason = "%s (after %d retries)" % (reason, failures)
                    raise SumoConnectionError(method, path, reason, after_lost_answer=lost)
                failures += 1
                lost = lost or sent
                time.sleep(self._backoff(failures))
                continue
            except requests.exceptions.RequestException as exc:
                raise SumoConnectionError(method, path, _reason(exc, self.secrets), after_lost_answer=lost)
            report(self.pacer, when, answer.status_code == 429)  # a 429 slows this machine down
            if answer.status_code == 429:
                now = time.monotonic()
                first_refusal = first_refusal if first_refusal is not None else now
                refusals += 1
                wait = self._rate_limit_wait(answer, refusals)
                waited = now - first_refusal
                if waited + wait > self.retry_timeout:
                    raise SumoApiError(method, path, 429, answer.text, after_lost_answer=lost, secrets=self.secrets, advice=(
                        "Still refused after %d tries over %.0f s (retry_timeout is %s s): too many "
                        "requests with this access key at once. Run fewer forks or job slices, or "
                        "lower rate_limit on each node, or raise retry_timeout" % (
                            refusals, waited, self.retry_timeout)))
                time.sleep(wait)
                continue
            if answer.status_code in GATEWAY_STATUSES and not once_only and failures < self.retries:
                failures += 1
                lost = lost or answer.status_code in LOST_ANSWER_STATUSES
                time.sleep(self._backoff(failures, answer))
                continue
            return answer, lost

    def _rate_limit_wait(self, answer, refusals):
        """Retry-After plus a random part of up to half as much again, and of up to a second at
        least (so that processes on other machines, which this one's pacing does not know
        of, come back spread out); without Retry-After, exponential backoff with full jitter."""
        after = _retry_after(answer)
        if after is not None:
            return min(MAX_WAIT, after + random.uniform(0, max(1.0, after / 2)))
        return random.uniform(0, min(MAX_WAIT, max(self.backoff_factor, 0.01) * 2 ** refusals))

    def _backoff(self, failures, answer=None):
        """Before trying again after a gateway error or a failed connection: Retry-After if
        given, else exponential backoff, half of it at random."""
        after = _retry_after(answer) if answer is not None else None
        if after is not None:
            return min(MAX_WAIT, after)
        base = min(MAX_WAIT, self.backoff_factor * 2 ** (failures - 1))
        return base / 2 + random.uniform(0, base / 2)

    def _follow_deployment_redirect(self, answer, method, path, params, data, headers, cookies=None,
                                    changes_nothing=False):
        """A wrong deployment answers 301 with the right API host in ``Location``.

        requests would drop the credentials on a redirect to another host, so re-target
        the base URL here, send once more with auth, and tell the user what to set.
        """
        location = answer.headers.get("Location")
        if not location:
            return answer, False
        target = urlsplit(location)
        if target.scheme not in ("http", "https") or not target.netloc:
            target = urlsplit(self.base_url)._replace(path=target.path)
        if target.scheme != "https" and urlsplit(self.base_url).scheme == "https":
            raise SumoError("%s %s: refusing a redirect from https to %s" % (method, path, target.scheme))
        new_base = urlunsplit((target.scheme, target.netloc, "/api", "", ""))
        self._redirected = True
        self.base_url = new_base
        advice = deployment_of_url(new_base)
        self._warn("Sumo Logic redirected this account to %s; set %s to avoid the extra request." % (
            new_base, "deployment: %s" % advice if advice else "endpoint: %s" % new_base))
        return self._send(method, path, params, data, headers, cookies, changes_nothing)

    @staticmethod
    def new_cookie_jar():
        """An empty cookie jar for :meth:`request`'s ``cookies``."""
        return requests.cookies.RequestsCookieJar()

    # -- verbs ------------------------------------------------------------------------

    def get(self, path, params=None, ok=None):
        return self.request("GET", path, params=params, ok=ok)

    def get_or_none(self, path, params=None):
        """GET, but a 404 is ``None`` rather than an error."""
        resp = self.request("GET", path, params=params, ok=(200, 404))
        return None if resp.status == 404 else resp

    def post(self, path, body=None, params=None):
        return self.request("POST", path, params=params, body=body)

    def put(self, path, body, etag=None, params=None):
        """PUT with ``If-Match`` when the object's GET gave an ETag (collectors, sources)."""
        headers = {"If-Match": etag} if etag else None
        return self.request("PUT", path, params=params, body=body, headers=headers)

    def delete(self, path, params=None):
        return self.request("DELETE", path, params=params)

    # -- asynchronous jobs --------------------------------------------------------------

    def run_job(self, method, path, status_path, what, params=None, body=None, files=None, changes_nothing=False,
                timeout=None):
        """Start an asynchronous job and wait for its end; returns ``(job id, its last status)``.

        The request to ``path`` answers ``{"id": <job id>}``; ``status_path % job_id`` is
        polled (at once, then after waits growing from JOB_POLL_FIRST to JOB_POLL_MAX
        seconds) until the status is ``Success`` or ``PartialSuccess``. A ``Failed`` job, or
        one still running after ``timeout`` seconds (default ``job_timeout``), raises
        :class:`JobError` naming ``what`` (``import of /Library/Users/...``) and the job.
        The content API and the lookup table API answer their jobs' errors in two shapes
        (``error``, ``errors``): both are read.
        """
        resp = self.request(method, path, params=params, body=body, files=files, changes_nothing=changes_nothing)
        job_id = (resp.json or {}).get("id") if isinstance(resp.json, dict) else None
        if not job_id:
            raise JobError("%s: %s %s answered no job id" % (what, method, path))
        return job_id, self.wait_job(status_path % quote_segment(job_id), what, job_id, timeout)

    def wait_job(self, status_path, what, job_id, timeout=None):
        """Poll a job's status until it ends (see :meth:`run_job`); returns its last status."""
        timeout = self.job_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        wait = JOB_POLL_FIRST
        while True:
            status = self.get(status_path).json or {}
            state = status.get("status")
            if state in JOB_DONE:
                return status
            if state in JOB_FAILED:
                errors = status.get("errors") or ([status["error"]] if status.get("error") else [])
                first = errors[0] if errors and isinstance(errors[0], dict) else {}
                text = "; ".join("%s%s%s" % ("%s: " % e["code"] if e.get("code") else "", e.get("message") or "",
                                             " (%s)" % e["detail"] if e.get("detail") else "")
                                 for e in errors if isinstance(e, dict)) or "no error given"
                raise JobError("%s failed (job %s): %s" % (what, job_id, text), job_id=job_id,
                               code=first.get("code"), status=status)
            if time.monotonic() + wait > deadline:
                raise JobError("%s: job %s is still %s after %d s; raise job_timeout to wait longer" % (
                    what, job_id, state or "running", timeout), job_id=job_id, status=status)
            time.sleep(wait)
            wait = min(JOB_POLL_MAX, wait * 2)

    # -- pagination -------------------------------------------------------------------

    def paginate_offset(self, path, key, params=None, limit=1000):
        """Every item of an offset/limit listing (collectors): ``{key: [...]}`` pages."""
        offset = 0
        while True:
            query = dict(params or {}, limit=limit, offset=offset)
            page = (self.get(path, params=query).json or {}).get(key) or []
            yield from page
            if len(page) < limit:
                return
            offset += len(page)

    def paginate_token(self, path, params=None, limit=None, token_param="token", page_of=None):
        """Every item of a token/next listing (users, roles; Cloud SIEM with ``page_of``).

        ``page_of(body) -> (items, next_token)``; the default reads ``data`` and ``next``.
        """
        page_of = page_of or (lambda body: ((body or {}).get("data") or [], (body or {}).get("next")))
        token = None
        seen = set()
        while True:
            query = dict(params or {})
            if limit:
                query["limit"] = limit
            if token:
                query[token_param] = token
            items, token = page_of(self.get(path, params=query).json)
            yield from items
            if not token:
                return
            if token in seen:
                raise SumoError("GET %s: the API returned the same page token twice (%s)" % (path, token))
            seen.add(token)


class _Multipart:
    """A multipart/form-data body (``{"file": (name, bytes, content type)}``), encoded at each attempt."""

    def __init__(self, files):
        self.files = files

    def encode(self):
        return encode_multipart_formdata(self.files)


def _retry_after(answer):
    """Seconds of the answer's ``Retry-After`` (a number or an HTTP date), or None."""
    value = answer.headers.get("Retry-After")
    if not value:
        return None
    try:
        return Retry(0).parse_retry_after(value)
    except Exception:  # an unreadable header is as good as none
        return None


def _never_sent(exc):
    """True when the connection failed before the request left (refused, unknown host, connect timeout)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    return isinstance(getattr(reason, "reason", reason), ConnectTimeoutError)


def _reason(exc, secrets=()):
    """A short reason from a requests exception, without credentials."""
    text = redact(str(exc), secrets)
    return text if len(text) < 300 else text[:300] + "..."
