#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_connections
short_description: Manage many Sumo Logic webhook connections in one task
version_added: 0.2.0
description:
- Creates, updates and deletes webhook connections in sets, following Ansible's resource-module convention (O(config)
  and O(state)).
- 'Authorization values are never returned: RV(gathered) has no C(authorization), and a connection given without
  one keeps its header as it is. Webhook URLs are shown masked to their host in every result (they often hold a
  token); given back masked, they change nothing. ServiceNow connections are never in scope.'
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
    - The desired objects, each with the options of M(community.sumologic.sumo_connection) but O(state) (see its
      documentation for each).
    - Not used with O(state=gathered).
    type: list
    elements: dict
    suboptions:
      name:
        description:
        - Name of the connection, 1 to 127 letters, digits, spaces and C(+ % - @ . , _ ( )). Identifies the connection
          unless O(config[].connection_id) is set, in which case the connection is renamed to it.
        - Monitors name connections by it (M(community.sumologic.sumo_monitor)'s O(community.sumologic.sumo_monitor#module:notifications[].connection)).
        type: str
      connection_id:
        description:
        - Id of an existing connection (16 hexadecimal digits); identifies it instead of O(config[].name).
        type: str
      description:
        description:
        - Description, at most 1024 characters.
        type: str
      webhook_type:
        description:
        - The kind of service the connection calls. Monitors' notifications of the connection have the same type
          (V(Azure) connections are notified as C(AzureFunctions)).
        - A new connection is a V(Webhook) unless set. It cannot change while monitors notify the connection.
        type: str
        choices:
        - Webhook
        - Slack
        - PagerDuty
        - MicrosoftTeams
        - AWSLambda
        - Azure
        - Datadog
        - NewRelic
        - Jira
        - Opsgenie
      url:
        description:
        - The URL the notifications are sent to (C(http) or C(https)). Required to create a connection.
        - Webhook URLs often hold a token (Slack, Microsoft Teams), so diffs show the URL masked to its host, as
          M(community.sumologic.sumo_connections) shows it in every result; the connection this module returns has
          it whole.
        type: str
      authorization:
        description:
        - The value of the C(Authorization) header sent with each notification, for example C(Bearer ...) or C(Token
          token=...) (PagerDuty's REST API); sent in the connection's access headers, which the API keeps secret.
        - Never logged nor returned. See O(config[].update_authorization) for when it is sent.
        type: str
      update_authorization:
        description:
        - When O(config[].authorization) is sent. The API answers it masked, so the module cannot tell whether the
          connection already has it.
        - V(always) sends it on B(every run), so the task reports a change every time (and in check mode says it
          would make one). Use it once to rotate the secret.
        - V(on_create) sends it when the connection is created, or when it has no C(Authorization) header at all,
          and never changes an existing one, so runs that change nothing report no change.
        - A task without O(config[].authorization) never touches the header, whatever this says.
        type: str
        choices:
        - always
        - on_create
        default: always
      custom_headers:
        description:
        - Other headers sent with each notification, at most 5, as a name -> value dictionary (C(X-Source) -> C(sumologic)).
          The whole set when given; V({}) removes them.
        - Not for secrets (the API shows them), nor for C(Authorization) (see O(config[].authorization)).
        type: dict
      default_payload:
        description:
        - The body of each alert notification, JSON in which Sumo Logic fills in its C({{Name}}), C({{TriggerType}}),
          C({{ResultsJson}})... variables. Required to create a connection.
        - A string is sent and compared as it is written. A dictionary or a list is sent JSON-encoded and compared
          as JSON (key order and spacing aside).
        - The variables are Jinja syntax to Ansible; write them in a string tagged C(!unsafe), or inside C({% raw
          %}...{% endraw %}), so that they reach Sumo Logic as they are (see the examples). A variable that must
          stand for a JSON value rather than a string (an unquoted C({{ResultsJson}})) needs a string payload.
        type: raw
      resolution_payload:
        description:
        - The body of the notification sent when an alert resolves, as O(config[].default_payload); at most 4096
          characters. An empty string removes it.
        type: raw
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
      name:
        description:
        - Regular expression searched in the connection's name.
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
notes:
- 'Generated from the documentation of M(community.sumologic.sumo_connection) by C(tests/utils/plural_docs.py):
  edit that module, or the generator, and run it again.'
seealso:
- module: community.sumologic.sumo_connection
"""

EXAMPLES = r"""
- name: Every connection of the on-call rota, in one task
  community.sumologic.sumo_connections:
    config:
      - name: Slack ops-alerts
        webhook_type: Slack
        url: "{{ vault_slack_ops_webhook }}"
        default_payload: !unsafe '{"text": "{{TriggerType}}: {{Name}}"}'
      - name: PagerDuty platform
        webhook_type: PagerDuty
        url: https://events.pagerduty.com/v2/enqueue
        authorization: "Token token={{ vault_pagerduty_token }}"
        update_authorization: on_create
        default_payload: !unsafe '{"routing_key": "platform", "event_action": "trigger", "payload": {"summary": "{{Name}}"}}'

- name: The connections as they are, in the form of config (no authorization values)
  community.sumologic.sumo_connections:
    state: gathered
  register: connections

- name: Exactly these team connections; the other team- ones are deleted
  community.sumologic.sumo_connections:
    state: overridden
    scope: {name: "^team-"}
    config: "{{ team_connections }}"
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
    name: Slack ops-alerts
    description: 'The #ops-alerts channel'
    webhook_type: Slack
    url: https://hooks.slack.com/********
    custom_headers: {}
    default_payload: '{"text": "{{TriggerType}}: {{Name}}"}'
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
  - name: Slack ops-alerts
    action: update
    fields:
      description:
        before: ''
        after: 'The #ops-alerts channel'
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
  - Old webhook
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

from ansible_collections.community.sumologic.plugins.module_utils.connections import Connection
from ansible_collections.community.sumologic.plugins.module_utils.resource_set import run_resource_set_module


def main():
    run_resource_set_module(Connection)


if __name__ == "__main__":
    main()
