# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Lookup tables: ``/api/v1/lookupTables`` (OpenAPI ``lookupManagement``).

A lookup table is an item of the content library (itemType ``Lookups``; its id is its
content id), exported as a ``LookupTableSyncDefinition`` (schema only, never rows). Rows
are kept by primary key in insertion order; the API cannot list them, so tests read them
with ``GET /_emulator/lookup-tables/{id}/rows``. Uploads and truncations are jobs of the
content part's engine (status polls, injected failures). What the OpenAPI description
leaves open is written down in docs/emulator.md (section "Lookup tables").
"""

from __future__ import annotations

import codecs
import copy
import csv
import io
import math
import re

from flask import Blueprint, current_app, jsonify, request

from . import content
from .content import JobError, Kind, need_int, need_list, need_object, need_string, refuse_keys, where_join
from .core import (
    ApiError,
    SeedOption,
    bad_field,
    bool_param,
    control_route,
    empty_response,
    iso_now,
    json_body,
    json_response,
    touch,
)

bp = Blueprint("lookup_tables", __name__)

PATH = "/api/v1/lookupTables"
CONTROL = "/_emulator/lookup-tables"
SYNC_TYPE = "LookupTableSyncDefinition"
FIELD_TYPES = ("boolean", "int", "long", "double", "string")
SIZE_ACTIONS = ("StopIncomingMessages", "DeleteOldData")
TTL_MAX = 525600
TABLE_SIZE_LIMIT = 100 * 1024 * 1024    # "If the table size exceeds the maximum limit of 100MB"
FILE_SIZE_LIMIT = 100 * 1024 * 1024     # "The size limit for the CSV file is 100MB"
ROW_COLUMNS_MAX = 1000
NAME_MAX = 255
DESCRIPTION_MAX = 1000
INT_RANGE = (-2 ** 31, 2 ** 31 - 1)
LONG_RANGE = (-2 ** 63, 2 ** 63 - 1)
SEED_OPTIONS = (
    SeedOption("lookup_tables", "with the demo seed, add N generated lookup tables of 5 rows "
                                "(/Library/Users/admin@example.com/Lookups/bulk-lookup-0001...)"),
)


def _state():
    return current_app.config["STATE"]


def init_state(state, options):
    state.lookup_size_limit = TABLE_SIZE_LIMIT


# -- the schema of a table ----------------------------------------------------------------------------------

def check_schema(data, where, require_all=True):
    """description, fields, primaryKeys, ttl, sizeLimitAction: checked, with the described defaults."""
    description = need_string(data, "description", where, maximum=DESCRIPTION_MAX)
    if not description.strip():
        raise bad_field(where_join(where, "description"), "description cannot be blank")
    fields = need_list(data, "fields", where, required=True, min_items=1)
    names = {}
    checked_fields = []
    for index, field in enumerate(fields):
        at = "%s[%d]" % (where_join(where, "fields"), index)
        need_object(field, at)
        refuse_keys(field, ("fieldName", "fieldType"), at)
        name = need_string(field, "fieldName", at, minimum=1, maximum=255)
        need_string(field, "fieldType", at, choices=FIELD_TYPES)
        if name.lower() in names:
            raise bad_field(where_join(at, "fieldName"), "field %r is defined twice (CSV headers match fields "
                                                         "regardless of case)" % name)
        names[name.lower()] = name
        checked_fields.append({"fieldName": name, "fieldType": field["fieldType"]})
    keys = need_list(data, "primaryKeys", where, required=True, min_items=1)
    if not all(isinstance(key, str) for key in keys) or len(set(keys)) != len(keys):
        raise bad_field(where_join(where, "primaryKeys"), "primaryKeys must be distinct field names")
    field_names = [field["fieldName"] for field in checked_fields]
    unknown = [key for key in keys if key not in field_names]
    if unknown:
        raise bad_field(where_join(where, "primaryKeys"), "primaryKeys must name fields of the table; %r is none"
                        % unknown[0])
    ttl = need_int(data, "ttl", where, minimum=0, maximum=TTL_MAX)
    action = need_string(data, "sizeLimitAction", where, required=False, choices=SIZE_ACTIONS, nullable=True)
    return {"description": description, "fields": checked_fields, "primaryKeys": list(keys),
            "ttl": ttl or 0, "sizeLimitAction": action or "StopIncomingMessages"}


class LookupKind(Kind):
    """``LookupTableSyncDefinition``: the table's schema (itemType Lookups); rows are not exported."""

    item_type = "Lookups"
    sync_types = (SYNC_TYPE,)

    def check(self, state, definition, where):
        refuse_keys(definition, ("type", "name", "description", "fields", "primaryKeys", "ttl", "sizeLimitAction"),
                    where)
        return check_schema(definition, where)

    def store(self, state, item, data, fresh):
        previous = item.get("lookup")
        item["lookup"] = data
        # A table overwritten with other fields or keys starts empty; otherwise its rows stay.
        if fresh or previous is None or (previous["fields"], previous["primaryKeys"]) != (data["fields"],
                                                                                          data["primaryKeys"]):
            item["rows"] = {}
            item["size"] = 0

    def export(self, state, item):
        return dict({"type": SYNC_TYPE, "name": item["name"]}, **copy.deepcopy(item["lookup"]))

    def copy(self, state, source, clone):
        clone["lookup"] = copy.deepcopy(source["lookup"])
        clone["rows"] = copy.deepcopy(source["rows"])
        clone["size"] = source["size"]


