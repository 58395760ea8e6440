# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Monitors Library: the ``MonitorFolder`` and ``Monitor`` declarations.

The library is a tree of folders and monitors under a root folder (``/Monitors``). A
folder is identified by its path; a monitor by its folder (its parent) and its name,
unique in the folder without regard to case. Both carry a ``version``: an update sends
the version it was computed from, and a stale one (409, 412, or a 400 naming the
version) is re-read, re-planned and sent again by the engine (``guard = "version"``).

Reads, and what they cost:

* a folder by path: one ``GET /v1/monitors/path`` (a name that differs only in case:
  its parent's children are read too), cached for the run (``FolderDirectory``);
* a monitor by folder and name: one more ``GET /v1/monitors/path``;
* every folder: the root and one search (``type:folder``) per 1,000 folders;
* every monitor of the library, with its path: one search (``type:monitor``) per 1,000
  monitors (``MonitorLibrary``), so a plural task over any number of folders, or a
  subtree, costs a few requests, not one per monitor.

Monitors compare as the engine compares everything, only what the task sets, and inside
their lists of dicts as follows:

* ``triggers`` are the monitor's whole set of triggers, matched by ``trigger_type`` (a
  monitor has at most one of each). A trigger of the monitor that the task does not list,
  or a listed one it does not have, is a change. Inside a matched trigger only the keys
  the task sets are compared (``time_range`` with or without its ``-``, thresholds as
  numbers), so what the API fills in (``detectionMethod``, ``resolutionWindow``,
  ``minDataPoints``, a default ``thresholdType``) never shows as drift. An update sends
  each trigger as the API has it with the task's keys laid over it (unless the task
  changes its ``detection_method``: then only the task's keys).
* ``notifications`` compare as a set: each one the task gives must match a distinct
  notification of the monitor on every key it sets (``run_for_trigger_types`` and
  ``recipients`` order aside, payloads as text or as JSON), and the monitor must have no
  other. Connections are given by name or id, resolved from one listing per run; an
  unknown one fails before any write.
