# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's lookup tables: the table and what PUT may change, rows (put, delete, upload merged or
replaced, truncate), jobs, size limits, and the table as a content item. Every answer is checked against
``schemas/lookup_tables.json`` (``lib``)."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.community.sumologic.tests.unit.emulator.library_answers import ROUTES, LibraryApi, refused

ME = "/Library/Users/admin@example.com"
SCHEMA = {"name": "services", "description": "Who runs what",
          "fields": [{"fieldName": "service", "fieldType": "string"}, {"fieldName": "region", "fieldType": "string"},
                     {"fieldName": "replicas", "fieldType": "int"}, {"fieldName": "public", "fieldType": "boolean"},
                     {"fieldName": "cost", "fieldType": "double"}, {"fieldName": "bytes", "fieldType": "long"}],
          "primaryKeys": ["service", "region"]}


@pytest.fixture
def lib(emulator, control):
    return LibraryApi(emulator)


def make(lib, **changes):
    body = copy.deepcopy(SCHEMA)
    body["parentFolderId"] = lib.personal()["id"]
    body.update(changes)
    return lib.ok(lib.post("/v1/lookupTables", body))


def rows(lib, table):
    return lib.control("GET", "/lookup-tables/%s/rows" % table["id"])["rows"]


def put_row(lib, table, **cells):
    return lib.put("/v1/lookupTables/%s/row" % table["id"],
                   {"row": [{"columnName": k, "columnValue": v} for k, v in cells.items()]})


def upload(lib, table, text, merge=None, encoding=None, wait=True):
    params = {}
    if merge is not None:
        params["merge"] = str(merge).lower()
    if encoding:
        params["fileEncoding"] = encoding
    data = text.encode(encoding or "utf-8") if isinstance(text, str) else text
    job = lib.ok(lib.post("/v1/lookupTables/%s/upload" % table["id"], params=params,
                          files={"file": ("rows.csv", data, "text/csv")}))["id"]
    if not wait:
        return job
    return lib.poll("/v1/lookupTables/jobs/%s/status" % job)


def test_the_demo_table(lib):
    item = lib.item(ME + "/Team/hosts")
    table = lib.ok(lib.get("/v1/lookupTables/" + item["id"]))
    assert table["id"] == item["id"] and table["parentFolderId"] == item["parentId"]
    assert table["contentPath"] == ME + "/Team/hosts" and table["primaryKeys"] == ["host"]
    assert [f["fieldName"] for f in table["fields"]] == ["host", "owner", "critical", "cpus"]
    assert table["size"] > 0 and len(rows(lib, table)) == 3
    assert rows(lib, table)[0] == {"host": "web-01", "owner": "alice@example.com", "critical": "true", "cpus": "8"}


def test_create_with_defaults(lib):
    table = make(lib)
    assert (table["ttl"], table["sizeLimitAction"], table["size"]) == (0, "StopIncomingMessages", 0)
    assert table["contentPath"] == ME + "/services" and table["createdAt"] == table["modifiedAt"]
    assert lib.item(ME + "/services") == dict(lib.item(ME + "/services"), id=table["id"], itemType="Lookups")
    assert lib.ok(lib.get("/v1/lookupTables/" + table["id"])) == table
    assert rows(lib, table) == []
    full = make(lib, name="full", ttl=525600, sizeLimitAction="DeleteOldData")
    assert (full["ttl"], full["sizeLimitAction"]) == (525600, "DeleteOldData")


