# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Field Extraction Rule API: ``/api/v1/extractionRules`` (OpenAPI ``extractionRuleManagement``).

A rule's ``fieldNames`` are read from its parse expression; the fields it extracts are
defined (enabled) in Field Management when they are not yet, and count against the same
quota. What the OpenAPI description leaves open is written down in docs/emulator.md
(section "Field extraction rules").
"""

from __future__ import annotations

import copy
import re

from flask import Blueprint, current_app

from . import fields
from .core import (
    ApiError,
    SeedOption,
    bad_field,
    check_bool,
    check_string,
    empty_response,
    format_id,
    iso_now,
    json_body,
    json_response,
    metadata,
    parse_id,
    refuse_unknown_keys,
    token_page,
    touch,
)

bp = Blueprint("extraction_rules", __name__)

PATH = "/api/v1/extractionRules"
KEYS = ("name", "scope", "parseExpression", "enabled")
# The names a parse expression extracts: "... as a, b" lists and named regex groups "(?<a>...)".
AS_LIST = re.compile(r"\bas\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)", re.IGNORECASE)
NAMED_GROUP = re.compile(r"\(\?P?<([A-Za-z_]\w*)>")
SEED_OPTIONS = (
    SeedOption("extraction_rules", "with the demo seed, add N generated field extraction rules (bulk-rule-0001...)"),
)


def _state():
    return current_app.config["STATE"]


def init_state(state, options):
    state.extraction_rules = {}  # id -> rule, in creation order


def field_names(expression):
    """The fields ``expression`` extracts, in order, each once."""
    found = []
    for match in AS_LIST.finditer(expression):
        found.extend(name.strip() for name in match.group(1).split(","))
    found.extend(NAMED_GROUP.findall(expression))
    return list(dict.fromkeys(found))


def _rule(state, raw_id):
    rule = state.extraction_rules.get(parse_id(raw_id, "extraction rule"))
    if rule is None:
        raise ApiError(404, "extractionRule:not_found", "Field extraction rule with id %s does not exist" % raw_id)
    return rule


def _validate(state, data, own_id=None):
    """The description's rules for a rule's body; returns the field names it extracts."""
    check_string(data, "name", 1, 256)
    check_string(data, "scope", 0, 2048)
    check_string(data, "parseExpression", 1, 16384)
    check_bool(data, "enabled")
    if not data["name"].strip():
        raise bad_field("name", "name must not be blank")
    wanted = data["name"].lower()
    for other in state.extraction_rules.values():
        if other["name"].lower() == wanted and other["id"] != own_id:
            raise ApiError(400, "extractionRule:duplicate_name", "A field extraction rule named %r already exists"
                           % data["name"], detail="Rule names are unique in an organisation (without regard to case)")
    names = field_names(data["parseExpression"])
    if not names:
        raise ApiError(400, "extractionRule:no_fields", "The parse expression extracts no field",
                       detail='Name the fields it extracts with "as name" or named groups (?<name>...)')
    for name in names:
        fields.refuse_builtin(state, name)
    return names


def new_rule(state, data, names, now=None):
    rule = {"id": format_id(state.next_id("extraction_rule", 0xE0100)), "name": data["name"], "scope": data["scope"],
            "parseExpression": data["parseExpression"], "enabled": data.get("enabled", True), "fieldNames": names}
    rule.update(metadata(state, now))
    state.extraction_rules[rule["id"]] = rule
    return rule


@bp.route(PATH, methods=["GET"])
def list_rules():
    page, token = token_page(list(_state().extraction_rules.values()), "extractionRules")
    return json_response({"data": copy.deepcopy(page), "next": token})


@bp.route(PATH, methods=["POST"])
def create_rule():
    state = _state()
    data = json_body()
    refuse_unknown_keys(data, KEYS, "extraction rule")
    names = _validate(state, data)
    fields.ensure_fields(state, names)
    return json_response(copy.deepcopy(new_rule(state, data, names)))


@bp.route(PATH + "/<raw_id>", methods=["GET"])
def get_rule(raw_id):
    return json_response(copy.deepcopy(_rule(_state(), raw_id)))


@bp.route(PATH + "/<raw_id>", methods=["PUT"])
def update_rule(raw_id):
    state = _state()
    rule = _rule(state, raw_id)
    data = json_body()
    refuse_unknown_keys(data, KEYS + ("id",), "extraction rule")
    if "id" in data and str(data["id"]).upper() != rule["id"]:
        raise bad_field("id", "The body's id does not match the path")
    # The whole rule is replaced, so every property is required (enabled too).
    missing = [key for key in KEYS if key not in data]
    if missing:
        raise bad_field(missing[0], "Required field(s) missing: %s" % ", ".join(missing))
    names = _validate(state, data, own_id=rule["id"])
    fields.ensure_fields(state, names)
    before = copy.deepcopy(rule)
    rule.update((key, data[key]) for key in KEYS)
    rule["fieldNames"] = names
    if rule != before:
        touch(state, rule)
    return json_response(copy.deepcopy(rule))


@bp.route(PATH + "/<raw_id>", methods=["DELETE"])
def delete_rule(raw_id):
    state = _state()
    del state.extraction_rules[_rule(state, raw_id)["id"]]
    return empty_response(204)


def seed_demo(state, options):
    """``web-status`` (extracts ``status_code`` from the web tier's logs) and the bulk rules."""
    now = iso_now()
    demo = {"name": "web-status", "scope": "_sourceCategory=prod/web",
            "parseExpression": 'parse "HTTP/1.1\\" * " as status_code', "enabled": True}
    count = SEED_OPTIONS[0].value(options)
    # Every bulk rule extracts the same field, so N rules cost one field of the quota.
    wanted = field_names(demo["parseExpression"]) + (["bulk_value"] if count else [])
    try:
        fields.ensure_fields(state, wanted)
    except ApiError as exc:
        raise ValueError("the demo's extraction rules need fields: %s (field_quota)" % exc.message)
    new_rule(state, demo, field_names(demo["parseExpression"]), now)
    for index in range(count):
        new_rule(state, {"name": "bulk-rule-%04d" % (index + 1), "scope": "_sourceCategory=bulk/%04d" % (index + 1),
                         "parseExpression": 'parse "value=*" as bulk_value'}, ["bulk_value"], now)


_OBJECT_PATH = re.compile(r"^/api/v1/extractionRules/([0-9A-Fa-f]{16})/?$")


def object_at(state, path):
    """The stored rule a path names (for the concurrent-edit fault), or None."""
    match = _OBJECT_PATH.match(path)
    return state.extraction_rules.get(match.group(1).upper()) if match else None
