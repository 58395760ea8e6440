# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one door to the Sumo Logic API.

Every HTTP call of the collection goes through :class:`SumoClient`: it owns the
session (connection reuse), basic auth, the deployment -> URL mapping, retries with
backoff that honour ``Retry-After``, the wrong-deployment redirect, pagination and the
shaping of Sumo Logic's error bodies into one readable message.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import traceback

try:
    from urllib.parse import urlsplit, urlunsplit, quote
except ImportError:  # pragma: no cover - Python 2 is not supported, keeps sanity quiet
    from urlparse import urlsplit, urlunsplit  # type: ignore
    from urllib import quote  # type: ignore

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry
except ImportError:
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
    requests = None
    HTTPAdapter = object

    class Retry(object):  # type: ignore
        pass


COLLECTION_VERSION = "0.1.0"
USER_AGENT = "community.sumologic/%s" % COLLECTION_VERSION

# Deployment (pod) name -> API base URL. us1 is the only one without its name in the host.
DEPLOYMENTS = ("us1", "us2", "au", "ca", "ch", "de", "eu", "fed", "in", "jp", "kr", "esc")

# Statuses worth another try: the request was refused (429) or a gateway hiccuped.
RETRY_STATUSES = (429, 502, 503, 504)
# Methods that may be sent again whatever happened to the first attempt.
IDEMPOTENT_METHODS = frozenset(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])


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
    """Any failure talking to Sumo Logic, with a message fit to show a user."""


class SumoConnectionError(SumoError):
    """The request may or may not have reached the service (connection reset, timeout)."""

    def __init__(self, method, path, reason):
        self.method = method
        self.path = path
        super(SumoConnectionError, self).__init__("%s %s: no answer from Sumo Logic: %s" % (method, path, reason))


class SumoApiError(SumoError):
    """An HTTP error answer, shaped from either of Sumo Logic's error bodies.

    The OpenAPI-described APIs answer ``{"id": ..., "errors": [{"code", "message", "detail"}]}``,
    the collector API a flat ``{"status", "id", "code", "message"}``; Cloud SIEM wraps
    ``{"errors": [...]}``. All become ``status``, ``code``, ``message``, ``request_id``.
    """

    def __init__(self, method, path, status, body_text):
        self.method = method
        self.path = path
        self.status = status
        self.code = None
        self.message = None
        self.detail = None
        self.request_id = None
        self.errors = []
        body = None
        try:
            body = json.loads(body_text) if body_text else None
        except ValueError:
            body = None
        if isinstance(body, dict):
            self.request_id = body.get("id") if isinstance(body.get("id"), str) else None
            errors = body.get("errors")
            if isinstance(errors, list) and errors:
                self.errors = [e for e in errors if isinstance(e, dict)]
            if self.errors:
                first = self.errors[0]
                self.code = first.get("code")
                self.message = "; ".join(str(e.get("message")) for e in self.errors if e.get("message")) or None
                self.detail = first.get("detail")
            else:
                self.code = body.get("code")
                self.message = body.get("message")
        if not self.message:
            text = (body_text or "").strip()
            self.message = text[:300] if text else "no error message in the answer"
        super(SumoApiError, self).__init__(self._format())

    def _format(self):
        text = "%s %s: HTTP %s" % (self.method, self.path, self.status)
        if self.code:
            text += " (%s)" % self.code
        text += ": %s" % self.message
        if self.detail:
            text += " (%s)" % self.detail
        if self.request_id:
            text += " [request id %s]" % self.request_id
        return text

    def has_code(self, *codes):
        found = set([self.code] + [e.get("code") for e in self.errors])
        return any(code in found for code in codes)


class SumoResponse(object):
    """What a call returned: status, decoded JSON (or None) and the ETag, if any."""

    __slots__ = ("status", "json", "etag", "headers")

    def __init__(self, status, body, etag, headers):
        self.status = status
        self.json = body
        self.etag = etag
        self.headers = headers


