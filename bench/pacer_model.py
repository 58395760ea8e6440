# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A model of ``bench/awx_load.py``'s rows, to see where the pacer's time goes.

``python -m ansible_collections.community.sumologic.bench.pacer_model [--seeds N] [--out DIR]`` (part of ``make bench``)

The rows take minutes and vary by run; this model takes seconds and is seeded. It drives
the collection's own rules (:class:`RateControl` and :class:`Schedule` of
``plugins/module_utils/pacing.py``) with ``nodes`` machines of ``forks`` forks sharing a
key that admits 4 requests in any one second (the emulator's rule, applied at each arrival
in the order of arrivals: a refused request is not counted). Each task sends two requests, one after the other (a lookup and a create);
a request arrives ``--delay`` after its turn (3 to 30 ms by default), or a time drawn from
the ones measured in a file of ``--delays`` (``bench/results/arrival-delays-*.json``: on two
cores, three playbooks delay requests far more than one does), and is answered 10 to
50 ms later; a refused one is sent again after its ``Retry-After`` of 1 s plus up to 1 s; a fork
takes 0.4 to 0.9 s to start its next task; each node's first task starts after a
start-up drawn from ``--start`` (three playbooks on two cores: 6.5 to 20.5 s measured).

For each pacer it prints the wall time over the bound (answered requests / 4 a second),
the share of 429s, and the seconds of the key's capacity lost in each phase of a run:
before the first request, in its first 20 s, until the first node is done ("middle") and
after it ("tail"). ``oracle`` is one pacer shared by every node (as if they were one
machine), with the same adaptive rules. ``spaced`` is one shared pacer that does not adapt:
it gives turns evenly spaced at a fixed rate (``--spaced``, requests a second), what a
pacer that knew the best rate beforehand would do: a yardstick that separate nodes, which
find the rate from their 429s, are not expected to beat. The figures are also written to
``bench/results/pacer-model-<date>.json``. Nothing here asserts: benchmarks report, tests judge.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import heapq
import json
import os
import platform
import random
import sys

from ..plugins.module_utils import pacing

PER_SECOND = 4
#: The phases of a run that :func:`phases` reckons the unused capacity of.
PHASES = ("before the first request", "first 20 s", "middle", "tail")


class Spaced(pacing.RateControl):
    """A pacer's rules that do not adapt: turns evenly spaced at ``rate`` a second (``spaced``)."""

    rate_given = 3.7

    def schedule(self, state, now):
        schedule = pacing.Schedule(self.ceiling)
        schedule.burst, schedule.window = 1, 1.0 / self.rate_given
        schedule.gap = min(schedule.window, pacing.MIN_GAP)
        return schedule

    def refused(self, state, now, when=None):
        pass

    def answered(self, state, now, when=None):
        pass


def spaced(rate):
    """The ``Spaced`` rules at ``rate`` requests a second."""
    return type("Spaced", (Spaced,), {"rate_given": float(rate)})