content.register(LookupKind())


def table_view(state, item):
    view = {"id": item["id"], "name": item["name"]}
    view.update(copy.deepcopy(item["lookup"]))
    view.update({"parentFolderId": item["parentId"], "contentPath": content.path_of(state, item),
                 "size": item["size"]})
    for key in ("createdAt", "createdBy", "modifiedAt", "modifiedBy"):
        view[key] = item[key]
    return view


def _table(state, raw_id, need="View"):
    try:
        item = content.reach(state, raw_id, need)
    except ApiError as exc:
        if exc.status == 404:
            raise ApiError(404, "lookup:not_found", "Lookup table %s does not exist" % raw_id, detail=exc.detail)
        raise
    if item["itemType"] != "Lookups":
        raise ApiError(404, "lookup:not_found", "Content item %s is a %s, not a lookup table"
                       % (item["id"], item["itemType"]))
    return item


# -- rows ---------------------------------------------------------------------------------------------------

def _value(field, raw, where):
    """A cell as stored (string or None), or ValueError naming the problem."""
    if raw is None or (raw == "" and field["fieldType"] != "string"):
        return None
    kind = field["fieldType"]
    if kind in ("int", "long"):
        low, high = INT_RANGE if kind == "int" else LONG_RANGE
        try:
            number = int(raw.strip())
        except ValueError:
            raise ValueError("%s: %r is not an %s" % (where, raw, kind))
        if not low <= number <= high:
            raise ValueError("%s: %r is out of the %s range" % (where, raw, kind))
    elif kind == "double":
        try:
            number = float(raw.strip())
        except ValueError:
            raise ValueError("%s: %r is not a double" % (where, raw))
        if not math.isfinite(number):
            raise ValueError("%s: %r is not a finite double" % (where, raw))
    elif kind == "boolean" and raw.strip().lower() not in ("true", "false"):
        raise ValueError("%s: %r is not true or false" % (where, raw))
    return raw


def make_row(table, cells, where):
    """A row (field name -> value) from ``cells`` (column -> raw string); ValueError for a bad one."""
    row = {}
    for field in table["fields"]:
        row[field["fieldName"]] = _value(field, cells.get(field["fieldName"]), "%s %s" % (where, field["fieldName"]))
    for key in table["primaryKeys"]:
        if row[key] in (None, ""):
            raise ValueError("%s: primary key %s has no value" % (where, key))
    return row


