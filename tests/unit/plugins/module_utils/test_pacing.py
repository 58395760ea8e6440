# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Pacing shared between processes and threads: the rate, the in-flight slots, the files."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading

import pytest

from ansible_collections.community.sumologic.plugins.module_utils.pacing import (
    MIN_GAP,
    WINDOW_MARGIN,
    LocalPacer,
    NoPacer,
    Schedule,
    SharedPacer,
    bucket_name,
    make_pacer,
    pacing_dir,
)

ENDPOINT = "https://api.eu.sumologic.com/api"
ACCESS_ID = "suPacingTestId"

# Processes are started with "spawn": a fresh interpreter, as each Ansible task is.
SPAWN = multiprocessing.get_context("spawn")


def take_turns(directory, rate, count, results):
    pacer = make_pacer(ENDPOINT, ACCESS_ID, rate, directory=directory)
    turns = []
    for dummy in range(count):
        with pacer.turn() as when:
            turns.append((when, os.getpid()))
    results.put(turns)


def hold_a_slot(directory, ready):
    pacer = SharedPacer(directory, bucket_name(ENDPOINT, ACCESS_ID), rate=1000, in_flight=1)
    with pacer.turn():
        ready.set()
        threading.Event().wait(120)


FLOAT_SLACK = 1e-6


def assert_within_the_rate(turns, rate):
    """No ``rate`` + 1 turns in one window of ``WINDOW_MARGIN`` seconds (so never more than ``rate`` a
    second), and turns of different owners no closer than ``MIN_GAP``. Turn times are recorded under the state's lock, so the
    rule holds for them exactly; the tolerance is for ``a + b <= c`` against ``c - a >= b`` in floats: epoch
    seconds (about 1.8e9) are spaced 2.4e-7 apart, so a gap of exactly 0.1 may read as 0.09999990."""
    turns = sorted(turns)
    times = [when for when, owner in turns]
    assert all(later - earlier >= WINDOW_MARGIN - FLOAT_SLACK for earlier, later in zip(times, times[rate:]))
    assert all(later[0] - earlier[0] >= MIN_GAP - FLOAT_SLACK for earlier, later in zip(turns, turns[1:])
               if later[1] != earlier[1])


# -- the rule, with a clock of our own --------------------------------------------------

def test_rate_turns_a_gap_apart_then_one_window_later():
    schedule = Schedule(4)
    state = {}
    booked = [schedule.book(state, 0.0, owner) for owner in "abcdef"]
    assert booked == pytest.approx([0.0, MIN_GAP, 2 * MIN_GAP, 3 * MIN_GAP, WINDOW_MARGIN, WINDOW_MARGIN + MIN_GAP])
    for when, owner in zip(booked[:4], "abcd"):
        assert schedule.take(state, when, owner) is None
    assert schedule.take(state, 0.5, "e") == pytest.approx(WINDOW_MARGIN)
    assert schedule.take(state, WINDOW_MARGIN, "e") is None
    assert schedule.take(state, WINDOW_MARGIN + 0.01, "f") == pytest.approx(WINDOW_MARGIN + MIN_GAP)


def test_an_owner_s_own_turns_need_no_gap():
    schedule = Schedule(4)
    state = {}
    assert [schedule.book(state, now, "task") for now in (0.0, 0.01, 0.02, 0.03, 0.04)] == \
        pytest.approx([0.0, 0.01, 0.02, 0.03, WINDOW_MARGIN])
    assert [schedule.take(state, now, "task") for now in (0.0, 0.01, 0.02, 0.03)] == [None] * 4
    assert schedule.take(state, 0.04, "task") == pytest.approx(WINDOW_MARGIN)


