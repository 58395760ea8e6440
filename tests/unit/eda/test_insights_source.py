# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ``community.sumologic.insights`` event source against the emulator, driven with an asyncio.Queue."""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
import os
import stat
import time
import urllib.parse

import pytest

from ansible_collections.community.sumologic.tests.emulator import insights as emulated_insights

pytestmark = pytest.mark.asyncio

UTC = datetime.timezone.utc


def ids(events):
    return [e["insight"]["readableId"] for e in events]


def iso(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def bookmark(path):
    with open(path) as handle:
        return json.load(handle)


def sent_queries(siem):
    """The ``q`` of every GET of /sec/v1/insights, decoded."""
    return [urllib.parse.parse_qs(r["query"]).get("q", [None])[0] for r in siem.insight_requests()]


# -- created ----------------------------------------------------------------------------------------------

async def test_new_insights_are_emitted_once_oldest_first(siem, source_args, run_source):
    async with run_source(source_args()) as running:
        # since defaults to now: the demo's eight insights are older and stay quiet.
        assert await running.polls(2) == []
        first = siem.new_insight("Exfiltration over DNS", severity="HIGH")
        second = siem.new_insight("Impossible travel", severity="LOW")
        events = await running.events_count(2)
        siem.new_insight("Beaconing to a new domain", severity="CRITICAL")
        events = await running.events_count(3)
        events = await running.polls(5)
    assert ids(events) == ["INSIGHT-109", "INSIGHT-110", "INSIGHT-111"]
    assert [e["type"] for e in events] == ["created"] * 3
    assert events[0]["insight"]["id"] == first["id"] and events[1]["insight"]["id"] == second["id"]
    # The insight as the API lists it, signals and all.
    assert events[0]["insight"]["signals"][0]["allRecords"] and events[0]["insight"]["severity"] == "HIGH"
    assert set(events[0]) == {"type", "insight"}


async def test_since_relative_to_now(source_args, run_source):
    async with run_source(source_args(since="-25h")) as running:
        events = await running.polls(2)
    # Of the demo's insights, 104, 105 and 106 were raised 20, 16 and 10 hours ago.
    assert ids(events) == ["INSIGHT-104", "INSIGHT-105", "INSIGHT-106"]


async def test_since_iso_and_the_query(siem, source_args, run_source):
    since = iso(datetime.datetime.now(UTC) - datetime.timedelta(hours=29))
    async with run_source(source_args(since=since, query='severity:in("HIGH","CRITICAL")')) as running:
        assert ids(await running.polls(1)) == ["INSIGHT-104", "INSIGHT-105", "INSIGHT-106"]
        siem.new_insight("Low noise", severity="LOW")
        siem.new_insight("Ransomware note", severity="CRITICAL")
        events = await running.events_count(4)
        events = await running.polls(3)
    assert ids(events) == ["INSIGHT-104", "INSIGHT-105", "INSIGHT-106", "INSIGHT-110"]
    first = sent_queries(siem)[0]
    assert first.startswith("created:>=") and first.endswith(' severity:in("HIGH","CRITICAL")')
    assert datetime.datetime.fromisoformat(first.split()[0][len("created:>="):]) == \
        datetime.datetime.fromisoformat(since.replace("Z", "+00:00"))


async def test_pages_and_requests_per_poll(control, siem, source_args, poll_source):
    control.reset(insights=250)  # 258 insights, the generated ones 100 hours old
    control.clear_requests()
    async with poll_source(source_args(since="-200h")) as polled:
        first = await polled.poll()
        # 258 insights, 100 a page: three requests, 258 events.
        assert len(first) == len({e["insight"]["id"] for e in first}) == 258
        assert polled.stats == {"requests": 3, "created": 258, "updated": 0}
        # Later polls read the window's last 300 seconds of creation time again: one request, nothing new.
        assert await polled.poll() == []
        assert polled.stats == {"requests": 1, "created": 0, "updated": 0}
        siem.new_insight("One more")
        assert ids(await polled.poll()) == ["INSIGHT-1251"]
        assert polled.stats == {"requests": 1, "created": 1, "updated": 0}
    pages = [urllib.parse.parse_qs(r["query"]) for r in siem.insight_requests()[:3]]
    assert [(p["offset"], p["limit"]) for p in pages] == [(["0"], ["100"]), (["100"], ["100"]), (["200"], ["100"])]


async def test_more_than_the_api_answers_for_one_query(monkeypatch, control, source_module, source_args, run_source):
    # The API answers at most 10,000 insights for a query: with a cap of 30, 83 insights need three windows.
    monkeypatch.setattr(emulated_insights, "MAX_QUERY_RESULTS", 30)
    monkeypatch.setitem(source_module.globals, "MAX_QUERY_RESULTS", 30)
    control.reset(insights=75)
    async with run_source(source_args(since="-200h")) as running:
        events = await running.polls(2)
    assert len(events) == len({e["insight"]["id"] for e in events}) == 83
    created = [e["insight"]["created"] for e in events]
    assert created == sorted(created)


# -- the bookmark ---------------------------------------------------------------------------------------------

async def test_a_restart_emits_nothing_twice_and_misses_nothing(siem, source_args, run_source, tmp_path):
    args = source_args()
    async with run_source(args) as running:
        await running.polls(1)
        a = siem.new_insight("A")
        b = siem.new_insight("B")
        await running.events_count(2)
        await running.polls(2)
    assert ids(running.events) == ["INSIGHT-109", "INSIGHT-110"]
    saved = bookmark(tmp_path / "insights.json")
    assert set(saved["seen"]) == {a["id"], b["id"]}
    assert stat.S_IMODE(os.stat(tmp_path / "insights.json").st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["insights.json"]  # no temporary file left
    # While it is down: two new insights, one of them with B's very timestamp.
    siem.new_insight("C")
    siem.new_insight("D", created=b["created"])
    time.sleep(0.05)
    async with run_source(args) as again:  # since is "now" again, but the bookmark wins
        await again.events_count(2)
        events = await again.polls(3)
    assert sorted(ids(events)) == ["INSIGHT-111", "INSIGHT-112"]
    assert ids(events) == ["INSIGHT-112", "INSIGHT-111"]  # oldest first: D has B's timestamp


async def test_the_window_boundary_is_inclusive_and_ids_deduplicate(siem, source_args, poll_source, tmp_path):
    moment = datetime.datetime.now(UTC) + datetime.timedelta(seconds=1)
    # No overlap: the window begins exactly at the newest insight emitted.
    async with poll_source(source_args(overlap=0)) as polled:
        first = siem.new_insight("At the boundary", created=iso(moment))
        assert ids(await polled.poll()) == [first["readableId"]]
        assert bookmark(tmp_path / "insights.json")["created_since"] == moment.isoformat(timespec="microseconds")
        assert await polled.poll() == []
        # Insights that become visible late: one with the very same timestamp (inside the
        # inclusive boundary), one a microsecond older (outside a window without overlap).
        twin = siem.new_insight("Same timestamp", created=iso(moment))
        siem.new_insight("A microsecond older", created=iso(moment - datetime.timedelta(microseconds=1)))
        assert ids(await polled.poll()) == [twin["readableId"]]
        assert await polled.poll() == []
    assert sent_queries(siem)[-1] == "created:>=%s" % moment.isoformat(timespec="microseconds")
    assert set(bookmark(tmp_path / "insights.json")["seen"]) == {first["id"], twin["id"]}


async def test_the_overlap_catches_insights_visible_late(siem, source_args, poll_source):
    now = datetime.datetime.now(UTC)
    async with poll_source(source_args(overlap=60)) as polled:
        newest = siem.new_insight("Newest", created=iso(now + datetime.timedelta(seconds=30)))
        assert ids(await polled.poll()) == [newest["readableId"]]
        late = siem.new_insight("Raised earlier, visible later", created=iso(now + datetime.timedelta(seconds=1)))
        too_late = siem.new_insight("Older than the overlap", created=iso(now - datetime.timedelta(seconds=40)))
        assert ids(await polled.poll()) == [late["readableId"]]
    assert too_late["readableId"] not in ids(polled.queue._queue)


async def test_a_bookmark_of_another_organisation_is_refused(source_module, source_args, tmp_path):
    path = tmp_path / "insights.json"
    path.write_text(json.dumps({"version": 1, "endpoint": "https://api.eu.sumologic.com/api", "query": None,
                                "created_since": "2026-01-01T00:00:00+00:00", "seen": {}, "watched": None}))
    with pytest.raises(source_module.SourceError, match="bookmark of https://api.eu.sumologic.com/api"):
        await source_module.main(asyncio.Queue(), source_args())
    path.write_text("{not json")
    with pytest.raises(source_module.SourceError, match="not a bookmark"):
        await source_module.main(asyncio.Queue(), source_args())


async def test_the_beginning_is_kept_even_when_no_poll_succeeds(control, source_args, run_source, tmp_path):
    control.fault(action="status", status=503, method="GET", path="/api/sec/v1/insights$", count=1000)
    async with run_source(source_args(since="-1h")) as running:
        await asyncio.sleep(0.2)
        assert running.source.polls == 0
    saved = bookmark(tmp_path / "insights.json")
    since = datetime.datetime.fromisoformat(saved["created_since"])
    assert abs((datetime.datetime.now(UTC) - since).total_seconds() - 3600) < 30


# -- updates ---------------------------------------------------------------------------------------------------

async def test_updates_of_status_assignee_and_severity(siem, client, source_args, poll_source):
    async with poll_source(source_args(updates=True)) as polled:
        assert await polled.poll() == []  # the first listing of the open insights is the baseline
        # Requests per poll: the created window, and the open insights (six: one page).
        assert polled.stats == {"requests": 2, "created": 0, "updated": 0}
        assert await polled.poll() == []
        assert polled.stats == {"requests": 2, "created": 0, "updated": 0}
        i104, i105, i106 = (siem.insight("INSIGHT-%d" % n) for n in (104, 105, 106))
        siem.analyst(i104["id"], status="inprogress", assignee="soc.lead@example.com")
        siem.analyst(i105["id"], status="closed", resolution="Resolved")
        siem.analyst(i106["id"], severity="HIGH")
        # A comment changes none of the three: no event.
        client.post("/sec/v1/insights/%s/comments" % siem.insight("INSIGHT-101")["id"], {"body": "looking"})
        events = await polled.poll()
        # The changed insights (and the one that closed) are read whole, by id: one request more.
        assert polled.stats == {"requests": 3, "created": 0, "updated": 3}
        new = siem.new_insight("Fresh", severity="MEDIUM")
        assert [e["type"] for e in await polled.poll()] == ["created"]
        siem.analyst(new["id"], assignee="soc.analyst@example.com")
        events += await polled.poll()
        assert await polled.poll() == []
    assert [e["type"] for e in events] == ["updated"] * 4
    by_id = dict((e["insight"]["readableId"], e) for e in events)
    assert list(by_id) == ["INSIGHT-104", "INSIGHT-105", "INSIGHT-106", "INSIGHT-109"]  # in order of change
    assert by_id["INSIGHT-104"]["changes"] == {"status": {"before": "new", "after": "inprogress"},
                                               "assignee": {"before": None, "after": "soc.lead@example.com"}}
    assert by_id["INSIGHT-105"]["changes"] == {"status": {"before": "inprogress", "after": "closed"}}
    assert by_id["INSIGHT-105"]["insight"]["resolution"] == "Resolved"
    assert by_id["INSIGHT-106"]["changes"] == {"severity": {"before": "CRITICAL", "after": "HIGH"}}
    assert by_id["INSIGHT-109"]["changes"] == {"assignee": {"before": None, "after": "soc.analyst@example.com"}}
    # Updated events carry the whole insight, as created ones do.
    assert by_id["INSIGHT-106"]["insight"]["signals"][0]["allRecords"]
    queries = sent_queries(siem)
    assert queries[1] == '-status:"closed"'
    assert any(q.startswith("id:in(") for q in queries)


async def test_updates_while_down_are_emitted_after_a_restart(siem, source_args, run_source, tmp_path):
    args = source_args(updates=True)
    async with run_source(args) as running:
        await running.polls(2)
    assert len(bookmark(tmp_path / "insights.json")["watched"]) == 6  # the demo's open insights
    siem.analyst("INSIGHT-101", status="closed", resolution="False Positive")
    siem.analyst("INSIGHT-102", severity="LOW")
    siem.delete(siem.insight("INSIGHT-103")["id"])
    async with run_source(args) as again:
        await again.events_count(2)
        events = await again.polls(3)
    assert sorted((ids([e]), sorted(e["changes"])) for e in events) == [
        (["INSIGHT-101"], ["status"]), (["INSIGHT-102"], ["severity"])]
    assert len(bookmark(tmp_path / "insights.json")["watched"]) == 4  # 101 closed and 103 gone


# -- errors -----------------------------------------------------------------------------------------------------

async def test_a_500_in_between_is_survived(caplog, siem, control, emulator, source_args, run_source):
    caplog.set_level(logging.DEBUG, logger="community.sumologic.insights")
    async with run_source(source_args(updates=True)) as running:
        await running.polls(1)
        control.fault(action="status", status=500, method="GET", path="/api/sec/v1/insights$", count=3)
        siem.new_insight("During the outage")
        await running.events_count(1)
        # Twice: aiohttp itself sends a GET again once when a kept-alive connection was closed.
        control.fault(action="drop", method="GET", path="/api/sec/v1/insights$", count=2)
        siem.new_insight("After a lost connection")
        await running.events_count(2)
        events = await running.polls(3)
    assert ids(events) == ["INSIGHT-109", "INSIGHT-110"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert sum("HTTP 500" in w and "trying again" in w for w in warnings) == 3
    assert any("no answer from Sumo Logic" in w for w in warnings)
    assert emulator.access_key not in caplog.text


async def test_retry_after_is_honoured(caplog, siem, control, source_args, run_source):
    caplog.set_level(logging.WARNING, logger="community.sumologic.insights")
    async with run_source(source_args()) as running:
        await running.polls(1)
        started = time.monotonic()
        control.fault(action="status", status=429, retry_after=1, method="GET", path="/api/sec/v1/insights$")
        siem.new_insight("Behind the rate limit")
        await running.events_count(1)
        waited = time.monotonic() - started
    assert waited >= 1.0
    assert any("HTTP 429" in r.getMessage() and "in 1.0 s" in r.getMessage() for r in caplog.records)


async def test_a_401_stops_it_clearly(emulator, control, source_module, source_args):
    control.clear_requests()
    wrong = "not-the-key-%d" % time.time()
    with pytest.raises(source_module.AccessRefused) as info:
        await asyncio.wait_for(source_module.main(asyncio.Queue(), source_args(access_key=wrong)), 10)
    message = str(info.value)
    assert "HTTP 401" in message and emulator.access_id in message and "access_key" in message
    assert "SUMOLOGIC_ACCESSKEY" in message and wrong not in message
    assert control.requests()["total"] == 1  # not tried again


async def test_a_403_stops_it_and_names_the_capability(emulator, control, source_module, source_args):
    control.fault(action="status", status=403, code="forbidden", message="Forbidden", method="GET",
                  path="/api/sec/v1/insights$")
    with pytest.raises(source_module.AccessRefused, match="HTTP 403 .forbidden.: Forbidden.*Cloud SIEM capability"):
        await asyncio.wait_for(source_module.main(asyncio.Queue(), source_args()), 10)


async def test_a_bad_query_stops_it_with_the_api_message(source_module, source_args):
    with pytest.raises(source_module.SourceError, match="HTTP 400 .query.invalid.*Check the query argument"):
        await asyncio.wait_for(source_module.main(asyncio.Queue(), source_args(query='severity:"HIGH')), 10)


async def test_the_key_appears_in_no_event_log_error_or_bookmark(
        caplog, emulator, siem, control, source_args, run_source, tmp_path):
    caplog.set_level(logging.DEBUG)
    async with run_source(source_args(updates=True)) as running:
        await running.polls(1)
        control.fault(action="status", status=503, method="GET", path="/api/sec/v1/insights$", count=1,
                      message="echoing %s back" % emulator.access_key)
        siem.new_insight("Key hygiene")
        siem.analyst("INSIGHT-101", severity="HIGH")
        await running.events_count(2)
        await running.polls(1)
        assert emulator.access_key not in repr(running.settings)
    assert "********" in caplog.text
    for text in (caplog.text, json.dumps(running.events), (tmp_path / "insights.json").read_text()):
        assert emulator.access_key not in text


# -- cancellation --------------------------------------------------------------------------------------------------

async def test_cancellation_while_waiting_cleans_up(siem, source_args, run_source, tmp_path):
    async with run_source(source_args(interval=30)) as running:
        await running.polls(1)
    # The task is cancelled in its 30-second sleep: the session is closed, the bookmark is there.
    assert running.task.cancelled()
    assert running.source.client.session.closed
    assert bookmark(tmp_path / "insights.json")["seen"] == {}


async def test_cancellation_while_emitting_keeps_what_was_emitted(source_args, run_source, tmp_path):
    # A queue with room for one event: the second put waits, and the source is cancelled there.
    args = source_args(since="-25h")
    async with run_source(args, asyncio.Queue(maxsize=1)) as running:
        for _wait in range(500):
            if running.queue.full():
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)
        assert running.source.polls == 0  # still in the first poll, waiting to hand over the second event
    # Stopping drained the queue: the one event handed over.
    assert ids(running.events) == ["INSIGHT-104"]
    first = running.events[0]
    assert list(bookmark(tmp_path / "insights.json")["seen"]) == [first["insight"]["id"]]
    # Started again: the two it could not hand over, and not the first again.
    async with run_source(args) as again:
        events = await again.polls(2)
    assert ids(events) == ["INSIGHT-105", "INSIGHT-106"]


async def test_cancellation_during_a_request_is_prompt(siem, control, source_args, run_source, tmp_path):
    async with run_source(source_args()) as running:
        await running.polls(1)
        siem.new_insight("Emitted before the slow request")
        await running.events_count(1)
        control.fault(action="delay", seconds=3, method="GET", path="/api/sec/v1/insights$")
        await asyncio.sleep(0.3)  # now inside the delayed request
        started = time.monotonic()
    assert time.monotonic() - started < 1.0
    assert running.task.cancelled() and running.source.client.session.closed
    assert list(bookmark(tmp_path / "insights.json")["seen"]) == [running.events[0]["insight"]["id"]]


async def test_main_runs_until_cancelled(source_module, source_args):
    task = asyncio.ensure_future(source_module.main(asyncio.Queue(), source_args()))
    await asyncio.sleep(0.3)
    assert not task.done()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_redirect_to_the_right_deployment_is_followed_once(caplog, emulator, siem, control, source_args,
                                                                   poll_source):
    # A wrong deployment answers 301 with the organisation's API host: here the same emulator by another name.
    other = emulator.url.replace("127.0.0.1", "localhost")
    control.fault(action="moved", location=other, method="GET", path="/api/sec/v1/insights$")
    async with poll_source(source_args(since="-25h")) as polled:
        assert ids(await polled.poll()) == ["INSIGHT-104", "INSIGHT-105", "INSIGHT-106"]
        assert polled.stats["requests"] == 2 and polled.source.client.base_url == other
        siem.new_insight("After the move")
        assert ids(await polled.poll()) == ["INSIGHT-109"]
    assert any("redirected this account to %s" % other in r.getMessage() for r in caplog.records)
