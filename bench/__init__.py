# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the benchmarks share."""

from __future__ import annotations

import os

# The directory holding ansible_collections/ (this package is .../ansible_collections/community/sumologic/bench/).
COLLECTIONS_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


def playbook_env(**overrides):
    """The environment of an ansible-playbook run: this one, with ``overrides``, and the playbooks use this
    copy of the collection unless ANSIBLE_COLLECTIONS_PATH already says otherwise (as `make bench` does)."""
    env = dict(os.environ, **overrides)
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", COLLECTIONS_ROOT)
    return env
