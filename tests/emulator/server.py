# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run the emulator: in a thread (tests) or in the foreground (``python -m tests.emulator``)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading

from werkzeug.serving import make_server

from .app import DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY, create_app, part_seed_options


class EmulatorServer:
    """The emulator on ``host:port`` (port 0: any free one) in a background thread.

    ``url`` is the API base URL to give clients (``http://127.0.0.1:PORT/api``);
    ``control`` the test control API (``http://127.0.0.1:PORT/_emulator``).
    """

    def __init__(self, host="127.0.0.1", port=0, access_id=DEFAULT_ACCESS_ID, access_key=DEFAULT_ACCESS_KEY,
                 rate_limit=False, seed="demo", seed_options=None, quiet=True):
        self.access_id = access_id
        self.access_key = access_key
        self.app = create_app({access_id: access_key}, rate_limit=rate_limit, seed=seed, seed_options=seed_options)
        if quiet:
            logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self._server = make_server(host, port, self.app, threaded=True)
        self.host = host
        self.port = self._server.server_port
        self._thread = None

    @property
    def base(self):
        return "http://%s:%d" % (self.host, self.port)

    @property
    def url(self):
        return self.base + "/api"

    @property
    def control(self):
        return self.base + "/_emulator"

    @property
    def state(self):
        return self.app.config["STATE"]

    def start(self):
        self._thread = threading.Thread(target=self._server.serve_forever, name="sumo-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def parse_args(argv=None):
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m tests.emulator",
                                     description="A stateful Sumo Logic API emulator for trying and testing "
                                                 "community.sumologic without a Sumo Logic account.")
    parser.add_argument("--host", default=env("SUMO_EMULATOR_HOST", "127.0.0.1"),
                        help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(env("SUMO_EMULATOR_PORT", "8765")),
                        help="port to listen on, 0 for any free one (default 8765)")
    parser.add_argument("--access-id", default=env("SUMO_EMULATOR_ACCESS_ID", DEFAULT_ACCESS_ID),
                        help="the access id clients must send (default %s)" % DEFAULT_ACCESS_ID)
    parser.add_argument("--access-key", default=env("SUMO_EMULATOR_ACCESS_KEY", DEFAULT_ACCESS_KEY),
                        help="the access key clients must send")
    parser.add_argument("--no-rate-limit", dest="rate_limit", action="store_false",
                        help="do not enforce Sumo Logic's rate limits (4 requests/s per access id, "
                             "10 concurrent per access key)")
    parser.add_argument("--seed", choices=("demo", "empty"), default="demo",
                        help="start with demo data (default) or with an empty organisation")
    for option in part_seed_options():
        parser.add_argument(option.flag, dest=option.name, type=int, default=None, metavar="N",
                            help="%s (default %s)" % (option.help, option.default))
    parser.add_argument("--port-file", help="write the port actually used to this file once listening")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    return parser.parse_args(argv)


def _stop(*_signal):
    """SIGTERM ends serve_forever as Ctrl-C does (shutdown() from its own thread would wait for itself)."""
    raise KeyboardInterrupt


def main(argv=None):
    args = parse_args(argv)
    sizes = dict((option.name, getattr(args, option.name)) for option in part_seed_options()
                 if getattr(args, option.name) is not None)
    server = EmulatorServer(args.host, args.port, args.access_id, args.access_key,
                            rate_limit=args.rate_limit, seed=args.seed, seed_options=sizes, quiet=not args.verbose)
    if args.port_file:
        with open(args.port_file, "w") as handle:
            handle.write(str(server.port))
    print(json.dumps({"endpoint": server.url, "control": server.control, "access_id": server.access_id,
                      "rate_limit": args.rate_limit, "seed": args.seed}), flush=True)
    signal.signal(signal.SIGTERM, _stop)
    try:
        server._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
