# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.community.sumologic.plugins.filter.drift_report import drift_report


def result(item, changed, before, after):
    return {"item": item, "changed": changed, "diff": {"before": before, "after": after}}


def test_only_changed_results_are_reported_with_their_fields():
    loop = {"results": [
        result({"name": "same"}, False, {"name": "same"}, {"name": "same"}),
        result({"name": "a"}, True, {"name": "a", "category": "x", "id": 1}, {"name": "a", "category": "y", "id": 1}),
        result({"email": "new@example.com"}, True, {}, {"email": "new@example.com"}),
        result({"name": "gone", "state": "absent"}, True, {"name": "gone"}, {}),
    ]}
    assert drift_report(loop, "thing") == [
        {"kind": "thing", "name": "a", "action": "update", "changes": {"category": {"current": "x", "desired": "y"}}},
        {"kind": "thing", "name": "new@example.com", "action": "create", "changes": {}},
        {"kind": "thing", "name": "gone", "action": "delete", "changes": {}},
    ]


def test_plural_results_give_drift_and_undeclared_objects():
    plural = {"changed": True, "undeclared": ["old-1", "old-2"], "changes": [
        {"name": "a", "action": "update", "fields": {"category": {"before": "x", "after": "y"}}},
        {"name": "b", "action": "create", "fields": {"name": {"before": None, "after": "b"}}},
    ]}
    assert drift_report(plural, "collector") == [
        {"kind": "collector", "name": "a", "action": "update", "changes": {"category": {"current": "x", "desired": "y"}}},
        {"kind": "collector", "name": "b", "action": "create", "changes": {}},
    ]
    assert drift_report(plural, "collector", undeclared=True) == [
        {"kind": "collector", "name": "old-1", "action": "undeclared", "changes": {}},
        {"kind": "collector", "name": "old-2", "action": "undeclared", "changes": {}},
    ]
    skipped = {"changed": False, "skipped": True}
    assert drift_report(skipped, "user") == [] == drift_report(skipped, "user", undeclared=True)


def test_an_empty_loop_reports_nothing():
    assert drift_report({"results": [], "skipped": True}, "user") == []


def test_other_input_is_refused():
    with pytest.raises(AnsibleFilterError):
        drift_report("text", "user")


def test_loop_items_named_by_path_or_by_folder_and_name():
    loop = {"results": [
        result({"path": "~/Team"}, True, {}, {"path": "~/Team"}),
        result({"folder": "~/Team", "name": "hosts"}, True, {}, {"name": "hosts"}),
        result({"index_name": "web_errors"}, True, {}, {"index_name": "web_errors"}),
    ]}
    assert [entry["name"] for entry in drift_report(loop, "thing")] == ["~/Team", "~/Team/hosts", "web_errors"]
