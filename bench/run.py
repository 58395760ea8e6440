# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``make bench``: request counts and wall times of real module runs against the emulator.

Each scenario resets the emulator (with the organisation size it needs), runs one
playbook with ``ansible-playbook``, and reads the emulator's request log. Figures are
printed and written to ``bench/results/<date>.json`` and ``latest.md``. Nothing here
asserts on time: benchmarks report, tests judge.
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

HEADER = """- hosts: localhost
  gather_facts: false
  module_defaults:
    group/community.sumologic.sumologic:
      endpoint: "{endpoint}"
      access_id: "{access_id}"
      access_key: "{access_key}"
  tasks:
"""


def scenario(name, reset, setup, task, check=False):
    return {"name": name, "reset": reset, "setup": setup, "task": task, "check": check}


COLLECTOR = "    - community.sumologic.sumo_collector: {name: bench-collector, description: %s, category: bench}\n"

SCENARIOS = [
    scenario("sumo_collector create", {}, None, COLLECTOR % "one"),
    scenario("sumo_collector no-op", {}, COLLECTOR % "one", COLLECTOR % "one"),
    scenario("sumo_collector update one field", {}, COLLECTOR % "one", COLLECTOR % "two"),
    scenario("sumo_collector check-mode update", {}, COLLECTOR % "one", COLLECTOR % "two", check=True),
    scenario("sumo_collector delete", {}, COLLECTOR % "one",
             "    - community.sumologic.sumo_collector: {name: bench-collector, state: absent}\n"),
    scenario("sumo_collector_info list of 5003 collectors", {"collectors": 5000}, None,
             "    - community.sumologic.sumo_collector_info: {}\n"),
    scenario("sumo_collector_info by name among 5003", {"collectors": 5000}, None,
             "    - community.sumologic.sumo_collector_info: {name: bulk-4999}\n"),
]

EXTRA = os.path.join(os.path.dirname(__file__), "scenarios.json")


def load_extra():
    """Scenarios of the other modules, kept as data next to this file."""
    if not os.path.exists(EXTRA):
        return []
    with open(EXTRA) as handle:
        return [scenario(s["name"], s.get("reset", {}), s.get("setup"), s["task"], s.get("check", False))
                for s in json.load(handle)]


def run_playbook(server, tasks, check, workdir):
    path = os.path.join(workdir, "bench.yml")
    with open(path, "w") as handle:
        handle.write(HEADER.format(endpoint=server.url, access_id=server.access_id, access_key=server.access_key))
        handle.write(tasks)
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), path]
    if check:
        cmd.append("--check")
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=playbook_env())
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError("playbook failed:\n%s\n%s" % (proc.stdout[-3000:], proc.stderr[-3000:]))
    return elapsed


def measure(server, item, workdir, repeat):
    control = server.control
    times, log = [], None
    for dummy in range(repeat):
        requests.post(control + "/reset", json=dict(item["reset"], seed="demo"), timeout=60).raise_for_status()
        if item["setup"]:
            run_playbook(server, item["setup"], False, workdir)
        requests.delete(control + "/requests", timeout=10).raise_for_status()
        times.append(run_playbook(server, item["task"], item["check"], workdir))
        log = requests.get(control + "/requests", timeout=10).json()
    times.sort()
    return {"scenario": item["name"], "requests": log["total"], "by_method": log["counts"], "writes": log["writes"],
            "median_s": round(times[len(times) // 2], 3), "min_s": round(times[0], 3), "runs": repeat}


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = []
    with EmulatorServer() as server, tempfile.TemporaryDirectory() as workdir:
        for item in SCENARIOS + load_extra():
            row = measure(server, item, workdir, args.repeat)
            rows.append(row)
            print("%-55s %3d requests %-28s writes %d  median %.2fs (playbook wall time)" % (
                row["scenario"], row["requests"], json.dumps(row["by_method"], sort_keys=True), row["writes"],
                row["median_s"]), flush=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    meta = {"when": stamp, "python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "note": "wall time of a whole ansible-playbook run, startup included"}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "%s.json" % stamp), "w") as handle:
        json.dump({"meta": meta, "results": rows}, handle, indent=2)
    with open(os.path.join(args.out, "latest.md"), "w") as handle:
        handle.write("# Benchmark %s (Python %s, %s CPUs)\n\n" % (stamp, meta["python"], meta["cpus"]))
        handle.write("| Scenario | Requests | By method | Writes | Median s |\n|---|---|---|---|---|\n")
        for row in rows:
            by_method = json.dumps(row["by_method"], sort_keys=True)
            cells = (row["scenario"], row["requests"], by_method, row["writes"], row["median_s"])
            handle.write("| %s | %d | %s | %d | %.2f |\n" % cells)
    print("written to %s" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