* ``queries`` compare as a list (``row_id`` defaults to ``A``, ``B``... by position).
"""

import re
import threading

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError, quote_segment
from ansible_collections.community.sumologic.plugins.module_utils.common import snake_dict
from ansible_collections.community.sumologic.plugins.module_utils.connections import (
    check_payload,
    connection_directory,
    payload_text,
    same_payload,
)
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    PARENT,
    Engine,
    Field,
    Identity,
    Parent,
    Request,
    Resource,
    Run,
    Subtree,
    done_of,
    fail,
    new_module,
)

try:
    from zoneinfo import available_timezones
except ImportError:  # Python < 3.9: time zones are left to the API to check
    available_timezones = None

MONITORS_PATH = "/v1/monitors"
ROOT_PATH = "/Monitors"
NAME_LIMIT = 255
DESCRIPTION_LIMIT = 4096
SEARCH_LIMIT = 1000
# Ids in one bulk read: a URL of about 3,500 characters.
BULK_IDS = 200

MONITOR_TYPES = ("Logs", "Metrics")
TRIGGER_TYPES = ("Critical", "Warning", "MissingData", "ResolvedCritical", "ResolvedWarning", "ResolvedMissingData")
RESOLVES = {"ResolvedCritical": "Critical", "ResolvedWarning": "Warning", "ResolvedMissingData": "MissingData"}
MISSING_DATA = ("MissingData", "ResolvedMissingData")
DETECTION_METHODS = ("StaticCondition", "LogsStaticCondition", "MetricsStaticCondition", "LogsOutlierCondition",
                     "MetricsOutlierCondition", "LogsMissingDataCondition", "MetricsMissingDataCondition")
TIME_RANGES = ("5m", "10m", "15m", "30m", "1h", "3h", "6h", "12h", "24h")
THRESHOLD_TYPES = ("LessThan", "GreaterThan", "LessThanOrEqual", "GreaterThanOrEqual")
OCCURRENCE_TYPES = ("ResultCount", "AtLeastOnce", "Always", "MissingData")
TRIGGER_SOURCES = ("AllResults", "AllTimeSeries", "AnyTimeSeries")
DIRECTIONS = ("Both", "Up", "Down")
CONNECTION_TYPES = ("Email", "Webhook", "Slack", "PagerDuty", "MicrosoftTeams", "AWSLambda", "AzureFunctions",
                    "Datadog", "NewRelic", "Jira", "Opsgenie", "ServiceNow", "SumoCloudSOAR", "HipChat")
# A connection's webhookType -> the connectionType of the notifications that name it.
ACTION_TYPES = {"Azure": "AzureFunctions"}
HIGH_CARDINALITY = ("_raw", "_messagetime", "_receipttime", "_messageid")
DELAY = re.compile(r"^(\d+)([mh])$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Trigger options -> the API's keys.
TRIGGER_KEYS = (
    ("detection_method", "detectionMethod"), ("trigger_type", "triggerType"), ("threshold", "threshold"),
    ("threshold_type", "thresholdType"), ("time_range", "timeRange"), ("occurrence_type", "occurrenceType"),
    ("trigger_source", "triggerSource"), ("field", "field"), ("min_data_points", "minDataPoints"),
    ("resolution_window", "resolutionWindow"), ("window", "window"), ("consecutive", "consecutive"),
    ("direction", "direction"), ("baseline_window", "baselineWindow"),
)
TRIGGER_OPTIONS = dict((api, option) for option, api in TRIGGER_KEYS)
NUMBERS = ("threshold",)
# Notification options -> the API's keys (of the notification's action).
EMAIL_KEYS = (("recipients", "recipients"), ("subject", "subject"), ("message_body", "messageBody"),
              ("time_zone", "timeZone"))
PAYLOAD_KEYS = (("payload_override", "payloadOverride"), ("resolution_payload_override", "resolutionPayloadOverride"))


# -- paths -------------------------------------------------------------------------------------------

def normalise_path(path, option):
    """A library path as compared: ``/`` and the names from the root down, no trailing ``/``."""
    text = str(path).strip()
    if not text.startswith("/"):
        raise InputError("must be a path of the monitors library starting with /, such as %s/Platform, got %r"
                         % (ROOT_PATH, path), option=option)
    names = text.rstrip("/")[1:].split("/")
    if not names or any(not name.strip() for name in names):
        raise InputError("%r has an empty folder name" % path, option=option)
    for name in names:
        if len(name) > NAME_LIMIT:
            raise InputError("folder names are at most %d characters, got %d" % (NAME_LIMIT, len(name)), option=option)
    return "/" + "/".join(names)


def split_path(path):
    """``(parent path or None, name)`` of a library path."""
    parent, sep, name = path.rpartition("/")
    return (parent if parent else None), name


def under(path, prefix):
    """True when ``path`` is ``prefix`` or below it."""
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


def same_id(left, right):
    return str(left or "").upper() == str(right or "").upper()


def item_path(item_id):
    return "%s/%s" % (MONITORS_PATH, quote_segment(item_id))


# -- reading the library ---------------------------------------------------------------------------------

def search_library(client, query):
    """Every ``{item, path}`` the library search answers for ``query``, page by page (offset and limit)."""
    offset = 0
    while True:
        query_page = {"query": query, "limit": SEARCH_LIMIT, "offset": offset}
        page = client.get(MONITORS_PATH + "/search", params=query_page).json or []
        yield from page
        if len(page) < SEARCH_LIMIT:
            return
        offset += len(page)


def bulk_read(client, ids):
    """id (upper case) -> the whole folder or monitor, for ``ids``: one GET per 200 ids."""
    found = {}
    ids = list(dict.fromkeys(ids))
    for start in range(0, len(ids), BULK_IDS):
        chunk = ids[start:start + BULK_IDS]
        answer = client.get(MONITORS_PATH, params={"ids": ",".join(chunk)}).json or {}
        for key, item in answer.items():
            found[str(item.get("id", key)).upper()] = item
    return found


class FolderDirectory:
    """The folders this run has seen, by path (hits and misses) and their paths by id; all of them once listed.

    Threads of a plural task share it, so a lock guards its tables (requests are made outside it).
    """

    def __init__(self, client):
        self.client = client
        self.lock = threading.RLock()
        self.by_path = {}
        self.paths = {}
        self.root = None
        self.everything = None

    def remember(self, folder, path):
        folder["path"] = path
        with self.lock:
            self.by_path[path] = folder
            self.paths[str(folder.get("id")).upper()] = path
        return folder

    def learn(self, folder_id, path):
        """A folder's path, seen in a monitor's path."""
        with self.lock:
            self.paths.setdefault(str(folder_id).upper(), path)

    def path_of(self, folder_id):
        with self.lock:
            return self.paths.get(str(folder_id or "").upper())

    def root_folder(self):
        if self.root is None:
            root = self.client.get(MONITORS_PATH + "/root").json
            self.root = self.remember(root, "/" + root["name"])
        return self.root

    def find(self, path, fresh=False):
        """The folder at ``path`` (exactly, else the one whose names differ only in case), or None.

        A miss is cached: ``fresh`` looks again (after a write whose answer may have been lost).
        """
        with self.lock:
            if path in self.by_path and not (fresh and self.by_path[path] is None):
                return self.by_path[path]
        resp = self.client.get_or_none(MONITORS_PATH + "/path", params={"path": path})
        if resp is not None and resp.json:
            if resp.json.get("contentType") != "Folder":
                raise InputError("%s is a monitor, not a folder" % path)
            return self.remember(resp.json, path)
        found = None
        parent_path, name = split_path(path)
        if parent_path is None:
            root = self.root_folder()
            if root["name"].lower() != name.lower():
                raise InputError("%s is not in the monitors library: its paths start with the root folder, %s"
                                 % (path, root["path"]))
            found = root
        else:
            parent = self.find(parent_path)
            child = self.child_folder(parent, name) if parent is not None else None
            if child is not None:
                found = self.remember(self.client.get(item_path(child["id"])).json,
                                      "%s/%s" % (parent["path"], child["name"]))
        with self.lock:
            self.by_path[path] = found
        return found

    def child_folder(self, parent, name):
        """The summary of the folder of ``parent`` whose name is ``name`` without regard to case, or None."""
        children = parent.get("children")
        if children is None:
            children = self.client.get(item_path(parent["id"])).json.get("children") or []
        wanted = name.lower()
        for child in children:
            if child.get("contentType") == "Folder" and str(child.get("name", "")).lower() == wanted:
                return child
        return None

    def list_all(self):
        """Every folder, the root included, with its path: the root, then one search per 1,000 folders."""
        with self.lock:
            if self.everything is not None:
                return list(self.everything)
        folders = [self.root_folder()]
        for entry in search_library(self.client, "type:folder"):
            folders.append(self.remember(entry["item"], entry["path"]))
        with self.lock:
            self.everything = folders
        return list(folders)

    @property
    def listed(self):
        with self.lock:
            return self.everything is not None


def folder_directory(run):
    return run.memo("monitor_folders", lambda: FolderDirectory(run.client))


class MonitorLibrary:
    """Every monitor of the library with its path: one search per 1,000 monitors (whole monitors are read in
    bulk where a search answers summaries)."""

    def __init__(self, client, directory):
        self.monitors = []
        self.paths = {}
        for entry in search_library(client, "type:monitor"):
            item = entry["item"]
            folder, name = split_path(entry["path"])
            directory.learn(item.get("parentId"), folder)
            self.paths[str(item["id"]).upper()] = entry["path"]
            self.monitors.append(item)
        summaries = [m["id"] for m in self.monitors if "queries" not in m]
        if summaries:
            whole = bulk_read(client, summaries)
            self.monitors = [whole.get(str(m["id"]).upper(), m) for m in self.monitors]

    def in_folder(self, folder_id):
        return [m for m in self.monitors if same_id(m.get("parentId"), folder_id)]

    def under(self, path):
        return [m for m in self.monitors if under(self.paths[str(m["id"]).upper()], path)]

    def path_of(self, monitor):
        return self.paths.get(str(monitor.get("id")).upper())


def monitor_library(run):
    return run.memo("monitor_library", lambda: MonitorLibrary(run.client, folder_directory(run)))


def monitors_in(run, folder):
    """The whole monitors of one folder: its children, then one bulk read."""
    children = folder.get("children")
    if children is None:
        children = run.client.get(item_path(folder["id"])).json.get("children") or []
    ids = [child["id"] for child in children if child.get("contentType") == "Monitor"]
    if not ids:
        return []
    whole = bulk_read(run.client, ids)
    return [whole[str(i).upper()] for i in ids if str(i).upper() in whole]


# -- triggers ---------------------------------------------------------------------------------------------

def time_range(value, zero=False):
    """``15m`` or ``-15m`` -> ``-15m``; ``0m`` stays where ``zero`` allows it; anything else as given."""
    text = str(value)
    if zero and text == "0m":
        return text
    bare = text[1:] if text.startswith("-") else text
    return "-" + bare if bare in TIME_RANGES else text


def trigger_to_api(trigger):
    out = {}
    for option, api in TRIGGER_KEYS:
        value = trigger.get(option)
        if value is None:
            continue
        if api == "timeRange":
            value = time_range(value)
        elif api == "resolutionWindow":
            value = time_range(value, zero=True)
        elif api in NUMBERS:
            value = float(value)
        out[api] = value
    return out


def same_trigger_value(api, current, wanted):
    if api in NUMBERS:
        try:
            return current is not None and float(current) == float(wanted)
        except (TypeError, ValueError):
            return False
    if api in ("timeRange", "resolutionWindow"):
        return current is not None and time_range(current, zero=True) == time_range(wanted, zero=True)
    return current == wanted


def triggers_differ(current, wanted):
    """True unless the monitor has exactly the listed trigger types, each with the keys the task sets."""
    by_type = dict((t.get("triggerType"), t) for t in current or [])
    if set(by_type) != set(t["triggerType"] for t in wanted):
        return True
    return any(not same_trigger_value(api, by_type[t["triggerType"]].get(api), value)
               for t in wanted for api, value in t.items())


def merged_triggers(current, wanted):
    """The triggers to send: each as the API has it with the task's keys over it (a new method: the task's only)."""
    by_type = dict((t.get("triggerType"), t) for t in current or [])
    merged = []
    for trigger in wanted:
        have = by_type.get(trigger["triggerType"])
        if have is not None and trigger.get("detectionMethod", have.get("detectionMethod")) == have.get("detectionMethod"):
            merged.append(dict(have, **trigger))
        else:
            merged.append(dict(trigger))
    return merged


class TriggerResolver:
    """Trigger options (snake_case) <-> the API's trigger conditions (camelCase)."""

    def prepare(self, run, values):
        """Nothing to look up."""

    def to_api(self, run, value, option, known):
        return [trigger_to_api(trigger) for trigger in value or []]

    def to_options(self, run, value):
        return [dict((TRIGGER_OPTIONS[key], item) for key, item in trigger.items() if key in TRIGGER_OPTIONS)
                for trigger in value or []]


