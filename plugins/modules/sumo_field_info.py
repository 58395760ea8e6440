#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_field_info
short_description: Read Sumo Logic fields, dropped fields and the field quota
version_added: 0.1.0
description:
  - Returns the custom fields of the organisation, its built-in fields, the fields
    whose values Sumo Logic dropped because no field defines them, and the field quota.
  - Each part costs one request; O(include) chooses the parts.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  name:
    description:
      - Return only the custom and built-in fields of this name (without regard to case).
    type: str
  include:
    description:
      - What to read. V(custom) fills RV(fields), V(builtin) RV(builtin_fields),
        V(dropped) RV(dropped_fields) and V(quota) RV(quota).
    type: list
    elements: str
    choices: [custom, builtin, dropped, quota]
    default: [custom, builtin, dropped, quota]
seealso:
  - module: community.sumologic.sumo_field
"""

EXAMPLES = r"""
- name: Everything about fields
  community.sumologic.sumo_field_info:
  register: fields

- name: Fields whose values are being dropped
  ansible.builtin.debug:
    msg: "{{ fields.dropped_fields }} ({{ fields.quota.remaining }} of {{ fields.quota.quota }} fields left)"

- name: Is there a field called team?
  community.sumologic.sumo_field_info:
    name: team
    include: [custom]
  register: team
"""

RETURN = r"""
fields:
  description:
    - The custom fields, with snake_case keys and C(enabled).
  returned: when O(include) has V(custom)
  type: list
  elements: dict
  sample:
    - field_id: 00000000031D02DB
      field_name: team
      data_type: String
      state: Enabled
      enabled: true
builtin_fields:
  description:
    - The built-in fields (C(_sourceCategory), C(_sourceHost)...), in the same form.
  returned: when O(include) has V(builtin)
  type: list
  elements: dict
  sample:
    - field_id: "000000000000000C"
      field_name: _sourceCategory
      data_type: String
      state: Enabled
      enabled: true
dropped_fields:
  description:
    - Names of the fields sent with data that no field defines, whose values were dropped.
  returned: when O(include) has V(dropped) and O(name) is not set
  type: list
  elements: str
  sample: [datacenter, app_version]
quota:
  description:
    - How many custom fields the organisation may define, and how many more it can.
  returned: when O(include) has V(quota)
  type: dict
  sample: {quota: 200, remaining: 196}
  contains:
    quota:
      description: Fields the organisation may define in all.
      type: int
      returned: success
    remaining:
      description: Fields it can still define.
      type: int
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.fields import CustomField, field_quota, list_builtin_fields, list_dropped_fields
from ansible_collections.community.sumologic.plugins.module_utils.info import InfoModule

PARTS = ("custom", "builtin", "dropped", "quota")


def main():
    info = InfoModule(CustomField, "fields", options={
        "include": {"type": "list", "elements": "str", "choices": list(PARTS), "default": list(PARTS)},
    })
    client, name, include = info.run.client, info.params["name"], info.params["include"]
    result = {"changed": False}

    def named(fields):
        return fields if name is None else info.engine.pick(fields, name)
    try:
        if "custom" in include:
            result["fields"] = info.results(named(info.resource.list(info.run)))
        if "builtin" in include:
            result["builtin_fields"] = info.results(named(list_builtin_fields(client)))
        if "dropped" in include and name is None:
            result["dropped_fields"] = list_dropped_fields(client)
        if "quota" in include:
            result["quota"] = field_quota(client)
    except Exception as exc:
        info.fail(exc)
    info.module.exit_json(**result)


if __name__ == "__main__":
    main()
