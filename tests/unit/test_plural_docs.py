# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The plural modules' generated documentation is in step with the singular modules'."""

from __future__ import annotations

import yaml

from ansible_collections.community.sumologic.tests.utils import plural_docs


def test_plural_module_docs_are_up_to_date():
    assert plural_docs.main(["--check"]) == 0, "run: python -m tests.utils.plural_docs"


def test_option_references_point_into_config():
    doc = yaml.safe_load(plural_docs.plural_documentation("sumo_users"))
    roles = " ".join(doc["options"]["config"]["suboptions"]["roles"]["description"])
    assert "O(config[].purge_roles=true)" in roles
    transfer = " ".join(doc["options"]["config"]["suboptions"]["transfer_to"]["description"])
    assert "O(state=deleted)" in transfer and "state=absent" not in transfer
    assert "state" not in doc["options"]["config"]["suboptions"]