@pytest.mark.parametrize("change, code, field", [
    ({"parentFolderId": None}, "api:invalid_field", "parentFolderId"),
    ({"name": ""}, "api:invalid_field", "name"),
    ({"name": "n" * 256}, "api:invalid_field", "name"),
    ({"description": " "}, "api:invalid_field", "description"),
    ({"description": "d" * 1001}, "api:invalid_field", "description"),
    ({"fields": []}, "api:invalid_field", "fields"),
    ({"fields": [{"fieldName": "a", "fieldType": "float"}], "primaryKeys": ["a"]}, "api:invalid_field",
     "fields[0].fieldType"),
    ({"fields": [{"fieldName": "a", "fieldType": "int"}, {"fieldName": "A", "fieldType": "int"}],
      "primaryKeys": ["a"]}, "api:invalid_field", "fields[1].fieldName"),
    ({"primaryKeys": []}, "api:invalid_field", "primaryKeys"),
    ({"primaryKeys": ["service", "service"]}, "api:invalid_field", "primaryKeys"),
    ({"primaryKeys": ["owner"]}, "api:invalid_field", "primaryKeys"),
    ({"ttl": 525601}, "api:invalid_field", "ttl"),
    ({"ttl": -1}, "api:invalid_field", "ttl"),
    ({"sizeLimitAction": "Overwrite"}, "api:invalid_field", "sizeLimitAction"),
    ({"size": 5}, "api:invalid_field", "size"),
])
def test_bad_tables(lib, change, code, field):
    body = copy.deepcopy(SCHEMA)
    body["parentFolderId"] = lib.personal()["id"]
    body.update(change)
    if body["parentFolderId"] is None:
        del body["parentFolderId"]
    error = refused(lib.post("/v1/lookupTables", body), 400, code)
    assert error["message"] == "Invalid value for %s" % field


def test_names_and_folders(lib):
    make(lib)
    refused(lib.post("/v1/lookupTables", dict(SCHEMA, name="SERVICES", parentFolderId=lib.personal()["id"])), 400,
            "content:duplicate_content")
    refused(lib.post("/v1/lookupTables", dict(SCHEMA, parentFolderId="0000000000000042")), 404,
            "content:content_not_found")
    search = lib.item(ME + "/Top sources")
    refused(lib.post("/v1/lookupTables", dict(SCHEMA, parentFolderId=search["id"])), 400, "content:not_a_folder")
    refused(lib.get("/v1/lookupTables/" + search["id"]), 404, "lookup:not_found")
    refused(lib.get("/v1/lookupTables/0000000000000042"), 404, "lookup:not_found")


def test_put_changes_description_ttl_and_size_limit_action_only(lib):
    table = make(lib)
    path = "/v1/lookupTables/" + table["id"]
    updated = lib.ok(lib.put(path, {"description": "Services", "ttl": 60, "sizeLimitAction": "DeleteOldData"}))
    assert (updated["description"], updated["ttl"], updated["sizeLimitAction"]) == ("Services", 60, "DeleteOldData")
    assert updated["modifiedAt"] >= table["modifiedAt"] and updated["fields"] == table["fields"]
    same = lib.ok(lib.put(path, {"description": "Services", "ttl": 60, "sizeLimitAction": "DeleteOldData"}))
    assert same == updated
    for body, field in (({"description": "x", "ttl": 1}, "sizeLimitAction"),
                        ({"ttl": 1, "sizeLimitAction": "DeleteOldData"}, "description"),
                        ({"description": "", "ttl": 1, "sizeLimitAction": "DeleteOldData"}, "description"),
                        ({"description": "x", "ttl": 1, "sizeLimitAction": "DeleteOldData", "name": "renamed"}, "name"),
                        ({"description": "x", "ttl": 1, "sizeLimitAction": "DeleteOldData",
                          "primaryKeys": ["service"]}, "primaryKeys"),
                        ({"description": "x", "ttl": "1", "sizeLimitAction": "DeleteOldData"}, "ttl")):
        error = refused(lib.put(path, body), 400, "api:invalid_field")
        assert error["message"] == "Invalid value for %s" % field
    assert lib.ok(lib.get(path)) == updated