class QueryResolver:
    """``[{row_id, query}]`` <-> ``[{rowId, query}]``; a row without ``row_id`` is ``A``, ``B``... by position."""

    def prepare(self, run, values):
        """Nothing to look up."""

    def to_api(self, run, value, option, known):
        return [{"rowId": query.get("row_id") or chr(ord("A") + index), "query": query["query"]}
                for index, query in enumerate(value or [])]

    def to_options(self, run, value):
        return [{"row_id": query.get("rowId"), "query": query.get("query")} for query in value or []]


# -- notifications ----------------------------------------------------------------------------------------

def is_email(notification):
    kind = notification.get("connection_type")
    return kind == "Email" or (kind is None and notification.get("recipients") is not None)


def action_type_of(connection):
    """The connectionType of a notification that names this connection."""
    if connection.get("type") == "ServiceNowConnection":
        return "ServiceNow"
    webhook = connection.get("webhookType") or "Webhook"
    return ACTION_TYPES.get(webhook, webhook)


def notification_to_api(run, notification, option, unknown):
    """One notification in the API's form, only with what the task sets; unresolved connections go to ``unknown``."""
    if is_email(notification):
        action = {"connectionType": "Email"}
        for key, api in EMAIL_KEYS:
            if notification.get(key) is not None:
                action[api] = notification[key]
    else:
        kind = notification.get("connection_type")
        name, connection_id = notification.get("connection"), notification.get("connection_id")
        if name is not None or kind is None:
            directory = connection_directory(run)
            found = directory.named(name) if name is not None else directory.with_id(connection_id)
            if found is None:
                unknown.append(name if name is not None else "id %s" % connection_id)
                return None
            connection_id, kind = found["id"], kind or action_type_of(found)
        action = {"connectionType": kind, "connectionId": str(connection_id).upper()}
        for key, api in PAYLOAD_KEYS:
            if notification.get(key) is not None:
                action[api] = payload_text(notification[key])
    return {"notification": action, "runForTriggerTypes": list(notification.get("run_for_trigger_types") or [])}


