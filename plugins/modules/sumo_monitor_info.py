#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_monitor_info
"""

EXAMPLES = r"""
"""

RETURN = r"""
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
