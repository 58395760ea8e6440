# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``make bench``, part two: many objects, with the emulator's rate limits on.

Compares, in one run and against the same emulator (4 requests/s per access id, 10 in
flight per key), three ways to manage a set of objects:

* ``loop``: a loop of the singular module (``sumo_collector``, ``sumo_user``);
* ``plural``: one task of the plural module (``sumo_collectors``, ``sumo_users``);
* ``uri``: a hand-written ``ansible.builtin.uri`` playbook (look up, create, update with
  ``If-Match``, waiting out 429s with ``until``);

for a create, a re-run with nothing to do and an update of one field of 20 objects;
then a drift audit of a whole organisation through ``roles/org_audit`` against the loop
audit it replaces; then a Monitor Library of 500 monitors in 50 folders (``alerting``):
``gathered``, a re-run of the whole set and an update of 10 monitors, by ``sumo_monitors``
and by a loop of ``sumo_monitor`` (``sumo_monitor_info`` for the reads). ``--only
alerting`` runs that part alone (its rows are then written to ``many-alerting.md``). Each row: wall time of the ``ansible-playbook`` run (startup included),
requests answered, 429 answers, and whether the run failed. Nothing asserts on time.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

import requests

from ..tests.emulator.server import EmulatorServer
from . import playbook_env

PLAY = """- hosts: localhost
  gather_facts: false
  module_defaults:
    group/community.sumologic.sumologic:
      endpoint: "{{{{ endpoint }}}}"
      access_id: "{{{{ access_id }}}}"
      access_key: "{{{{ access_key }}}}"
  tasks:
{tasks}"""

LOOP = {
    "collectors": """    - name: One task per collector
      community.sumologic.sumo_collector:
        name: "{{ item.name }}"
        category: "{{ item.category }}"
      loop: "{{ items }}"
      loop_control: {label: "{{ item.name }}"}
""",
    "users": """    - name: One task per user
      community.sumologic.sumo_user:
        email: "{{ item.email }}"
        first_name: "{{ item.first_name }}"
        last_name: "{{ item.last_name }}"
        roles: "{{ item.roles }}"
      loop: "{{ items }}"
      loop_control: {label: "{{ item.email }}"}
""",
}

PLURAL = {
    "collectors": """    - name: One task for every collector
      community.sumologic.sumo_collectors:
        config: "{{ items }}"
""",
    "users": """    - name: One task for every user
      community.sumologic.sumo_users:
        config: "{{ items }}"
""",
}