def same_action_value(api, current, wanted):
    if api in ("payloadOverride", "resolutionPayloadOverride"):
        return current is not None and same_payload(current, wanted)
    if api == "recipients":
        return sorted(current or []) == sorted(wanted)
    if api == "connectionId":
        return same_id(current, wanted)
    return current == wanted


def notification_matches(current, wanted):
    have = current.get("notification") or {}
    if sorted(current.get("runForTriggerTypes") or []) != sorted(wanted["runForTriggerTypes"]):
        return False
    return all(same_action_value(api, have.get(api), value) for api, value in wanted["notification"].items())


def match_notifications(current, wanted):
    """For each wanted notification, the index of the distinct current one it matches (or None)."""
    taken, matched = set(), []
    for item in wanted:
        index = next((i for i, have in enumerate(current) if i not in taken and notification_matches(have, item)),
                     None)
        if index is not None:
            taken.add(index)
        matched.append(index)
    return matched


def notifications_differ(current, wanted):
    current = current or []
    return len(current) != len(wanted) or None in match_notifications(current, wanted)


def merged_notifications(current, wanted):
    current = current or []
    merged = []
    for item, index in zip(wanted, match_notifications(current, wanted)):
        if index is None:
            merged.append(item)
        else:
            have = current[index]
            merged.append({"notification": dict(have.get("notification") or {}, **item["notification"]),
                           "runForTriggerTypes": item["runForTriggerTypes"]})
    return merged


class NotificationResolver:
    """Notification options (connections by name or id) <-> the API's notifications; one connection listing
    per run, and every unknown connection named in one error before any write."""

    def prepare(self, run, values):
        """The listing is read the first time a name is resolved."""

    def to_api(self, run, value, option, known):
        unknown = []
        resolved = [notification_to_api(run, item, option, unknown) for item in value or []]
        if unknown:
            raise InputError("unknown connection(s) %s (connections here: %s)" % (
                ", ".join(repr(name) for name in unknown), connection_directory(run).names_hint()), option=option)
        return resolved

    def to_options(self, run, value):
        options = []
        for item in value or []:
            action = item.get("notification") or {}
            out = {"connection_type": action.get("connectionType")}
            if action.get("connectionType") == "Email":
                for key, api in EMAIL_KEYS:
                    if action.get(api) is not None:
                        out[key] = action[api]
            else:
                found = connection_directory(run).with_id(action.get("connectionId"))
                if found is not None:
                    out["connection"] = found["name"]
                else:
                    out["connection_id"] = action.get("connectionId")
                for key, api in PAYLOAD_KEYS:
                    if action.get(api) is not None:
                        out[key] = action[api]
            out["run_for_trigger_types"] = list(item.get("runForTriggerTypes") or [])
            options.append(out)
        return options


