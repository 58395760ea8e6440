# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Pacing shared by every process of one machine that uses the same Sumo Logic access key.

Sumo Logic allows 4 requests per second per user and 10 requests in flight per access
key. Ansible runs each task of each fork in its own process, so a limit kept in memory
would be per process and useless: the shared state lives in small files of a directory
(:func:`pacing_dir`), named by a hash of the API endpoint and access id (never the key).

* **In flight**: ``IN_FLIGHT`` slot files per bucket; a request holds an exclusive
  ``flock`` on one of them while it is sent and answered. The kernel drops the lock when
  the process dies, so a crash never leaks a slot.
* **Rate**: Sumo Logic counts requests per second, so at most ``burst`` (the rate,
  rounded down, at least 1) turns may start within any ``window`` of ``burst / rate``
  seconds (plus a small margin), turns of different processes at least ``MIN_GAP``
  apart. A state file, locked with ``flock`` for a few microseconds at a time, holds the turns booked (handed out in order, so no process
  waits for ever) and the times of the turns actually taken: a process sleeps until its
  booked turn, then takes it only if the turns taken still leave room in the window, so
  one that woke up late never lets the next ones crowd in behind it. A task alone sends
  its few requests without waiting; many tasks together get ``rate`` turns a second.
* **Adaptive rate** (:class:`RateControl`): other machines using the same key are not in
  these files, so a 429 is the only sign of them. A 429 that follows another within
  ``CONFIRM`` seconds lowers the machine's level (kept in the state file, so every process
  of the machine slows down together) to ``DECREASE`` times it, once per level: 429s of
  requests sent before a change say nothing of the new level. One 429 is enough where no
  late request of the machine's own can explain it: at the configured rate when the
  machine took fewer than its burst of turns in the ``OWN_SPAN`` seconds before the
  refused one (a machine joining a key that others fill), and below one request a second.
  Below the configured rate, turns are evenly spaced, a whole number per window: machines
  whose whole numbers add up to the key's limit (2 + 1 + 1 for three machines on 4 a
  second) are never refused, whatever their phases. To find room, a machine that kept its
  level for a while (``HOLD`` seconds, times a random factor, so that machines refused
  together do not climb together; half as long below half the configured rate, so that the
  machines with the smallest shares find the room a finished one leaves first) tries the
  next level for ``TRIAL`` seconds: one 429 of a request sent in the trial takes it back,
  and it waits twice as long before the next try (up to ``MAX_HOLD``); a trial without a
  429 keeps the level and tries the next at once, so a machine left alone on the key is
  back at the configured rate seconds after its next try. After a 429 below the
  configured rate the next turn waits one to two spacings (``SHIFT``), so that the phases
  of machines move and the refusals do not always fall on the same one. No store is shared
  between machines, as with TCP's congestion control.

**Clock.** Turns are booked on the machine's monotonic clock (``CLOCK_MONOTONIC``; on
macOS ``CLOCK_UPTIME_RAW``, the clock of ``mach_absolute_time()``), read with
``time.clock_gettime``: it counts from the boot, the same for every process, and no
change of the wall clock moves it. ``time.monotonic()`` is not used for the shared
state: it is the same clock on Linux, but some Python versions count it on macOS from
the start of each process. Where ``time.clock_gettime`` has neither clock (Windows,
which has no ``flock`` either), each process paces itself. Times in the state beyond
what the queue can explain (written before a reboot, or in another Linux time
namespace) are ignored.

**Faults.** Every wait has a deadline: ``LOCK_WAIT`` seconds for the state lock (held
for microseconds), ``SLOT_WAIT`` seconds for a slot while no request of the bucket
starts. Past one, or when a state or slot file cannot be opened or written (a file of
another user or of mode 000, a link or a directory in its place, a full disk), the
process goes on pacing itself alone (:class:`LocalPacer`), with a warning naming the
directory. Files of buckets unused for ``FORGET_AFTER`` seconds are removed, once per
process, never those of a bucket in use.

