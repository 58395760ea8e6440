#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_source_info
short_description: Read the sources of a Sumo Logic collector
version_added: 0.1.0
description:
  - Returns every source of a collector, or the one with a given name or id.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  collector:
    description: Name of the collector.
    type: str
  collector_id:
    description: Id of the collector, instead of O(collector).
    type: int
  name:
    description: Return only the source with this name.
    type: str
  source_id:
    description: Return only the source with this id.
    type: int
seealso:
  - module: community.sumologic.sumo_source
"""

EXAMPLES = r"""
- name: Sources of a collector
  community.sumologic.sumo_source_info:
    collector: demo-hosted
  register: sources

- name: Upload URL of one HTTP source
  community.sumologic.sumo_source_info:
    collector: demo-hosted
    name: demo-http
  register: http

- name: Hand it to the log shipper, without printing it (the URL is a credential)
  ansible.builtin.copy:
    dest: /etc/shipper/sumo_url
    content: "{{ http.sources[0].url }}"
    mode: "0600"
  no_log: true
"""

RETURN = r"""
sources:
  description:
    - The sources found, with snake_case keys (the keys of their C(fields) kept as they
      are); empty when none matches.
    - Further keys particular to a source type are returned as the API has them, in
      snake_case (for example C(path_expression) of a V(LocalFile) source).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 200000001
      name: demo-http
      source_type: HTTP
      category: demo/http
      url: https://endpoint1.collection.sumologic.com/receiver/v1/http/ZaVnC4dhaV...
      alive: true
  contains:
    id:
      description: Id of the source.
      type: int
      returned: always
    name:
      description: Name of the source, unique within its collector.
      type: str
      returned: always
    source_type:
      description: The API's C(sourceType), for example V(HTTP), V(LocalFile) or V(Syslog).
      type: str
      returned: always
    alive:
      description: Whether the source is collecting.
      type: bool
      returned: when known
    url:
      description:
        - The upload URL of an HTTP source. It is a credential (anyone holding it can send
          data into the organisation), to keep out of logs and task output. The modules
          never show it in a diff.
      type: str
      returned: HTTP sources
    description:
      description: Description of the source.
      type: str
      returned: when set
    category:
      description: Source category of the data.
      type: str
      returned: when set
    host_name:
      description: Host name given to the data.
      type: str
      returned: when set
    time_zone:
      description: Time zone used when timestamps carry none (IANA name).
      type: str
      returned: when set
    force_time_zone:
      description: Whether RV(sources[].time_zone) overrides the time zone found in the data.
      type: bool
      returned: when set
    automatic_date_parsing:
      description: Whether timestamps are parsed from the data.
      type: bool
      returned: when set
    multiline_processing_enabled:
      description: Whether multi-line messages are detected.
      type: bool
      returned: when set
    use_autoline_matching:
      description: Whether message boundaries are inferred.
      type: bool
      returned: when set
    fields:
      description: Fields (key/value metadata) added to the source's data, keys as they are.
      type: dict
      returned: when set
    filters:
      description: Processing rules, each with the API's keys in snake_case (C(name), C(filter_type), C(regexp), C(mask)).
      type: list
      elements: dict
      returned: when set
    cutoff_timestamp:
      description: Only data newer than this time (milliseconds since the epoch) is collected.
      type: int
      returned: when set
    cutoff_relative_time:
      description: Only data newer than this offset (for example V(-1h)) is collected.
      type: str
      returned: when set
"""

from ansible_collections.community.sumologic.plugins.module_utils.collectors import Source
from ansible_collections.community.sumologic.plugins.module_utils.info import InfoModule


def main():
    info = InfoModule(Source, "sources", required_one_of=[("collector", "collector_id")],
                      mutually_exclusive=[("collector", "collector_id"), ("name", "source_id")])
    try:
        info.exit(info.objects())
    except Exception as exc:
        info.fail(exc)


if __name__ == "__main__":
    main()
