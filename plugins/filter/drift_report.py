# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``drift_report``: check-mode results -> what differs, field by field, and what nobody declared."""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError


def _name(item):
    if not isinstance(item, Mapping):
        return str(item)
    # An object of a library folder (a lookup table, a dashboard) is named with its folder, as plural results name it.
    if item.get("folder") is not None and (item.get("name") or item.get("title")) is not None:
        return "%s/%s" % (item["folder"], item.get("name") or item.get("title"))
    for key in ("name", "email", "path", "index_name", "insight_id", "collector_id", "source_id", "role_id",
                "user_id"):
        if item.get(key) is not None:
            return item[key]
    return None


def plural_report(result, kind, undeclared):
    """Entries from the result of a plural module (``changes``, ``undeclared``)."""
    if undeclared:
        return [{"kind": kind, "name": name, "action": "undeclared", "changes": {}}
                for name in result.get("undeclared") or []]
    report = []
    for change in result.get("changes") or []:
        fields = {}
        if change.get("action") == "update":
            fields = {key: {"current": values.get("before"), "desired": values.get("after")}
                      for key, values in sorted((change.get("fields") or {}).items())}
        report.append({"kind": kind, "name": change.get("name"), "action": change.get("action"), "changes": fields})
    return report


def drift_report(results, kind, undeclared=False):
    """One entry per object that differs: kind, name, action (create, update, delete) and the fields that differ.

    ``results`` is the registered result of a plural module, or of a loop over a singular
    one. With ``undeclared=True``, the objects in scope that nobody declared instead.
    """
    if isinstance(results, Mapping) and "results" not in results:
        return plural_report(results, kind, undeclared)
    if undeclared:
        return []
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