``flock`` locks belong to an open file, not to a process, and every turn opens its own
files: threads of one process are paced as separate processes are.
"""

import contextlib
import errno
import functools
import hashlib
import json
import math
import os
import random
import re
import stat
import tempfile
import threading
import time

try:
    import fcntl
except ImportError:  # not a POSIX system: each process paces itself only
    fcntl = None

#: Sumo Logic's limit of requests in flight per access key.
IN_FLIGHT = 10
#: Environment variable naming the directory that holds the shared state.
PACING_DIR_ENV = "SUMOLOGIC_PACING_DIR"
#: The range of ``rate_limit`` (requests per second; 0 turns pacing off). Below 0.1 a turn
#: would wait more than 10 s, longer than a request may take; above 100, 25 times Sumo
#: Logic's documented rate, a limit no longer limits anything.
MIN_RATE = 0.1
MAX_RATE = 100.0
# The window is a little longer than a second's share: a request reaches the service some
# milliseconds after its turn, and not always the same number of them, so turns exactly a
# second apart would now and then put rate + 1 requests into Sumo Logic's second.
WINDOW_MARGIN = 1.04
# The most turns one window may hold (the length of the lists kept in the state).
MAX_BURST = 50
# Turns of different processes (or threads) are at least this far apart even when the
# window has room: processes woken at the same instant reach the service in any order,
# and a burst's spread would eat the margin above. A task's own requests follow each
# other without a gap (each is answered before the next is sent).
MIN_GAP = 0.1
# Turn times this far beyond what the queue can explain were written under another clock
# (a reboot, another time namespace): they are ignored.
STALE_AFTER = 120.0
# The longest wait for the state lock, which a process holds for microseconds.
LOCK_WAIT = 10.0
# The longest wait for an in-flight slot while no request of the bucket starts: as long
# as the default request timeout, so that ten slow answers never count as a frozen holder.
SLOT_WAIT = 60.0
# Files of a bucket that no process has used for a day are removed.
FORGET_AFTER = 86400.0
# The adaptive rate (RateControl). Two 429s within CONFIRM seconds (one alone is as likely
# a late packet as another machine), both of requests sent since the level last changed,
# lower the level (the whole turns per window, or the rate below one a second) to DECREASE
# times it. A machine that has kept its level for a hold of HOLD seconds (times a factor
# drawn from HOLD_SPREAD, so that machines cut at the same moment do not climb together)
# tries the next level for TRIAL seconds. One 429 of a request sent in the trial takes it
# back to the level it came from, and doubles its hold (up to MAX_HOLD): machines that
# keep finding the key full probe less often. A trial without a 429 keeps the level and
# tries the next one at once, so a machine left alone on the key is back at the configured
# rate seconds after its next try. A machine at less than half the configured rate holds
# half as long (SMALL_SHARE_HOLD): it has the most to gain from the room a finished machine
# leaves, and its try adds no more requests than another's. Never below FLOOR times the
# configured rate. MAX_HOLD trades 429s on a key that stays full against time lost when a
# machine leaves one (docs/awx.md).
DECREASE = 0.7
CONFIRM = 3.0
HOLD = 10.0
HOLD_SPREAD = (0.5, 1.5)
MAX_HOLD = 25.0
TRIAL = 3.0
FLOOR = 1.0 / 16
SMALL_SHARE_HOLD = 0.5
# At the configured rate, a machine that took fewer than its burst of turns in the OWN_SPAN
# seconds before a refused request's turn cannot have filled the key's second with its own
# requests, however late they came (the window plus half a second): another machine did, and
# that one 429 lowers the level without waiting for a second.
OWN_SPAN = 1.5
# After a 429 below the configured rate, the machine's next turn waits SHIFT (a factor drawn
# from the range) times its spacing: machines whose turns keep the same phases would otherwise
# see the same one (the farthest from the service) refused every time, at the floor where it
# can do nothing, while the others climb on its refusals.
SHIFT = (1.0, 2.0)
# The keys RateControl keeps in a pacer's state.
ADAPTIVE_KEYS = ("rate", "since", "hold", "probe", "trial", "back", "refused")


def _machine_clock():
    """``time.clock_gettime`` of the machine's monotonic clock, or None where it has none."""
    clock_gettime = getattr(time, "clock_gettime", None)
    if clock_gettime is None:
        return None
    for name in ("CLOCK_UPTIME_RAW", "CLOCK_MONOTONIC"):
        clock_id = getattr(time, name, None)
        if clock_id is None:
            continue
        try:
            clock_gettime(clock_id)
        except (OSError, ValueError):  # defined at build time, missing at run time (old macOS)
            continue
        return functools.partial(clock_gettime, clock_id)
    return None


