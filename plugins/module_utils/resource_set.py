# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Sets of objects in one task: the plural modules (``sumo_collectors``, ``sumo_users``...).

A plural module is the singular resource's declaration applied to a list, following
Ansible's resource-module convention: ``config`` (items validated by the singular
module's own argument spec) and ``state``:

* ``merged``: the listed objects created or updated with the options given;
* ``replaced``: the listed objects made exactly as given (every set, list and map
  purged to the given value, or emptied when not given);
* ``overridden``: ``replaced``, and the objects in ``scope`` that are not listed deleted;
* ``deleted``: the listed objects deleted (with an empty ``config``, all in ``scope``);
* ``gathered``: the objects in ``scope`` in the form of ``config``.

Current state comes from one listing; each item is planned (resolved, compared) before
anything is written, so bad input fails the task before any write. Only the objects
that differ are written: one GET just before the write (for the ETag where the API demands
``If-Match``, and so that a PUT replaces what is there now, not what the listing showed),
one write, from a few threads (the client paces every request). An object that fails does
not stop the others; the task fails at the end, naming each.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.community.sumologic.plugins.module_utils.api import SumoError
from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Current,
    Engine,
    ResourceFailure,
    Run,
)

STATES = ("merged", "replaced", "overridden", "deleted", "gathered")
# States that delete objects nobody listed: they need a scope, or use a narrow default one.
DESTRUCTIVE_STATES = ("overridden", "deleted")
# Writes in flight at once; the client's pacer keeps the whole node within the API's rate.
WRITE_CONCURRENCY = 4


def plural_argument_spec(resource_class):
    """``config`` (items with the singular module's options), ``state``, ``scope`` and the module's own options."""
    item = resource_class.argument_spec()
    item.pop("state", None)
    config = dict(type="list", elements="dict", options=item)
    config.update(resource_class.item_constraints())
    spec = dict(
        config=config,
        state=dict(type="str", default="merged", choices=list(STATES)),
        scope=dict(type="dict", options=copy.deepcopy(resource_class.scope_options)),
    )
    spec.update(copy.deepcopy(resource_class.plural_options))
    return spec


class InputError(Exception):
    """Bad input found while planning: the task fails before any write."""