def row_key(table, row):
    return tuple(row[key] for key in table["primaryKeys"])


def row_size(row):
    return len(",".join(value or "" for value in row.values()).encode("utf-8")) + 1


def put_rows(state, item, rows):
    """Insert or update rows by primary key within the size limit; returns how many were dropped."""
    table, stored = item["lookup"], item["rows"]
    dropped = 0
    for row in rows:
        key = row_key(table, row)
        old = stored.pop(key, None)
        new_size = item["size"] - (row_size(old) if old else 0) + row_size(row)
        if new_size > state.lookup_size_limit and table["sizeLimitAction"] == "DeleteOldData":
            while stored and new_size > state.lookup_size_limit:
                oldest = next(iter(stored))
                new_size -= row_size(stored.pop(oldest))
        if new_size > state.lookup_size_limit:
            # StopIncomingMessages (or a row larger than the whole limit): the update is discarded.
            if old is not None:
                stored[key] = old
            dropped += 1
            continue
        stored[key] = row   # an update moves the row last: DeleteOldData drops the least recently written
        item["size"] = new_size
    return dropped


def _columns(body_list, where):
    cells = {}
    for index, column in enumerate(body_list):
        at = "%s[%d]" % (where, index)
        need_object(column, at)
        refuse_keys(column, ("columnName", "columnValue"), at)
        name = need_string(column, "columnName", at, minimum=1)
        value = need_string(column, "columnValue", at, required=False, nullable=True)
        if name in cells:
            raise bad_field(where_join(at, "columnName"), "column %r is given twice" % name)
        cells[name] = value
    return cells


@bp.route(PATH + "/<raw_id>/row", methods=["PUT"])
def put_row(raw_id):
    state = _state()
    item = _table(state, raw_id, "Edit")
    data = json_body()
    refuse_keys(data, ("row",), "")
    cells = _columns(need_list(data, "row", "", required=True, min_items=1, max_items=ROW_COLUMNS_MAX), "row")
    table = item["lookup"]
    unknown = sorted(set(cells) - set(f["fieldName"] for f in table["fields"]))
    if unknown:
        raise ApiError(400, "lookup:invalid_column", "Lookup table %s has no column %r" % (item["name"], unknown[0]),
                       detail="Columns: %s" % ", ".join(f["fieldName"] for f in table["fields"]))
    try:
        row = make_row(table, cells, "row")
    except ValueError as exc:
        raise ApiError(400, "lookup:invalid_row", "Invalid row for lookup table %s" % item["name"], detail=str(exc))
    before = item["size"], len(item["rows"])
    put_rows(state, item, [row])
    if (item["size"], len(item["rows"])) != before:
        touch(state, item)
    return empty_response(204)


@bp.route(PATH + "/<raw_id>/deleteTableRow", methods=["PUT"])
def delete_row(raw_id):
    state = _state()
    item = _table(state, raw_id, "Edit")
    data = json_body()
    refuse_keys(data, ("primaryKey",), "")
    cells = _columns(need_list(data, "primaryKey", "", required=True, min_items=1, max_items=ROW_COLUMNS_MAX),
                     "primaryKey")
    table = item["lookup"]
    if sorted(cells) != sorted(table["primaryKeys"]):
        raise ApiError(400, "lookup:invalid_primary_key", "Give exactly the primary key columns %s of %s"
                       % (", ".join(table["primaryKeys"]), item["name"]),
                       detail="got %s" % ", ".join(sorted(cells)))
    key = tuple(cells[name] for name in table["primaryKeys"])
    row = item["rows"].pop(key, None)
    if row is not None:
        item["size"] -= row_size(row)
        touch(state, item)
    return empty_response(204)


# -- jobs: upload and truncate ---------------------------------------------------------------------------

def _begin(state, item, kind, request_type, **fields):
    job = content.new_job(state, kind, contentId=item["id"], requestType=request_type, lookupName=item["name"],
                          lookupContentPath=content.path_of(state, item), initialPolls=state.job_polls, **fields)
    return json_response({"id": job["id"]})


