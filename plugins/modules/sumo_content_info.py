#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_content_info
short_description: Export an item of the Sumo Logic content library as its definition
version_added: 0.2.0
description:
  - Exports the content item at a library path (an asynchronous job, waited for up to
    O(job_timeout)) and returns its definition, and writes it to O(dest) when given, so
    that existing content is brought into code in one task.
  - The definition is returned without what an import fills back in (ids, timestamps,
    defaults, the server's texts; see M(community.sumologic.sumo_content)), so it is short,
    the same in every organisation, and given back to M(community.sumologic.sumo_content) as
    O(community.sumologic.sumo_content#module:definition) or
    O(community.sumologic.sumo_content#module:src) it changes nothing.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.content
attributes:
  check_mode:
    support: full
    description: Reads only; O(dest) is not written, and the task reports whether it would be.
  diff_mode:
    support: none
    description: Nothing is compared.
options:
  path:
    description:
      - Library path of the item (C(~/Team/Errors last hour)); a personal folder or
        C(Admin Recommended) exports as a folder with everything in it.
    type: str
    required: true
  dest:
    description:
      - A file to write the definition to, as indented JSON. It is rewritten only when its
        content differs (and the task then reports a change).
    type: path
seealso:
  - module: community.sumologic.sumo_content
"""

EXAMPLES = r"""
- name: Export the team folder, with all that is in it, into a file
  community.sumologic.sumo_content_info:
    path: ~/Team
    dest: "{{ playbook_dir }}/content/team.json"

- name: Or keep it in a variable
  community.sumologic.sumo_content_info:
    path: /Library/Admin Recommended/Operations
    admin_mode: true
  register: operations
"""

RETURN = r"""
path:
  description: The item's library path (C(~/...) in the key owner's personal folder).
  returned: always
  type: str
  sample: ~/Team/Errors last hour
exists:
  description: Whether there is an item at O(path).
  returned: always
  type: bool
  sample: true
item_type:
  description: C(Folder), C(Search), C(Dashboard), C(Lookups), C(Report)...; null when there is no item.
  returned: always
  type: str
  sample: Search
definition:
  description:
    - The item's export definition, without what an import fills back in; null when there
      is no item.
  returned: always
  type: dict
  sample:
    type: SavedSearchWithScheduleSyncDefinition
    name: Errors last hour
    description: Errors per host over the last hour
    search:
      queryText: _sourceCategory=prod/* error | count by _sourceHost
      defaultTimeRange: -1h
      byReceiptTime: false
      queryParameters: []
dest:
  description: The file written (or that would be, in check mode).
  returned: when O(dest) is given and the item exists
  type: str
  sample: content/errors-last-hour.json
"""

from ansible_collections.community.sumologic.plugins.module_utils.content import content_info_main


def main():
    content_info_main()


if __name__ == "__main__":
    main()
