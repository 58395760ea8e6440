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

from ansible_collections.community.sumologic.plugins.module_utils.identity import find_user_by_id, looks_like_email, looks_like_id
from ansible_collections.community.sumologic.plugins.module_utils.insights import (
    API_RESOLUTIONS,
    API_STATUSES,
    INSIGHTS_PATH,
    STATUS_DISPLAY_NAMES,
    data_of,
    find_insight,
)
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Current,
    Resource,
    ResourceFailure,
    run_resource_module,
)

ASSIGNEE_KEYS = ("assignee", "assignedTo", "teamAssignedTo")
CLOSING_KEYS = ("resolution", "subResolution", "closed", "closedBy")


class InsightTriage(Resource):
    kind = "insight"
    path = INSIGHTS_PATH
    result_key = "insight"
    # Record fields inside signals are user data.
    keep_keys = ("allRecords",)
    has_state = False
    options = dict(
        insight_id=dict(type="str", required=True),
        status=dict(type="str", choices=list(API_STATUSES)),
        resolution=dict(type="str", choices=list(API_RESOLUTIONS)),
        assignee=dict(type="str"),
        comment=dict(type="str"),
    )
    required_one_of = [("status", "assignee")]
    required_if = [("status", "closed", ("resolution",))]

    # -- input -----------------------------------------------------------------------------

    def validate(self, params):
        if not params["insight_id"].strip():
            raise ResourceFailure("insight_id: must not be empty")
        if params["resolution"] is not None and params["status"] != "closed":
            raise ResourceFailure("resolution: only applies with status closed, got status %s" % (params["status"],))
        if params["comment"] is not None:
            if not params["comment"].strip():
                raise ResourceFailure("comment: must not be empty")
            if params["status"] is None:
                raise ResourceFailure("comment: is added when the status changes; set status as well")
        assignee = (params["assignee"] or "").strip()
        if assignee and not looks_like_email(assignee) and not looks_like_id(assignee):
            raise ResourceFailure("assignee: %r is neither an email address nor a user id (16 hexadecimal digits)"
                                  % assignee)

    def assignee_email(self, run, params):
        """The email to assign ('' to unassign, None to leave as is); a user id is looked up once."""
        assignee = params["assignee"]
        if assignee is None or not assignee.strip() or looks_like_email(assignee.strip()):
            return assignee.strip() if assignee is not None else None

        def lookup():
            found = find_user_by_id(run.client, assignee.strip())
            email = found.obj.get("email") if found is not None else None
            if not email:
                raise ResourceFailure("assignee: %r is not an email address, and no user has this id" % assignee)
            return email
        return run.memo(("assignee", assignee.strip()), lookup)

    # -- the insight -------------------------------------------------------------------------

    def find(self, run, params):
        self.assignee_email(run, params)  # an unknown assignee fails before anything else
        found = find_insight(run.client, params["insight_id"].strip())
        if found is None:
            raise ResourceFailure("insight_id: there is no insight %s" % params["insight_id"])
        return Current(found, None)

    def label(self, params, obj=None):
        return obj.get("readableId") if obj else params["insight_id"]

    def describe(self, params, obj=None):
        if obj is None:
            return "insight %s" % params["insight_id"]
        return "insight %s (id %s)" % (obj.get("readableId"), obj.get("id"))

    def changes(self, run, params, obj, wanted):
        """API field -> value after the task, for what differs; shaped as the API shows an insight."""
        diff = {}
        if params["status"] is not None:
            status = API_STATUSES[params["status"]]
            resolution = API_RESOLUTIONS.get(params["resolution"])
            if status_of(obj) != status or (status == "closed" and obj.get("resolution") != resolution):
                diff["status"] = {"name": status, "displayName": STATUS_DISPLAY_NAMES[status]}
                if status == "closed":
                    diff["resolution"] = resolution
                else:
                    diff.update((key, None) for key in CLOSING_KEYS)
        email = self.assignee_email(run, params)
        if email == "":
            if any(obj.get(key) for key in ASSIGNEE_KEYS):
                diff.update((key, None) for key in ASSIGNEE_KEYS)
        elif email is not None and (assigned_email(obj) or "").lower() != email.lower():
            diff.update(assignee={"username": email, "displayName": email}, assignedTo=email, teamAssignedTo=None)
        return diff

    def update(self, run, params, current, body):
        """Status and assignee are sub-resources: one write each, only for what differs."""
        before, path, after = current.obj, self.item_path(run, params, current.obj), None
        if status_changed(before, body):
            status = {"status": status_of(body)}
            if status["status"] == "closed":
                status["resolution"] = body["resolution"]
            after = data_of(run.client.put(path + "/status", status).json)
        if any(body.get(key) != before.get(key) for key in ASSIGNEE_KEYS):
            if body.get("assignedTo"):
                wanted = {"assignee": {"type": "USER", "value": body["assignedTo"]}}
                after = data_of(run.client.put(path + "/assignee", wanted).json)
            else:
                after = data_of(run.client.delete(path + "/assignee").json)
        return after or body

    def after_present(self, run, params, before, after):
        """The comment goes with a change of status, never on its own (so a re-run adds none)."""
        if not (params["comment"] and status_changed(before, after)):
            return after, []
        if not run.check_mode:
            run.client.post(self.item_path(run, params, after) + "/comments", {"body": params["comment"]})
        return after, ["comment_added"]

    def extra_result(self, outcome):
        return {"comment_added": "comment_added" in outcome.actions}


def status_of(insight):
    return (insight.get("status") or {}).get("name")


def status_changed(before, after):
    return status_of(before) != status_of(after) or before.get("resolution") != after.get("resolution")


def assigned_email(insight):
    """Email of the user an insight is assigned to, or None."""
    return insight.get("assignedTo") or (insight.get("assignee") or {}).get("username")


def main():
    run_resource_module(InsightTriage)


if __name__ == "__main__":
    main()
