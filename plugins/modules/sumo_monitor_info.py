#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_monitor_info
short_description: Read Sumo Logic monitors
version_added: 0.2.0
description:
  - Returns the monitors of a folder of the Monitor Library and of its subfolders (one
    search of the library per 1,000 monitors, however many folders), of the folder only,
    or the one monitor called O(name) in it.
  - Each monitor as M(community.sumologic.sumo_monitor) returns it, with its C(folder) and
    C(path).
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  folder:
    description:
      - Path of the folder, such as C(/Monitors/Platform); when not given, V(/Monitors),
        the whole library. A folder that does not exist has no monitors.
    type: str
  name:
    description:
      - Name of the one monitor of O(folder) to return (the exact name, else without
        regard to case).
    type: str
  recursive:
    description:
      - Whether the monitors of the subfolders of O(folder) are returned too.
    type: bool
    default: true
seealso:
  - module: community.sumologic.sumo_monitor
  - module: community.sumologic.sumo_monitors
"""

EXAMPLES = r"""
- name: Every monitor of the platform team, in its folder and below
  community.sumologic.sumo_monitor_info:
    folder: /Monitors/Platform
  register: platform

- name: The disabled ones
  ansible.builtin.debug:
    msg: "{{ platform.monitors | selectattr('is_disabled') | map(attribute='path') | list }}"

- name: One monitor
  community.sumologic.sumo_monitor_info:
    folder: /Monitors/Platform
    name: High error rate
"""

RETURN = r"""
monitors:
  description:
    - The monitors found, with snake_case keys; empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 0000000000002DE4
      name: High error rate
      folder: /Monitors/Platform
      path: /Monitors/Platform/High error rate
      monitor_type: Logs
      version: 0
      is_disabled: false
      status: [Normal]
      queries:
        - {row_id: A, query: _sourceCategory=prod/web status_code=5*}
      triggers:
        - {detection_method: LogsStaticCondition, trigger_type: Critical, time_range: -15m, threshold: 100.0,
           threshold_type: GreaterThan}
      notifications:
        - notification: {connection_type: Slack, connection_id: 000000000BF39280}
          run_for_trigger_types: [Critical]
  contains:
    folder:
      description: Path of the monitor's folder.
      type: str
      returned: success
    path:
      description: Path of the monitor.
      type: str
      returned: success
    status:
      description: What the last evaluation found (V(Normal), V(Critical), V(Warning), V(MissingData)), or V(Disabled).
      type: list
      elements: str
      returned: success
"""

from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule
from ansible_collections.community.sumologic.plugins.module_utils.monitors import Monitor, monitors_at
from ansible_collections.community.sumologic.plugins.module_utils.resource import Run, error_result
from ansible_collections.community.sumologic.plugins.module_utils.secrets import mask


def main():
    module = SumoModule(argument_spec=dict(folder=dict(type="str"), name=dict(type="str"),
                                           recursive=dict(type="bool", default=True)), supports_check_mode=True)
    run = Run(module.client, module.check_mode, module.warn)
    resource = Monitor()
    try:
        monitors = monitors_at(run, module.params["folder"], module.params["name"], module.params["recursive"])
        results = [mask(resource.to_result(run, monitor), keep_issued=True) for monitor in monitors]
    except Exception as exc:
        msg, extra = error_result(exc)
        module.fail_json(msg=msg, **extra)
    module.exit_json(changed=False, monitors=results)


if __name__ == "__main__":
    main()
