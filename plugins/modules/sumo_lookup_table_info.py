#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_lookup_table_info
short_description: Read Sumo Logic lookup tables
version_added: 0.2.0
description:
  - Returns one lookup table, the tables of a folder, or every table the access key sees,
    in the form of the options of M(community.sumologic.sumo_lookup_table); given back to
    it, they change nothing.
  - The API does not give a table's rows, so they are never returned; folders in the key
    owner's personal folder are C(~/...), and no id of the organisation is returned.
  - Without O(folder), every folder is read (one request each).
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.content
  - community.sumologic.attributes.info_module
options:
  folder:
    description:
      - Library path of a folder; only its tables. Without it, the tables of every folder of
        the key owner's personal folder and of C(Admin Recommended) (with O(admin_mode=true),
        of every user's).
    type: str
  name:
    description:
      - Only the table of this name (without regard to case).
    type: str
seealso:
  - module: community.sumologic.sumo_lookup_table
"""

EXAMPLES = r"""
- name: The tables of the team folder
  community.sumologic.sumo_lookup_table_info:
    folder: ~/Team
  register: tables

- name: Their schemas, elsewhere (rows are loaded separately)
  community.sumologic.sumo_lookup_table: "{{ item }}"
  loop: "{{ tables.lookup_tables }}"
"""

RETURN = r"""
lookup_tables:
  description:
    - The tables found, in the form of the options of M(community.sumologic.sumo_lookup_table).
  returned: always
  type: list
  elements: dict
  sample:
    - folder: ~/Team
      name: hosts
      description: Hosts and who answers for them
      fields:
        - {name: host, type: string}
        - {name: owner, type: string}
      primary_keys: [host]
      ttl: 0
      size_limit_action: StopIncomingMessages
  contains:
    folder:
      description: Library path of the table's folder.
      type: str
      returned: always
    name:
      description: Name of the table.
      type: str
      returned: always
"""

from ansible_collections.community.sumologic.plugins.module_utils.lookup_tables import lookup_table_info_main


def main():
    lookup_table_info_main()


if __name__ == "__main__":
    main()
