# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment:
    """The connection options every module and the inventory plugin of the collection share."""

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
      - How many times a request that failed with HTTP 502, 503 or 504 or lost its
        connection is sent again, with exponential backoff (honouring C(Retry-After)).
        GET, PUT and DELETE are sent again; a POST only when the connection failed
        before it was sent, because Sumo Logic may have carried it out (the modules
        then look the object up before creating it again).
      - A DELETE sent again after a lost answer and answered 404 has done its work (the
        object is gone). A PUT sent again after a lost answer and refused because the
        object changed (HTTP 412) is re-read; when it is already as wanted, the task
        reports C(changed) without writing again.
      - V(0) turns these retries off. Requests refused by the rate limit (HTTP 429) are
        governed by O(retry_timeout) instead.
    type: int
    default: 5
  rate_limit:
    description:
      - At most this many requests per second, and at most 10 at a time, to Sumo Logic
        with this access id, from all the tasks running on this machine together (every
        fork of every playbook run as the same user). Sumo Logic allows 4 requests per
        second per user and 10 at a time per access key.
      - The tasks share the count through small files in a per-user directory under the
        temp directory, or in the directory E(SUMOLOGIC_PACING_DIR) names.
      - Machines (and containers with a temp directory each, such as AWX jobs) do not
        count together. When several use one access key at once, Sumo Logic refuses the
        excess with HTTP 429 and the modules send it again (see O(retry_timeout)); to stay
        under the limit instead, give each a share rounded down, such as V(2) for two
        machines, which makes the whole run slower.
      - V(0) turns pacing off.
      - If not set, the environment variable E(SUMOLOGIC_RATE_LIMIT) is used.
    type: float
    default: 4
  retry_timeout:
    description:
      - For how many seconds a request refused with HTTP 429 (rate limit) is sent again,
        after C(Retry-After) plus a random delay (exponential backoff with jitter when
        the answer has no C(Retry-After)). Any request may be sent again after a 429,
        POST included, since Sumo Logic did nothing with it.
      - When the time is spent, the task fails saying how long it waited.
      - V(0) fails at the first 429.
      - If not set, the environment variable E(SUMOLOGIC_RETRY_TIMEOUT) is used.
    type: int
    default: 300
requirements:
  - requests >= 2.25
notes:
  - "The modules talk to the Sumo Logic API from the host they run on, usually the
    controller (C(hosts: localhost), or C(delegate_to: localhost)); the inventory
    plugin talks to it from the controller."
  - "In a play, set the connection options of the modules once with
    C(module_defaults: {group/community.sumologic.sumologic: {...}})."
"""

    # The same options for plugins that read their configuration through Ansible's
    # config system (the inventory plugin): merged into the options above, it adds the
    # environment variables as the config system declares them.
    INVENTORY = r"""
options:
  access_id:
    env:
      - name: SUMOLOGIC_ACCESSID
  access_key:
    env:
      - name: SUMOLOGIC_ACCESSKEY
  deployment:
    env:
      - name: SUMOLOGIC_ENVIRONMENT
  endpoint:
    env:
      - name: SUMOLOGIC_BASE_URL
  rate_limit:
    env:
      - name: SUMOLOGIC_RATE_LIMIT
  retry_timeout:
    env:
      - name: SUMOLOGIC_RETRY_TIMEOUT
"""