def run(seed, nodes=3, forks=10, tasks=200, start=(6.5, 20.5), shared=False, control=pacing.RateControl,
        delay=(0.003, 0.03), delays=None):
    """One seeded run; returns (wall, answered times, refused times, each node's end).

    ``delays``: times from a turn to the request's arrival to draw from (else a uniform ``delay``).
    """
    rnd = random.Random(seed)
    rng = random.Random(seed + 1)
    window = collections.deque()
    one = {}
    states = [one if shared else {} for dummy in range(nodes)]
    controls = [control(PER_SECOND, rng=rng) for dummy in range(nodes)]
    events, counter = [], [0]

    def push(moment, kind, data):
        counter[0] += 1
        heapq.heappush(events, (moment, counter[0], kind, data))

    remaining = [tasks // nodes + (1 if node < tasks % nodes else 0) for node in range(nodes)]
    answered, refused, ends = [], [], [0.0] * nodes
    for node in range(nodes):
        started = rnd.uniform(*start)
        for fork in range(forks):
            push(started + rnd.uniform(0.4, 0.9), "task", (node, fork, 0, None))
    # Events: a fork's next task; a turn to book, or to take; a request's arrival (where the key's
    # limit is applied, in the order of arrivals, as the service does); its answer.
    while events:
        moment, dummy, kind, (node, fork, left, sent) = heapq.heappop(events)
        owner = "%d-%d" % (node, fork)
        state, rule = states[node], controls[node]
        if kind == "task":
            if not remaining[node]:
                continue
            remaining[node] -= 1
            kind, left = "book", 2
        if kind == "book":
            push(rule.schedule(state, moment).book(state, moment, owner), "take", (node, fork, left, None))
        elif kind == "take":
            later = rule.schedule(state, moment).take(state, moment, owner)
            if later is not None:
                push(later, "take", (node, fork, left, None))
            else:
                push(moment + (rnd.choice(delays) if delays else rnd.uniform(*delay)), "arrive", (node, fork, left, moment))
        elif kind == "arrive":
            while window and moment - window[0] >= 1.0:
                window.popleft()
            if len(window) >= PER_SECOND:
                refused.append(moment)
                push(moment + rnd.uniform(0.01, 0.05), "refused", (node, fork, left, sent))
            else:
                window.append(moment)
                answered.append(moment)
                push(moment + rnd.uniform(0.01, 0.05), "answered", (node, fork, left, sent))
        elif kind == "refused":
            rule.refused(state, moment, sent)
            push(moment + 1 + rnd.uniform(0, 1), "book", (node, fork, left, None))
        else:
            rule.answered(state, moment, sent)
            if left > 1:
                push(moment, "book", (node, fork, left - 1, None))
            else:
                ends[node] = max(ends[node], moment)
                push(moment + rnd.uniform(0.4, 0.9), "task", (node, fork, 0, None))
    return max(ends), answered, refused, ends


def phases(answered, ends, per_second=PER_SECOND):
    """Seconds of the key's capacity (``per_second`` requests a second) left unused in each of
    PHASES: before the first request, in its first 20 s, until the first node is done, and
    after; from the times of the answered requests and of each node's end."""
    first = min(answered)
    done = min(ends)
    settled = min(first + 20.0, done)
    marks = [0.0, first, settled, done, max(ends)]
    lost = []
    for low, high in zip(marks, marks[1:]):
        used = sum(1 for moment in answered if low <= moment < high)
        lost.append(max(0.0, (high - low) - used / float(per_second)))
    return lost


def report(name, seeds, **options):
    """Run ``seeds`` seeded runs, print their figures and return them."""
    walls, shares, lost = [], [], [0.0] * 4
    for seed in range(seeds):
        wall, answered, refused, ends = run(seed, **options)
        bound = len(answered) / float(PER_SECOND)
        walls.append(wall / bound)
        shares.append(len(refused) / float(len(answered) + len(refused)))
        lost = [total + part for total, part in zip(lost, phases(answered, ends))]
    walls.sort()
    print("%-8s wall / bound mean %.2f, median %.2f, 90th percentile %.2f; 429s %.1f%%; capacity lost (s): %s" % (
        name, sum(walls) / len(walls), walls[len(walls) // 2], walls[int(len(walls) * 0.9)],
        100 * sum(shares) / len(shares), ", ".join("%s %.1f" % (phase, part / seeds) for phase, part in zip(PHASES, lost))),
        flush=True)
    return {"pacer": name, "seeds": seeds, "wall_over_bound_mean": round(sum(walls) / len(walls), 3),
            "wall_over_bound_median": round(walls[len(walls) // 2], 3),
            "wall_over_bound_p90": round(walls[int(len(walls) * 0.9)], 3),
            "share_429": round(sum(shares) / len(shares), 4),
            "capacity_lost_s": dict(zip(PHASES, (round(part / seeds, 2) for part in lost)))}


def main(argv=None):
    parser = argparse.ArgumentParser(description="A seeded model of bench/awx_load.py's rows of nodes sharing a key.")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results"))
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--nodes", type=int, default=3)
    parser.add_argument("--forks", type=int, default=10)
    parser.add_argument("--start", type=float, nargs=2, default=(6.5, 20.5), metavar=("FIRST", "LAST"),
                        help="range of each node's start-up, seconds")
    parser.add_argument("--delay", type=float, nargs=2, default=(0.003, 0.03), metavar=("LEAST", "MOST"),
                        help="range of the time from a turn to its request's arrival, seconds")
    parser.add_argument("--delays", metavar="FILE",
                        help="draw the time from a turn to its request's arrival from the ones measured in FILE "
                             "(bench/results/arrival-delays-*.json) instead of --delay's range")
    parser.add_argument("--spaced", type=float, default=3.7, metavar="RATE",
                        help="the fixed rate of the spaced pacer, requests a second")
    args = parser.parse_args(argv)
    options = {"nodes": args.nodes, "forks": args.forks, "start": tuple(args.start), "delay": tuple(args.delay)}
    meta = dict(options, spaced=args.spaced)
    if args.delays:
        with open(args.delays) as handle:
            measured = json.load(handle)
        options["delays"] = measured["delays_s"]
        meta.update(delays=os.path.basename(args.delays), delays_row=measured.get("row"))
        print("arrival delays: %d measured in %s (%s)" % (len(options["delays"]), args.delays, measured.get("row")))
    rows = [report("oracle", args.seeds, shared=True, **options),
            report("spaced", args.seeds, shared=True, control=spaced(args.spaced), **options),
            report("pacer", args.seeds, **options)]
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "pacer-model-%s.json" % stamp)
    with open(path, "w") as handle:
        json.dump({"meta": {"when": stamp, "python": platform.python_version(), **meta}, "results": rows},
                  handle, indent=2)
    print("written to %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
