# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """The connection options every module of the collection shares."""

    DOCUMENTATION = r"""
options:
  access_id:
    description:
      - The access ID of a Sumo Logic access key pair, sent as the basic auth user name.
      - If not set, the environment variable E(SUMOLOGIC_ACCESSID) is used.
      - Required, here or in the environment.
    type: str
  access_key:
    description:
      - The access key of the pair, sent as the basic auth password. Never logged.
      - If not set, the environment variable E(SUMOLOGIC_ACCESSKEY) is used.
      - Required, here or in the environment.
    type: str
  deployment:
    description:
      - The Sumo Logic deployment (pod) of the organisation; it selects the API URL,
        V(us1) being C(https://api.sumologic.com/api) and every other one
        C(https://api.<deployment>.sumologic.com/api).
      - If not set, the environment variable E(SUMOLOGIC_ENVIRONMENT) is used.
      - One of O(deployment) and O(endpoint) is required. When the account lives on
        another deployment, Sumo Logic answers with a redirect; the modules follow it
        once and warn which deployment to set.
    type: str
    choices: [us1, us2, au, ca, ch, de, eu, fed, in, jp, kr, esc]
  endpoint:
    description:
      - The API base URL, for example C(https://api.eu.sumologic.com/api/) or the
        emulator's C(http://127.0.0.1:8765/api). Overrides O(deployment).
      - A URL without a path gets C(/api) appended.
      - If not set, the environment variable E(SUMOLOGIC_BASE_URL) is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the API. Turn off only for a trusted proxy.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each answer of the API.
    type: int
    default: 60
  retries:
    description:
      - How many times a request refused with HTTP 429 (rate limit) or failed with
        502, 503 or 504 is sent again, with exponential backoff that honours the
        C(Retry-After) header. GET, PUT and DELETE are retried; a POST only after a 429,
        when Sumo Logic did not act on it.
      - V(0) turns retries off.
    type: int
    default: 5
requirements:
  - requests >= 2.25
notes:
  - "Every module talks to the Sumo Logic API from the host it runs on, usually the
    controller (C(hosts: localhost), or C(delegate_to: localhost))."
  - "Set the connection options once for a play with
    C(module_defaults: {group/community.sumologic.sumologic: {...}})."
"""