# The hand-written way: the REST calls themselves, idempotent, waiting out 429s.
URI_AUTH = """        user: "{{ access_id }}"
        password: "{{ access_key }}"
        force_basic_auth: true
      register: answer
      until: answer.status != 429
      retries: 60
      delay: 1
"""
URI = {
    "collectors": """    - name: Look each collector up by name
      ansible.builtin.uri:
        url: "{{ endpoint }}/v1/collectors/name/{{ item.name }}"
        status_code: [200, 404, 429]
""" + URI_AUTH + """      loop: "{{ items }}"
      loop_control: {label: "{{ item.name }}"}

    - name: Keep the lookups
      ansible.builtin.set_fact:
        lookups: "{{ answer.results }}"

    - name: Create the missing ones
      ansible.builtin.uri:
        url: "{{ endpoint }}/v1/collectors"
        method: POST
        body_format: json
        body: {collector: {collectorType: Hosted, name: "{{ item.item.name }}", category: "{{ item.item.category }}"}}
        status_code: [200, 429]
""" + URI_AUTH + """      loop: "{{ lookups }}"
      loop_control: {label: "{{ item.item.name }}"}
      when: item.status == 404

    - name: Update those that differ, with If-Match
      ansible.builtin.uri:
        url: "{{ endpoint }}/v1/collectors/{{ item.json.collector.id }}"
        method: PUT
        headers: {If-Match: "{{ item.etag }}"}
        body_format: json
        body: "{{ {'collector': item.json.collector | combine({'category': item.item.category})} }}"
        status_code: [200, 429]
""" + URI_AUTH + """      loop: "{{ lookups }}"
      loop_control: {label: "{{ item.item.name }}"}
      when: item.status == 200 and item.json.collector.category != item.item.category
""",
    "users": """    - name: Role names to ids
      ansible.builtin.uri:
        url: "{{ endpoint }}/v1/roles?limit=1000"
        status_code: [200, 429]
""" + URI_AUTH + """
    - name: Keep them
      ansible.builtin.set_fact:
        role_ids: "{{ answer.json.data | items2dict(key_name='name', value_name='id') }}"

    - name: Look each user up by email
      ansible.builtin.uri:
        url: "{{ endpoint }}/v1/users?email={{ item.email | urlencode }}"
        status_code: [200, 429]
""" + URI_AUTH + """      loop: "{{ items }}"
      loop_control: {label: "{{ item.email }}"}

    - name: Keep the lookups
      ansible.builtin.set_fact:
        lookups: "{{ answer.results }}"

    - name: Create the missing ones
      ansible.builtin.uri:
        url: "{{ endpoint }}/v1/users"
        method: POST
        body_format: json
        body:
          firstName: "{{ item.item.first_name }}"
          lastName: "{{ item.item.last_name }}"
          email: "{{ item.item.email }}"
          roleIds: "{{ item.item.roles | map('extract', role_ids) | list }}"
        status_code: [200, 429]
""" + URI_AUTH + """      loop: "{{ lookups }}"
      loop_control: {label: "{{ item.item.email }}"}
      when: item.json.data | length == 0

    - name: Update those that differ
      ansible.builtin.uri:
        url: "{{ endpoint }}/v1/users/{{ item.json.data[0].id }}"
        method: PUT
        body_format: json
        body:
          firstName: "{{ item.item.first_name }}"
          lastName: "{{ item.item.last_name }}"
          isActive: "{{ item.json.data[0].isActive }}"
          roleIds: "{{ item.item.roles | map('extract', role_ids) | list }}"
        status_code: [200, 429]
""" + URI_AUTH + """      loop: "{{ lookups }}"
      loop_control: {label: "{{ item.item.email }}"}
      when: >-
        item.json.data | length > 0 and (item.json.data[0].firstName != item.item.first_name
        or item.json.data[0].lastName != item.item.last_name
        or (item.json.data[0].roleIds | sort) != (item.item.roles | map('extract', role_ids) | sort))
""",
}

# The audit before the plural modules: a check-mode loop over each singular module.
LOOP_AUDIT_FAMILIES = (
    ("collectors", "sumo_collector", "name", ("name", "category")),
    ("sources", "sumo_source", "name", ("collector", "name", "source_type", "category")),
    ("roles", "sumo_role", "name", ("name", "description", "capabilities", "users")),
    ("users", "sumo_user", "email", ("email", "first_name", "last_name", "roles")),
)
LOOP_AUDIT_TASK = """    - name: Audit {family}
      community.sumologic.{module}:
{options}      loop: "{{{{ desired_{family} }}}}"
      loop_control: {{label: "{{{{ item.{label} }}}}"}}
      check_mode: true
      diff: true
"""
LOOP_AUDIT = "".join(
    LOOP_AUDIT_TASK.format(family=family, module=module, label=label,
                           options="".join('        %s: "{{ item.%s | default(omit) }}"\n' % (o, o) for o in options))
    for family, module, label, options in LOOP_AUDIT_FAMILIES)

ROLE_AUDIT = """    - name: Audit with the role
      ansible.builtin.include_role:
        name: community.sumologic.org_audit
      vars:
        org_audit_collectors: "{{ desired_collectors }}"
        org_audit_sources: "{{ desired_sources }}"
        org_audit_roles: "{{ desired_roles }}"
        org_audit_users: "{{ desired_users }}"
        org_audit_collector_scope: {collector_type: hosted}
        org_audit_user_scope: {}
        org_audit_role_scope: {}
"""


