# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Pacing shared between processes and threads: the rate, the in-flight slots, the files."""

from __future__ import annotations

import errno
import fcntl
import json
import math
import multiprocessing
import os
import random
import shutil
import signal
import tempfile
import threading
import time

import pytest

from ansible_collections.community.sumologic.plugins.module_utils import pacing
from ansible_collections.community.sumologic.plugins.module_utils.api import SumoError
from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule, build_client
from ansible_collections.community.sumologic.plugins.module_utils.pacing import (
    CONFIRM,
    DECREASE,
    FORGET_AFTER,
    HOLD,
    HOLD_SPREAD,
    MAX_HOLD,
    MIN_GAP,
    OWN_SPAN,
    SMALL_SHARE_HOLD,
    WINDOW_MARGIN,
    LocalPacer,
    NoPacer,
    RateControl,
    Schedule,
    SharedPacer,
    TRIAL,
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
    pacer = SharedPacer(directory, bucket_name(ENDPOINT, ACCESS_ID), rate=100, in_flight=1)
    with pacer.turn():
        ready.set()
        threading.Event().wait(120)


FLOAT_SLACK = 1e-6


def assert_within_the_rate(turns, rate):
    """No ``rate`` + 1 turns in one window of ``WINDOW_MARGIN`` seconds (so never more than ``rate`` a
    second), and turns of different owners no closer than ``MIN_GAP``. Turn times are recorded under the state's lock, so the
    rule holds for them exactly; the tolerance is for ``a + b <= c`` against ``c - a >= b`` in floats: large
    clock readings are spaced some 1e-7 apart, so a gap of exactly 0.1 may read as 0.09999990."""
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
        pacer = SharedPacer(str(tmp_path), bucket_name(ENDPOINT, ACCESS_ID), rate=100, in_flight=in_flight)
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
    pacer = SharedPacer(str(tmp_path), bucket_name(ENDPOINT, ACCESS_ID), rate=100, in_flight=1)
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
    pacer = make_pacer(ENDPOINT, ACCESS_ID, 100, directory=str(tmp_path))
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


# -- the clock: the machine's monotonic one, never the wall clock ----------------------------

def machine_clock():
    return time.clock_gettime(getattr(time, "CLOCK_UPTIME_RAW", time.CLOCK_MONOTONIC))


def test_turns_are_booked_on_the_machine_s_monotonic_clock(tmp_path):
    # A turn taken by another process, read here on this one's clock: the same clock.
    results = SPAWN.Queue()
    worker = SPAWN.Process(target=take_turns, args=(str(tmp_path), 4, 1, results))
    worker.start()
    (when, pid), = results.get(timeout=60)
    worker.join(10)
    assert pid == worker.pid
    assert machine_clock() - 60 < when <= machine_clock()
    state = json.loads(open(os.path.join(str(tmp_path), bucket_name(ENDPOINT, ACCESS_ID) + ".state")).read())
    assert state["taken"] == [when]


class SteppedTime:
    """The time module, with a wall clock stepped ``step`` seconds back (as NTP or an operator may)."""

    def __init__(self, step):
        self.step = step

    def time(self):
        return time.time() - self.step

    def __getattr__(self, name):
        return getattr(time, name)


@pytest.mark.parametrize("kind", ["shared", "local"])
def test_a_backward_step_of_the_wall_clock_stalls_nothing(tmp_path, monkeypatch, kind):
    pacer = make_pacer(ENDPOINT, ACCESS_ID, 4, directory=str(tmp_path)) if kind == "shared" else LocalPacer(4)
    for dummy in range(4):  # the window is full: the next turn is about a second away
        with pacer.turn():
            pass
    monkeypatch.setattr(pacing, "time", SteppedTime(60))
    done = threading.Event()

    def take():
        with pacer.turn():
            done.set()
    threading.Thread(target=take, daemon=True).start()
    assert done.wait(15), "a wall clock stepped back 60 s held the next turn back"


# -- every wait has a deadline; files that cannot be used -> per-process pacing -------------

def hold_the_state_lock(directory, ready):
    fd = os.open(os.path.join(directory, bucket_name(ENDPOINT, ACCESS_ID) + ".state"), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    ready.set()
    threading.Event().wait(120)


def freeze(target, directory):
    """Start a process running ``target``, wait until it holds what it holds, and stop it (SIGSTOP)."""
    ready = SPAWN.Event()
    holder = SPAWN.Process(target=target, args=(directory, ready))
    holder.start()
    assert ready.wait(60)
    os.kill(holder.pid, signal.SIGSTOP)
    return holder


def thaw_and_kill(holder):
    os.kill(holder.pid, signal.SIGCONT)
    os.kill(holder.pid, signal.SIGKILL)
    holder.join(10)


def turn_within(pacer, seconds):
    done = threading.Event()

    def take():
        with pacer.turn():
            done.set()
    threading.Thread(target=take, daemon=True).start()
    return done.wait(seconds)


def test_a_frozen_process_holding_the_state_lock_stalls_nothing(tmp_path):
    directory = str(tmp_path)
    pacer = SharedPacer(directory, bucket_name(ENDPOINT, ACCESS_ID), 4)  # the files exist
    holder = freeze(hold_the_state_lock, directory)
    try:
        warnings = []
        pacer = SharedPacer(directory, bucket_name(ENDPOINT, ACCESS_ID), 4, warn=warnings.append, lock_wait=0.5)
        assert turn_within(pacer, 15), "the turn waited for the frozen process"
        assert isinstance(pacer.alone, LocalPacer)
        assert len(warnings) == 1 and "per process only" in warnings[0] and directory in warnings[0]
        assert "locked for more than 0.5 s" in warnings[0]
        assert turn_within(pacer, 5) and len(warnings) == 1, "later turns pace alone, without waiting again"
    finally:
        thaw_and_kill(holder)


def test_a_frozen_process_holding_every_slot_stalls_nothing(tmp_path):
    directory = str(tmp_path)
    holder = freeze(hold_a_slot, directory)
    try:
        warnings = []
        pacer = SharedPacer(directory, bucket_name(ENDPOINT, ACCESS_ID), 100, in_flight=1, warn=warnings.append,
                            slot_wait=0.5)
        assert turn_within(pacer, 15), "the turn waited for the frozen process's slot"
        assert len(warnings) == 1 and "per process only" in warnings[0] and directory in warnings[0]
        assert "no in-flight slot came free" in warnings[0]
    finally:
        thaw_and_kill(holder)


def test_a_slot_wait_has_no_deadline_while_requests_of_the_bucket_start(tmp_path):
    # A slot held for longer than the slot wait by a live process, while other requests of the
    # bucket keep starting on another slot, is not a frozen holder: the wait goes on. (The waiter
    # may use the held slot only, and the others another one only, so that nothing here depends
    # on who wins a free slot: the test takes the holder's 1.5 s, however busy the machine.)
    directory = str(tmp_path)
    name = bucket_name(ENDPOINT, ACCESS_ID)
    held, stop = threading.Event(), threading.Event()

    def hold_the_slot():
        with SharedPacer(directory, name, 100, in_flight=1).turn():
            held.set()
            time.sleep(1.5)

    def busy():
        pacer = SharedPacer(directory, name, 100, in_flight=2)
        pacer.slot_paths = pacer.slot_paths[1:]
        while not stop.is_set():
            with pacer.turn():
                threading.Event().wait(0.05)
    holder = threading.Thread(target=hold_the_slot, daemon=True)
    holder.start()
    assert held.wait(10)
    worker = threading.Thread(target=busy, daemon=True)
    worker.start()
    warnings = []
    pacer = SharedPacer(directory, name, 100, in_flight=1, warn=warnings.append, slot_wait=0.5)
    started = time.monotonic()
    try:
        with pacer.turn():
            waited = time.monotonic() - started
    finally:
        stop.set()
        worker.join(10)
        holder.join(10)
    assert warnings == [] and pacer.alone is None
    assert waited > 2 * pacer.slot_wait  # it did wait past the slot wait, for the holder


NOBODY = 65534


def run_as_nobody(target, *args):
    """``target(*args, results)`` in a process of user ``nobody`` (root opens files of any mode)."""
    results = SPAWN.Queue()
    worker = SPAWN.Process(target=as_nobody, args=(target, args, results))
    worker.start()
    outcome = results.get(timeout=60)
    worker.join(10)
    return outcome


def as_nobody(target, args, results):
    os.setgid(NOBODY)
    os.setuid(NOBODY)
    target(*args + (results,))


def one_turn(directory, break_state, results):
    warnings = []
    try:
        pacer = make_pacer(ENDPOINT, ACCESS_ID, 4, directory=directory, warn=warnings.append)
        if break_state:
            os.chmod(pacer.state_path, 0)
        with pacer.turn():
            pass
        results.put(("done", warnings))
    except Exception as exc:  # what the test reports
        results.put(("raised", repr(exc)))


@pytest.fixture
def reachable_dir():
    """A pacing directory that user nobody can reach when the tests run as root."""
    base = tempfile.mkdtemp()
    directory = os.path.join(base, "pacing")
    os.mkdir(directory, 0o700)
    if os.getuid() == 0:
        os.chown(base, NOBODY, NOBODY)
        os.chown(directory, NOBODY, NOBODY)
    yield directory
    shutil.rmtree(base, ignore_errors=True)


def slot_paths(directory):
    return [os.path.join(directory, "%s.slot%d" % (bucket_name(ENDPOINT, ACCESS_ID), index))
            for index in range(pacing.IN_FLIGHT)]


def state_path(directory):
    return os.path.join(directory, bucket_name(ENDPOINT, ACCESS_ID) + ".state")


def spoil(path, kind, elsewhere):
    if kind == "symlink":
        os.symlink(elsewhere, path)
    elif kind == "directory":
        os.mkdir(path)
    else:
        with open(path, "w"):
            pass
        os.chmod(path, 0o600 if kind == "another owner" else 0)
        if os.getuid() == 0:
            os.chown(path, 0 if kind == "another owner" else NOBODY, 0 if kind == "another owner" else NOBODY)


def assert_paced_alone(outcome, directory):
    assert outcome[0] == "done", "the turn failed: %s" % (outcome[1],)
    warnings = outcome[1]
    assert len(warnings) == 1 and "per process only" in warnings[0] and directory in warnings[0]


@pytest.mark.parametrize("kind", ["mode 000", "another owner", "symlink", "directory"])
def test_slot_files_that_cannot_be_opened_fall_back_with_a_warning(reachable_dir, tmp_path, kind):
    if kind == "another owner" and os.getuid() != 0:
        pytest.skip("only root can make a file of another user")
    as_nobody_here = os.getuid() == 0 and kind in ("mode 000", "another owner")
    directory = reachable_dir if as_nobody_here else str(tmp_path / "pacing")
    os.makedirs(directory, 0o700, exist_ok=True)
    for path in slot_paths(directory):
        spoil(path, kind, str(tmp_path / "elsewhere"))
    outcome = run_as_nobody(one_turn, directory, False) if as_nobody_here else one_turn_here(directory, False)
    assert_paced_alone(outcome, directory)
    assert not os.path.exists(str(tmp_path / "elsewhere")), "the link was followed"


def one_turn_here(directory, break_state):
    results = []

    class Put:
        put = results.append
    one_turn(directory, break_state, Put)
    return results[0]


@pytest.mark.parametrize("kind", ["mode 000", "symlink", "directory"])
def test_a_state_file_that_cannot_be_opened_any_more_falls_back_with_a_warning(reachable_dir, tmp_path, kind):
    if kind == "mode 000":  # the process itself makes its state file unreadable once the pacer is built
        outcome = run_as_nobody(one_turn, reachable_dir, True) if os.getuid() == 0 \
            else one_turn_here(reachable_dir, True)
        assert_paced_alone(outcome, reachable_dir)
    else:
        directory = str(tmp_path / "pacing")
        warnings = []
        pacer = make_pacer(ENDPOINT, ACCESS_ID, 4, directory=directory, warn=warnings.append)
        os.unlink(pacer.state_path)
        spoil(pacer.state_path, kind, str(tmp_path / "elsewhere"))
        with pacer.turn():
            pass
        assert_paced_alone(("done", warnings), directory)
        assert not os.path.exists(str(tmp_path / "elsewhere")), "the link was followed"


class FullDisk:
    """The os module, with every write failing as on a full file system."""

    def write(self, fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(os, name)


def test_a_full_disk_falls_back_with_a_warning(tmp_path, monkeypatch):
    warnings = []
    pacer = make_pacer(ENDPOINT, ACCESS_ID, 4, directory=str(tmp_path), warn=warnings.append)
    monkeypatch.setattr(pacing, "os", FullDisk())
    with pacer.turn():
        pass
    pacing.report(pacer, None, refused=True)  # the adaptive rate's writes fail the same way, quietly now
    monkeypatch.undo()
    assert len(warnings) == 1 and "No space left on device" in warnings[0] and str(tmp_path) in warnings[0]
    assert isinstance(pacer.alone, LocalPacer)


# -- rate_limit in range; old files removed ----------------------------------------------------

OPTIONS = dict(access_id="suId", access_key="key", endpoint="http://127.0.0.1:1/api", deployment=None,
               validate_certs=True, timeout=60, retries=5, rate_limit=4, retry_timeout=300)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), 1e-9, 0.05, 100.5, 1e6, -0.5])
