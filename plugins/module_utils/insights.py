# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Cloud SIEM insights: lookups, the ``q`` query language, and the ``InsightTriage`` declaration."""

import re

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError, quote_segment
from ansible_collections.community.sumologic.plugins.module_utils.identity import (
    USERS,
    looks_like_email,
    looks_like_id,
)
from ansible_collections.community.sumologic.plugins.module_utils.resource import Identity, Request, Resource

INSIGHTS_PATH = "/sec/v1/insights"
READABLE_ID = re.compile(r"^INSIGHT-\d+$", re.IGNORECASE)

# Module option value -> the API's built-in status name, and that status's display name.
API_STATUSES = {"new": "new", "in_progress": "inprogress", "closed": "closed"}
STATUS_DISPLAY_NAMES = {"new": "New", "inprogress": "In Progress", "closed": "Closed"}
# Module option value -> the API's built-in resolution name.
API_RESOLUTIONS = {
    "resolved": "Resolved",
    "false_positive": "False Positive",
    "no_action": "No Action",
    "duplicate": "Duplicate",
}
API_SEVERITIES = {"low": "LOW", "medium": "MEDIUM", "high": "HIGH", "critical": "CRITICAL"}


def data_of(body):
    """The payload of a Cloud SIEM answer (every answer wraps it as ``{"data": ..., "errors": []}``)."""
    return (body or {}).get("data") if isinstance(body, dict) else None


def insight_path(insight_id):
    return "%s/%s" % (INSIGHTS_PATH, quote_segment(insight_id))


def quote_value(value):
    """A value as a ``q`` string literal: in double quotes, with ``"`` and ``\\`` escaped."""
    return '"%s"' % str(value).replace("\\", "\\\\").replace('"', '\\"')


def term(field, values):
    """``field:"v"`` for one value, ``field:in("a","b")`` for several."""
    values = list(values)
    if len(values) == 1:
        return "%s:%s" % (field, quote_value(values[0]))
    return "%s:in(%s)" % (field, ",".join(quote_value(v) for v in values))


def build_query(statuses=None, tags=None, severities=None, query=None):
    """The ``q`` string for the filters given (terms are ANDed); None when there is none."""
    terms = []
    if statuses:
        terms.append(term("status", [API_STATUSES.get(s, s) for s in statuses]))
    for tag in tags or []:
        terms.append(term("tag", [tag]))
    if severities:
        terms.append(term("severity", [API_SEVERITIES.get(s, s) for s in severities]))
    if query and query.strip():
        terms.append(query.strip())
    return " ".join(terms) or None


def find_insight(client, insight_id):
    """The insight with this id (a UUID) or readable id (``INSIGHT-123``), or None. One GET.

    Whether the API takes a readable id in the path is not documented, so a readable id
    is looked up with ``q=readableId:"INSIGHT-123"``; the object found is the whole insight.
    """
    if READABLE_ID.match(insight_id):
        params = {"q": term("readableId", [insight_id.upper()]), "limit": 1}
        found = (data_of(client.get(INSIGHTS_PATH, params=params).json) or {}).get("objects") or []
        return found[0] if found else None
    resp = client.get_or_none(insight_path(insight_id))
    return data_of(resp.json) if resp is not None else None


ASSIGNEE_KEYS = ("assignee", "assignedTo", "teamAssignedTo")
CLOSING_KEYS = ("resolution", "subResolution", "closed", "closedBy")


def status_of(insight):
    return (insight.get("status") or {}).get("name")


def status_changed(before, after):
    return status_of(before) != status_of(after) or before.get("resolution") != after.get("resolution")


def assigned_email(insight):
    """Email of the user an insight is assigned to, or None."""
    return insight.get("assignedTo") or (insight.get("assignee") or {}).get("username")


