# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.community.sumologic.plugins.filter.to_vars_yaml import to_vars_yaml

DATA = {"monitors": [{"name": "High error rate", "threshold": 100.0, "disabled": False, "count": 3, "none": None,
                      "notifications": [{"subject": "{{TriggerType}}: {{Name}}", "body": "{% raw %}x",
                                         "note": "{# not a comment #}", "plain": "no braces { here }"}]}]}


class UnsafeLoader(yaml.SafeLoader):
    """Reads ``!unsafe`` as Ansible does: the string as it is, marked."""


UnsafeLoader.add_constructor("!unsafe", lambda loader, node: ("unsafe", loader.construct_scalar(node)))


def test_jinja_looking_strings_are_tagged_and_read_back_as_they_were():
    text = to_vars_yaml(DATA)
    assert "subject: !unsafe '{{TriggerType}}: {{Name}}'" in text
    assert "plain: no braces { here }" in text
    loaded = yaml.load(text, Loader=UnsafeLoader)
    notification = loaded["monitors"][0]["notifications"][0]
    assert notification == {"subject": ("unsafe", "{{TriggerType}}: {{Name}}"), "body": ("unsafe", "{% raw %}x"),
                            "note": ("unsafe", "{# not a comment #}"), "plain": "no braces { here }"}
    assert {k: v for k, v in loaded["monitors"][0].items() if k != "notifications"} == {
        "name": "High error rate", "threshold": 100.0, "disabled": False, "count": 3, "none": None}


def test_ansible_s_own_loader_keeps_them_untemplated():
    """As include_vars reads a file: its text is trusted as templates, but for what is tagged !unsafe."""
    from ansible.parsing.yaml.loader import AnsibleLoader
    template = pytest.importorskip("ansible.template")
    if not hasattr(template, "trust_as_template"):
        pytest.skip("ansible-core before 2.19 marks unsafe values another way")

    loaded = yaml.load(template.trust_as_template(to_vars_yaml(DATA)), Loader=AnsibleLoader)  # noqa: S506
    notification = loaded["monitors"][0]["notifications"][0]
    assert notification["subject"] == "{{TriggerType}}: {{Name}}"
    assert not template.is_trusted_as_template(notification["subject"])
    assert template.is_trusted_as_template(notification["plain"])


def test_what_yaml_cannot_hold_and_bad_indents_fail():
    with pytest.raises(AnsibleFilterError):
        to_vars_yaml({"x": object()})
    with pytest.raises(AnsibleFilterError):
        to_vars_yaml(DATA, indent=1)
