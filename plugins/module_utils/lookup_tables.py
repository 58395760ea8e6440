# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Lookup tables: the ``LookupTable`` declaration (schema and rows), for sumo_lookup_table and its info module.

A table is named by its folder (a library path) and its name. Its description, time to live
and size limit action are updated in place; its fields and primary keys cannot be, so a new
schema is imported over the table (same id, and the API empties it), which the module does
only when the task also gives every row the table is to hold.

**Rows.** The API writes rows (one by primary key, or a CSV file in an upload job) but cannot
list them. What the module knows of a table's rows:

* A **marker** at the end of the table's description, written with every load of rows:
  ``[community.sumologic rows: 3, replace, sha256:<digest>]``, the digest of the rows given
  to the last task that wrote rows (bound to the table's id and schema, so a copy, an import
  elsewhere or a new schema invalidates it). It lives with the table, so every controller (and
  every AWX job) sees it: a task whose rows have that digest changes nothing.
* A **cache** on the controller (``SUMOLOGIC_CACHE_DIR``, default ``~/.cache/community.sumologic``):
  for each table, the primary keys of the rows it holds and a digest of each row, valid only
  while the marker it was written with is still the table's. With it the module knows which
  rows differ and writes only those (a PUT per row, a delete per row gone); without it, one
  upload job loads the rows (``BulkReplace`` or ``BulkMerge``). Only keys and digests are
  kept there, never the other values.
* A table of ``size`` 0 holds no row: small loads into it are row writes.

Beyond ``ROW_WRITES`` rows to write, one upload job is cheaper than a request per row; where
the row endpoints do not serve (404, 405), the rows are uploaded instead.
"""

import csv
import hashlib
import io
import json
import math
import os
import tempfile

from ansible_collections.community.sumologic.plugins.module_utils.api import (
    InputError,
    JobError,
    SumoApiError,
    quote_segment,
)
from ansible_collections.community.sumologic.plugins.module_utils.content import (
    NAME_MAX,
    PERSONAL,
    FolderRef,
    check_path,
    display_path,
    fail_module,
    folder_at,
    folder_object,
    import_job,
    info_module,
    library_roots,
    split_marker,
    split_path,
    walk_folders,
)
from ansible_collections.community.sumologic.plugins.module_utils.common import snake_dict
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Field,
    Identity,
    Parent,
    Request,
    Resource,
)

LOOKUP_PATH = "/v1/lookupTables"
JOB_STATUS = LOOKUP_PATH + "/jobs/%s/status"
FIELD_TYPES = ("boolean", "int", "long", "double", "string")
SIZE_ACTIONS = ("StopIncomingMessages", "DeleteOldData")
ROWS_MODES = ["replace", "merge"]
DESCRIPTION_MAX = 1000
TTL_MAX = 525600
INT_RANGES = {"int": (-2 ** 31, 2 ** 31 - 1), "long": (-2 ** 63, 2 ** 63 - 1)}
# Beyond this many rows to write or delete, one upload job instead of a request per row.
ROW_WRITES = 25
MARKER = "\n\n[community.sumologic rows: %d, %s, sha256:%s]"
MARKER_SIZE = len(MARKER % (10 ** 10 - 1, "replace", "0" * 32))
CACHE_ENV = "SUMOLOGIC_CACHE_DIR"

FIELD_SPEC = {
    "options": {
        "name": {"type": "str", "required": True},
        "type": {"type": "str", "required": True, "choices": list(FIELD_TYPES)},
    },
}


class FieldsMap:
    """``[{name, type}]`` (the options) <-> ``[{fieldName, fieldType}]`` (the API)."""

    def prepare(self, run, values):
        """Nothing to look up."""

    def to_api(self, run, values, option, known):
        return [{"fieldName": item["name"], "fieldType": item["type"]} for item in values]

    def to_options(self, run, values):
        return [{"name": item.get("fieldName"), "type": item.get("fieldType")} for item in values or []]


FIELDS = FieldsMap()


def schema_of(fields):
    """A schema compared without the order of its fields: name -> type."""
    return sorted((item.get("fieldName"), item.get("fieldType")) for item in fields or [])


# -- rows --------------------------------------------------------------------------------------------

def cell(value, field, where):
    """A row's value as the API stores it (a string, or None), checked against the field's type."""
    kind = field["fieldType"]
    if value is None or (value == "" and kind != "string"):
        return None
    if kind == "boolean":
        text = str(value).lower() if isinstance(value, (bool, str)) else None
        if text not in ("true", "false"):
            raise InputError("%r is not true or false (field %s is a boolean)" % (value, field["fieldName"]),
                             option=where)
        return text
    if kind in INT_RANGES:
        try:
            number = int(str(value).strip()) if not isinstance(value, (bool, float)) else None
        except ValueError:
            number = None
        low, high = INT_RANGES[kind]
        if number is None or not low <= number <= high:
            raise InputError("%r is not an %s (field %s)" % (value, kind, field["fieldName"]), option=where)
        return str(number)
    if kind == "double":
        try:
            number = float(str(value).strip()) if not isinstance(value, bool) else None
        except ValueError:
            number = None
        if number is None or math.isnan(number) or math.isinf(number):
            raise InputError("%r is not a finite double (field %s)" % (value, field["fieldName"]), option=where)
        return str(value).strip()
    return value if isinstance(value, str) else json.dumps(value) if isinstance(value, (dict, list)) else str(value)


def canonical_rows(rows, fields, keys, option="rows"):
    """Rows as the API stores them: field name -> string or None, in the schema's order; every row checked."""
    by_lower = dict((field["fieldName"].lower(), field) for field in fields)
    found, seen = [], {}
    for index, row in enumerate(rows):
        where = "%s[%d]" % (option, index)
        if not isinstance(row, dict):
            raise InputError("each row is a dict of field names and values", option=where)
        unknown = [name for name in row if str(name).lower() not in by_lower]
        if unknown:
            known = ", ".join(f["fieldName"] for f in fields)
            raise InputError("no field %s in the table (fields: %s)" % (", ".join(repr(n) for n in unknown), known),
                             option=where)
        given = dict((str(name).lower(), value) for name, value in row.items())
        canonical = dict((field["fieldName"], cell(given.get(field["fieldName"].lower()), field, where))
                         for field in fields)
        for key in keys:
            if canonical.get(key) in (None, ""):
                raise InputError("the primary key %s has no value" % key, option=where)
        key = row_key(canonical, keys)
        if key in seen:
            raise InputError("%s has the same primary key as %s[%d]" % (where, option, seen[key]), option=option)
        seen[key] = index
        found.append(canonical)
    return found