QUERIES = QueryResolver()
TRIGGERS = TriggerResolver()
NOTIFICATIONS = NotificationResolver()


# -- checking a monitor's options ----------------------------------------------------------------------------

def check_length(params, option, limit, least=0):
    value = params.get(option)
    if value is not None and not least <= len(value) <= limit:
        raise InputError("%d to %d characters are required, got %d" % (least, limit, len(value)), option=option)


def check_queries(queries):
    if not queries:
        raise InputError("a monitor needs at least one query", option="queries")
    rows = []
    for index, query in enumerate(queries):
        row = query.get("row_id") or chr(ord("A") + index)
        where = "queries[%d]" % index
        if not re.match(r"^[A-Z]$", row):
            raise InputError("row_id is a capital letter (A, B, C...), got %r" % row, option=where)
        if row in rows:
            raise InputError("row_id %s is given twice" % row, option=where)
        rows.append(row)
        if not str(query.get("query") or "").strip():
            raise InputError("query must not be empty", option=where)


def check_triggers(triggers):
    if not triggers:
        raise InputError("a monitor needs at least one trigger", option="triggers")
    types = [trigger["trigger_type"] for trigger in triggers]
    for index, trigger in enumerate(triggers):
        where = "triggers[%d]" % index
        kind = trigger["trigger_type"]
        if types.count(kind) > 1:
            raise InputError("a monitor has at most one trigger of each trigger_type; %s is given %d times"
                             % (kind, types.count(kind)), option="triggers")
        if kind in RESOLVES and RESOLVES[kind] not in types:
            raise InputError("a %s trigger resolves a %s trigger, which is not listed" % (kind, RESOLVES[kind]),
                             option=where)
        if kind in MISSING_DATA:
            for option in ("threshold", "threshold_type"):
                if trigger.get(option) is not None:
                    raise InputError("%s is not used with trigger_type %s (the API ignores it)" % (option, kind),
                                     option=where)
        if trigger.get("time_range") is not None and str(trigger["time_range"]).lstrip("-") not in TIME_RANGES:
            raise InputError("time_range must be one of %s (with or without its -), got %r"
                             % (", ".join(TIME_RANGES), trigger["time_range"]), option=where)
        window = trigger.get("resolution_window")
        if window is not None and window != "0m" and str(window).lstrip("-") not in TIME_RANGES:
            raise InputError("resolution_window must be 0m or one of %s, got %r" % (", ".join(TIME_RANGES), window),
                             option=where)
        points = trigger.get("min_data_points")
        if points is not None:
            if not 1 <= points <= 100:
                raise InputError("min_data_points must be 1 to 100, got %d" % points, option=where)
            if trigger.get("occurrence_type") == "AtLeastOnce" and points != 1:
                raise InputError("min_data_points is always 1 with occurrence_type AtLeastOnce", option=where)
    return types


def check_notifications(notifications, trigger_types):
    for index, notification in enumerate(notifications or []):
        where = "notifications[%d]" % index
        runs = notification.get("run_for_trigger_types")
        if not runs:
            raise InputError("run_for_trigger_types must name at least one trigger type", option=where)
        if len(set(runs)) != len(runs):
            raise InputError("run_for_trigger_types must not repeat a trigger type", option=where)
        if trigger_types is not None:
            strange = [kind for kind in runs if kind not in trigger_types]
            if strange:
                raise InputError("run_for_trigger_types names %s, which the triggers do not have (%s)"
                                 % (", ".join(strange), ", ".join(trigger_types)), option=where)
        named = [key for key in ("connection", "connection_id") if notification.get(key) is not None]
        if is_email(notification):
            if named:
                raise InputError("an Email notification takes no %s" % named[0], option=where)
            for key in ("recipients", "subject", "time_zone"):
                if notification.get(key) is None:
                    raise InputError("%s is required for an Email notification" % key, option=where)
            if not notification["recipients"] or not all(EMAIL.match(r) for r in notification["recipients"]):
                raise InputError("recipients must be email addresses", option=where)
            zones = available_timezones() if available_timezones is not None else None
            if zones and notification["time_zone"] not in zones | {"UTC"}:
                raise InputError("%r is not a time zone name such as Etc/UTC or Europe/Paris"
                                 % notification["time_zone"], option=where)
            for key, api in PAYLOAD_KEYS:
                if notification.get(key) is not None:
                    raise InputError("%s is for webhook notifications" % key, option=where)
        else:
            if len(named) != 1:
                raise InputError("give the connection (by name) or its connection_id, one of them", option=where)
            for key, api in EMAIL_KEYS:
                if notification.get(key) is not None:
                    raise InputError("%s is for Email notifications" % key, option=where)
            for key, api in PAYLOAD_KEYS:
                check_payload(notification.get(key), "%s.%s" % (where, key))


