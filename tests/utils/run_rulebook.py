# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""ansible-rulebook end to end: the example rulebook against the emulator.

``python -m tests.utils.run_rulebook`` (from the collection's root, with the collection
where ``ansible-galaxy collection list`` finds it, as ``make eda`` arranges) starts the
emulator, runs ``examples/rulebooks/triage_insights.yml`` with ansible-rulebook, raises new
insights and checks, through the emulator's state, that each high one was commented on and
set in progress (and assigned) once, that a low one was left alone, and that after a restart
with the same bookmark nothing is triaged twice and what arrived meanwhile is.

ansible-rulebook needs Java 17 or later: without one (``JAVA_HOME``, ``java`` on PATH or
``/usr/lib/jvm/*``) this says so loudly and exits 0, so only this step is skipped.
``--find-java`` prints the Java home found (exit 1 when there is none), for CI scripts.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

MINIMUM_JAVA = 17
RULEBOOK_DIR = os.path.join("examples", "rulebooks")
ASSIGNEE = "soc.analyst@example.com"


def java_version(java):
    """The major version of a ``java`` executable, or None."""
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def find_java(minimum=MINIMUM_JAVA):
    """``(java_home, major)`` of a Java runtime of at least ``minimum``: JAVA_HOME, then PATH, then /usr/lib/jvm."""
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(os.path.join(os.environ["JAVA_HOME"], "bin", "java"))
    if shutil.which("java"):
        candidates.append(shutil.which("java"))
    candidates += sorted(glob.glob("/usr/lib/jvm/*/bin/java"))
    found = []
    for java in candidates:
        major = java_version(java)
        if major is not None and major >= minimum:
            home = os.path.dirname(os.path.dirname(os.path.realpath(java)))
            found.append((home, major))
            if java in candidates[:2]:
                return found[-1]  # the one the user chose
    # Among the installed ones, the oldest that will do (the one ansible-rulebook is tested with).
    return min(found, key=lambda pair: pair[1]) if found else (None, None)


def loud(lines):
    rule = "!" * 78
    print("\n".join([rule] + ["!!  " + line for line in lines] + [rule]), flush=True)


class Rulebook:
    """One ansible-rulebook process running the example rulebook."""

    def __init__(self, workdir, env, log_path):
        self.log_path = log_path
        self.log = open(log_path, "ab")
        command = [shutil.which("ansible-rulebook", path=env["PATH"]) or "ansible-rulebook",
                   "-i", os.path.join("..", "inventory.yml"), "-r", "triage_insights.yml",
                   "--vars", os.path.join(workdir, "vars.yml"), "--print-events", "-v"]
        self.process = subprocess.Popen(command, cwd=RULEBOOK_DIR, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self):
        """Ctrl-C, as an operator would; the source is cancelled and writes its bookmark."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.log.close()
        return self.process.returncode

    def output(self):
        with open(self.log_path, errors="replace") as handle:
            return handle.read()


class Run:
    def __init__(self, server, workdir, env):
        self.server = server
        self.workdir = workdir
        self.env = env
        self.log_path = os.path.join(workdir, "ansible-rulebook.log")

    # -- the emulator ------------------------------------------------------------------------------

    def control(self, method, path, body=None):
        import requests
        resp = requests.request(method, self.server.control + path, json=body, timeout=10)
        resp.raise_for_status()
        return resp.json()

    def new_insight(self, name, severity):
        return self.control("POST", "/insights", {"name": name, "severity": severity})["insight"]

    def insight(self, insight_id):
        return self.server.state.insights[insight_id]

    def comments(self, insight_id):
        return self.server.state.insight_comments.get(insight_id, [])

    def polls(self):
        """The creation-window queries the source sent (one a poll)."""
        return [r for r in self.control("GET", "/requests")["requests"] if r["path"] == "/api/sec/v1/insights"
                and urllib.parse.parse_qs(r["query"]).get("q", [""])[0].startswith("created:>=")]

    def wait(self, what, predicate, rulebook, timeout):
        deadline = time.monotonic() + timeout
        while not predicate():
            if rulebook.process.poll() is not None:
                raise AssertionError("ansible-rulebook ended (rc %s) before %s" % (rulebook.process.returncode, what))
            if time.monotonic() > deadline:
                raise AssertionError("timed out after %d s waiting for %s" % (timeout, what))
            time.sleep(0.5)

    def triaged(self, insight):
        current = self.insight(insight["id"])
        return current["status"]["name"] == "inprogress" and len(self.comments(insight["id"])) >= 1

    # -- the scenario -----------------------------------------------------------------------------

    def session(self, label, arrivals, timeout):
        """Start ansible-rulebook, let ``arrivals()`` raise insights once it polls, wait for the high ones."""
        print("run_rulebook: %s: starting ansible-rulebook" % label, flush=True)
        started = time.monotonic()
        rulebook = Rulebook(self.workdir, self.env, self.log_path)
        try:
            before = len(self.polls())
            self.wait("the source's first poll", lambda: len(self.polls()) > before, rulebook, timeout)
            print("run_rulebook: %s: polling after %.1f s" % (label, time.monotonic() - started), flush=True)
            high, low = arrivals()
            for insight in high:
                self.wait("%s to be triaged" % insight["readableId"], lambda i=insight: self.triaged(i), rulebook,
                          timeout)
            # Two more polls: nothing else happens.
            count = len(self.polls())
            self.wait("two more polls", lambda: len(self.polls()) >= count + 2, rulebook, timeout)
        finally:
            rc = rulebook.stop()
        print("run_rulebook: %s: done in %.1f s, ansible-rulebook stopped (rc %s)"
              % (label, time.monotonic() - started, rc), flush=True)
        return high, low

    def check(self, insight, triaged):
        current, comments = self.insight(insight["id"]), self.comments(insight["id"])
        if triaged:
            assert current["status"]["name"] == "inprogress", current["status"]
            assert current["assignedTo"] == ASSIGNEE, current["assignedTo"]
            assert len(comments) == 1, "%s has %d comments: %r" % (insight["readableId"], len(comments), comments)
            assert "Triaged by Event-Driven Ansible" in comments[0]["body"], comments[0]["body"]
            assert current["severity"] in comments[0]["body"], comments[0]["body"]
        else:
            assert current["status"]["name"] == "new" and not comments, (current["status"], comments)

    def main(self, timeout):
        bookmark = os.path.join(self.workdir, "bookmark.json")
        with open(os.path.join(self.workdir, "vars.yml"), "w") as handle:
            json.dump({"triage_interval": 0.5, "triage_state_file": bookmark, "triage_assignee": ASSIGNEE}, handle)

        def first_arrivals():
            return ([self.new_insight("Exfiltration over DNS from db-01", "HIGH"),
                     self.new_insight("Ransomware note on fileserver-02", "CRITICAL")],
                    [self.new_insight("Port scan from a known scanner", "LOW")])

        high, low = self.session("first run", first_arrivals, timeout)
        for insight in high:
            self.check(insight, True)
        self.check(low[0], False)
        with open(bookmark) as handle:
            seen = json.load(handle)["seen"]
        assert set(seen) == {i["id"] for i in high}, seen

        # While it is down, one more high insight.
        meanwhile = self.new_insight("Credential stuffing against the VPN", "HIGH")

        def no_arrivals():
            return [meanwhile], []

        self.session("restart with the same bookmark", no_arrivals, timeout)
        for insight in high + [meanwhile]:
            self.check(insight, True)  # still one comment each: nothing triaged twice
        self.check(low[0], False)

        output = open(self.log_path, errors="replace").read()
        assert self.server.access_key not in output, "the access key is in ansible-rulebook's output"
        assert "community.sumologic.insights" in output, output[-2000:]
        print("run_rulebook: %d polls, %d API requests in all (the playbooks' included); %d insights triaged once "
              "each, the low one left alone" % (len(self.polls()), self.control("GET", "/requests")["total"],
                                                len(high) + 1), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--find-java", action="store_true", help="print the Java home found; exit 1 if none")
    parser.add_argument("--timeout", type=float, default=180, help="seconds for each wait (default 180)")
    parser.add_argument("--keep", help="keep ansible-rulebook's log and the bookmark in this directory")
    args = parser.parse_args(argv)

    java_home, major = find_java()
    if args.find_java:
        if java_home:
            print(java_home)
        return 0 if java_home else 1
    if not java_home:
        loud(["ansible-rulebook end to end: SKIPPED.",
              "ansible-rulebook needs a Java runtime %d or later, and none was found" % MINIMUM_JAVA,
              "(JAVA_HOME, java on PATH, /usr/lib/jvm/*). On Debian or Ubuntu:",
              "    apt-get install -y openjdk-17-jre-headless",
              "(.ci/run installs it). Every other step of make test ran."])
        return 0

    from ..emulator.server import EmulatorServer

    bin_dir = os.path.dirname(sys.executable)
    if not shutil.which("ansible-rulebook", path=bin_dir + os.pathsep + os.environ.get("PATH", "")):
        print("run_rulebook: ansible-rulebook is not installed (pip install -r tests/requirements.txt)", flush=True)
        return 1
    workdir = args.keep or tempfile.mkdtemp(prefix="run-rulebook-")
    os.makedirs(workdir, exist_ok=True)
    print("run_rulebook: Java %d at %s; work directory %s" % (major, java_home, workdir), flush=True)
    key = "emuKey-%s" % os.urandom(8).hex()
    with EmulatorServer(access_id="suTestAccessId", access_key=key) as server:
        env = dict(os.environ, SUMOLOGIC_BASE_URL=server.url, SUMOLOGIC_ACCESSID=server.access_id,
                   SUMOLOGIC_ACCESSKEY=server.access_key, JAVA_HOME=java_home, ANSIBLE_NOCOLOR="1",
                   PATH=os.pathsep.join([bin_dir, os.path.join(java_home, "bin"), os.environ.get("PATH", "")]))
        env.pop("SUMOLOGIC_ENVIRONMENT", None)
        run = Run(server, workdir, env)
        try:
            run.main(args.timeout)
        except AssertionError as exc:
            print("run_rulebook: FAILED: %s" % exc, flush=True)
            if os.path.exists(run.log_path):
                print("---- ansible-rulebook's output ----\n%s" % open(run.log_path, errors="replace").read()[-20000:])
            return 1
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    print("run_rulebook: the example rulebook closed the loop against the emulator", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
