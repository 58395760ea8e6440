# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
name: collectors
short_description: Sumo Logic collectors as inventory hosts
version_added: 0.1.0
author:
  - community.sumologic maintainers (@ansible-collections)
description:
  - Makes a host of every collector of a Sumo Logic organisation (by default the
    installed ones, which run on machines Ansible can reach), with the collector as
    host variables, and groups them.
  - The inventory file's name must end with C(sumologic.yml) or C(sumologic.yaml).
  - Every host gets C(sumo_collector) (the collector with snake_case keys) and, when the
    collector has a host name, C(ansible_host).
  - "Every host is put in these groups, with no configuration: C(sumo_installed) or
    C(sumo_hosted); C(sumo_alive) or C(sumo_dead); C(sumo_category_<category>) when the
    collector has a category; C(sumo_os_<OS name>) when it reports one (installed
    collectors); and C(sumo_field_<name>_<value>) for each of its fields. In these names
    every character that cannot be in a group name (such as C(/), C(.), C(-) or a space)
    becomes C(_), and letters are lower-cased: category C(prod/Web) gives
    C(sumo_category_prod_web), OS C(Windows 7) gives C(sumo_os_windows_7), field
    C(_budget) with value C(test_budget) gives C(sumo_field__budget_test_budget)."
  - The connection options are the modules' (see for example
    M(community.sumologic.sumo_collector)), read from the inventory file or the same
    environment variables. Requests are paced and retried as the modules' are.
  - With O(cache=true) the collectors are listed once per O(cache_timeout), through the
    cache plugin O(cache_plugin) (C(ansible-playbook --flush-cache) lists them again).
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
  - community.sumologic.sumologic
  - community.sumologic.sumologic.inventory
options:
  plugin:
    description: The name of this plugin; must be V(community.sumologic.collectors).
    type: str
    required: true
    choices: [community.sumologic.collectors]
  filter:
    description:
      - Which collectors become hosts. V(all) lists every collector.
    type: str
    choices: [installed, hosted, alive, dead, all]
    default: installed
  hostname_from:
    description:
      - What names each host; collectors without a host name fall back to their name.
    type: str
    choices: [name, host_name]
    default: name
"""

EXAMPLES = r"""
# inventory/prod.sumologic.yml (credentials from SUMOLOGIC_ACCESSID / SUMOLOGIC_ACCESSKEY)
plugin: community.sumologic.collectors
deployment: eu
filter: installed
# List the collectors once an hour, not at every run.
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/sumologic-inventory
cache_timeout: 3600
keyed_groups:
  - key: sumo_collector.collector_version
    prefix: version
compose:
  collector_version: sumo_collector.collector_version
groups:
  stale_collectors: not sumo_collector.alive

# Then, for example: ansible sumo_category_prod_web:&sumo_os_linux -m ping
"""

import hashlib

from ansible.errors import AnsibleError
from ansible.inventory.group import to_safe_group_name
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.community.sumologic.plugins.module_utils.api import REQUESTS_IMPORT_ERROR, SumoError
from ansible_collections.community.sumologic.plugins.module_utils.collectors import COLLECTORS_PATH, Collector
from ansible_collections.community.sumologic.plugins.module_utils.common import (
    CONNECTION_OPTIONS,
    build_client,
    snake_dict,
)


def group_name(*parts):
    """A default group's name: the parts joined by ``_``, any character not allowed in a name made ``_``, lower case."""
    return to_safe_group_name("_".join(str(part) for part in parts), force=True, silent=True).lower()


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "community.sumologic.collectors"

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(("sumologic.yml", "sumologic.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        if REQUESTS_IMPORT_ERROR:
            raise AnsibleError("the collectors inventory needs the Python library requests")
        options = {name: self.get_option(name) for name in CONNECTION_OPTIONS}
        wanted = self.get_option("filter")
        # One cache entry per inventory file, organisation and filter.
        cache_key = "%s_%s" % (self.get_cache_key(path), hashlib.sha256(
            ("%s\n%s\n%s\n%s" % (options["endpoint"], options["deployment"], options["access_id"], wanted))
            .encode("utf-8")).hexdigest()[:12])
        use_cache = self.get_option("cache")
        collectors = None
        if use_cache and cache:
            collectors = self._cache.get(cache_key)
        if collectors is None:
            collectors = self.list_collectors(options, wanted)
            if use_cache:
                self._cache[cache_key] = collectors
        strict = self.get_option("strict")
        for collector in collectors:
            self.add_collector(snake_dict(collector, keep=Collector.keep_keys), strict)

    def list_collectors(self, options, wanted):
        try:
            client = build_client(options, warn=self.display.warning)
            params = {"filter": wanted} if wanted != "all" else None
            return list(client.paginate_offset(COLLECTORS_PATH, "collectors", params=params))
        except SumoError as exc:
            raise AnsibleError("Sumo Logic collectors inventory: %s" % exc)

    def add_collector(self, collector, strict):
        name = collector.get("name")
        if self.get_option("hostname_from") == "host_name" and collector.get("host_name"):
            name = collector["host_name"]
        host = self.inventory.add_host(name)
        self.inventory.set_variable(host, "sumo_collector", collector)
        if collector.get("host_name"):
            self.inventory.set_variable(host, "ansible_host", collector["host_name"])
        for group in self.default_groups(collector):
            self.inventory.add_group(group)
            self.inventory.add_child(group, host)
        variables = self.inventory.get_host(host).get_vars()
        self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)
        self._add_host_to_composed_groups(self.get_option("groups"), variables, host, strict=strict)
        self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, host, strict=strict)

    @staticmethod
    def default_groups(collector):
        """The groups every collector is in without any configuration."""
        groups = ["sumo_installed" if collector.get("collector_type") == "Installable" else "sumo_hosted",
                  "sumo_alive" if collector.get("alive") else "sumo_dead"]
        if collector.get("category"):
            groups.append(group_name("sumo_category", collector["category"]))
        if collector.get("os_name"):
            groups.append(group_name("sumo_os", collector["os_name"]))
        for field, value in sorted((collector.get("fields") or {}).items()):
            groups.append(group_name("sumo_field", field, value))
        return groups