# The Monitor Library: the emulator's generated monitors (/Monitors/Bulk/folder-NNNN/bulk-monitor-NNNNN), each
# notifying one of the generated connections.
MONITORS_GATHER = """    - name: The library in the form of config
      community.sumologic.sumo_monitors:
        state: gathered
        scope: {folder: /Monitors/Bulk}
      register: library

    - name: Kept for the benchmark
      ansible.builtin.copy:
        content: "{{ library.gathered | to_json }}"
        dest: "{{ out }}"
        mode: "0600"
"""
MONITORS = {
    "plural": {
        "gathered": """    - name: The library in the form of config, in one task
      community.sumologic.sumo_monitors:
        state: gathered
        scope: {folder: /Monitors/Bulk}
""",
        "set": """    - name: One task for every monitor
      community.sumologic.sumo_monitors:
        config: "{{ items }}"
""",
    },
    "loop": {
        "gathered": """    - name: One read per monitor
      community.sumologic.sumo_monitor_info:
        folder: "{{ item.folder }}"
        name: "{{ item.name }}"
      loop: "{{ items }}"
      loop_control: {label: "{{ item.folder }}/{{ item.name }}"}
""",
        "set": """    - name: One task per monitor
      community.sumologic.sumo_monitor: "{{ item }}"
      loop: "{{ items }}"
      loop_control: {label: "{{ item.folder }}/{{ item.name }}"}
""",
    },
}


class Bench:
    def __init__(self, server, workdir):
        self.server = server
        self.control = server.control
        self.workdir = workdir
        self.http = requests.Session()
        self.api = requests.Session()
        self.api.auth = (server.access_id, server.access_key)

    def reset(self, **options):
        self.http.post(self.control + "/reset", json=dict(options, seed="demo"), timeout=120).raise_for_status()

    def limits(self, on):
        self.http.post(self.control + "/settings", json={"rate_limit": on}, timeout=10).raise_for_status()

    def playbook(self, tasks, variables, check=False):
        """Run a playbook; (seconds, failed, answers of the emulator)."""
        path = os.path.join(self.workdir, "play.yml")
        with open(path, "w") as handle:
            handle.write(PLAY.format(tasks=tasks))
        with open(os.path.join(self.workdir, "vars.json"), "w") as handle:
            json.dump(dict(variables, endpoint=self.server.url, access_id=self.server.access_id,
                           access_key=self.server.access_key), handle)
        cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), path,
               "-e", "@" + os.path.join(self.workdir, "vars.json")]
        if check:
            cmd.append("--check")
        self.http.delete(self.control + "/requests", timeout=10).raise_for_status()
        started = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=playbook_env())
        elapsed = time.monotonic() - started
        log = self.http.get(self.control + "/requests", timeout=30).json()["requests"]
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-2000:])
        return elapsed, proc.returncode != 0, log

    def get_all(self, path, key, paged_by_token):
        items, params = [], {"limit": 1000}
        if not paged_by_token:
            params["offset"] = 0
        while True:
            body = self.api.get(self.server.url + path, params=params, timeout=30).json()
            page = body.get(key) or []
            items.extend(page)
            if paged_by_token:
                if not body.get("next"):
                    return items
                params["token"] = body["next"]
            else:
                if len(page) < 1000:
                    return items
                params["offset"] += len(page)


def row(group, how, step, elapsed, failed, log):
    answered = [entry for entry in log if entry["status"] != 429]
    return {"group": group, "how": how, "step": step, "seconds": round(elapsed, 2), "requests": len(log),
            "answered": len(answered), "429": len(log) - len(answered),
            "writes": sum(1 for entry in answered if entry["method"] != "GET"), "failed": failed}


def compare_ways(bench, family, count, rows):
    """Create, re-run and update 20 of ``count`` objects, three ways."""
    if family == "collectors":
        items = [{"name": "many-%04d" % i, "category": "many"} for i in range(count)]
    else:
        items = [{"email": "many%04d@example.com" % i, "first_name": "Many", "last_name": "User%04d" % i,
                  "roles": ["Analyst"]} for i in range(count)]
    changed = [dict(item) for item in items]
    for item in changed[:20]:
        if family == "collectors":
            item["category"] = "many-changed"
        else:
            item["last_name"] = item["last_name"] + "-changed"
    for how, tasks in (("loop", LOOP[family]), ("plural", PLURAL[family]), ("uri", URI[family])):
        for step in ("create", "re-run", "update 20"):
            bench.reset()
            bench.limits(False)
            if step != "create":
                bench.playbook(PLURAL[family], {"items": items})
            bench.limits(True)
            time.sleep(1.1)  # an empty rate window
            elapsed, failed, log = bench.playbook(tasks, {"items": changed if step == "update 20" else items})
            rows.append(row("%d %s" % (count, family), how, step, elapsed, failed, log))
            print_row(rows[-1])