def check_delay(delay):
    match = DELAY.match(str(delay))
    if not match or int(match.group(1)) * (60 if match.group(2) == "h" else 1) > 24 * 60:
        raise InputError("must be minutes or hours, at most 24 hours, such as 0m, 5m or 1h; got %r" % delay,
                         option="evaluation_delay")


# -- argument specs of the nested options -------------------------------------------------------------------

QUERY_OPTIONS = {"row_id": {"type": "str"}, "query": {"type": "str", "required": True}}
TRIGGER_SPEC = {
    "detection_method": {"type": "str", "choices": list(DETECTION_METHODS)},
    "trigger_type": {"type": "str", "required": True, "choices": list(TRIGGER_TYPES)},
    "threshold": {"type": "float"},
    "threshold_type": {"type": "str", "choices": list(THRESHOLD_TYPES)},
    "time_range": {"type": "str"},
    "occurrence_type": {"type": "str", "choices": list(OCCURRENCE_TYPES)},
    "trigger_source": {"type": "str", "choices": list(TRIGGER_SOURCES)},
    "field": {"type": "str"},
    "min_data_points": {"type": "int"},
    "resolution_window": {"type": "str"},
    "window": {"type": "int"},
    "consecutive": {"type": "int"},
    "direction": {"type": "str", "choices": list(DIRECTIONS)},
    "baseline_window": {"type": "str"},
}
NOTIFICATION_SPEC = {
    "connection": {"type": "str"},
    "connection_id": {"type": "str"},
    "connection_type": {"type": "str", "choices": list(CONNECTION_TYPES)},
    "run_for_trigger_types": {"type": "list", "elements": "str", "required": True},
    "recipients": {"type": "list", "elements": "str"},
    "subject": {"type": "str"},
    "message_body": {"type": "str"},
    "time_zone": {"type": "str"},
    "payload_override": {"type": "raw"},
    "resolution_payload_override": {"type": "raw"},
}


def without_none(items):
    """Nested option dicts without the keys the task left unset (AnsibleModule fills them with None)."""
    if items is None:
        return None
    return [dict((key, value) for key, value in item.items() if value is not None) for item in items]


# -- the declarations ----------------------------------------------------------------------------------------

class MonitorFolder(Resource):
    kind = "monitor folder"
    path = MONITORS_PATH
    result_key = "folder"
    identity = Identity("path", case="fold", required=True)
    guard = "version"
    writable = ("name", "description", "version")
    write_defaults = {"type": "MonitorsLibraryFolderUpdate"}
    fields = {"description": Field("description")}
    options = {"force": {"type": "bool", "default": False}}

    def validate(self, params):
        params["path"] = normalise_path(params["path"], "path")
        check_length(params, "description", DESCRIPTION_LIMIT)

    def lookup(self, run, name, parent):
        """``name`` is the folder's path: one GET by path (a path whose names differ only in case: its parent's
        children are read too)."""
        found = folder_directory(run).find(normalise_path(name, "folder"), fresh=True)
        return [found] if found is not None else []

    def list(self, run, parent=None, query=None):
        return folder_directory(run).list_all()

    def compare(self, run, params, obj, wanted):
        changes = super().compare(run, params, obj, wanted)
        if changes and obj.get("isSystem"):
            raise InputError("%s is the root folder of the monitors library, which cannot be changed"
                             % obj.get("path", params["path"]), option="description")
        return changes

    def create(self, run, params, body, parent):
        parent_path, name = split_path(params["path"])
        folder = folder_directory(run).find(parent_path) if parent_path else None
        if folder is None and not run.check_mode:
            raise InputError("the parent folder %s does not exist" % parent_path, option="path")
        new = {"type": "MonitorsLibraryFolder", "name": name}
        if body.get("description") is not None:
            new["description"] = body["description"]
        # In check mode a parent that the task would create first has no id yet.
        parent_id = folder["id"] if folder is not None else None
        return [Request("POST", MONITORS_PATH, body=new, query={"parentId": parent_id}, returns=True)]

    def delete(self, run, params, current):
        obj = current.obj
        path = obj.get("path") or params["path"]
        if obj.get("isSystem"):
            raise InputError("%s is the root folder of the monitors library, which cannot be deleted" % path,
                             option="path")
        if not params.get("force"):
            held = monitors_under(run, obj, path)
            if held:
                raise InputError("folder %s holds %d monitor(s) (%s); force=true deletes it with them"
                                 % (path, len(held), ", ".join(held[:5]) + (", ..." if len(held) > 5 else "")),
                                 option="force")
        return [Request("DELETE", current.path)]

    def to_result(self, run, obj):
        result = snake_dict(obj)
        path = obj.get("path") or folder_directory(run).path_of(obj.get("id"))
        if path is None and obj.get("parentId") is not None:
            parent = folder_directory(run).path_of(obj["parentId"])
            path = "%s/%s" % (parent, obj.get("name")) if parent else None
        if path is not None:
            result["path"] = path
        return result