def test_put_row_inserts_then_updates_by_primary_key(lib):
    table = make(lib)
    assert put_row(lib, table, service="web", region="eu", replicas="3", public="true", cost="1.5",
                   bytes="9000000000").status_code == 204
    assert rows(lib, table) == [{"service": "web", "region": "eu", "replicas": "3", "public": "true", "cost": "1.5",
                                 "bytes": "9000000000"}]
    size = lib.ok(lib.get("/v1/lookupTables/" + table["id"]))["size"]
    assert size == len("web,eu,3,true,1.5,9000000000") + 1
    # The same key: updated; fields left out are null.
    put_row(lib, table, service="web", region="eu", replicas="4")
    assert rows(lib, table) == [{"service": "web", "region": "eu", "replicas": "4", "public": None, "cost": None,
                                 "bytes": None}]
    put_row(lib, table, service="web", region="us")
    assert [(r["service"], r["region"]) for r in rows(lib, table)] == [("web", "eu"), ("web", "us")]


@pytest.mark.parametrize("cells, code", [
    ({"service": "web"}, "lookup:invalid_row"),                                 # a primary key column is missing
    ({"service": "web", "region": ""}, "lookup:invalid_row"),
    ({"service": "web", "region": "eu", "replicas": "three"}, "lookup:invalid_row"),
    ({"service": "web", "region": "eu", "replicas": "3000000000"}, "lookup:invalid_row"),  # beyond int
    ({"service": "web", "region": "eu", "public": "yes"}, "lookup:invalid_row"),
    ({"service": "web", "region": "eu", "cost": "cheap"}, "lookup:invalid_row"),
    ({"service": "web", "region": "eu", "cost": "inf"}, "lookup:invalid_row"),
    ({"service": "web", "region": "eu", "owner": "me"}, "lookup:invalid_column"),
])
def test_bad_rows(lib, cells, code):
    table = make(lib)
    refused(put_row(lib, table, **cells), 400, code)
    assert rows(lib, table) == []


def test_row_bodies(lib):
    table = make(lib)
    path = "/v1/lookupTables/%s/row" % table["id"]
    refused(lib.put(path, {"row": []}), 400, "api:invalid_field")
    refused(lib.put(path, {"row": [{"columnName": "service", "columnValue": "a"}] * 1001}), 400, "api:invalid_field")
    refused(lib.put(path, {"row": [{"columnName": "service", "columnValue": "a"},
                                   {"columnName": "service", "columnValue": "b"}]}), 400, "api:invalid_field")
    refused(lib.put(path, {"row": [{"columnName": "service", "columnValue": 3}]}), 400, "api:invalid_field")
    refused(lib.put(path, {"rows": []}), 400, "api:invalid_field")


def test_delete_row_by_the_whole_primary_key(lib):
    table = make(lib)
    put_row(lib, table, service="web", region="eu")
    put_row(lib, table, service="web", region="us")
    path = "/v1/lookupTables/%s/deleteTableRow" % table["id"]
    key = [{"columnName": "region", "columnValue": "eu"}, {"columnName": "service", "columnValue": "web"}]
    assert lib.put(path, {"primaryKey": key}).status_code == 204
    assert [(r["service"], r["region"]) for r in rows(lib, table)] == [("web", "us")]
    # A row that is not there: nothing to do, no error.
    assert lib.put(path, {"primaryKey": key}).status_code == 204
    refused(lib.put(path, {"primaryKey": key[1:]}), 400, "lookup:invalid_primary_key")
    refused(lib.put(path, {"primaryKey": key + [{"columnName": "replicas", "columnValue": "1"}]}), 400,
            "lookup:invalid_primary_key")
    # The description's method is PUT.
    refused(lib.post(path, {"primaryKey": key}), 405, "method.unsupported")