class InsightTriage(Resource):
    """An insight's status, resolution and assignee (three sub-resources of one object), and a comment."""

    kind = "insight"
    path = INSIGHTS_PATH
    answer_key = "data"
    # A UUID or a readable id (INSIGHT-123), looked up with one GET either way.
    identity = Identity("insight_id", api=("id", "readableId"), case="fold", required=True)
    # Insights are listed by their own modules' queries (list_insights), not through the engine.
    listing = None
    # Record fields inside signals are user data.
    keep_keys = ("allRecords",)
    has_state = False
    options = {
        "status": {"type": "str", "choices": list(API_STATUSES)},
        "resolution": {"type": "str", "choices": list(API_RESOLUTIONS)},
        "assignee": {"type": "str"},
        "comment": {"type": "str"},
    }
    required_one_of = [("status", "assignee")]
    required_if = [("status", "closed", ("resolution",))]
    result_flags = {"comment_added": "comment_added"}

    def validate(self, params):
        if not params["insight_id"].strip():
            raise InputError("must not be empty", option="insight_id")
        params["insight_id"] = params["insight_id"].strip()
        if params["resolution"] is not None and params["status"] != "closed":
            raise InputError("only applies with status closed, got status %s" % (params["status"],),
                             option="resolution")
        if params["comment"] is not None:
            if not params["comment"].strip():
                raise InputError("must not be empty", option="comment")
            if params["status"] is None:
                raise InputError("is added when the status changes; set status as well", option="comment")
        assignee = (params["assignee"] or "").strip()
        if assignee and not looks_like_email(assignee) and not looks_like_id(assignee):
            raise InputError("%r is neither an email address nor a user id (16 hexadecimal digits)" % assignee,
                             option="assignee")

    def lookup(self, run, name, parent):
        found = find_insight(run.client, name)
        return [found] if found else []

    def can_create(self, run, params, parent):
        raise InputError("there is no insight %s" % params["insight_id"], option="insight_id")

    def assignee_email(self, run, params):
        """The email to assign ('' to unassign, None to leave as is); a user id is looked up once per run."""
        assignee = params["assignee"]
        if assignee is None or not assignee.strip() or looks_like_email(assignee.strip()):
            return assignee.strip() if assignee is not None else None
        user = USERS.find(run, assignee.strip())
        if user is None or not user.get("email"):
            raise InputError("%r is not an email address, and no user has this id" % assignee, option="assignee")
        return user["email"]

    def compare(self, run, params, obj, wanted):
        """API field -> value after the task, for what differs; shaped as the API shows an insight."""
        changes = {}
        if params["status"] is not None:
            status = API_STATUSES[params["status"]]
            resolution = API_RESOLUTIONS.get(params["resolution"])
            if status_of(obj) != status or (status == "closed" and obj.get("resolution") != resolution):
                changes["status"] = {"name": status, "displayName": STATUS_DISPLAY_NAMES[status]}
                if status == "closed":
                    changes["resolution"] = resolution
                else:
                    changes.update((key, None) for key in CLOSING_KEYS)
        email = self.assignee_email(run, params)
        if email == "":
            if any(obj.get(key) for key in ASSIGNEE_KEYS):
                changes.update((key, None) for key in ASSIGNEE_KEYS)
        elif email is not None and (assigned_email(obj) or "").lower() != email.lower():
            changes.update(assignee={"username": email, "displayName": email}, assignedTo=email,
                           teamAssignedTo=None)
        return changes

    def update(self, run, params, current, changes):
        """Status and assignee are sub-resources: one write each, only for what differs; the comment goes with a
        change of status, never on its own (so a re-run adds none)."""
        before, path, requests = current.obj, current.path, []
        after = dict(before, **changes)
        if status_changed(before, after):
            status = {"status": status_of(after)}
            if status["status"] == "closed":
                status["resolution"] = after["resolution"]
            requests.append(Request("PUT", path + "/status", body=status, returns=True))
        if any(key in changes for key in ASSIGNEE_KEYS):
            if after.get("assignedTo"):
                requests.append(Request("PUT", path + "/assignee", returns=True,
                                        body={"assignee": {"type": "USER", "value": after["assignedTo"]}}))
            else:
                requests.append(Request("DELETE", path + "/assignee", returns=True))
        if params["comment"] and status_changed(before, after):
            requests.append(Request("POST", path + "/comments", body={"body": params["comment"]},
                                    action="comment_added"))
        return requests


def _page_of_all(body):
    data = data_of(body) or {}
    return data.get("objects") or [], data.get("nextPageToken")


def list_insights(client, query=None):
    """Every insight matching ``query``, following ``nextPageToken`` page by page (``/insights/all``)."""
    return client.paginate_token(INSIGHTS_PATH + "/all", params={"q": query}, token_param="nextPageToken",
                                 page_of=_page_of_all)