def monitors_under(run, folder, path):
    """Paths of the monitors in ``folder`` and below it: none read when it is empty, one search when it has
    folders."""
    children = folder.get("children")
    if children is None:
        children = run.client.get(item_path(folder["id"])).json.get("children") or []
    if any(child.get("contentType") == "Folder" for child in children):
        library = monitor_library(run)
        return [library.path_of(m) for m in library.under(path)]
    return ["%s/%s" % (path, child.get("name")) for child in children if child.get("contentType") == "Monitor"]


class Monitor(Resource):
    kind = "monitor"
    path = MONITORS_PATH
    result_key = "monitor"
    identity = Identity("name", case="fold", required=True)
    parent = Parent(MonitorFolder, "folder", query="parentId")
    guard = "version"
    # What a PUT takes (MonitorsLibraryMonitorUpdate), from the monitor as read with the changes merged.
    writable = ("name", "description", "version", "monitorType", "evaluationDelay", "alertName", "runAs",
                "notificationGroupFields", "queries", "triggers", "notifications", "isDisabled",
                "groupNotifications", "playbook", "sloId", "automatedPlaybookIds")
    write_defaults = {"type": "MonitorsLibraryMonitorUpdate"}
    create_defaults = {"type": "MonitorsLibraryMonitor"}
    fields = {
        "monitor_type": Field("monitorType", choices=MONITOR_TYPES, fixed=True),
        "description": Field("description"),
        # Triggers and queries are never emptied (a monitor needs both): they compare by their own rules.
        "queries": Field("queries", type="list", elements="dict", kind="scalar", resolver=QUERIES),
        "triggers": Field("triggers", type="list", elements="dict", kind="scalar", resolver=TRIGGERS),
        "notifications": Field("notifications", type="list", elements="dict", resolver=NOTIFICATIONS),
        "disabled": Field("isDisabled", type="bool"),
        "evaluation_delay": Field("evaluationDelay"),
        "group_notifications": Field("groupNotifications", type="bool"),
        "notification_group_fields": Field("notificationGroupFields", type="list", elements="str", kind="set"),
        "alert_name": Field("alertName"),
        "playbook": Field("playbook"),
    }
    options = {
        "queries": {"type": "list", "elements": "dict", "options": QUERY_OPTIONS},
        "triggers": {"type": "list", "elements": "dict", "options": TRIGGER_SPEC},
        "notifications": {"type": "list", "elements": "dict", "options": NOTIFICATION_SPEC},
    }
    scope_options = {"folder": {"type": "str"}, "name": {"type": "str"}}
    scope_patterns = {"folder": Subtree(PARENT, default="/"), "name": "name"}

    def validate(self, params):
        name = params.get("name")
        if not name or not name.strip() or "/" in name or len(name) > NAME_LIMIT:
            raise InputError("1 to %d characters are required, not blank and without /, got %r" % (NAME_LIMIT, name),
                             option="name")
        params["folder"] = normalise_path(params.get("folder") or ROOT_PATH, "folder")
        if params.get("state", "present") == "absent":
            return
        check_length(params, "description", DESCRIPTION_LIMIT)
        check_length(params, "alert_name", 512, least=1)
        for option in ("queries", "triggers", "notifications"):
            params[option] = without_none(params.get(option))
        if params["queries"] is not None:
            check_queries(params["queries"])
        types = check_triggers(params["triggers"]) if params["triggers"] is not None else None
        check_notifications(params["notifications"], types)
        if params.get("evaluation_delay") is not None:
            check_delay(params["evaluation_delay"])
        group = params.get("notification_group_fields")
        if group is not None:
            if len(set(group)) != len(group):
                raise InputError("must not repeat a field", option="notification_group_fields")
            bad = [f for f in group if f.lower() in HIGH_CARDINALITY]
            if bad:
                raise InputError("%s cannot group alerts (too many values)" % ", ".join(bad),
                                 option="notification_group_fields")

    def lookup(self, run, name, parent):
        """One GET by path; a name that differs only in case is found among the folder's children."""
        path = "%s/%s" % (parent["path"], name)
        resp = run.client.get_or_none(MONITORS_PATH + "/path", params={"path": path})
        if resp is not None and resp.json:
            if resp.json.get("contentType") != "Monitor":
                raise InputError("%s is a folder; a monitor cannot have the name of a folder beside it" % path,
                                 option="name")
            return [resp.json]
        wanted = name.lower()
        for child in parent.get("children") or []:
            if child.get("contentType") == "Monitor" and str(child.get("name", "")).lower() == wanted:
                return [run.client.get(item_path(child["id"])).json]
        return []

    def list(self, run, parent=None, query=None):
        """The monitors of ``parent``: from the library's search once every folder was listed (a plural task over
        many folders or a subtree), else the folder's children read in bulk."""
        if parent is None:
            return list(monitor_library(run).monitors)
        if folder_directory(run).listed:
            return monitor_library(run).in_folder(parent["id"])
        return monitors_in(run, parent)

    def can_create(self, run, params, parent):
        missing = [option for option in ("monitor_type", "queries", "triggers") if not params.get(option)]
        if missing:
            raise InputError("monitor %r does not exist in %s; %s required to create it" % (
                params["name"], params["folder"], " and ".join(missing) + (" are" if len(missing) > 1 else " is")))

    def compare(self, run, params, obj, wanted):
        """Triggers and notifications by their own rules (the module's docs say which), the rest by kind."""
        wanted = dict(wanted)
        triggers = wanted.pop("triggers", (None, None))[1]
        notifications = wanted.pop("notifications", (None, None))[1]
        changes = super().compare(run, params, obj, wanted)
        if triggers is not None and triggers_differ(obj.get("triggers"), triggers):
            changes["triggers"] = merged_triggers(obj.get("triggers"), triggers)
        if notifications is not None and notifications_differ(obj.get("notifications"), notifications):
            changes["notifications"] = merged_notifications(obj.get("notifications"), notifications)
        return changes

    def to_config(self, run, current):
        config = super().to_config(run, current)
        # The folder and the name first, as a task writes them.
        first = dict((key, config.pop(key)) for key in ("folder", "name") if key in config)
        first.update(config)
        return first

    def to_result(self, run, obj):
        result = snake_dict(obj)
        folder = folder_directory(run).path_of(obj.get("parentId"))
        if folder is not None:
            result["folder"] = folder
            result["path"] = "%s/%s" % (folder, obj.get("name"))
        return result


