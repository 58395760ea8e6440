# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment:
    """Check mode and diff mode, as every module of the collection supports them."""

    # Modules that change things.
    DOCUMENTATION = r"""
attributes:
  check_mode:
    support: full
    description:
      - Reads only, and reports what would change; the API client also refuses any
        write in check mode.
  diff_mode:
    support: full
    description:
      - Returns the object before and after the task (as it would be, in check mode).
"""

    # Modules that only read.
    INFO_MODULE = r"""
attributes:
  check_mode:
    support: full
    description: Reads only, in check mode as otherwise.
  diff_mode:
    support: none
    description: Nothing changes.
"""
