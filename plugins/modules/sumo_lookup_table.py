#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_lookup_table
short_description: Manage Sumo Logic lookup tables and their rows
version_added: 0.2.0
description:
  - Creates, updates and deletes a lookup table named by its folder (a library path) and its
    name, and loads its rows, given as a list (O(rows)) or a CSV file (O(csv)).
  - O(description), O(ttl) and O(size_limit_action) are updated in place. The API cannot
    change a table's O(fields) or O(primary_keys) without emptying it, so a new schema is
    imported over the table (same id, same permissions) only when the task also gives every
    row it is to hold (O(rows) or O(csv) with O(rows_mode=replace)); otherwise the task
    fails before any write.
  - With O(rows_mode=replace) the table holds exactly the rows given after the task; with
    V(merge) the rows given are written (by primary key) and the others stay.
  - "B(How the module knows what a table holds.) The API writes rows but cannot list them.
    Each time the module loads rows it appends a marker to the table's description,
    C([community.sumologic rows: 3, replace, sha256:<digest>]), the digest of the rows it
    was given, bound to the table's id and schema. The marker lives with the table, so every
    controller and every AWX job reads it, and a task whose rows have that digest changes
    nothing. RV(lookup_table.description) and the info module show the description without
    it; keep it when you edit the description elsewhere."
  - B(Which rows are written.) The controller also remembers, for each table, the primary
    keys of its rows and a digest of each row (never the other values), in
    C(~/.cache/community.sumologic/lookup-rows/) (or under E(SUMOLOGIC_CACHE_DIR)); this is
    used only while the table's marker is the one it was written with. With it, only the rows
    that differ are written, one request each, and the rows that are gone deleted, one
    request each. Without it (another controller, a new AWX container, rows changed by a
    merge elsewhere), or beyond 25 rows to write, one upload job loads them instead
    (C(BulkReplace), or C(BulkMerge) of the rows to write). A table of size 0 holds no row,
    so a new table's first rows are written one by one when they are few. Where the row
    endpoints do not serve, the rows are uploaded.
  - Rows changed by other means (the UI, a search's C(save) operator, another tool) are not
    seen; a task with the same rows does not write them again. Change the rows given, or
    delete the marker from the description, to have them loaded again.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.content
  - community.sumologic.assume_present
  - community.sumologic.attributes
options:
  folder:
    description:
      - Library path of the folder the table is in (C(~/Team)); it must exist
        (M(community.sumologic.sumo_folder) makes it).
      - Defaults to the key owner's personal folder.
    type: str
  name:
    description:
      - Name of the table, unique in its folder without regard to case; 1 to 255 characters
        without C(/). Searches name the table by its path, C(path://"/Library/.../name").
    type: str
    required: true
  description:
    description:
      - Description of the table, not blank; at most 1000 characters, or 910 with O(rows),
        to leave room for the marker.
      - Required to create a table.
    type: str
  fields:
    description:
      - The table's fields (columns), compared without regard to their order.
      - Required to create a table. Another schema empties the table (see above).
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - Name of the field, unique without regard to case (CSV headers match it so).
        type: str
        required: true
      type:
        description:
          - Type of its values.
        type: str
        required: true
        choices: [boolean, int, long, double, string]
  primary_keys:
    description:
      - The fields that identify a row, compared without regard to their order.
      - Required to create a table.
    type: list
    elements: str
  ttl:
    description:
      - Minutes a row lives after it is written, up to 525600 (a year); V(0) for ever.
    type: int
  size_limit_action:
    description:
      - What happens when the table reaches its size limit (100MB). V(StopIncomingMessages)
        discards new rows, V(DeleteOldData) deletes the oldest ones.
    type: str
    choices: [StopIncomingMessages, DeleteOldData]
  rows:
    description:
      - The rows, each a dict of field names (without regard to case) and values. A field
        left out is null; every primary key needs a value; values are checked against the
        fields' types before any write (a boolean is V(true) or V(false), an int fits 32 bits).
      - Not given (nor O(csv)), the rows are left as they are.
    type: list
    elements: dict
  csv:
    description:
      - A CSV file of the rows, its first line naming the fields (without regard to case),
        read on the host the task runs on, instead of O(rows).
    type: path
  rows_mode:
    description:
      - V(replace), the table holds exactly the rows given; V(merge), the rows given are
        written and the others stay.
    type: str
    choices: [replace, merge]
    default: replace
  state:
    description:
      - V(present) creates or updates the table; V(absent) deletes it, with its rows.
    type: str
    choices: [present, absent]
    default: present
notes:
  - M(community.sumologic.sumo_content) and M(community.sumologic.sumo_lookup_table_info)
    show a table's schema, never its rows, which the API does not give.
seealso:
  - module: community.sumologic.sumo_lookup_table_info
  - module: community.sumologic.sumo_folder
"""

EXAMPLES = r"""
- name: Who answers for which host
  community.sumologic.sumo_lookup_table:
    folder: ~/Team
    name: owners
    description: Hosts and who answers for them
    fields:
      - {name: host, type: string}
      - {name: owner, type: string}
      - {name: critical, type: boolean}
    primary_keys: [host]
    rows:
      - {host: web-01, owner: alice@example.com, critical: true}
      - {host: web-02, owner: alice@example.com, critical: false}

- name: Rows from a file, added to those there
  community.sumologic.sumo_lookup_table:
    folder: ~/Team
    name: owners
    csv: files/new-owners.csv
    rows_mode: merge

- name: Delete the table
  community.sumologic.sumo_lookup_table:
    folder: ~/Team
    name: owners
    state: absent
"""

RETURN = r"""
lookup_table:
  description:
    - The table after the task (as it would be, in check mode), with snake_case keys;
      empty when it is absent.
  returned: always
  type: dict
  sample:
    id: 000000000C1C100D
    name: owners
    description: Hosts and who answers for them
    fields:
      - {name: host, type: string}
      - {name: owner, type: string}
    primary_keys: [host]
    ttl: 0
    size_limit_action: StopIncomingMessages
    parent_folder_id: 000000000C1C1002
    content_path: /Library/Users/admin@example.com/Team/owners
    size: 52
    rows: {count: 2, mode: replace, digest: 9116ba20edbd98b0a12921acfdc8b18a}
  contains:
    id:
      description: Id of the table (its id as a content item).
      type: str
      returned: success
    description:
      description: Its description, without the rows marker.
      type: str
      returned: success
    content_path:
      description: Library path of the table.
      type: str
      returned: success
    size:
      description: Bytes its rows take, as the API counts them.
      type: int
      returned: success
    rows:
      description:
        - What the marker says of the rows last loaded by this module (C(count), C(mode),
          C(digest)); null when no rows were loaded by it.
      type: dict
      returned: success
row_changes:
  description:
    - What was done to the rows (or would be, in check mode), such as C(2 rows written, 1 row deleted)
      or C(1200 rows uploaded (BulkReplace job)); empty when nothing was.
  returned: always
  type: list
  elements: str
  sample: [2 rows written, 1 row deleted]
"""

from ansible_collections.community.sumologic.plugins.module_utils.content import run_content_module
from ansible_collections.community.sumologic.plugins.module_utils.lookup_tables import LookupTable


def main():
    run_content_module(LookupTable)


if __name__ == "__main__":
    main()
