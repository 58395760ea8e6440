# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``make bench`` (or ``make bench-search`` alone): the requests and the time of one log search.

An organisation of 25,000 log messages on the emulator, with Sumo Logic's rate limits on
(4 requests/s per access id, 10 in flight per key) and the module's pacing on (its
default ``rate_limit: 4``); each row is one ``sumo_search`` task in an ``ansible-playbook``
run, and the same search run in-process (``run_search`` on a client, without Ansible's
start-up). For each: the requests by kind (create, status polls, result pages, delete),
429 answers, and wall times (medians of ``--repeat`` runs). The emulator moves a job one
state on per status request (four polls to DONE), so the time of a search here is the
module's polling schedule plus the transfer of the pages, not the time Sumo Logic takes
to search. Printed, and written to ``bench/results/search-<date>.json`` and ``search.md``.
Nothing here asserts: benchmarks report, tests judge.
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

from ..plugins.module_utils.api import SumoClient
from ..plugins.module_utils.search import Search, run_search
from ..tests.emulator.server import EmulatorServer
from . import playbook_env

MESSAGES = 25000
QUERY = "_sourceCategory=bulk/*"
PLAY = """- hosts: localhost
  gather_facts: false
  tasks:
    - community.sumologic.sumo_search:
        endpoint: "{endpoint}"
        access_id: "{access_id}"
        access_key: "{access_key}"
{options}
"""
ROWS = [
    ("25,000 messages, every one (max_results: 25000)", {"query": QUERY, "from_time": "-2h", "max_results": 25000}),
    ("25,000 messages, the default max_results (10,000)", {"query": QUERY, "from_time": "-2h"}),
    ("25,000 messages, counted only (max_results: 0)", {"query": QUERY, "from_time": "-2h", "max_results": 0}),
    ("records: count by _sourceCategory of 25,000 messages",
     {"query": QUERY + " | count by _sourceCategory", "from_time": "-2h", "results": "records"}),
]


def kind_of(entry):
    """create, status, messages, records or delete, from a request of the log."""
    tail = entry["path"].split("/api/v1/search/jobs", 1)[-1]
    if entry["method"] == "POST":
        return "create"
    if entry["method"] == "DELETE":
        return "delete"
    return tail.rsplit("/", 1)[-1] if tail.count("/") > 1 else "status"


def counts(log):
    out = {}
    for entry in log:
        key = "429" if entry["status"] == 429 else kind_of(entry)
        out[key] = out.get(key, 0) + 1
    return out


class Bench:
    def __init__(self, server, workdir):
        self.server = server
        self.workdir = workdir
        self.http = requests.Session()

    def control(self, method, path, body=None):
        resp = self.http.request(method, self.server.control + path, json=body, timeout=120)
        resp.raise_for_status()
        return resp.json()

    def fresh(self):
        self.control("POST", "/reset", {"seed": "empty", "search_messages": MESSAGES})
        self.control("DELETE", "/requests")
        time.sleep(1.1)  # an empty rate window

    def playbook(self, options):
        path = os.path.join(self.workdir, "search.yml")
        lines = "\n".join("        %s: %s" % (key, json.dumps(value)) for key, value in options.items())
        with open(path, "w") as handle:
            handle.write(PLAY.format(endpoint=self.server.url, access_id=self.server.access_id,
                                     access_key=self.server.access_key, options=lines))
        cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), path]
        started = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=playbook_env())
        elapsed = time.monotonic() - started
        if proc.returncode != 0:
            raise RuntimeError("playbook failed:\n%s\n%s" % (proc.stdout[-3000:], proc.stderr[-3000:]))
        return elapsed

    def startup(self):
        """An ansible-playbook run of one task that does nothing: its start-up, to read the rows against."""
        path = os.path.join(self.workdir, "noop.yml")
        with open(path, "w") as handle:
            handle.write("- hosts: localhost\n  gather_facts: false\n  tasks:\n    - ansible.builtin.meta: noop\n")
        cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), path]
        started = time.monotonic()
        subprocess.run(cmd, capture_output=True, text=True, check=True, env=playbook_env())
        return time.monotonic() - started

    def in_process(self, options):
        client = SumoClient(self.server.access_id, self.server.access_key, endpoint=self.server.url)
        started = time.monotonic()
        result = run_search(client, Search(dict({"time_zone": "UTC"}, **options)))
        return time.monotonic() - started, result