def test_upload_replaces_rows(lib):
    table = make(lib)
    put_row(lib, table, service="old", region="eu")
    statuses, status = upload(lib, table, "Region,SERVICE,replicas,public,cost,bytes\neu,web,3,TRUE,0.5,1\n"
                                          "us,web,2,false,,\nus,api,1,,,\n")
    assert statuses == ["InProgress", "Success"]
    assert (status["requestType"], status["eventType"], status["statusMessages"]) == \
        ("BulkReplace", "BulkReplace", ["3 rows uploaded"])
    assert (status["lookupContentId"], status["lookupName"], status["lookupContentPath"]) == \
        (table["id"], "services", ME + "/services")
    assert rows(lib, table) == [
        {"service": "web", "region": "eu", "replicas": "3", "public": "TRUE", "cost": "0.5", "bytes": "1"},
        {"service": "web", "region": "us", "replicas": "2", "public": "false", "cost": None, "bytes": None},
        {"service": "api", "region": "us", "replicas": "1", "public": None, "cost": None, "bytes": None}]


def test_upload_merges_rows(lib):
    table = make(lib)
    put_row(lib, table, service="web", region="eu", replicas="1")
    put_row(lib, table, service="db", region="eu", replicas="1")
    statuses, status = upload(lib, table, "service,region,replicas,public,cost,bytes\r\nweb,eu,5,,,\r\napi,eu,2,,,\r\n",
                              merge=True)
    assert status["status"] == "Success" and status["requestType"] == "BulkMerge"
    assert [(r["service"], r["replicas"]) for r in rows(lib, table)] == [("db", "1"), ("web", "5"), ("api", "2")]


def test_an_upload_with_bad_rows_is_a_partial_success(lib):
    table = make(lib)
    dummy, status = upload(lib, table, "service,region,replicas,public,cost,bytes\nweb,eu,1,,,\nweb,eu,2,,,\n"
                                       "api,eu,many,,,\n,eu,1,,,\ndb,eu\n")
    assert status["status"] == "PartialSuccess"
    assert status["warnings"] == [
        {"message": "1 rows were dropped.", "cause": "Primary key values were duplicate."},
        {"message": "2 rows were dropped.", "cause": "Values do not match the field types or a primary key is empty."},
        {"message": "1 rows were dropped.", "cause": "The row does not have one value per header column."}]
    assert [(r["service"], r["replicas"]) for r in rows(lib, table)] == [("web", "1")]


@pytest.mark.parametrize("text", [
    "",
    "service,region\nweb,eu\n",                                          # columns missing
    "service,region,replicas,public,cost,bytes,extra\nweb,eu,1,,,,x\n",  # an unknown column
    "service,service,replicas,public,cost,bytes\nweb,eu,1,,,\n",        # a column twice
])
def test_an_upload_whose_header_does_not_match_fails(lib, text):
    table = make(lib)
    put_row(lib, table, service="web", region="eu")
    dummy, status = upload(lib, table, text)
    assert status["status"] == "Failed" and status["errors"][0]["code"] == "lookup:invalid_header"
    assert len(rows(lib, table)) == 1   # nothing changed


def test_upload_encodings_and_bodies(lib):
    table = make(lib)
    dummy, status = upload(lib, table, "service,region,replicas,public,cost,bytes\nwéb,eu,1,,,\n", encoding="UTF-16")
    assert status["status"] == "Success" and rows(lib, table)[0]["service"] == "wéb"
    dummy, status = upload(lib, table, b"service,region,replicas,public,cost,bytes\n\xff\xfe,eu,1,,,\n")
    assert status["status"] == "Failed" and status["errors"][0]["code"] == "lookup:invalid_encoding"
    path = "/v1/lookupTables/%s/upload" % table["id"]
    refused(lib.post(path, params={"fileEncoding": "EBCDIC-9"}, files={"file": ("a.csv", b"x")}), 400,
            "api:invalid_field")
    refused(lib.post(path, files={"other": ("a.csv", b"x")}), 400, "api:invalid_field")
    refused(lib.post(path, {"file": "x"}), 415, "contenttype.invalid")
    refused(lib.post(path, params={"merge": "sometimes"}, files={"file": ("a.csv", b"x")}), 400,
            "request.param.invalid")


