#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_partition
short_description: Manage Sumo Logic partitions
version_added: 0.1.0
description:
  - Creates, updates and decommissions partitions through the Partition API.
  - A partition is identified by its name, which cannot change, nor can its analytics
    tier. Only the options you set are compared.
  - Partitions are never deleted. O(state=absent) B(decommissions) the partition, which
    cannot be undone; its name cannot be used again. A decommissioned partition counts
    as absent, so O(state=absent) on it changes nothing, and O(state=present) fails.
  - Changes the API would refuse, or that need a decision, fail before any write, naming
    the option (a different O(analytics_tier), a shorter O(retention_period) without
    O(reduce_retention_period_immediately), a compliant partition made non-compliant or
    its retention shortened).
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes
options:
  name:
    description:
      - Name of the partition, at most 255 letters, digits and underscores; names
        starting with C(sumologic_) are Sumo Logic's own partitions.
      - Searches use it as C(_index=NAME).
    type: str
    required: true
  routing_expression:
    description:
      - The search expression that routes data into the partition
        (C(_sourceCategory=prod/web*)), 1 to 16384 characters.
      - Required to create a partition.
    type: str
  analytics_tier:
    description:
      - The data tier of the partition; C(frequent) and C(infrequent) need a Flex account.
      - Set when the partition is created (default C(continuous)); an existing partition
        in another tier fails the task, since the tier cannot change.
    type: str
    choices: [continuous, frequent, infrequent]
  retention_period:
    description:
      - Days the partition keeps its data, or V(-1) for the account's default.
      - V(-1) is used when the partition is created only; on an existing partition it
        changes nothing, since the API shows the retention as a number of days.
      - A longer retention applies at once. A shorter one needs
        O(reduce_retention_period_immediately). While a shortening is pending (its data
        deleted seven days later), the pending retention is the partition's retention as
        far as this option is concerned; asking for the current one again cancels the
        shortening.
    type: int
  reduce_retention_period_immediately:
    description:
      - What happens to the data between the current retention and a shorter
        O(retention_period). V(true) deletes it now, V(false) seven days from now.
      - Required when O(retention_period) is shorter than the current retention; not used
        otherwise.
    type: bool
  is_compliant:
    description:
      - Whether the partition holds data kept for compliance or audit. A compliant
        partition's retention can only grow, and it can never be made non-compliant.
    type: bool
  state:
    description:
      - V(present) creates or updates the partition; V(absent) decommissions it (for good).
    type: str
    choices: [present, absent]
    default: present
notes:
  - Sumo Logic's own partitions (C(sumologic_default) and the audit indexes) are not
    managed; M(community.sumologic.sumo_partition_info) shows them.
seealso:
  - module: community.sumologic.sumo_partition_info
  - module: community.sumologic.sumo_partitions
"""

EXAMPLES = r"""
- name: A partition for the web tier, kept 90 days
  community.sumologic.sumo_partition:
    name: prod_web
    routing_expression: _sourceCategory=prod/web*
    retention_period: 90

- name: Keep it 30 days from now on, deleting older data in seven days
  community.sumologic.sumo_partition:
    name: prod_web
    retention_period: 30
    reduce_retention_period_immediately: false

- name: Audit data, compliant (its retention can only grow from now on)
  community.sumologic.sumo_partition:
    name: security_audit
    routing_expression: _sourceCategory=*/security
    retention_period: 365
    is_compliant: true

- name: Decommission a partition (it cannot be brought back)
  community.sumologic.sumo_partition:
    name: old_staging
    state: absent
"""

RETURN = r"""
partition:
  description:
    - The partition as the API has it after the task (as it would be, in check mode),
      with snake_case keys; empty when it is absent or was decommissioned.
  returned: always
  type: dict
  sample:
    id: 000000000000A114
    name: prod_web
    routing_expression: _sourceCategory=prod/web*
    analytics_tier: continuous
    retention_period: 90
    is_compliant: false
    is_active: true
    index_type: Partition
    total_bytes: 0
  contains:
    id:
      description: Id of the partition.
      type: str
      returned: success
    retention_period:
      description: Days the partition keeps its data now.
      type: int
      returned: success
    new_retention_period:
      description: The shorter retention that takes effect at RV(partition.retention_effective_at).
      type: int
      returned: while a shortening is pending
    retention_effective_at:
      description: When RV(partition.new_retention_period) takes effect.
      type: str
      returned: while a shortening is pending
decommissioned:
  description:
    - Whether the task decommissioned the partition (in check mode, whether it would).
  returned: always
  type: bool
  sample: false
"""

from ansible_collections.community.sumologic.plugins.module_utils.partitions import Partition
from ansible_collections.community.sumologic.plugins.module_utils.resource import run_resource_module


def main():
    run_resource_module(Partition)


if __name__ == "__main__":
    main()
