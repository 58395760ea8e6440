#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

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

from ansible_collections.community.sumologic.plugins.module_utils.collectors import (
    find_collector,
    list_sources,
    sources_path,
)
from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Current,
    Field,
    Resource,
    ResourceFailure,
)


class Source(Resource):
    kind = "source"
    body_key = "source"
    result_key = "source"
    needs_etag = True
    keep_keys = ("fields",)
    read_only = ("alive", "url")
    fields = {
        "name": Field("name"),
        "source_type": Field("sourceType", create_only=True),
        "description": Field("description"),
        "category": Field("category"),
        "host_name": Field("hostName"),
        "time_zone": Field("timeZone"),
        "force_time_zone": Field("forceTimeZone"),
        "automatic_date_parsing": Field("automaticDateParsing"),
        "multiline_processing_enabled": Field("multilineProcessingEnabled"),
        "use_autoline_matching": Field("useAutolineMatching"),
        "fields": Field("fields", kind="map", purge="purge_fields"),
        "filters": Field("filters", kind="list"),
        "cutoff_timestamp": Field("cutoffTimestamp"),
        "cutoff_relative_time": Field("cutoffRelativeTime", create_only=True),
    }

    def validate(self):
        p = self.params
        if p["name"] is not None and not 0 < len(p["name"].strip()) <= 128:
            raise ResourceFailure("name: must be 1 to 128 characters, got %d" % len(p["name"]))
        if p["fields"] is not None:
            p["fields"] = dict((str(k), str(v)) for k, v in p["fields"].items())
        clash = sorted(set(p["config"] or {}) & set(f.api for f in self.fields.values()))
        if clash:
            raise ResourceFailure("config: %s have options of their own; set them with those options"
                                  % ", ".join(clash))

    def find(self):
        p = self.params
        found = find_collector(self.client, p["collector"], p["collector_id"])
        if found is None:
            if p["state"] == "absent":
                self.collector = None
                return None
            raise ResourceFailure("collector %s does not exist" % (
                "with id %s" % p["collector_id"] if p["collector_id"] is not None else repr(p["collector"])))
        self.collector = found.obj
        self.path = sources_path(self.collector["id"])
        for source in list_sources(self.client, self.collector["id"]):
            if (p["source_id"] is not None and source.get("id") == p["source_id"]) or \
                    (p["source_id"] is None and source.get("name") == p["name"]):
                self.check_type(source)
                return Current(source, None)
        return None

    def check_type(self, source):
        wanted = self.params["source_type"]
        if wanted is not None and source.get("sourceType") != wanted:
            raise ResourceFailure("source_type: %s is a %s source; the type of a source cannot change to %s"
                                  % (self.describe(source), source.get("sourceType"), wanted))

    def wanted(self, creating):
        wanted = super(Source, self).wanted(creating)
        for key, value in (self.params["config"] or {}).items():
            wanted[key] = (Field(key, kind="map" if isinstance(value, dict) else "scalar"), value)
        return wanted

    def can_create(self):
        if self.params["source_id"] is not None:
            raise ResourceFailure("there is no source with id %s in collector %r" % (
                self.params["source_id"], self.collector["name"]))
        if not self.params["source_type"]:
            raise ResourceFailure("source_type: required to create source %r" % self.params["name"])
        if self.collector.get("sourceSyncMode") == "Json":
            raise ResourceFailure("collector %r manages its sources from a local JSON file (sourceSyncMode Json); "
                                  "the API cannot change them" % self.collector["name"])


def main():
    module = SumoModule(
        argument_spec=dict(
            collector=dict(type="str"),
            collector_id=dict(type="int"),
            name=dict(type="str"),
            source_id=dict(type="int"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            source_type=dict(type="str"),
            description=dict(type="str"),
            category=dict(type="str"),
            host_name=dict(type="str"),
            time_zone=dict(type="str"),
            force_time_zone=dict(type="bool"),
            automatic_date_parsing=dict(type="bool"),
            multiline_processing_enabled=dict(type="bool"),
            use_autoline_matching=dict(type="bool"),
            fields=dict(type="dict"),
            purge_fields=dict(type="bool", default=False),
            filters=dict(type="list", elements="dict"),
            cutoff_timestamp=dict(type="int"),
            cutoff_relative_time=dict(type="str"),
            config=dict(type="dict"),
        ),
        required_one_of=[("collector", "collector_id"), ("name", "source_id")],
        mutually_exclusive=[("collector", "collector_id")],
        supports_check_mode=True,
    )
    Source(module).run()


if __name__ == "__main__":
    main()
