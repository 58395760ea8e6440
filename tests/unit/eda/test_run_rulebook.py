# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""How ``make eda`` finds a Java runtime, and says so loudly when there is none."""

from __future__ import annotations

import os
import stat

import pytest

from ansible_collections.community.sumologic.tests.utils import run_rulebook


def fake_java(directory, version_line):
    """``directory/bin/java`` that prints ``version_line`` as ``java -version`` does (on stderr)."""
    bin_dir = directory / "bin"
    bin_dir.mkdir(parents=True)
    java = bin_dir / "java"
    java.write_text("#!/bin/sh\necho '%s' >&2\necho 'OpenJDK Runtime Environment' >&2\n" % version_line)
    java.chmod(java.stat().st_mode | stat.S_IXUSR)
    return str(java)


@pytest.mark.parametrize("line, major", [
    ('openjdk version "17.0.15" 2025-04-15', 17),
    ('openjdk version "25.0.3" 2026-04-21 LTS', 25),
    ('java version "1.8.0_292"', 8),
    ('openjdk version "21" 2023-09-19', 21),
])
def test_java_version(tmp_path, line, major):
    assert run_rulebook.java_version(fake_java(tmp_path, line)) == major


def test_no_version_is_none(tmp_path):
    assert run_rulebook.java_version(fake_java(tmp_path, "nothing to see")) is None
    assert run_rulebook.java_version(str(tmp_path / "missing")) is None


def test_java_home_comes_first_when_recent_enough(tmp_path, monkeypatch):
    fake_java(tmp_path / "jdk21", 'openjdk version "21.0.1"')
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk21"))
    assert run_rulebook.find_java() == (str(tmp_path / "jdk21"), 21)


def test_an_old_java_is_passed_over(tmp_path, monkeypatch):
    fake_java(tmp_path / "jdk8", 'java version "1.8.0_292"')
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk8"))
    monkeypatch.setenv("PATH", str(tmp_path / "jdk8" / "bin"))
    monkeypatch.setattr(run_rulebook.glob, "glob", lambda pattern: [])
    assert run_rulebook.find_java() == (None, None)


def test_without_java_the_step_is_skipped_loudly(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(run_rulebook.glob, "glob", lambda pattern: [])
    assert run_rulebook.main([]) == 0
    out = capsys.readouterr().out
    assert "SKIPPED" in out and "Java runtime 17 or later" in out and "openjdk-17-jre-headless" in out
    assert out.count("!" * 78) == 2
    assert run_rulebook.main(["--find-java"]) == 1


def test_the_installed_ones_give_the_oldest_recent_enough(tmp_path, monkeypatch):
    old = fake_java(tmp_path / "jvm" / "java-11", 'openjdk version "11.0.2"')
    newer = fake_java(tmp_path / "jvm" / "temurin-25", 'openjdk version "25.0.3"')
    wanted = fake_java(tmp_path / "jvm" / "java-17", 'openjdk version "17.0.15"')
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(run_rulebook.glob, "glob", lambda pattern: sorted([old, newer, wanted]))
    assert run_rulebook.find_java() == (os.path.dirname(os.path.dirname(wanted)), 17)