def read_csv(path):
    """The rows of a CSV file (its first line names the fields)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            rows = [dict(row) for row in reader if any(value not in ("", None) for value in row.values())]
            if not reader.fieldnames:
                raise InputError("%s is empty: its first line must name the table's fields" % path, option="csv")
    except (IOError, OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError("cannot read %s: %s" % (path, exc), option="csv")
    for number, row in enumerate(rows):
        if None in row:
            raise InputError("%s: row %d has more values than the header names" % (path, number + 2), option="csv")
    return rows


def row_key(row, keys):
    return json.dumps([row.get(key) for key in keys])


def row_hash(row, fields):
    values = [row.get(field["fieldName"]) for field in fields]
    return hashlib.sha256(json.dumps(values).encode("utf-8")).hexdigest()[:16]


def rows_digest(table_id, fields, keys, rows):
    """The digest of a table's rows, bound to the table and its schema."""
    ordered = sorted(fields, key=lambda field: field["fieldName"].lower())
    content = {"table": table_id, "schema": schema_of(fields), "keys": sorted(keys),
               "rows": sorted(json.dumps([row.get(field["fieldName"]) for field in ordered]) for row in rows)}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()[:32]


def csv_text(rows, fields):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([field["fieldName"] for field in fields])
    for row in rows:
        writer.writerow(["" if row.get(field["fieldName"]) is None else row[field["fieldName"]] for field in fields])
    return out.getvalue().encode("utf-8")


