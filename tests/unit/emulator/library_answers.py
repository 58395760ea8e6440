# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The content library, dashboards and lookup tables APIs, every answer checked against its schema.

Each route names the schema of its success answer (None: no body); any error answer must be
the OpenAPI ErrorResponse. A success the table does not know fails the test, so no answer
goes unchecked. Helpers run the asynchronous jobs to their end.
"""

from __future__ import annotations

import re

import requests

from ansible_collections.community.sumologic.tests.unit.emulator.answer_schemas import assert_matches

C = "content.json#/$defs/"
D = "dashboards.json#/$defs/"
L = "lookup_tables.json#/$defs/"
ERROR = "common.json#/$defs/ErrorResponse"
ID = r"[^/]+"

ROUTES = [
    ("POST", r"/v2/content/folders", 200, C + "Folder"),
    ("GET", r"/v2/content/folders/personal", 200, C + "Folder"),
    ("GET", r"/v2/content/folders/global", 200, C + "BeginAsyncJobResponse"),
    ("GET", r"/v2/content/folders/global/ID/status", 200, C + "AsyncJobStatus"),
    ("GET", r"/v2/content/folders/global/ID/result", 200, C + "ContentList"),
    ("GET", r"/v2/content/folders/adminRecommended", 200, C + "BeginAsyncJobResponse"),
    ("GET", r"/v2/content/folders/adminRecommended/ID/status", 200, C + "AsyncJobStatus"),
    ("GET", r"/v2/content/folders/adminRecommended/ID/result", 200, C + "Folder"),
    ("POST", r"/v2/content/folders/ID/import", 200, C + "BeginAsyncJobResponse"),
    ("GET", r"/v2/content/folders/ID/import/ID/status", 200, C + "AsyncJobStatus"),
    ("GET", r"/v2/content/folders/ID", 200, C + "Folder"),
    ("PUT", r"/v2/content/folders/ID", 200, C + "Folder"),
    ("GET", r"/v2/content/path", 200, C + "ContentItem"),
    ("GET", r"/v2/content/ID/path", 200, C + "ContentPath"),
    ("GET", r"/v2/content/ID/permissions", 200, C + "ContentPermissionResult"),
    ("PUT", r"/v2/content/ID/permissions/add", 200, C + "ContentPermissionResult"),
    ("PUT", r"/v2/content/ID/permissions/remove", 200, C + "ContentPermissionResult"),
    ("POST", r"/v2/content/ID/export", 200, C + "BeginAsyncJobResponse"),
    ("GET", r"/v2/content/ID/export/ID/status", 200, C + "AsyncJobStatus"),
    ("GET", r"/v2/content/ID/export/ID/result", 200, C + "ContentSyncDefinition"),
    ("DELETE", r"/v2/content/ID/delete", 200, C + "BeginAsyncJobResponse"),
    ("GET", r"/v2/content/ID/delete/ID/status", 200, C + "AsyncJobStatus"),
    ("POST", r"/v2/content/ID/copy", 200, C + "BeginAsyncJobResponse"),
    ("GET", r"/v2/content/ID/copy/ID/status", 200, C + "AsyncJobStatus"),
    ("POST", r"/v2/content/ID/move", 200, None),
    ("GET", r"/v2/dashboards", 200, D + "PaginatedDashboards"),
    ("POST", r"/v2/dashboards", 200, D + "Dashboard"),
    ("GET", r"/v2/dashboards/ID", 200, D + "Dashboard"),
    ("PUT", r"/v2/dashboards/ID", 200, D + "Dashboard"),
    ("DELETE", r"/v2/dashboards/ID", 204, None),
    ("POST", r"/v1/lookupTables", 200, L + "LookupTable"),
    ("GET", r"/v1/lookupTables/jobs/ID/status", 200, L + "LookupAsyncJobStatus"),
    ("GET", r"/v1/lookupTables/ID", 200, L + "LookupTable"),
    ("PUT", r"/v1/lookupTables/ID", 200, L + "LookupTable"),
    ("DELETE", r"/v1/lookupTables/ID", 204, None),
    ("PUT", r"/v1/lookupTables/ID/row", 204, None),
    ("PUT", r"/v1/lookupTables/ID/deleteTableRow", 204, None),
    ("POST", r"/v1/lookupTables/ID/truncate", 200, L + "LookupRequestToken"),
    ("POST", r"/v1/lookupTables/ID/upload", 200, L + "LookupRequestToken"),
]
COMPILED = [(method, re.compile("^" + pattern.replace("ID", ID) + "$"), status, ref, pattern)
            for method, pattern, status, ref in ROUTES]
TERMINAL = ("Success", "Failed", "PartialSuccess")


def route_of(method, path):
    for route_method, regex, status, ref, pattern in COMPILED:
        if route_method == method and regex.match(path):
            return status, ref, pattern
    return None


class LibraryApi:
    """Requests to the emulator whose answers are checked as they come; ``admin`` sends isAdminMode: true."""

    def __init__(self, emulator, admin=False, seen=None):
        self.emulator = emulator
        self.http = requests.Session()
        self.http.auth = (emulator.access_id, emulator.access_key)
        self.is_admin = admin
        self.seen = seen if seen is not None else set()   # (pattern, status) pairs answered

    @property
    def admin(self):
        clone = LibraryApi(self.emulator, True, self.seen)
        clone.http = self.http
        return clone

    def request(self, method, path, body=None, params=None, headers=None, files=None):
        headers = dict(headers or {})
        if self.is_admin:
            headers.setdefault("isAdminMode", "true")
        kwargs = {"params": params, "timeout": 10, "headers": headers}
        if body is not None:
            kwargs["json"] = body
        if files is not None:
            kwargs["files"] = files
        resp = self.http.request(method, self.emulator.url + path, **kwargs)
        check_answer(method, path, resp)
        route = route_of(method, path)
        if route is not None:
            self.seen.add((route[2], resp.status_code))
        return resp

    def get(self, path, params=None, **kwargs):
        return self.request("GET", path, params=params, **kwargs)

    def post(self, path, body=None, params=None, **kwargs):
        return self.request("POST", path, body, params, **kwargs)

    def put(self, path, body=None, params=None, **kwargs):
        return self.request("PUT", path, body, params, **kwargs)

    def delete(self, path, params=None, **kwargs):
        return self.request("DELETE", path, params=params, **kwargs)

    def control(self, method, path, body=None):
        resp = requests.request(method, self.emulator.control + path, json=body, timeout=10)
        resp.raise_for_status()
        return resp.json()

    # -- what the tests do often --------------------------------------------------------------------

    def ok(self, resp, status=200):
        assert resp.status_code == status, "%s %s: %s" % (resp.request.method, resp.request.url, resp.text)
        return resp.json() if resp.content else None

    def item(self, path):
        return self.ok(self.get("/v2/content/path", params={"path": path}))

    def personal(self):
        return self.ok(self.get("/v2/content/folders/personal"))

    def poll(self, status_path, limit=20):
        """Poll a job's status until it ends: the statuses seen, the last answer."""
        seen = []
        for dummy in range(limit):
            answer = self.ok(self.get(status_path))
            seen.append(answer["status"])
            if answer["status"] in TERMINAL:
                return seen, answer
        raise AssertionError("job %s never ended: %s" % (status_path, seen))

    def export(self, content_id):
        """The export definition of an item (the job run to its end)."""
        job = self.ok(self.post("/v2/content/%s/export" % content_id))["id"]
        dummy, status = self.poll("/v2/content/%s/export/%s/status" % (content_id, job))
        assert status["status"] == "Success", status
        return self.ok(self.get("/v2/content/%s/export/%s/result" % (content_id, job)))

    def import_(self, folder_id, definition, overwrite=False):
        """The final status of an import job."""
        job = self.ok(self.post("/v2/content/folders/%s/import" % folder_id, definition,
                                params={"overwrite": str(overwrite).lower()}))["id"]
        return self.poll("/v2/content/folders/%s/import/%s/status" % (folder_id, job))[1]

    def delete_item(self, content_id):
        job = self.ok(self.delete("/v2/content/%s/delete" % content_id))["id"]
        return self.poll("/v2/content/%s/delete/%s/status" % (content_id, job))[1]


def check_answer(method, path, resp):
    """Any error answer is an ErrorResponse; a success answer is its route's."""
    if resp.status_code >= 400:
        assert_matches(resp.json(), ERROR)
        return
    route = route_of(method, path)
    assert route is not None, "no schema for %s %s (answered %d)" % (method, path, resp.status_code)
    status, ref, pattern = route
    assert resp.status_code == status, "%s %s answered %d, expected %d: %s" % (method, path, resp.status_code,
                                                                               status, resp.text)
    if ref is None:
        assert resp.content == b"", "%s %s should answer no body: %r" % (method, path, resp.content)
    else:
        assert_matches(resp.json(), ref)


def refused(resp, status, code):
    """The first error of an error answer with this status and code (the shape is checked by the request)."""
    assert resp.status_code == status, resp.text
    error = resp.json()["errors"][0]
    assert error["code"] == code, resp.json()
    return error