@bp.route(PATH + "/<raw_id>/truncate", methods=["POST"])
def truncate(raw_id):
    state = _state()
    return _begin(state, _table(state, raw_id, "Edit"), "truncate", "Truncate")


@bp.route(PATH + "/<raw_id>/upload", methods=["POST"])
def upload(raw_id):
    state = _state()
    item = _table(state, raw_id, "Edit")
    merge = bool_param("merge")
    encoding = request.args.get("fileEncoding") or "UTF-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise bad_field("fileEncoding", "Unknown file encoding %r" % encoding)
    if not (request.mimetype or "").startswith("multipart/form-data"):
        raise ApiError(415, "contenttype.invalid", "Upload the CSV as multipart/form-data with a part named file")
    upload_file = request.files.get("file")
    if upload_file is None:
        raise bad_field("file", "the multipart body needs a part named file holding the CSV")
    data = upload_file.read(FILE_SIZE_LIMIT + 1)
    if len(data) > FILE_SIZE_LIMIT:
        raise ApiError(400, "lookup:file_too_large", "The CSV file is larger than 100MB")
    return _begin(state, item, "upload", "BulkMerge" if merge else "BulkReplace", merge=merge, encoding=encoding,
                  data=data)


def _live_table(state, job):
    item = state.library.get(job["contentId"])
    if item is None or item["itemType"] != "Lookups":
        raise JobError("lookup:not_found", "Lookup table %s does not exist" % job["contentId"],
                       detail="It was deleted while the job ran")
    return item


@content.runner("truncate")
def _run_truncate(state, job):
    item = _live_table(state, job)
    if item["rows"]:
        item["rows"] = {}
        item["size"] = 0
        touch(state, item)
    return {"statusMessages": ["All rows deleted"]}


@content.runner("upload")
def _run_upload(state, job):
    item = _live_table(state, job)
    table = item["lookup"]
    encoding = job["encoding"]
    if codecs.lookup(encoding).name == "utf-8":
        encoding = "utf-8-sig"
    try:
        text = job["data"].decode(encoding)
    except UnicodeDecodeError as exc:
        raise JobError("lookup:invalid_encoding", "The file is not %s: %s" % (job["encoding"], exc))
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or all(not cell.strip() for cell in header):
        raise JobError("lookup:invalid_header", "The file is empty: its first row must name the table's fields")
    by_lower = dict((field["fieldName"].lower(), field["fieldName"]) for field in table["fields"])
    columns = [by_lower.get(cell.strip().lower()) for cell in header]
    unknown = [cell for cell, column in zip(header, columns) if column is None]
    missing = sorted(set(by_lower.values()) - set(c for c in columns if c))
    if unknown or missing or len(set(columns)) != len(columns):
        raise JobError("lookup:invalid_header", "The header does not match the schema of %s" % item["name"],
                       detail="unknown: %s; missing: %s" % (", ".join(unknown) or "none", ", ".join(missing) or "none"))
    rows, seen, dropped = [], set(), {}
    for number, cells in enumerate(reader, start=2):
        if not cells or cells == [""]:
            continue
        if len(cells) != len(columns):
            dropped["The row does not have one value per header column."] = dropped.get(
                "The row does not have one value per header column.", 0) + 1
            continue
        try:
            row = make_row(table, dict(zip(columns, cells)), "line %d" % number)
        except ValueError:
            cause = "Values do not match the field types or a primary key is empty."
            dropped[cause] = dropped.get(cause, 0) + 1
            continue
        key = row_key(table, row)
        if key in seen:
            cause = "Primary key values were duplicate."
            dropped[cause] = dropped.get(cause, 0) + 1
            continue
        seen.add(key)
        rows.append(row)
    before = (item["size"], list(item["rows"].items()))
    if not job["merge"]:
        item["rows"], item["size"] = {}, 0
    over = put_rows(state, item, rows)
    if over:
        dropped["The table reached its size limit (%s)." % table["sizeLimitAction"]] = over
    if (item["size"], list(item["rows"].items())) != before:
        touch(state, item)
    warnings = [{"message": "%d rows were dropped." % count, "cause": cause} for cause, count in dropped.items()]
    outcome = {"statusMessages": ["%d rows %s" % (len(rows) - over, "merged" if job["merge"] else "uploaded")],
               "warnings": warnings}
    if warnings:
        outcome["status"] = "PartialSuccess"
    return outcome