def plural_rerun_of_many(bench, count, rows):
    """The re-run of ``count`` collectors by the plural module: requests and time."""
    items = [{"name": "many-%04d" % i, "category": "many"} for i in range(count)]
    bench.reset()
    bench.limits(False)
    bench.playbook(PLURAL["collectors"], {"items": items})
    bench.limits(True)
    time.sleep(1.1)
    elapsed, failed, log = bench.playbook(PLURAL["collectors"], {"items": items})
    rows.append(row("%d collectors" % count, "plural", "re-run", elapsed, failed, log))
    print_row(rows[-1])


def audit(bench, sizes, rows, with_loop):
    """An organisation of collectors, sources, users and roles, audited by the role and by loops."""
    bench.reset(users=sizes["users"], roles=sizes["roles"])
    bench.limits(False)
    collectors = [{"name": "org-%04d" % i, "category": "org"} for i in range(sizes["collectors"])]
    per = sizes["sources"] // sizes["collectors"]
    sources = [{"collector": c["name"], "name": "src-%d" % j, "source_type": "HTTP", "category": "org/src"}
               for c in collectors for j in range(per)]
    bench.playbook(PLURAL["collectors"], {"items": collectors})
    bench.playbook("""    - community.sumologic.sumo_sources:
        config: "{{ items }}"
""", {"items": sources})
    roles = [r for r in bench.get_all("/v1/roles", "data", True) if not r.get("systemDefined")]
    users = bench.get_all("/v1/users", "data", True)
    role_names = dict((r["id"], r["name"]) for r in bench.get_all("/v1/roles", "data", True))
    emails = dict((u["id"], u["email"]) for u in users)
    desired = {
        "desired_collectors": collectors,
        "desired_sources": sources,
        "desired_roles": [{"name": r["name"], "description": r.get("description") or "",
                           "capabilities": r.get("capabilities") or [],
                           "users": [emails[u] for u in r.get("users") or [] if u in emails]} for r in roles],
        "desired_users": [{"email": u["email"], "first_name": u["firstName"], "last_name": u["lastName"],
                           "roles": [role_names[r] for r in u.get("roleIds") or []]} for u in users],
    }
    # Some drift, and a collector nobody declared.
    desired["desired_collectors"][0] = dict(collectors[0], category="org-drift")
    bench.playbook("""    - community.sumologic.sumo_collector: {name: undeclared-collector}
""", {})
    group = "audit of %d collectors, %d sources, %d users, %d roles" % (
        len(collectors), len(sources), len(users), len(roles))
    ways = [("role (plural modules)", ROLE_AUDIT)]
    if with_loop:
        ways.append(("loop of singular modules", LOOP_AUDIT))
    for how, tasks in ways:
        bench.limits(True)
        time.sleep(1.1)
        elapsed, failed, log = bench.playbook(tasks, desired, check=True)
        rows.append(row(group, how, "check-mode audit", elapsed, failed, log))
        print_row(rows[-1])


