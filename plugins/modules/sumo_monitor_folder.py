#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_monitor_folder
"""

EXAMPLES = r"""
"""

RETURN = r"""
"""

from ansible_collections.community.sumologic.plugins.module_utils.monitors import run_folder_module


def main():
    run_folder_module()


if __name__ == "__main__":
    main()