@bp.route(PATH + "/jobs/<raw_job_id>/status", methods=["GET"])
def job_status(raw_job_id):
    state = _state()
    job = state.content_jobs.get(raw_job_id.upper())
    if job is None or job["kind"] not in ("upload", "truncate"):
        raise ApiError(404, "lookup:job_not_found", "No lookup table job with id %s" % raw_job_id)
    content.advance(state, job)
    status = job["status"]
    if status == "InProgress" and job["polls"] == 1 and job["initialPolls"] >= 2:
        status = "Pending"
    answer = {"jobId": job["id"], "status": status, "lookupContentId": job["contentId"],
              "lookupName": job["lookupName"], "lookupContentPath": job["lookupContentPath"],
              # The description requires eventType without describing it: it is the requestType again.
              "requestType": job["requestType"], "eventType": job["requestType"], "userId": job["userId"],
              "createdAt": job["createdAt"], "modifiedAt": job["modifiedAt"]}
    if status == "Failed":
        answer["errors"] = [job["error"]]
    if status in ("Success", "PartialSuccess"):
        answer["statusMessages"] = list(job.get("statusMessages", []))
    if status == "PartialSuccess":
        answer["warnings"] = copy.deepcopy(job["warnings"])
    return json_response(answer)


# -- tables -------------------------------------------------------------------------------------------------

@bp.route(PATH, methods=["POST"])
def create_table():
    state = _state()
    data = json_body()
    refuse_keys(data, ("name", "parentFolderId", "description", "fields", "primaryKeys", "ttl", "sizeLimitAction"), "")
    content.check_item_name(data.get("name"), maximum=NAME_MAX)
    schema = check_schema(data, "")
    if not isinstance(data.get("parentFolderId"), str) or not data["parentFolderId"]:
        raise bad_field("parentFolderId", "parentFolderId is required: the folder to create the table in")
    folder = content.reach_folder(state, data["parentFolderId"], "Edit")
    content.name_free(state, folder, data["name"])
    return json_response(table_view(state, new_table(state, folder, data["name"], schema)))


def new_table(state, folder, name, schema, rows=(), now=None):
    item = content.new_item(state, folder["id"], name, "Lookups", now, sync_type=SYNC_TYPE)
    LookupKind().store(state, item, schema, True)
    put_rows(state, item, [make_row(schema, row, "seed") for row in rows])
    return item


@bp.route(PATH + "/<raw_id>", methods=["GET"])
def get_table(raw_id):
    state = _state()
    return json_response(table_view(state, _table(state, raw_id)))


@bp.route(PATH + "/<raw_id>", methods=["PUT"])
def update_table(raw_id):
    state = _state()
    item = _table(state, raw_id, "Edit")
    data = json_body()
    refuse_keys(data, ("description", "ttl", "sizeLimitAction"), "")
    # "All the fields are mandatory in the request."
    for key in ("description", "ttl", "sizeLimitAction"):
        if key not in data:
            raise bad_field(key, "%s is required: a lookup table update carries description, ttl and "
                                 "sizeLimitAction" % key)
    description = need_string(data, "description", "", maximum=DESCRIPTION_MAX)
    if not description.strip():
        raise bad_field("description", "description cannot be blank")
    ttl = need_int(data, "ttl", "", required=True, minimum=0, maximum=TTL_MAX)
    action = need_string(data, "sizeLimitAction", "", choices=SIZE_ACTIONS)
    table = item["lookup"]
    if (table["description"], table["ttl"], table["sizeLimitAction"]) != (description, ttl, action):
        table.update(description=description, ttl=ttl, sizeLimitAction=action)
        touch(state, item)
    return json_response(table_view(state, item))


