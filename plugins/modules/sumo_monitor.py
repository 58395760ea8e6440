#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_monitor
"""

EXAMPLES = r"""
"""

RETURN = r"""
"""

from ansible_collections.community.sumologic.plugins.module_utils.monitors import Monitor
from ansible_collections.community.sumologic.plugins.module_utils.resource import run_resource_module


def main():
    run_resource_module(Monitor)


if __name__ == "__main__":
    main()
