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
  apart. A state file, locked with ``flock`` for a few
  microseconds at a time, holds the turns booked (handed out in order, so no process
  waits for ever) and the times of the turns actually taken: a process sleeps until its
  booked turn, then takes it only if the turns taken still leave room in the window, so
  one that woke up late never lets the next ones crowd in behind it. A task alone sends
  its few requests without waiting; many tasks together get ``rate`` turns a second.

``flock`` locks belong to an open file, not to a process, and every turn opens its own
files: threads of one process are paced as separate processes are.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import errno
import hashlib
import json
import os
import random
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
# (a reboot, a clock step): they are ignored.
STALE_AFTER = 120.0


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
    if not rate:
        return NoPacer()
    if fcntl is None:
        return LocalPacer(rate)
    directory = directory or pacing_dir()
    try:
        return SharedPacer(directory, bucket_name(endpoint, access_id), rate)
    except (OSError, IOError) as exc:
        if warn:
            warn("Pacing of Sumo Logic requests is per process only: %s (set %s to a directory of your own)."
                 % (exc, PACING_DIR_ENV))
        return LocalPacer(rate)


class NoPacer(object):
    """``rate_limit: 0``: requests go out as soon as they are made."""

    rate = 0

    @contextlib.contextmanager
    def turn(self):
        yield time.time()


class Schedule(object):
    """The rate rule, over a state dict (``booked`` and ``taken`` turn times) kept by a pacer."""

    def __init__(self, rate):
        self.rate = float(rate)
        self.burst = int(min(MAX_BURST, max(1, self.rate // 1)))
        self.window = WINDOW_MARGIN * self.burst / self.rate
        self.gap = min(self.window / self.burst, MIN_GAP)
        # Booked turns lie at most this far ahead (IN_FLIGHT processes queue at once);
        # times beyond it were written under another clock (a reboot, a clock step).
        self.horizon = STALE_AFTER + IN_FLIGHT * self.window / self.burst

    def book(self, state, now, owner=None):
        """Book the next free turn for ``owner`` (a process and thread); returns its time."""
        booked = self._times(state, "booked", now)
        start = self._earliest(booked, now, state.get("booked_by") == owner)
        state["booked"] = (booked + [start])[-MAX_BURST:]
        state["booked_by"] = owner
        return start

    def take(self, state, now, owner=None):
        """Take a turn now if the window has room (returns None), else return when it will."""
        taken = self._times(state, "taken", now)
        start = self._earliest(taken, now, state.get("taken_by") == owner)
        if start > now:
            return start
        state["taken"] = (taken + [now])[-MAX_BURST:]
        state["taken_by"] = owner
        return None

    def _earliest(self, turns, now, follows_own):
        """The earliest time after ``turns`` at which the next may be: the window has room, and
        the gap is kept, unless the last turn was the same owner's (whose request has been
        answered by now, so the two cannot arrive out of order)."""
        start = now
        if turns and not follows_own:
            start = max(start, turns[-1] + self.gap)
        if len(turns) >= self.burst:
            start = max(start, turns[-self.burst] + self.window)
        return start

    def _times(self, state, key, now):
        """A list of turn times from the state; none if it is unreadable or from another clock."""
        times = state.get(key)
        if not isinstance(times, list) or not all(isinstance(t, (int, float)) for t in times):
            return []
        if times and times[-1] > now + self.horizon:
            return []
        return times


class LocalPacer(object):
    """The same rules, kept in memory: shared by the threads of one process only."""

    def __init__(self, rate, in_flight=IN_FLIGHT):
        self.rate = float(rate)
        self.schedule = Schedule(rate)
        self._slots = threading.BoundedSemaphore(in_flight)
        self._lock = threading.Lock()
        self._state = {}

    @contextlib.contextmanager
    def turn(self):
        owner = _owner()
        with self._slots:
            with self._lock:
                start = self.schedule.book(self._state, time.time(), owner)
            while True:
                _sleep_until(start)
                with self._lock:
                    now = time.time()
                    start = self.schedule.take(self._state, now, owner)
                if start is None:
                    break
            yield now


class SharedPacer(object):
    """The rules of the module docstring, shared through ``directory`` by every process of the machine."""

    def __init__(self, directory, name, rate, in_flight=IN_FLIGHT):
        self.rate = float(rate)
        self.schedule = Schedule(rate)
        self.directory = directory
        _private_directory(directory)
        self.state_path = os.path.join(directory, name + ".state")
        self.slot_paths = [os.path.join(directory, "%s.slot%d" % (name, index)) for index in range(in_flight)]
        # Fail now, not at the first request, when the directory is not usable.
        os.close(_open(self.state_path))

    @contextlib.contextmanager
    def turn(self):
        """Hold an in-flight slot and take a turn of the rate; the request is sent inside.

        Yields the time of the turn, as recorded in the shared state.
        """
        slot = self._take_slot()
        try:
            yield self._take_rate_turn()
        finally:
            os.close(slot)  # releases the flock

    def _take_slot(self):
        pause = 0.01
        while True:
            first = random.randrange(len(self.slot_paths))
            for index in range(len(self.slot_paths)):
                fd = _open(self.slot_paths[(first + index) % len(self.slot_paths)])
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return fd
                except (OSError, IOError) as exc:
                    os.close(fd)
                    if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                        raise
            time.sleep(random.uniform(pause / 2, pause))
            pause = min(pause * 2, 0.2)

    def _take_rate_turn(self):
        owner = _owner()
        with self._state() as state:
            start = self.schedule.book(state, time.time(), owner)
        while True:
            _sleep_until(start)
            with self._state() as state:
                now = time.time()
                start = self.schedule.take(state, now, owner)
            if start is None:
                return now

    @contextlib.contextmanager
    def _state(self):
        fd = _open(self.state_path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
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
            os.write(fd, data)
        finally:
            os.close(fd)


def _owner():
    """Who takes a turn: this process and thread."""
    return "%d.%d" % (os.getpid(), threading.current_thread().ident)


def _sleep_until(moment):
    delay = moment - time.time()
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
    except (OSError, IOError) as exc:
        if exc.errno != errno.EEXIST:
            raise
    info = os.lstat(directory)
    if not stat.S_ISDIR(info.st_mode):
        raise OSError(errno.ENOTDIR, "%s is not a directory" % directory)
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise OSError(errno.EPERM, "%s belongs to another user" % directory)
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise OSError(errno.EPERM, "%s is writable by other users" % directory)