def row_body(row, fields):
    return {"row": [{"columnName": field["fieldName"], "columnValue": row[field["fieldName"]]} for field in fields
                    if row.get(field["fieldName"]) is not None]}


# -- what the controller remembers of a table's rows ------------------------------------------------------

def cache_file(client, table_id):
    base = os.environ.get(CACHE_ENV) or os.path.join(os.path.expanduser("~"), ".cache", "community.sumologic")
    name = hashlib.sha256(("%s\n%s" % (client.base_url, table_id)).encode("utf-8")).hexdigest()[:32]
    return os.path.join(base, "lookup-rows", name + ".json")


def read_cache(client, table_id):
    """``{"marker", "exact", "rows": {key: row digest}}`` remembered for the table, or None."""
    try:
        with open(cache_file(client, table_id), encoding="utf-8") as handle:
            cached = json.load(handle)
        if isinstance(cached.get("rows"), dict) and isinstance(cached.get("marker"), str):
            return cached
    except (IOError, OSError, ValueError, AttributeError):
        pass
    return None


def write_cache(client, table_id, cached):
    """Remember the table's rows (best effort: a cache that cannot be written is only slower next time)."""
    path = cache_file(client, table_id)
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".rows.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(cached, out)
        os.replace(temporary, path)
    except (IOError, OSError):
        pass


def rows_plan(run, obj, rows, fields, keys, mode, emptied):
    """What to write for ``rows`` (canonical) to be in the table ``obj``, or None when they are there.

    ``emptied``: the task empties the table first (a new schema). See the module's docstring.
    """
    table_id = obj.get("id")
    digest = rows_digest(table_id, fields, keys, rows)
    own, marker = split_marker(obj.get("description"))
    wanted = dict((row_key(row, keys), row_hash(row, fields)) for row in rows)
    cached = read_cache(run.client, table_id) if table_id and not emptied else None
    if cached is not None and (marker is None or cached["marker"] != marker[2]):
        cached = None
    empty = emptied or not table_id or obj.get("size") == 0   # a table still to be made holds no rows
    known = {} if empty else (cached["rows"] if cached else None)
    exact = True if empty else bool(cached and cached.get("exact"))
    plan = {"count": len(rows), "mode": mode, "digest": digest, "method": None, "written": 0, "deleted": 0,
            "upserts": [], "deletes": [], "upload": None, "merge": mode == "merge"}
    if known is None and marker is not None and marker[2] == digest and (mode == "merge" or marker[1] == "replace"):
        return None
    if known is not None and (mode == "merge" or exact):
        upserts = [row for row in rows if known.get(row_key(row, keys)) != wanted[row_key(row, keys)]]
        deletes = [key for key in known if key not in wanted] if mode == "replace" else []
        if not upserts and not deletes:
            return None
        if len(upserts) + len(deletes) <= ROW_WRITES:
            plan.update(method="rows", upserts=upserts, deletes=[json.loads(key) for key in deletes])
        elif mode == "replace":
            plan.update(method="upload", upload=rows)
        else:
            plan.update(method="upload", upload=upserts)
    elif mode == "replace":
        plan.update(method="truncate" if not rows else "upload", upload=rows)
    elif len(rows) <= ROW_WRITES:
        plan.update(method="rows", upserts=rows)
    else:
        plan.update(method="upload", upload=rows)
    plan["written"] = len(plan["upserts"]) if plan["method"] == "rows" else len(plan["upload"] or [])
    plan["deleted"] = len(plan["deletes"])
    remembered = wanted if mode == "replace" else dict(known or {}, **wanted)
    plan["cache"] = {"marker": digest, "exact": mode == "replace" or (known is not None and exact),
                     "rows": remembered}
    return plan


def plan_words(plan):
    """The rows step as results list it."""
    if plan["method"] == "rows":
        words = []
        if plan["upserts"]:
            words.append("%d row%s written" % (len(plan["upserts"]), "" if len(plan["upserts"]) == 1 else "s"))
        if plan["deletes"]:
            words.append("%d row%s deleted" % (len(plan["deletes"]), "" if len(plan["deletes"]) == 1 else "s"))
        return ", ".join(words)
    if plan["method"] == "truncate":
        return "every row deleted (truncate job)"
    count = len(plan["upload"])
    return "%d row%s uploaded (%s job)" % (count, "" if count == 1 else "s", "BulkMerge" if plan["merge"] else "BulkReplace")


