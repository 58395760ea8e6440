#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_dashboard
short_description: Manage Sumo Logic dashboards
version_added: 0.2.0
description:
  - Creates, updates and deletes a dashboard of the Dashboards (New) API, named by its
    folder (a library path) and its title.
  - Only the options you set are compared, and what the API fills in is not a difference,
    such as panel and variable ids (which the API sets, and keeps while a panel's C(key) and a
    variable's C(name) stay), the described defaults (a panel's
    C(keepVisualSettingsConsistentWithParent), a query's C(transient),
    C(outputCardinalityLimit), C(parseMode) and C(timeSource), a variable's
    C(allowMultiSelect), C(includeAllOption), C(hideFromUI), C(valueType), a time range's
    C(to) of null), the case of O(theme), the order of keys, and of layout structures; JSON
    in strings (a layout's C(structure), a panel's C(visualSettings)) is compared as JSON.
  - A PUT replaces the whole dashboard, so an update sends the dashboard as it is with the
    options you set merged.
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
      - Library path of the folder the dashboard is in (C(~/Team)); it must exist
        (M(community.sumologic.sumo_folder) makes it).
      - Defaults to the key owner's personal folder.
    type: str
  title:
    description:
      - Title of the dashboard, unique in its folder without regard to case; 1 to 255
        characters without C(/).
    type: str
    required: true
  description:
    description:
      - Description of the dashboard.
    type: str
  time_range:
    description:
      - The dashboard's default time range, as the API describes one (a dict with a C(type)
        such as C(BeginBoundedTimeRange) and its C(from)), or a relative time such as V(-1h),
        short for the range that begins that long ago.
      - A new dashboard without it gets V(-15m).
    type: raw
  panels:
    description:
      - The panels, as the API describes them (C(key), C(panelType) such as
        C(SumoSearchPanel) or C(TextPanel), C(title), C(queries)...); their ids are the
        API's, so leave them out.
    type: list
    elements: dict
  layout:
    description:
      - The layout, with C(layoutType) (V(Grid), the default) and C(layoutStructures), each with
        the C(key) of a panel and its C(structure), a JSON object in a string, or a dict
        (height, width, x, y) that the module turns into one.
    type: dict
  variables:
    description:
      - The dashboard's variables, as the API describes them (C(name), C(sourceDefinition)...).
    type: list
    elements: dict
  theme:
    description:
      - V(light) or V(dark), in any case.
    type: str
  refresh_interval:
    description:
      - Seconds between refreshes; V(0) for none.
    type: int
    choices: [0, 30, 60, 120, 300, 900, 1800, 3600, 7200, 86400]
  state:
    description:
      - V(present) creates or updates the dashboard; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - The dashboard is found with the listing of every dashboard the key may view (a request
    per 100 dashboards), unless its folder holds no dashboard of that title.
seealso:
  - module: community.sumologic.sumo_dashboards
  - module: community.sumologic.sumo_dashboard_info
  - module: community.sumologic.sumo_content
"""

EXAMPLES = r"""
- name: A dashboard of the team
  community.sumologic.sumo_dashboard:
    folder: ~/Team
    title: API errors
    description: 5xx of the API, by host
    time_range: -1h
    refresh_interval: 300
    theme: dark
    panels:
      - key: errors
        panelType: SumoSearchPanel
        title: Errors
        queries:
          - queryKey: A
            queryType: Logs
            queryString: _sourceCategory=prod/api status_code=5* | timeslice 5m | count by _timeslice
      - key: notes
        panelType: TextPanel
        title: Notes
        text: Page the API on-call before restarting anything.
    layout:
      layoutStructures:
        - key: errors
          structure: {height: 6, width: 12, x: 0, y: 0}
        - key: notes
          structure: {height: 6, width: 12, x: 12, y: 0}

- name: Delete it
  community.sumologic.sumo_dashboard:
    folder: ~/Team
    title: API errors
    state: absent
"""

RETURN = r"""
dashboard:
  description:
    - The dashboard as the API has it after the task (as it would be, in check mode), with
      snake_case keys at the top, the API's own keys inside C(panels), C(layout),
      C(variables) and C(time_range); empty when it is absent.
  returned: always
  type: dict
  sample:
    id: 69x6I3Y4RmGgLRaIxrGE21o492OQrGcJei8SldbyqCw4dcB94O8MycBWXvwn
    content_id: 000000000C1C100B
    folder_id: 000000000C1C1002
    title: API errors
    description: 5xx of the API, by host
    refresh_interval: 300
    theme: dark
    time_range:
      type: BeginBoundedTimeRange
      from: {type: RelativeTimeRangeBoundary, relativeTime: -1h}
      to: null
    panels:
      - id: 2F7D449E3D510000
        key: notes
        panelType: TextPanel
        title: Notes
        text: Page the API on-call before restarting anything.
        keepVisualSettingsConsistentWithParent: true
  contains:
    id:
      description: Id of the dashboard (60 letters and digits).
      type: str
      returned: success
    content_id:
      description: Id of the dashboard as an item of the content library.
      type: str
      returned: success
    folder_id:
      description: Id of its folder.
      type: str
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.content import run_content_module
from ansible_collections.community.sumologic.plugins.module_utils.dashboards import Dashboard


def main():
    run_content_module(Dashboard)


if __name__ == "__main__":
    main()
