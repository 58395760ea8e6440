#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_collector
short_description: Manage Sumo Logic collectors
version_added: 0.1.0
description:
  - Creates, updates and deletes hosted collectors, and updates or deletes installed
    collectors, through the Collector Management API.
  - Only the options you set are compared and changed; every other field keeps its value.
  - An update sends the whole collector with C(If-Match) from the read it was computed
    from. When someone else changed the collector in between, the module reads it
    again, recomputes the change and retries (three times at most), so their edit is
    never overwritten.
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes
options:
  name:
    description:
      - Name of the collector; identifies it unless O(collector_id) is set, in which case
        the collector is renamed to it.
      - At most 128 characters, unique in the organisation.
      - Names with C(;), C(/), C(%) or C(\) cannot be looked up by name through the API;
        they are found by listing every collector instead.
    type: str
  collector_id:
    description:
      - Numeric id of an existing collector; identifies it instead of O(name).
    type: int
  state:
    description:
      - V(present) creates (hosted only) or updates the collector, V(absent) deletes it
        with all its sources.
    type: str
    choices: [present, absent]
    default: present
  collector_type:
    description:
      - The kind of collector expected. V(hosted) collectors are created when missing.
        V(installed) collectors are registered by the Collector software on a host and
        can only be updated or deleted here; the task fails when one is missing.
      - When not set, a missing collector is created as a hosted one and an existing
        one of either kind is updated.
      - An existing collector of the other kind fails the task (the type cannot change).
    type: str
    choices: [hosted, installed]
  description:
    description:
      - Description, at most 1024 characters.
    type: str
  category:
    description:
      - Source category given to the data of sources that set none.
    type: str
  host_name:
    description:
      - Host name of the collector, at most 128 characters.
    type: str
  time_zone:
    description:
      - Time zone used when log timestamps carry none, as an IANA name (C(Etc/UTC), C(Europe/Paris)).
    type: str
  fields:
    description:
      - Fields (key/value metadata) added to the collector's data. The field C(_budget)
        assigns an ingest budget.
      - Merged into the existing fields unless O(purge_fields=true).
      - Sumo Logic keeps a field's values only when Field Management defines the field, so
        the module warns about each name it does not define (one listing of the fields per
        task; names starting with C(_) are Sumo Logic's own). Define fields with
        M(community.sumologic.sumo_field).
    type: dict
  purge_fields:
    description:
      - Whether O(fields) is the whole set of fields (V(true)) or fields to add or
        change (V(false)).
    type: bool
    default: false
  ephemeral:
    description:
      - Whether the collector is deleted after 12 hours offline.
    type: bool
  cutoff_timestamp:
    description:
      - Only data newer than this time (milliseconds since the epoch) is collected; V(0) collects all.
    type: int
  cutoff_relative_time:
    description:
      - Only data newer than this offset (V(-1h), V(-2d), V(-1w)) is collected.
      - Set when the collector is created only; the API does not let it change.
    type: str
  target_cpu:
    description:
      - CPU percentage an installed collector aims to use (1-100).
    type: int
  source_sync_mode:
    description:
      - V(Json) when the collector's sources are managed by a local JSON file, which
        makes the API refuse source changes; V(UI) otherwise.
    type: str
    choices: [UI, Json]
notes:
  - Installed collectors come into being when the Collector software registers; use
    O(collector_type=installed) to make sure a task never creates a hosted collector
    in place of a missing installed one.
seealso:
  - module: community.sumologic.sumo_collector_info
  - module: community.sumologic.sumo_source
"""

EXAMPLES = r"""
- name: A hosted collector for HTTP sources
  community.sumologic.sumo_collector:
    name: k8s-prod
    description: Logs shipped from the production cluster
    category: prod/k8s
    time_zone: Europe/Paris
    fields:
      _budget: prod_budget
      team: platform

- name: Give an installed collector a category, leaving the rest as it is
  community.sumologic.sumo_collector:
    name: web-01
    collector_type: installed
    category: prod/web

- name: Rename a collector found by its id
  community.sumologic.sumo_collector:
    collector_id: 100000003
    name: k8s-production

- name: Remove a collector and its sources
  community.sumologic.sumo_collector:
    name: k8s-prod
    state: absent
"""

RETURN = r"""
collector:
  description:
    - The collector as the API has it after the task (as it would be, in check mode),
      with snake_case keys; the keys of RV(collector.fields) are kept as they are.
    - Empty when the collector is absent.
  returned: always
  type: dict
  sample:
    id: 100000003
    name: k8s-prod
    collector_type: Hosted
    category: prod/k8s
    time_zone: Europe/Paris
    fields: {_budget: prod_budget}
    ephemeral: false
    source_sync_mode: UI
    alive: true
  contains:
    id:
      description: Id of the collector.
      type: int
      returned: success
    name:
      description: Name of the collector.
      type: str
      returned: success
    collector_type:
      description: C(Hosted) or C(Installable).
      type: str
      returned: success
    fields:
      description: Fields of the collector.
      type: dict
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.collectors import Collector
from ansible_collections.community.sumologic.plugins.module_utils.resource import run_resource_module


def main():
    run_resource_module(Collector)


if __name__ == "__main__":
    main()