def rows_step(table_id, plan, fields, keys, what):
    """The plan step that writes the rows: by primary key, or one job."""
    path = "%s/%s" % (LOOKUP_PATH, quote_segment(table_id))

    def upload(client, rows, merge):
        status = client.run_job("POST", path + "/upload", JOB_STATUS, "upload of rows to %s" % what,
                                params={"merge": "true" if merge else "false", "fileEncoding": "UTF-8"},
                                files={"file": ("rows.csv", csv_text(rows, fields), "text/csv")})[1]
        if status.get("status") != "Success":
            warnings = "; ".join("%s%s" % (w.get("message"), " (%s)" % w["cause"] if w.get("cause") else "")
                                 for w in status.get("warnings") or [])
            raise JobError("upload of rows to %s: the table did not take every row: %s" % (what, warnings or status),
                           job_id=status.get("jobId"), status=status)

    def perform(client):
        if plan["method"] == "truncate":
            client.run_job("POST", path + "/truncate", JOB_STATUS, "truncate of %s" % what)
        elif plan["method"] == "upload":
            upload(client, plan["upload"], plan["merge"])
        else:
            try:
                for row in plan["upserts"]:
                    client.put(path + "/row", row_body(row, fields))
                for key in plan["deletes"]:
                    client.put(path + "/deleteTableRow", {"primaryKey": [
                        {"columnName": name, "columnValue": value} for name, value in zip(keys, key)]})
            except SumoApiError as exc:
                # Row endpoints that do not serve here (not a missing table): one upload instead.
                if not (exc.status == 405 or (exc.status == 404 and not str(exc.code or "").startswith("lookup:"))):
                    raise
                if plan["merge"]:
                    upload(client, plan["upserts"], True)
                else:
                    upload(client, plan["all"], False)
        return None
    return Request("PUT" if plan["method"] == "rows" else "POST", path + {"rows": "/row", "truncate": "/truncate"}.get(
        plan["method"], "/upload"), action=plan_words(plan), perform=perform)


def marker_step(path, body, client_cache):
    """The PUT of the description with the new marker; then the controller remembers the rows."""
    table_id, cached = client_cache

    def perform(client):
        answer = client.put(path, body)
        write_cache(client, table_id, cached)
        return answer
    return Request("PUT", path, body=body, returns=True, perform=perform)


# -- the declaration ------------------------------------------------------------------------------------------

