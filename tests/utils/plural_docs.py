# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Write the DOCUMENTATION and RETURN of the plural modules from their singular modules'.

A plural module's ``config`` items take the options of the singular module, validated by
the same argument spec; their documentation is the singular module's, so it is generated
rather than written twice (as network collections generate their resource modules').
Their RETURN is the same for all but its samples. ``python -m tests.utils.plural_docs``
rewrites both in place;
``--check`` fails when one is out of date (a unit test runs it).
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import re
import sys

import yaml

MODULES = os.path.join(os.path.dirname(__file__), "..", "..", "plugins", "modules")

STATE_DOC = {
    "description": [
        "V(merged) creates the listed objects that are missing and updates the others with the options "
        "given, as a loop of the singular module would; nothing else is touched.",
        "V(replaced) makes the listed objects exactly as given: every list and map option (and its purge "
        "option) is the whole value, and one that is not given is emptied. Other options not given keep "
        "their values.",
        "V(overridden) is V(replaced), and deletes the objects in O(scope) that are not listed.",
        "V(deleted) deletes the listed objects; with an empty O(config), every object in O(scope) (and "
        "O(scope) is then required).",
        "V(gathered) returns the objects in O(scope) in RV(gathered), in the form of O(config): given back "
        "as O(config) with V(merged), they change nothing.",
    ],
    "type": "str",
    "choices": ["merged", "replaced", "overridden", "deleted", "gathered"],
    "default": "merged",
}

ASSUME_PRESENT_DOC = {
    "description": [
        "In check mode only: the objects an earlier check-mode task of the same audit would create, which "
        "this task's objects name, by family (V(roles), V(users), V(collectors), V(connections)...) and name, "
        "for example C({roles: [Billing]}). They count as there: a user given the role C(Billing) is planned "
        "instead of failing on an unknown role, and a source of a collector to be created is planned as a "
        "create. The C(community.sumologic.org_apply) role gives it.",
        "Ignored outside check mode, where such objects exist by the time the task runs.",
    ],
    "type": "dict",
}

COMMON_DESCRIPTION = [
    "Reads the current objects with one listing, not one lookup per object, compares each listed "
    "object as the singular module would, and writes only the objects that differ: one write each (and "
    "one read before it where the API needs the object's ETag), a few at a time.",
    "Every item is validated, and its names resolved, before anything is written: bad input fails the "
    "task with a message naming the item (V(config[3].name: ...)) and changes nothing.",
    "An object whose write fails does not stop the others; the task fails at the end, naming each "
    "object that failed in RV(failures).",
]

UNKNOWN_FIELDS_RETURN = {
    "unknown_fields": {
        "description": ["The fields the listed objects set (O(config[].fields)) that Field Management does not "
                        "define, so Sumo Logic drops their values; the module also warns once for each. Names "
                        "starting with C(_) are Sumo Logic's own metadata and are never listed."],
        "returned": "unless O(state=gathered)", "type": "list", "elements": "dict",
        "sample": [{"field": "tema", "used_by": []}],
        "contains": {
            "field": {"description": "Name of the field.", "type": "str", "returned": "always"},
            "used_by": {"description": "The objects that set it (C(collector 'k8s-prod'), C(source 'k8s-prod/app-logs')).",
                        "type": "list", "elements": "str", "returned": "always"},
        },
    },
}

PLURALS = {
    "sumo_collectors": {
        "singular": "sumo_collector",
        "short_description": "Manage many Sumo Logic collectors in one task",
        "intro": ["Creates, updates and deletes collectors in sets, following Ansible's resource-module "
                  "convention (O(config) and O(state))."],
        "scope": {
            "name": "Regular expression searched in the collector's name.",
            "collector_type": [
                "The kind of collectors in scope; V(all) for both.",
                "Defaults to V(hosted) with O(state=overridden) and O(state=deleted), so that installed "
                "collectors are deleted only when asked; to V(all) otherwise.",
            ],
        },
        "scope_types": {"collector_type": {"type": "str", "choices": ["hosted", "installed", "all"]}},
        "plural_options": {},
        "sample": {"name": "k8s-prod", "collector_type": "hosted", "category": "prod/k8s", "time_zone": "UTC",
                   "fields": {"team": "platform"}, "ephemeral": False, "cutoff_timestamp": 0,
                   "source_sync_mode": "UI"},
        "sample_name": "k8s-prod",
        "sample_change": {"category": {"before": "k8s", "after": "prod/k8s"}},
        "sample_undeclared": "old-collector",
        "extra_return": UNKNOWN_FIELDS_RETURN,
        "extra_sample": "collector 'k8s-prod'",
    },
    "sumo_sources": {
        "singular": "sumo_source",
        "short_description": "Manage many sources of Sumo Logic collectors in one task",
        "intro": ["Creates, updates and deletes the sources of one or more collectors in sets, following "
                  "Ansible's resource-module convention (O(config) and O(state)).",
                  "The sources of each collector named (by an item, by O(collector), or matched by "
                  "O(scope.collector)) are read with one listing per collector."],
        "scope": {
            "name": "Regular expression searched in the source's name.",
            "collector": [
                "Regular expression searched in collector names: the sources of every collector it "
                "matches are in scope (one listing of the collectors, then one of each one's sources).",
                "Without it, the scope is the sources of the collectors the task names.",
            ],
        },
        "scope_types": {},
        "plural_options": {
            "collector": {"description": ["Name of the collector of every item that names none."], "type": "str"},
            "collector_id": {"description": ["Id of the collector of every item that names none, instead of "
                                             "O(collector)."], "type": "int"},
        },
        "sample": {"collector": "k8s-prod", "name": "app-logs", "source_type": "HTTP", "category": "prod/app",
                   "config": {"messagePerRequest": False}},
        "sample_name": "k8s-prod/app-logs",
        "sample_change": {"category": {"before": "app", "after": "prod/app"}},
        "sample_undeclared": "k8s-prod/old-source",
        "extra_return": UNKNOWN_FIELDS_RETURN,
        "extra_sample": "source 'k8s-prod/app-logs'",
    },
    "sumo_users": {
        "singular": "sumo_user",
        "short_description": "Manage many Sumo Logic users in one task",
        "intro": ["Creates, updates and deletes users in sets, following Ansible's resource-module "
                  "convention (O(config) and O(state)).",
                  "Users deleted because they are not listed (O(state=overridden), or O(state=deleted) with "
                  "an empty O(config)) give their content to the owner of the access key."],
        "scope": {"email": "Regular expression searched in the user's email address."},
        "scope_types": {},
        "plural_options": {},
        "sample": {"email": "jane.doe@example.com", "first_name": "Jane", "last_name": "Doe",
                   "is_active": True, "roles": ["Analyst"]},
        "sample_name": "jane.doe@example.com",
        "sample_change": {"roles": {"before": ["Analyst"], "after": ["Analyst", "Data Admin"]}},
        "sample_undeclared": "former.employee@example.com",
    },
    "sumo_roles": {
        "singular": "sumo_role",
        "short_description": "Manage many Sumo Logic roles in one task",
        "intro": ["Creates, updates and deletes roles in sets, following Ansible's resource-module "
                  "convention (O(config) and O(state)).",
                  "Roles that Sumo Logic defines itself (C(systemDefined)) are never deleted for not being "
                  "listed."],
        "scope": {"name": "Regular expression searched in the role's name."},
        "scope_types": {},
        "plural_options": {},
        "sample": {"name": "Billing Analyst", "description": "Search billing logs only",
                   "filter_predicate": "_sourceCategory=billing*", "capabilities": ["viewCollectors"],
                   "users": ["jane.doe@example.com"]},
        "sample_name": "Billing Analyst",
        "sample_change": {"users": {"before": [], "after": ["jane.doe@example.com"]}},
        "sample_undeclared": "Old Team",
    },
    "sumo_fields": {
        "singular": "sumo_field",
        "short_description": "Manage many Sumo Logic custom fields in one task",
        "intro": ["Creates, enables, disables and deletes custom fields in sets, following Ansible's "
                  "resource-module convention (O(config) and O(state)).",
                  "A task that creates fields reads the field quota once, and fails before any write when the "
                  "fields it creates do not fit in it. Built-in fields cannot be listed in O(config)."],
        "scope": {"name": "Regular expression searched in the field's name."},
        "scope_types": {},
        "plural_options": {},
        "sample": {"name": "team", "enabled": True},
        "sample_name": "team",
        "sample_change": {"enabled": {"before": True, "after": False}},
        "sample_undeclared": "legacy_owner",
    },
    "sumo_field_extraction_rules": {
        "singular": "sumo_field_extraction_rule",
        "short_description": "Manage many Sumo Logic field extraction rules in one task",
        "intro": ["Creates, updates and deletes field extraction rules in sets, following Ansible's "
                  "resource-module convention (O(config) and O(state))."],
        "scope": {"name": "Regular expression searched in the rule's name."},
        "scope_types": {},
        "plural_options": {},
        "sample": {"name": "web-status", "scope": "_sourceCategory=prod/web",
                   "parse_expression": "parse \"status=*\" as status_code", "enabled": True},
        "sample_name": "web-status",
        "sample_change": {"enabled": {"before": True, "after": False}},
        "sample_undeclared": "old-rule",
    },
    "sumo_partitions": {
        "singular": "sumo_partition",
        "short_description": "Manage many Sumo Logic partitions in one task",
        "intro": ["Creates, updates and decommissions partitions in sets, following Ansible's resource-module "
                  "convention (O(config) and O(state)).",
                  "Partitions are never deleted: O(state=deleted), and O(state=overridden) for the partitions in "
                  "O(scope) that are not listed, B(decommission) them, which cannot be undone "
                  "(RV(changes[].action) says V(delete)). Decommissioned partitions count as absent: they are "
                  "neither gathered nor listed in RV(undeclared), and their names cannot be used again. Sumo "
                  "Logic's own partitions (C(sumologic_default), the audit indexes) are never in scope."],
        "scope": {"name": "Regular expression searched in the partition's name."},
        "scope_types": {},
        "plural_options": {},
        "sample": {"name": "prod_web", "routing_expression": "_sourceCategory=prod/web*",
                   "analytics_tier": "continuous", "retention_period": 90, "is_compliant": False},
        "sample_name": "prod_web",
        "sample_change": {"retention_period": {"before": 30, "after": 90}},
        "sample_undeclared": "old_partition",
    },
    "sumo_scheduled_views": {
        "singular": "sumo_scheduled_view",
        "version_added": "0.2.0",
        "short_description": "Manage many Sumo Logic scheduled views in one task",
        "intro": ["Creates, updates, pauses, starts and disables scheduled views in sets, following Ansible's "
                  "resource-module convention (O(config) and O(state)).",
                  "The API cannot delete a scheduled view: O(state=deleted), and O(state=overridden) for the views in "
                  "O(scope) that are not listed, B(disable) them, which cannot be undone (RV(changes[].action) says "
                  "V(delete)). Disabled views are no longer listed, so they are neither gathered nor listed in "
                  "RV(undeclared), and their index names may be given to new views.",
                  "Start times are compared as moments: the API answers them in UTC, and RV(gathered) shows them so."],
        "scope": {"index_name": "Regular expression searched in the view's index name."},
        "scope_types": {},
        "plural_options": {},
        "sample": {"index_name": "web_errors_hourly", "query": "_sourceCategory=prod/web* error | timeslice 1h | count",
                   "start_time": "2026-01-01T00:00:00Z", "parsing_mode": "Manual", "retention_period": 90,
                   "paused": False},
        "sample_name": "web_errors_hourly",
        "sample_change": {"retention_period": {"before": 30, "after": 90}},
        "sample_undeclared": "old_view",
    },
    "sumo_ingest_budgets": {
        "singular": "sumo_ingest_budget",
        "version_added": "0.2.0",
        "short_description": "Manage many Sumo Logic ingest budgets in one task",
        "intro": ["Creates, updates and deletes ingest budgets (V2 API) in sets, following Ansible's resource-module "
                  "convention (O(config) and O(state)).",
                  "Capacities may be given with units (V(10GB), 1024-based as Sumo Logic counts); results and "
                  "RV(gathered) show them in bytes."],
        "scope": {"name": "Regular expression searched in the budget's name."},
        "scope_types": {},
        "plural_options": {},
        "sample": {"name": "prod-web", "scope": "_sourceCategory=prod/web*", "capacity": 10737418240,
                   "budget_type": "dailyVolume", "reset_time": "02:00", "time_zone": "America/Los_Angeles",
                   "audit_threshold": 85, "action": "stopCollecting"},
        "sample_name": "prod-web",
        "sample_change": {"capacity": {"before": 5368709120, "after": 10737418240}},
        "sample_undeclared": "old-budget",
    },
    "sumo_dashboards": {
        "singular": "sumo_dashboard",
        "version_added": "0.2.0",
        "short_description": "Manage many Sumo Logic dashboards in one task",
        "intro": ["Creates, updates and deletes dashboards in sets, following Ansible's resource-module "
                  "convention (O(config) and O(state)).",
                  "Every dashboard the access key may view is read with one listing (a request per 100 "
                  "dashboards); the folders are found by path, one lookup each.",
                  "O(state=gathered) returns no ids (not the dashboards', not their panels'), nor what the API "
                  "fills in, and C(~/...) folders in the key owner's personal folder: what it returns applies "
                  "with another organisation's key too."],
        "scope": {
            "title": "Regular expression searched in the dashboard's title.",
            "folder": [
                "Regular expression searched in folder paths (C(~/...) in the key owner's personal folder): "
                "the dashboards of every folder it matches are in scope.",
                "Without it, the scope is the dashboards of the folders the task names (O(folder), "
                "O(config[].folder)); V(.) is every dashboard.",
            ],
        },
        "scope_types": {},
        "plural_options": {
            "folder": {"description": ["Library path of the folder of every item that names none."], "type": "str"},
        },
        "sample": {"folder": "~/Team", "title": "API errors", "time_range": {
            "type": "BeginBoundedTimeRange", "from": {"type": "RelativeTimeRangeBoundary", "relativeTime": "-1h"}},
            "refresh_interval": 300, "theme": "dark"},
        "sample_name": "~/Team/API errors",
        "sample_change": {"refresh_interval": {"before": 0, "after": 300}},
        "sample_undeclared": "~/Team/Old dashboard",
    },
    "sumo_connections": {
        "singular": "sumo_connection",
        "version_added": "0.2.0",
        "short_description": "Manage many Sumo Logic webhook connections in one task",
        "intro": ["Creates, updates and deletes webhook connections in sets, following Ansible's resource-module "
                  "convention (O(config) and O(state)).",
                  "Authorization values are never returned: RV(gathered) has no C(authorization), and a connection "
                  "given without one keeps its header as it is. Webhook URLs are shown masked to their host in every "
                  "result (they often hold a token); given back masked, they change nothing. ServiceNow connections "
                  "are never in scope."],
        "scope": {"name": "Regular expression searched in the connection's name."},
        "scope_types": {},
        "plural_options": {},
        "sample": {"name": "Slack ops-alerts", "description": "The #ops-alerts channel", "webhook_type": "Slack",
                   "url": "https://hooks.slack.com/********", "custom_headers": {},
                   "default_payload": "{\"text\": \"{{TriggerType}}: {{Name}}\"}"},
        "sample_name": "Slack ops-alerts",
        "sample_change": {"description": {"before": "", "after": "The #ops-alerts channel"}},
        "sample_undeclared": "Old webhook",
    },
    "sumo_monitors": {
        "singular": "sumo_monitor",
        "version_added": "0.2.0",
        "short_description": "Manage many Sumo Logic monitors in one task",
        "intro": ["Creates, updates and deletes monitors of the Monitor Library in sets, following Ansible's "
                  "resource-module convention (O(config) and O(state)).",
                  "O(scope.folder) is a folder path and takes in its whole subtree: O(state=overridden) deletes only "
                  "the monitors in it that are not listed, and O(state=gathered) returns them, each with its "
                  "C(folder). Without a scope, O(state=gathered) returns the whole library, and the other states "
                  "consider the monitors of the folders the items name (not of their subfolders).",
                  "A task over more than three folders, or a subtree, reads the library with a few requests, not "
                  "one per folder or monitor: the folders (one search per 1,000) and the monitors with their paths "
                  "(one search per 1,000). The connections named in notifications are listed once."],
        "scope": {
            "folder": ["Path of a folder (V(/Monitors/Platform)): the monitors in it and in its subfolders are in "
                       "scope. Compared name by name, exactly (V(/Monitors/Platform) does not take in "
                       "V(/Monitors/Platform-old)); not a regular expression."],
            "name": "Regular expression searched in the monitor's name.",
        },
        "scope_types": {},
        "plural_options": {
            "folder": {"description": ["Path of the folder of every item that names none (else V(/Monitors))."],
                       "type": "str"},
        },
        "sample": {"folder": "/Monitors/Platform", "name": "High error rate", "monitor_type": "Logs",
                   "description": "More than 100 server errors in 15 minutes",
                   "queries": [{"row_id": "A", "query": "_sourceCategory=prod/web status_code=5*"}],
                   "triggers": [{"detection_method": "LogsStaticCondition", "trigger_type": "Critical",
                                 "time_range": "-15m", "threshold": 100.0, "threshold_type": "GreaterThan"}],
                   "notifications": [{"connection_type": "Slack", "connection": "Slack ops-alerts",
                                      "run_for_trigger_types": ["Critical"]}],
                   "disabled": False, "evaluation_delay": "0m", "group_notifications": True, "playbook": ""},
        "sample_name": "/Monitors/Platform/High error rate",
        "sample_change": {"disabled": {"before": True, "after": False}},
        "sample_undeclared": "/Monitors/Platform/Old rule",
    },
}


def return_documentation(name):
    sample = PLURALS[name]["sample"]
    change = dict(name=PLURALS[name]["sample_name"], action="update", fields=PLURALS[name]["sample_change"])
    doc = {
        "before": {
            "description": ["The objects the task is about (those listed, and those deleted for not being "
                            "listed) as they were, in the form of O(config)."],
            "returned": "unless O(state=gathered)", "type": "list", "elements": "dict", "sample": [sample],
        },
        "after": {
            "description": ["The same objects after the task (as they would be, in check mode), in the form of "
                            "O(config); deleted objects are left out."],
            "returned": "unless O(state=gathered)", "type": "list", "elements": "dict", "sample": [sample],
        },
        "changes": {
            "description": ["One entry per object that changed (or would, in check mode)."],
            "returned": "unless O(state=gathered)", "type": "list", "elements": "dict", "sample": [change],
            "contains": {
                "name": {"description": "The object: its name (a source's as C(collector/name), a user's email).",
                         "type": "str", "returned": "always"},
                "action": {"description": "V(create), V(update), V(delete), or V(none) when only RV(changes[].actions) ran.",
                           "type": "str", "returned": "always"},
                "fields": {"description": ["Option -> C(before) and C(after) for each option that differs, in the "
                                           "form of O(config) (every option of a create; none of a delete)."],
                           "type": "dict", "returned": "always"},
                "actions": {"description": "Actions beyond the object's options (a user's password reset...).",
                            "type": "list", "elements": "str", "returned": "when any ran"},
            },
        },
        "gathered": {
            "description": ["The objects in O(scope), in the form of O(config)."],
            "returned": "when O(state=gathered)", "type": "list", "elements": "dict", "sample": [sample],
        },
        "undeclared": {
            "description": ["The objects in O(scope) that no item of O(config) describes (with O(state=overridden), "
                            "those deleted)."],
            "returned": "when O(scope) is given, unless O(state=gathered)", "type": "list", "elements": "str",
            "sample": [PLURALS[name]["sample_undeclared"]],
        },
        "failures": {
            "description": ["The objects that failed, with the error; the task fails when there is any."],
            "returned": "when an object failed", "type": "list", "elements": "dict",
            "contains": {
                "name": {"description": "The object, as in RV(changes[].name).", "type": "str", "returned": "always"},
                "action": {"description": "What was attempted.", "type": "str", "returned": "always"},
                "msg": {"description": "The error.", "type": "str", "returned": "always"},
            },
        },
    }
    extra = copy.deepcopy(PLURALS[name].get("extra_return", {}))
    for entry in extra.values():
        for item in entry.get("sample", []):
            item["used_by"] = [PLURALS[name]["extra_sample"]]
    doc.update(extra)
    return yaml.safe_dump(doc, sort_keys=False, width=110, default_flow_style=False, allow_unicode=True)


OPTION_REF = re.compile(r"O\(([a-z_]+)((?:\[\]\.[a-z_]+)*)(=[^)]*)?\)")


def documentation_of(path):
    """The DOCUMENTATION string of a module file, parsed as Ansible reads it (the literal, not executed)."""
    with open(path) as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DOCUMENTATION":
            return node.value.value
    raise ValueError("no DOCUMENTATION in %s" % path)


def as_list(text):
    return text if isinstance(text, list) else [text]


def rewrite_refs(value, options):
    """``O(name)`` of a singular option -> ``O(config[].name)`` (``O(name[].key)`` likewise);
    ``O(state=absent)`` -> ``O(state=deleted)``."""
    if isinstance(value, dict):
        return dict((key, rewrite_refs(item, options)) for key, item in value.items())
    if isinstance(value, list):
        return [rewrite_refs(item, options) for item in value]
    if not isinstance(value, str):
        return value

    def ref(match):
        name, nested, value_part = match.group(1), match.group(2) or "", match.group(3) or ""
        if name == "state" and not nested:
            return "O(state=%s)" % {"=absent": "deleted", "=present": "merged"}.get(value_part, "merged")
        if name in options:
            return "O(config[].%s%s%s)" % (name, nested, value_part)
        return match.group(0)
    return OPTION_REF.sub(ref, value)


def plural_documentation(name):
    spec = PLURALS[name]
    singular = yaml.safe_load(documentation_of(os.path.join(MODULES, spec["singular"] + ".py")))
    item_options = copy.deepcopy(singular["options"])
    item_options.pop("state", None)
    item_options = rewrite_refs(item_options, set(item_options))
    scope = {}
    for option, text in spec["scope"].items():
        scope[option] = dict(description=as_list(text), **spec["scope_types"].get(option, {"type": "str"}))
    options = {
        "config": {
            "description": ["The desired objects, each with the options of M(community.sumologic.%s) but "
                            "O(state) (see its documentation for each)." % spec["singular"],
                            "Not used with O(state=gathered)."],
            "type": "list",
            "elements": "dict",
            "suboptions": item_options,
        },
        "state": STATE_DOC,
        "scope": {
            "description": ["The objects O(state=overridden) and O(state=deleted) may delete, O(state=gathered) "
                            "returns, and RV(undeclared) lists. Without it, every object."],
            "type": "dict",
            "suboptions": scope,
        },
        "assume_present": ASSUME_PRESENT_DOC,
    }
    options.update(copy.deepcopy(spec["plural_options"]))
    doc = {
        "module": name,
        "short_description": spec["short_description"],
        "version_added": spec.get("version_added", "0.1.0"),
        "description": spec["intro"] + COMMON_DESCRIPTION,
        "author": singular["author"],
        "extends_documentation_fragment": singular["extends_documentation_fragment"],
        "options": options,
        "notes": ["Generated from the documentation of M(community.sumologic.%s) by "
                  "C(tests/utils/plural_docs.py): edit that module, or the generator, and run it again."
                  % spec["singular"]],
        "seealso": [{"module": "community.sumologic.%s" % spec["singular"]}],
    }
    return yaml.safe_dump(doc, sort_keys=False, width=110, default_flow_style=False, allow_unicode=True)


def block(variable):
    return re.compile(r'(%s = r""")\n(?:.*?\n)?(""")' % variable, re.S)


def update(name, check):
    path = os.path.join(MODULES, name + ".py")
    with open(path) as handle:
        text = handle.read()
    wanted = text
    for variable, generate in (("DOCUMENTATION", plural_documentation), ("RETURN", return_documentation)):
        wanted = block(variable).sub(lambda m: '%s\n%s%s' % (m.group(1), generate(name), m.group(2)), wanted,
                                     count=1)
    if wanted == text:
        return True
    if not check:
        with open(path, "w") as handle:
            handle.write(wanted)
    return False


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only tell whether the files are up to date")
    args = parser.parse_args(argv)
    stale = [name for name in PLURALS if not update(name, args.check)]
    if stale:
        print("%s: %s" % ("out of date" if args.check else "rewritten", ", ".join(stale)))
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