def test_job_statuses_over_polls(lib, control):
    control.reset(content_job_polls=3)
    table = lib.ok(lib.get("/v1/lookupTables/" + lib.item(ME + "/Team/hosts")["id"]))
    job = lib.ok(lib.post("/v1/lookupTables/%s/truncate" % table["id"]))["id"]
    status = "/v1/lookupTables/jobs/%s/status" % job
    assert lib.ok(lib.get(status))["status"] == "Pending"
    assert len(rows(lib, table)) == 3   # not yet
    statuses, last = lib.poll(status)
    assert statuses == ["InProgress", "InProgress", "Success"]
    assert last["requestType"] == "Truncate" and last["statusMessages"] == ["All rows deleted"]
    assert rows(lib, table) == [] and lib.ok(lib.get("/v1/lookupTables/" + table["id"]))["size"] == 0
    refused(lib.get("/v1/lookupTables/jobs/0000000000000001/status"), 404, "lookup:job_not_found")


def test_failed_jobs(lib):
    table = lib.ok(lib.get("/v1/lookupTables/" + lib.item(ME + "/Team/hosts")["id"]))
    lib.control("POST", "/content/fail-next", {"kind": "upload", "message": "The file could not be stored"})
    dummy, status = upload(lib, table, "host,owner,critical,cpus\nx,y,true,1\n")
    assert status["status"] == "Failed"
    assert status["errors"] == [{"code": "content:job_failed", "message": "The file could not be stored"}]
    assert len(rows(lib, table)) == 3
    # The table deleted while the job waits.
    job = upload(lib, table, "host,owner,critical,cpus\nx,y,true,1\n", wait=False)
    assert lib.ok(lib.delete("/v1/lookupTables/" + table["id"]), 204) is None
    dummy, status = lib.poll("/v1/lookupTables/jobs/%s/status" % job)
    assert status["status"] == "Failed" and status["errors"][0]["code"] == "lookup:not_found"
    assert status["lookupName"] == "hosts"


def test_size_limits(lib):
    lib.control("POST", "/lookup-tables/size-limit", {"bytes": 40})
    table = make(lib, fields=[{"fieldName": "k", "fieldType": "string"}, {"fieldName": "v", "fieldType": "string"}],
                 primaryKeys=["k"])
    for key in ("a", "b", "c"):
        put_row(lib, table, k=key, v="x" * 10)        # 13 bytes each
    assert len(rows(lib, table)) == 3
    # StopIncomingMessages: the update that would pass the limit is discarded.
    assert put_row(lib, table, k="d", v="x" * 10).status_code == 204
    assert [r["k"] for r in rows(lib, table)] == ["a", "b", "c"]
    lib.ok(lib.put("/v1/lookupTables/" + table["id"], {"description": "d", "ttl": 0, "sizeLimitAction": "DeleteOldData"}))
    # DeleteOldData: the oldest rows make room.
    put_row(lib, table, k="d", v="x" * 10)
    assert [r["k"] for r in rows(lib, table)] == ["b", "c", "d"]
    dummy, status = upload(lib, table, "k,v\n" + "".join("%s,%s\n" % (n, "y" * 30) for n in "efg"), merge=True)
    assert status["status"] == "Success" and [r["k"] for r in rows(lib, table)] == ["g"]
    dummy, status = upload(lib, table, "k,v\nh,%s\n" % ("z" * 50), merge=True)   # larger than the whole limit
    assert status["status"] == "PartialSuccess" and "size limit" in status["warnings"][0]["cause"]
    assert lib.control("GET", "/lookup-tables/size-limit") == {"bytes": 40}


