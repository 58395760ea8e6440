#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_content
short_description: Manage any item of the Sumo Logic content library from its export definition
version_added: 0.2.0
description:
  - Makes the content item at a library path (a saved search, a dashboard, a lookup
    table's schema, a whole folder tree...) what a content export definition describes,
    the JSON that M(community.sumologic.sumo_content_info), the Content Management API or
    Sumo Logic's "Export" menu give.
  - Idempotent. The task exports the current item (an asynchronous job, started, polled,
    its result read), compares it with the definition, and imports the definition into the
    parent folder with C(overwrite=true) only when they differ; an import keeps the item's
    id and permissions. A new item is imported into its folder, which must exist
    (M(community.sumologic.sumo_folder) makes it).
  - What the API fills in is not a difference. Before comparing, both sides lose ids and
    timestamps, optional keys that are null or hold the value an import gives them when
    they are left out (a saved search's C(viewName) and C(parsingMode), a schedule's
    C(displayableTimeRange), a dashboard's panel and variable ids, C(keepVisualSettingsConsistentWithParent),
    the query defaults, a lookup table's C(ttl) V(0)...), the order of keys and of a
    folder's children (compared by name), and the case of a dashboard's theme; JSON in
    strings (layout structures, visual settings) is compared as JSON. Anything else the
    definition says is compared, and a key it leaves out that the item has is a difference.
  - O(state=absent) deletes the item (and, for a folder, all in it) with an asynchronous
    job. Jobs are waited for up to O(job_timeout); a job that fails fails the task with the
    job's error, naming the path and the job.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.content
  - community.sumologic.assume_present
  - community.sumologic.attributes
options:
  path:
    description:
      - Library path of the item, for example C(~/Team/Errors last hour) or
        C(/Library/Admin Recommended/Operations/5xx by host). Its last part is the item's
        name; a O(definition) that has a C(name) must have this one.
      - Personal folders and C(Admin Recommended) themselves cannot be imported or deleted.
    type: str
    required: true
  definition:
    description:
      - The export definition of the item (a dict with a C(type) such as
        C(SavedSearchWithScheduleSyncDefinition), C(DashboardV2SyncDefinition),
        C(LookupTableSyncDefinition) or C(FolderSyncDefinition) with C(children)). Its
        C(name) may be left out (the last part of O(path)).
      - One of O(definition) and O(src) is required with O(state=present).
    type: dict
  src:
    description:
      - A JSON file holding the definition, as M(community.sumologic.sumo_content_info)
        writes it with C(dest).
    type: path
  state:
    description:
      - V(present) imports the definition when the item differs; V(absent) deletes the
        item.
    type: str
    choices: [present, absent]
    default: present
notes:
  - A lookup table's rows are not part of its definition; M(community.sumologic.sumo_lookup_table)
    loads them. An import over a lookup table keeps its rows (unless its fields change) and
    the rows marker that module keeps in its description.
  - The API imports at most 1000 content objects at once, and exports at most as many.
seealso:
  - module: community.sumologic.sumo_content_info
  - module: community.sumologic.sumo_folder
  - module: community.sumologic.sumo_dashboard
"""

EXAMPLES = r"""
- name: Bring a saved search into code (once)
  community.sumologic.sumo_content_info:
    path: ~/Team/Errors last hour
    dest: content/errors-last-hour.json

- name: From then on, the file is what the library holds
  community.sumologic.sumo_content:
    path: ~/Team/Errors last hour
    src: content/errors-last-hour.json

- name: A saved search written in the playbook
  community.sumologic.sumo_content:
    path: ~/Team/5xx by host
    definition:
      type: SavedSearchWithScheduleSyncDefinition
      description: 5xx answers per host
      search:
        queryText: _sourceCategory=prod/web status_code=5* | count by _sourceHost
        defaultTimeRange: -15m
        byReceiptTime: false
        queryParameters: []

- name: Delete it
  community.sumologic.sumo_content:
    path: ~/Team/5xx by host
    state: absent
"""

RETURN = r"""
content:
  description:
    - The item after the task (as it would be, in check mode); empty when it is absent.
  returned: always
  type: dict
  sample:
    id: 000000000C1C1004
    name: Errors last hour
    item_type: Search
    path: /Library/Users/admin@example.com/Team/Errors last hour
    definition:
      type: SavedSearchWithScheduleSyncDefinition
      name: Errors last hour
      description: Errors per host over the last hour
      search:
        queryText: _sourceCategory=prod/* error | count by _sourceHost
        defaultTimeRange: -1h
        byReceiptTime: false
        queryParameters: []
  contains:
    id:
      description: Id of the content item.
      type: str
      returned: success
    item_type:
      description: C(Folder), C(Search), C(Dashboard), C(Lookups), C(Report)...
      type: str
      returned: success
    path:
      description: Library path of the item.
      type: str
      returned: success
    definition:
      description:
        - Its definition, without what the API fills in (as compared; the diff shows the
          same form).
      type: dict
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.content import ContentItem, run_content_module


def main():
    run_content_module(ContentItem)


if __name__ == "__main__":
    main()