def monitor_library(bench, sizes, rows):
    """A library of monitors in folders: gathered, re-run and an update of 10, by the plural module and by a loop."""
    monitors, folders, connections = sizes
    seed = {"monitors": monitors, "monitor_folders": folders, "connections": connections}
    bench.reset(**seed)
    bench.limits(False)
    out = os.path.join(bench.workdir, "library.json")
    elapsed, failed, log = bench.playbook(MONITORS_GATHER, {"out": out})
    if failed:
        raise SystemExit("could not gather the monitor library")
    with open(out) as handle:
        items = json.load(handle)
    changed = json.loads(json.dumps(items))
    for item in changed[:10]:
        for trigger in item["triggers"]:
            trigger["threshold"] = trigger["threshold"] + 5
    group = "%d monitors in %d folders" % (len(items), folders)
    for how in ("plural", "loop"):
        for step, tasks, variables in (("gathered", MONITORS[how]["gathered"], items),
                                       ("re-run", MONITORS[how]["set"], items),
                                       ("update 10", MONITORS[how]["set"], changed)):
            bench.reset(**seed)
            bench.limits(True)
            time.sleep(1.1)  # an empty rate window
            elapsed, failed, log = bench.playbook(tasks, {"items": variables})
            module = "sumo_monitors" if how == "plural" else "sumo_monitor_info" if step == "gathered" else "sumo_monitor"
            rows.append(row(group, "%s (%s)" % (how, module), step, elapsed, failed, log))
            print_row(rows[-1])


def print_row(r):
    print("%-58s %-26s %-16s %8.1fs %6d requests %5d x 429 %4d writes %s" % (
        r["group"], r["how"], r["step"], r["seconds"], r["requests"], r["429"], r["writes"],
        "FAILED" if r["failed"] else ""), flush=True)


def write(rows, out, name="many"):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    meta = {"when": stamp, "python": platform.python_version(), "cpus": os.cpu_count(),
            "limits": "4 requests/s per access id, 10 in flight per key",
            "note": "wall time of a whole ansible-playbook run, startup included"}
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "%s-%s.json" % (name, stamp)), "w") as handle:
        json.dump({"meta": meta, "results": rows}, handle, indent=2)
    with open(os.path.join(out, "%s.md" % name), "w") as handle:
        handle.write("# Many objects, rate limits on: %s (Python %s, %s CPUs)\n\n" % (stamp, meta["python"], meta["cpus"]))
        handle.write("| Objects | How | Step | Seconds | Requests | 429 | Writes | Failed |\n|---|---|---|---|---|---|---|---|\n")
        for r in rows:
            handle.write("| %s | %s | %s | %.1f | %d | %d | %d | %s |\n" % (
                r["group"], r["how"], r["step"], r["seconds"], r["requests"], r["429"], r["writes"],
                "yes" if r["failed"] else "no"))
    print("written to %s" % out)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Many objects: loop vs plural modules vs uri, and the org audit")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results"))
    parser.add_argument("--count", type=int, default=200, help="collectors and users of the comparison")
    parser.add_argument("--rerun-count", type=int, default=1000, help="collectors of the plural re-run")
    parser.add_argument("--audit", default="200,600,2000,100",
                        help="collectors,sources,users,roles of the audit (users and roles besides the demo's)")
    parser.add_argument("--monitors", default="500,50,5",
                        help="monitors,folders,connections of the Monitor Library (alerting)")
    parser.add_argument("--skip", default="",
                        help="comma-separated parts to skip: ways, rerun, audit, loop-audit, alerting")
    parser.add_argument("--only", default="", help="comma-separated parts to run, the others skipped (their rows "
                                                   "are written to many-<parts>.md, not many.md)")
    args = parser.parse_args(argv)
    parts = ("ways", "rerun", "audit", "loop-audit", "alerting")
    only = [part for part in args.only.split(",") if part]
    skip = set(filter(None, args.skip.split(","))) | (set(parts) - set(only) if only else set())
    sizes = dict(zip(("collectors", "sources", "users", "roles"), map(int, args.audit.split(","))))
    rows = []
    with EmulatorServer(rate_limit=True) as server, tempfile.TemporaryDirectory() as workdir:
        bench = Bench(server, workdir)
        if "ways" not in skip:
            compare_ways(bench, "collectors", args.count, rows)
            compare_ways(bench, "users", args.count, rows)
        if "rerun" not in skip:
            plural_rerun_of_many(bench, args.rerun_count, rows)
        if "audit" not in skip:
            audit(bench, sizes, rows, with_loop="loop-audit" not in skip)
        if "alerting" not in skip:
            monitor_library(bench, tuple(map(int, args.monitors.split(","))), rows)
    write(rows, args.out, "many-" + "-".join(only) if only else "many")
    return 0


if __name__ == "__main__":
    sys.exit(main())
