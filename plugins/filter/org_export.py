# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filters of the ``org_export`` and ``org_apply`` roles: a whole organisation as one vars file per family.

* ``org_export``: what a task read of one family (a plural module's ``gathered``, info modules,
  the export of a library folder) -> the items of that family's file, as the managing module's
  options: credentials (masked by the modules) left out and listed, a relation kept on one side
  only, objects Sumo Logic keeps itself left out, library exports split into items, and a stable
  order, so that two exports of one organisation are the same file.
* ``org_created``: a check-mode result -> the names of the objects it would create (what the next
  families of an audit are told to assume present).
* ``org_pending``: the items of a file and what a task read of the family -> the items a singular
  module must still be run for (new or different ones, and with ``overridden`` the deletions), so
  that an apply that has nothing to change runs no module per object.
* ``org_with_secrets``: the items of the files and the credentials an export left out, with their
  values (from a vault) -> the items with the credentials put back where they were.
* ``org_keep_relations``: items -> the same with a relation kept on the other side (a role's users)
  as it is now, so that ``overridden`` roles do not empty what the users' roles set.
"""

import copy
import json
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.community.sumologic.plugins.module_utils.content import canonical_definition
from ansible_collections.community.sumologic.plugins.module_utils.secrets import MASK

#: The families, in the order an apply takes them (what a family names is made before it), and the options
#: that name an object of each (its identity, with its parent's).
IDENTITY = {
    "fields": ("name",),
    "partitions": ("name",),
    "extraction_rules": ("name",),
    "roles": ("name",),
    "users": ("email",),
    "collectors": ("name",),
    "sources": ("collector", "name"),
    "connections": ("name",),
    "monitor_folders": ("path",),
    "monitors": ("folder", "name"),
    "folders": ("path",),
    "content": ("path",),
    "dashboards": ("folder", "title"),
    "scheduled_views": ("index_name",),
    "ingest_budgets": ("name",),
    "lookup_tables": ("folder", "name"),
}
FAMILIES = tuple(IDENTITY)

#: A relation is written on one side only: these options are left out of the export (a role's members are
#: the users' ``roles``).
RELATIONS = {"roles": ("users",)}

#: Options whose lists are sets: written sorted, compared as sets.
SETS = {"roles": ("capabilities", "users"), "users": ("roles",), "folders": ("permissions",),
        "lookup_tables": ("primary_keys",)}

#: Where the library paths of a family's items are (an item's own path, or its folder's).
LIBRARY = {"folders": "path", "content": "path", "dashboards": "folder", "lookup_tables": "folder"}

#: What the registered result of each family's reading task holds its items under (besides ``gathered``).
RESULT_KEYS = {"folders": "folders", "lookup_tables": "lookup_tables", "monitor_folders": "folders"}

#: Export definitions of a library folder that are not ``content`` items: another family has them.
OTHER_FAMILIES = {"FolderSyncDefinition": "folders", "DashboardV2SyncDefinition": "dashboards",
                  "MewboardSyncDefinition": "dashboards", "LookupTableSyncDefinition": "lookup_tables"}

#: Options the current object cannot show (rows are not readable): an item that gives one is always run.
UNREADABLE = ("rows", "csv")

#: What an item of an overridden family carries to its singular module (the whole desired value).
PURGED = {"folders": {"purge_permissions": True}}


def check_family(family, where):
    if family not in IDENTITY:
        raise AnsibleFilterError("%s: unknown family %r; the families are %s" % (where, family, ", ".join(FAMILIES)))


def plain(value):
    """``value`` as plain dicts and lists (the registered results of Ansible come in its own types)."""
    if isinstance(value, Mapping):
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


# -- library exports, split into items -------------------------------------------------------------------

def library_items(root, definition):
    """``[(path, definition)]`` of every item in an exported library folder, folders included, parents first."""
    found = []
    for child in (definition or {}).get("children") or []:
        if not isinstance(child, Mapping) or not child.get("name"):
            continue
        path = "%s/%s" % (root.rstrip("/"), child["name"])
        found.append((path, child))
        if child.get("type") == "FolderSyncDefinition":
            found.extend(library_items(path, child))
    return found


def library_objects(result, family):
    """The objects of ``family`` in the result of ``sumo_content_info`` for a library folder.

    ``content``: every item but the folders, dashboards and lookup tables (families of their own),
    as ``{path, definition}`` without the name the path gives. The other library families: their
    objects named only (``{path}`` of folders, ``{folder, name}`` of lookup tables, ``{folder, title}``
    of dashboards), to tell where to read them.
    """
    if not result.get("definition") or not result.get("path"):
        return []
    objects = []
    for path, definition in library_items(result["path"], result["definition"]):
        if OTHER_FAMILIES.get(definition.get("type"), "content") != family:
            continue
        if family == "content":
            objects.append({"path": path, "definition": dict((k, v) for k, v in definition.items() if k != "name")})
        elif family == "folders":
            objects.append({"path": path})
        else:
            folder, dummy, name = path.rpartition("/")
            objects.append({"folder": folder, IDENTITY[family][1]: name})
    return objects


def items_of(result, family):
    """The items a registered result (or a list of items) holds for ``family``."""
    if result is None:
        return []
    if isinstance(result, (list, tuple)):
        return [plain(item) for item in result]
    if not isinstance(result, Mapping):
        raise AnsibleFilterError("expected the registered result of a task (or a list of items), got %s"
                                 % type(result).__name__)
    if result.get("skipped"):
        return []
    if result.get("failed"):
        raise AnsibleFilterError("the task that read the %s failed: %s" % (family, result.get("msg")))
    if "results" in result and isinstance(result["results"], (list, tuple)):
        return [item for each in result["results"] for item in items_of(each, family)]
    if "gathered" in result:
        return plain(result["gathered"])
    if family in LIBRARY and "definition" in result:
        return library_objects(plain(result), family)
    key = RESULT_KEYS.get(family)
    if key and key in result:
        return plain(result[key])
    expected = key or ("definition" if family == "content" else "gathered")
    raise AnsibleFilterError("the result holds no %s (expected %s, or the results of a loop)" % (family, expected))


# -- names, order, libraries -----------------------------------------------------------------------------

def label(family, item):
    return "/".join(str(item.get(option)) for option in IDENTITY[family] if item.get(option) is not None)


def key_of(family, item):
    """An item's identity as compared: paths and names without regard to case (as Sumo Logic compares them)."""
    return tuple(str(item.get(option) or "").rstrip("/").lower() for option in IDENTITY[family])


def under(path, roots):
    path = str(path or "").rstrip("/").lower()
    return any(path == root or path.startswith(root + "/") for root in (str(r).rstrip("/").lower() for r in roots))


def in_roots(family, item, roots):
    return roots is None or family not in LIBRARY or under(item.get(LIBRARY[family]), roots)


def sort_key(value):
    return json.dumps(value, sort_keys=True) if not isinstance(value, str) else value.lower()


# -- credentials -----------------------------------------------------------------------------------------

def is_masked(value):
    """A value as the modules show a credential: ``********``, or a URL masked to its host."""
    return isinstance(value, str) and (value == MASK or ("://" in value and value.endswith("/" + MASK)))


def strip_masked(value, path=""):
    """``(value without its masked values, [where they were])``; paths as ``config.auth.key`` and ``[0]``."""
    if isinstance(value, Mapping):
        kept, found = {}, []
        for key, item in value.items():
            where = "%s.%s" % (path, key) if path else str(key)
            if is_masked(item):
                found.append(where)
                continue
            kept[key], below = strip_masked(item, where)
            found.extend(below)
        return kept, found
    if isinstance(value, (list, tuple)):
        kept, found = [], []
        for index, item in enumerate(value):
            where = "%s[%d]" % (path, index)
            if is_masked(item):
                found.append(where)
                continue
            clean, below = strip_masked(item, where)
            kept.append(clean)
            found.extend(below)
        return kept, found
    return value, []


# -- the filters -----------------------------------------------------------------------------------------

def org_export(result, family, exclude=None, roots=None, parents=None):
    """The items of ``<family>.yml``, and the credentials left out of them.

    ``result`` is what the task that read the family registered; ``exclude`` names objects to
    leave out (the key owner's email for ``users``); ``roots`` keeps only the library items under
    those folders; ``parents`` (names) keeps only the items of a family with a parent whose parent
    is one of them (the sources of the collectors exported). Returns ``{family, objects, secrets}``.
    """
    check_family(family, "org_export")
    excluded = set(str(name).lower() for name in exclude or ())
    kept_parents = None if parents is None else set(str(name).lower() for name in parents)
    items, secrets = [], []
    for item in items_of(result, family):
        if not isinstance(item, Mapping):
            raise AnsibleFilterError("org_export: an item of %s is not a dict: %r" % (family, item))
        if label(family, item).lower() in excluded or not in_roots(family, item, roots):
            continue
        if kept_parents is not None and len(IDENTITY[family]) > 1 \
                and str(item.get(IDENTITY[family][0]) or "").lower() not in kept_parents:
            continue
        item = dict((key, value) for key, value in item.items() if key not in RELATIONS.get(family, ()))
        item, masked = strip_masked(copy.deepcopy(item))
        secrets.extend({"family": family, "name": label(family, item), "key": where} for where in masked)
        for option in SETS.get(family, ()):
            if isinstance(item.get(option), list):
                item[option] = sorted(item[option], key=sort_key)
        items.append(item)
    items.sort(key=lambda item: key_of(family, item))
    secrets.sort(key=lambda entry: (entry["name"].lower(), entry["key"]))
    return {"family": family, "objects": items, "secrets": secrets}


def org_created(result, family):
    """The names of the objects a check-mode result would create: a plural module's creates, or the items of a
    loop over a singular module that changed and had no object before (its diff), by the family's identity."""
    check_family(family, "org_created")
    if not isinstance(result, Mapping) or result.get("skipped"):
        return []
    if "results" not in result:
        return [change.get("name") for change in result.get("changes") or [] if change.get("action") == "create"]
    names = []
    for each in result.get("results") or []:
        item = each.get("item") if isinstance(each, Mapping) else None
        if not isinstance(item, Mapping) or not each.get("changed") or item.get("state") == "absent":
            continue
        if not ((each.get("diff") or {}).get("before")):
            names.append(label(family, item))
    return names


def same_permissions(wanted, current, purge):
    def entries(items):
        return set((str(item.get("role") or "").lower(), str(item.get("user") or "").lower(),
                    item.get("permission") or "View") for item in items or [] if isinstance(item, Mapping))
    wanted, current = entries(wanted), entries(current)
    return wanted == current if purge else wanted <= current


def same(family, item, current, purge):
    """True when ``current`` already is what ``item`` asks (the options it gives; conservative: a doubt runs the
    module, which decides)."""
    if family == "content":
        name = str(item.get("path", "")).rstrip("/").rpartition("/")[2]
        if not isinstance(item.get("definition"), Mapping):
            return False
        wanted = dict(plain(item["definition"]), name=name)
        have = dict(current.get("definition") or {}, name=name)
        return canonical_definition(wanted) == canonical_definition(have)
    purge = purge or bool(item.get("purge_permissions"))
    for option, value in item.items():
        if option in IDENTITY[family] or option == "state" or option.startswith("purge_") or option == "rows_mode":
            continue
        if option in UNREADABLE:
            return False
        have = current.get(option)
        if option == "permissions":
            if not same_permissions(value, have, purge):
                return False
        elif option in SETS.get(family, ()):
            if sorted(plain(value) or [], key=sort_key) != sorted(plain(have) or [], key=sort_key):
                return False
        elif option == "description":
            if (value or "") != (have or ""):
                return False
        elif plain(value) != plain(have):
            return False
    return True


def org_pending(desired, current, family, overridden=False, roots=None):
    """The items of ``desired`` (a family file's list) that a singular module must still be run for.

    ``current`` is what a task read of the family (as for ``org_export``). An item is left out
    when the current object already is what it asks; one that names no current object, differs,
    or gives rows (which no API reads back) is kept. With ``overridden``, each item carries the
    family's purge options, and every current object under ``roots`` that no item names is added
    as ``state: absent`` (of folders, only the topmost: a folder's deletion takes what is in it).
    """
    check_family(family, "org_pending")
    by_key = {}
    for item in items_of(current, family):
        by_key.setdefault(key_of(family, item), item)
    pending, named = [], set()
    for item in plain(desired or []):
        if not isinstance(item, Mapping):
            raise AnsibleFilterError("org_pending: an item of %s is not a dict: %r" % (family, item))
        key = key_of(family, item)
        named.add(key)
        if overridden and family in PURGED:
            item = dict(PURGED[family], **item)
        found = by_key.get(key)
        if item.get("state", "present") == "absent" or found is None or not same(family, item, found, overridden):
            pending.append(item)
    if overridden:
        gone = []
        for key, found in sorted(by_key.items()):
            if key in named or not in_roots(family, found, roots):
                continue
            if family == "folders" and any(under(found["path"], [other["path"]]) for other in gone):
                continue
            gone.append(found)
            pending.append(dict(dict((option, found[option]) for option in IDENTITY[family] if option in found),
                                state="absent"))
    return pending


def org_keep_relations(items, family, current=None, keep_given=False):
    """The items with the options of a relation kept on the other side (a role's ``users``, which the users'
    ``roles`` set) as the current objects have them (``current``: what a task read of the family), or left out
    where no object is read, so that applying the items leaves the relation as it is, whatever their state.
    With ``keep_given``, an option an item gives is kept as given."""
    check_family(family, "org_keep_relations")
    options = RELATIONS.get(family, ())
    by_key = {}
    if current is not None:
        for found in items_of(current, family):
            by_key.setdefault(key_of(family, found), found)
    kept = []
    for item in plain(items or []):
        found = by_key.get(key_of(family, item))
        given = dict((key, value) for key, value in item.items() if key in options and keep_given)
        item = dict((key, value) for key, value in item.items() if key not in options)
        for option in options:
            if option in given:
                item[option] = given[option]
            elif found is not None and found.get(option) is not None:
                item[option] = found[option]
        kept.append(item)
    return kept


def secret_path(key):
    """``config.headers[0].value`` -> ``["config", "headers", 0, "value"]``."""
    steps = []
    for part in str(key).split("."):
        name, dummy, rest = part.partition("[")
        if name:
            steps.append(name)
        while rest:
            index, dummy, rest = rest.partition("]")
            steps.append(int(index))
            rest = rest[1:] if rest.startswith("[") else rest
    return steps


def org_with_secrets(desired, secrets):
    """The families' items (``{family: [items]}``) with the credentials an export left out put back.

    ``secrets`` are the entries ``org_export`` lists (``family``, ``name``, ``key``), each with its
    ``value``; an entry that names no item fails, naming it.
    """
    desired = plain(desired or {})
    for entry in plain(secrets or []):
        if not isinstance(entry, Mapping) or not all(entry.get(k) is not None for k in ("family", "name", "key")) \
                or "value" not in entry:
            raise AnsibleFilterError("org_with_secrets: each secret needs family, name, key and value (the entries "
                                     "org_export lists, with a value); got one with %s"
                                     % ", ".join(sorted(entry)) if isinstance(entry, Mapping) else type(entry).__name__)
        family = entry["family"]
        check_family(family, "org_with_secrets")
        if family not in desired:
            continue
        wanted = str(entry["name"]).lower()
        item = next((each for each in desired[family] if label(family, each).lower() == wanted), None)
        if item is None:
            raise AnsibleFilterError("org_with_secrets: no item of %s is %s (for its %s)"
                                     % (family, entry["name"], entry["key"]))
        steps, node = secret_path(entry["key"]), item
        for step, following in zip(steps, steps[1:]):
            if isinstance(step, int):
                while len(node) <= step:
                    node.append({} if isinstance(following, str) else [])
                node = node[step]
            else:
                node = node.setdefault(step, [] if isinstance(following, int) else {})
        last = steps[-1]
        if isinstance(last, int):
            node.insert(last, entry["value"])
        else:
            node[last] = entry["value"]
    return desired


class FilterModule(object):
    def filters(self):
        return {"org_export": org_export, "org_created": org_created, "org_pending": org_pending,
                "org_keep_relations": org_keep_relations, "org_with_secrets": org_with_secrets}