class ResourceSet(object):
    """The desired state of a set of objects of one declaration, planned then carried out."""

    def __init__(self, resource, run, state, scope=None, module_params=None):
        self.resource = resource
        self.run = run
        self.state = state
        self.scope_given = scope is not None
        self.scope = resource.effective_scope(scope, state)
        self.module_params = module_params or {}
        self.engine = Engine(resource, run, purge_all=state in ("replaced", "overridden"), read_before_update=True)

    # -- input -----------------------------------------------------------------------------------

    def prepare_items(self, items):
        """Each item with the module's defaults filled in and validated; errors name ``config[i]``."""
        prepared = []
        for index, item in enumerate(items):
            params = dict(item, state="absent" if self.state == "deleted" else "present")
            self.resource.item_defaults(params, self.module_params)
            try:
                self.resource.validate(params)
            except ResourceFailure as exc:
                raise InputError("config[%d].%s" % (index, exc))
            prepared.append(params)
        return prepared

    def blank_params(self):
        """Options of an object nobody listed (deleted by overridden/deleted): every option unset or default."""
        params = dict((option, spec.get("default")) for option, spec in plural_argument_spec(
            type(self.resource))["config"]["options"].items())
        self.resource.item_defaults(params, self.module_params)
        params["state"] = "absent"
        return params

    # -- planning: no write ------------------------------------------------------------------------

    def gather(self):
        """The objects in scope, in the form of ``config``."""
        currents = [c for c in self.resource.list_objects(self.run, self.scope, [self.blank_params()])
                    if self.resource.in_scope(self.scope, c)]
        self.prepare_results([c.obj for c in currents])
        return [self.resource.to_config(self.run, c) for c in currents]

    def plan(self, items):
        """(plans, unlisted objects in scope); raises InputError before any write."""
        res, run = self.resource, self.run
        # With no item, a blank one carries the module's own options (a source's collector).
        currents = list(res.list_objects(run, self.scope, items or [self.blank_params()]))
        index = {}
        for current in currents:
            for key in res.keys_of(current):
                index.setdefault(key, current)
        for option, field in res.fields.items():
            if field.resolver is not None:
                field.resolver.prepare(run, [v for item in items for v in values_of(field, item.get(option))])
        plans, matched, seen = [], set(), {}
        for number, params in enumerate(items):
            where = "config[%d]" % number
            try:
                current = None
                for key in res.keys(run, params):
                    current = index.get(key)
                    if current is not None:
                        break
                if current is not None:
                    if id(current) in seen:
                        raise InputError("%s and config[%d] describe the same %s %s"
                                         % (where, seen[id(current)], res.kind, res.label(params, current.obj)))
                    seen[id(current)] = number
                    matched.add(id(current))
                    res.check_found(params, current.obj)
                if self.state == "deleted":
                    plans.append(self.engine.plan_absent(params, current))
                else:
                    plans.append(self.engine.plan_present(params, current))
            except (ResourceFailure, SumoError) as exc:
                raise InputError("%s (%s): %s" % (where, res.label(params), exc))
        unlisted = [c for c in currents if id(c) not in matched and res.in_scope(self.scope, c)]
        if self.state == "overridden" or (self.state == "deleted" and not items):
            blank = self.blank_params()
            for current in unlisted:
                plans.append(self.engine.plan_absent(blank, current, res.label_of(current)))
        return plans, unlisted

    # -- carrying the plans out --------------------------------------------------------------------

    def execute(self, plans):
        """Outcomes in the order of the plans: creates and updates first, deletes last."""
        first = [p for p in plans if p.action != "delete"]
        last = [p for p in plans if p.action == "delete"]
        if self.run.check_mode:
            return [self.engine.execute(p) for p in first + last]
        outcomes = []
        for batch in (first, last):
            writes = [p for p in batch if p.action is not None]
            if len(writes) <= 1:
                outcomes.extend(self.engine.execute(p) for p in batch)
                continue
            with ThreadPoolExecutor(max_workers=WRITE_CONCURRENCY) as pool:
                outcomes.extend(pool.map(self.engine.execute, batch))
        return outcomes

    # -- results -----------------------------------------------------------------------------------

    def config_of(self, obj, params, plan_current):
        if obj is None:
            return None
        parent = plan_current.parent if plan_current is not None else self.resource.parent(self.run, params)
        return self.resource.to_config(self.run, Current(obj, parent=parent))

    def prepare_results(self, objects):
        """One listing, not one lookup per object, for the names of the ids the results show."""
        for option, field in self.resource.fields.items():
            if field.resolver is not None:
                values = [v for obj in objects if obj for v in values_of(field, obj.get(field.api))]
                field.resolver.prepare(self.run, values)

    def report(self, plans, outcomes):
        """The result: ``before``, ``after``, ``changes``, ``diff`` (changed objects only) and ``failures``."""
        self.prepare_results([o.before for o in outcomes] + [o.after for o in outcomes])
        result = dict(before=[], after=[], changes=[], failures=[], diff=dict(before={}, after={}))
        for plan, outcome in zip(plans, outcomes):
            old = self.config_of(outcome.before, outcome.params, plan.current)
            new = self.config_of(outcome.after, outcome.params, plan.current)
            if old is not None:
                result["before"].append(old)
            if new is not None:
                result["after"].append(new)
            if outcome.error is not None:
                result["failures"].append(dict(name=outcome.label, action=plan.action, msg=str(outcome.error)))
            if outcome.changed:
                change = dict(name=outcome.label, action=outcome.action or "none", fields=field_changes(old, new))
                if outcome.actions:
                    change["actions"] = list(outcome.actions)
                result["changes"].append(change)
                result["diff"]["before"][outcome.label] = old or {}
                result["diff"]["after"][outcome.label] = new or {}
        return result


def values_of(field, value):
    """The values of one option for a resolver to prepare: a list's items, or the one value."""
    if value is None:
        return []
    return list(value) if field.collection else [value]


def field_changes(old, new):
    """option -> {before, after} for the options that differ (every option of a create; none of a delete)."""
    if new is None:
        return {}
    old = old or {}
    return dict((key, dict(before=old.get(key), after=new.get(key)))
                for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key))


def run_resource_set_module(resource_class):
    """``main()`` of a plural module."""
    module = SumoModule(argument_spec=plural_argument_spec(resource_class), supports_check_mode=True)
    params = module.params
    state, items = params["state"], params["config"] or []
    resource = resource_class()
    if state == "gathered" and items:
        module.fail_json(msg="config: not used with state=gathered, which returns the objects in scope")
    if state == "deleted" and not items and params["scope"] is None:
        module.fail_json(msg="scope: required with state=deleted and an empty config (it would delete every %s)"
                         % resource.kind)
    run = Run(module.client, module.check_mode, module.warn)
    objects = ResourceSet(resource, run, state, params["scope"], params)
    try:
        items = objects.prepare_items(items)
        if state == "gathered":
            module.exit_json(changed=False, gathered=objects.gather())
        plans, unlisted = objects.plan(items)
    except (InputError, ResourceFailure, SumoError) as exc:
        module.fail_json(msg=str(exc), changed=False)
    outcomes = objects.execute(plans)
    result = objects.report(plans, outcomes)
    result["changed"] = any(o.changed for o in outcomes)
    result.update(resource.set_result(run))
    if objects.scope_given:
        result["undeclared"] = sorted(resource.label_of(c) for c in unlisted)
    if not module._diff:
        del result["diff"]
    if result["failures"]:
        module.fail_json(msg="%d of %d %ss failed: %s" % (
            len(result["failures"]), len(outcomes), resource.kind,
            "; ".join("%s: %s" % (f["name"], f["msg"]) for f in result["failures"])), **result)
    del result["failures"]
    module.exit_json(**result)
