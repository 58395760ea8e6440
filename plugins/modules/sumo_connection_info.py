#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_connection_info
short_description: Read Sumo Logic connections
version_added: 0.2.0
description:
  - Returns one connection found by name (the exact name, else without regard to case) or
    by id, or every connection of the organisation (following every page of the listing,
    1,000 connections a page), webhooks and ServiceNow connections alike.
  - Secrets stay secret. The API answers the access headers (C(Authorization)) masked as
    C(********), and never gives a ServiceNow connection's password.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  name:
    description:
      - Name of the one connection to return.
    type: str
  connection_id:
    description:
      - Id of the one connection to return, instead of O(name).
    type: str
seealso:
  - module: community.sumologic.sumo_connection
  - module: community.sumologic.sumo_connections
"""

EXAMPLES = r"""
- name: Every connection
  community.sumologic.sumo_connection_info:
  register: connections

- name: Their names and kinds
  ansible.builtin.debug:
    msg: "{{ connections.connections | items2dict(key_name='name', value_name='webhook_type') }}"

- name: One connection by name
  community.sumologic.sumo_connection_info:
    name: PagerDuty platform
  register: pagerduty
"""

RETURN = r"""
connections:
  description:
    - The connections found, with snake_case keys; empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - type: WebhookConnection
      id: 000000000BF39280
      name: Slack ops-alerts
      description: The #ops-alerts channel
      url: https://hooks.slack.com/services/T000/B000/XXXX
      headers: []
      custom_headers: []
      default_payload: '{"text": "{{TriggerType}}: {{Name}}"}'
      webhook_type: Slack
      created_at: "2026-12-01T10:00:00.000Z"
      created_by: 0000000006743FD0
      modified_at: "2026-12-01T10:00:00.000Z"
      modified_by: 0000000006743FD0
  contains:
    type:
      description: V(WebhookConnection) or V(ServiceNowConnection).
      type: str
      returned: success
    webhook_type:
      description: The kind of webhook (V(Slack), V(PagerDuty)...).
      type: str
      returned: for webhooks
    headers:
      description: The access headers, their values masked as C(********).
      type: list
      elements: dict
      returned: for webhooks
"""

from ansible_collections.community.sumologic.plugins.module_utils.connections import Connection
from ansible_collections.community.sumologic.plugins.module_utils.info import InfoModule


def main():
    info = InfoModule(Connection, "connections")
    try:
        info.exit(info.objects())
    except Exception as exc:
        info.fail(exc)


if __name__ == "__main__":
    main()
