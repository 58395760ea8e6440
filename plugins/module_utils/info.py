# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The info modules, on the same declarations as the modules that change things.

An info module (``sumo_collector_info``...) finds one object by the declaration's identity
(its name option, or its id option) exactly as the singular module does, or lists every
object (of a parent), and returns each as the singular module returns its object: the
API object with snake_case keys (the declaration's ``to_result``), credentials an API
issues (an HTTP source's upload URL) kept, others masked.
"""

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError
from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule
from ansible_collections.community.sumologic.plugins.module_utils.resource import Engine, Run, error_result
from ansible_collections.community.sumologic.plugins.module_utils.secrets import mask


def identity_spec(resource_class):
    """The options that name one object (and its parent): those of the singular module, none required."""
    full = resource_class.argument_spec()
    identity, names = resource_class.identity, []
    names = [identity.option] + ([identity.id_option] if identity.id_option else [])
    parent = resource_class.parent
    if parent is not None:
        names += [parent.option] + ([parent.id_option] if parent.id_option else [])
    return {name: {"type": full[name]["type"]} for name in names}


class InfoModule:
    """An info module's AnsibleModule, run and engine for one declaration."""

    def __init__(self, resource_class, result_key, options=None, **constraints):
        spec = identity_spec(resource_class)
        spec.update(options or {})
        self.module = SumoModule(argument_spec=spec, supports_check_mode=True, **constraints)
        self.params = self.module.params
        self.resource = resource_class()
        self.result_key = result_key
        self.run = Run(self.module.client, self.module.check_mode, self.module.warn)
        self.engine = Engine(self.resource, self.run)

    def fail(self, exc):
        msg, extra = error_result(exc)
        self.module.fail_json(msg=msg, **extra)

    def named(self):
        """True when the options name one object."""
        identity = self.resource.identity
        return any(self.params.get(option) is not None for option in (identity.option, identity.id_option) if option)

    def parent(self):
        """The parent the options name (a source's collector); fails the task when it does not exist."""
        parent = self.engine.parent_of(self.params)
        if parent is None:
            given = self.resource.parent.given(self.params)
            raise InputError("%s %s does not exist" % (self.resource.parent.resource.kind, repr(given[1]) if given[0]
                                                       == self.resource.parent.option else "with id %s" % given[1]))
        return parent

    def objects(self, query=None):
        """``[the object]`` (or ``[]``) when the options name one, else every object (of the parent), by ``query``."""
        parent = self.parent() if self.resource.parent is not None else None
        if self.named():
            found = self.engine.find(self.params, parent)
            return [found.obj] if found is not None else []
        return self.resource.list(self.run, parent, query)

    def results(self, objects):
        return [mask(self.resource.to_result(self.run, obj), keep_issued=True) for obj in objects]

    def exit(self, objects, **extra):
        self.module.exit_json(changed=False, **dict(extra, **{self.result_key: self.results(objects)}))
