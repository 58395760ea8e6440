# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The desired-vs-current engine.

A module declares its resource (a subclass of :class:`Resource`: path, body key,
option -> API field table, identity lookup) and calls :meth:`Resource.run`. The engine
finds the current object with one read, compares only the options the user set, and
creates, updates or deletes:

* an update PUTs the whole current object with the changes merged, with ``If-Match``
  from the GET it was computed from; on 412 it re-reads, re-diffs and tries again (at
  most ``CONFLICT_RETRIES`` times), so a concurrent edit is never overwritten silently;
* check mode never writes (and the client refuses writes in check mode as well);
* diff mode reports ``before``/``after``;
* a create whose answer was lost (no answer, or a gateway's 502/504) is not re-sent
  blindly: the object is looked up first, and created only if it is not there.

It knows nothing of collectors or users.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.community.sumologic.plugins.module_utils.api import (
    SumoApiError,
    quote_segment,
    SumoConnectionError,
    SumoError,
)
from ansible_collections.community.sumologic.plugins.module_utils.common import snake_dict

# Re-read-and-retry rounds after a 412 before the task fails.
CONFLICT_RETRIES = 3


# Gateway answers that say nothing of whether the service carried the request out.
GATEWAY_STATUSES = (502, 504)


def answer_lost(exc):
    """True when a failed write may still have been carried out (no answer, or a gateway's)."""
    if isinstance(exc, SumoConnectionError):
        return True
    return isinstance(exc, SumoApiError) and exc.status in GATEWAY_STATUSES


class Field(object):
    """How one module option maps onto one API field.

    ``kind``: ``scalar`` (compared with ==), ``set`` (a list whose order does not
    matter), ``list`` (order matters) or ``map`` (a dict). ``purge`` names the boolean
    option that says whether a set or map is the whole desired value (true) or only
    entries to add (false). ``create_only`` fields are sent on create and never compared
    afterwards (the API does not let them change).
    """

    KINDS = ("scalar", "set", "list", "map")

    def __init__(self, api, kind="scalar", purge=None, create_only=False):
        if kind not in self.KINDS:
            raise ValueError("unknown field kind %r" % kind)
        self.api = api
        self.kind = kind
        self.purge = purge
        self.create_only = create_only


class Current(object):
    """An object as last read, with the ETag of that read (None when the API gives none)."""

    __slots__ = ("obj", "etag")

    def __init__(self, obj, etag=None):
        self.obj = obj
        self.etag = etag


class ResourceFailure(Exception):
    """A failure the engine reports to the user as it is (bad input, conflicts)."""


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


class Resource(object):
    """Base of every resource declaration; subclasses set the class attributes and the hooks they need."""

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
    #: API keys whose values are user data: kept as they are in snake_case results
    keep_keys = ()
    #: API keys of the object never sent back on PUT (server-managed, or refused on write)
    read_only = ()
    #: True when every PUT must carry an ETag (the collector API answers 428 without one)
    needs_etag = False

    def __init__(self, module):
        self.module = module
        self.client = module.client
        self.params = module.params
        self.changed = False
        self.extra_result = {}

    # -- hooks a declaration overrides --------------------------------------------------

    def validate(self):
        """Check the input before anything else happens; raise ResourceFailure naming the option."""

    def find(self):
        """The current object as :class:`Current`, or None. One read where the API allows it."""
        raise NotImplementedError

    def object_id(self, obj):
        return obj["id"]

    def describe(self, obj=None):
        """The object as named in messages."""
        if obj is not None:
            return "%s %r (id %s)" % (self.kind, obj.get("name"), self.object_id(obj))
        return "%s %r" % (self.kind, self.params.get("name"))

    def item_path(self, obj):
        return "%s/%s" % (self.path, quote_segment(self.object_id(obj)))

    def unwrap(self, body):
        if self.body_key and isinstance(body, dict) and self.body_key in body:
            return body[self.body_key]
        return body

    def wrap(self, obj):
        return {self.body_key: obj} if self.body_key else obj

    def read(self, obj):
        """Fresh GET of an existing object by id, with its ETag."""
        resp = self.client.get(self.item_path(obj))
        return Current(self.unwrap(resp.json), resp.etag)

    def resolve(self, option, value):
        """Turn an option's value into the API's (e.g. role names -> ids). Default: as given."""
        return value

    def create_body(self, desired):
        """Body of the POST that creates the object from the desired API fields."""
        return desired

    def update_body(self, merged):
        """Body of the PUT: the whole object with the changes merged, less read-only keys."""
        return dict((k, v) for k, v in merged.items() if k not in self.read_only)

    def create(self, body):
        return self.unwrap(self.client.post(self.path, self.wrap(body)).json)

    def update(self, current, body):
        resp = self.client.put(self.item_path(current.obj), self.wrap(body), etag=current.etag)
        return self.unwrap(resp.json) if resp.json else body

    def delete(self, obj):
        self.client.delete(self.item_path(obj))

    def can_create(self):
        """Raise ResourceFailure when the object cannot be created (e.g. installed collectors)."""

    def to_result(self, obj):
        return snake_dict(obj, keep=self.keep_keys)

    def after_present(self, current):
        """Actions beyond the object's own fields (emails, password resets...); return the object as it is after them."""
        return current

    # -- the engine -----------------------------------------------------------------------

    def wanted(self, creating):
        """API field -> value the user asked for, resolved; unset options are left out."""
        wanted = {}
        for option, field in self.fields.items():
            value = self.params.get(option)
            if value is None or (field.create_only and not creating):
                continue
            wanted[field.api] = (field, self.resolve(option, value))
        return wanted

    def changes(self, obj):
        """API field -> new value, for the fields that differ from ``obj``."""
        diff = {}
        for api, (field, value) in self.wanted(creating=False).items():
            purge = self.params.get(field.purge, True) if field.purge else True
            target = desired_value(field, value, obj.get(api), purge)
            if not same_value(field, obj.get(api), target):
                diff[api] = target
        return diff

    def run(self):
        try:
            self.validate()
            state = self.params.get("state", "present")
            current = self.find()
            if state == "absent":
                before, after = self.ensure_absent(current)
            else:
                before, after = self.ensure_present(current)
        except ResourceFailure as exc:
            self.module.fail_json(msg=str(exc), changed=self.changed)
        except SumoError as exc:
            self.module.fail_api(exc, changed=self.changed)
        result = dict(changed=self.changed)
        result[self.result_key] = self.to_result(after) if after is not None else {}
        if self.module._diff:
            result["diff"] = dict(before=self.to_result(before) if before is not None else {},
                                  after=self.to_result(after) if after is not None else {})
        result.update(self.extra_result)
        self.module.exit_json(**result)

    def ensure_absent(self, current):
        if current is None:
            return None, None
        self.changed = True
        if not self.module.check_mode:
            self.delete(current.obj)
        return current.obj, None

    def ensure_present(self, current):
        if current is None:
            created = self.ensure_created()
            return None, self.after_present(created)
        before = current.obj
        after = self.ensure_updated(current)
        return before, self.after_present(after)

    def ensure_created(self):
        self.can_create()
        body = self.create_body(dict((api, value) for api, (field, value) in self.wanted(creating=True).items()))
        self.changed = True
        if self.module.check_mode:
            return body
        try:
            return self.create(body)
        except SumoError as exc:
            if not answer_lost(exc):
                raise
            # The POST may have been carried out with its answer lost: look before sending it again.
            found = self.find()
            if found is not None:
                return found.obj
            return self.create(body)

    def ensure_updated(self, current):
        if self.needs_etag and current.etag is None and self.changes(current.obj):
            current = self.read(current.obj)
        for attempt in range(CONFLICT_RETRIES + 1):
            diff = self.changes(current.obj)
            if not diff:
                return current.obj
            merged = copy.deepcopy(current.obj)
            merged.update(diff)
            self.changed = True
            if self.module.check_mode:
                return merged
            try:
                return self.update(current, self.update_body(merged))
            except SumoApiError as exc:
                if exc.status != 412:
                    raise
                # Changed since our read: re-read, re-diff, and try again. When the client sent
                # this PUT again after losing the answer to the first, the change may be our
                # own write: if nothing is left to change, the task did change the object.
                self.changed = bool(getattr(exc, "after_lost_answer", False))
                current = self.read(current.obj)
        raise ResourceFailure(
            "%s was changed by someone else %d times while this task was updating it; nothing was "
            "overwritten. Run the task again." % (self.describe(current.obj), CONFLICT_RETRIES + 1))
