#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_connection_info
"""

EXAMPLES = r"""
"""

RETURN = r"""
"""

from ansible_collections.community.sumologic.plugins.module_utils.connections import Connection
from ansible_collections.community.sumologic.plugins.module_utils.info import InfoModule


def main():
    info = InfoModule(Connection, "connections")
    try:
        info.exit(info.objects())
    except Exception as exc:
        info.fail(exc)


if __name__ == "__main__":
    main()
