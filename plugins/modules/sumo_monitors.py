#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_monitors
short_description: Manage many Sumo Logic monitors in one task
version_added: 0.2.0
description:
- Creates, updates and deletes monitors of the Monitor Library in sets, following Ansible's resource-module convention
  (O(config) and O(state)).
- 'O(scope.folder) is a folder path and takes in its whole subtree: O(state=overridden) deletes only the monitors
  in it that are not listed, and O(state=gathered) returns them, each with its C(folder). Without a scope, O(state=gathered)
  returns the whole library, and the other states consider the monitors of the folders the items name (not of their
  subfolders).'
- 'A task over more than three folders, or a subtree, reads the library with a few requests, not one per folder
  or monitor: the folders (one search per 1,000) and the monitors with their paths (one search per 1,000). The connections
  named in notifications are listed once.'
- 'Reads the current objects with one listing, not one lookup per object, compares each listed object as the singular
  module would, and writes only the objects that differ: one write each (and one read before it where the API needs
  the object''s ETag), a few at a time.'
- 'Every item is validated, and its names resolved, before anything is written: bad input fails the task with a
  message naming the item (V(config[3].name: ...)) and changes nothing.'
- An object whose write fails does not stop the others; the task fails at the end, naming each object that failed
  in RV(failures).
author:
- community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
- community.sumologic.sumologic
- community.sumologic.attributes
options:
  config:
    description:
    - The desired objects, each with the options of M(community.sumologic.sumo_monitor) but O(state) (see its documentation
      for each).
    - Not used with O(state=gathered).
    type: list
    elements: dict
    suboptions:
      name:
        description:
        - Name of the monitor, 1 to 255 characters, without C(/).
        type: str
        required: true
      folder:
        description:
        - Path of the folder that holds the monitor, such as C(/Monitors/Platform); when not given, V(/Monitors),
          the root folder.
        type: str
      monitor_type:
        description:
        - What the monitor queries. Required to create a monitor; it cannot change (an existing monitor of the other
          type fails the task).
        type: str
        choices:
        - Logs
        - Metrics
      description:
        description:
        - Description, at most 4096 characters.
        type: str
      queries:
        description:
        - The queries the monitor runs, compared as a list (order matters). Required to create a monitor.
        type: list
        elements: dict
        suboptions:
          row_id:
            description:
            - The row's letter (V(A), V(B)...) that triggers and other queries refer to; V(A), V(B)... by position
              when not given.
            type: str
          query:
            description:
            - The logs or metrics query.
            type: str
            required: true
      triggers:
        description:
        - The monitor's whole set of trigger conditions, at most one of each O(config[].triggers[].trigger_type);
          each resolution trigger needs the trigger it resolves. Required to create a monitor.
        - A trigger of the monitor that is not listed is removed. A listed trigger is compared with the monitor's
          trigger of the same O(config[].triggers[].trigger_type) on the keys it sets only (V(15m) and V(-15m) are
          one O(config[].triggers[].time_range), V(10) and V(10.0) one O(config[].triggers[].threshold)); an update
          keeps the other keys as the API has them, unless the trigger's O(config[].triggers[].detection_method)
          changes.
        - The keys are the API's, in snake_case; which ones a detection method takes is in Sumo Logic's Monitor
          Management API documentation.
        type: list
        elements: dict
        suboptions:
          trigger_type:
            description:
            - What the condition raises or resolves.
            type: str
            required: true
            choices:
            - Critical
            - Warning
            - MissingData
            - ResolvedCritical
            - ResolvedWarning
            - ResolvedMissingData
          detection_method:
            description:
            - How the condition is evaluated. The API takes V(StaticCondition) (deprecated) when a new trigger does
              not say, so set it when creating.
            type: str
            choices:
            - StaticCondition
            - LogsStaticCondition
            - MetricsStaticCondition
            - LogsOutlierCondition
            - MetricsOutlierCondition
            - LogsMissingDataCondition
            - MetricsMissingDataCondition
          threshold:
            description:
            - The value compared with the results (static conditions), or the number of standard deviations (outlier
              conditions). Not for missing-data triggers, whose threshold the API ignores.
            type: float
          threshold_type:
            description:
            - How the results compare with O(config[].triggers[].threshold). Not for missing-data triggers.
            type: str
            choices:
            - LessThan
            - GreaterThan
            - LessThanOrEqual
            - GreaterThanOrEqual
          time_range:
            description:
            - The window evaluated, V(5m), V(10m), V(15m), V(30m), V(1h), V(3h), V(6h), V(12h) or V(24h), with or
              without the leading C(-) the API adds.
            type: str
          occurrence_type:
            description:
            - What counts as an occurrence (V(ResultCount) on logs, V(AtLeastOnce) or V(Always) on metrics, V(MissingData)
              for missing-data triggers).
            type: str
            choices:
            - ResultCount
            - AtLeastOnce
            - Always
            - MissingData
          trigger_source:
            description:
            - Which results the condition reads (V(AllResults) on logs, V(AllTimeSeries) or V(AnyTimeSeries) on
              metrics).
            type: str
            choices:
            - AllResults
            - AllTimeSeries
            - AnyTimeSeries
          field:
            description:
            - The field of the results compared with the threshold (logs), instead of the result count.
            type: str
          min_data_points:
            description:
            - Data points needed to alert or resolve (metrics), 1 to 100; always 1 with O(config[].triggers[].occurrence_type=AtLeastOnce),
              and 2 by default with V(Always).
            type: int
          resolution_window:
            description:
            - How long the resolution condition must hold (V(0m), or a O(config[].triggers[].time_range) value);
              the trigger's time range when not given.
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
            choices:
            - Both
            - Up
            - Down
          baseline_window:
            description:
            - Outlier conditions on metrics, the time range of the baseline (C(1h), C(1d)).
            type: str
      notifications:
        description:
        - Who the monitor notifies, compared as a set. Each notification given must match one of the monitor's on
          every key it sets (O(config[].notifications[].run_for_trigger_types) and O(config[].notifications[].recipients)
          in any order, payloads as text or as JSON), and the monitor must have no other. V([]) removes them all.
        - An email notification gives O(config[].notifications[].recipients); a webhook notification its O(config[].notifications[].connection)
          by name, or O(config[].notifications[].connection_id).
        type: list
        elements: dict
        suboptions:
          connection:
            description:
            - Name of the connection to notify (M(community.sumologic.sumo_connection)), the exact name, else without
              regard to case.
            type: str
          connection_id:
            description:
            - Id of the connection to notify, instead of O(config[].notifications[].connection).
            type: str
          connection_type:
            description:
            - The kind of notification. V(Email) when O(config[].notifications[].recipients) is given; else the
              connection's type (C(AzureFunctions) for an C(Azure) connection).
            type: str
            choices:
            - Email
            - Webhook
            - Slack
            - PagerDuty
            - MicrosoftTeams
            - AWSLambda
            - AzureFunctions
            - Datadog
            - NewRelic
            - Jira
            - Opsgenie
            - ServiceNow
            - SumoCloudSOAR
            - HipChat
          run_for_trigger_types:
            description:
            - The trigger types that send the notification, each the O(config[].triggers[].trigger_type) of one
              of the monitor's triggers.
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
            - Email notifications, the time zone of the times in the message (required), such as V(Europe/Paris).
            type: str
          payload_override:
            description:
            - Webhook notifications, a payload to send instead of the connection's, a string (compared as text),
              or a dictionary or list (sent JSON-encoded, compared as JSON).
            type: raw
          resolution_payload_override:
            description:
            - Webhook notifications, a resolution payload to send instead of the connection's, as O(config[].notifications[].payload_override).
            type: raw
      disabled:
        description:
        - Whether the monitor is disabled (it does not run, nor notify).
        type: bool
      evaluation_delay:
        description:
        - How far back the monitor's time range is shifted, minutes or hours up to 24 hours (V(0m), V(5m), V(1h));
          the API's default is V(0m).
        type: str
      group_notifications:
        description:
        - Whether the alerts of the items that meet the condition are sent as one notification (the API's default),
          grouped by O(config[].notification_group_fields).
        type: bool
      notification_group_fields:
        description:
        - The fields alerts are grouped by, compared as a set; not C(_raw), C(_messagetime), C(_receipttime) or
          C(_messageid).
        type: list
        elements: str
      alert_name:
        description:
        - The name of the alerts the monitor raises (the monitor's name when not set), at most 512 characters; it
          may hold Sumo Logic's variables.
        type: str
      playbook:
        description:
        - Notes that help whoever handles the alert (Markdown).
        type: str
  state:
    description:
    - V(merged) creates the listed objects that are missing and updates the others with the options given, as a
      loop of the singular module would; nothing else is touched.
    - 'V(replaced) makes the listed objects exactly as given: every list and map option (and its purge option) is
      the whole value, and one that is not given is emptied. Other options not given keep their values.'
    - V(overridden) is V(replaced), and deletes the objects in O(scope) that are not listed.
    - V(deleted) deletes the listed objects; with an empty O(config), every object in O(scope) (and O(scope) is
      then required).
    - 'V(gathered) returns the objects in O(scope) in RV(gathered), in the form of O(config): given back as O(config)
      with V(merged), they change nothing.'
    type: str
    choices:
    - merged
    - replaced
    - overridden
    - deleted
    - gathered
    default: merged
  scope:
    description:
    - The objects O(state=overridden) and O(state=deleted) may delete, O(state=gathered) returns, and RV(undeclared)
      lists. Without it, every object.
    type: dict
    suboptions:
      folder:
        description:
        - 'Path of a folder (V(/Monitors/Platform)): the monitors in it and in its subfolders are in scope. Compared
          name by name, exactly (V(/Monitors/Platform) does not take in V(/Monitors/Platform-old)); not a regular
          expression.'
        type: str
      name:
        description:
        - Regular expression searched in the monitor's name.
        type: str
  assume_present:
    description:
    - 'In check mode only: the objects an earlier check-mode task of the same audit would create, which this task''s
      objects name, by family (V(roles), V(users), V(collectors), V(connections)...) and name, for example C({roles:
      [Billing]}). They count as there: a user given the role C(Billing) is planned instead of failing on an unknown
      role, and a source of a collector to be created is planned as a create. The C(community.sumologic.org_apply)
      role gives it.'
    - Ignored outside check mode, where such objects exist by the time the task runs.
    type: dict
  folder:
    description:
    - Path of the folder of every item that names none (else V(/Monitors)).
    type: str
notes:
- 'Generated from the documentation of M(community.sumologic.sumo_monitor) by C(tests/utils/plural_docs.py): edit
  that module, or the generator, and run it again.'
seealso:
- module: community.sumologic.sumo_monitor
"""

EXAMPLES = r"""
- name: Every monitor of the platform team, in one task (few requests, however many)
  community.sumologic.sumo_monitors:
    folder: /Monitors/Platform          # of the items that name no folder
    config:
      - name: High error rate
        monitor_type: Logs
        queries: [{query: _sourceCategory=prod/web status_code=5*}]
        triggers:
          - {trigger_type: Critical, detection_method: LogsStaticCondition, time_range: 15m,
             threshold: 100, threshold_type: GreaterThan}
        notifications:
          - {connection: Slack ops-alerts, run_for_trigger_types: [Critical]}
      - folder: /Monitors/Platform/Databases
        name: Replication lag
        disabled: false

- name: The monitors of /Monitors/Platform and below, in the form of config
  community.sumologic.sumo_monitors:
    state: gathered
    scope: {folder: /Monitors/Platform}
  register: platform

- name: Keep them in a vars file that reads back as it was written (Sumo Logic's {{variables}} tagged !unsafe)
  ansible.builtin.copy:
    content: "{{ {'platform_monitors': platform.gathered} | community.sumologic.to_vars_yaml }}"
    dest: group_vars/all/platform_monitors.yml
    mode: "0644"

- name: Exactly those monitors in the subtree; the others in it are deleted, nothing outside it is touched
  community.sumologic.sumo_monitors:
    state: overridden
    scope: {folder: /Monitors/Platform}
    config: "{{ platform_monitors }}"
"""

RETURN = r"""
before:
  description:
  - The objects the task is about (those listed, and those deleted for not being listed) as they were, in the form
    of O(config).
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample:
  - &id001
    folder: /Monitors/Platform
    name: High error rate
    monitor_type: Logs
    description: More than 100 server errors in 15 minutes
    queries:
    - row_id: A
      query: _sourceCategory=prod/web status_code=5*
    triggers:
    - detection_method: LogsStaticCondition
      trigger_type: Critical
      time_range: -15m
      threshold: 100.0
      threshold_type: GreaterThan
    notifications:
    - connection_type: Slack
      connection: Slack ops-alerts
      run_for_trigger_types:
      - Critical
    disabled: false
    evaluation_delay: 0m
    group_notifications: true
    playbook: ''
after:
  description:
  - The same objects after the task (as they would be, in check mode), in the form of O(config); deleted objects
    are left out.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample:
  - *id001
changes:
  description:
  - One entry per object that changed (or would, in check mode).
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample:
  - name: /Monitors/Platform/High error rate
    action: update
    fields:
      disabled:
        before: true
        after: false
  contains:
    name:
      description: 'The object: its name (a source''s as C(collector/name), a user''s email).'
      type: str
      returned: always
    action:
      description: V(create), V(update), V(delete), or V(none) when only RV(changes[].actions) ran.
      type: str
      returned: always
    fields:
      description:
      - Option -> C(before) and C(after) for each option that differs, in the form of O(config) (every option of
        a create; none of a delete).
      type: dict
      returned: always
    actions:
      description: Actions beyond the object's options (a user's password reset...).
      type: list
      elements: str
      returned: when any ran
gathered:
  description:
  - The objects in O(scope), in the form of O(config).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
  - *id001
undeclared:
  description:
  - The objects in O(scope) that no item of O(config) describes (with O(state=overridden), those deleted).
  returned: when O(scope) is given, unless O(state=gathered)
  type: list
  elements: str
  sample:
  - /Monitors/Platform/Old rule
failures:
  description:
  - The objects that failed, with the error; the task fails when there is any.
  returned: when an object failed
  type: list
  elements: dict
  contains:
    name:
      description: The object, as in RV(changes[].name).
      type: str
      returned: always
    action:
      description: What was attempted.
      type: str
      returned: always
    msg:
      description: The error.
      type: str
      returned: always
"""

from ansible_collections.community.sumologic.plugins.module_utils.monitors import Monitor
from ansible_collections.community.sumologic.plugins.module_utils.resource_set import run_resource_set_module


def main():
    run_resource_set_module(Monitor)


if __name__ == "__main__":
    main()
