#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: sumo_source_info
short_description: Read the sources of a Sumo Logic collector
version_added: 0.1.0
description:
  - Returns every source of a collector, or the one with a given name or id.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  collector:
    description: Name of the collector.
    type: str
  collector_id:
    description: Id of the collector, instead of O(collector).
    type: int
  name:
    description: Return only the source with this name.
    type: str
  source_id:
    description: Return only the source with this id.
    type: int
seealso:
  - module: community.sumologic.sumo_source
"""

EXAMPLES = r"""
- name: Sources of a collector
  community.sumologic.sumo_source_info:
    collector: demo-hosted
  register: sources

- name: Upload URL of one HTTP source
  community.sumologic.sumo_source_info:
    collector: demo-hosted
    name: demo-http
  register: http

- name: Show it
  ansible.builtin.debug:
    msg: "{{ http.sources[0].url }}"
"""

RETURN = r"""
sources:
  description: The sources found, with snake_case keys; empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 200000001
      name: demo-http
      source_type: HTTP
      category: demo/http
      url: http://127.0.0.1/receiver/v1/http/demo
"""

from ansible_collections.community.sumologic.plugins.module_utils.api import SumoError
from ansible_collections.community.sumologic.plugins.module_utils.collectors import find_collector, list_sources
from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule, snake_dict


def main():
    module = SumoModule(
        argument_spec=dict(
            collector=dict(type="str"),
            collector_id=dict(type="int"),
            name=dict(type="str"),
            source_id=dict(type="int"),
        ),
        required_one_of=[("collector", "collector_id")],
        mutually_exclusive=[("collector", "collector_id"), ("name", "source_id")],
        supports_check_mode=True,
    )
    p = module.params
    try:
        collector = find_collector(module.client, p["collector"], p["collector_id"])
        if collector is None:
            module.fail_json(msg="collector %s does not exist" % (
                "with id %s" % p["collector_id"] if p["collector_id"] is not None else repr(p["collector"])))
        sources = [s for s in list_sources(module.client, collector.obj["id"])
                   if (p["name"] is None or s.get("name") == p["name"])
                   and (p["source_id"] is None or s.get("id") == p["source_id"])]
    except SumoError as exc:
        module.fail_api(exc)
    module.exit_json(changed=False, sources=[snake_dict(s, keep=("fields",)) for s in sources])


if __name__ == "__main__":
    main()