def measure(bench, name, options, repeat):
    playbook_times, search_times, log, result = [], [], None, None
    for dummy in range(repeat):
        bench.fresh()
        playbook_times.append(bench.playbook(options))
        log = bench.control("GET", "/requests")["requests"]
        bench.fresh()
        took, result = bench.in_process(options)
        search_times.append(took)
    playbook_times.sort()
    search_times.sort()
    returned = len(result.get("messages", result.get("records", [])))
    return {"scenario": name, "requests": len(log), "by_kind": counts(log),
            "returned": returned, "message_count": result["message_count"], "record_count": result["record_count"],
            "search_median_s": round(search_times[len(search_times) // 2], 2),
            "playbook_median_s": round(playbook_times[len(playbook_times) // 2], 2), "runs": repeat}


def write(rows, out, startup):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    meta = {"when": stamp, "python": platform.python_version(), "cpus": os.cpu_count(),
            "load": [round(x, 1) for x in os.getloadavg()],
            "limits": "emulator: 4 requests/s per access id, 10 in flight per key; module pacing on (rate_limit 4)",
            "playbook_startup_s": round(startup, 2)}
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "search-%s.json" % stamp), "w") as handle:
        json.dump({"meta": meta, "results": rows}, handle, indent=2)
    with open(os.path.join(out, "search.md"), "w") as handle:
        handle.write("# One log search, rate limits on: %s (Python %s, %s CPUs, load %s)\n\n" % (
            stamp, meta["python"], meta["cpus"], " ".join(str(x) for x in meta["load"])))
        handle.write("| Search | Requests | By kind | Returned | Search s (in-process) | Playbook s |\n"
                     "|---|---|---|---|---|---|\n")
        for r in rows:
            handle.write("| %s | %d | %s | %d | %.2f | %.2f |\n" % (
                r["scenario"], r["requests"], json.dumps(r["by_kind"], sort_keys=True), r["returned"],
                r["search_median_s"], r["playbook_median_s"]))
        handle.write("\nAn ansible-playbook run of one task that does nothing took %.2f s (median) in the same "
                     "conditions: the playbook column is that plus the search.\n" % startup)
        handle.write("\nThe emulator moves a job one state on per status request (four polls: NOT STARTED, "
                     "GATHERING RESULTS twice, DONE), so the search time is the module's polling (first wait "
                     "0.5 s, growing by half up to 5 s) and the transfer of the pages; on Sumo Logic it also "
                     "depends on how long the search itself runs.\n")
    print("written to %s" % out)


def main(argv=None):
    parser = argparse.ArgumentParser(description="The requests and the time of one log search of 25,000 messages")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = []
    with EmulatorServer(rate_limit=True) as server, tempfile.TemporaryDirectory() as workdir:
        bench = Bench(server, workdir)
        for name, options in ROWS:
            row = measure(bench, name, options, args.repeat)
            rows.append(row)
            print("%-55s %2d requests %-62s returned %5d  search %.2fs  playbook %.2fs" % (
                row["scenario"], row["requests"], json.dumps(row["by_kind"], sort_keys=True), row["returned"],
                row["search_median_s"], row["playbook_median_s"]), flush=True)
        startups = sorted(bench.startup() for dummy in range(args.repeat))
    startup = startups[len(startups) // 2]
    print("ansible-playbook start-up (one task that does nothing): %.2fs" % startup)
    write(rows, args.out, startup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