def test_delete_table(lib):
    table = make(lib)
    assert lib.delete("/v1/lookupTables/" + table["id"]).status_code == 204
    refused(lib.get("/v1/lookupTables/" + table["id"]), 404, "lookup:not_found")
    refused(lib.get("/v2/content/path", params={"path": ME + "/services"}), 404, "content:content_not_found")
    refused(lib.delete("/v1/lookupTables/" + table["id"]), 404, "lookup:not_found")


def test_a_table_is_exported_and_imported_as_content(lib):
    hosts = lib.item(ME + "/Team/hosts")
    exported = lib.export(hosts["id"])
    assert exported == {"type": "LookupTableSyncDefinition", "name": "hosts",
                        "description": "Hosts and who answers for them",
                        "fields": [{"fieldName": "host", "fieldType": "string"},
                                   {"fieldName": "owner", "fieldType": "string"},
                                   {"fieldName": "critical", "fieldType": "boolean"},
                                   {"fieldName": "cpus", "fieldType": "int"}],
                        "primaryKeys": ["host"], "ttl": 0, "sizeLimitAction": "StopIncomingMessages"}
    personal = lib.personal()
    assert lib.import_(personal["id"], exported)["status"] == "Success"
    imported = lib.ok(lib.get("/v1/lookupTables/" + lib.item(ME + "/hosts")["id"]))
    assert imported["fields"] == exported["fields"] and rows(lib, imported) == []   # rows are never exported
    team = lib.item(ME + "/Team")
    # Overwritten with the same schema (another ttl): the rows stay; with other fields: the table starts empty.
    assert lib.import_(team["id"], dict(exported, ttl=30), overwrite=True)["status"] == "Success"
    assert lib.ok(lib.get("/v1/lookupTables/" + hosts["id"]))["ttl"] == 30 and len(rows(lib, hosts)) == 3
    changed = dict(exported, fields=exported["fields"][:3])
    assert lib.import_(team["id"], changed, overwrite=True)["status"] == "Success"
    assert lib.item(ME + "/Team/hosts")["id"] == hosts["id"] and rows(lib, hosts) == []


def test_concurrent_edit_fault_finds_the_table(lib, control):
    hosts = lib.item(ME + "/Team/hosts")
    control.fault(action="concurrent_edit", method="GET", path="^/api/v1/lookupTables/", patch={"ttl": 15})
    assert lib.ok(lib.get("/v1/lookupTables/" + hosts["id"]))["ttl"] == 15


def test_bulk_tables(lib, control):
    control.reset(lookup_tables=3)
    bulk = lib.ok(lib.get("/v2/content/folders/" + lib.item(ME + "/Lookups")["id"]))
    assert [child["name"] for child in bulk["children"]] == ["bulk-lookup-0001", "bulk-lookup-0002",
                                                             "bulk-lookup-0003"]
    assert len(rows(lib, bulk["children"][0])) == 5


def test_every_lookup_route_answers_in_its_schema(lib):
    table = make(lib)
    lib.ok(lib.get("/v1/lookupTables/" + table["id"]))
    lib.ok(lib.put("/v1/lookupTables/" + table["id"], {"description": "d", "ttl": 1, "sizeLimitAction": "DeleteOldData"}))
    put_row(lib, table, service="web", region="eu")
    lib.put("/v1/lookupTables/%s/deleteTableRow" % table["id"],
            {"primaryKey": [{"columnName": "service", "columnValue": "web"}, {"columnName": "region", "columnValue": "eu"}]})
    upload(lib, table, "service,region,replicas,public,cost,bytes\nweb,eu,1,,,\n")
    job = lib.ok(lib.post("/v1/lookupTables/%s/truncate" % table["id"]))["id"]
    lib.poll("/v1/lookupTables/jobs/%s/status" % job)
    lib.ok(lib.delete("/v1/lookupTables/" + table["id"]), 204)
    routes = set(pattern for method, pattern, status, ref in ROUTES if pattern.startswith("/v1/lookupTables"))
    answered = set(pattern for pattern, status in lib.seen if status < 300)
    assert routes <= answered, sorted(routes - answered)
