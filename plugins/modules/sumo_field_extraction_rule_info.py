#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_field_extraction_rule_info
short_description: Read Sumo Logic field extraction rules
version_added: 0.1.0
description:
  - Returns one field extraction rule found by name, or every rule (following every page
    of the listing, 1,000 rules a page).
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  name:
    description:
      - Name of the one rule to return (the exact name, else without regard to case).
    type: str
seealso:
  - module: community.sumologic.sumo_field_extraction_rule
"""

EXAMPLES = r"""
- name: Every rule
  community.sumologic.sumo_field_extraction_rule_info:
  register: rules

- name: The fields they extract
  ansible.builtin.debug:
    msg: "{{ rules.rules | map(attribute='field_names') | flatten | unique }}"
"""

RETURN = r"""
rules:
  description:
    - The rules found, with snake_case keys; empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 00000000000E0101
      name: web-status
      scope: _sourceCategory=prod/web
      parse_expression: parse "status=*" as status_code
      enabled: true
      field_names: [status_code]
"""

from ansible_collections.community.sumologic.plugins.module_utils.extraction_rules import ExtractionRule
from ansible_collections.community.sumologic.plugins.module_utils.info import InfoModule


def main():
    info = InfoModule(ExtractionRule, "rules")
    try:
        info.exit(info.objects())
    except Exception as exc:
        info.fail(exc)


if __name__ == "__main__":
    main()
