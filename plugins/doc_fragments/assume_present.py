# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment:
    """The option of the singular modules an audit of an apply runs in check mode, one object at a time."""

    DOCUMENTATION = r"""
options:
  assume_present:
    description:
      - >-
        In check mode only, the objects an earlier check-mode task of the same audit would create, which
        this task's object names, by family (V(folders), V(roles), V(users)...) and name, for example
        C({folders: [~/Team], roles: [Billing]}). They count as there, so an item of a folder to be created
        is planned as a create, and a permission for a role to be created is planned, instead of failing.
      - The C(community.sumologic.org_apply) role gives it.
      - Ignored outside check mode, where such objects exist by the time the task runs.
    type: dict
"""
