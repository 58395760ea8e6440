# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The engine: a resource is declared once, and the engine finds, plans and writes.

A declaration (a subclass of :class:`Resource`) is mostly data: where the objects live
(``path``, ``body_key``, ``parent``), how they are identified (:class:`Identity`), how a
write is guarded (``guard``: an ETag, the object's ``version``, or nothing), which
options map onto which API fields (a table of :class:`Field`) and what a PUT takes
(``read_only`` or ``writable``). Its hooks (at most twelve, see :class:`Resource`) are
pure: they compare, and they *return* the requests to make; the :class:`Engine` sends
them. docs/architecture.md says in which order the engine calls them.

For each desired object the engine first makes a :class:`Plan` (validation, the lookup,
names resolved to ids, only the options the user set compared, and the requests a change
needs), then carries it out:

* every request of the plan is sent in order and counted: when a later one fails, the
  task reports ``changed`` with the writes that were carried out;
* an update carries the ETag or the version it was computed from; a stale one is re-read,
  re-planned and tried again (at most ``CONFLICT_RETRIES`` times), so a concurrent edit is
  never overwritten silently;
* a create whose answer was lost (no answer, an empty one, or a gateway's 502/504) is
  looked up before it is ever sent again; a create that could not carry every option is
  followed by the update that sets the rest;
* a delete answered 404, or refused for an object that turns out to be gone, is done;
* check mode never writes (and the client refuses writes in check mode as well); the
  result and the diff come from the same plan.

It knows nothing of collectors or users.
"""

import copy
import datetime
import re
import threading
import traceback

from ansible_collections.community.sumologic.plugins.module_utils.api import (
    ConflictError,
    InputError,
    SumoApiError,
    SumoError,
    may_have_been_carried_out,
    quote_segment,
)
from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule, snake_dict
from ansible_collections.community.sumologic.plugins.module_utils.secrets import MASK as MASK_SHOWN
from ansible_collections.community.sumologic.plugins.module_utils.secrets import keep_masked, mask, masked_paths

# Re-read-and-retry rounds after a stale write before the object fails.
CONFLICT_RETRIES = 3
# "Not given" where None is a value (no parent, no object).
MISSING = object()
# The key marking a parent a check-mode audit assumes will be there (see Run.assume_present).
ASSUMED = "__assumed__"


# -- how options compare -----------------------------------------------------------------------------

class Field:
    """One module option that maps onto one API field; its argument spec is derived from it.

    ``type`` is the option's type (``str``, ``int``, ``bool``, ``list``, ``dict``); ``kind``
    how values compare: ``scalar`` (==), ``set`` (a list whose order does not matter),
    ``list`` (order matters), ``map`` (a dict, merged unless its ``purge`` option is true),
    ``keys`` (a dict whose keys are further API fields, each compared as given: a
    source's ``config``), or ``instant`` (an RFC 3339 date-time, compared as the moment it
    names: the API may answer it in another zone or format than it was given); by default
    ``map`` for a dict, ``list`` for a list, else ``scalar``.
    ``purge`` names the boolean option that says whether a set or map is the whole desired
    value. ``create_only`` fields are sent on create and never compared afterwards;
    ``fixed`` ones likewise, and an existing object with another value fails the task (a
    collector's type). ``on_create=False`` leaves the field out of the POST: the update
    that follows the create sets it (a user is always created active). ``resolver`` turns
    the user's values into the API's (role names into ids) and back. ``pending`` names the
    API key of a value the object is headed for (a retention reduction that takes effect
    later): the options show that one, so that given back it changes nothing. ``spec`` adds
    keys to the option's argument spec (``options`` of a list of dicts, and their constraints).
    """

    KINDS = ("scalar", "set", "list", "map", "keys", "instant")

    def __init__(self, api, type="str", kind=None, elements=None, choices=None, purge=None, create_only=False,
                 fixed=False, on_create=True, resolver=None, pending=None, spec=None):
        if kind is None:
            kind = {"dict": "map", "list": "list"}.get(type, "scalar")
        if kind not in self.KINDS:
            raise ValueError("unknown field kind %r" % kind)
        self.api = api
        self.type = type
        self.kind = kind
        self.elements = elements
        self.choices = choices
        self.purge = purge
        self.create_only = create_only or fixed
        self.fixed = fixed
        self.on_create = on_create
        self.resolver, self.pending = resolver, pending
        self.extra_spec = spec or {}

    def spec(self) -> dict:
        spec = {"type": self.type}
        if self.elements:
            spec["elements"] = self.elements
        if self.choices:
            spec["choices"] = list(self.choices)
        spec.update(copy.deepcopy(self.extra_spec))
        return spec

    @property
    def collection(self):
        """True for the kinds a purge applies to (sets, lists, maps)."""
        return self.kind in ("set", "list", "map")


def empty_value(field):
    return {} if field.kind == "map" else []


def desired_value(field, wanted, current, purge):
    """The value ``field`` should have, given what the user asked and what is there."""
    if field.kind == "set":
        wanted = list(wanted)
        if purge or current is None:
            return wanted
        return list(current) + [item for item in wanted if item not in current]
    if field.kind == "map":
        wanted = dict(wanted)
        if purge or not current:
            return wanted
        merged = dict(current)
        merged.update(wanted)
        return merged
    return wanted


# An RFC 3339 date-time with its zone: 2026-01-01T00:00:00Z, 2026-01-01T02:00:00.5+02:00.
INSTANT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})$")


def parse_instant(value):
    """An RFC 3339 date-time with a zone as an aware datetime, or None when ``value`` is not one."""
    match = INSTANT.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    parts = [int(part) for part in match.groups()[:6]]
    micro = int((match.group(7) or "").ljust(6, "0")[:6])
    zone = match.group(8)
    offset = datetime.timedelta(0)
    if zone.upper() != "Z":
        digits = zone[1:].replace(":", "")
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        if zone[0] == "-":
            offset = -offset
    try:
        return datetime.datetime(*parts, microsecond=micro, tzinfo=datetime.timezone(offset))
    except ValueError:  # 2026-02-30, 25:00, an offset of a day or more
        return None


def same_value(field, current, wanted):
    """True when ``current`` already is ``wanted`` for this kind of field."""
    if field.kind == "instant":
        moments = parse_instant(current), parse_instant(wanted)
        if None not in moments:
            return moments[0] == moments[1]
    if field.kind == "set":
        return sorted(map(repr, current or [])) == sorted(map(repr, wanted or []))
    if field.kind == "map":
        return (current or {}) == (wanted or {})
    if field.kind == "list":
        return list(current or []) == list(wanted or [])
    return current == wanted


class ValueMap:
    """A resolver between an option's values and the API's, by a fixed table (``True`` <-> ``"Enabled"``)."""

    def __init__(self, table):
        self.table = dict(table)
        self.reverse = {api: option for option, api in self.table.items()}

    def prepare(self, run, values):
        """Nothing to look up."""

    def to_api(self, run, value, option, known):
        return self.table[value]

    def to_options(self, run, value):
        return self.reverse.get(value, value)


# -- identity ------------------------------------------------------------------------------------

class Identity:
    """How a declaration's objects are told apart; the engine derives every lookup and label from it.

    ``option`` is the option naming the object (``name``, ``email``), ``api`` the API key(s)
    it is compared with; ``case`` is ``exact`` or ``fold`` (the API treats the names without
    regard to case: the exact name still wins, else the one object whose name differs only
    in case). ``id_option`` names an existing object by its id (``collector_id``; its API
    key ``id_api``), ``also`` options that name the object too when ``option`` finds none
    (a user's ``new_email``, once the change is done). ``required``: the option must be given.
    """

    def __init__(self, option="name", api=None, case="exact", id_option=None, id_api="id", id_type="str", also=(),
                 required=False):
        if case not in ("exact", "fold"):
            raise ValueError("unknown identity case rule %r" % case)
        apis = api if api is not None else option
        self.apis = (apis,) if isinstance(apis, str) else tuple(apis)
        self.option = option
        self.case = case
        self.id_option = id_option
        self.id_api = id_api
        self.id_type = id_type
        self.also = tuple(also)
        self.required = required

    def key(self, value):
        """``value`` as compared: folded where the API folds names."""
        value = str(value)
        return value.lower() if self.case == "fold" else value

    def name_of(self, obj):
        return obj.get(self.apis[0])


class Matcher:
    """The one rule for finding an object by its name among many, for every declaration.

    The exact name first; else, where the identity folds case, the single object whose
    name differs only in case (two such objects: none is taken).
    """

    def __init__(self, identity, currents):
        self.identity = identity
        self.exact = {}
        self.folded = {}
        for current in currents:
            for api in identity.apis:
                value = current.obj.get(api)
                if value is None:
                    continue
                self.exact.setdefault(str(value), current)
                bucket = self.folded.setdefault(str(value).lower(), [])
                if not any(other is current for other in bucket):
                    bucket.append(current)

    def find(self, value):
        hit = self.exact.get(str(value))
        if hit is not None or self.identity.case != "fold":
            return hit
        candidates = self.folded.get(str(value).lower()) or []
        return candidates[0] if len(candidates) == 1 else None


class Parent:
    """The object a declaration's objects live in (a source's collector, a monitor's folder).

    ``resource`` is the parent's declaration (its identity finds the parent); ``option`` and
    ``id_option`` the options naming it; children are listed and created at the parent's
    path plus ``segment`` (``/v1/collectors/{id}/sources``), or, with ``query``, at the
    child's own path with the parent's id in that query parameter (``?parentId=``).
    """

    def __init__(self, resource, option, id_option=None, segment=None, query=None):
        self.resource = resource()
        self.option = option
        self.id_option = id_option
        self.segment = segment
        self.query = query

    def given(self, params):
        """``(option, value)`` of the parent the options name, or None."""
        if self.id_option and params.get(self.id_option) is not None:
            return self.id_option, params[self.id_option]
        if params.get(self.option) is not None:
            return self.option, params[self.option]
        return None


class Retired:
    """Objects that still exist but count as absent (a decommissioned partition): never deleted again,
    and their name cannot be used for a new one. ``word`` says what they are."""

    def __init__(self, key, value, word):
        self.key = key
        self.value = value
        self.word = word

    def holds(self, obj):
        return obj is not None and obj.get(self.key) == self.value


# -- listings ------------------------------------------------------------------------------------

class Offset:
    """An ``offset``/``limit`` listing answering ``{key: [...]}`` (the Collector Management API)."""

    def __init__(self, key, limit=1000):
        self.key = key
        self.limit = limit

    def read(self, client, path, query=None):
        return client.paginate_offset(path, self.key, params=query, limit=self.limit)


class Token:
    """A ``limit``/``token`` listing answering ``{"data": [...], "next": ...}`` (the OpenAPI-described APIs)."""

    def __init__(self, limit=1000):
        self.limit = limit

    def read(self, client, path, query=None):
        return client.paginate_token(path, params=query, limit=self.limit)


class Whole:
    """A listing answering every object at once, ``{key: [...]}`` (Field Management)."""

    def __init__(self, key="data"):
        self.key = key

    def read(self, client, path, query=None):
        return list((client.get(path, params=query).json or {}).get(self.key) or [])


# -- what the engine works with -----------------------------------------------------------------------

class Record:
    """A plain object whose ``__slots__`` are given as arguments (in their order) or keywords, the others
    taking ``defaults`` (or None)."""

    __slots__ = ()
    defaults = {}

    def __init__(self, *args, **kwargs):
        values = dict(self.defaults, **dict(zip(self.__slots__, args)), **kwargs)
        for name in self.__slots__:
            setattr(self, name, values.get(name))


class Current(Record):
    """An object as last read, with the ETag of that read (None when the API gives none).

    ``obj, etag, path, parent``: ``path`` is the object's own API path; ``parent`` the object it
    lives in (a source's collector).
    """

    __slots__ = ("obj", "etag", "path", "parent")


class Request(Record):
    """One request a plan makes: ``method, path, body, query, etag``; ``returns`` when its answer is the
    object after it; ``action`` names a request that is not a field write (a password reset, a comment),
    as results report it; ``effect`` the keys it changes in the object when its answer does not show them
    (``{"isLocked": False}``).

    ``perform``, when given, is a function of the client that the engine calls instead of sending
    the request as it is, for a step that is more than one HTTP call: an asynchronous job (start,
    poll, read), folders made one inside the other. It returns what the request would (an object
    with ``json``), and is called only when the plan is carried out, never in check mode.
    """

    __slots__ = ("method", "path", "body", "query", "etag", "action", "returns", "effect", "perform")
    defaults = {"returns": False}

    def __repr__(self):
        return "%s %s" % (self.method, self.path)


class Plan(Record):
    """What the engine will do for one desired object, decided before any write:
    ``Plan(index, params, label, parent, current)``.

    ``action`` is None (nothing to do), ``create``, ``update`` or ``delete``; ``requests`` the
    requests it makes; ``expected`` the object after them (what check mode and the diff show).
    """

    __slots__ = ("index", "params", "label", "parent", "current", "action", "requests", "changes", "expected",
                 "actions")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests, self.changes, self.actions = [], {}, []
        self.expected = self.current.obj if self.current is not None else None


class Outcome:
    """What happened to one object: the action taken, the object before and after, the requests carried out, an error."""

    __slots__ = ("label", "params", "action", "before", "after", "actions", "error", "done", "plan")

    def __init__(self, plan):
        self.plan = plan
        self.label = plan.label
        self.params = plan.params
        self.action = plan.action
        self.before = plan.current.obj if plan.current is not None else None
        self.after = plan.expected
        self.actions = list(plan.actions)
        self.error = None
        self.done = []  # the requests carried out (a failed outcome may still have changed things)

    @property
    def changed(self):
        if self.error is not None:
            return any(request.method != "GET" for request in self.done)
        return self.action is not None or bool(self.actions)


class Run:
    """What one task knows while it runs: the client, check mode, and a memo of lookups.

    The memo holds what the run's shared services learned once (the role listing, users
    found by email); the threads of a plural module share the run (the client gives each
    thread a session of its own).
    """

    def __init__(self, client, check_mode=False, warn=None, assume_present=None):
        self.client = client
        self.check_mode = check_mode
        self.warn = warn or (lambda msg: None)
        self._memo = {}
        self._lock = threading.RLock()
        # Check mode only: objects an earlier check-mode task of an audit would create (family -> names).
        self._assumed = {family: {str(name).lower() for name in names or ()}
                         for family, names in (assume_present or {}).items()} if check_mode else {}

    def assumed(self, family, name):
        """True when a check-mode task is told that ``name`` of ``family`` (``roles``) will exist by then."""
        return name is not None and str(name).lower() in self._assumed.get(family, ())

    def memo(self, key, compute):
        """``compute()`` once per run for ``key`` (thread-safe: the first caller computes)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]

    def known(self, key):
        with self._lock:
            return key in self._memo


# -- declarations ------------------------------------------------------------------------------------

class Resource:
    """Base of every declaration: data (the class attributes) and at most twelve hooks.

    The hooks, in the order a task calls them (docs/architecture.md has the whole order):

    ``validate``      the options of one object, before any request (raise InputError naming the option)
    ``lookup``        optional fast path of the identity lookup (one GET by name)
    ``list``          every object (of a parent): one listing
    ``compare``       API field -> new value for what differs (default: by the fields' kinds)
    ``can_create``    refuse, before any write, what cannot be created
    ``create``        the requests that create the object (default: one POST)
    ``update``        the requests that make the object as wanted (default: one PUT by the PUT rule)
    ``delete``        the requests that delete it (default: one DELETE)
    ``review``        checks over every plan of the task (a quota), and extra result keys
    ``to_result``     the object as modules return it (default: snake_case keys)
    ``to_config``     the object in the form of the options (what ``gathered`` returns)
    ``in_scope``      whether a listed object is in a plural task's ``scope``

    None keeps state on the instance: every hook gets what it needs.
    """

    #: words naming the resource in messages, e.g. "collector"
    kind = None
    #: collection path, e.g. "/v1/collectors" (children of a parent: see ``parent``)
    path = None
    #: key wrapping request and answer bodies ({"collector": {...}}), or None
    body_key = None
    #: key wrapping answers only ({"data": {...}} of Cloud SIEM), when it differs from body_key
    answer_key = None
    #: key of the module result holding the object, when it is not the kind's (``lookup_table``)
    result_key = None
    #: how objects are identified
    identity = Identity()
    #: the object the objects live in (Parent), or None
    parent = None
    #: how the objects are listed (Offset, Token, Whole), or None when they cannot be; by default the
    #: ``limit``/``token`` pages of the OpenAPI-described APIs
    listing = Token()
    #: objects that exist but count as absent (Retired), or None
    retired = None
    #: how writes are guarded: "etag" (If-Match, required), "version" (the body's version), or None
    guard = None
    #: option name -> Field
    fields = {}
    #: the other options of the module (argument spec entries): purge flags, actions
    options = {}
    #: AnsibleModule constraints between options
    required_one_of = ()
    mutually_exclusive = ()
    required_if = ()
    #: the PUT rule: the whole object but these keys ...
    read_only = ()
    #: ... or, when set, only these keys (the fields the API's PUT accepts), with these defaults
    writable = None
    write_defaults = {}
    #: keys every create body carries unless the options set them
    create_defaults = {}
    #: API keys whose values are user data: kept as they are in snake_case results
    keep_keys = ()
    #: whether the module has a ``state`` option (present/absent)
    has_state = True
    #: result key -> plan action or request action: true when it was (would be) carried out
    result_flags = {}
    #: result key listing the actions carried out (request actions), or None
    result_actions = None
    #: the options of a plural task's ``scope``, and the API key each regular expression is searched in
    #: (``PARENT``: the name of the object's parent; ``Subtree(key)``: the option is a path, not a pattern)
    scope_options = {"name": {"type": "str"}}
    scope_patterns = {"name": "name"}

    # -- the argument spec, from the declaration --------------------------------------------------

    @classmethod
    def argument_spec(cls) -> dict:
        spec = {option: field.spec() for option, field in cls.fields.items()}
        identity = cls.identity
        spec.setdefault(identity.option, {"type": "str"})
        if identity.required:
            spec[identity.option] = dict(spec[identity.option], required=True)
        for option in identity.also:
            spec.setdefault(option, {"type": "str"})
        if identity.id_option:
            spec.setdefault(identity.id_option, {"type": identity.id_type})
        if cls.parent is not None:
            parent_identity = cls.parent.resource.identity
            spec.setdefault(cls.parent.option, {"type": "str"})
            if cls.parent.id_option:
                spec.setdefault(cls.parent.id_option, {"type": parent_identity.id_type})
        spec.update(copy.deepcopy(cls.options))
        if cls.has_state:
            spec["state"] = {"type": "str", "default": "present", "choices": ["present", "absent"]}
        return spec

    @classmethod
    def module_constraints(cls) -> dict:
        constraints = {}
        for name in ("required_one_of", "mutually_exclusive", "required_if"):
            if getattr(cls, name):
                constraints[name] = [list(item) for item in getattr(cls, name)]
        return constraints

    # -- paths and bodies: derived ------------------------------------------------------------------

    def object_id(self, obj):
        return obj[self.identity.id_api]

    @classmethod
    def result_name(cls):
        """The key of the module result holding the object: ``result_key``, else the kind (``lookup_table``)."""
        return cls.result_key or cls.kind.replace(" ", "_")

    @classmethod
    def family(cls):
        """The declaration's name in ``assume_present`` and the organisation's export: ``roles``, ``collectors``."""
        return cls.kind.replace(" ", "_") + "s"

    def collection_path(self, parent=None):
        """Where the objects are listed and created (a source's: under its collector)."""
        if self.parent is not None and self.parent.segment and parent is not None:
            return "%s/%s" % (self.parent.resource.item_path(parent), self.parent.segment)
        return self.path

    def item_path(self, obj, parent=None):
        return "%s/%s" % (self.collection_path(parent), quote_segment(self.object_id(obj)))

    def unwrap(self, body):
        key = self.answer_key or self.body_key
        if key and isinstance(body, dict) and key in body:
            return body[key]
        return body

    def wrap(self, obj):
        return {self.body_key: obj} if self.body_key else obj

    def put_body(self, merged):
        """The body of a PUT from the whole object with the changes merged: by ``writable`` or ``read_only``."""
        if self.writable is None:
            return {key: value for key, value in merged.items() if key not in self.read_only}
        body = {key: merged[key] for key in self.writable if key in merged}
        for key, default in self.write_defaults.items():
            if body.get(key) is None:
                body[key] = copy.deepcopy(default)
        return body

    def put(self, current, changes):
        """The PUT of the whole object with ``changes`` merged, guarded as the declaration says."""
        merged = copy.deepcopy(current.obj)
        merged.update(changes)
        path = current.path if current.path is not None else self.item_path(current.obj, current.parent)
        return Request("PUT", path,
                       body=self.wrap(self.put_body(merged)), etag=current.etag, returns=True)

    def is_stale(self, exc):
        """True when a write was refused because the object changed since it was read."""
        if not isinstance(exc, SumoApiError):
            return False
        if exc.status == 412:
            return True
        if self.guard == "version":
            mentions = " ".join(str(part) for part in (exc.code, exc.message) if part).lower()
            return exc.status == 409 or (exc.status == 400 and "version" in mentions)
        return False

    # -- hooks --------------------------------------------------------------------------------------

    def validate(self, params: dict) -> None:
        """Check (and normalise) one object's options before any request; raise InputError naming the option."""

    def lookup(self, run: "Run", name: str, parent: "dict | None") -> "list | None":
        """Candidates for the object called ``name`` with one request (dicts or Current), or None to use
        the listing. The engine picks among them by the identity's rule."""
        return None

    def list(self, run: "Run", parent: "dict | None" = None, query: "dict | None" = None) -> "list":
        """Every object (of ``parent``): API dicts, one listing where the API allows it."""
        if self.listing is None:
            raise NotImplementedError("%ss cannot be listed" % self.kind)
        return list(self.listing.read(run.client, self.collection_path(parent), query))

    def compare(self, run: "Run", params: dict, obj: dict, wanted: dict) -> dict:
        """API field -> new value, for the fields of ``wanted`` ({api: (Field, value)}) that differ from ``obj``."""
        changes = {}
        for api, (field, value) in wanted.items():
            purge = params.get(field.purge, True) if field.purge else True
            target = desired_value(field, value, obj.get(api), purge)
            if not same_value(field, obj.get(api), target):
                changes[api] = target
        return changes

    def can_create(self, run: "Run", params: dict, parent: "dict | None") -> None:
        """Raise InputError when the object cannot be created (an installed collector, a missing option)."""

    def create(self, run: "Run", params: dict, body: dict, parent: "dict | None") -> "list[Request]":
        query = None
        if self.parent is not None and self.parent.query and parent is not None:
            query = {self.parent.query: self.parent.resource.object_id(parent)}
        return [Request("POST", self.collection_path(parent), body=self.wrap(body), query=query, returns=True)]

    def update(self, run: "Run", params: dict, current: "Current", changes: dict) -> "list[Request]":
        return [self.put(current, changes)] if changes else []

    def delete(self, run: "Run", params: dict, current: "Current") -> "list[Request]":
        path = current.path if current.path is not None else self.item_path(current.obj, current.parent)
        return [Request("DELETE", path)]

    def review(self, run: "Run", plans: "list[Plan]") -> dict:
        """Checks over every plan of the task before any write (raise InputError); extra result keys."""
        return {}

    def to_result(self, run: "Run", obj: dict) -> dict:
        return snake_dict(obj, keep=self.keep_keys)

    def to_config(self, run: "Run", current: "Current") -> dict:
        """The object in the form of the options (``gathered``): the fields, its name, its parent."""
        obj = current.obj
        config = {}
        known = {"id", self.identity.id_api} | set(self.read_only)
        for option, field in self.fields.items():
            if field.kind == "keys":
                continue
            known.add(field.api)
            value = obj.get(field.api)
            if field.pending and obj.get(field.pending) is not None:
                value = obj[field.pending]
            if value is None:
                continue
            if field.resolver is not None:
                value = field.resolver.to_options(run, value)
            config[option] = value
        name = self.identity.name_of(obj)
        if self.identity.option not in config and name is not None:
            config[self.identity.option] = name
        known.update(self.identity.apis)
        for option, field in self.fields.items():
            if field.kind == "keys":
                extras = {key: value for key, value in obj.items() if key not in known and value is not None}
                if extras:
                    config[option] = extras
        if self.parent is not None and current.parent is not None:
            config[self.parent.option] = self.parent.resource.identity.name_of(current.parent)
        return config

    def in_scope(self, scope: dict, current: "Current", destructive: bool) -> bool:
        return all(scope_matches(api, pattern, self.scope_value(current, scope_key(api)))
                   for option, api in self.scope_patterns.items()
                   for pattern in [scope.get(option)] if pattern is not None)

    def scope_value(self, current, api):
        if api is PARENT:
            return self.parent.resource.identity.name_of(current.parent or {}) if self.parent else None
        return current.obj.get(api)


#: In ``scope_patterns``: the pattern is searched in the name of the object's parent.
PARENT = object()


def check_name(params, option, limit, pattern, rule):
    """A name option of 1 to ``limit`` characters matching ``pattern``, else InputError naming it (``rule`` says why)."""
    name = params[option]
    if not 1 <= len(name) <= limit:
        raise InputError("1 to %d characters are required, got %d" % (limit, len(name)), option=option)
    if not pattern.match(name):
        raise InputError("%r %s" % (name, rule), option=option)


class Subtree:
    """In ``scope_patterns``: the scope option is a path (``/Monitors/Platform``), not a regular expression.

    The objects whose ``api`` value (an API key, or ``PARENT``: the name of the object's
    parent) is that path, or a path below it, are in scope; characters compare exactly.
    ``default`` is the tree a plural task lists when the option is not given, if the task
    gives a ``scope`` or names no parent (``/``: everything); it never counts as a scope
    for the guards against deleting by accident.
    """

    def __init__(self, api, default=None):
        self.api = api
        self.default = default

    def holds(self, path, value):
        path = str(path).rstrip("/")
        value = str(value if value is not None else "")
        return value == path or value.startswith(path + "/")


def scope_key(api):
    """The API key (or ``PARENT``) a ``scope_patterns`` entry reads."""
    return api.api if isinstance(api, Subtree) else api


def scope_matches(api, pattern, value):
    """True when ``value`` is in scope for the ``scope_patterns`` entry ``api`` and the scope's ``pattern``."""
    if isinstance(api, Subtree):
        return api.holds(pattern, value)
    return matches(pattern, value)


def matches(pattern, value):
    return re.search(pattern, str(value if value is not None else "")) is not None


# -- the engine ----------------------------------------------------------------------------------------

class Engine:
    """Plans and carries out the desired state of objects of one declaration."""

    def __init__(self, resource, run, purge_all=False, read_before_update=False):
        self.resource = resource
        self.run = run
        self.purge_all = purge_all
        # Objects planned from a listing are read again just before their update: for the ETag
        # where the API demands one, and everywhere so that the PUT carries what is there now.
        self.read_before_update = read_before_update
        self._parents = {}
        self._parents_lock = threading.Lock()

    # -- names and messages, from the identity ----------------------------------------------------------

    def parent_label(self, params, parent=None):
        res = self.resource
        if res.parent is None:
            return None
        if parent is not None:
            return res.parent.resource.identity.name_of(parent)
        given = res.parent.given(params)
        return str(given[1]) if given else None

    def label(self, params, obj=None, parent=None):
        """A short name of the object for results and messages (its name, email, ``collector/name``)."""
        ident = self.resource.identity
        name = ident.name_of(obj) if obj is not None else None
        if name is None:
            name = params.get(ident.option)
        if name is None and ident.id_option and params.get(ident.id_option) is not None:
            name = "id %s" % params[ident.id_option]
        prefix = self.parent_label(params, parent)
        return "%s/%s" % (prefix, name) if prefix is not None else name

    def describe(self, params, obj=None, parent=None):
        """The object as named in messages: ``collector 'web' (id 12)``."""
        kind = self.resource.kind
        if obj is not None:
            return "%s %r (id %s)" % (kind, self.label(params, obj, parent), obj.get(self.resource.identity.id_api))
        ident = self.resource.identity
        if params.get(ident.option) is None and ident.id_option and params.get(ident.id_option) is not None:
            return "%s with id %s" % (kind, params[ident.id_option])
        return "%s %r" % (kind, self.label(params, None, parent))

    # -- reading -------------------------------------------------------------------------------------

    def current_of(self, found, parent):
        """A listed or looked-up object as :class:`Current` (with its path and parent)."""
        if isinstance(found, Current):
            if found.path is None:
                found.path = self.resource.item_path(found.obj, parent)
            found.parent = found.parent if found.parent is not None else parent
            return found
        return Current(found, None, self.resource.item_path(found, parent), parent)

    def listed(self, parent=None):
        """Every object (of ``parent``) as :class:`Current`."""
        return [self.current_of(obj, parent) for obj in self.resource.list(self.run, parent)]

    def read_by_id(self, object_id, parent=None):
        res = self.resource
        path = "%s/%s" % (res.collection_path(parent), quote_segment(object_id))
        resp = self.run.client.get_or_none(path)
        if resp is None or not resp.json:
            return None
        return Current(res.unwrap(resp.json), resp.etag, path, parent)

    def find(self, params, parent=None):
        """The object the options name, as :class:`Current`, or None: by id, else by name (fast path or listing)."""
        res, ident = self.resource, self.resource.identity
        if ident.id_option and params.get(ident.id_option) is not None:
            return self.read_by_id(params[ident.id_option], parent)
        for option in (ident.option,) + ident.also:
            value = params.get(option)
            if value is None:
                continue
            candidates = res.lookup(self.run, value, parent)
            if candidates is None:
                candidates = res.list(self.run, parent)
            found = Matcher(ident, [self.current_of(c, parent) for c in candidates]).find(value)
            if found is not None:
                return found
        return None

    def pick(self, objects, name):
        """``[the object called name]`` among API dicts (the identity's rule), or ``[]``."""
        found = Matcher(self.resource.identity, [Current(obj) for obj in objects]).find(name)
        return [found.obj] if found is not None else []

    def read(self, current):
        """A fresh GET of an existing object, with its ETag."""
        path = current.path or self.resource.item_path(current.obj, current.parent)
        resp = self.run.client.get(path)
        return Current(self.resource.unwrap(resp.json), resp.etag, path, current.parent)

    def parent_of(self, params):
        """The parent object the options name (found once per engine), or None when it does not exist."""
        given = self.resource.parent.given(params)
        if given is None:
            return None
        with self._parents_lock:
            if given in self._parents:
                return self._parents[given]
        spec = self.resource.parent
        option, value = given
        identity = spec.resource.identity
        found = Engine(spec.resource, self.run).find(
            {identity.id_option if option == spec.id_option else identity.option: value})
        parent = found.obj if found is not None else None
        if parent is None and option == spec.option and self.run.assumed(spec.resource.family(), value):
            # An audit of an apply that creates the parent first: it counts as there, without children.
            parent = {identity.apis[0]: value, identity.id_api: None, ASSUMED: True}
        with self._parents_lock:
            self._parents[given] = parent
        return parent

    def remember_parent(self, option, value, obj):
        with self._parents_lock:
            self._parents[(option, value)] = obj

    # -- planning: no write ----------------------------------------------------------------------------

    def params_for(self, params):
        """The options as compared: with ``purge_all``, every purge flag is true."""
        if not self.purge_all:
            return params
        params = dict(params)
        for field in self.resource.fields.values():
            if field.purge:
                params[field.purge] = True
        return params

    def wanted(self, params, creating, obj=None):
        """API field -> (Field, value) for the options the user set, resolved; unset options are left out.

        ``purge_all`` (the plural modules' replaced/overridden states) makes every set, list
        and map exactly the given value, and empty when the option is not given.
        """
        wanted = {}
        for option, field in self.resource.fields.items():
            if field.create_only and not creating:
                continue
            value = params.get(option)
            if field.kind == "keys":
                for key, item in (value or {}).items():
                    sub = Field(key, type="dict" if isinstance(item, dict) else "raw")
                    wanted[key] = (sub, keep_masked(item, (obj or {}).get(key)))
                continue
            if value is None:
                if not (self.purge_all and field.collection):
                    continue
                value = empty_value(field)
            if field.resolver is not None:
                known = (obj or {}).get(field.api) or ()
                value = field.resolver.to_api(self.run, value, option, known)
            wanted[field.api] = (field, keep_masked(value, (obj or {}).get(field.api)))
        return wanted

    def create_body(self, params, wanted):
        res, ident = self.resource, self.resource.identity
        body = {api: value for api, (field, value) in wanted.items() if field.on_create}
        if params.get(ident.option) is not None:
            body.setdefault(ident.apis[0], params[ident.option])
        for key, value in res.create_defaults.items():
            body.setdefault(key, copy.deepcopy(value))
        return body

    def option_of(self, path):
        """The option an API key path of a body comes from (``config`` for a source's free keys)."""
        top = path.split(".", 1)[0].split("[", 1)[0]
        for option, field in self.resource.fields.items():
            if field.api == top or (field.kind == "keys" and field.api is None):
                return option
        return top

    def check_fixed(self, params, current):
        """An existing object whose fixed field differs from the option cannot be what the options describe."""
        for option, field in self.resource.fields.items():
            value = params.get(option)
            if not field.fixed or value is None:
                continue
            wanted = field.resolver.to_api(self.run, value, option, ()) if field.resolver else value
            have = current.obj.get(field.api)
            if not same_value(field, have, wanted):
                shown = field.resolver.to_options(self.run, have) if field.resolver else have
                kind = self.resource.kind
                raise InputError("%s has %s %r; the %s of %s %s cannot change (to %r)" % (
                    self.describe(params, current.obj, current.parent), option, shown, option,
                    "an" if kind[:1].lower() in "aeiou" else "a", kind, value), option=option)

    def plan_update(self, params, current):
        """``(changes, requests, expected)`` that make ``current`` as the options want."""
        res = self.resource
        wanted = self.wanted(params, False, current.obj)
        changes = res.compare(self.run, params, current.obj, wanted)
        requests = res.update(self.run, params, current, changes)
        expected = copy.deepcopy(current.obj)
        expected.update(changes)
        for request in requests:
            expected = with_effect(expected, request.effect)
        return changes, requests, expected

    def plan(self, params, current=MISSING, parent=MISSING, index=None):
        """The :class:`Plan` for one object's options; reads, never writes. Raises InputError for bad input."""
        res, run = self.resource, self.run
        params = self.params_for(params)
        state = params.get("state", "present")
        if res.parent is not None and parent is MISSING:
            parent = self.parent_of(params)
            if parent is None and state != "absent":
                given = res.parent.given(params)
                if given is None:
                    raise InputError("required (or %s), for the object or for the whole task" % res.parent.id_option,
                                     option=res.parent.option)
                option, value = given
                raise InputError("%s %s does not exist" % (
                    res.parent.resource.kind, "with id %s" % value if option == res.parent.id_option else repr(value)))
        parent = None if parent is MISSING else parent
        if current is MISSING:
            known_parent = res.parent is None or (parent is not None and not parent.get(ASSUMED))
            current = self.find(params, parent) if known_parent else None
        label = self.label(params, current.obj if current is not None else None, parent)
        if current is not None and res.retired is not None and res.retired.holds(current.obj):
            if state == "absent":
                return Plan(index, params, label, parent, None)
            word = res.retired.word
            raise InputError("%s %r (id %s) is %s; a %s %s cannot be brought back and its name cannot be used again"
                             % (res.kind, label, current.obj.get(res.identity.id_api), word, word, res.kind),
                             option=res.identity.option)
        plan = Plan(index, params, label, parent, current)
        if state == "absent":
            if current is not None:
                plan.action = "delete"
                plan.requests = res.delete(run, params, current)
                plan.expected = None
            return plan
        if current is None:
            ident = res.identity
            if ident.id_option and params.get(ident.id_option) is not None:
                where = " in %s %r" % (res.parent.resource.kind, self.parent_label(params, parent)) if res.parent else ""
                raise InputError("there is no %s with id %s%s; give %s without %s to create one" % (
                    res.kind, params[ident.id_option], where, ident.option, ident.id_option), option=ident.id_option)
            res.can_create(run, params, parent)
            body = self.create_body(params, self.wanted(params, True))
            masked = masked_paths(body)
            if masked:
                raise InputError("%s masked (%s, as exports and gathered results show credentials): give the real "
                                 "value to create %s" % (", ".join(masked), MASK_SHOWN, self.describe(params)),
                                 option=self.option_of(masked[0]))
            plan.action = "create"
            plan.requests = res.create(run, params, body, parent)
            # What the object will be once the update that follows the create has set the rest.
            dummy, followups, plan.expected = self.plan_update(params, Current(body, parent=parent, path=""))
            plan.changes = body
            plan.actions = [request.action for request in followups if request.action]
            return plan
        self.check_fixed(params, current)
        plan.changes, plan.requests, plan.expected = self.plan_update(params, current)
        if any(request.action is None for request in plan.requests):
            plan.action = "update"
        plan.actions = [request.action for request in plan.requests if request.action]
        return plan

    # -- carrying a plan out ---------------------------------------------------------------------------

    def send(self, request):
        if request.perform is not None:
            return request.perform(self.run.client)
        headers = {"If-Match": request.etag} if request.etag else None
        return self.run.client.request(request.method, request.path, params=request.query, body=request.body,
                                       headers=headers)

    def execute(self, plan):
        """Carry ``plan`` out (in check mode: say what would be). Never raises: a failure is the outcome's ``error``."""
        outcome = Outcome(plan)
        if self.run.check_mode or (plan.action is None and not plan.requests):
            return outcome
        try:
            if plan.action == "delete":
                self.carry_out_delete(plan, outcome)
                outcome.after = None
            elif plan.action == "create":
                outcome.after = self.carry_out_create(plan, outcome)
            else:
                outcome.after = self.carry_out_update(plan.params, plan.current, outcome, plan)
        except Exception as exc:  # every failure is the object's, reported with what was done
            outcome.error = exc
        return outcome

    def carry_out_delete(self, plan, outcome):
        for request in plan.requests:
            try:
                self.send(request)
            except SumoApiError as exc:
                if exc.status == 404 and request.method == "DELETE":
                    continue  # gone already (another run, or our own DELETE whose answer was lost): as asked
                # Refused: done all the same if the object is gone (or retired) meanwhile.
                try:
                    fresh = self.read(plan.current).obj
                except SumoApiError as again:
                    if again.status != 404:
                        raise exc
                    fresh = None
                retired = self.resource.retired
                if fresh is not None and not (retired is not None and retired.holds(fresh)):
                    raise
                continue
            outcome.done.append(request)

    def carry_out_create(self, plan, outcome):
        res, post = self.resource, plan.requests[0]
        created = None
        try:
            created = res.unwrap(self.send(post).json)
        except SumoError as exc:
            if not may_have_been_carried_out(exc):
                raise
        else:
            outcome.done.append(post)
        if not created:
            # The POST may have been carried out with its answer lost: look before sending it again.
            found = self.find(plan.params, plan.parent)
            if found is not None:
                created = found.obj
                if post not in outcome.done:
                    outcome.done.append(post)
            elif post in outcome.done:
                raise SumoError("%s %s: the answer carried no %s, and none is found" % (post.method, post.path, res.kind))
            else:
                created = res.unwrap(self.send(post).json)
                outcome.done.append(post)
        for request in plan.requests[1:]:
            self.send(request)
            outcome.done.append(request)
        # What the POST set that its answer does not show (a secret the API masks) is not to be set again.
        created = with_effect(created, post.effect)
        # Options a create cannot carry (a user's isActive) are set by an update straight after.
        current = Current(created, None, res.item_path(created, plan.parent), plan.parent)
        after = self.carry_out_update(plan.params, current, outcome, created=True)
        outcome.action = "create"
        return after

    def carry_out_update(self, params, current, outcome, plan=None, created=False):
        """The object after the update; re-read and re-planned when stale, at most CONFLICT_RETRIES times."""
        res = self.resource
        if plan is not None:
            changes, requests, expected = plan.changes, plan.requests, plan.expected
        else:
            changes, requests, expected = self.plan_update(params, current)
        if requests and current.etag is None and (self.read_before_update or res.guard == "etag"):
            current = self.read(current)
            if not created:
                outcome.before = current.obj
            changes, requests, expected = self.plan_update(params, current)
        lost_write = False
        for attempt in range(CONFLICT_RETRIES + 1):
            if not requests:
                # Nothing (left) to do; a write of ours whose answer was lost may have done it.
                if not created:
                    outcome.action = "update" if lost_write or outcome.done else None
                    outcome.actions = [r.action for r in outcome.done if r.action]
                return current.obj
            after = None
            try:
                for request in requests:
                    resp = self.send(request)
                    outcome.done.append(request)
                    if request.returns and resp.json:
                        after = res.unwrap(resp.json)
            except SumoApiError as exc:
                if not res.is_stale(exc):
                    raise
                # Changed since our read (by someone else, or by our own write whose answer was
                # lost before the client sent it again): re-read, re-plan, try again.
                lost_write = lost_write or bool(getattr(exc, "after_lost_answer", False))
                current = self.read(current)
                if not created:
                    outcome.before = current.obj
                changes, requests, expected = self.plan_update(params, current)
                continue
            if not created:
                outcome.action = "update" if any(r.action is None for r in outcome.done) else None
            outcome.actions = [r.action for r in outcome.done if r.action]
            if not after:
                return expected
            for request in requests:
                after = with_effect(after, request.effect)
            return after
        raise ConflictError(
            "%s was changed by someone else %d times while this task was updating it; nothing was "
            "overwritten. Run the task again." % (self.describe(params, current.obj, current.parent), CONFLICT_RETRIES + 1))

    # -- results -------------------------------------------------------------------------------------

    def result_of(self, obj, masked=False):
        """The object as the module returns it; ``masked`` for diffs (every credential masked)."""
        if obj is None:
            return {}
        return mask(self.resource.to_result(self.run, obj), keep_issued=not masked)

    def extra_results(self, outcome):
        res = self.resource
        extra = {}
        done = outcome.error is None
        for key, what in res.result_flags.items():
            extra[key] = done and (outcome.action == what or what in outcome.actions)
        if res.result_actions:
            extra[res.result_actions] = list(outcome.actions)
        return extra


def with_effect(obj, effect):
    """``obj`` as a request with this ``effect`` leaves it: keys set, and keys whose value is None removed."""
    obj = dict(obj)
    for key, value in (effect or {}).items():
        if value is None:
            obj.pop(key, None)
        else:
            obj[key] = value
    return obj


def error_result(exc):
    """``(msg, extra result keys)`` of a failure: the API's status and code, or the traceback of a bug."""
    extra = {}
    if isinstance(exc, SumoError):
        for attr in ("status", "code", "request_id"):
            if getattr(exc, attr, None) is not None:
                extra.setdefault("api_error", {})[attr] = getattr(exc, attr)
        return str(exc), extra
    extra["exception"] = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return "unexpected error (%s): %s" % (type(exc).__name__, exc), extra


def done_of(outcome):
    """The writes of an outcome, as results list them (``PUT /v1/collectors/12``)."""
    return [repr(request) for request in outcome.done if request.method != "GET"]


# -- one object: the singular modules ---------------------------------------------------------------

def new_module(resource_class, **kwargs):
    """The AnsibleModule of a singular module, its argument spec built from the declaration."""
    return SumoModule(argument_spec=resource_class.argument_spec(), supports_check_mode=True,
                      **dict(resource_class.module_constraints(), **kwargs))


def fail(module, exc, **result):
    msg, extra = error_result(exc)
    result.update(extra)
    module.fail_json(msg=msg, **result)


def run_resource_module(resource_class, module=None):
    """``main()`` of a singular module: one object, made present or absent."""
    module = module or new_module(resource_class)
    resource = resource_class()
    run = Run(module.client, module.check_mode, module.warn)
    engine = Engine(resource, run)
    params = dict(module.params)
    try:
        resource.validate(params)
        plan = engine.plan(params)
        resource.review(run, [plan])
    except Exception as exc:
        fail(module, exc, changed=False)
    outcome = engine.execute(plan)
    if outcome.error is not None:
        fail(module, outcome.error, changed=outcome.changed, done=done_of(outcome))
    result = dict(changed=outcome.changed)
    result[resource.result_name()] = engine.result_of(outcome.after)
    if module._diff:
        result["diff"] = dict(before=engine.result_of(outcome.before, masked=True),
                              after=engine.result_of(outcome.after, masked=True))
    result.update(engine.extra_results(outcome))
    module.exit_json(**result)
