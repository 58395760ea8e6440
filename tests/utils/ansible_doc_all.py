# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``ansible-doc`` renders every plugin of the collection: one run per plugin type, all its plugins at once.

``python -m tests.utils.ansible_doc_all [ANSIBLE_DOC]``, from the collection's root, with the
collection on ``ANSIBLE_COLLECTIONS_PATH``. A plugin whose documentation does not load is only a
warning to ``ansible-doc`` (it exits 0 and renders the others): this fails on any warning or
error it prints, and on any plugin missing from what it rendered.
"""

from __future__ import annotations

import glob
import os
import re
import subprocess
import sys

COLLECTION = "community.sumologic"
# The plugin types and where their documentation lives (a filter's is a .yml beside its code).
TYPES = (("module", "plugins/modules", ".py"), ("inventory", "plugins/inventory", ".py"),
         ("filter", "plugins/filter", ".yml"))
HEADER = re.compile(r"^> [A-Z]+ (\S+) \(", re.M)


def plugins(folder, suffix):
    found = sorted(glob.glob(os.path.join(folder, "*" + suffix)))
    return ["%s.%s" % (COLLECTION, os.path.basename(path)[:-len(suffix)]) for path in found
            if not os.path.basename(path).startswith("_")]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    ansible_doc = argv[0] if argv else "ansible-doc"
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
    failures = []
    for kind, folder, suffix in TYPES:
        names = plugins(folder, suffix)
        if not names:
            continue
        run = subprocess.run([ansible_doc, "-t", kind] + names, env=env, capture_output=True, text=True, check=False)
        rendered = set(HEADER.findall(run.stdout))
        problems = [line for line in run.stderr.splitlines() if line.startswith(("[WARNING]", "[ERROR]"))]
        missing = [name for name in names if name not in rendered]
        if run.returncode or problems or missing:
            failures.append("ansible-doc -t %s: exit %d; not rendered: %s\n%s" % (
                kind, run.returncode, ", ".join(missing) or "none", run.stderr.strip()))
        else:
            print("ansible-doc -t %s: %d plugins rendered" % (kind, len(names)))
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
