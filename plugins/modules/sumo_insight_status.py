#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_insight_status
short_description: Triage Cloud SIEM insights (status, resolution, assignee, comment)
version_added: 0.1.0
description:
  - Sets the status of a Cloud SIEM insight (with a resolution when closing it), its
    assignee, and adds a comment when the status changes.
  - Reads the insight once and writes only what differs, so running the task again
    changes nothing and adds no second comment.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes
options:
  insight_id:
    description:
      - The insight, by its id (a UUID) or by its readable id such as V(INSIGHT-123).
      - A readable id is looked up with a query; the writes go to the insight's id.
    type: str
    required: true
  status:
    description:
      - The status the insight should have. V(in_progress) is the API's C(inprogress).
      - Re-opening a closed insight (V(new) or V(in_progress)) clears its resolution.
    type: str
    choices: [new, in_progress, closed]
  resolution:
    description:
      - Why the insight is closed; required with O(status=closed) and refused with any
        other status. The values are the built-in resolutions C(Resolved),
        C(False Positive), C(No Action) and C(Duplicate).
      - A closed insight with another resolution gets this one.
    type: str
    choices: [resolved, false_positive, no_action, duplicate]
  assignee:
    description:
      - The user the insight should be assigned to, by email (the user name) or by
        user id (looked up through the Users API to find the email).
      - An empty string removes the assignee.
      - When not set, the assignee is left as it is.
    type: str
  comment:
    description:
      - A comment added to the insight when the task changes its status or resolution,
        for example the ticket that tracks the work. Not added when the status already
        is the one asked for, so re-runs add no duplicates.
      - Needs O(status).
    type: str
notes:
  - One of O(status) and O(assignee) is required.
  - Each kind of change is its own API call (status, assignee, comment); a task that
    changes several makes several writes.
seealso:
  - module: community.sumologic.sumo_insight_info
"""

EXAMPLES = r"""
- name: Take an insight and start working on it
  community.sumologic.sumo_insight_status:
    insight_id: INSIGHT-104
    status: in_progress
    assignee: soc.analyst@example.com
    comment: Investigating, see INC-4711

- name: Close it
  community.sumologic.sumo_insight_status:
    insight_id: INSIGHT-104
    status: closed
    resolution: resolved
    comment: Account reset, user trained

- name: Every open insight raised by the vulnerability scanner
  community.sumologic.sumo_insight_info:
    status: [new, in_progress]
    tags: [scanner]
  register: scanner

- name: Close them as false positives
  community.sumologic.sumo_insight_status:
    insight_id: "{{ item.id }}"
    status: closed
    resolution: false_positive
    comment: Authorised scanner
  loop: "{{ scanner.insights }}"
  loop_control:
    label: "{{ item.readable_id }}"

- name: Unassign an insight
  community.sumologic.sumo_insight_status:
    insight_id: 0b2f6f4e-6f0b-5d6e-9a3c-2f0a8c1e4b11
    assignee: ""
"""

RETURN = r"""
insight:
  description:
    - The insight as the API has it after the task (as it would be, in check mode),
      with snake_case keys.
  returned: success
  type: dict
  sample:
    id: 0b2f6f4e-6f0b-5d6e-9a3c-2f0a8c1e4b11
    readable_id: INSIGHT-104
    name: "Initial access: phishing link followed"
    status: {name: closed, display_name: Closed}
    resolution: Resolved
    assigned_to: soc.analyst@example.com
    assignee: {username: soc.analyst@example.com, display_name: SOC Analyst}
    closed: "2026-11-23T10:15:00.000000Z"
    closed_by: soc.analyst@example.com
    severity: HIGH
    confidence: 0.83
    tags: ["_mitreAttackTactic:TA0001"]
  contains:
    id:
      description: Id of the insight (a UUID).
      type: str
      returned: success
    readable_id:
      description: Readable id, such as C(INSIGHT-104).
      type: str
      returned: success
    status:
      description: Status, with its C(name) (V(new), V(inprogress), V(closed) or a custom one) and C(display_name).
      type: dict
      returned: success
    resolution:
      description: Resolution of a closed insight, else null.
      type: str
      returned: success
    assigned_to:
      description: Email of the user the insight is assigned to, or null.
      type: str
      returned: success
comment_added:
  description: Whether the task added O(comment) (would add, in check mode).
  returned: success
  type: bool
  sample: true
"""

from ansible_collections.community.sumologic.plugins.module_utils.insights import InsightTriage
from ansible_collections.community.sumologic.plugins.module_utils.resource import run_resource_module


def main():
    run_resource_module(InsightTriage)


if __name__ == "__main__":
    main()