def test_a_rate_limit_out_of_range_is_refused_naming_the_option(value):
    with pytest.raises(SumoError, match=r"^rate_limit .*0 .*0\.1 to 100") as info:
        build_client(dict(OPTIONS, rate_limit=value))
    assert str(value) in str(info.value) or value < 0


@pytest.mark.parametrize("value", [0, 0.1, 2.5, 4, 100])
def test_a_rate_limit_in_range_is_taken(tmp_path, monkeypatch, value):
    monkeypatch.setenv("SUMOLOGIC_PACING_DIR", str(tmp_path))
    assert build_client(dict(OPTIONS, rate_limit=value)).pacer.rate == value


def test_a_module_with_rate_limit_nan_fails_before_any_request(capsys):
    testing = pytest.importorskip("ansible.module_utils.testing")
    with testing.patch_module_args(dict(access_id="suId", access_key="key", endpoint="http://127.0.0.1:1/api",
                                        rate_limit="nan")):
        with pytest.raises(SystemExit):
            SumoModule(argument_spec={})
    result = json.loads(capsys.readouterr().out)
    assert result["failed"] and result["msg"].startswith("rate_limit must be 0 (no pacing) or from 0.1 to 100")


def bucket_files(directory, name):
    return [os.path.join(directory, name + ".state")] + \
        [os.path.join(directory, "%s.slot%d" % (name, index)) for index in range(pacing.IN_FLIGHT)]