@bp.route(PATH + "/<raw_id>", methods=["DELETE"])
def delete_table(raw_id):
    state = _state()
    content.delete_subtree(state, _table(state, raw_id, "Manage"))
    return empty_response(204)


# -- control API: what a table holds, the size limit ----------------------------------------------------------

@bp.route(CONTROL + "/<raw_id>/rows", methods=["GET"])
@control_route
def control_rows(raw_id):
    """The rows a table holds (oldest written first), as the API cannot list them."""
    state = _state()
    item = state.library.get(raw_id.upper())
    if item is None or item["itemType"] != "Lookups":
        raise ApiError(404, "notfound", "no lookup table %s" % raw_id)
    return jsonify({"rows": list(item["rows"].values()), "count": len(item["rows"]), "size": item["size"]})


@bp.route(CONTROL + "/size-limit", methods=["GET", "POST"])
@control_route
def control_size_limit():
    """POST {"bytes": N}: the most a table may hold (100MB by default; reset restores it)."""
    state = _state()
    if request.method == "POST":
        limit = (request.get_json(force=True) or {}).get("bytes")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ApiError(400, "invalid", "bytes must be a whole number >= 1")
        state.lookup_size_limit = limit
    return jsonify({"bytes": state.lookup_size_limit})


# -- demo seed ------------------------------------------------------------------------------------------------

HOSTS_SCHEMA = {"description": "Hosts and who answers for them",
                "fields": [{"fieldName": "host", "fieldType": "string"}, {"fieldName": "owner", "fieldType": "string"},
                           {"fieldName": "critical", "fieldType": "boolean"}, {"fieldName": "cpus", "fieldType": "int"}],
                "primaryKeys": ["host"], "ttl": 0, "sizeLimitAction": "StopIncomingMessages"}
HOSTS_ROWS = ({"host": "web-01", "owner": "alice@example.com", "critical": "true", "cpus": "8"},
              {"host": "web-02", "owner": "alice@example.com", "critical": "false", "cpus": "4"},
              {"host": "db-01", "owner": "bob@example.com", "critical": "true", "cpus": "16"})


def seed_demo(state, options):
    """``hosts`` (3 rows) in the administrator's ``Team`` folder; ``lookup_tables: N`` more in ``Lookups``."""
    now = iso_now()
    mine = content.caller_folder(state)
    team = content.child_named(state, mine, "Team")
    if team is not None:
        new_table(state, team, "hosts", copy.deepcopy(HOSTS_SCHEMA), HOSTS_ROWS, now)
    count = SEED_OPTIONS[0].value(options)
    if count:
        folder = content.add_folder(state, mine, "Lookups", "Generated lookup tables", now)
        for index in range(count):
            rows = [{"host": "bulk-%04d-%d" % (index + 1, n), "owner": "ops@example.com", "critical": "false",
                     "cpus": str(2 * n + 2)} for n in range(5)]
            new_table(state, folder, "bulk-lookup-%04d" % (index + 1), copy.deepcopy(HOSTS_SCHEMA), rows, now)


_OBJECT_PATH = re.compile(r"^/api/v1/lookupTables/([0-9A-Fa-f]{16})(?:/row|/deleteTableRow|/truncate|/upload)?/?$")


def object_at(state, path):
    """The stored table schema a path names (for the concurrent-edit fault: patch ``description``, ``ttl``...)."""
    match = _OBJECT_PATH.match(path)
    item = getattr(state, "library", {}).get(match.group(1).upper()) if match else None
    return item["lookup"] if item is not None and item["itemType"] == "Lookups" else None
