#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_collector_info
short_description: Read Sumo Logic collectors
version_added: 0.1.0
description:
  - Returns one collector found by name or id, every collector (optionally filtered by
    kind or liveness), or the installed collectors offline for a number of days.
  - Follows every page of the listing.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  name:
    description:
      - Name of one collector to return.
    type: str
  collector_id:
    description:
      - Id of one collector to return.
    type: int
  filter:
    description:
      - Return only V(installed) or V(hosted) collectors, or only V(dead) or V(alive) ones.
    type: str
    choices: [installed, hosted, dead, alive]
  alive_before_days:
    description:
      - Return the installed collectors that have been offline for at least this many days.
    type: int
notes:
  - O(name), O(collector_id), O(filter) and O(alive_before_days) exclude one another.
seealso:
  - module: community.sumologic.sumo_collector
"""

EXAMPLES = r"""
- name: Every collector
  community.sumologic.sumo_collector_info:
  register: all_collectors

- name: One collector by name
  community.sumologic.sumo_collector_info:
    name: web-01
  register: web

- name: Installed collectors offline for 30 days or more
  community.sumologic.sumo_collector_info:
    alive_before_days: 30
  register: stale

- name: Remove them
  community.sumologic.sumo_collector:
    collector_id: "{{ item.id }}"
    state: absent
  loop: "{{ stale.collectors }}"
"""

RETURN = r"""
collectors:
  description:
    - The collectors found, with snake_case keys (the keys of their C(fields) kept as
      they are); empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 100000001
      name: web-01
      collector_type: Installable
      alive: true
      host_name: web-01.example.com
      fields: {}
  contains:
    id:
      description: Id of the collector.
      type: int
      returned: always
    name:
      description: Name of the collector, unique in the organisation.
      type: str
      returned: always
    collector_type:
      description: V(Hosted) or V(Installable).
      type: str
      returned: always
    alive:
      description:
        - Whether the collector is alive. An installed collector sends a heartbeat every
          15 seconds and is dead after 30 minutes without one; a hosted one is always alive.
      type: bool
      returned: always
    description:
      description: Description of the collector.
      type: str
      returned: when set
    category:
      description: Source category given to the collector's data.
      type: str
      returned: when set
    host_name:
      description: Host name given to the collector's data.
      type: str
      returned: when set
    time_zone:
      description: Time zone of the collector (IANA name).
      type: str
      returned: when set
    fields:
      description: Fields (key/value metadata) of the collector, keys as they are.
      type: dict
      returned: always
    ephemeral:
      description: Whether the collector is deleted after 12 hours without a heartbeat.
      type: bool
      returned: always
    source_sync_mode:
      description:
        - V(UI) when its sources are managed through the API and the UI, V(Json) when an
          installed collector reads them from a local file (the API then refuses every
          source change).
      type: str
      returned: always
    cutoff_timestamp:
      description: Only data newer than this time (milliseconds since the epoch) is collected; V(0) for all.
      type: int
      returned: when set
    cutoff_relative_time:
      description: Only data newer than this offset (for example V(-1d)) is collected.
      type: str
      returned: when set
    target_cpu:
      description: CPU use (a percentage) above which an installed collector slows down its file sources.
      type: int
      returned: when set
    collector_version:
      description: Version of the collector software of an installed collector.
      type: str
      returned: always
    last_seen_alive:
      description: Time of the last heartbeat, in milliseconds since the epoch.
      type: int
      returned: when known
    os_name:
      description: Operating system of an installed collector.
      type: str
      returned: installed collectors
    os_version:
      description: Version of the operating system of an installed collector.
      type: str
      returned: installed collectors
    os_arch:
      description: Architecture of the operating system of an installed collector.
      type: str
      returned: installed collectors
    os_time:
      description: How long an installed collector has been running, in milliseconds.
      type: int
      returned: installed collectors
    links:
      description: Links of the API, for example to the collector's sources (C(rel), C(href)).
      type: list
      elements: dict
      returned: always
"""

from ansible_collections.community.sumologic.plugins.module_utils.collectors import COLLECTORS_PATH, Collector
from ansible_collections.community.sumologic.plugins.module_utils.info import InfoModule


def main():
    info = InfoModule(Collector, "collectors", options={
        "filter": {"type": "str", "choices": ["installed", "hosted", "dead", "alive"]},
        "alive_before_days": {"type": "int"},
    }, mutually_exclusive=[("name", "collector_id", "filter", "alive_before_days")])
    days = info.params["alive_before_days"]
    if days is not None and days < 1:
        info.module.fail_json(msg="alive_before_days: must be 1 or more, got %d" % days)
    try:
        if days is not None:
            collectors = info.resource.listing.read(info.run.client, COLLECTORS_PATH + "/offline",
                                                    {"aliveBeforeDays": days})
        else:
            collectors = info.objects(query={"filter": info.params["filter"]})
        info.exit(list(collectors))
    except Exception as exc:
        info.fail(exc)


if __name__ == "__main__":
    main()
