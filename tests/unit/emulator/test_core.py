# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Helpers of the emulator's core that every API family uses."""

from __future__ import annotations

from ansible_collections.community.sumologic.tests.emulator import core


def test_iso_now_reads_the_clock_once(monkeypatch):
    # The clock crosses a second between two readings: seconds from the first (11:59:59) and
    # milliseconds from the second (.000) would give 11:59:59.000, earlier than a time read a
    # moment before. One reading gives seconds and milliseconds that agree.
    readings = iter([1796126399.9995, 1796126400.0004])
    monkeypatch.setattr(core.time, "time", lambda: next(readings))
    assert core.iso_now() == "2026-12-01T11:59:59.999Z"
    assert core.iso_now() == "2026-12-01T12:00:00.000Z"