class SumoRetry(Retry):
    """urllib3 ``Retry`` that also re-sends a POST, but only after a 429.

    A 429 means Sumo Logic refused the request before doing anything with it, so no
    duplicate can come of sending it again; a POST that failed any other way is never
    re-sent blindly (the caller decides, usually by looking the object up).
    """

    def is_retry(self, method, status_code, has_retry_after=False):
        if method and method.upper() == "POST":
            return status_code == 429 and bool(self.total)
        return super(SumoRetry, self).is_retry(method, status_code, has_retry_after)


def build_retry(retries, backoff_factor=0.5, backoff_max=30):
    """The retry policy shared by every request of a run."""
    kwargs = dict(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        other=0,
        redirect=0,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=IDEMPOTENT_METHODS,
        backoff_factor=backoff_factor,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    try:
        return SumoRetry(backoff_max=backoff_max, backoff_jitter=0.25, **kwargs)
    except TypeError:  # urllib3 < 2 has neither backoff_max nor jitter as arguments
        return SumoRetry(**kwargs)


class SumoClient(object):
    """A Sumo Logic API client for one module run.

    ``check_mode=True`` makes it refuse any write: a second safety net beside the
    engine's own check, so a drift audit can never change an organisation.
    """

    def __init__(self, access_id, access_key, deployment=None, endpoint=None, validate_certs=True,
                 timeout=60, retries=5, backoff_factor=0.5, check_mode=False, warn=None, session=None):
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
        self.check_mode = check_mode
        self._warn = warn or (lambda msg: None)
        self._redirected = False
        self.request_count = 0
        self.session = session or requests.Session()
        self.session.auth = (access_id, access_key)
        self.session.verify = validate_certs
        self.session.headers.update({
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        })
        adapter = HTTPAdapter(max_retries=build_retry(retries, backoff_factor))
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)

    # -- the one request method ------------------------------------------------------

    def request(self, method, path, params=None, body=None, headers=None, ok=None):
        """Send one request to ``base_url + path``; returns a :class:`SumoResponse`.

        ``ok`` lists the statuses that are not errors (default: any 2xx). Raises
        :class:`SumoApiError` for an error answer and :class:`SumoConnectionError` when
        no answer came.
        """
        method = method.upper()
        if self.check_mode and method not in ("GET", "HEAD"):
            raise SumoError("refusing %s %s in check mode (a bug: please report it)" % (method, path))
        send_headers = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body)
            send_headers["Content-Type"] = "application/json"
        if params:
            params = dict((k, v) for k, v in params.items() if v is not None)
        answer = self._send(method, path, params, data, send_headers)
        if answer.status_code in (301, 302, 307, 308) and not self._redirected:
            answer = self._follow_deployment_redirect(answer, method, path, params, data, send_headers)
        good = ok if ok is not None else range(200, 300)
        if answer.status_code not in good:
            raise SumoApiError(method, path, answer.status_code, answer.text)
        parsed = None
        if answer.content:
            try:
                parsed = answer.json()
            except ValueError:
                parsed = None
        return SumoResponse(answer.status_code, parsed, answer.headers.get("ETag"), answer.headers)

    def _send(self, method, path, params, data, headers):
        url = self.base_url + path
        self.request_count += 1
        try:
            return self.session.request(method, url, params=params, data=data, headers=headers,
                                        timeout=self.timeout, allow_redirects=False)
        except requests.exceptions.RetryError as exc:
            raise SumoConnectionError(method, path, "gave up after retries (%s)" % _reason(exc))
        except requests.exceptions.RequestException as exc:
            raise SumoConnectionError(method, path, _reason(exc))

    def _follow_deployment_redirect(self, answer, method, path, params, data, headers):
        """A wrong deployment answers 301 with the right API host in ``Location``.

        requests would drop the credentials on a redirect to another host, so re-target
        the base URL here, send once more with auth, and tell the user what to set.
        """
        location = answer.headers.get("Location")
        if not location:
            return answer
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
        return self._send(method, path, params, data, headers)

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


def _reason(exc):
    """A short reason from a requests exception, without URLs (they may name hosts users care about, never secrets)."""
    text = str(exc)
    return text if len(text) < 300 else text[:300] + "..."
