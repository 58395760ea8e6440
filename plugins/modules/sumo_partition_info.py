#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

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

from ansible_collections.community.sumologic.plugins.module_utils.info import InfoModule
from ansible_collections.community.sumologic.plugins.module_utils.partitions import Partition


def main():
    info = InfoModule(Partition, "partitions", options={
        "view_types": {"type": "list", "elements": "str", "choices": ["Partition", "DefaultView", "AuditIndex"]},
        "active_only": {"type": "bool", "default": False},
    })
    p = info.params
    view_types = {"viewTypes": ",".join(p["view_types"])} if p["view_types"] else None
    try:
        partitions = info.resource.list(info.run, query=view_types)
        if p["active_only"]:
            partitions = [partition for partition in partitions if not info.resource.retired.holds(partition)]
        if p["name"] is not None:
            partitions = info.engine.pick(partitions, p["name"])
        info.exit(partitions)
    except Exception as exc:
        info.fail(exc)


if __name__ == "__main__":
    main()