def make_bucket(directory, name, age):
    for path in bucket_files(directory, name):
        with open(path, "w"):
            pass
        os.utime(path, (time.time() - age, time.time() - age))


def test_files_of_buckets_unused_for_a_day_are_removed_once_per_process(tmp_path, monkeypatch):
    monkeypatch.setattr(pacing, "_swept", set())
    directory = str(tmp_path)
    old, busy, recent, later = (bucket_name(ENDPOINT, who) for who in ("old", "busy", "recent", "later"))
    make_bucket(directory, old, FORGET_AFTER + 3600)
    make_bucket(directory, busy, FORGET_AFTER + 3600)
    make_bucket(directory, recent, FORGET_AFTER - 3600)
    other = tmp_path / "notes.txt"
    other.write_text("not ours")
    os.utime(str(other), (0, 0))
    held = os.open(bucket_files(directory, busy)[3], os.O_RDWR)  # a request of that bucket in flight
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        make_pacer(ENDPOINT, ACCESS_ID, 4, directory=directory)
    finally:
        os.close(held)
    assert not any(os.path.exists(path) for path in bucket_files(directory, old))
    assert all(os.path.exists(path) for path in bucket_files(directory, busy))
    assert all(os.path.exists(path) for path in bucket_files(directory, recent))
    assert all(os.path.exists(path) for path in bucket_files(directory, bucket_name(ENDPOINT, ACCESS_ID)))
    assert other.exists()
    # Once per process: a bucket that grows old later waits for the next process.
    make_bucket(directory, later, FORGET_AFTER + 3600)
    make_pacer(ENDPOINT, ACCESS_ID + "2", 4, directory=directory)
    assert all(os.path.exists(path) for path in bucket_files(directory, later))


