#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_monitor_folder
short_description: Manage folders of the Sumo Logic Monitor Library
version_added: 0.2.0
description:
  - Creates, updates and deletes folders of the Monitor Library, the tree that holds
    monitors, through the Monitor Management API.
  - A folder is identified by its path from the root folder, C(/Monitors). Missing parent
    folders are created first, as C(mkdir -p) does (RV(created_parents) lists them).
  - Names are unique in a folder without regard to case, so a path that differs from an
    existing folder's only in case names that folder.
  - Folders carry a version, and an update sends the version it was computed from. When
    someone else changed the folder in between (the API answers 409, 412, or a 400 naming
    the version), the folder is read again and the change made on what it is now, three
    times at most; nothing of the other edit is overwritten.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes
options:
  path:
    description:
      - Path of the folder, C(/) and the folder names from the root down, such as
        C(/Monitors/Platform/Databases). A trailing C(/) is ignored.
      - The root folder (C(/Monitors)) exists in every organisation and cannot be
        changed or deleted.
    type: str
    required: true
  description:
    description:
      - Description of the folder, at most 4096 characters. Folders created as parents
        get none.
    type: str
  force:
    description:
      - With O(state=absent), whether a folder that holds monitors (in it or in its
        subfolders) is deleted with them. Without it such a folder is refused before any
        write, naming the monitors; an empty folder, or one that holds only empty
        folders, is deleted either way.
    type: bool
    default: false
  state:
    description:
      - V(present) creates (with its missing parents) or updates the folder; V(absent)
        deletes it with its subtree.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: community.sumologic.sumo_monitor
  - module: community.sumologic.sumo_monitors
  - ref: ansible_collections.community.sumologic.docsite.guide_alerting
    description: Alerting as code, the guide.
"""

EXAMPLES = r"""
- name: The platform team's folder, and /Monitors/Platform above it if it is missing
  community.sumologic.sumo_monitor_folder:
    path: /Monitors/Platform/Databases
    description: Monitors of the database clusters

- name: Delete a folder that still holds monitors
  community.sumologic.sumo_monitor_folder:
    path: /Monitors/Legacy
    state: absent
    force: true
"""

RETURN = r"""
folder:
  description:
    - The folder as the API has it after the task (as it would be, in check mode), with
      snake_case keys and its RV(folder.path); empty when it is absent.
  returned: always
  type: dict
  sample:
    id: 0000000000002DE2
    name: Databases
    path: /Monitors/Platform/Databases
    description: Monitors of the database clusters
    version: 0
    parent_id: 0000000000002DE1
    content_type: Folder
    type: MonitorsLibraryFolderResponse
    is_system: false
    is_mutable: true
    children: []
    permissions: [Create, Read, Update, Delete, Manage]
    created_at: "2026-12-01T10:00:00.000Z"
    created_by: 0000000006743FD0
    modified_at: "2026-12-01T10:00:00.000Z"
    modified_by: 0000000006743FD0
  contains:
    id:
      description: Id of the folder.
      type: str
      returned: success
    path:
      description: Path of the folder, as the library spells it.
      type: str
      returned: success
    version:
      description: Version of the folder; each update adds one.
      type: int
      returned: success
    children:
      description: What the folder holds, folders and monitors, each with the base fields only.
      type: list
      elements: dict
      returned: success
created_parents:
  description:
    - The parent folders the task created (would create, in check mode), from the top down.
  returned: always
  type: list
  elements: str
  sample: [/Monitors/Platform]
"""

from ansible_collections.community.sumologic.plugins.module_utils.monitors import run_folder_module


def main():
    run_folder_module()


if __name__ == "__main__":
    main()
