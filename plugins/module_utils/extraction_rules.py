# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Field extraction rules: lookups and the ``ExtractionRule`` declaration.

A rule parses fields out of the log messages of its scope at ingest. Its PUT replaces the
whole rule (a property left out takes its default), so every update sends ``name``,
``scope``, ``parseExpression`` and ``enabled`` from the current rule with the changes
merged.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.community.sumologic.plugins.module_utils.api import quote_segment
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Current,
    Field,
    Resource,
    ResourceFailure,
)

RULES_PATH = "/v1/extractionRules"
# Every property of a rule a PUT replaces.
UPDATE_FIELDS = ("name", "scope", "parseExpression", "enabled")
# The OpenAPI description's lengths: option -> (least, most).
LENGTHS = (("name", 1, 256), ("scope", 0, 2048), ("parse_expression", 1, 16384))


def list_rules(client):
    """Every field extraction rule, 1,000 a page."""
    return client.paginate_token(RULES_PATH, limit=1000)


def rule_path(rule_id):
    return "%s/%s" % (RULES_PATH, quote_segment(rule_id))


def find_rule(rules, name):
    """The rule called ``name`` among ``rules``: the exact name first, else the same without regard to case."""
    rules = list(rules)
    for rule in rules:
        if rule.get("name") == name:
            return rule
    wanted = name.lower()
    for rule in rules:
        if (rule.get("name") or "").lower() == wanted:
            return rule
    return None


class ExtractionRule(Resource):
    kind = "field extraction rule"
    path = RULES_PATH
    result_key = "rule"
    fields = {
        "scope": Field("scope"),
        "parse_expression": Field("parseExpression"),
        "enabled": Field("enabled", type="bool"),
    }
    options = dict(
        name=dict(type="str", required=True),
    )

    def validate(self, params):
        for option, least, most in LENGTHS:
            value = params.get(option)
            if value is None:
                continue
            if not least <= len(value) <= most:
                raise ResourceFailure("%s: %d to %d characters are required, got %d" % (option, least, most, len(value)))
            if least and not value.strip():
                raise ResourceFailure("%s: must not be blank" % option)

    def find(self, run, params):
        found = find_rule(list_rules(run.client), params["name"])
        return Current(found, None, rule_path(found["id"])) if found is not None else None

    def can_create(self, run, params):
        missing = [option for option in ("scope", "parse_expression") if params[option] is None]
        if missing:
            raise ResourceFailure("%s: required to create field extraction rule %r (scope may be an empty string: "
                                  "every message)" % (" and ".join(missing), params["name"]))

    def create_body(self, params, desired):
        return dict(desired, name=params["name"])

    def changes(self, run, params, obj, wanted):
        diff = super(ExtractionRule, self).changes(run, params, obj, wanted)
        if obj.get("name") != params["name"]:
            # Found without regard to case: the name is made as given.
            diff["name"] = params["name"]
        return diff

    def update_body(self, merged):
        body = dict((key, merged.get(key)) for key in UPDATE_FIELDS)
        body["scope"] = body["scope"] or ""
        if body["enabled"] is None:
            body["enabled"] = True
        return body

    # -- the plural module ---------------------------------------------------------------------------

    def list_objects(self, run, scope, items):
        return [Current(rule, None, rule_path(rule["id"])) for rule in list_rules(run.client)]

    def keys(self, run, params):
        return [("exact", params["name"]), ("folded", params["name"].lower())]

    def keys_of(self, current):
        name = current.obj.get("name") or ""
        return [("exact", name), ("folded", name.lower())]

    def config_extras(self, run, current):
        return {"name": current.obj.get("name")}