# -- sumo_monitor_folder: mkdir -p ------------------------------------------------------------------------

def missing_parents(run, path):
    """The folders above a missing ``path`` that do not exist, from the top down (cached: no request)."""
    directory = folder_directory(run)
    missing = []
    parent = split_path(path)[0]
    while parent is not None and directory.find(parent) is None:
        missing.insert(0, parent)
        parent = split_path(parent)[0]
    return missing


def run_folder_module():
    """``main()`` of sumo_monitor_folder: the folder made present (its missing parents first, as ``mkdir -p``
    does) or absent."""
    module = new_module(MonitorFolder)
    resource = MonitorFolder()
    run = Run(module.client, module.check_mode, module.warn)
    engine = Engine(resource, run)
    directory = folder_directory(run)
    params = dict(module.params)
    created, missing, parents = [], False, []
    try:
        resource.validate(params)
        if params["state"] == "present":
            missing = directory.find(params["path"]) is None
            parents = missing_parents(run, params["path"]) if missing else []
    except Exception as exc:
        fail(module, exc, changed=False)
    for path in parents:
        try:
            # Just found missing: planned without another lookup, created on the one above it.
            plan = engine.plan(dict(params, path=path, description=None), current=None)
        except Exception as exc:
            fail(module, exc, changed=bool(created) and not run.check_mode, created_parents=created)
        outcome = engine.execute(plan)
        if outcome.error is not None:
            fail(module, outcome.error, changed=outcome.changed or (bool(created) and not run.check_mode),
                 done=done_of(outcome), created_parents=created)
        if outcome.after and not run.check_mode:
            directory.remember(outcome.after, path)
        created.append(path)
    try:
        plan = engine.plan(params, current=None) if missing else engine.plan(params)
        resource.review(run, [plan])
    except Exception as exc:
        fail(module, exc, changed=bool(created), created_parents=created)
    outcome = engine.execute(plan)
    if outcome.error is not None:
        fail(module, outcome.error, changed=outcome.changed or bool(created), done=done_of(outcome),
             created_parents=created)
    if outcome.after and outcome.action == "create" and not run.check_mode:
        directory.remember(outcome.after, params["path"])
    result = dict(changed=outcome.changed or bool(created), created_parents=created)
    result["folder"] = engine.result_of(outcome.after)
    if module._diff:
        result["diff"] = dict(before=engine.result_of(outcome.before, masked=True),
                              after=engine.result_of(outcome.after, masked=True))
    module.exit_json(**result)


# -- sumo_monitor_info ------------------------------------------------------------------------------------

def monitors_at(run, folder, name=None, recursive=True):
    """The monitors of the folder at ``folder`` (and below it with ``recursive``), or the one called ``name`` in
    it; none when the folder does not exist."""
    parent = folder_directory(run).find(normalise_path(folder or ROOT_PATH, "folder"))
    if parent is None:
        return []
    if name is not None:
        found = Engine(Monitor(), run).find({"name": name}, parent)
        return [found.obj] if found is not None else []
    if recursive:
        return monitor_library(run).under(parent["path"])
    return monitors_in(run, parent)