#: The clock the shared state is written in, the same for every process of the machine
#: (None where there is no such clock: then each process paces itself).
MACHINE_CLOCK = _machine_clock()


def now():
    """The pacing clock: the machine's monotonic clock (this process's where there is none)."""
    return (MACHINE_CLOCK or time.monotonic)()


def check_rate(rate):
    """Raise ValueError unless ``rate`` is 0 (no pacing) or a number from MIN_RATE to MAX_RATE."""
    try:
        value = float(rate)
    except (TypeError, ValueError):
        raise ValueError("must be a number of requests per second, got %r" % (rate,))
    if value == 0:
        return
    if not (MIN_RATE <= value <= MAX_RATE):  # also false for nan
        raise ValueError("must be 0 (no pacing) or from %s to %s requests per second, got %s"
                         % (MIN_RATE, int(MAX_RATE), rate))


def pacing_dir():
    """Where the shared state lives: ``$SUMOLOGIC_PACING_DIR``, else a per-user directory under the temp dir."""
    configured = os.environ.get(PACING_DIR_ENV)
    if configured:
        return configured
    owner = os.getuid() if hasattr(os, "getuid") else "user"
    return os.path.join(tempfile.gettempdir(), "community.sumologic-pacing-%s" % owner)


def bucket_name(endpoint, access_id):
    """The file name stem of a bucket: a hash, so the access id is not written in clear either."""
    return hashlib.sha256(("%s\n%s" % (endpoint, access_id)).encode("utf-8")).hexdigest()[:32]


def make_pacer(endpoint, access_id, rate, directory=None, warn=None):
    """The pacer for a client: none for ``rate`` 0, shared through files where possible."""
    check_rate(rate)
    if not rate:
        return NoPacer()
    if fcntl is None or MACHINE_CLOCK is None:
        return LocalPacer(rate)
    directory = directory or pacing_dir()
    try:
        return SharedPacer(directory, bucket_name(endpoint, access_id), rate, warn=warn)
    except OSError as exc:
        _warn_alone(warn, directory, exc)
        return LocalPacer(rate)


def report(pacer, when, refused):
    """Tell ``pacer`` how the request sent at its turn ``when`` was answered (refused: a 429).

    A pacer needs only ``turn()``; one without ``refused``/``answered`` does not adapt.
    """
    listener = getattr(pacer, "refused" if refused else "answered", None)
    if listener is not None:
        listener(when)


def _warn_alone(warn, directory, reason):
    if warn:
        warn("Pacing of Sumo Logic requests is per process only: %s (pacing directory %s; set %s to a "
             "directory of your own)." % (reason, directory, PACING_DIR_ENV))


class NoPacer:
    """``rate_limit: 0``: requests go out as soon as they are made."""

    rate = 0

    @contextlib.contextmanager
    def turn(self):
        yield now()


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _level(rate):
    """The whole turns per window a rate allows (its value below one a second)."""
    return float(math.floor(rate)) if rate >= 1 else rate