class LookupTable(Resource):
    """A lookup table by folder and name: its schema, settings and rows."""

    kind = "lookup table"
    path = LOOKUP_PATH
    identity = Identity("name", case="fold", required=True)
    parent = Parent(FolderRef, "folder")
    fields = {
        "description": Field("description"),
        "fields": Field("fields", type="list", elements="dict", resolver=FIELDS, spec=FIELD_SPEC),
        "primary_keys": Field("primaryKeys", type="list", elements="str", kind="set", spec={"no_log": False}),
        "ttl": Field("ttl", type="int"),
        "size_limit_action": Field("sizeLimitAction", choices=SIZE_ACTIONS),
    }
    options = {"rows": {"type": "list", "elements": "dict"}, "csv": {"type": "path"},
               "rows_mode": {"type": "str", "default": "replace", "choices": ROWS_MODES}}
    mutually_exclusive = [("rows", "csv")]
    result_actions = "row_changes"

    def validate(self, params):
        params["folder"] = check_path(params.get("folder") or PERSONAL, "folder", system_ok=True)
        name = params["name"]
        if not 1 <= len(name) <= NAME_MAX or "/" in name:
            raise InputError("1 to %d characters without a /, got %r" % (NAME_MAX, name), option="name")
        if params.get("csv") is not None:
            params["rows"] = read_csv(params["csv"])
        description = params.get("description")
        if description is not None:
            most = DESCRIPTION_MAX - (MARKER_SIZE if params.get("rows") is not None else 0)
            if not description.strip() or len(description) > most:
                raise InputError("1 to %d characters, not blank%s; got %d" % (
                    most, " (the rest holds the rows marker)" if most < DESCRIPTION_MAX else "", len(description)),
                    option="description")
        fields = params.get("fields")
        if fields is not None:
            names = [item["name"].lower() for item in fields]
            if not fields or len(set(names)) != len(names) or not all(names):
                raise InputError("at least one field, each with a name of its own (without regard to case)",
                                 option="fields")
        keys = params.get("primary_keys")
        if keys is not None:
            if not keys or len(set(keys)) != len(keys):
                raise InputError("at least one field name, each once", option="primary_keys")
            if fields is not None and not set(keys) <= set(item["name"] for item in fields):
                raise InputError("%s: not a field of the table" % ", ".join(
                    sorted(set(keys) - set(item["name"] for item in fields))), option="primary_keys")
        if params.get("ttl") is not None and not 0 <= params["ttl"] <= TTL_MAX:
            raise InputError("0 (never) to %d minutes, got %d" % (TTL_MAX, params["ttl"]), option="ttl")
        if params.get("rows") is not None and fields is not None and keys is not None:
            canonical_rows(params["rows"], FIELDS.to_api(None, fields, "fields", ()), keys,
                           "csv" if params.get("csv") else "rows")

    def lookup(self, run, name, parent):
        tables = [child for child in parent.get("children") or [] if child.get("itemType") == "Lookups"
                  and child.get("name", "").lower() == name.lower()]
        return [run.client.get("%s/%s" % (LOOKUP_PATH, quote_segment(child["id"]))).json for child in tables]

    def list(self, run, parent=None, query=None):
        return [run.client.get("%s/%s" % (LOOKUP_PATH, quote_segment(child["id"]))).json
                for child in (parent or {}).get("children") or [] if child.get("itemType") == "Lookups"]

    def can_create(self, run, params, parent):
        for option in ("description", "fields", "primary_keys"):
            if params.get(option) is None:
                raise InputError("required to create lookup table %r" % params["name"], option=option)

    def compare(self, run, params, obj, wanted):
        changes = {}
        for api in ("ttl", "sizeLimitAction"):
            if api in wanted and obj.get(api) != wanted[api][1]:
                changes[api] = wanted[api][1]
        own, marker = split_marker(obj.get("description"))
        if "description" in wanted and own != wanted["description"][1]:
            changes["description"] = wanted["description"][1]
        fields = wanted["fields"][1] if "fields" in wanted else obj.get("fields") or []
        keys = list(wanted["primaryKeys"][1]) if "primaryKeys" in wanted else obj.get("primaryKeys") or []
        emptied = schema_of(fields) != schema_of(obj.get("fields")) or set(keys) != set(obj.get("primaryKeys") or [])
        if emptied and obj.get("id"):
            if params.get("rows") is None or params.get("rows_mode") != "replace":
                raise InputError(
                    "lookup table %r has other fields or primary keys; the API cannot change them without emptying "
                    "the table: give every row it is to hold (rows or csv, with rows_mode: replace) to change them"
                    % obj.get("name"), option="fields" if "fields" in wanted else "primary_keys")
            changes.update(fields=fields, primaryKeys=keys)
        if params.get("rows") is not None:
            missing = set(keys) - set(field["fieldName"] for field in fields)
            if missing:
                raise InputError("%s: not a field of the table" % ", ".join(sorted(missing)), option="primary_keys")
            rows = canonical_rows(params["rows"], fields, keys, "csv" if params.get("csv") else "rows")
            plan = rows_plan(run, obj, rows, fields, keys, params.get("rows_mode") or "replace",
                             bool(emptied and obj.get("id")))
            if plan is not None:
                plan["all"] = rows
                changes["rows"] = plan
        return changes

    def create(self, run, params, body, parent):
        return [Request("POST", LOOKUP_PATH, body=dict(body, parentFolderId=parent["id"]), returns=True)]

    def update(self, run, params, current, changes):
        obj, requests = current.obj, []
        table_id = obj.get("id") or "new"
        path = "%s/%s" % (LOOKUP_PATH, quote_segment(table_id))
        own, marker = split_marker(obj.get("description"))
        what = obj.get("contentPath") or obj.get("name")
        description = changes.get("description", own)
        ttl = changes.get("ttl", obj.get("ttl", 0))
        action = changes.get("sizeLimitAction", obj.get("sizeLimitAction") or SIZE_ACTIONS[0])
        fields = changes.get("fields", obj.get("fields") or [])
        keys = changes.get("primaryKeys", obj.get("primaryKeys") or [])
        if "fields" in changes:
            definition = {"type": "LookupTableSyncDefinition", "name": obj["name"], "description": description,
                          "fields": fields, "primaryKeys": keys, "ttl": ttl, "sizeLimitAction": action}
            requests.append(import_job(obj.get("parentFolderId") or "new", definition, True, what, what))
        plan = changes.get("rows")
        if plan is not None:
            requests.append(rows_step(table_id, plan, fields, keys, what))
            description = (description or "") + MARKER % (plan["count"], plan["mode"], plan["digest"])
        elif marker is not None and "fields" not in changes:
            description = (description or "") + marker_text(obj.get("description"))
        if plan is not None or any(key in changes for key in ("description", "ttl", "sizeLimitAction", "fields")):
            body = {"description": description, "ttl": ttl, "sizeLimitAction": action}
            if plan is not None:
                requests.append(marker_step(path, body, (table_id, plan["cache"])))
            else:
                requests.append(Request("PUT", path, body=body, returns=True))
        return requests

    def to_result(self, run, obj):
        own, marker = split_marker(obj.get("description"))
        result = snake_dict(dict((key, value) for key, value in obj.items() if key not in ("fields", "rows")))
        result["description"] = own
        result["fields"] = FIELDS.to_options(run, obj.get("fields"))
        plan = obj.get("rows")
        if isinstance(plan, dict):
            result["rows"] = {"count": plan["count"], "mode": plan["mode"], "digest": plan["digest"]}
        elif marker is not None:
            result["rows"] = {"count": marker[0], "mode": marker[1], "digest": marker[2]}
        else:
            result["rows"] = None
        return result

    def to_config(self, run, current):
        return table_config(run, current.obj)


