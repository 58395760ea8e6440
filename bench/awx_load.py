# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``make bench``: many forks and job slices on one access key, as AWX runs job templates.

200 collectors, one per inventory host (``connection: local``, so every task runs its
module on this machine), created by ``ansible-playbook`` against the emulator with Sumo
Logic's rate limits on (4 requests/s per access id, 10 in flight per key):

* one node: forks 1, 10 and 25 (one playbook; every fork shares this machine's pacing);
* three nodes: the hosts split in three slices, one playbook each with forks 10, run at
  the same time, each with a temp directory of its own (so each paces on its own, as
  separate execution nodes do, and only the 429s tell a node of the others: the
  adaptive rate), with the default ``rate_limit`` and with ``rate_limit: 1`` on each;
* the same rows with pacing off (``rate_limit: 0``), for comparison within one run.

For each row: requests sent, 429 answers (count and share of the requests), wall time,
the bound (answered requests / 4 per second: no client can do better with one access
key) and their ratio, failed tasks; when the first request came and each node's playbook
ended, the API span (first request to the end) over the bound, and the seconds of the key's
capacity left unused in each phase of the run (``bench/pacer_model.py``'s phases: before the
first request, its first 20 s, until the first node is done, after it). Printed, and written to
``bench/results/awx-<date>.json`` and as a section of ``bench/results/latest.md``.
Nothing here asserts: benchmarks report, tests judge.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import requests

from ..tests.emulator.server import EmulatorServer
from . import playbook_env
from .pacer_model import PHASES, phases

COLLECTORS = 200
PER_SECOND = 4

PLAYBOOK = """- name: One collector per host
  hosts: collectors
  gather_facts: false
  module_defaults:
    group/community.sumologic.sumologic:
      endpoint: "{endpoint}"
      access_id: "{access_id}"
      access_key: "{access_key}"
  tasks:
    - name: The host's collector
      community.sumologic.sumo_collector:
        name: "{{{{ inventory_hostname }}}}"
        description: AWX-style load
        category: bench/awx
"""


def row(name, forks, nodes=1, rate_limit=None):
    return {"name": name, "forks": forks, "nodes": nodes, "rate_limit": rate_limit}


ROWS = [
    row("1 node, forks 1", 1),
    row("1 node, forks 10", 10),
    row("1 node, forks 25", 25),
    row("3 nodes x forks 10", 10, nodes=3),
    row("3 nodes x forks 10, rate_limit 1 each", 10, nodes=3, rate_limit=1),
    row("1 node, forks 1, pacing off", 1, rate_limit=0),
    row("1 node, forks 10, pacing off", 10, rate_limit=0),
    row("1 node, forks 25, pacing off", 25, rate_limit=0),
    row("3 nodes x forks 10, pacing off", 10, nodes=3, rate_limit=0),
]

RECAP = re.compile(r"^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def write_inventory(path, hosts):
    with open(path, "w") as handle:
        handle.write("[collectors]\n%s\n\n[collectors:vars]\nansible_connection=local\n"
                     "ansible_python_interpreter=%s\n" % ("\n".join(hosts), sys.executable))


class Tracer(threading.Thread):
    """Reads each node's pacing state a few times a second: the rate each node paces at over time."""

    def __init__(self, node_dirs, started, ceiling, interval=0.25):
        super().__init__(daemon=True)
        self.node_dirs, self.started, self.ceiling, self.interval = node_dirs, started, ceiling, interval
        self.points = []
        self.halt = threading.Event()

    def run(self):
        from ..plugins.module_utils import pacing
        control = pacing.RateControl(self.ceiling)
        last = [None] * len(self.node_dirs)
        while not self.halt.wait(self.interval):
            for node, node_dir in enumerate(self.node_dirs):
                for root, _dirs, files in os.walk(node_dir):
                    for name in files:
                        if not name.endswith(".state"):
                            continue
                        try:
                            with open(os.path.join(root, name)) as handle:
                                state = json.load(handle)
                        except (OSError, ValueError):
                            continue
                        pace = control.pace(state, pacing.now())
                        if pace != last[node]:
                            last[node] = pace
                            self.points.append((round(time.monotonic() - self.started, 2), node, pace))


def run_row(server, item, workdir, collectors, trace=False):
    """Run one row: its playbooks at once; returns the row's figures."""
    requests.post(server.control + "/reset", json={"seed": "demo"}, timeout=60).raise_for_status()
    requests.post(server.control + "/settings", json={"rate_limit": True, "per_second": PER_SECOND,
                                                      "concurrent": 10}, timeout=10).raise_for_status()
    playbook = os.path.join(workdir, "awx_load.yml")
    with open(playbook, "w") as handle:
        handle.write(PLAYBOOK.format(endpoint=server.url, access_id=server.access_id, access_key=server.access_key))
    hosts = ["bench-awx-%03d" % (index + 1) for index in range(collectors)]
    runs = []
    for node in range(item["nodes"]):
        node_dir = tempfile.mkdtemp(prefix="node%d-" % node, dir=workdir)
        inventory = os.path.join(node_dir, "inventory.ini")
        write_inventory(inventory, hosts[node::item["nodes"]])
        env = playbook_env(TMPDIR=node_dir, ANSIBLE_LOCAL_TEMP=os.path.join(node_dir, "ansible"),
                           ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
        env.pop("SUMOLOGIC_PACING_DIR", None)  # each node paces in its own temp dir
        if item["rate_limit"] is not None:
            env["SUMOLOGIC_RATE_LIMIT"] = str(item["rate_limit"])
        else:
            env.pop("SUMOLOGIC_RATE_LIMIT", None)
        runs.append((node_dir, env, inventory))
    ansible_playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    started = time.monotonic()
    # The nodes' configured rate: what their pacers' levels are reckoned from (0: no pacing, nothing to trace).
    ceiling = PER_SECOND if item["rate_limit"] is None else item["rate_limit"]
    tracer = Tracer([node_dir for node_dir, env, inventory in runs], started, ceiling) if trace and ceiling else None
    if tracer:
        tracer.start()
    procs = [subprocess.Popen([ansible_playbook, "-f", str(item["forks"]), "-i", inventory, playbook],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for node_dir, env, inventory in runs]
    outputs, ended = [None] * len(procs), [None] * len(procs)

    def collect(index, proc):
        outputs[index] = proc.communicate()[0]
        ended[index] = round(time.monotonic() - started, 1)

    readers = [threading.Thread(target=collect, args=(index, proc), daemon=True) for index, proc in enumerate(procs)]
    try:
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()
    finally:
        for proc in procs:  # interrupted: no playbook outlives the benchmark
            if proc.poll() is None:
                proc.terminate()
                proc.wait()
    wall = time.monotonic() - started
    if tracer:
        tracer.halt.set()
        tracer.join()
    failed, messages = 0, []
    for output in outputs:
        recap = RECAP.findall(output)
        failed += sum(int(unreachable) + int(fail) for host, ok, changed, unreachable, fail in recap)
        if len(recap) < len(hosts) // item["nodes"]:
            messages.append("playbook ended early:\n" + output[-2000:])
        messages.extend(line.strip()[:400] for line in output.splitlines() if line.startswith("fatal:"))
    log = requests.get(server.control + "/requests", timeout=30).json()["requests"]
    # The emulator runs in this process: its monotonic clock is this one.
    first = round(min(entry["at"] for entry in log) - started, 1) if log else None
    answered_at = [entry["at"] - started for entry in log if entry["status"] != 429]
    refused_at = [round(entry["at"] - started, 2) for entry in log if entry["status"] == 429]
    refused = len(refused_at)
    lost = dict(zip(PHASES, (round(part, 1) for part in phases(answered_at, ended, PER_SECOND)))) if answered_at else {}
    answered = len(log) - refused
    bound = answered / float(PER_SECOND)
    # The rate limit off, so that this count is never refused.
    requests.post(server.control + "/settings", json={"rate_limit": False}, timeout=10).raise_for_status()
    listing = requests.get(server.url + "/v1/collectors", auth=(server.access_id, server.access_key), timeout=30)
    listing.raise_for_status()
    names = [c["name"] for c in listing.json()["collectors"] if c["name"].startswith("bench-awx-")]
    for node_dir, env, inventory in runs:
        shutil.rmtree(node_dir, ignore_errors=True)
    return {"row": item["name"], "nodes": item["nodes"], "forks": item["forks"],
            "rate_limit": item["rate_limit"] if item["rate_limit"] is not None else "default (4)",
            "collectors": collectors, "wall_s": round(wall, 1), "answered": answered, "bound_s": round(bound, 1),
            "wall_over_bound": round(wall / bound, 2) if bound else None, "node_wall_s": ended,
            "first_request_s": first,
            "span_over_bound": round((wall - first) / bound, 2) if bound and first is not None else None,
            "capacity_lost_s": lost, "requests": len(log), "http_429": refused,
            "share_429": round(refused / float(len(log)), 3) if log else 0.0, "failed_tasks": failed,
            "collectors_created": len(names), "duplicates": len(names) - len(set(names)),
            "failures": messages[:5],
            **({"trace": tracer.points, "refused_at_s": refused_at} if tracer else {})}


def markdown(meta, rows):
    lines = ["## AWX-style load %s (Python %s, %s CPUs)" % (meta["when"], meta["python"], meta["cpus"]), "",
             "%d collectors, one per host, against the emulator with its rate limits on (%d requests/s per "
             "access id, 10 in flight). Bound: answered requests / %d per second." % (
                 rows[0]["collectors"] if rows else COLLECTORS, PER_SECOND, PER_SECOND), "",
             "| Row | Wall s | Bound s | Wall / bound | Requests | Answered | 429 | 429 share | Failed tasks |",
             "|---|---|---|---|---|---|---|---|---|"]
    for item in rows:
        lines.append("| %s | %.1f | %.1f | %s | %d | %d | %d | %.1f%% | %d |" % (
            item["row"], item["wall_s"], item["bound_s"], item["wall_over_bound"], item["requests"], item["answered"],
            item["http_429"], 100 * item["share_429"], item["failed_tasks"]))
    return "\n".join(lines) + "\n"


def write_section(path, section):
    """Put the section into ``latest.md``, replacing an earlier one (the rest is bench/run.py's)."""
    text = open(path).read() if os.path.exists(path) else ""
    start = text.find("## AWX-style load")
    if start >= 0:
        text = text[:start]
    text = text.rstrip("\n")
    with open(path, "w") as handle:
        handle.write((text + "\n\n" if text else "") + section)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Many forks and job slices on one access key, as AWX runs them.")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results"))
    parser.add_argument("--collectors", type=int, default=COLLECTORS)
    parser.add_argument("--rows", help="comma-separated row numbers to run (1-based; default all)")
    parser.add_argument("--trace", action="store_true",
                        help="record the rate each node paces at over time, and when each 429 came (in the JSON results)")
    args = parser.parse_args(argv)
    chosen = ROWS
    if args.rows:
        chosen = [ROWS[int(number) - 1] for number in args.rows.split(",")]
    rows = []
    with EmulatorServer(rate_limit=True) as server, tempfile.TemporaryDirectory() as workdir:
        for item in chosen:
            result = run_row(server, item, workdir, args.collectors, trace=args.trace)
            rows.append(result)
            print("%-42s wall %6.1fs  bound %6.1fs  (x%s)  requests %4d  429s %4d (%4.1f%%)  failed %d  collectors %d" % (
                result["row"], result["wall_s"], result["bound_s"], result["wall_over_bound"], result["requests"],
                result["http_429"],
                100 * result["share_429"], result["failed_tasks"], result["collectors_created"]), flush=True)
            print("    first request at %ss, playbooks ended at %s s, API span / bound x%s; capacity lost (s): %s" % (
                result["first_request_s"], result["node_wall_s"], result["span_over_bound"],
                ", ".join("%s %s" % item for item in result["capacity_lost_s"].items())), flush=True)
            for message in result["failures"]:
                print("    " + message, flush=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    meta = {"when": stamp, "python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "note": "wall time of the row's ansible-playbook runs, startup included"}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "awx-%s.json" % stamp), "w") as handle:
        json.dump({"meta": meta, "results": rows}, handle, indent=2)
    write_section(os.path.join(args.out, "latest.md"), markdown(meta, rows))
    print("written to %s" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
