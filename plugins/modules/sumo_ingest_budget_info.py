#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_ingest_budget_info
short_description: Read Sumo Logic ingest budgets and their usage
version_added: 0.2.0
description:
  - Returns one ingest budget (V2 API) found by name, or every budget (following every
    page of the listing, 1,000 budgets a page), each with its usage since the last reset.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  name:
    description:
      - Name of the one budget to return (the exact name, else without regard to case).
    type: str
seealso:
  - module: community.sumologic.sumo_ingest_budget
  - module: community.sumologic.sumo_ingest_budgets
"""

EXAMPLES = r"""
- name: Every ingest budget
  community.sumologic.sumo_ingest_budget_info:
  register: budgets

- name: The budgets at or near their capacity
  ansible.builtin.debug:
    msg: "{{ budgets.budgets | rejectattr('usage_status', 'equalto', 'Normal') | map(attribute='name') | list }}"
"""

RETURN = r"""
budgets:
  description:
    - The budgets found, with snake_case keys; empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 0000000003343FDD
      name: prod-web
      scope: _sourceCategory=prod/web*
      capacity_bytes: 10737418240
      budget_type: dailyVolume
      reset_time: "02:00"
      timezone: America/Los_Angeles
      action: stopCollecting
      audit_threshold: 85
      usage_bytes: 9878424780
      usage_status: Approaching
  contains:
    capacity_bytes:
      description: The capacity, in bytes (per day, or per minute for V(minuteVolume) budgets).
      type: int
      returned: success
    usage_bytes:
      description: What the budget's data used since the last reset, in bytes.
      type: int
      returned: when Sumo Logic knows it
    usage_status:
      description: V(Normal), V(Approaching) (from the audit threshold), V(Exceeded) or V(Unknown).
      type: str
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.info import InfoModule
from ansible_collections.community.sumologic.plugins.module_utils.ingest_budgets import IngestBudget


def main():
    info = InfoModule(IngestBudget, "budgets")
    try:
        info.exit(info.objects())
    except Exception as exc:
        info.fail(exc)


if __name__ == "__main__":
    main()
