# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run a command with the emulator listening on a free port, then stop it.

``python -m tests.utils.run_with_emulator [--config FILE] -- COMMAND...``

The command sees ``SUMOLOGIC_BASE_URL``, ``SUMOLOGIC_ACCESSID``, ``SUMOLOGIC_ACCESSKEY`` and
``SUMO_EMULATOR_CONTROL``; ``--config`` also writes them as the variables of
``tests/integration/integration_config.yml`` (``sumo_endpoint``, ``sumo_access_id``,
``sumo_access_key``, ``sumo_control``), which ansible-test hands to every target.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from ..emulator.server import EmulatorServer


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", help="write integration_config.yml here")
    parser.add_argument("--access-key", default="emuKey-%s" % os.urandom(8).hex(),
                        help="access key the emulator accepts (random by default, so leak checks can grep for it)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    with EmulatorServer(access_id="suTestAccessId", access_key=args.access_key) as server:
        variables = {"sumo_endpoint": server.url, "sumo_access_id": server.access_id,
                     "sumo_access_key": server.access_key, "sumo_control": server.control}
        if args.config:
            with open(args.config, "w") as handle:
                handle.write("# written by tests/utils/run_with_emulator.py\n")
                for key, value in variables.items():
                    handle.write("%s: %s\n" % (key, json.dumps(value)))
        env = dict(os.environ, SUMOLOGIC_BASE_URL=server.url, SUMOLOGIC_ACCESSID=server.access_id,
                   SUMOLOGIC_ACCESSKEY=server.access_key, SUMO_EMULATOR_CONTROL=server.control)
        env.pop("SUMOLOGIC_ENVIRONMENT", None)
        return subprocess.call(command, env=env)


if __name__ == "__main__":
    sys.exit(main())
