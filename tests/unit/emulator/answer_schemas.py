# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The JSON schemas in ``schemas/``: the answers Sumo Logic's OpenAPI descriptions describe.

They are written from the descriptions and kept here, so the tests need nothing outside the
repository. A reference names a file and a definition: ``"users.json#/$defs/UserModel"``.
"""

from __future__ import annotations

import datetime
import json
import pathlib
import re

import jsonschema
from referencing import Registry, Resource

SCHEMAS = pathlib.Path(__file__).parent / "schemas"
# RFC 3339 date-time: date, "T", time with optional fraction, and "Z" or an offset.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def _registry():
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


REGISTRY = _registry()
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value):
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        raise ValueError("not an RFC 3339 date-time")
    datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    return True


def departures(body, ref):
    """Every way ``body`` departs from the schema ``ref``, as "path: message" lines."""
    validator = jsonschema.Draft202012Validator({"$ref": ref}, registry=REGISTRY, format_checker=FORMATS)
    return sorted("%s: %s" % ("/".join(str(p) for p in error.absolute_path) or "(body)", error.message)
                  for error in validator.iter_errors(body))


def assert_matches(body, ref):
    found = departures(body, ref)
    assert not found, "answer departs from %s:\n%s" % (ref, "\n".join(found[:20]))


def refused(resp, status, code):
    """Assert an error answer in the OpenAPI shape with this status and code; returns its first error."""
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert_matches(body, "common.json#/$defs/ErrorResponse")
    assert body["errors"][0]["code"] == code, body
    return body["errors"][0]
