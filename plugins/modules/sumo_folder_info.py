#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_folder_info
short_description: Read folders of the Sumo Logic content library
version_added: 0.2.0
description:
  - Returns one folder by path, or the folders below it, or every folder the access key
    sees, in the form of the options of M(community.sumologic.sumo_folder); given back to
    it, they change nothing.
  - Paths in the key owner's personal folder are returned as C(~/...), so that the result
    applies with another organisation's key too; permissions name roles and users by name
    and email, never by id.
  - Costs one request per folder, and one for its permissions.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.content
  - community.sumologic.attributes.info_module
options:
  path:
    description:
      - Library path of one folder. For a personal folder or C(Admin Recommended), the
        folders in it.
      - Without it, every folder in the key owner's personal folder and in
        C(Admin Recommended), and with O(admin_mode=true) in every user's personal folder.
    type: str
  recursive:
    description:
      - With O(path), also return every folder below it.
    type: bool
    default: false
seealso:
  - module: community.sumologic.sumo_folder
"""

EXAMPLES = r"""
- name: Every folder, as sumo_folder options
  community.sumologic.sumo_folder_info:
    admin_mode: true
  register: library

- name: Apply them (elsewhere, or again)
  community.sumologic.sumo_folder:
    path: "{{ item.path }}"
    description: "{{ item.description | default(omit) }}"
    permissions: "{{ item.permissions | default(omit) }}"
  loop: "{{ library.folders }}"
"""

RETURN = r"""
folders:
  description:
    - The folders found, parents before children, in the form of the options of
      M(community.sumologic.sumo_folder); empty when none is there. Sumo Logic's own folders
      (personal folders, C(Admin Recommended)) are not listed.
  returned: always
  type: list
  elements: dict
  sample:
    - path: ~/Team
      description: What the team shares
      permissions:
        - role: Analyst
          permission: View
    - path: ~/Team/Runbooks
  contains:
    path:
      description: Library path of the folder (C(~/...) in the key owner's personal folder).
      type: str
      returned: always
    description:
      description: Its description, when it has one.
      type: str
      returned: when not empty
    permissions:
      description: The permissions set on it, by role name or user email; shares with the whole organisation are left out.
      type: list
      elements: dict
      returned: when there is any
"""

from ansible_collections.community.sumologic.plugins.module_utils.content import folder_info_main


def main():
    folder_info_main()


if __name__ == "__main__":
    main()
