#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_source
short_description: Manage the sources of a Sumo Logic collector
version_added: 0.1.0
description:
  - Creates, updates and deletes a source of a hosted or installed collector.
  - Only the options you set are compared and changed. An update sends the whole source
    with C(If-Match) from the read it was computed from, and re-reads and retries when
    someone else changed it in between.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes
options:
  collector:
    description:
      - Name of the collector the source belongs to.
    type: str
  collector_id:
    description:
      - Id of the collector the source belongs to, instead of O(collector).
    type: int
  name:
    description:
      - Name of the source, unique within its collector; identifies it unless
        O(source_id) is set, in which case the source is renamed to it.
      - At most 128 characters.
    type: str
  source_id:
    description:
      - Id of an existing source, instead of O(name).
    type: int
  state:
    description:
      - V(present) creates or updates the source, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  source_type:
    description:
      - The API's C(sourceType), for example V(HTTP) or V(Cloudsyslog) on a hosted
        collector, V(LocalFile) or V(Syslog) on an installed one.
      - Required to create a source. It cannot change afterwards; a different value
        fails the task.
    type: str
  description:
    description: Description of the source.
    type: str
  category:
    description: Source category of the data.
    type: str
  host_name:
    description: Host name given to the data.
    type: str
  time_zone:
    description: Time zone used when timestamps carry none (IANA name).
    type: str
  force_time_zone:
    description: Whether O(time_zone) overrides the time zone found in the data.
    type: bool
  automatic_date_parsing:
    description: Whether timestamps are parsed from the data.
    type: bool
  multiline_processing_enabled:
    description: Whether multi-line messages are detected.
    type: bool
  use_autoline_matching:
    description: Whether message boundaries are inferred.
    type: bool
  fields:
    description:
      - Fields (key/value metadata) added to the source's data.
      - Merged into the existing fields unless O(purge_fields=true).
      - Sumo Logic keeps a field's values only when Field Management defines the field, so
        the module warns about each name it does not define (one listing of the fields per
        task; names starting with C(_) are Sumo Logic's own). Define fields with
        M(community.sumologic.sumo_field).
    type: dict
  purge_fields:
    description: Whether O(fields) is the whole set of fields.
    type: bool
    default: false
  filters:
    description:
      - Processing rules, as the API's list of filter objects (C(name), C(filterType),
        C(regexp), C(mask)). Compared as an ordered list.
    type: list
    elements: dict
  cutoff_timestamp:
    description: Only data newer than this time (milliseconds since the epoch) is collected.
    type: int
  cutoff_relative_time:
    description:
      - Only data newer than this offset (V(-1h), V(-2d)) is collected. Set on create only.
    type: str
  config:
    description:
      - Further fields of the source as the API names them (camelCase), for settings
        particular to a source type, for example C(pathExpression) of a V(LocalFile)
        source. Each key given is compared and set; other keys are left as they are.
    type: dict
seealso:
  - module: community.sumologic.sumo_collector
  - module: community.sumologic.sumo_source_info
notes:
  - The API refuses every source change on a collector whose C(sourceSyncMode) is V(Json).
  - The upload URL of an HTTP source is a credential, like a password; anyone holding it
    can send data into the organisation. The module returns it in RV(source.url), where
    you asked for it, but never shows it in a diff (there it is masked). Keep it out of
    task output (no C(debug) of it, C(no_log) on tasks that pass it on).
"""

EXAMPLES = r"""
- name: An HTTP source on a hosted collector
  community.sumologic.sumo_source:
    collector: k8s-prod
    name: app-logs
    source_type: HTTP
    category: prod/app
    fields:
      team: platform
  register: http_source

- name: Hand the upload URL to the log shipper, without printing it (it is a credential)
  ansible.builtin.copy:
    dest: /etc/shipper/sumo_url
    content: "{{ http_source.source.url }}"
    mode: "0600"
  no_log: true

- name: Tail a file on an installed collector
  community.sumologic.sumo_source:
    collector: web-01
    name: nginx-access
    source_type: LocalFile
    category: prod/web/nginx
    config:
      pathExpression: /var/log/nginx/access.log

- name: Remove a source
  community.sumologic.sumo_source:
    collector: k8s-prod
    name: app-logs
    state: absent
"""

RETURN = r"""
source:
  description:
    - The source as the API has it after the task, with snake_case keys (the keys of
      C(fields) kept as they are). An HTTP source carries its upload URL in RV(source.url),
      a credential.
    - Further keys particular to a source type (set with O(config)) are returned as the
      API has them, in snake_case (for example C(path_expression)).
    - Empty when the source is absent.
  returned: always
  type: dict
  sample:
    id: 200000002
    name: app-logs
    source_type: HTTP
    category: prod/app
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
      description: Whether RV(source.time_zone) overrides the time zone found in the data.
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
from ansible_collections.community.sumologic.plugins.module_utils.resource import run_resource_module


def main():
    run_resource_module(Source)


if __name__ == "__main__":
    main()
