# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""sumo_lookup_table and sumo_lookup_table_info, run in-process against the emulator: the schema, rows replaced
and merged, only the rows that differ written by primary key (with the controller's cache) or one upload job
(without), the marker that makes a re-run with the same rows change nothing anywhere, and the jobs' failures.
The emulator's control route shows the rows a table holds, which the API cannot list."""

from __future__ import annotations

import pytest

from ansible_collections.community.sumologic.plugins.module_utils import api

ME = "/Library/Users/admin@example.com"
FIELDS = [{"name": "host", "type": "string"}, {"name": "owner", "type": "string"},
          {"name": "critical", "type": "boolean"}, {"name": "cpus", "type": "int"}]
ROWS = [{"host": "web-01", "owner": "alice@example.com", "critical": True, "cpus": 8},
        {"host": "web-02", "owner": "alice@example.com", "critical": False, "cpus": 4},
        {"host": "db-01", "owner": "bob@example.com", "critical": True, "cpus": 16}]
TABLE = dict(folder="~/Team", name="owners", description="Hosts and who answers for them", fields=FIELDS,
             primary_keys=["host"])


@pytest.fixture(autouse=True)
def quick_jobs_and_a_cache_of_its_own(monkeypatch, tmp_path):
    monkeypatch.setattr(api, "JOB_POLL_FIRST", 0.001)
    monkeypatch.setenv("SUMOLOGIC_CACHE_DIR", str(tmp_path / "controller-1"))


def other_controller(monkeypatch, tmp_path, name="controller-2"):
    """From now on the module runs as on another machine: nothing remembered of the tables."""
    monkeypatch.setenv("SUMOLOGIC_CACHE_DIR", str(tmp_path / name))


def rows_of(control, table_id):
    found = control._call("GET", "/lookup-tables/%s/rows" % table_id)["rows"]
    return sorted((r["host"], r.get("owner"), r.get("critical"), r.get("cpus")) for r in found)


def as_stored(rows):
    return sorted((r["host"], r.get("owner"), None if r.get("critical") is None else str(r["critical"]).lower(),
                   None if r.get("cpus") is None else str(r["cpus"])) for r in rows)


def writes(control):
    return ["%s %s" % (r["method"], r["path"].rsplit("/", 1)[-1] if "lookupTables/" in r["path"] else r["path"])
            for r in control.requests()["requests"] if r["method"] != "GET"]


def test_create_with_rows_then_unchanged(ansible_module, control):
    control.clear_requests()
    made = ansible_module("sumo_lookup_table", rows=ROWS, diff=True, **TABLE)
    assert made["changed"] and made["row_changes"] == ["3 rows written"]
    table = made["lookup_table"]
    assert table["description"] == "Hosts and who answers for them" and table["fields"] == FIELDS
    assert table["content_path"] == ME + "/Team/owners" and table["rows"]["count"] == 3
    assert table["rows"]["mode"] == "replace"
    # A new table is empty (size 0): three rows are three row writes, then the description with the marker.
    assert writes(control) == ["POST /api/v1/lookupTables", "PUT row", "PUT row", "PUT row", "PUT " + table["id"]]
    assert rows_of(control, table["id"]) == as_stored(ROWS)
    described = control._call("GET", "/content/tree")   # the table is an item of the library
    assert described["items"][ME + "/Team/owners"]["itemType"] == "Lookups"
    control.clear_requests()
    again = ansible_module("sumo_lookup_table", rows=ROWS, **TABLE)
    assert not again["changed"] and again["row_changes"] == [] and writes(control) == []
    assert again["lookup_table"]["rows"] == table["rows"]


def test_only_the_rows_that_differ_are_written_by_primary_key(ansible_module, control):
    table = ansible_module("sumo_lookup_table", rows=ROWS, **TABLE)["lookup_table"]
    changed = [dict(ROWS[0], cpus=12), ROWS[1], {"host": "db-02", "owner": "bob@example.com", "cpus": 2}]
    planned = ansible_module("sumo_lookup_table", rows=changed, check_mode=True, **TABLE)
    assert planned["changed"] and planned["row_changes"] == ["2 rows written, 1 row deleted"]
    control.clear_requests()
    result = ansible_module("sumo_lookup_table", folder="~/Team", name="owners", rows=changed)
    assert result["changed"] and result["row_changes"] == ["2 rows written, 1 row deleted"]
    assert writes(control) == ["PUT row", "PUT row", "PUT deleteTableRow", "PUT " + table["id"]]
    assert rows_of(control, table["id"]) == as_stored(changed)
    assert not ansible_module("sumo_lookup_table", folder="~/Team", name="owners", rows=changed)["changed"]


def test_the_same_rows_from_another_controller_change_nothing(ansible_module, control, monkeypatch, tmp_path):
    table = ansible_module("sumo_lookup_table", rows=ROWS, **TABLE)["lookup_table"]
    other_controller(monkeypatch, tmp_path)
    control.clear_requests()
    again = ansible_module("sumo_lookup_table", rows=list(reversed(ROWS)), **TABLE)
    assert not again["changed"] and writes(control) == []
    # Other rows there: it knows the table's rows only by their digest, so one upload job replaces them.
    fewer = ROWS[:2]
    replaced = ansible_module("sumo_lookup_table", folder="~/Team", name="owners", rows=fewer)
    assert replaced["changed"] and replaced["row_changes"] == ["2 rows uploaded (BulkReplace job)"]
    assert writes(control) == ["POST upload", "PUT " + table["id"]]
    assert rows_of(control, table["id"]) == as_stored(fewer)
    uploads = [r for r in control.requests()["requests"] if r["path"].endswith("/upload")]
    assert uploads[0]["query"] == "merge=false&fileEncoding=UTF-8"


def test_rows_merged_keep_the_others(ansible_module, control, monkeypatch, tmp_path):
    table = ansible_module("sumo_lookup_table", rows=ROWS, **TABLE)["lookup_table"]
    extra = [{"host": "web-01", "owner": "carol@example.com", "critical": True, "cpus": 8},
             {"host": "cache-01", "owner": "carol@example.com"}]
    control.clear_requests()
    merged = ansible_module("sumo_lookup_table", folder="~/Team", name="owners", rows=extra, rows_mode="merge")
    assert merged["changed"] and merged["row_changes"] == ["2 rows written"]
    assert rows_of(control, table["id"]) == as_stored(extra + ROWS[1:])
    assert merged["lookup_table"]["rows"]["mode"] == "merge"
    control.clear_requests()
    assert not ansible_module("sumo_lookup_table", folder="~/Team", name="owners", rows=extra,
                              rows_mode="merge")["changed"]
    # Rows the table is known to hold, merged again: nothing to write.
    assert not ansible_module("sumo_lookup_table", folder="~/Team", name="owners", rows=ROWS[1:2],
                              rows_mode="merge")["changed"]
    assert writes(control) == []
    # Another controller, the same rows: the marker says they were merged last.
    other_controller(monkeypatch, tmp_path)
    assert not ansible_module("sumo_lookup_table", folder="~/Team", name="owners", rows=extra,
                              rows_mode="merge")["changed"]
    # replace after a merge: the table may hold rows nobody listed, so it is replaced as a whole.
    replaced = ansible_module("sumo_lookup_table", folder="~/Team", name="owners", rows=extra)
    assert replaced["changed"] and replaced["row_changes"] == ["2 rows uploaded (BulkReplace job)"]
    assert rows_of(control, table["id"]) == as_stored(extra)


def test_many_rows_are_one_upload_job_and_csv_gives_the_same_rows(ansible_module, control, tmp_path):
    many = [{"host": "h-%03d" % n, "owner": "ops@example.com", "critical": n % 2 == 0, "cpus": n} for n in range(40)]
    control.clear_requests()
    made = ansible_module("sumo_lookup_table", rows=many, **TABLE)
    assert made["changed"] and made["row_changes"] == ["40 rows uploaded (BulkReplace job)"]
    assert writes(control) == ["POST /api/v1/lookupTables", "POST upload", "PUT " + made["lookup_table"]["id"]]
    assert rows_of(control, made["lookup_table"]["id"]) == as_stored(many)
    csv_file = tmp_path / "rows.csv"
    csv_file.write_text("HOST,Owner,critical,cpus\n" + "".join(
        "%s,%s,%s,%s\n" % (r["host"], r["owner"], str(r["critical"]).lower(), r["cpus"]) for r in many))
    control.clear_requests()
    assert not ansible_module("sumo_lookup_table", folder="~/Team", name="owners", csv=str(csv_file))["changed"]
    assert writes(control) == []


def test_bad_rows_fail_before_any_write(ansible_module, control, tmp_path):
    control.clear_requests()
    typed = ansible_module("sumo_lookup_table", rows=[ROWS[0], dict(ROWS[1], cpus="four")], **TABLE)
    unknown = ansible_module("sumo_lookup_table", rows=[{"host": "x", "colour": "red"}], **TABLE)
    keyless = ansible_module("sumo_lookup_table", rows=[{"owner": "x"}], **TABLE)
    twice = ansible_module("sumo_lookup_table", rows=[ROWS[0], ROWS[0]], **TABLE)
    assert typed.failed and typed["msg"] == "rows[1]: 'four' is not an int (field cpus)"
    assert unknown.failed and unknown["msg"].startswith("rows[0]: no field 'colour' in the table")
    assert keyless.failed and keyless["msg"] == "rows[0]: the primary key host has no value"
    assert twice.failed and twice["msg"] == "rows: rows[1] has the same primary key as rows[0]"
    # Rows of an existing table are checked against its fields, after the lookup and before any write.
    hosts = ansible_module("sumo_lookup_table", folder="~/Team", name="hosts", rows=[{"host": "x", "cpus": 1.5}])
    assert hosts.failed and hosts["msg"] == "rows[0]: 1.5 is not an int (field cpus)"
    assert control.requests()["writes"] == 0


def test_settings_update_keeps_the_marker(ansible_module, control):
    table = ansible_module("sumo_lookup_table", rows=ROWS, **TABLE)["lookup_table"]
    control.clear_requests()
    updated = ansible_module("sumo_lookup_table", folder="~/Team", name="owners", description="Who answers",
                             ttl=60, size_limit_action="DeleteOldData", rows=ROWS, diff=True)
    assert updated["changed"] and updated["row_changes"] == []
    assert updated["diff"]["before"]["ttl"] == 0 and updated["diff"]["after"]["ttl"] == 60
    assert writes(control) == ["PUT " + table["id"]]
    stored = control._call("GET", "/lookup-tables/%s/rows" % table["id"])["count"]
    assert stored == 3 and updated["lookup_table"]["description"] == "Who answers"
    assert updated["lookup_table"]["rows"] == table["rows"]
    assert not ansible_module("sumo_lookup_table", folder="~/Team", name="owners", rows=ROWS)["changed"]


def test_a_new_schema_needs_every_row_and_keeps_the_table(ansible_module, control):
    table = ansible_module("sumo_lookup_table", rows=ROWS, **TABLE)["lookup_table"]
    fields = FIELDS + [{"name": "zone", "type": "string"}]
    control.clear_requests()
    refused = ansible_module("sumo_lookup_table", folder="~/Team", name="owners", fields=fields)
    assert refused.failed and refused["msg"].startswith("fields: lookup table 'owners' has other fields")
    assert writes(control) == []
    rows = [dict(row, zone="eu") for row in ROWS]
    changed = ansible_module("sumo_lookup_table", folder="~/Team", name="owners", fields=fields, rows=rows)
    assert changed["changed"] and changed["lookup_table"]["id"] == table["id"]
    assert changed["lookup_table"]["fields"] == fields
    assert [w.split()[0] + " " + w.split()[1].rsplit("/", 1)[-1] for w in writes(control)][:1] == ["POST import"]
    stored = control._call("GET", "/lookup-tables/%s/rows" % table["id"])["rows"]
    assert sorted(r["zone"] for r in stored) == ["eu", "eu", "eu"]


def test_a_failed_upload_job_fails_the_task_naming_the_table(ansible_module, control, monkeypatch, tmp_path):
    ansible_module("sumo_lookup_table", rows=ROWS, **TABLE)
    other_controller(monkeypatch, tmp_path)
    control._call("POST", "/content/fail-next", {"kind": "upload", "code": "lookup:upload_failed",
                                                 "message": "The file could not be read"})
    result = ansible_module("sumo_lookup_table", folder="~/Team", name="owners", rows=ROWS[:1])
    assert result.failed and result["changed"] is False
    assert result["msg"].startswith("upload of rows to %s/Team/owners failed (job " % ME)
    assert result["msg"].endswith("lookup:upload_failed: The file could not be read")
    # The marker is not rewritten: the next run tries again.
    again = ansible_module("sumo_lookup_table", folder="~/Team", name="owners", rows=ROWS[:1])
    assert again["changed"] and again["row_changes"] == ["1 row uploaded (BulkReplace job)"]


def test_rows_the_table_drops_fail_the_task(ansible_module, control, monkeypatch, tmp_path):
    ansible_module("sumo_lookup_table", rows=ROWS, **TABLE)
    other_controller(monkeypatch, tmp_path)
    control._call("POST", "/lookup-tables/size-limit", {"bytes": 40})
    many = [{"host": "host-%02d" % n, "owner": "ops@example.com"} for n in range(30)]
    result = ansible_module("sumo_lookup_table", folder="~/Team", name="owners", rows=many)
    assert result.failed and "the table did not take every row" in result["msg"]
    assert "rows were dropped" in result["msg"]


def test_info_returns_the_schema_as_options_never_rows(ansible_module, control):
    ansible_module("sumo_lookup_table", rows=ROWS, **TABLE)
    tables = ansible_module("sumo_lookup_table_info", folder="~/Team")["lookup_tables"]
    assert sorted(t["name"] for t in tables) == ["hosts", "owners"]
    owners = [t for t in tables if t["name"] == "owners"][0]
    assert owners == dict(TABLE, ttl=0, size_limit_action="StopIncomingMessages")
    assert ansible_module("sumo_lookup_table_info", name="HOSTS")["lookup_tables"][0]["folder"] == "~/Team"
    control.clear_requests()
    for table in tables:
        assert not ansible_module("sumo_lookup_table", **table)["changed"]
    assert writes(control) == []


def test_delete(ansible_module, control):
    table = ansible_module("sumo_lookup_table", rows=ROWS, **TABLE)["lookup_table"]
    planned = ansible_module("sumo_lookup_table", folder="~/Team", name="owners", state="absent", check_mode=True)
    assert planned["changed"] and ME + "/Team/owners" in control._call("GET", "/content/tree")["items"]
    control.clear_requests()
    deleted = ansible_module("sumo_lookup_table", folder="~/Team", name="owners", state="absent")
    assert deleted["changed"] and writes(control) == ["DELETE " + table["id"]]
    assert not ansible_module("sumo_lookup_table", folder="~/Team", name="owners", state="absent")["changed"]


def test_content_import_over_a_loaded_table_keeps_its_marker(ansible_module, control):
    """sumo_content importing the folder again (another description elsewhere in it) does not make the table's
    rows load again."""
    ansible_module("sumo_lookup_table", rows=ROWS, **TABLE)
    team = ansible_module("sumo_content_info", path="~/Team")["definition"]
    team["description"] = "Changed by sumo_content"
    assert ansible_module("sumo_content", path="~/Team", definition=team)["changed"]
    control.clear_requests()
    assert not ansible_module("sumo_lookup_table", rows=ROWS, **TABLE)["changed"]
    assert writes(control) == []
