# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The desired-vs-current engine.

A module declares its resource (a subclass of :class:`Resource`: path, body key, a table
of :class:`Field` that maps options onto API fields, identity lookups) and hands it to
:func:`run_resource_module` (one object) or, through
:mod:`~ansible_collections.community.sumologic.plugins.module_utils.resource_set`, to the
plural modules (a set of objects). A declaration keeps no state: every hook receives what
it needs (the :class:`Run` of the task, the options of one object); what a run learns on
the way (role names, collectors found) lives in the run's memo.

For each desired object the :class:`Engine` first makes a :class:`Plan` without writing
anything (validation, name -> id resolution, comparison of only the options the user
set), then carries it out:

* an update PUTs the whole current object with the changes merged, with ``If-Match``
  from the GET it was computed from; on 412 it re-reads, re-diffs and tries again (at
  most ``CONFLICT_RETRIES`` times), so a concurrent edit is never overwritten silently;
* a create whose answer was lost (no answer, or a gateway's 502/504) is not re-sent
  blindly: the object is looked up first, and created only if it is not there; a create
  that could not carry every option is followed by the update that sets the rest;
* check mode never writes (and the client refuses writes in check mode as well).

It knows nothing of collectors or users.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re
import threading

from ansible_collections.community.sumologic.plugins.module_utils.api import (
    SumoApiError,
    SumoConnectionError,
    SumoError,
    quote_segment,
)
from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule, snake_dict

# Re-read-and-retry rounds after a 412 before the object fails.
CONFLICT_RETRIES = 3
# Gateway answers that say nothing of whether the service carried the request out.
GATEWAY_STATUSES = (502, 504)
# What a masked secret looks like in a diff.
MASK = "..."


def answer_lost(exc):
    """True when a failed write may still have been carried out (no answer, or a gateway's)."""
    if isinstance(exc, SumoConnectionError):
        return True
    return isinstance(exc, SumoApiError) and exc.status in GATEWAY_STATUSES


class ResourceFailure(Exception):
    """A failure the engine reports to the user as it is (bad input, conflicts)."""


class Current(object):
    """An object as last read, with the ETag of that read (None when the API gives none).

    ``path`` is the object's own API path when the reader knew it (a source's path holds
    its collector's id); ``parent`` the object it belongs to (a source's collector).
    """

    __slots__ = ("obj", "etag", "path", "parent")

    def __init__(self, obj, etag=None, path=None, parent=None):
        self.obj = obj
        self.etag = etag
        self.path = path
        self.parent = parent


class Field(object):
    """One module option that maps onto one API field; its argument spec is derived from it.

    ``type`` is the option's type (``str``, ``int``, ``bool``, ``list``, ``dict``);
    ``kind`` how values compare: ``scalar`` (==), ``set`` (a list whose order does not
    matter), ``list`` (order matters) or ``map`` (a dict); by default ``map`` for a dict,
    ``list`` for a list, else ``scalar``. ``purge`` names the boolean option that says
    whether a set or map is the whole desired value (true) or only entries to add (false).
    ``create_only`` fields are sent on create and never compared afterwards (the API does
    not let them change). ``resolver`` turns the user's values into the API's (role names
    into ids) and back (for results in the form of the options).
    """

    KINDS = ("scalar", "set", "list", "map")

    def __init__(self, api, type="str", kind=None, elements=None, choices=None, purge=None, create_only=False,
                 resolver=None):
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
        self.create_only = create_only
        self.resolver = resolver

    def spec(self):
        spec = dict(type=self.type)
        if self.elements:
            spec["elements"] = self.elements
        if self.choices:
            spec["choices"] = list(self.choices)
        return spec

    @property
    def collection(self):
        """True for the kinds a purge applies to (sets, lists, maps)."""
        return self.kind != "scalar"


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


def same_value(field, current, wanted):
    """True when ``current`` already is ``wanted`` for this kind of field."""
    if field.kind == "set":
        return sorted(map(repr, current or [])) == sorted(map(repr, wanted or []))
    if field.kind == "map":
        return (current or {}) == (wanted or {})
    if field.kind == "list":
        return list(current or []) == list(wanted or [])
    return current == wanted


class ValueMap(object):
    """A resolver between an option's values and the API's, by a fixed table (``True`` <-> ``"Enabled"``)."""

    def __init__(self, table):
        self.table = dict(table)
        self.reverse = dict((api, option) for option, api in self.table.items())

    def prepare(self, run, values):
        """Nothing to look up."""

    def to_api(self, run, value, option, known):
        return self.table[value]

    def to_options(self, run, value):
        return self.reverse.get(value, value)


class Run(object):
    """What one task knows while it runs: the client, check mode, and a memo of lookups.

    The memo holds what a run learned once and may use many times (the role listing, a
    collector found by name); declarations reach it through :meth:`memo`, so they keep
    no state of their own. The threads of a plural module share the run (the client
    gives each thread a session of its own).
    """

    def __init__(self, client, check_mode=False, warn=None):
        self.client = client
        self.check_mode = check_mode
        self.warn = warn or (lambda msg: None)
        self._memo = {}
        self._lock = threading.RLock()

    def memo(self, key, compute):
        """``compute()`` once per run for ``key`` (thread-safe: the first caller computes)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]

    def remember(self, key, value):
        with self._lock:
            self._memo[key] = value

    def known(self, key):
        with self._lock:
            return key in self._memo


class Plan(object):
    """What the engine will do for one desired object, decided before any write.

    ``action``: None (nothing to do), ``create``, ``update`` or ``delete``; ``body`` the
    create body; ``delete_params`` the query of the delete.
    """

    __slots__ = ("params", "label", "current", "action", "body", "delete_params")

    def __init__(self, params, label, current, action=None, body=None, delete_params=None):
        self.params = params
        self.label = label
        self.current = current
        self.action = action
        self.body = body
        self.delete_params = delete_params


class Outcome(object):
    """What happened to one object: the action taken, the object before and after, extra actions, an error."""

    __slots__ = ("label", "action", "before", "after", "actions", "error", "params", "written", "based_on")

    def __init__(self, plan):
        self.label = plan.label
        self.params = plan.params
        self.action = plan.action
        self.before = plan.current.obj if plan.current is not None else None
        self.after = self.before
        self.actions = []
        self.error = None
        self.written = False  # whether a write was carried out (a failed outcome may still have changed things)
        self.based_on = None  # the object as read just before the update

    @property
    def changed(self):
        if self.error is not None:
            return self.written
        return self.action is not None or bool(self.actions)


class Resource(object):
    """Base of every resource declaration; subclasses set the class attributes and the hooks they need.

    Hooks take the :class:`Run` and the options of one object (``params``); none keeps
    anything on the instance.
    """

    #: words naming the resource in messages, e.g. "collector"
    kind = None
    #: collection path, e.g. "/v1/collectors"
    path = None
    #: key wrapping request and response bodies ({"collector": {...}}), or None
    body_key = None
    #: key of the module result holding the object
    result_key = None
    #: option name -> Field
    fields = {}
    #: the other options of the module (argument spec entries): identity, purge flags, actions
    options = {}
    #: AnsibleModule constraints between options
    required_one_of = ()
    mutually_exclusive = ()
    required_if = ()
    #: API keys whose values are user data: kept as they are in snake_case results
    keep_keys = ()
    #: API keys of the object never sent back on PUT (server-managed, or refused on write)
    read_only = ()
    #: result keys (snake_case) whose values are credentials: masked in diffs, kept in the module's result
    secret_keys = ()
    #: True when every PUT must carry an ETag (the collector API answers 428 without one)
    needs_etag = False
    #: whether the module has a ``state`` option (present/absent)
    has_state = True
    #: the option that gives an existing object's id instead of its name (``collector_id``), if any
    id_option = None

    # -- the argument spec, from the field table ------------------------------------------------

    @classmethod
    def argument_spec(cls):
        spec = dict((option, field.spec()) for option, field in cls.fields.items())
        spec.update(copy.deepcopy(cls.options))
        if cls.has_state:
            spec["state"] = dict(type="str", default="present", choices=["present", "absent"])
        return spec

    @classmethod
    def module_constraints(cls):
        constraints = {}
        for name in ("required_one_of", "mutually_exclusive", "required_if"):
            if getattr(cls, name):
                constraints[name] = [list(item) for item in getattr(cls, name)]
        return constraints

    # -- hooks a declaration overrides --------------------------------------------------------

    def validate(self, params):
        """Check (and normalise) one object's options before any request; raise ResourceFailure naming the option."""

    def find(self, run, params):
        """The current object as :class:`Current`, or None. One read where the API allows it."""
        raise NotImplementedError

    def check_found(self, params, obj):
        """Raise ResourceFailure when the object found cannot be what the options describe (another type)."""

    def object_id(self, obj):
        return obj["id"]

    def label(self, params, obj=None):
        """A short name of the object for results and messages (its name, email, id)."""
        if obj is not None and obj.get("name"):
            return obj["name"]
        if params.get("name") is None and self.id_option and params.get(self.id_option) is not None:
            return "id %s" % params[self.id_option]
        return params.get("name")

    def label_of(self, current):
        """The label of a listed object nobody declared (as :meth:`label` of its own options would be)."""
        return current.obj.get("name") or str(self.object_id(current.obj))

    def describe(self, params, obj=None):
        """The object as named in messages."""
        if obj is not None:
            return "%s %r (id %s)" % (self.kind, obj.get("name"), self.object_id(obj))
        if self.id_option and params.get(self.id_option) is not None:
            return "%s with id %s" % (self.kind, params[self.id_option])
        return "%s %r" % (self.kind, self.label(params))

    def collection_path(self, run, params):
        """Where the object is created (sources: under their collector)."""
        return self.path

    def item_path(self, run, params, obj):
        return "%s/%s" % (self.collection_path(run, params), quote_segment(self.object_id(obj)))

    def unwrap(self, body):
        if self.body_key and isinstance(body, dict) and self.body_key in body:
            return body[self.body_key]
        return body

    def wrap(self, obj):
        return {self.body_key: obj} if self.body_key else obj

    def extra_wanted(self, params):
        """API fields beyond the field table (a free-form option): API key -> (Field, value)."""
        return {}

    def changes(self, run, params, obj, wanted):
        """API field -> new value, for the fields that differ from ``obj``."""
        diff = {}
        for api, (field, value) in wanted.items():
            purge = params.get(field.purge, True) if field.purge else True
            target = desired_value(field, value, obj.get(api), purge)
            if not same_value(field, obj.get(api), target):
                diff[api] = target
        return diff

    def can_create(self, run, params):
        """Raise ResourceFailure when the object cannot be created (e.g. installed collectors)."""

    def create_body(self, params, desired):
        """Body of the POST that creates the object from the desired API fields."""
        return desired

    def update_body(self, merged):
        """Body of the PUT: the whole object with the changes merged, less read-only keys."""
        return dict((k, v) for k, v in merged.items() if k not in self.read_only)

    def delete_params(self, run, params):
        """Query parameters of the DELETE (looked up before any write)."""
        return None

    def create(self, run, params, body):
        return self.unwrap(run.client.post(self.collection_path(run, params), self.wrap(body)).json)

    def read(self, run, params, current):
        """Fresh GET of an existing object, with its ETag."""
        path = current.path or self.item_path(run, params, current.obj)
        resp = run.client.get(path)
        return Current(self.unwrap(resp.json), resp.etag, path, current.parent)

    def update(self, run, params, current, body):
        path = current.path or self.item_path(run, params, current.obj)
        resp = run.client.put(path, self.wrap(body), etag=current.etag)
        return self.unwrap(resp.json) if resp.json else body

    def delete(self, run, params, current, query):
        run.client.delete(current.path or self.item_path(run, params, current.obj), params=query)

    def after_present(self, run, params, before, after):
        """Actions beyond the object's own fields (emails, comments...): ``(object after them, action names)``."""
        return after, []

    def to_result(self, run, params, obj):
        return snake_dict(obj, keep=self.keep_keys)

    def extra_result(self, outcome):
        """Keys of the module result beyond the object, changed and diff."""
        return {}

    # -- what the plural module of the resource needs (module_utils/resource_set.py) ----------------

    #: the options of ``scope``: which objects a plural task may delete, gather or call undeclared
    scope_options = dict(name=dict(type="str"))
    #: scope option -> API key its regular expression is searched in
    scope_patterns = {"name": "name"}
    #: options of the plural module beyond config, state and scope (defaults for every item)
    plural_options = {}

    @classmethod
    def item_constraints(cls):
        """Constraints between the options of one item of ``config``."""
        return cls.module_constraints()

    def item_defaults(self, params, module_params):
        """Fill an item's options from the plural module's own options (a source's collector)."""

    def parent(self, run, params):
        """The object the desired object belongs to (a source's collector), or None."""
        return None

    def list_objects(self, run, scope, items):
        """Every current object a plural task may touch, as :class:`Current`; one listing where the API allows it."""
        raise NotImplementedError

    def keys(self, run, params):
        """Identity keys of the desired object, best first; matched against :meth:`keys_of` of listed objects."""
        raise NotImplementedError

    def keys_of(self, current):
        """Identity keys of a listed object."""
        raise NotImplementedError

    def effective_scope(self, scope, state):
        """The scope as applied in ``state`` (a destructive state may narrow the default)."""
        return dict(scope or {})

    def in_scope(self, scope, current):
        for option, api in self.scope_patterns.items():
            pattern = scope.get(option)
            if pattern is not None and not re.search(pattern, str(current.obj.get(api) or "")):
                return False
        return True

    def to_config(self, run, current):
        """The object in the form of the module's options (what ``gathered`` returns)."""
        config = {}
        for option, field in self.fields.items():
            value = current.obj.get(field.api)
            if value is None:
                continue
            if field.resolver is not None:
                value = field.resolver.to_options(run, value)
            config[option] = value
        config.update(self.config_extras(run, current))
        return config

    def config_extras(self, run, current):
        """Options of :meth:`to_config` that are not in the field table (identity, type...)."""
        return {}

    def set_result(self, run):
        """Keys of the plural module's result beyond the objects: what the run noticed on the way."""
        return {}

    # -- the object's wanted fields ----------------------------------------------------------------

    def wanted(self, run, params, creating, current=None, purge_all=False):
        """API field -> (Field, value) for the options the user set, resolved; unset options are left out.

        ``purge_all`` (the plural modules' replaced/overridden states) makes every set, list
        and map exactly the given value, and empty when the option is not given.
        """
        wanted = {}
        for option, field in self.fields.items():
            if field.create_only and not creating:
                continue
            value = params.get(option)
            if value is None:
                if not (purge_all and field.collection):
                    continue
                value = empty_value(field)
            if field.resolver is not None:
                known = (current or {}).get(field.api) or ()
                value = field.resolver.to_api(run, value, option, known)
            wanted[field.api] = (field, value)
        wanted.update(self.extra_wanted(params))
        return wanted


class Engine(object):
    """Plans and carries out the desired state of objects of one declaration."""

    def __init__(self, resource, run, purge_all=False, read_before_update=False):
        self.resource = resource
        self.run = run
        self.purge_all = purge_all
        # Objects planned from a listing are read again just before their update: for the ETag
        # where the API demands one, and everywhere so that the PUT carries what is there now.
        self.read_before_update = read_before_update

    def params_for(self, params):
        """The options as compared: with ``purge_all``, every purge flag is true."""
        if not self.purge_all:
            return params
        params = dict(params)
        for field in self.resource.fields.values():
            if field.purge:
                params[field.purge] = True
        return params

    def diff(self, params, obj):
        wanted = self.resource.wanted(self.run, params, False, obj, self.purge_all)
        return self.resource.changes(self.run, params, obj, wanted)

    # -- planning: no write ------------------------------------------------------------------------

    def plan_present(self, params, current, label=None):
        res, params = self.resource, self.params_for(params)
        label = label or res.label(params, current.obj if current else None)
        if current is None:
            res.can_create(self.run, params)
            wanted = res.wanted(self.run, params, True, None, self.purge_all)
            body = res.create_body(params, dict((api, value) for api, (field, value) in wanted.items()))
            return Plan(params, label, None, "create", body=body)
        action = "update" if self.diff(params, current.obj) else None
        return Plan(params, label, current, action)

    def plan_absent(self, params, current, label=None):
        label = label or self.resource.label(params, current.obj if current else None)
        if current is None:
            return Plan(params, label, None)
        return Plan(params, label, current, "delete", delete_params=self.resource.delete_params(self.run, params))

    # -- carrying a plan out -----------------------------------------------------------------------

    def execute(self, plan):
        """Carry ``plan`` out (in check mode: say what would be). Never raises: a failure is the outcome's ``error``."""
        outcome = Outcome(plan)
        try:
            if plan.action == "delete":
                self.ensure_deleted(plan, outcome)
                outcome.after = None
                return outcome
            if plan.action == "create":
                outcome.after = self.ensure_created(plan, outcome)
            elif plan.action == "update":
                outcome.after, outcome.action = self.ensure_updated(plan.params, plan.current, outcome)
                # What this task changed is measured from the read its write was based on.
                outcome.before = outcome.based_on or outcome.before
            outcome.after, outcome.actions = self.resource.after_present(self.run, plan.params, outcome.before,
                                                                         outcome.after)
        except (SumoError, ResourceFailure) as exc:
            outcome.error = exc
        return outcome

    def ensure_deleted(self, plan, outcome):
        if self.run.check_mode:
            return
        try:
            self.resource.delete(self.run, plan.params, plan.current, plan.delete_params)
            outcome.written = True
        except SumoApiError as exc:
            # Gone already (another run, or our own DELETE whose answer was lost): as asked.
            if exc.status != 404:
                raise

    def ensure_created(self, plan, outcome):
        res, run, params = self.resource, self.run, plan.params
        if run.check_mode:
            created = plan.body
        else:
            try:
                created = res.create(run, params, plan.body)
            except SumoError as exc:
                if not answer_lost(exc):
                    raise
                # The POST may have been carried out with its answer lost: look before sending it again.
                found = res.find(run, params)
                created = found.obj if found is not None else res.create(run, params, plan.body)
            outcome.written = True
        # Options a create cannot carry (a user's isActive) are set by an update straight after.
        after, dummy = self.ensure_updated(params, Current(created), outcome)
        outcome.based_on = None
        return after

    def ensure_updated(self, params, current, outcome):
        """``(object after, "update" or None)``: re-read and re-diffed on 412, at most CONFLICT_RETRIES times."""
        res, run = self.resource, self.run
        lost_write = False
        if current.etag is None and (res.needs_etag or self.read_before_update) and not run.check_mode \
                and self.diff(params, current.obj):
            current = res.read(run, params, current)
        for attempt in range(CONFLICT_RETRIES + 1):
            diff = self.diff(params, current.obj)
            if not diff:
                # Nothing (left) to do; a write of ours whose answer was lost may have done it.
                return current.obj, ("update" if lost_write else None)
            outcome.based_on = current.obj
            merged = copy.deepcopy(current.obj)
            merged.update(diff)
            if run.check_mode:
                return merged, "update"
            try:
                after = res.update(run, params, current, res.update_body(merged))
                outcome.written = True
                return after, "update"
            except SumoApiError as exc:
                if exc.status != 412:
                    raise
                # Changed since our read (by someone else, or by our own PUT whose answer
                # was lost before the client sent it again): re-read, re-diff, try again.
                lost_write = lost_write or bool(getattr(exc, "after_lost_answer", False))
                current = res.read(run, params, current)
        raise ResourceFailure(
            "%s was changed by someone else %d times while this task was updating it; nothing was "
            "overwritten. Run the task again." % (res.describe(params, current.obj), CONFLICT_RETRIES + 1))

    # -- results ----------------------------------------------------------------------------------

    def result_of(self, obj, params, secrets_masked=False):
        if obj is None:
            return {}
        result = self.resource.to_result(self.run, params, obj)
        if secrets_masked:
            result = mask_secrets(result, self.resource.secret_keys)
        return result


def mask_secrets(result, secret_keys):
    """A copy of a result whose secret values show only where they lead (``https://host/...``)."""
    masked = dict(result)
    for key in secret_keys:
        if masked.get(key):
            masked[key] = mask_url(masked[key])
    return masked


def mask_url(value):
    """``https://host/receiver/v1/http/TOKEN`` -> ``https://host/...``: where it goes, not the credential."""
    text = str(value)
    scheme, sep, rest = text.partition("://")
    if not sep:
        return MASK
    return "%s://%s/%s" % (scheme, rest.split("/", 1)[0], MASK)


# -- one object: the singular modules ---------------------------------------------------------------

def new_module(resource_class, **kwargs):
    """The AnsibleModule of a singular module, its argument spec built from the declaration."""
    return SumoModule(argument_spec=resource_class.argument_spec(), supports_check_mode=True,
                      **dict(resource_class.module_constraints(), **kwargs))


def run_resource_module(resource_class, module=None):
    """``main()`` of a singular module: one object, made present or absent."""
    module = module or new_module(resource_class)
    resource = resource_class()
    run = Run(module.client, module.check_mode, module.warn)
    engine = Engine(resource, run)
    params = dict(module.params)
    try:
        resource.validate(params)
        current = resource.find(run, params)
        if current is not None:
            resource.check_found(params, current.obj)
        if params.get("state", "present") == "absent":
            plan = engine.plan_absent(params, current)
        else:
            plan = engine.plan_present(params, current)
    except ResourceFailure as exc:
        module.fail_json(msg=str(exc), changed=False)
    except SumoError as exc:
        module.fail_api(exc, changed=False)
    outcome = engine.execute(plan)
    if isinstance(outcome.error, ResourceFailure):
        module.fail_json(msg=str(outcome.error), changed=outcome.changed)
    if outcome.error is not None:
        module.fail_api(outcome.error, changed=outcome.changed)
    result = dict(changed=outcome.changed)
    result[resource.result_key] = engine.result_of(outcome.after, params)
    if module._diff:
        result["diff"] = dict(before=engine.result_of(outcome.before, params, secrets_masked=True),
                              after=engine.result_of(outcome.after, params, secrets_masked=True))
    result.update(resource.extra_result(outcome))
    module.exit_json(**result)
