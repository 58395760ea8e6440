#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_dashboard_info
short_description: Read Sumo Logic dashboards
version_added: 0.2.0
description:
  - Returns the dashboards of a folder, those of a title, or every dashboard the access key
    may view (one listing, a request per 100 dashboards), in the form of the options of
    M(community.sumologic.sumo_dashboard); given back to it, they change nothing.
  - No ids of the organisation are returned (not the dashboard's, not its panels'), nor
    what the API fills in; folders in the key owner's personal folder are C(~/...).
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.content
  - community.sumologic.attributes.info_module
options:
  folder:
    description:
      - Library path of a folder; only its dashboards.
    type: str
  title:
    description:
      - Only the dashboards of this title (without regard to case).
    type: str
seealso:
  - module: community.sumologic.sumo_dashboard
  - module: community.sumologic.sumo_dashboards
"""

EXAMPLES = r"""
- name: The dashboards of the team folder
  community.sumologic.sumo_dashboard_info:
    folder: ~/Team
  register: team_dashboards

- name: Keep them as code
  ansible.builtin.copy:
    content: "{{ {'dashboards': team_dashboards.dashboards} | to_nice_yaml }}"
    dest: vars/dashboards.yml
    mode: "0644"
"""

RETURN = r"""
dashboards:
  description:
    - The dashboards found, in the form of the options of M(community.sumologic.sumo_dashboard).
  returned: always
  type: list
  elements: dict
  sample:
    - folder: ~/Team
      title: Service Overview
      description: Errors and notes of the production services
      time_range: {type: BeginBoundedTimeRange, from: {type: RelativeTimeRangeBoundary, relativeTime: -1h}}
      refresh_interval: 300
      theme: dark
      panels:
        - key: panelNotes
          panelType: TextPanel
          title: Notes
          text: Ask #ops before paging.
  contains:
    folder:
      description: Library path of the dashboard's folder.
      type: str
      returned: always
    title:
      description: Title of the dashboard.
      type: str
      returned: always
"""

from ansible_collections.community.sumologic.plugins.module_utils.dashboards import dashboard_info_main


def main():
    dashboard_info_main()


if __name__ == "__main__":
    main()
