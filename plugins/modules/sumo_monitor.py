#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_monitor
short_description: Manage Sumo Logic monitors
version_added: 0.2.0
description:
  - Creates, updates and deletes monitors of the Monitor Library (their queries, their
    triggers and who they notify) through the Monitor Management API.
  - A monitor is identified by its O(folder) and its O(name), unique in the folder without
    regard to case. The folder must exist (M(community.sumologic.sumo_monitor_folder)
    creates it); a missing one fails the task before any write.
  - Only the options you set are compared, and inside O(triggers) and O(notifications)
    only the keys you set, so what the API fills in with its defaults (a trigger's
    C(detectionMethod), C(resolutionWindow) or C(minDataPoints), an C(evaluationDelay) of
    C(0m)...) never shows as a change. How the lists compare is told with each option.
  - Connections are given by name and resolved to ids from one listing of the connections
    per task; an unknown name fails the task, naming it, before anything is written.
  - Monitors carry a version, and an update sends the version it was computed from. When
    someone else changed the monitor in between (the API answers 409, 412, or a 400 naming
    the version), the monitor is read again and the change made on what it is now, three
    times at most; nothing of the other edit is overwritten.
  - Sumo Logic's C({{Name}}), C({{TriggerType}}), C({{ResultsJson}})... variables in
    subjects, message bodies and payloads are Jinja syntax to Ansible; tag such strings
    C(!unsafe) or wrap them in C({% raw %}...{% endraw %}) (see the examples).
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes
options:
  name:
    description:
      - Name of the monitor, 1 to 255 characters, without C(/).
    type: str
    required: true
  folder:
    description:
      - Path of the folder that holds the monitor, such as C(/Monitors/Platform); when not
        given, V(/Monitors), the root folder.
    type: str
  monitor_type:
    description:
      - What the monitor queries. Required to create a monitor; it cannot change (an
        existing monitor of the other type fails the task).
    type: str
    choices: [Logs, Metrics]
  description:
    description:
      - Description, at most 4096 characters.
    type: str
  queries:
    description:
      - The queries the monitor runs, compared as a list (order matters). Required to
        create a monitor.
    type: list
    elements: dict
    suboptions:
      row_id:
        description:
          - The row's letter (V(A), V(B)...) that triggers and other queries refer to;
            V(A), V(B)... by position when not given.
        type: str
      query:
        description:
          - The logs or metrics query.
        type: str
        required: true
  triggers:
    description:
      - The monitor's whole set of trigger conditions, at most one of each
        O(triggers[].trigger_type); each resolution trigger needs the trigger it
        resolves. Required to create a monitor.
      - A trigger of the monitor that is not listed is removed. A listed trigger is
        compared with the monitor's trigger of the same O(triggers[].trigger_type) on the
        keys it sets only (V(15m) and V(-15m) are one O(triggers[].time_range), V(10) and
        V(10.0) one O(triggers[].threshold)); an update keeps the other keys as the API
        has them, unless the trigger's O(triggers[].detection_method) changes.
      - The keys are the API's, in snake_case; which ones a detection method takes is in
        Sumo Logic's Monitor Management API documentation.
    type: list
    elements: dict
    suboptions:
      trigger_type:
        description:
          - What the condition raises or resolves.
        type: str
        required: true
        choices: [Critical, Warning, MissingData, ResolvedCritical, ResolvedWarning, ResolvedMissingData]
      detection_method:
        description:
          - How the condition is evaluated. The API takes V(StaticCondition) (deprecated)
            when a new trigger does not say, so set it when creating.
        type: str
        choices: [StaticCondition, LogsStaticCondition, MetricsStaticCondition, LogsOutlierCondition,
                  MetricsOutlierCondition, LogsMissingDataCondition, MetricsMissingDataCondition]
      threshold:
        description:
          - The value compared with the results (static conditions), or the number of
            standard deviations (outlier conditions). Not for missing-data triggers,
            whose threshold the API ignores.
        type: float
      threshold_type:
        description:
          - How the results compare with O(triggers[].threshold). Not for missing-data triggers.
        type: str
        choices: [LessThan, GreaterThan, LessThanOrEqual, GreaterThanOrEqual]
      time_range:
        description:
          - The window evaluated, V(5m), V(10m), V(15m), V(30m), V(1h), V(3h), V(6h), V(12h)
            or V(24h), with or without the leading C(-) the API adds.
        type: str
      occurrence_type:
        description:
          - What counts as an occurrence (V(ResultCount) on logs, V(AtLeastOnce) or
            V(Always) on metrics, V(MissingData) for missing-data triggers).
        type: str
        choices: [ResultCount, AtLeastOnce, Always, MissingData]
      trigger_source:
        description:
          - Which results the condition reads (V(AllResults) on logs, V(AllTimeSeries) or
            V(AnyTimeSeries) on metrics).
        type: str
        choices: [AllResults, AllTimeSeries, AnyTimeSeries]
      field:
        description:
          - The field of the results compared with the threshold (logs), instead of the
            result count.
        type: str
      min_data_points:
        description:
          - Data points needed to alert or resolve (metrics), 1 to 100; always 1 with
            O(triggers[].occurrence_type=AtLeastOnce), and 2 by default with V(Always).
        type: int
      resolution_window:
        description:
          - How long the resolution condition must hold (V(0m), or a O(triggers[].time_range)
            value); the trigger's time range when not given.
        type: str
      window:
        description:
          - Outlier conditions on logs, the trailing data points of the baseline.
        type: int
      consecutive:
        description:
          - Outlier conditions on logs, the consecutive outliers that trigger.
        type: int
      direction:
        description:
          - Outlier conditions, which deviations count.
        type: str
        choices: [Both, Up, Down]
      baseline_window:
        description:
          - Outlier conditions on metrics, the time range of the baseline (C(1h), C(1d)).
        type: str
  notifications:
    description:
      - Who the monitor notifies, compared as a set. Each notification given must match
        one of the monitor's on every key it sets (O(notifications[].run_for_trigger_types)
        and O(notifications[].recipients) in any order, payloads as text or as JSON), and
        the monitor must have no other. V([]) removes them all.
      - An email notification gives O(notifications[].recipients); a webhook notification
        its O(notifications[].connection) by name, or O(notifications[].connection_id).
    type: list
    elements: dict
    suboptions:
      connection:
        description:
          - Name of the connection to notify (M(community.sumologic.sumo_connection)), the
            exact name, else without regard to case.
        type: str
      connection_id:
        description:
          - Id of the connection to notify, instead of O(notifications[].connection).
        type: str
      connection_type:
        description:
          - The kind of notification. V(Email) when O(notifications[].recipients) is
            given; else the connection's type (C(AzureFunctions) for an C(Azure) connection).
        type: str
        choices: [Email, Webhook, Slack, PagerDuty, MicrosoftTeams, AWSLambda, AzureFunctions, Datadog, NewRelic,
                  Jira, Opsgenie, ServiceNow, SumoCloudSOAR, HipChat]
      run_for_trigger_types:
        description:
          - The trigger types that send the notification, each the O(triggers[].trigger_type)
            of one of the monitor's triggers.
        type: list
        elements: str
        required: true
      recipients:
        description:
          - Email notifications, the addresses to send to.
        type: list
        elements: str
      subject:
        description:
          - Email notifications, the subject (required), which may hold Sumo Logic's variables.
        type: str
      message_body:
        description:
          - Email notifications, the message, which may hold Sumo Logic's variables.
        type: str
      time_zone:
        description:
          - Email notifications, the time zone of the times in the message (required), such
            as V(Europe/Paris).
        type: str
      payload_override:
        description:
          - Webhook notifications, a payload to send instead of the connection's, a string
            (compared as text), or a dictionary or list (sent JSON-encoded, compared as JSON).
        type: raw
      resolution_payload_override:
        description:
          - Webhook notifications, a resolution payload to send instead of the connection's,
            as O(notifications[].payload_override).
        type: raw
  disabled:
    description:
      - Whether the monitor is disabled (it does not run, nor notify).
    type: bool
  evaluation_delay:
    description:
      - How far back the monitor's time range is shifted, minutes or hours up to 24 hours
        (V(0m), V(5m), V(1h)); the API's default is V(0m).
    type: str
  group_notifications:
    description:
      - Whether the alerts of the items that meet the condition are sent as one
        notification (the API's default), grouped by O(notification_group_fields).
    type: bool
  notification_group_fields:
    description:
      - The fields alerts are grouped by, compared as a set; not C(_raw), C(_messagetime),
        C(_receipttime) or C(_messageid).
    type: list
    elements: str
  alert_name:
    description:
      - The name of the alerts the monitor raises (the monitor's name when not set), at
        most 512 characters; it may hold Sumo Logic's variables.
    type: str
  playbook:
    description:
      - Notes that help whoever handles the alert (Markdown).
    type: str
  state:
    description:
      - V(present) creates or updates the monitor; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: community.sumologic.sumo_monitor_info
  - module: community.sumologic.sumo_monitors
  - module: community.sumologic.sumo_monitor_folder
  - module: community.sumologic.sumo_connection
  - ref: ansible_collections.community.sumologic.docsite.guide_alerting
    description: Alerting as code, the guide.
"""

EXAMPLES = r"""
- name: Too many server errors, to Slack and by email
  community.sumologic.sumo_monitor:
    folder: /Monitors/Platform
    name: High error rate
    monitor_type: Logs
    description: More than 100 server errors in 15 minutes
    queries:
      - query: _sourceCategory=prod/web status_code=5*
    triggers:
      - {trigger_type: Critical, detection_method: LogsStaticCondition, time_range: 15m,
         threshold: 100, threshold_type: GreaterThan}
      - {trigger_type: ResolvedCritical, detection_method: LogsStaticCondition, time_range: 15m,
         threshold: 100, threshold_type: LessThanOrEqual}
    notifications:
      - connection: Slack ops-alerts
        run_for_trigger_types: [Critical, ResolvedCritical]
      - recipients: [oncall@example.com]
        # !unsafe: Sumo Logic, not Ansible, fills these in.
        subject: !unsafe "{{TriggerType}}: {{Name}}"
        message_body: !unsafe "{{ResultsJson}}"
        time_zone: Europe/Paris
        run_for_trigger_types: [Critical]
    playbook: Look at the web dashboard, then at the last deployment.

- name: Raise the threshold of its critical trigger only (the other keys and triggers are compared as they are)
  community.sumologic.sumo_monitor:
    folder: /Monitors/Platform
    name: High error rate
    triggers:
      - {trigger_type: Critical, threshold: 250}
      - {trigger_type: ResolvedCritical, threshold: 250}

- name: A metrics monitor with a payload of its own for PagerDuty, in {% raw %}
  community.sumologic.sumo_monitor:
    folder: /Monitors/Platform/Databases
    name: Replication lag
    monitor_type: Metrics
    queries:
      - query: metric=replication_lag_seconds _sourceCategory=prod/db | max by host
    triggers:
      - {trigger_type: Critical, detection_method: MetricsStaticCondition, time_range: 5m,
         threshold: 30, threshold_type: GreaterThan, occurrence_type: Always}
      - {trigger_type: MissingData, detection_method: MetricsMissingDataCondition, time_range: 30m,
         trigger_source: AnyTimeSeries}
    notifications:
      - connection: PagerDuty platform
        run_for_trigger_types: [Critical, MissingData]
        payload_override: '{% raw %}{"summary": "{{Name}} ({{TriggerType}})"}{% endraw %}'
    evaluation_delay: 1m

- name: Disable a monitor while its rule is tuned
  community.sumologic.sumo_monitor:
    folder: /Monitors/Security
    name: Failed logins
    disabled: true

- name: Delete a monitor
  community.sumologic.sumo_monitor:
    folder: /Monitors/Security
    name: Old rule
    state: absent
"""

RETURN = r"""
monitor:
  description:
    - The monitor as the API has it after the task (as it would be, in check mode), with
      snake_case keys, its RV(monitor.folder) and RV(monitor.path); empty when it is absent.
  returned: always
  type: dict
  sample:
    id: 0000000000002DE4
    name: High error rate
    folder: /Monitors/Platform
    path: /Monitors/Platform/High error rate
    description: More than 100 server errors in 15 minutes
    version: 3
    parent_id: 0000000000002DE1
    content_type: Monitor
    type: MonitorsLibraryMonitorResponse
    monitor_type: Logs
    evaluation_delay: 0m
    queries:
      - {row_id: A, query: _sourceCategory=prod/web status_code=5*}
    triggers:
      - {detection_method: LogsStaticCondition, trigger_type: Critical, time_range: -15m, threshold: 100.0,
         threshold_type: GreaterThan}
      - {detection_method: LogsStaticCondition, trigger_type: ResolvedCritical, time_range: -15m,
         threshold: 100.0, threshold_type: LessThanOrEqual, resolution_window: -15m}
    notifications:
      - notification: {connection_type: Slack, connection_id: 000000000BF39280}
        run_for_trigger_types: [Critical, ResolvedCritical]
    is_disabled: false
    status: [Normal]
    group_notifications: true
    playbook: Look at the web dashboard, then at the last deployment.
    automated_playbook_ids: []
    is_system: false
    is_mutable: true
    permissions: [Create, Read, Update, Delete, Manage]
    created_at: "2026-12-01T10:00:00.000Z"
    created_by: 0000000006743FD0
    modified_at: "2026-12-02T09:30:00.000Z"
    modified_by: 0000000006743FD0
  contains:
    id:
      description: Id of the monitor.
      type: str
      returned: success
    folder:
      description: Path of the monitor's folder.
      type: str
      returned: success
    path:
      description: Path of the monitor.
      type: str
      returned: success
    version:
      description: Version of the monitor; each update adds one.
      type: int
      returned: success
    triggers:
      description: The trigger conditions, with what the API filled in.
      type: list
      elements: dict
      returned: success
    notifications:
      description: The notifications, each its C(notification) (C(connection_type) and its connection's id, or the email's keys) and C(run_for_trigger_types).
      type: list
      elements: dict
      returned: success
    status:
      description: What the last evaluation found (V(Normal), V(Critical), V(Warning), V(MissingData)), or V(Disabled).
      type: list
      elements: str
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.monitors import Monitor
from ansible_collections.community.sumologic.plugins.module_utils.resource import run_resource_module


def main():
    run_resource_module(Monitor)


if __name__ == "__main__":
    main()
