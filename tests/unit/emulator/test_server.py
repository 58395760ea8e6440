# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator run on its own (``python -m tests.emulator``): seed options from the parts, SIGTERM."""

from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess
import sys
import time

import requests

from ansible_collections.community.sumologic.tests.emulator.app import PARTS, load_parts, part_seed_options
from ansible_collections.community.sumologic.tests.emulator.server import parse_args

COLLECTION = pathlib.Path(__file__).resolve().parents[3]


def test_every_part_s_seed_options_are_command_line_options():
    options = part_seed_options()
    assert [o.name for o in options] == ["collectors", "roles", "system_roles", "users", "insights", "fields", "field_quota",
                                         "dropped_fields", "extraction_rules", "partitions", "scheduled_views",
                                         "ingest_budgets", "search_messages", "search_span_minutes", "connections",
                                         "monitors", "monitor_folders", "content_items", "content_job_polls",
                                         "dashboards", "lookup_tables"]
    args = parse_args(["--field-quota", "7", "--extraction-rules", "3"])
    assert (args.field_quota, args.extraction_rules, args.partitions) == (7, 3, None)
    assert [part.__name__.rsplit(".", 1)[1] for part in load_parts()] == list(PARTS)


def test_standalone_run_and_sigterm(tmp_path):
    port_file = tmp_path / "port"
    command = [sys.executable, "-m", "tests.emulator", "--port", "0", "--port-file", str(port_file),
               "--no-rate-limit", "--seed", "empty", "--field-quota", "7"]
    with subprocess.Popen(command, cwd=str(COLLECTION), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=dict(os.environ, PYTHONUNBUFFERED="1")) as proc:
        try:
            for dummy in range(100):
                if port_file.exists() and port_file.read_text():
                    break
                time.sleep(0.1)
            started = json.loads(proc.stdout.readline())
            quota = requests.get(started["endpoint"] + "/v1/fields/quota", timeout=10,
                                 auth=(started["access_id"], "emulatorAccessKeyChangeMe0123456789"))
            assert quota.json() == {"quota": 7, "remaining": 7}
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0
        finally:
            if proc.poll() is None:
                proc.kill()


def test_the_empty_seed_with_sumo_logic_s_own_roles(api):
    def roles(body):
        api.control("POST", "/reset", body)
        return sorted((role["name"], role["systemDefined"]) for role in api.get("/v1/roles").json()["data"])

    assert roles({"seed": "empty"}) == []
    assert roles({"seed": "empty", "system_roles": 1}) == [("Administrator", True), ("Analyst", True)]
    assert [name for name, system in roles({"seed": "demo", "system_roles": 1}) if system] == [
        "Administrator", "Analyst"], "the demo seed has them once"
    api.control("POST", "/reset", {"seed": "demo"})