def test_a_bucket_removed_under_a_process_is_created_again(tmp_path, monkeypatch):
    # Removal locks the files first; a process that opened one just before locks a removed
    # file, sees it, and opens the name again, so no two processes hold "the same" slot.
    pacer = make_pacer(ENDPOINT, ACCESS_ID, 4, directory=str(tmp_path))
    opened = []
    real_open = pacing._open

    def open_then_lose(path):
        fd = real_open(path)
        if not opened:
            opened.append(path)
            os.unlink(path)
        return fd
    monkeypatch.setattr(pacing, "_open", open_then_lose)
    with pacer.turn():
        assert os.path.exists(opened[0])
    assert pacer.alone is None


# -- the adaptive rate: a fake clock, simulated 429s -------------------------------------------

def level(rate):
    return math.floor(rate) if rate >= 1 else rate


class Draws:
    """An ``rng`` for RateControl that draws the given factors of the holds in turn (the last
    one for ever), and the least put-off after a 429."""

    def __init__(self, *factors):
        self.factors = list(factors) or [1.0]
        self.drawn = []

    def uniform(self, low, high):
        if (low, high) == pacing.SHIFT:
            return low
        factor = self.factors.pop(0) if len(self.factors) > 1 else self.factors[0]
        assert low <= factor <= high
        self.drawn.append((low, high))
        return factor


def cut_to(control, state, rate, at=100.0):
    """Confirmed 429s at ``at`` and after, until the level is ``rate``; returns when it was set."""
    moment = at
    while control.pace(state, moment) > rate:
        control.refused(state, moment, moment - 0.1)
        moment += 0.5
    assert control.pace(state, moment) == rate
    return state["since"]


def test_one_429_alone_changes_nothing():
    control, state = RateControl(4), {}
    control.refused(state, 100.0, 99.9)
    assert control.rate(state, 100.0) == 4
    control.refused(state, 100.0 + CONFIRM + 1, 100.0 + CONFIRM)  # the next one long after
    assert control.rate(state, 100.0 + CONFIRM + 1) == 4


