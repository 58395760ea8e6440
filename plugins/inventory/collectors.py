# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: collectors
short_description: Sumo Logic collectors as inventory hosts
version_added: 0.1.0
author:
  - community.sumologic maintainers (@ansible-collections)
description:
  - Makes a host of every collector of a Sumo Logic organisation (by default the
    installed ones, which run on machines Ansible can reach), with the collector as
    host variables, and groups them by kind and liveness.
  - The inventory file's name must end with C(sumologic.yml) or C(sumologic.yaml).
  - Every host gets C(sumo_collector) (the collector with snake_case keys) and, when the
    collector has a host name, C(ansible_host).
  - Hosts are put in the groups C(sumo_installed) or C(sumo_hosted), and C(sumo_alive)
    or C(sumo_dead).
extends_documentation_fragment:
  - ansible.builtin.constructed
options:
  plugin:
    description: The name of this plugin; must be V(community.sumologic.collectors).
    type: str
    required: true
    choices: [community.sumologic.collectors]
  access_id:
    description: The access ID of a Sumo Logic access key pair.
    type: str
    env:
      - name: SUMOLOGIC_ACCESSID
  access_key:
    description:
      - The access key of the pair. Prefer the environment variable (or a vaulted value)
        to writing it in the inventory file.
    type: str
    env:
      - name: SUMOLOGIC_ACCESSKEY
  deployment:
    description: The deployment of the organisation (see the modules' O(deployment)).
    type: str
    choices: [us1, us2, au, ca, ch, de, eu, fed, in, jp, kr, esc]
    env:
      - name: SUMOLOGIC_ENVIRONMENT
  endpoint:
    description: The API base URL; overrides O(deployment).
    type: str
    env:
      - name: SUMOLOGIC_BASE_URL
  validate_certs:
    description: Whether to verify the TLS certificate of the API.
    type: bool
    default: true
  timeout:
    description: Seconds to wait for each answer of the API.
    type: int
    default: 60
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
requirements:
  - requests >= 2.25
"""

EXAMPLES = r"""
# inventory/prod.sumologic.yml (credentials from SUMOLOGIC_ACCESSID / SUMOLOGIC_ACCESSKEY)
plugin: community.sumologic.collectors
deployment: eu
filter: installed
keyed_groups:
  - key: sumo_collector.category | default('none') | replace('/', '_')
    prefix: category
compose:
  collector_version: sumo_collector.collector_version
groups:
  stale_collectors: not sumo_collector.alive
"""

from ansible.errors import AnsibleError
from ansible.plugins.inventory import BaseInventoryPlugin, Constructable

from ansible_collections.community.sumologic.plugins.module_utils.api import REQUESTS_IMPORT_ERROR, SumoClient, SumoError
from ansible_collections.community.sumologic.plugins.module_utils.collectors import COLLECTORS_PATH
from ansible_collections.community.sumologic.plugins.module_utils.common import snake_dict


class InventoryModule(BaseInventoryPlugin, Constructable):
    NAME = "community.sumologic.collectors"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(("sumologic.yml", "sumologic.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        if REQUESTS_IMPORT_ERROR:
            raise AnsibleError("the collectors inventory needs the Python library requests")
        wanted = self.get_option("filter")
        try:
            client = SumoClient(self.get_option("access_id"), self.get_option("access_key"),
                                deployment=self.get_option("deployment"), endpoint=self.get_option("endpoint"),
                                validate_certs=self.get_option("validate_certs"), timeout=self.get_option("timeout"),
                                warn=self.display.warning)
            params = {"filter": wanted} if wanted != "all" else None
            collectors = list(client.paginate_offset(COLLECTORS_PATH, "collectors", params=params))
        except SumoError as exc:
            raise AnsibleError("Sumo Logic collectors inventory: %s" % exc)
        strict = self.get_option("strict")
        for collector in collectors:
            self.add_collector(snake_dict(collector, keep=("fields",)), strict)

    def add_collector(self, collector, strict):
        name = collector.get("name")
        if self.get_option("hostname_from") == "host_name" and collector.get("host_name"):
            name = collector["host_name"]
        host = self.inventory.add_host(name)
        self.inventory.set_variable(host, "sumo_collector", collector)
        if collector.get("host_name"):
            self.inventory.set_variable(host, "ansible_host", collector["host_name"])
        kind = "sumo_installed" if collector.get("collector_type") == "Installable" else "sumo_hosted"
        for group in (kind, "sumo_alive" if collector.get("alive") else "sumo_dead"):
            self.inventory.add_group(group)
            self.inventory.add_child(group, host)
        variables = self.inventory.get_host(host).get_vars()
        self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)
        self._add_host_to_composed_groups(self.get_option("groups"), variables, host, strict=strict)
        self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, host, strict=strict)
