# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``drift_report``: the check-mode results of a loop -> what differs, field by field."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common._collections_compat import Mapping


def _name(item):
    if not isinstance(item, Mapping):
        return str(item)
    for key in ("name", "email", "insight_id", "collector_id", "source_id", "role_id", "user_id"):
        if item.get(key) is not None:
            return item[key]
    return None


def drift_report(results, kind):
    """One entry per changed result: kind, name, action (create, update, delete) and the fields that differ."""
    if isinstance(results, Mapping):
        results = results.get("results", [])
    if not isinstance(results, (list, tuple)):
        raise AnsibleFilterError("drift_report expects the registered result of a loop, or its results list")
    report = []
    for result in results:
        if not isinstance(result, Mapping) or not result.get("changed"):
            continue
        diff = result.get("diff") or {}
        before = diff.get("before") or {}
        after = diff.get("after") or {}
        if not before:
            action = "create"
        elif not after:
            action = "delete"
        else:
            action = "update"
        changes = {}
        for key in sorted(set(before) | set(after)):
            if action == "update" and before.get(key) != after.get(key):
                changes[key] = {"current": before.get(key), "desired": after.get(key)}
        report.append({"kind": kind, "name": _name(result.get("item")), "action": action, "changes": changes})
    return report


class FilterModule(object):
    def filters(self):
        return {"drift_report": drift_report}