def marker_text(description):
    """The rows marker at the end of a description, as it is."""
    own, dummy = split_marker(description)
    return (description or "")[len(own):]


def table_config(run, table):
    """A lookup table in the form of sumo_lookup_table's options (rows are not readable: never there)."""
    own, dummy = split_marker(table.get("description"))
    return {"folder": display_path(run, split_path(table["contentPath"])[0]), "name": table.get("name"),
            "description": own, "fields": FIELDS.to_options(run, table.get("fields")),
            "primary_keys": list(table.get("primaryKeys") or []), "ttl": table.get("ttl", 0),
            "size_limit_action": table.get("sizeLimitAction") or SIZE_ACTIONS[0]}


def lookup_table_info_main():
    """sumo_lookup_table_info: one table, the tables of a folder, or every table the caller sees."""
    module, run = info_module({"folder": {"type": "str"}, "name": {"type": "str"}})
    params = module.params
    try:
        if params["folder"] is not None:
            folder = folder_at(run, check_path(params["folder"], "folder", system_ok=True), option="folder")
            folders = [folder] if folder is not None else []
        else:
            folders = []
            for root, path in library_roots(run, params["admin_mode"]):
                folders.append(folder_object(root, path, path, []))
                folders.extend(walk_folders(run, root, path, False, permissions=False))
        tables = []
        for folder in folders:
            for child in folder.get("children") or []:
                if child.get("itemType") != "Lookups":
                    continue
                if params["name"] is not None and child.get("name", "").lower() != params["name"].lower():
                    continue
                tables.append(run.client.get("%s/%s" % (LOOKUP_PATH, quote_segment(child["id"]))).json)
        module.exit_json(changed=False, lookup_tables=[table_config(run, table) for table in tables])
    except Exception as exc:
        fail_module(module, exc)
