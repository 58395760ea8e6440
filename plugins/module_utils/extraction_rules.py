# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Field extraction rules: the ``ExtractionRule`` declaration.

A rule parses fields out of the log messages of its scope at ingest. Its PUT replaces the
whole rule (a property left out takes its default), so every update sends ``name``,
``scope``, ``parseExpression`` and ``enabled`` from the current rule with the changes
merged. Names are unique without regard to case; a rule found under another case is
renamed to the name given.
"""

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError
from ansible_collections.community.sumologic.plugins.module_utils.resource import Field, Identity, Resource

RULES_PATH = "/v1/extractionRules"
# The OpenAPI description's lengths: option -> (least, most).
LENGTHS = (("name", 1, 256), ("scope", 0, 2048), ("parse_expression", 1, 16384))


class ExtractionRule(Resource):
    kind = "field extraction rule"
    path = RULES_PATH
    result_key = "rule"
    identity = Identity("name", case="fold", required=True)
    writable = ("name", "scope", "parseExpression", "enabled")
    write_defaults = {"scope": "", "enabled": True}
    fields = {
        "name": Field("name"),
        "scope": Field("scope"),
        "parse_expression": Field("parseExpression"),
        "enabled": Field("enabled", type="bool"),
    }

    def validate(self, params):
        for option, least, most in LENGTHS:
            value = params.get(option)
            if value is None:
                continue
            if not least <= len(value) <= most:
                raise InputError("%d to %d characters are required, got %d" % (least, most, len(value)), option=option)
            if least and not value.strip():
                raise InputError("must not be blank", option=option)

    def can_create(self, run, params, parent):
        missing = [option for option in ("scope", "parse_expression") if params[option] is None]
        if missing:
            raise InputError("required to create field extraction rule %r (scope may be an empty string: every "
                             "message)" % params["name"], option=" and ".join(missing))