@pytest.mark.parametrize("own, lowered", [(3, True), (4, False)])
def test_at_the_configured_rate_one_429_lowers_the_rate_when_the_machine_did_not_fill_the_second(own, lowered):
    # A machine joining a key that others fill: its first requests are refused although it
    # took fewer turns than its burst (4) in the OWN_SPAN seconds before; none of its own late
    # requests can explain that 429, so it does not wait for a second one. With its burst of
    # turns before, the 429 may be its own request arriving late: it waits for the confirmation.
    control, state = RateControl(4), {}
    when = 100.0
    state["taken"] = [when - OWN_SPAN - 0.2] + [when - OWN_SPAN + 0.1 * step for step in range(own)] + [when]
    control.refused(state, when + 0.05, when)
    assert control.rate(state, when + 0.05) == (level(4 * DECREASE) if lowered else 4)


def test_below_one_request_a_second_one_429_lowers_the_rate():
    control, state = RateControl(4), {}
    moment = cut_to(control, state, DECREASE)
    control.refused(state, moment + 2.0, moment + 1.9)
    assert control.rate(state, moment + 2.0) == pytest.approx(DECREASE * DECREASE)
    control.refused(state, moment + 2.1, moment + 1.95)  # sent before that cut: ignored
    assert control.rate(state, moment + 2.1) == pytest.approx(DECREASE * DECREASE)
    # At one request a window and above, one 429 is still not enough.
    control, state = RateControl(4), {}
    moment = cut_to(control, state, 1)
    control.refused(state, moment + 1.0, moment + 0.9)
    assert control.rate(state, moment + 1.0) == 1


@pytest.mark.parametrize("rate, factor", [(DECREASE, SMALL_SHARE_HOLD), (1, SMALL_SHARE_HOLD), (2, 1.0)])
def test_a_machine_below_half_the_configured_rate_tries_the_next_level_sooner(rate, factor):
    # The machines with the smallest shares find the room of a machine that is done first.
    control, state = RateControl(4, rng=Draws(1.0)), {}
    moment = cut_to(control, state, rate)
    assert state["probe"] - moment == pytest.approx(HOLD * factor)


def test_a_confirmed_429_lowers_the_rate_once_per_rate():
    control, state = RateControl(4), {}
    control.refused(state, 100.0, 99.9)
    control.refused(state, 101.0, 100.9)
    first = level(level(4) * DECREASE)
    assert control.rate(state, 101.0) == first == 2
    control.refused(state, 101.2, 100.95)  # sent before the cut: says nothing about the new rate
    control.refused(state, 101.3, 100.98)
    assert control.rate(state, 101.3) == first
    control.refused(state, 103.0, 102.0)  # the first at the new rate: confirmed by the next one
    assert control.rate(state, 103.0) == first
    control.refused(state, 103.5, 103.2)
    assert control.rate(state, 103.5) == level(first * DECREASE) == 1
    control.refused(state, 104.0, 103.7)
    control.refused(state, 104.5, 103.9)
    assert control.rate(state, 104.5) == pytest.approx(DECREASE)


def test_the_rate_never_falls_below_its_floor():
    control, state = RateControl(4), {}
    for step in range(40):
        control.refused(state, 100.0 + step, 99.9 + step)
    assert control.rate(state, 140.0) == pytest.approx(max(pacing.MIN_RATE, 4 * pacing.FLOOR))
    assert RateControl(0.1).floor == 0.1


def test_429s_at_the_floor_do_not_put_the_next_try_off():
    control, state = RateControl(4, rng=Draws(1.0)), {}
    cut_to(control, state, pacing.FLOOR * 4)
    probe = state["probe"]
    for step in range(10):  # refused again and again at the floor: the climb stays planned
        control.refused(state, probe - 5 + step * 0.4, probe - 5.1 + step * 0.4)
    assert state["probe"] == probe
    control.answered(state, probe)
    assert control.pace(state, probe) == 1  # from below one a second, the first try is one a window