def test_booked_turns_come_in_order():
    schedule = Schedule(2)
    state = {}
    booked = [schedule.book(state, now, owner) for now, owner in zip((0.0, 0.3, 0.4, 0.5, 0.6, 0.7), "abcdef")]
    assert booked == sorted(booked)
    assert booked == pytest.approx([0.0, 0.3, WINDOW_MARGIN, WINDOW_MARGIN + 0.3, 2 * WINDOW_MARGIN,
                                    2 * WINDOW_MARGIN + 0.3])


def test_a_turn_alone_does_not_wait():
    schedule = Schedule(4)
    state = {}
    assert schedule.book(state, 10.0, "a") == 10.0 and schedule.take(state, 10.0, "a") is None
    assert schedule.book(state, 10.5, "b") == 10.5 and schedule.take(state, 10.5, "b") is None


@pytest.mark.parametrize("rate, burst, window", [(4, 4, 1.0), (2.5, 2, 0.8), (1.33, 1, 1 / 1.33), (0.5, 1, 2.0)])
def test_a_rate_below_one_or_with_a_fraction(rate, burst, window):
    schedule = Schedule(rate)
    assert schedule.burst == burst
    assert schedule.window == pytest.approx(window * WINDOW_MARGIN)
    assert schedule.gap == pytest.approx(min(MIN_GAP, schedule.window / burst))


def test_turns_from_another_clock_are_forgotten():
    schedule = Schedule(4)
    state = {"booked": [1e12] * 4, "taken": [1e12] * 4}
    assert schedule.book(state, 100.0) == 100.0
    assert schedule.take(state, 100.0) is None


# -- shared by processes and threads ----------------------------------------------------

def test_two_processes_sharing_a_bucket_never_exceed_the_rate(tmp_path):
    rate = 10
    results = SPAWN.Queue()
    workers = [SPAWN.Process(target=take_turns, args=(str(tmp_path), rate, 12, results)) for dummy in range(2)]
    for worker in workers:
        worker.start()
    turns = results.get(timeout=60) + results.get(timeout=60)
    for worker in workers:
        worker.join(10)
    assert len(turns) == 24
    # Turn times are recorded in the shared state under its lock, so the rule holds exactly.
    assert_within_the_rate(turns, rate)