class RateControl:
    """The adaptive rate of a machine, over the state dict a pacer keeps: at most ``ceiling``
    (the configured rate), at least ``FLOOR`` times it (and MIN_RATE).

    Keys (``ADAPTIVE_KEYS``), all absent at the ceiling: ``rate`` (the level turns are
    given at) and ``since`` (when it was set); ``hold`` (the hold last planned, before its
    random factor) and ``probe`` (when the next level will be tried); ``trial`` and
    ``back`` (while a level is tried: since when, and the level it came from);
    ``refused`` (when the last 429 since the change came). ``rng`` draws the factors of
    the holds (the ``random`` module unless given).
    """

    def __init__(self, ceiling, rng=None):
        self.ceiling = float(ceiling)
        self.floor = min(self.ceiling, max(MIN_RATE, FLOOR * self.ceiling))
        self.rng = rng or random

    def rate(self, state, now):
        """The adaptive rate: the state's, when it is one this rule could have written."""
        rate = state.get("rate")
        if not _number(rate) or self._time(state, "since", now) is None:
            return self.ceiling
        return min(self.ceiling, max(self.floor, rate))

    def pace(self, state, now):
        """The rate turns are given at: the ceiling, or below it the whole turns per window."""
        rate = self.rate(state, now)
        return rate if rate >= self.ceiling else _level(rate)

    def schedule(self, state, now):
        """The Schedule turns are given by now."""
        return Schedule(self.ceiling, self.rate(state, now))

    def refused(self, state, now, when=None):
        """A request sent at ``when`` (None: unknown) was answered 429 at ``now``."""
        level = self.pace(state, now)
        # Below the configured rate, machines whose turns keep the same phases would see the
        # same one refused each time: the next turn is put off by one to two of its spacings,
        # so that the phases move. (At the configured rate the turns come in bursts, and a
        # pause would only gather them into a larger one.)
        if level < self.ceiling:
            state["after"] = now + self.rng.uniform(*SHIFT) * WINDOW_MARGIN / _level(level)
        since = self._time(state, "since", now)
        if since is not None and when is not None and when < since:
            return  # sent before the level changed: it says nothing about this one
        back = state.get("back")
        if self._time(state, "trial", now) is not None and _number(back):
            # The level tried is too much: back to the one before, tried again later.
            self._change(state, now, max(self.floor, min(level, back)), min(MAX_HOLD, 2 * self._hold(state)))
            return
        previous = self._time(state, "refused", now)
        state["refused"] = now
        if (previous is None or now - previous > CONFIRM) and not self._others(state, now, level, when):
            return  # now and then a request reaches the service late: not a crowd
        lower = max(self.floor, _level(_level(level) * DECREASE))
        if lower < level:
            self._change(state, now, lower, HOLD)
        else:  # at the floor already: the climb stays planned as it was
            del state["refused"]

    def answered(self, state, now, when=None):
        """A request was answered (anything but a 429) at ``now``: in time, the next level is tried."""
        if "rate" not in state or self._time(state, "since", now) is None:
            return
        trial = self._time(state, "trial", now)
        if trial is not None:
            if now - trial < TRIAL:
                return
            # No 429 in the trial: the level is kept, and the next one is tried at once.
            if self.rate(state, now) >= self.ceiling:
                for key in ADAPTIVE_KEYS:
                    state.pop(key, None)
                return
            for key in ("trial", "back"):
                state.pop(key, None)
            state.update(hold=HOLD, probe=now)
        probe = state.get("probe")
        if _number(probe) and now < probe <= now + MAX_HOLD * HOLD_SPREAD[1]:
            return  # not yet (a time further ahead was written under another clock)
        level = self.pace(state, now)
        higher = min(self.ceiling, _level(level + 1) if level >= 1 else 1.0)
        state.update(rate=higher, since=now, trial=now, back=level)
        state.pop("refused", None)

    def _others(self, state, now, level, when):
        """Whether a 429 of a request sent at ``when`` is one no late request of this machine's
        own explains: below one request a second (the machine is there only because the key was
        full without it), or at the configured rate with fewer than a burst of the machine's turns
        in the ``OWN_SPAN`` seconds before it (others fill the key: the machine joined them). Turns
        the Schedule would not read (none, unreadable, from another clock) explain nothing."""
        if level < 1:
            return True
        if level < self.ceiling or when is None or "rate" in state:
            return False
        schedule = Schedule(self.ceiling)
        taken = schedule._times(state, "taken", now)
        if not taken:
            return False
        return sum(1 for moment in taken if when - OWN_SPAN <= moment < when) < schedule.burst

    def _change(self, state, now, rate, hold):
        """The level ``rate`` from ``now``; the next one is tried after ``hold`` seconds, times a
        random factor (and SMALL_SHARE_HOLD below half the configured rate)."""
        for key in ("trial", "back", "refused"):
            state.pop(key, None)
        wait = hold * self.rng.uniform(*HOLD_SPREAD)
        if _level(rate) < self.ceiling / 2.0:
            wait *= SMALL_SHARE_HOLD
        state.update(rate=rate, since=now, hold=hold, probe=now + wait)

    @staticmethod
    def _hold(state):
        hold = state.get("hold")
        return min(MAX_HOLD, max(HOLD, hold)) if _number(hold) else HOLD

    @staticmethod
    def _time(state, key, now):
        """A time of the state, unless it is unreadable or from another clock (ahead of now)."""
        value = state.get(key)
        if not _number(value) or value > now + 1.0:
            return None
        return value