def test_a_kept_level_tries_the_next_after_its_hold_then_climbs_a_level_a_trial():
    control, state = RateControl(4, rng=Draws(1.0)), {}
    cut = cut_to(control, state, 1)
    hold = HOLD * SMALL_SHARE_HOLD  # at 1 of 4, below half the configured rate
    control.answered(state, cut + hold - 0.1)
    assert control.pace(state, cut + hold - 0.1) == 1  # held
    control.answered(state, cut + hold)
    assert control.pace(state, cut + hold) == 2 and state["trial"] == cut + hold and state["back"] == 1
    assert Schedule(4, control.rate(state, cut + hold)).spacing == pytest.approx(WINDOW_MARGIN / 2)
    # No 429 through the trial: the level is kept and the next tried at once, up to the
    # configured rate, after which the state holds nothing of the adaptive rate.
    moment = cut + hold
    for expected in (3, 4):
        control.answered(state, moment + TRIAL - 0.1)
        assert control.pace(state, moment + TRIAL - 0.1) == expected - 1
        moment += TRIAL
        control.answered(state, moment)
        assert control.pace(state, moment) == expected
    assert "trial" in state  # the configured rate is tried too
    control.answered(state, moment + TRIAL)
    assert control.rate(state, moment + TRIAL) == 4
    assert not set(state) & set(pacing.ADAPTIVE_KEYS)
    assert Schedule(4, control.rate(state, moment + TRIAL)).spacing is None


@pytest.mark.parametrize("factor", [1.0, HOLD_SPREAD[1]])
def test_a_429_in_a_trial_goes_back_a_level_and_doubles_the_hold_up_to_its_most(factor):
    # Each wait is the hold times the random factor (here always ``factor``), halved below half
    # the configured rate: with the largest factor, a node at 1 request a window left on a key
    # when a job slice is done finds its room at its next try at most 18.75 s later, a node at
    # 2 at most 37.5 s later, however many tries failed before (the documented longest waits).
    control, state = RateControl(4, rng=Draws(factor)), {}
    moment = cut_to(control, state, 1)
    assert state["probe"] - moment == pytest.approx(HOLD * factor * SMALL_SHARE_HOLD)
    holds = []
    for dummy in range(4):
        moment = state["probe"]
        control.answered(state, moment)
        assert control.pace(state, moment) == 2
        control.refused(state, moment + 0.4, moment - 0.2)  # sent before the trial: not its answer
        assert control.pace(state, moment + 0.4) == 2
        control.refused(state, moment + 0.6, moment + 0.5)  # one 429 of the trial is enough
        assert control.pace(state, moment + 0.6) == 1
        holds.append(state["probe"] - (moment + 0.6))
    small = factor * SMALL_SHARE_HOLD
    assert holds == pytest.approx([small * 2 * HOLD, small * MAX_HOLD, small * MAX_HOLD, small * MAX_HOLD])
    assert holds[0] > HOLD * small
    if factor == HOLD_SPREAD[1]:
        assert max(holds) == pytest.approx(18.75)
    # A trial that passes starts the holds afresh; from 2, the holds are whole.
    moment = state["probe"]
    control.answered(state, moment)
    control.answered(state, moment + TRIAL)
    assert control.pace(state, moment + TRIAL) == 3
    control.refused(state, moment + TRIAL + 0.5, moment + TRIAL + 0.2)
    assert control.pace(state, moment + TRIAL + 0.5) == 2
    assert state["probe"] - (moment + TRIAL + 0.5) == pytest.approx(factor * 2 * HOLD)
    for dummy in range(3):
        moment = state["probe"]
        control.answered(state, moment)
        control.refused(state, moment + 0.6, moment + 0.5)
        assert control.pace(state, moment + 0.6) == 2
    assert state["probe"] - (moment + 0.6) == pytest.approx(factor * MAX_HOLD)
    if factor == HOLD_SPREAD[1]:
        assert state["probe"] - (moment + 0.6) == pytest.approx(37.5)


def test_a_cut_during_a_trial_is_a_step_back_not_a_cut_below_it():
    control, state = RateControl(4, rng=Draws(1.0)), {}
    moment = cut_to(control, state, 2)
    moment = state["probe"]
    control.answered(state, moment)
    assert control.pace(state, moment) == 3
    control.refused(state, moment + 0.3, moment + 0.1)
    control.refused(state, moment + 0.5, moment + 0.4)  # sent before the step back: ignored
    assert control.pace(state, moment + 0.5) == 2


def test_machines_cut_at_the_same_moment_try_the_next_level_at_different_times():
    # The hold's random factor: machines refused together do not climb together.
    early, late = RateControl(4, rng=Draws(HOLD_SPREAD[0])), RateControl(4, rng=Draws(HOLD_SPREAD[1]))
    states = [{}, {}]
    for control, state in zip((early, late), states):
        cut_to(control, state, 1)
    assert states[0]["probe"] == pytest.approx(states[0]["since"] + HOLD * HOLD_SPREAD[0] * SMALL_SHARE_HOLD)
    assert states[1]["probe"] == pytest.approx(states[1]["since"] + HOLD * HOLD_SPREAD[1] * SMALL_SHARE_HOLD)
    assert RateControl(4).rng is pacing.random