def test_threads_of_one_process_share_the_bucket_too(tmp_path):
    rate = 8
    turns = []
    lock = threading.Lock()

    def work():
        # Each thread its own pacer object, as each thread may have its own client.
        pacer = make_pacer(ENDPOINT, ACCESS_ID, rate, directory=str(tmp_path))
        for dummy in range(5):
            with pacer.turn() as when:
                with lock:
                    turns.append((when, threading.get_ident()))
    threads = [threading.Thread(target=work) for dummy in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(turns) == 20
    assert_within_the_rate(turns, rate)


def test_the_in_process_fallback_keeps_the_rule(tmp_path):
    rate = 8
    pacer = LocalPacer(rate)
    turns = []
    lock = threading.Lock()

    def work():
        for dummy in range(5):
            with pacer.turn() as when:
                with lock:
                    turns.append((when, threading.get_ident()))
    threads = [threading.Thread(target=work) for dummy in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(turns) == 20
    assert_within_the_rate(turns, rate)


def test_at_most_in_flight_requests_at_once(tmp_path):
    in_flight = 3
    busy = [0]
    most = [0]
    lock = threading.Lock()

    def work():
        pacer = SharedPacer(str(tmp_path), bucket_name(ENDPOINT, ACCESS_ID), rate=1000, in_flight=in_flight)
        for dummy in range(3):
            with pacer.turn():
                with lock:
                    busy[0] += 1
                    most[0] = max(most[0], busy[0])
                threading.Event().wait(0.05)
                with lock:
                    busy[0] -= 1
    threads = [threading.Thread(target=work) for dummy in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert most[0] == in_flight


def test_a_killed_process_gives_its_slot_back(tmp_path):
    ready = SPAWN.Event()
    holder = SPAWN.Process(target=hold_a_slot, args=(str(tmp_path), ready))
    holder.start()
    assert ready.wait(60)
    pacer = SharedPacer(str(tmp_path), bucket_name(ENDPOINT, ACCESS_ID), rate=1000, in_flight=1)
    done = threading.Event()

    def take():
        with pacer.turn():
            done.set()
    thread = threading.Thread(target=take, daemon=True)
    thread.start()
    assert not done.wait(0.5), "the only slot is held by the other process"
    os.kill(holder.pid, signal.SIGKILL)
    holder.join(10)
    assert done.wait(30), "the slot of the killed process was not given back"


def test_files_name_neither_the_access_id_nor_the_key(tmp_path):
    pacer = make_pacer(ENDPOINT, ACCESS_ID, 4, directory=str(tmp_path))
    with pacer.turn():
        pass
    names = os.listdir(str(tmp_path))
    assert names and all(ACCESS_ID not in name for name in names)
    assert all(ACCESS_ID not in (tmp_path / name).read_text() for name in names)
    assert all(oct((tmp_path / name).stat().st_mode & 0o777) == oct(0o600) for name in names)
    # Another endpoint or access id is another bucket.
    assert bucket_name(ENDPOINT, ACCESS_ID) != bucket_name(ENDPOINT, ACCESS_ID + "2")
    assert bucket_name(ENDPOINT, ACCESS_ID) != bucket_name("http://127.0.0.1:8765/api", ACCESS_ID)


def test_a_torn_state_file_is_started_afresh(tmp_path):
    pacer = make_pacer(ENDPOINT, ACCESS_ID, 1000, directory=str(tmp_path))
    with open(pacer.state_path, "w") as handle:
        handle.write('{"booked": [17')
    with pacer.turn() as when:
        assert when


def test_a_state_from_another_clock_is_ignored(tmp_path):
    pacer = make_pacer(ENDPOINT, ACCESS_ID, 4, directory=str(tmp_path))
    with open(pacer.state_path, "w") as handle:
        handle.write('{"booked": [1e12, 1e12, 1e12, 1e12], "taken": [1e12, 1e12, 1e12, 1e12]}')
    done = threading.Event()

    def take():
        with pacer.turn():
            done.set()
    threading.Thread(target=take, daemon=True).start()
    assert done.wait(30)


def test_rate_zero_is_no_pacing():
    assert isinstance(make_pacer(ENDPOINT, ACCESS_ID, 0), NoPacer)


def test_the_directory_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SUMOLOGIC_PACING_DIR", str(tmp_path / "pacing"))
    assert pacing_dir() == str(tmp_path / "pacing")
    pacer = make_pacer(ENDPOINT, ACCESS_ID, 4)
    assert isinstance(pacer, SharedPacer) and pacer.directory == str(tmp_path / "pacing")
    assert oct(os.stat(str(tmp_path / "pacing")).st_mode & 0o777) == oct(0o700)
    monkeypatch.delenv("SUMOLOGIC_PACING_DIR")
    assert pacing_dir().endswith("community.sumologic-pacing-%d" % os.getuid())


def test_a_directory_others_may_write_is_refused_with_a_warning(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    warnings = []
    pacer = make_pacer(ENDPOINT, ACCESS_ID, 4, directory=str(shared), warn=warnings.append)
    assert isinstance(pacer, LocalPacer)
    assert warnings and "per process only" in warnings[0] and "writable by other users" in warnings[0]
    assert os.listdir(str(shared)) == []


@pytest.mark.parametrize("kind", ["link", "file"])
def test_a_directory_that_is_not_one_is_refused(tmp_path, kind):
    target = tmp_path / "elsewhere"
    target.mkdir()
    path = tmp_path / "pacing"
    if kind == "link":
        path.symlink_to(target)
    else:
        path.write_text("")
    warnings = []
    assert isinstance(make_pacer(ENDPOINT, ACCESS_ID, 4, directory=str(path), warn=warnings.append), LocalPacer)
    assert warnings