class Schedule:
    """The rate rule, over a state dict (``booked`` and ``taken`` turn times, and ``after``, the
    earliest next turn that a 429 left) kept by a pacer.

    ``rate`` is the configured one: up to ``burst`` turns in a ``window``. ``current`` is
    the adaptive rate; below ``rate``, turns are evenly spaced, ``spacing`` seconds apart
    (``WINDOW_MARGIN`` over its whole turns per window), whoever takes them.
    """

    def __init__(self, rate, current=None):
        self.rate = float(rate)
        self.spacing = None
        if current is not None and current < self.rate:
            self.spacing = WINDOW_MARGIN / _level(current)
            self.burst, self.window = 1, self.spacing
        else:
            self.burst = int(min(MAX_BURST, max(1, self.rate // 1)))
            self.window = WINDOW_MARGIN * self.burst / self.rate
        self.gap = min(self.window / self.burst, MIN_GAP)
        # Booked turns lie at most this far ahead (IN_FLIGHT processes queue at once);
        # times beyond it were written under another clock (a reboot, a clock step).
        self.horizon = STALE_AFTER + IN_FLIGHT * self.window / self.burst

    def book(self, state, now, owner=None):
        """Book the next free turn for ``owner`` (a process and thread); returns its time."""
        booked = self._times(state, "booked", now)
        start = self._earliest(booked, now, state.get("booked_by") == owner, self._after(state, now))
        state["booked"] = (booked + [start])[-MAX_BURST:]
        state["booked_by"] = owner
        return start

    def take(self, state, now, owner=None):
        """Take a turn now if the window has room (returns None), else return when it will."""
        taken = self._times(state, "taken", now)
        start = self._earliest(taken, now, state.get("taken_by") == owner, self._after(state, now))
        if start > now:
            return start
        state["taken"] = (taken + [now])[-MAX_BURST:]
        state["taken_by"] = owner
        return None

    def _after(self, state, now):
        """The state's ``after`` (no turn before it), unless unreadable or from another clock."""
        after = state.get("after")
        if not _number(after) or after > now + self.horizon:
            return now
        return after

    def _earliest(self, turns, now, follows_own, after):
        """The earliest time after ``turns`` (and ``after``) at which the next may be: the window
        has room, and the gap is kept, unless the last turn was the same owner's (whose request
        has been answered by now, so the two cannot arrive out of order)."""
        start = max(now, after)
        if turns and not follows_own:
            start = max(start, turns[-1] + self.gap)
        if len(turns) >= self.burst:
            start = max(start, turns[-self.burst] + self.window)
        return start

    def _times(self, state, key, now):
        """A list of turn times from the state; none if it is unreadable or from another clock."""
        times = state.get(key)
        if not isinstance(times, list) or not all(_number(t) for t in times):
            return []
        if times and times[-1] > now + self.horizon:
            return []
        return times


class LocalPacer:
    """The same rules, kept in memory: shared by the threads of one process only."""

    def __init__(self, rate, in_flight=IN_FLIGHT):
        self.rate = float(rate)
        self.control = RateControl(rate)
        self._slots = threading.BoundedSemaphore(in_flight)
        self._lock = threading.Lock()
        self._state = {}

    def _schedule(self, moment):
        return self.control.schedule(self._state, moment)

    @contextlib.contextmanager
    def turn(self):
        owner = _owner()
        with self._slots:
            with self._lock:
                moment = now()
                schedule = self._schedule(moment)
                start = schedule.book(self._state, moment, owner)
            while True:
                _sleep_until(start)
                with self._lock:
                    moment = now()
                    schedule = self._schedule(moment)
                    start = schedule.take(self._state, moment, owner)
                if start is None:
                    break
            yield moment

    def refused(self, when=None):
        with self._lock:
            self.control.refused(self._state, now(), when)

    def answered(self, when=None):
        with self._lock:
            self.control.answered(self._state, now(), when)

    def current_rate(self):
        with self._lock:
            return self.control.pace(self._state, now())


class Unusable(Exception):
    """The shared files cannot be used now (a wait past its deadline)."""


class SharedPacer:
    """The rules of the module docstring, shared through ``directory`` by every process of the machine."""

    def __init__(self, directory, name, rate, in_flight=IN_FLIGHT, warn=None, lock_wait=None, slot_wait=None):
        self.rate = float(rate)
        self.control = RateControl(rate)
        self.directory = directory
        self.lock_wait = LOCK_WAIT if lock_wait is None else lock_wait
        self.slot_wait = SLOT_WAIT if slot_wait is None else slot_wait
        self._warn = warn
        self._alone = None
        self._alone_lock = threading.Lock()
        _private_directory(directory)
        self.state_path = os.path.join(directory, name + ".state")
        self.slot_paths = [os.path.join(directory, "%s.slot%d" % (name, index)) for index in range(in_flight)]
        # Fail now, not at the first request, when the files are not usable.
        for path in [self.state_path] + self.slot_paths:
            os.close(_open(path))
        remove_forgotten(directory, keep=name)

    @property
    def alone(self):
        """The per-process pacer this one fell back to, or None while the files are shared."""
        return self._alone

    @contextlib.contextmanager
    def turn(self):
        """Hold an in-flight slot and take a turn of the rate; the request is sent inside.

        Yields the time of the turn, as recorded in the shared state.
        """
        slot = None
        when = None
        if self._alone is None:
            try:
                slot = self._take_slot()
                try:
                    when = self._take_rate_turn()
                except BaseException:
                    os.close(slot)
                    slot = None
                    raise
            except (OSError, Unusable) as exc:
                self._fall_back(exc)
        if slot is None:
            with self._alone.turn() as when:
                yield when
            return
        try:
            yield when
        finally:
            os.close(slot)  # releases the flock

    def refused(self, when=None):
        self._adapt("refused", when)

    def answered(self, when=None):
        self._adapt("answered", when)

    def current_rate(self):
        """The rate the machine paces at now (the configured one, or lower after 429s)."""
        if self._alone is None:
            try:
                with self._state() as state:
                    return self.control.pace(state, now())
            except (OSError, Unusable) as exc:
                self._fall_back(exc)
        return self._alone.current_rate()

    def _adapt(self, outcome, when):
        if self._alone is not None:
            return getattr(self._alone, outcome)(when)
        try:
            with self._state() as state:
                getattr(self.control, outcome)(state, now(), when)
        except (OSError, Unusable) as exc:
            self._fall_back(exc)

    def _fall_back(self, reason):
        with self._alone_lock:
            if self._alone is None:
                _warn_alone(self._warn, self.directory, reason)
                self._alone = LocalPacer(self.rate, in_flight=len(self.slot_paths))

    def _take_slot(self):
        pause = 0.01
        progress = self._progress()
        deadline = now() + self.slot_wait
        while True:
            first = random.randrange(len(self.slot_paths))
            for index in range(len(self.slot_paths)):
                fd = _lock(self.slot_paths[(first + index) % len(self.slot_paths)])
                if fd is not None:
                    return fd
            moment = now()
            latest = self._progress()
            if latest != progress:  # a request of the bucket started: its holders are alive
                progress, deadline = latest, moment + self.slot_wait
            elif moment >= deadline:
                raise Unusable("no in-flight slot came free in %s s, and no request of this key started "
                               "(a frozen process holds them)" % _seconds(self.slot_wait))
            time.sleep(random.uniform(pause / 2, pause))
            pause = min(pause * 2, 0.2)

    def _progress(self):
        """What changes whenever a turn is booked or taken: the state file's modification."""
        try:
            info = os.stat(self.state_path)
        except OSError:
            return None
        return (info.st_ino, getattr(info, "st_mtime_ns", info.st_mtime), info.st_size)

    def _take_rate_turn(self):
        owner = _owner()
        with self._state() as state:
            moment = now()
            schedule = self._schedule(state, moment)
            start = schedule.book(state, moment, owner)
        while True:
            _sleep_until(start)
            with self._state() as state:
                moment = now()
                schedule = self._schedule(state, moment)
                start = schedule.take(state, moment, owner)
            if start is None:
                return moment

    def _schedule(self, state, moment):
        return self.control.schedule(state, moment)

    @contextlib.contextmanager
    def _state(self):
        fd = self._lock_state()
        try:
            try:
                state = json.loads(os.read(fd, 1 << 16).decode("utf-8") or "{}")
            except ValueError:  # a process died while writing it: start afresh
                state = {}
            if not isinstance(state, dict):
                state = {}
            yield state
            data = json.dumps(state).encode("utf-8")
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(errno.ENOSPC, "the state file was written in part (%d of %d bytes)"
                              % (written, len(data)))
        finally:
            os.close(fd)

    def _lock_state(self):
        """The state file, open and locked; Unusable past ``lock_wait`` seconds."""
        deadline = now() + self.lock_wait
        pause = 0.0005
        while True:
            fd = _lock(self.state_path)
            if fd is not None:
                return fd
            if now() >= deadline:
                raise Unusable("the state file %s was locked for more than %s s (a frozen process holds it)"
                               % (self.state_path, _seconds(self.lock_wait)))
            time.sleep(random.uniform(pause / 2, pause))
            pause = min(pause * 2, 0.02)


def _lock(path):
    """Open ``path`` (creating it) and lock it exclusively: the fd, or None while another holds it.

    A file removed by :func:`remove_forgotten` between the open and the lock is opened again.
    """
    while True:
        fd = _open(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return None
            raise
        if os.fstat(fd).st_nlink:
            return fd
        os.close(fd)


def _seconds(value):
    return ("%.1f" % value).rstrip("0").rstrip(".")


def _owner():
    """Who takes a turn: this process and thread."""
    return "%d.%d" % (os.getpid(), threading.current_thread().ident)


def _sleep_until(moment):
    delay = moment - now()
    if delay > 0:
        time.sleep(delay)


def _open(path):
    """Open (creating) a state or slot file, never following a symbolic link."""
    return os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)


def _private_directory(directory):
    """Create ``directory`` for this user, or check that an existing one is this user's alone.

    Under a shared temp dir another user could have created it first, to hold our slots or
    plant links; such a directory is refused (the caller falls back to per-process pacing).
    """
    try:
        os.makedirs(directory, 0o700)
    except OSError as exc:
        if exc.errno != errno.EEXIST:
            raise
    info = os.lstat(directory)
    if not stat.S_ISDIR(info.st_mode):
        raise OSError(errno.ENOTDIR, "%s is not a directory" % directory)
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise OSError(errno.EPERM, "%s belongs to another user" % directory)
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise OSError(errno.EPERM, "%s is writable by other users" % directory)


_BUCKET_FILE = re.compile(r"^([0-9a-f]{32})\.(state|slot[0-9]+)$")
_swept = set()


def remove_forgotten(directory, keep=None):
    """Remove the files of buckets no process has used for ``FORGET_AFTER`` seconds (by their
    modification times: the state file is written at every turn), once per process and directory.

    A bucket is left alone when any of its files is locked (in use), is not a regular file,
    or cannot be opened; ``keep`` (the caller's bucket) always. Best effort: errors are ignored.
    """
    if directory in _swept:
        return
    _swept.add(directory)
    buckets = {}
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for entry in names:
        match = _BUCKET_FILE.match(entry)
        if match and match.group(1) != keep:
            buckets.setdefault(match.group(1), []).append(entry)
    oldest_kept = time.time() - FORGET_AFTER
    for entries in buckets.values():
        paths = [os.path.join(directory, entry) for entry in sorted(entries, key=lambda e: e.endswith(".state"))]
        try:
            infos = [os.lstat(path) for path in paths]
        except OSError:
            continue
        if any(not stat.S_ISREG(info.st_mode) or info.st_mtime > oldest_kept for info in infos):
            continue
        _remove_bucket(paths, oldest_kept)


def _remove_bucket(paths, oldest_kept):
    """Lock every file of a bucket (the state file last), then remove them all; none if one is in use."""
    held = []
    try:
        for path in paths:
            fd = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
            held.append(fd)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.fstat(fd).st_mtime > oldest_kept:
                return  # used since it was looked at
        for path in paths:
            os.unlink(path)
    except OSError:
        return
    finally:
        for fd in held:
            os.close(fd)
