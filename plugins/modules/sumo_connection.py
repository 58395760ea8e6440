#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_connection
short_description: Manage Sumo Logic webhook connections
version_added: 0.2.0
description:
  - Creates, updates and deletes the webhook connections that monitors notify (Slack,
    PagerDuty, Microsoft Teams, Opsgenie, a custom URL...), through the Connection
    Management API. They are written as C(WebhookDefinition) and read as
    C(WebhookConnection).
  - A connection is identified by its name, unique in the organisation without regard to
    case, or by O(connection_id). Only the options you set are compared; an update sends
    the whole connection as it is with your changes merged.
  - The authorization value is a secret the API never gives back (it answers it masked),
    so it cannot be compared. O(update_authorization) says when it is sent. It never
    appears in the module's result, in a diff or in C(gathered), at any verbosity.
  - Connections have no version and no ETag. An update is computed from what was just
    read and sent at once; if someone else changes the connection in between, the last
    write wins.
  - A connection that monitors notify cannot be deleted, nor can its O(webhook_type)
    change; the API refuses, and the error names the monitors.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes
options:
  name:
    description:
      - Name of the connection, 1 to 127 letters, digits, spaces and C(+ % - @ . , _ ( )).
        Identifies the connection unless O(connection_id) is set, in which case the
        connection is renamed to it.
      - Monitors name connections by it (M(community.sumologic.sumo_monitor)'s
        O(community.sumologic.sumo_monitor#module:notifications[].connection)).
    type: str
  connection_id:
    description:
      - Id of an existing connection (16 hexadecimal digits); identifies it instead of O(name).
    type: str
  description:
    description:
      - Description, at most 1024 characters.
    type: str
  webhook_type:
    description:
      - The kind of service the connection calls. Monitors' notifications of the
        connection have the same type (V(Azure) connections are notified as
        C(AzureFunctions)).
      - A new connection is a V(Webhook) unless set. It cannot change while monitors
        notify the connection.
    type: str
    choices: [Webhook, Slack, PagerDuty, MicrosoftTeams, AWSLambda, Azure, Datadog, NewRelic, Jira, Opsgenie]
  url:
    description:
      - The URL the notifications are sent to (C(http) or C(https)). Required to create a
        connection.
      - Webhook URLs often hold a token (Slack, Microsoft Teams), so diffs show the URL
        masked to its host, as M(community.sumologic.sumo_connections) shows it in every
        result; the connection this module returns has it whole.
    type: str
  authorization:
    description:
      - The value of the C(Authorization) header sent with each notification, for
        example C(Bearer ...) or C(Token token=...) (PagerDuty's REST API); sent in the
        connection's access headers, which the API keeps secret.
      - Never logged nor returned. See O(update_authorization) for when it is sent.
    type: str
  update_authorization:
    description:
      - When O(authorization) is sent. The API answers it masked, so the module cannot
        tell whether the connection already has it.
      - V(always) sends it on B(every run), so the task reports a change every time (and
        in check mode says it would make one). Use it once to rotate the secret.
      - V(on_create) sends it when the connection is created, or when it has no
        C(Authorization) header at all, and never changes an existing one, so runs that
        change nothing report no change.
      - A task without O(authorization) never touches the header, whatever this says.
    type: str
    choices: [always, on_create]
    default: always
  custom_headers:
    description:
      - Other headers sent with each notification, at most 5, as a name -> value
        dictionary (C(X-Source) -> C(sumologic)). The whole set when given; V({}) removes them.
      - Not for secrets (the API shows them), nor for C(Authorization) (see O(authorization)).
    type: dict
  default_payload:
    description:
      - The body of each alert notification, JSON in which Sumo Logic fills in its
        C({{Name}}), C({{TriggerType}}), C({{ResultsJson}})... variables. Required to
        create a connection.
      - A string is sent and compared as it is written. A dictionary or a list is sent
        JSON-encoded and compared as JSON (key order and spacing aside).
      - The variables are Jinja syntax to Ansible; write them in a string tagged
        C(!unsafe), or inside C({% raw %}...{% endraw %}), so that they reach Sumo Logic
        as they are (see the examples). A variable that must stand for a JSON value
        rather than a string (an unquoted C({{ResultsJson}})) needs a string payload.
    type: raw
  resolution_payload:
    description:
      - The body of the notification sent when an alert resolves, as O(default_payload);
        at most 4096 characters. An empty string removes it.
    type: raw
  state:
    description:
      - V(present) creates or updates the connection; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - ServiceNow connections are read by M(community.sumologic.sumo_connection_info) but not
    managed by this module.
seealso:
  - module: community.sumologic.sumo_connection_info
  - module: community.sumologic.sumo_connections
  - module: community.sumologic.sumo_monitor
  - ref: ansible_collections.community.sumologic.docsite.guide_alerting
    description: Alerting as code, the guide.
"""

EXAMPLES = r"""
- name: A Slack channel for the platform team's alerts
  community.sumologic.sumo_connection:
    name: Slack platform-alerts
    webhook_type: Slack
    url: "{{ vault_slack_platform_webhook }}"
    # !unsafe: Sumo Logic, not Ansible, fills in {{TriggerType}} and {{Name}}.
    default_payload: !unsafe
      text: "{{TriggerType}}: {{Name}}"
      blocks:
        - type: section
          text: {type: mrkdwn, text: "*{{Name}}* fired: {{QueryURL}}"}

- name: PagerDuty (Events API v2), its routing key sent only when the connection is created
  community.sumologic.sumo_connection:
    name: PagerDuty platform
    webhook_type: PagerDuty
    url: https://events.pagerduty.com/v2/enqueue
    authorization: "Token token={{ vault_pagerduty_token }}"
    update_authorization: on_create
    # A string: {{ResultsJson}} stands for a JSON value, unquoted.
    default_payload: !unsafe >-
      {"routing_key": "platform", "event_action": "trigger",
       "payload": {"summary": "{{Name}}", "severity": "critical", "source": "Sumo Logic",
                   "custom_details": {{ResultsJson}}}}
    resolution_payload: !unsafe '{"routing_key": "platform", "event_action": "resolve", "dedup_key": "{{Id}}"}'

- name: A custom webhook, the payload in {% raw %} rather than !unsafe
  community.sumologic.sumo_connection:
    name: Audit webhook
    url: https://audit.example.com/hooks/sumo
    custom_headers:
      X-Source: sumologic
    default_payload: '{% raw %}{"monitor": "{{Name}}", "trigger": "{{TriggerType}}"}{% endraw %}'

- name: Delete a connection (no monitor may notify it any more)
  community.sumologic.sumo_connection:
    name: Old webhook
    state: absent
"""

RETURN = r"""
connection:
  description:
    - The connection as the API has it after the task (as it would be, in check mode),
      with snake_case keys; empty when it is absent. The authorization header's value is
      masked.
  returned: always
  type: dict
  sample:
    type: WebhookConnection
    id: 000000000BF39283
    name: PagerDuty platform
    description: ""
    url: https://events.pagerduty.com/v2/enqueue
    headers:
      - {name: Authorization, value: "********"}
    custom_headers: []
    default_payload: '{"routing_key": "platform", "event_action": "trigger"}'
    resolution_payload: '{"routing_key": "platform", "event_action": "resolve"}'
    webhook_type: PagerDuty
    created_at: "2026-12-01T10:00:00.000Z"
    created_by: 0000000006743FD0
    modified_at: "2026-12-01T10:00:00.000Z"
    modified_by: 0000000006743FD0
  contains:
    id:
      description: Id of the connection.
      type: str
      returned: success
    headers:
      description: The access headers (C(Authorization)), their values masked as C(********).
      type: list
      elements: dict
      returned: success
    custom_headers:
      description: The other headers, as a list of C(name) and C(value).
      type: list
      elements: dict
      returned: success
    default_payload:
      description: The alert payload, as the text Sumo Logic keeps (a dictionary given is JSON-encoded).
      type: str
      returned: success
    warnings:
      description: What Sumo Logic says of the payloads, such as variables it does not know.
      type: list
      elements: str
      returned: when there is any
"""

from ansible_collections.community.sumologic.plugins.module_utils.connections import Connection
from ansible_collections.community.sumologic.plugins.module_utils.resource import run_resource_module


def main():
    run_resource_module(Connection)


if __name__ == "__main__":
    main()