def test_without_answers_the_rate_stays_down():
    control, state = RateControl(4), {}
    control.refused(state, 100.0, 99.0)
    control.refused(state, 101.0, 100.5)
    assert control.rate(state, 1000.0) == 2


def test_an_adaptive_state_from_another_clock_is_ignored():
    control = RateControl(4)
    assert control.rate({"rate": 1.0, "since": 1e12}, 100.0) == 4
    assert control.rate({"rate": "slow", "since": 50.0}, 100.0) == 4
    assert control.rate({"rate": 1.0, "since": 50.0}, 100.0) == 1.0
    assert control.rate({"rate": 99.0, "since": 50.0}, 100.0) == 4
    assert control.rate({"rate": 1.0, "cut": 50.0}, 100.0) == 4  # written by an earlier version
    # A planned try far beyond any hold was written under another clock: tried now.
    state = {"rate": 1.0, "since": 50.0, "probe": 1e12}
    control.answered(state, 100.0)
    assert control.pace(state, 100.0) == 2


def test_a_429_puts_the_next_turn_off_so_that_phases_move():
    # Machines whose turns keep their phases would see the same one refused each time (the
    # one farthest from the service): after a 429 below the configured rate, the machine's
    # next turn waits one to two of its spacings.
    draws = []

    class Recorder:
        def uniform(self, low, high):
            draws.append((low, high))
            return high if (low, high) == pacing.SHIFT else low

    control, state = RateControl(4, rng=Recorder()), {}
    moment = cut_to(control, state, 2) + 1.0
    control.refused(state, moment, moment - 0.2)
    assert control.pace(state, moment) == 2  # one 429: no cut
    assert state["after"] == pytest.approx(moment + 2 * WINDOW_MARGIN / 2)
    schedule = control.schedule(state, moment)
    assert schedule.book(state, moment, "task") == pytest.approx(state["after"])
    assert schedule.take(state, moment + 0.1, "task") == pytest.approx(state["after"])
    assert pacing.SHIFT in draws
    # At the configured rate turns come in bursts: a 429 there (a stray one, or the first of
    # machines starting together) puts nothing off.
    control, state = RateControl(4, rng=Recorder()), {}
    control.refused(state, 100.0, 99.9)
    assert control.rate(state, 100.0) == 4 and "after" not in state
    # Written under another clock: ignored.
    assert Schedule(4).book({"after": 1e12}, 100.0, "task") == 100.0


@pytest.mark.parametrize("current, spacing", [(3.9, WINDOW_MARGIN / 3), (2, WINDOW_MARGIN / 2),
                                              (1.5, WINDOW_MARGIN), (0.5, 2 * WINDOW_MARGIN)])
def test_below_the_configured_rate_turns_are_evenly_spaced(current, spacing):
    schedule = Schedule(4, current)
    state = {}
    booked = [schedule.book(state, 0.0, "task") for dummy in range(4)]
    assert booked == pytest.approx([0.0, spacing, 2 * spacing, 3 * spacing])


class Limiter:
    """Sumo Logic's rate limit as the emulator keeps it: at most ``per_second`` requests answered
    in any second; a refused request does not count."""

    def __init__(self, per_second=4):
        self.per_second = per_second
        self.answered = []

    def admit(self, moment):
        recent = [t for t in self.answered[-self.per_second:] if moment - t < 1.0]
        if len(recent) >= self.per_second:
            return False
        self.answered.append(moment)
        return True


def simulate(nodes, seconds, delays=(0.004, 0.013, 0.022), refusals=()):
    """``nodes`` machines, each always with a request waiting, on one key; deterministic.

    Each machine books its next turn by its own Schedule and RateControl (the state of a
    SharedPacer, without the files); a request reaches the service ``delays[node]`` after its
    turn. ``refusals`` are moments at which a request is refused whatever the count (a late
    packet). Returns, per machine, (answered, refused, rates seen).
    """
    limiter = Limiter()
    states = [{} for dummy in range(nodes)]
    controls = [RateControl(4, rng=random.Random(node)) for node in range(nodes)]
    results = [[0, 0, []] for dummy in range(nodes)]
    turns = [Schedule(4).book(state, 0.0, "node%d" % node) for node, state in enumerate(states)]
    pending = sorted(refusals)
    while True:
        node = min(range(nodes), key=lambda index: turns[index])
        when = turns[node]
        if when > seconds:
            return results
        state, control = states[node], controls[node]
        arrival = when + delays[node % len(delays)]
        refused = False
        if pending and pending[0] <= arrival:
            pending.pop(0)
            refused = True
        if refused or not limiter.admit(arrival):
            control.refused(state, arrival + 0.01, when)
            results[node][1] += 1
        else:
            control.answered(state, arrival + 0.01, when)
            results[node][0] += 1
        results[node][2].append(control.rate(state, arrival + 0.01))
        moment = arrival + 0.01
        schedule = Schedule(4, control.rate(state, moment))
        turns[node] = schedule.book(state, moment, "node%d" % node)
        schedule.take(state, turns[node], "node%d" % node)


