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

Nothing is deleted by accident: ``overridden`` and ``deleted`` with an empty ``config``
need a ``scope`` that sets at least one pattern; two items naming the same object fail
before any write; ``overridden`` deletes nothing when a create or update of the same task
failed. Current state comes from one listing (per parent: a collector's sources); each
item is planned (resolved, compared) before anything is written. Only the objects that
differ are written: one GET just before the write (for the ETag where the API demands
``If-Match``, and so that a PUT replaces what is there now), then the plan's requests,
from a few threads (the client paces every request). An object that fails does not stop
the others; the task fails at the end, naming each.
"""

import copy
import re
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError, SumoError
from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    ASSUMED,
    PARENT,
    Current,
    Engine,
    Matcher,
    Run,
    Subtree,
    done_of,
    error_result,
    scope_key,
    scope_matches,
)
from ansible_collections.community.sumologic.plugins.module_utils.secrets import mask

STATES = ("merged", "replaced", "overridden", "deleted", "gathered")
# Writes in flight at once; the client's pacer keeps the whole node within the API's rate.
WRITE_CONCURRENCY = 4
# Beyond this many parents named by id or name, one listing of every parent is cheaper than a lookup each.
PARENT_LOOKUPS = 3


def plural_argument_spec(resource_class):
    """``config`` (items with the singular module's options), ``state``, ``scope`` and the parent given once."""
    item = resource_class.argument_spec()
    item.pop("state", None)
    config = {"type": "list", "elements": "dict", "options": item}
    constraints = resource_class.module_constraints()
    parent = resource_class.parent
    if parent is not None:
        # The parent may be given once for every item (the module's own options).
        for name in ("required_one_of",):
            constraints[name] = [group for group in constraints.get(name, [])
                                 if not set(group) & {parent.option, parent.id_option}]
            if not constraints[name]:
                del constraints[name]
    config.update(constraints)
    spec = {
        "config": config,
        "state": {"type": "str", "default": "merged", "choices": list(STATES)},
        "scope": {"type": "dict", "options": copy.deepcopy(resource_class.scope_options)},
        "assume_present": {"type": "dict"},
    }
    if parent is not None:
        spec[parent.option] = copy.deepcopy(item[parent.option])
        if parent.id_option:
            spec[parent.id_option] = copy.deepcopy(item[parent.id_option])
    return spec


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
    return {key: {"before": old.get(key), "after": new.get(key)}
            for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key)}


class ResourceSet:
    """The desired state of a set of objects of one declaration, planned then carried out."""

    def __init__(self, resource, run, state, scope=None, module_params=None):
        self.resource = resource
        self.run = run
        self.state = state
        self.scope = {key: value for key, value in (scope or {}).items() if value is not None}
        self.scope_given = scope is not None
        self.module_params = module_params or {}
        self.engine = Engine(resource, run, purge_all=state in ("replaced", "overridden"), read_before_update=True)

    # -- input: no request ----------------------------------------------------------------------------

    def check_input(self, items):
        """The guards against deleting by accident, and the scope's regular expressions."""
        res = self.resource
        if self.state == "gathered" and items:
            raise InputError("not used with state=gathered, which returns the objects in scope", option="config")
        if self.state in ("overridden", "deleted") and not items and not self.scope:
            raise InputError(
                "empty with state=%s, which would delete every %s; give the objects to keep (or delete), or a scope "
                "that says which objects the task may delete" % (self.state, res.kind), option="config")
        for option, pattern in self.scope.items():
            if option in res.scope_patterns and not isinstance(res.scope_patterns[option], Subtree):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise InputError("%r is not a regular expression: %s" % (pattern, exc), option="scope.%s" % option)

    def prepare_items(self, items):
        """Each item with the module's defaults filled in and validated; errors name ``config[i]``."""
        prepared = []
        parent = self.resource.parent
        for index, item in enumerate(items):
            params = dict(item, state="absent" if self.state == "deleted" else "present")
            if parent is not None and parent.given(params) is None:
                params[parent.option] = self.module_params.get(parent.option)
                if parent.id_option:
                    params[parent.id_option] = self.module_params.get(parent.id_option)
            try:
                self.resource.validate(params)
            except InputError as exc:
                raise InputError("config[%d].%s" % (index, exc))
            prepared.append(params)
        return prepared

    # -- reading: the parents, then one listing each -----------------------------------------------------

    def parents(self, items):
        """``(parents to list, index)``: the parent objects the items name and ``scope`` matches."""
        res, engine = self.resource, self.engine
        spec = res.parent
        named = []
        for params in items or [self.module_params]:
            given = spec.given(params)
            if given is not None and given not in named:
                named.append(given)
        pattern_api, pattern = self.parent_pattern(bool(named))
        chosen = []
        if pattern is not None or len(named) > PARENT_LOOKUPS:
            parent_engine = Engine(spec.resource, self.run)
            for current in parent_engine.listed():
                obj = current.obj
                engine.remember_parent(spec.option, spec.resource.identity.name_of(obj), obj)
                if spec.id_option:
                    engine.remember_parent(spec.id_option, spec.resource.object_id(obj), obj)
                if pattern is not None and scope_matches(pattern_api, pattern, spec.resource.identity.name_of(obj)):
                    chosen.append(obj)
        for option, value in named:
            found = engine.parent_of({option: value})
            if found is not None and not any(found is other for other in chosen):
                chosen.append(found)
        return chosen

    def parent_pattern(self, named):
        """``(scope_patterns entry, value)`` of the scope on the parents' names, or ``(None, None)``.

        A :class:`Subtree` not given in the scope stands for its ``default`` tree when the task
        gives a scope, or names no parent: ``gathered`` without a scope lists every object.
        """
        for option, api in self.resource.scope_patterns.items():
            if scope_key(api) is not PARENT:
                continue
            if option in self.scope:
                return api, self.scope[option]
            if isinstance(api, Subtree) and api.default is not None and (self.scope_given or not named):
                return api, api.default
        return None, None

    def listed(self, items):
        """Every current object the task may touch, as :class:`Current`."""
        if self.resource.parent is None:
            return self.engine.listed()
        return [current for parent in self.parents(items) if not parent.get(ASSUMED)
                for current in self.engine.listed(parent)]

    def in_scope(self, current, destructive):
        return self.resource.in_scope(self.scope, current, destructive)

    # -- planning: no write ------------------------------------------------------------------------------

    def key_of(self, params):
        """The identity of an item as compared with the other items: its parent and its id or name."""
        res, ident = self.resource, self.resource.identity
        parent = None
        if res.parent is not None:
            found = self.engine.parent_of(params)
            parent = self.parent_id(found) if found is not None else res.parent.given(params)
        if ident.id_option and params.get(ident.id_option) is not None:
            return parent, "id", str(params[ident.id_option]).lower()
        return parent, "name", ident.key(params.get(ident.option))

    def gather(self):
        """The objects in scope, in the form of ``config`` (credentials masked)."""
        currents = [c for c in self.listed([]) if self.in_scope(c, False)
                    and not (self.resource.retired is not None and self.resource.retired.holds(c.obj))]
        self.prepare_results([c.obj for c in currents])
        return [mask(self.resource.to_config(self.run, c)) for c in currents]

    def plan(self, items):
        """(plans, unlisted objects in scope); raises InputError before any write."""
        res, engine, ident = self.resource, self.engine, self.resource.identity
        currents = self.listed(items)
        seen = {}
        for number, params in enumerate(items):
            key = self.key_of(params)
            if key in seen:
                raise InputError("config[%d] and config[%d] both describe %s %r" % (
                    seen[key], number, res.kind, engine.label(params)))
            seen[key] = number
        by_parent = {}
        for current in currents:
            by_parent.setdefault(self.parent_id(current.parent), []).append(current)
        matchers = {parent_id: Matcher(ident, group) for parent_id, group in by_parent.items()}
        by_id = {(parent_id, str(res.object_id(c.obj)).lower()): c
                 for parent_id, group in by_parent.items() for c in group}
        for option, field in res.fields.items():
            if field.resolver is not None:
                field.resolver.prepare(self.run, [v for item in items for v in values_of(field, item.get(option))])
        plans, matched = [], {}
        for number, params in enumerate(items):
            where = "config[%d] (%s)" % (number, engine.label(params))
            try:
                parent = engine.parent_of(params) if res.parent is not None else None
                current = self.match(params, by_id, matchers.get(self.parent_id(parent)), parent)
                if current is not None:
                    if id(current) in matched:
                        raise InputError("config[%d] and config[%d] describe the same %s %s" % (
                            matched[id(current)], number, res.kind, engine.label(params, current.obj, parent)))
                    matched[id(current)] = number
                if res.parent is not None and parent is None:
                    plans.append(engine.plan(params, index=number))  # fails, unless the object is to be absent
                else:
                    plans.append(engine.plan(params, current=current, parent=parent, index=number))
            except InputError as exc:
                raise InputError("%s: %s" % (where, exc))
            except SumoError as exc:
                # An API error keeps its status and code; its message says which item.
                exc.args = ("%s: %s" % (where, exc),)
                raise
        destructive = self.state == "overridden" or (self.state == "deleted" and not items)
        unlisted = [c for c in currents if id(c) not in matched and self.in_scope(c, destructive)
                    and not (res.retired is not None and res.retired.holds(c.obj))]
        if destructive:
            for current in unlisted:
                plans.append(engine.plan(self.blank_params(current), current=current, parent=current.parent))
        return plans, unlisted

    def parent_id(self, parent):
        if parent is None:
            return None
        if parent.get(ASSUMED):
            return ASSUMED, self.resource.parent.resource.identity.name_of(parent)
        return self.resource.parent.resource.object_id(parent)

    def match(self, params, by_id, matcher, parent):
        """The listed object an item describes, by the identity's rule, or None."""
        ident = self.resource.identity
        if ident.id_option and params.get(ident.id_option) is not None:
            return by_id.get((self.parent_id(parent), str(params[ident.id_option]).lower()))
        if matcher is None:
            return None
        for option in (ident.option,) + ident.also:
            if params.get(option) is not None:
                found = matcher.find(params[option])
                if found is not None:
                    return found
        return None

    def blank_params(self, current):
        """Options of an object nobody listed (deleted by overridden/deleted): every option unset or default."""
        params = {option: spec.get("default") for option, spec in plural_argument_spec(
            type(self.resource))["config"]["options"].items()}
        params[self.resource.identity.option] = self.resource.identity.name_of(current.obj)
        if self.resource.parent is not None and current.parent is not None:
            params[self.resource.parent.option] = self.resource.parent.resource.identity.name_of(current.parent)
        params["state"] = "absent"
        return params

    # -- carrying the plans out ----------------------------------------------------------------------------

    def execute(self, plans):
        """Outcomes in the order of the plans: creates and updates first, deletes last, and no delete of
        ``overridden`` when a create or update failed. Returns ``(outcomes, deletes held back)``."""
        first = [p for p in plans if p.action != "delete"]
        last = [p for p in plans if p.action == "delete"]
        outcomes = self.run_batch(first)
        held = []
        if self.state == "overridden" and any(o.error is not None for o in outcomes):
            held = last
            return outcomes, held
        return outcomes + self.run_batch(last), held

    def run_batch(self, batch):
        writes = [p for p in batch if p.action is not None or p.requests]
        if self.run.check_mode or len(writes) <= 1:
            return [self.engine.execute(p) for p in batch]
        with ThreadPoolExecutor(max_workers=WRITE_CONCURRENCY) as pool:
            return list(pool.map(self.engine.execute, batch))

    # -- results -----------------------------------------------------------------------------------------

    def config_of(self, obj, plan):
        if obj is None:
            return None
        parent = plan.current.parent if plan.current is not None else plan.parent
        return mask(self.resource.to_config(self.run, Current(obj, parent=parent)))

    def prepare_results(self, objects):
        """One listing, not one lookup per object, for the names of the ids the results show."""
        for option, field in self.resource.fields.items():
            if field.resolver is not None:
                values = [v for obj in objects if obj for v in values_of(field, obj.get(field.api))]
                field.resolver.prepare(self.run, values)

    def report(self, outcomes, held):
        """The result: ``before``, ``after``, ``changes``, ``diff`` (changed objects only) and ``failures``."""
        self.prepare_results([o.before for o in outcomes] + [o.after for o in outcomes])
        result = {"before": [], "after": [], "changes": [], "failures": [], "diff": {"before": {}, "after": {}}}
        for outcome in outcomes:
            old = self.config_of(outcome.before, outcome.plan)
            new = self.config_of(outcome.after, outcome.plan)
            if old is not None:
                result["before"].append(old)
            if new is not None:
                result["after"].append(new)
            if outcome.error is not None:
                msg, extra = error_result(outcome.error)
                failure = dict({"name": outcome.label, "action": outcome.plan.action, "msg": msg}, **extra)
                if outcome.done:
                    failure["done"] = done_of(outcome)
                result["failures"].append(failure)
            if outcome.changed:
                change = {"name": outcome.label, "action": outcome.action or "none",
                          "fields": field_changes(old, new)}
                if outcome.actions:
                    change["actions"] = list(outcome.actions)
                result["changes"].append(change)
                result["diff"]["before"][outcome.label] = old or {}
                result["diff"]["after"][outcome.label] = new or {}
        for plan in held:
            unchanged = self.config_of(plan.current.obj, plan)
            result["before"].append(unchanged)
            result["after"].append(unchanged)
        return result


def run_resource_set_module(resource_class, module=None):
    """``main()`` of a plural module (``module``: one built with more options than the declaration's)."""
    module = module or SumoModule(argument_spec=plural_argument_spec(resource_class), supports_check_mode=True)
    params = module.params
    state = params["state"]
    resource = resource_class()
    assumed = params["assume_present"] or {}
    if any(not isinstance(names, list) for names in assumed.values()):
        module.fail_json(msg="assume_present: each value must be a list of names, got %r" % assumed)
    run = Run(module.client, module.check_mode, module.warn, assume_present=assumed)
    objects = ResourceSet(resource, run, state, params["scope"], params)
    try:
        objects.check_input(params["config"] or [])
        items = objects.prepare_items(params["config"] or [])
        if state == "gathered":
            module.exit_json(changed=False, gathered=objects.gather())
        plans, unlisted = objects.plan(items)
        extra = resource.review(run, plans)
    except Exception as exc:
        msg, details = error_result(exc)
        module.fail_json(msg=msg, changed=False, **details)
    outcomes, held = objects.execute(plans)
    result = objects.report(outcomes, held)
    result["changed"] = any(o.changed for o in outcomes)
    result.update(extra)
    if objects.scope_given:
        result["undeclared"] = sorted(str(objects.engine.label({}, c.obj, c.parent)) for c in unlisted)
    if not module._diff:
        del result["diff"]
    if result["failures"] or held:
        failed = result["failures"]
        named = "; ".join("%s: %s" % (f["name"], f["msg"]) for f in failed)
        msg = "%d of %d %ss failed: %s" % (len(failed), len(outcomes) + len(held), resource.kind, named)
        if held:
            result["not_deleted"] = sorted(plan.label for plan in held)
            msg += ". Because of that, %d %ss not in config were not deleted: %s" % (
                len(held), resource.kind, ", ".join(result["not_deleted"]))
        module.fail_json(msg=msg, **result)
    del result["failures"]
    module.exit_json(**result)
