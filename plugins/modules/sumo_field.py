#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_field
short_description: Manage Sumo Logic custom fields
version_added: 0.1.0
description:
  - Creates, enables, disables and deletes custom fields through the Field Management API.
  - Sumo Logic keeps the values of a field (set by collectors, sources, HTTP headers or
    field extraction rules) only when the field is defined and enabled here; the values
    of any other field are dropped silently.
  - A field is identified by its name, compared without regard to case as Sumo Logic
    does; it cannot be renamed.
  - Before creating a field the module reads the field quota, and fails without writing
    anything when it is full. Built-in fields (C(_sourceCategory), C(_budget)...) cannot
    be created, disabled or deleted; naming one fails the task before any write.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes
options:
  name:
    description:
      - Name of the field, 1 to 255 characters (the key of the C(key=value) metadata).
    type: str
    required: true
  enabled:
    description:
      - Whether Sumo Logic keeps the field's incoming values (V(true)) or drops them at
        ingest (V(false)). Values already kept stay searchable.
      - A field is created enabled; V(false) creates it, then disables it.
      - When not set, a new field is enabled and an existing one keeps its state.
    type: bool
  state:
    description:
      - V(present) creates the field when it is missing, V(absent) deletes it.
      - Deleting a field does not delete the data it was assigned to. Sumo Logic advises
        disabling a field, and checking that nothing breaks, before deleting it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Custom fields, disabled ones included, and the fields that field extraction rules
    define share one quota (M(community.sumologic.sumo_field_info) shows it).
seealso:
  - module: community.sumologic.sumo_field_info
  - module: community.sumologic.sumo_fields
  - module: community.sumologic.sumo_collector
"""

EXAMPLES = r"""
- name: The field the collectors' team=... metadata needs
  community.sumologic.sumo_field:
    name: team

- name: Stop keeping a field's values
  community.sumologic.sumo_field:
    name: environment
    enabled: false

- name: Remove a field no longer used
  community.sumologic.sumo_field:
    name: legacy_owner
    state: absent
"""

RETURN = r"""
field:
  description:
    - The field as the API has it after the task (as it would be, in check mode), with
      snake_case keys; empty when the field is absent.
  returned: always
  type: dict
  sample:
    field_id: 00000000031D02DA
    field_name: team
    data_type: String
    state: Enabled
    enabled: true
  contains:
    field_id:
      description: Id of the field.
      type: str
      returned: success
    field_name:
      description: Name of the field.
      type: str
      returned: success
    data_type:
      description: V(String), V(Long), V(Int), V(Double) or V(Boolean).
      type: str
      returned: success
    state:
      description: V(Enabled) or V(Disabled), as the API says it.
      type: str
      returned: success
    enabled:
      description: Whether the field is enabled.
      type: bool
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.fields import CustomField
from ansible_collections.community.sumologic.plugins.module_utils.resource import run_resource_module


def main():
    run_resource_module(CustomField)


if __name__ == "__main__":
    main()