def test_one_machine_alone_keeps_its_rate_through_a_stray_429():
    (answered, refused, rates), = simulate(1, 120.0, refusals=[30.0, 90.0])
    assert refused == 2 and min(rates) == 4
    assert answered >= 0.95 * 120 * 4 / WINDOW_MARGIN


def test_machines_sharing_a_key_settle_near_their_shares_with_few_429s():
    # A key kept full for five minutes. Each machine tries the next level now and then, and
    # on a full key the try is refused: that is what finding room when another machine stops
    # costs (about one request in thirteen here, the three machines' start included; none while
    # a machine is alone). Under one in ten, the share the pacer is built to stay within.
    results = simulate(3, 300.0)
    answered = sum(result[0] for result in results)
    refused = sum(result[1] for result in results)
    assert refused < 0.10 * (answered + refused), results
    assert answered > 0.85 * 300 * 4 / WINDOW_MARGIN
    # No machine starves: each got at least half its fair share.
    assert all(result[0] > answered / 3 / 2 for result in results)
    # After the first seconds, the machines share the key: none is at the full rate for more
    # than a trial now and then.
    settled = [[level(rate) for rate in result[2][len(result[2]) // 3:]] for result in results]
    assert all(sum(1 for rate in levels if rate >= 4) < 0.01 * len(levels) for levels in settled)


def test_without_the_adaptive_rate_machines_sharing_a_key_are_refused_most_of_the_time(monkeypatch):
    # The same simulation with a rule that never lowers the rate: what the adaptive rate changes.
    monkeypatch.setattr(RateControl, "refused", lambda self, state, now, when=None: None)
    results = simulate(3, 120.0)
    answered = sum(result[0] for result in results)
    refused = sum(result[1] for result in results)
    assert refused > answered


# -- shared by the processes of a machine, and told by the client ----------------------------

def refuse_twice(directory, results):
    pacer = make_pacer(ENDPOINT, ACCESS_ID, 4, directory=directory)
    for dummy in range(2):
        with pacer.turn() as when:
            pass
        pacing.report(pacer, when, refused=True)
    results.put(pacer.current_rate())


def test_a_429_slows_every_process_of_the_machine(tmp_path):
    results = SPAWN.Queue()
    worker = SPAWN.Process(target=refuse_twice, args=(str(tmp_path), results))
    worker.start()
    lowered = results.get(timeout=60)
    worker.join(10)
    assert lowered == level(4 * DECREASE)
    pacer = make_pacer(ENDPOINT, ACCESS_ID, 4, directory=str(tmp_path))
    assert pacer.current_rate() == lowered
    turns = []
    for dummy in range(3):
        with pacer.turn() as when:
            turns.append(when)
    assert turns[2] - turns[0] >= 2 * WINDOW_MARGIN / lowered - FLOAT_SLACK
    for dummy in range(3):
        pacing.report(pacer, turns[-1], refused=False)
    assert pacer.current_rate() == lowered  # answers raise it back over seconds, not at once


class RecordingPacer:
    """A pacer that records what the client tells it."""

    rate = 4

    def __init__(self):
        self.events = []
        self.turns = 0

    def turn(self):
        self.turns += 1
        return contextlib_nullcontext(float(self.turns))

    def refused(self, when):
        self.events.append(("refused", when))

    def answered(self, when):
        self.events.append(("answered", when))


def contextlib_nullcontext(value):
    import contextlib
    return contextlib.nullcontext(value)


def test_the_client_tells_its_pacer_of_every_429_and_every_answer(make_client, control):
    pacer = RecordingPacer()
    client = make_client(pacer=pacer)
    control.fault(action="status", status=429, retry_after=0, method="GET", path="^/api/v1/collectors$", count=2)
    client.get("/v1/collectors")
    assert pacer.events == [("refused", 1.0), ("refused", 2.0), ("answered", 3.0)]


def test_a_pacer_that_only_takes_turns_still_serves(make_client, control):
    class TurnsOnly:
        rate = 4

        def turn(self):
            return contextlib_nullcontext(0.0)
    control.fault(action="status", status=429, retry_after=0, method="GET", path="^/api/v1/collectors$", count=1)
    assert make_client(pacer=TurnsOnly()).get("/v1/collectors").status == 200
