#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_insight_info
short_description: Read Cloud SIEM insights
version_added: 0.1.0
description:
  - Returns one insight by id or readable id, or every insight that matches filters on
    status, tags and severity and a raw Cloud SIEM query, following every page.
  - The filters given are combined (an insight must match all of them).
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  insight_id:
    description:
      - One insight to return, by id (a UUID) or readable id such as V(INSIGHT-123).
      - The result is empty when there is no such insight.
    type: str
  status:
    description:
      - Return the insights with one of these statuses (V(in_progress) is the API's C(inprogress)).
    type: list
    elements: str
    choices: [new, in_progress, closed]
  tags:
    description:
      - Return the insights that carry every one of these tags, for example
        C(_mitreAttackTactic:TA0043).
    type: list
    elements: str
  severity:
    description:
      - Return the insights with one of these severities.
    type: list
    elements: str
    choices: [low, medium, high, critical]
  query:
    description:
      - A query in Cloud SIEM's search language, added to the other filters, for example
        C(assignee:"soc.analyst@example.com") or C(name:contains("scan")) or
        C(-resolution:"Duplicate").
    type: str
notes:
  - O(insight_id) excludes the filters.
  - The listing is read with C(/sec/v1/insights/all), whose page tokens last a minute;
    every page is read at once.
seealso:
  - module: community.sumologic.sumo_insight_status
"""

EXAMPLES = r"""
- name: New insights
  community.sumologic.sumo_insight_info:
    status: [new]
  register: new_insights

- name: Open reconnaissance insights raised by the scanner
  community.sumologic.sumo_insight_info:
    status: [new, in_progress]
    tags: ["_mitreAttackTactic:TA0043", scanner]
  register: recon

- name: High and critical insights nobody is working on yet
  community.sumologic.sumo_insight_info:
    status: [new]
    severity: [high, critical]
    query: -assignee:contains("@")
  register: urgent

- name: One insight by its readable id
  community.sumologic.sumo_insight_info:
    insight_id: INSIGHT-104
  register: one
"""

RETURN = r"""
insights:
  description:
    - The insights found, newest first, with snake_case keys; empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 0b2f6f4e-6f0b-5d6e-9a3c-2f0a8c1e4b11
      readable_id: INSIGHT-101
      name: "Reconnaissance: port scan from 203.0.113.7"
      status: {name: new, display_name: New}
      resolution: null
      assigned_to: null
      severity: LOW
      tags: ["_mitreAttackTactic:TA0043", scanner]
  contains:
    id:
      description: Id of the insight (a UUID).
      type: str
      returned: always
    readable_id:
      description: Readable id of the insight, such as C(INSIGHT-123).
      type: str
      returned: always
    name:
      description: Name of the insight.
      type: str
      returned: always
    description:
      description: Description of the insight.
      type: str
      returned: always
    status:
      description: Status of the insight.
      type: dict
      returned: always
      contains:
        name:
          description:
            - The API's name of the status; V(new), V(inprogress) and V(closed) are built
              in, organisations may add their own.
          type: str
        display_name:
          description: The status as the UI shows it, for example C(In Progress).
          type: str
    resolution:
      description: Resolution of a closed insight, for example C(False Positive); null otherwise.
      type: str
      returned: always
    sub_resolution:
      description: Custom resolution under RV(insights[].resolution), if any.
      type: str
      returned: always
    assignee:
      description:
        - Who the insight is assigned to, null when nobody is. A user has C(username) (the
          email) and C(display_name); a team has C(name).
      type: dict
      returned: always
    assigned_to:
      description: The user the insight is assigned to.
      type: str
      returned: always
    team_assigned_to:
      description: The team the insight is assigned to.
      type: str
      returned: always
    severity:
      description: V(LOW), V(MEDIUM), V(HIGH) or V(CRITICAL).
      type: str
      returned: always
    confidence:
      description: Confidence score of the insight, from Cloud SIEM's machine learning.
      type: float
      returned: always
    tags:
      description: Tags of the insight, for example C(_mitreAttackTactic:TA0043).
      type: list
      elements: str
      returned: always
    source:
      description: What raised the insight, V(ALGORITHM), V(CANARY), V(RULE) or V(USER).
      type: str
      returned: always
    entity:
      description:
        - The entity the insight is about, with C(id), C(name), C(value), C(entity_type)
          (for example C(_ip) or C(_hostname)), C(hostname), C(mac_address) and C(sensor_zone).
      type: dict
      returned: always
    involved_entities:
      description: Every entity involved, each shaped as RV(insights[].entity).
      type: list
      elements: dict
      returned: always
    signals:
      description:
        - The signals that make up the insight, each with C(id), C(name), C(description),
          C(severity), C(stage), C(tags), C(rule_id), C(content_type), C(entity),
          C(record_count), C(record_types), C(artifacts), C(all_records) (the records
          behind the signal), C(timestamp) and C(created).
      type: list
      elements: dict
      returned: always
    artifacts:
      description: Artifacts of the insight's records (C(name), C(value), C(record_uid), C(record_stream), C(signal)).
      type: list
      elements: dict
      returned: always
    created:
      description: When the insight was created (ISO 8601).
      type: str
      returned: always
    timestamp:
      description: Time of the insight (ISO 8601).
      type: str
      returned: always
    last_updated:
      description: When the insight last changed (ISO 8601).
      type: str
      returned: always
    last_updated_by:
      description: Who last changed the insight.
      type: str
      returned: always
    closed:
      description: When the insight was closed (ISO 8601); null while it is open.
      type: str
      returned: always
    closed_by:
      description: Who closed the insight.
      type: str
      returned: always
    time_to_detection:
      description: Time to detection, as Cloud SIEM reports it.
      type: int
      returned: when known
    time_to_response:
      description: Time to response, as Cloud SIEM reports it.
      type: int
      returned: when known
    time_to_remediation:
      description: Time to remediation, as Cloud SIEM reports it.
      type: int
      returned: when known
    org_id:
      description: Id of the organisation.
      type: str
      returned: always
query:
  description: The query (C(q)) sent to the API, or null when nothing was filtered.
  returned: always
  type: str
  sample: 'status:in("new","inprogress") tag:"scanner"'
"""

from ansible_collections.community.sumologic.plugins.module_utils.info import InfoModule
from ansible_collections.community.sumologic.plugins.module_utils.insights import (
    API_SEVERITIES,
    API_STATUSES,
    InsightTriage,
    build_query,
    list_insights,
)


def main():
    info = InfoModule(InsightTriage, "insights", options={
        "status": {"type": "list", "elements": "str", "choices": list(API_STATUSES)},
        "tags": {"type": "list", "elements": "str"},
        "severity": {"type": "list", "elements": "str", "choices": list(API_SEVERITIES)},
        "query": {"type": "str"},
    }, mutually_exclusive=[("insight_id", "status"), ("insight_id", "tags"), ("insight_id", "severity"),
                           ("insight_id", "query")])
    p = info.params
    if p["insight_id"] is not None and not p["insight_id"].strip():
        info.module.fail_json(msg="insight_id: must not be empty")
    if any(not tag.strip() for tag in p["tags"] or []):
        info.module.fail_json(msg="tags: a tag must not be empty")
    query = None
    try:
        if p["insight_id"] is not None:
            insights = info.objects()
        else:
            query = build_query(p["status"], p["tags"], p["severity"], p["query"])
            insights = list(list_insights(info.run.client, query))
        info.exit(insights, query=query)
    except Exception as exc:
        info.fail(exc)


if __name__ == "__main__":
    main()
