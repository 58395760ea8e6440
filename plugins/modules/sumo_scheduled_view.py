#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_scheduled_view
short_description: Manage Sumo Logic scheduled views
version_added: 0.2.0
description:
  - Creates, updates, pauses, starts and disables scheduled views through the Scheduled
    View API. A scheduled view runs its query over incoming data (and back to its start
    time) and keeps the results in an index of its own, searched as C(_view=INDEX_NAME).
  - A view is identified by its index name. Its index name, query, start time and parsing
    mode cannot change once it is created; an existing view with another value fails the
    task before any write, naming the option (disable the view and create another one
    to change them). Its retention, data forwarding and whether it is paused can change.
  - Only the options you set are compared; what the API fills in (ids, statuses, sizes,
    filled ranges) is never drift.
  - B(The API cannot delete a scheduled view.) O(state=absent) B(disables) it, for good.
    A disabled view is no longer listed or readable, indexes no more data and cannot be
    enabled again; the data it holds stays until its retention ends. Its index name may
    be given to a new view, so O(state=present) with the same name afterwards creates a
    new, empty view.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes
options:
  index_name:
    description:
      - Name of the view's index, 1 to 255 letters, digits and underscores, starting
        with a letter; unique without regard to case (nor may a partition have it).
      - An existing view whose name differs only in case is that view, and fails the task,
        since the name cannot change.
    type: str
    required: true
  query:
    description:
      - The query whose results the view keeps (C(_sourceCategory=prod/web | timeslice 1h
        | count by _timeslice)), 1 to 16384 characters.
      - Required to create a view; cannot change afterwards.
    type: str
  start_time:
    description:
      - The moment from which the view indexes data, an RFC 3339 date-time with a time
        zone (V(2026-01-01T00:00:00Z), V(2026-01-01T01:00:00+01:00)); at most 365 days
        ago.
      - The API answers it in UTC; it is compared as a moment, not as text, so the same
        moment in another zone or format is no change.
      - Required to create a view; cannot change afterwards.
    type: str
  parsing_mode:
    description:
      - How fields are parsed out of JSON messages; V(AutoParse) finds them from the query,
        V(Manual) parses none. Set when the view is created (default V(Manual)); cannot
        change afterwards.
    type: str
    choices: [AutoParse, Manual]
  retention_period:
    description:
      - Days the view keeps its data, or V(-1) for the account's default.
      - V(-1) is used when the view is created only; on an existing view it changes
        nothing, since the API shows the retention as a number of days.
      - A longer retention applies at once. A shorter one needs
        O(reduce_retention_period_immediately). While a shortening is pending (its data
        deleted seven days later), the pending retention is the view's retention as far
        as this option is concerned. The API cannot cancel a pending shortening, so asking
        for the current retention then fails the task; a longer one replaces it.
    type: int
  reduce_retention_period_immediately:
    description:
      - What happens to the data between the current retention and a shorter
        O(retention_period). V(true) deletes it now, V(false) seven days from now.
      - Required when O(retention_period) is shorter than the current retention; not used
        otherwise.
    type: bool
  data_forwarding_id:
    description:
      - Id of the data forwarding destination the view's results are also sent to; an
        empty string for none.
    type: str
  paused:
    description:
      - V(true) pauses the view (it indexes nothing until it is started), V(false) starts
        a paused view again (it catches up with the data that arrived meanwhile). A new
        view is created running, and paused straight after when V(true) is given.
      - A failed view cannot be paused (the task fails before any write).
    type: bool
  state:
    description:
      - V(present) creates or updates the view. V(absent) B(disables) it (the API cannot
        delete a view), which cannot be undone.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Sumo Logic allows 500 scheduled views per organisation, disabled ones included.
seealso:
  - module: community.sumologic.sumo_scheduled_view_info
  - module: community.sumologic.sumo_scheduled_views
  - module: community.sumologic.sumo_partition
"""

EXAMPLES = r"""
- name: Hourly web errors, kept 90 days
  community.sumologic.sumo_scheduled_view:
    index_name: web_errors_hourly
    query: _sourceCategory=prod/web* error | timeslice 1h | count by _timeslice, _sourceHost
    start_time: "2026-01-01T00:00:00Z"
    retention_period: 90

- name: Pause it
  community.sumologic.sumo_scheduled_view:
    index_name: web_errors_hourly
    paused: true

- name: Keep 30 days from now on, deleting older data in seven days
  community.sumologic.sumo_scheduled_view:
    index_name: web_errors_hourly
    retention_period: 30
    reduce_retention_period_immediately: false

- name: Disable it (scheduled views cannot be deleted, nor enabled again)
  community.sumologic.sumo_scheduled_view:
    index_name: web_errors_hourly
    state: absent
"""

RETURN = r"""
view:
  description:
    - The scheduled view as the API has it after the task (as it would be, in check mode),
      with snake_case keys; empty when it is absent or was disabled.
  returned: always
  type: dict
  sample:
    id: 0000000005C4ED00
    index_name: web_errors_hourly
    index_id: 0000000001DE0000
    query: _sourceCategory=prod/web* error | timeslice 1h | count by _timeslice, _sourceHost
    start_time: "2026-01-01T00:00:00Z"
    retention_period: 90
    parsing_mode: Manual
    status: FILLING
    total_bytes: 0
    total_message_count: 0
    filled_ranges: []
  contains:
    id:
      description: Id of the view.
      type: str
      returned: success
    status:
      description:
        - V(NOT_STARTED) (its start time is ahead), V(FILLING), V(COMPLETE), V(FAILED)
          (with RV(view.error)) or V(PAUSED).
      type: str
      returned: success
    error:
      description: Why the view failed.
      type: str
      returned: when the view failed
    start_time:
      description: The start time, in UTC.
      type: str
      returned: success
    retention_period:
      description: Days the view keeps its data now.
      type: int
      returned: success
    new_retention_period:
      description: The shorter retention that takes effect at RV(view.retention_effective_at).
      type: int
      returned: while a shortening is pending
    retention_effective_at:
      description: When RV(view.new_retention_period) takes effect.
      type: str
      returned: while a shortening is pending
disabled:
  description:
    - Whether the task disabled the view (in check mode, whether it would).
  returned: always
  type: bool
  sample: false
"""

from ansible_collections.community.sumologic.plugins.module_utils.resource import run_resource_module
from ansible_collections.community.sumologic.plugins.module_utils.scheduled_views import ScheduledView


def main():
    run_resource_module(ScheduledView)


if __name__ == "__main__":
    main()
