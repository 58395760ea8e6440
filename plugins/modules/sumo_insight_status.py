#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

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

from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule
from ansible_collections.community.sumologic.plugins.module_utils.identity import find_user_by_id, looks_like_email, looks_like_id
from ansible_collections.community.sumologic.plugins.module_utils.insights import (
    API_RESOLUTIONS,
    API_STATUSES,
    INSIGHTS_PATH,
    STATUS_DISPLAY_NAMES,
    data_of,
    find_insight,
)
from ansible_collections.community.sumologic.plugins.module_utils.resource import Current, Resource, ResourceFailure

ASSIGNEE_KEYS = ("assignee", "assignedTo", "teamAssignedTo")
CLOSING_KEYS = ("resolution", "subResolution", "closed", "closedBy")


class InsightTriage(Resource):
    kind = "insight"
    path = INSIGHTS_PATH
    result_key = "insight"
    # Record fields inside signals are user data.
    keep_keys = ("allRecords",)

    # -- input -----------------------------------------------------------------------------

    def validate(self):
        p = self.params
        self.status_write = False
        self.extra_result["comment_added"] = False
        if not p["insight_id"].strip():
            raise ResourceFailure("insight_id: must not be empty")
        if p["resolution"] is not None and p["status"] != "closed":
            raise ResourceFailure("resolution: only applies with status closed, got status %s" % (p["status"],))
        if p["comment"] is not None:
            if not p["comment"].strip():
                raise ResourceFailure("comment: must not be empty")
            if p["status"] is None:
                raise ResourceFailure("comment: is added when the status changes; set status as well")
        self.assignee_email = self.resolve_assignee(p["assignee"])

    def resolve_assignee(self, assignee):
        """The email to assign ('' to unassign, None to leave as is); a user id is looked up."""
        if assignee is None:
            return None
        assignee = assignee.strip()
        if not assignee or looks_like_email(assignee):
            return assignee
        if not looks_like_id(assignee):
            raise ResourceFailure("assignee: %r is neither an email address nor a user id (16 hexadecimal digits)"
                                  % assignee)
        found = find_user_by_id(self.client, assignee)
        email = found.obj.get("email") if found is not None else None
        if not email:
            raise ResourceFailure("assignee: %r is not an email address, and no user has this id" % assignee)
        return email

    # -- the insight -------------------------------------------------------------------------

    def find(self):
        found = find_insight(self.client, self.params["insight_id"].strip())
        if found is None:
            raise ResourceFailure("insight_id: there is no insight %s" % self.params["insight_id"])
        return Current(found, None)

    def describe(self, obj=None):
        if obj is None:
            return "insight %s" % self.params["insight_id"]
        return "insight %s (id %s)" % (obj.get("readableId"), obj.get("id"))

    def changes(self, obj):
        """API field -> value after the task, for what differs; shaped as the API shows an insight."""
        p = self.params
        diff = {}
        if p["status"] is not None:
            status = API_STATUSES[p["status"]]
            resolution = API_RESOLUTIONS.get(p["resolution"])
            if (obj.get("status") or {}).get("name") != status or (status == "closed" and obj.get("resolution") != resolution):
                diff["status"] = {"name": status, "displayName": STATUS_DISPLAY_NAMES[status]}
                if status == "closed":
                    diff["resolution"] = resolution
                else:
                    diff.update((key, None) for key in CLOSING_KEYS)
        if self.assignee_email == "":
            if any(obj.get(key) for key in ASSIGNEE_KEYS):
                diff.update((key, None) for key in ASSIGNEE_KEYS)
        elif self.assignee_email is not None and (assigned_email(obj) or "").lower() != self.assignee_email.lower():
            diff.update(assignee={"username": self.assignee_email, "displayName": self.assignee_email},
                        assignedTo=self.assignee_email, teamAssignedTo=None)
        self.status_write = "status" in diff
        return diff

    def update(self, current, body):
        """Status, assignee and comment are sub-resources: one write each, only for what differs."""
        before, path, after = current.obj, self.item_path(current.obj), None
        if self.status_write:
            status = {"status": body["status"]["name"]}
            if status["status"] == "closed":
                status["resolution"] = body["resolution"]
            after = data_of(self.client.put(path + "/status", status).json)
        if any(body.get(key) != before.get(key) for key in ASSIGNEE_KEYS):
            if body.get("assignedTo"):
                wanted = {"assignee": {"type": "USER", "value": body["assignedTo"]}}
                after = data_of(self.client.put(path + "/assignee", wanted).json)
            else:
                after = data_of(self.client.delete(path + "/assignee").json)
        if self.status_write and self.params["comment"]:
            self.client.post(path + "/comments", {"body": self.params["comment"]})
        return after or body

    def after_present(self, current):
        self.extra_result["comment_added"] = bool(self.status_write and self.params["comment"])
        return current


def assigned_email(insight):
    """Email of the user an insight is assigned to, or None."""
    return insight.get("assignedTo") or (insight.get("assignee") or {}).get("username")


def main():
    module = SumoModule(
        argument_spec=dict(
            insight_id=dict(type="str", required=True),
            status=dict(type="str", choices=list(API_STATUSES)),
            resolution=dict(type="str", choices=list(API_RESOLUTIONS)),
            assignee=dict(type="str"),
            comment=dict(type="str"),
        ),
        required_one_of=[("status", "assignee")],
        required_if=[("status", "closed", ("resolution",))],
        supports_check_mode=True,
    )
    InsightTriage(module).run()


if __name__ == "__main__":
    main()
