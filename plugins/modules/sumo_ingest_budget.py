#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_ingest_budget
short_description: Manage Sumo Logic ingest budgets
version_added: 0.2.0
description:
  - Creates, updates and deletes ingest budgets through the Ingest Budget Management V2
    API (the V1 API, budgets assigned with the C(_budget) field, has been removed by
    Sumo Logic).
  - A budget is identified by its name, unique without regard to case (an existing
    budget whose name differs only in case is that budget, renamed to O(name)).
  - Only the options you set are compared; the usage and what the API fills in are never
    drift. The API's update replaces the whole budget, so an update sends every property
    of the current budget with your changes merged.
  - Every option is checked before any request (lengths, the form of O(scope), the
    capacity, the reset time, the time zone, the audit threshold).
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes
options:
  name:
    description:
      - Name of the budget, 1 to 128 characters.
    type: str
    required: true
  scope:
    description:
      - The data the budget applies to, one C(field=value) where the value may hold
        wildcards (V(_sourceCategory=*prod*nginx*), V(cluster=kafka)). The field must be
        enabled in Field Management; C(_budget) and fields that field extraction rules
        assign cannot be used. Do not quote the value unless it holds quotes.
      - Required to create a budget.
    type: str
  capacity:
    description:
      - The most data the budget lets in a day (a minute, with O(budget_type=minuteVolume)),
        in bytes (V(10737418240)), or a number with a unit, V(KB), V(MB), V(GB), V(TB)
        (V(10GB), V(500 MB), V(1.5TB)); C(KiB), C(MiB), C(GiB), C(TiB) mean the same.
      - Units count as Sumo Logic counts ingest, in base 2 (its help on ingest budgets),
        so V(1GB) is 1024^3 = 1073741824 bytes, not 10^9. A fraction of a byte is dropped.
      - Results, diffs and O(state=gathered) of M(community.sumologic.sumo_ingest_budgets)
        always show bytes, so V(10GB) and V(10737418240) are the same capacity.
      - Required to create a budget.
    type: raw
  budget_type:
    description:
      - V(dailyVolume) counts the capacity per day, V(minuteVolume) per minute. Set when the
        budget is created (default V(dailyVolume)); an existing budget of another type fails
        the task, since the type cannot change.
    type: str
    choices: [dailyVolume, minuteVolume]
  reset_time:
    description:
      - Time of day, C(HH:MM) from V(00:00) to V(23:59), at which the daily usage goes back to
        zero, in O(time_zone). A new budget resets at V(00:00) unless this is given.
    type: str
  time_zone:
    description:
      - Time zone of O(reset_time), a name of the IANA time zone database
        (V(America/Los_Angeles)). A new budget uses V(Etc/UTC) unless this is given.
    type: str
  audit_threshold:
    description:
      - The share of the capacity, a percentage from 1 to 99, from which the usage is logged
        in the Audit Index.
    type: int
  action:
    description:
      - What happens when the capacity is reached. V(stopCollecting) stops collecting the
        budget's data until the next reset (that data is not collected later);
        V(keepCollecting) only audits. Both are logged in the Audit Index.
      - Required to create a budget.
    type: str
    choices: [stopCollecting, keepCollecting]
  description:
    description:
      - Description of the budget, at most 1024 characters.
    type: str
  state:
    description:
      - V(present) creates or updates the budget, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Sumo Logic allows 100 ingest budgets per organisation.
  - Setting up budgets needs the C(Manage Ingest Budgets) capability.
seealso:
  - module: community.sumologic.sumo_ingest_budget_info
  - module: community.sumologic.sumo_ingest_budgets
  - module: community.sumologic.sumo_field
"""

EXAMPLES = r"""
- name: 10 GB a day for the web tier, reset at 02:00 in Los Angeles
  community.sumologic.sumo_ingest_budget:
    name: prod-web
    scope: _sourceCategory=prod/web*
    capacity: 10GB
    reset_time: "02:00"
    time_zone: America/Los_Angeles
    action: stopCollecting
    audit_threshold: 85

- name: The team field needs to be enabled for a budget on it
  community.sumologic.sumo_field:
    name: team

- name: A budget that only audits
  community.sumologic.sumo_ingest_budget:
    name: team-payments
    scope: team=payments
    capacity: 500MB
    action: keepCollecting

- name: A per-minute guard against bursts
  community.sumologic.sumo_ingest_budget:
    name: burst-guard
    scope: _collector=k8s-prod
    budget_type: minuteVolume
    capacity: 50MB
    action: stopCollecting

- name: No budget for the web tier any more
  community.sumologic.sumo_ingest_budget:
    name: prod-web
    state: absent
"""

RETURN = r"""
budget:
  description:
    - The budget as the API has it after the task (as it would be, in check mode), with
      snake_case keys; empty when it is absent.
  returned: always
  type: dict
  sample:
    id: 0000000003343FDD
    name: prod-web
    scope: _sourceCategory=prod/web*
    capacity_bytes: 10737418240
    budget_type: dailyVolume
    reset_time: "02:00"
    timezone: America/Los_Angeles
    action: stopCollecting
    audit_threshold: 85
    usage_bytes: 0
    usage_status: Normal
  contains:
    id:
      description: Id of the budget.
      type: str
      returned: success
    capacity_bytes:
      description: The capacity, in bytes.
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

from ansible_collections.community.sumologic.plugins.module_utils.ingest_budgets import IngestBudget
from ansible_collections.community.sumologic.plugins.module_utils.resource import run_resource_module


def main():
    run_resource_module(IngestBudget)


if __name__ == "__main__":
    main()
