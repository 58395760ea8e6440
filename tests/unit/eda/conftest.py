# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The event source loaded as ansible-rulebook loads it, run against the emulator with an asyncio.Queue."""

from __future__ import annotations

import asyncio
import contextlib
import pathlib
import runpy
import types

import pytest
import requests

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[3]
SOURCE_PATH = COLLECTION_ROOT / "extensions" / "eda" / "plugins" / "event_source" / "insights.py"
# Fast enough for tests, slow enough that the emulator is not hammered.
INTERVAL = 0.05


def load_source():
    """The source's namespace, from ``runpy.run_path`` as ansible-rulebook does (no import of the collection).

    ``run_path`` answers a copy of the module's globals: ``globals`` is the dictionary its
    functions really read, for tests that change a constant.
    """
    namespace = runpy.run_path(str(SOURCE_PATH))
    return types.SimpleNamespace(globals=namespace["main"].__globals__, **namespace)


@pytest.fixture(scope="session")
def source_module():
    return load_source()


class Emulated:
    """What a Cloud SIEM analyst and the detection engine do, through the emulator's control API."""

    def __init__(self, emulator, control):
        self.emulator = emulator
        self.control = control

    def _call(self, method, path, body=None):
        resp = requests.request(method, self.emulator.control + "/insights" + path, json=body, timeout=10)
        assert resp.status_code == 200, resp.text
        return resp.json()

    def new_insight(self, name="Suspicious activity", **fields):
        return self._call("POST", "", dict(fields, name=name))["insight"]

    def analyst(self, insight_id, **changes):
        return self._call("PATCH", "/" + insight_id, changes)["insight"]

    def delete(self, insight_id):
        return self._call("DELETE", "/" + insight_id)

    def insight(self, readable_id):
        found = [i for i in self.emulator.state.insights.values() if i["readableId"] == readable_id]
        assert len(found) == 1, readable_id
        return found[0]

    def insight_requests(self):
        """The GETs of /sec/v1/insights in the request log, with their query strings."""
        return [r for r in self.control.requests()["requests"] if r["path"] == "/api/sec/v1/insights"]


@pytest.fixture
def siem(emulator, control):
    return Emulated(emulator, control)


class Running:
    """A source running as a task, feeding ``queue``."""

    def __init__(self, module, args, queue=None):
        self.module = module
        self.settings = module.Settings.from_args(args)
        self.source = module.InsightsSource(self.settings)
        self.queue = queue if queue is not None else asyncio.Queue()
        self.events = []
        self.task = asyncio.ensure_future(self.source.run(self.queue))

    def _drain(self):
        while not self.queue.empty():
            self.events.append(self.queue.get_nowait())
        return self.events

    async def until(self, predicate, timeout=15.0, what="the condition"):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            self._drain()
            if self.task.done():
                self.task.result()  # its exception, if it failed
                raise AssertionError("the source stopped before %s" % what)
            if loop.time() > deadline:
                raise AssertionError("timed out waiting for %s; events: %r" % (what, self.events))
            await asyncio.sleep(0.01)
        return self._drain()

    async def polls(self, count=1):
        """Wait for ``count`` more complete polls; the events so far."""
        target = self.source.polls + count
        return await self.until(lambda: self.source.polls >= target, what="%d poll(s)" % count)

    async def events_count(self, count):
        return await self.until(lambda: len(self._drain()) >= count, what="%d event(s)" % count)

    async def stop(self):
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        return self._drain()


@pytest.fixture
def source_args(emulator, control, tmp_path):
    """Arguments for a source on the emulator: credentials, a fast interval, a bookmark in tmp_path."""
    def make(**more):
        args = dict(endpoint=emulator.url, access_id=emulator.access_id, access_key=emulator.access_key,
                    interval=INTERVAL, state_file=str(tmp_path / "insights.json"))
        args.update(more)
        return args
    return make


@pytest.fixture
def run_source(source_module):
    """``async with run_source(args) as running:`` a source that is stopped (cancelled) at the end."""
    @contextlib.asynccontextmanager
    async def run(args, queue=None):
        running = Running(source_module, args, queue)
        try:
            yield running
        finally:
            await running.stop()
    return run


class Polled:
    """A source connected but not running: each ``poll()`` is one poll, its events answered."""

    def __init__(self, source):
        self.source = source
        self.queue = asyncio.Queue()

    async def poll(self):
        await self.source.poll(self.queue)
        events = []
        while not self.queue.empty():
            events.append(self.queue.get_nowait())
        return events

    @property
    def stats(self):
        return self.source.stats


@pytest.fixture
def poll_source(source_module):
    """``async with poll_source(args) as polled:`` polls one at a time, for figures per poll."""
    @contextlib.asynccontextmanager
    async def connect(args):
        source = source_module.InsightsSource(source_module.Settings.from_args(args))
        async with source.connected():
            yield Polled(source)
    return connect
