# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Cloud SIEM insight lookups and the ``q`` query language, shared by the insight modules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.community.sumologic.plugins.module_utils.api import quote_segment

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


def _page_of_all(body):
    data = data_of(body) or {}
    return data.get("objects") or [], data.get("nextPageToken")


def list_insights(client, query=None):
    """Every insight matching ``query``, following ``nextPageToken`` page by page (``/insights/all``)."""
    return client.paginate_token(INSIGHTS_PATH + "/all", params={"q": query}, token_param="nextPageToken",
                                 page_of=_page_of_all)
