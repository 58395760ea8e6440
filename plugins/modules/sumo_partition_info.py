#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: sumo_partition_info
short_description: Read Sumo Logic partitions
version_added: 0.1.0
description:
  - Returns one partition found by name, or every partition (following every page of the
    listing, 1,000 partitions a page), decommissioned ones included (RV(partitions[].is_active)
    false).
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  name:
    description:
      - Name of the one partition to return (the exact name, else without regard to case).
    type: str
  view_types:
    description:
      - The kinds of partition to read. V(Partition) are the organisation's partitions,
        V(DefaultView) the General Index (C(sumologic_default)), V(AuditIndex) the audit
        indexes. By default, V(Partition) only.
    type: list
    elements: str
    choices: [Partition, DefaultView, AuditIndex]
  active_only:
    description:
      - Leave decommissioned partitions out.
    type: bool
    default: false
seealso:
  - module: community.sumologic.sumo_partition
"""

EXAMPLES = r"""
- name: Every partition in use
  community.sumologic.sumo_partition_info:
    active_only: true
  register: partitions

- name: Their retention
  ansible.builtin.debug:
    msg: "{{ partitions.partitions | items2dict(key_name='name', value_name='retention_period') }}"

- name: Sumo Logic's own partitions too
  community.sumologic.sumo_partition_info:
    view_types: [Partition, DefaultView, AuditIndex]
"""

RETURN = r"""
partitions:
  description:
    - The partitions found, with snake_case keys; empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 000000000000A114
      name: prod_web
      routing_expression: _sourceCategory=prod/web*
      analytics_tier: continuous
      retention_period: 30
      is_compliant: false
      is_active: true
      index_type: Partition
      total_bytes: 52428800
  contains:
    is_active:
      description: False once the partition is decommissioned.
      type: bool
      returned: success
    index_type:
      description: V(Partition), or V(DefaultIndex) and V(AuditIndex) for Sumo Logic's own partitions.
      type: str
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.api import SumoError
from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule, snake_dict
from ansible_collections.community.sumologic.plugins.module_utils.partitions import (
    find_partition,
    is_active,
    list_partitions,
)


def main():
    module = SumoModule(
        argument_spec=dict(
            name=dict(type="str"),
            view_types=dict(type="list", elements="str", choices=["Partition", "DefaultView", "AuditIndex"]),
            active_only=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    p = module.params
    try:
        partitions = list(list_partitions(module.client, p["view_types"]))
    except SumoError as exc:
        module.fail_api(exc)
    if p["active_only"]:
        partitions = [partition for partition in partitions if is_active(partition)]
    if p["name"] is not None:
        found = find_partition(partitions, p["name"])
        partitions = [found] if found is not None else []
    module.exit_json(changed=False, partitions=[snake_dict(partition) for partition in partitions])


if __name__ == "__main__":
    main()
