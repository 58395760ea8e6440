#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_field_extraction_rule
short_description: Manage Sumo Logic field extraction rules
version_added: 0.1.0
description:
  - Creates, updates and deletes field extraction rules, which parse fields out of log
    messages at ingest, through the Field Extraction Rule API.
  - A rule is identified by its name (an existing rule whose name differs only in case is
    that rule, renamed to O(name)).
  - Only the options you set are compared. The API's update replaces the whole rule, so an
    update sends every property of the current rule with your changes merged.
  - Lengths are checked before any request.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes
options:
  name:
    description:
      - Name of the rule, 1 to 256 characters.
    type: str
    required: true
  scope:
    description:
      - The data the rule applies to, as the part of a search before the first C(|)
        (C(_sourceCategory=prod/web)); at most 2048 characters. An empty string applies
        it to every message.
      - Required to create a rule.
    type: str
  parse_expression:
    description:
      - The parse operations that extract the fields (C(parse "status=*" as status_code)),
        1 to 16384 characters.
      - The fields it extracts are added to Field Management (enabled) by Sumo Logic, and
        count against the field quota.
      - Required to create a rule.
    type: str
  enabled:
    description:
      - Whether the rule runs. A new rule is enabled unless V(false) is given.
    type: bool
  state:
    description:
      - V(present) creates or updates the rule, V(absent) deletes it. The fields it
        defined stay in Field Management.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: community.sumologic.sumo_field_extraction_rule_info
  - module: community.sumologic.sumo_field_extraction_rules
  - module: community.sumologic.sumo_field
"""

EXAMPLES = r"""
- name: The status code of the web tier's access logs, parsed at ingest
  community.sumologic.sumo_field_extraction_rule:
    name: web-status
    scope: _sourceCategory=prod/web
    parse_expression: parse "status=*" as status_code

- name: Pause it
  community.sumologic.sumo_field_extraction_rule:
    name: web-status
    enabled: false

- name: Remove it
  community.sumologic.sumo_field_extraction_rule:
    name: web-status
    state: absent
"""

RETURN = r"""
rule:
  description:
    - The rule as the API has it after the task (as it would be, in check mode), with
      snake_case keys; empty when the rule is absent.
  returned: always
  type: dict
  sample:
    id: 00000000000E0101
    name: web-status
    scope: _sourceCategory=prod/web
    parse_expression: parse "status=*" as status_code
    enabled: true
    field_names: [status_code]
    created_at: "2024-05-02T09:10:00.000Z"
    modified_at: "2024-05-02T09:10:00.000Z"
  contains:
    id:
      description: Id of the rule.
      type: str
      returned: success
    field_names:
      description: The fields the parse expression extracts, as Sumo Logic read them.
      type: list
      elements: str
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.extraction_rules import ExtractionRule
from ansible_collections.community.sumologic.plugins.module_utils.resource import run_resource_module


def main():
    run_resource_module(ExtractionRule)


if __name__ == "__main__":
    main()
