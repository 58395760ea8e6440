#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_scheduled_view_info
short_description: Read Sumo Logic scheduled views
version_added: 0.2.0
description:
  - Returns one scheduled view found by index name, or every view (following every page
    of the listing, 1,000 views a page).
  - Disabled views are not returned, since the API no longer shows them.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  index_name:
    description:
      - Index name of the one view to return (the exact name, else without regard to case).
    type: str
seealso:
  - module: community.sumologic.sumo_scheduled_view
  - module: community.sumologic.sumo_scheduled_views
"""

EXAMPLES = r"""
- name: Every scheduled view
  community.sumologic.sumo_scheduled_view_info:
  register: views

- name: The views that failed
  ansible.builtin.debug:
    msg: "{{ views.views | selectattr('status', 'equalto', 'FAILED') | map(attribute='index_name') | list }}"

- name: One view
  community.sumologic.sumo_scheduled_view_info:
    index_name: web_errors_hourly
"""

RETURN = r"""
views:
  description:
    - The views found, with snake_case keys; empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 0000000005C4ED00
      index_name: web_errors_hourly
      index_id: 0000000001DE0000
      query: _sourceCategory=prod/web* error | timeslice 1h | count by _timeslice, _sourceHost
      start_time: "2026-01-01T00:00:00Z"
      retention_period: 90
      parsing_mode: Manual
      status: COMPLETE
      total_bytes: 10485760
      total_message_count: 52000
      filled_ranges:
        - {start_time: "2026-01-01T00:00:00Z", end_time: "2026-01-31T00:00:00Z"}
  contains:
    status:
      description: V(NOT_STARTED), V(FILLING), V(COMPLETE), V(FAILED) or V(PAUSED).
      type: str
      returned: success
    error:
      description: Why the view failed.
      type: str
      returned: when the view failed
    filled_ranges:
      description: The time ranges the view has indexed, each with C(start_time) and C(end_time) in UTC.
      type: list
      elements: dict
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.info import InfoModule
from ansible_collections.community.sumologic.plugins.module_utils.scheduled_views import ScheduledView


def main():
    info = InfoModule(ScheduledView, "views")
    try:
        info.exit(info.objects())
    except Exception as exc:
        info.fail(exc)


if __name__ == "__main__":
    main()
