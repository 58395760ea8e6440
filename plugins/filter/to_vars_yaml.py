# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``to_vars_yaml``: data -> YAML for a vars file, strings that hold Jinja delimiters tagged ``!unsafe``.

Sumo Logic's alert variables (``{{Name}}``, ``{{TriggerType}}``...) are Jinja syntax to
Ansible. A module returns them as data Ansible does not template, but ``to_nice_yaml``
writes plain strings, and a vars file read back (``include_vars``, ``vars_files``) would be
templated: ``{{Name}}`` is then an undefined variable. Tagged ``!unsafe``, they read back
as they were written.
"""

from collections.abc import Mapping

import yaml

from ansible.errors import AnsibleFilterError

# What makes Ansible template a string.
JINJA_DELIMITERS = ("{{", "{%", "{#")


class _UnsafeText(str):
    """A string to write tagged ``!unsafe``."""


class _VarsDumper(yaml.SafeDumper):
    """YAML of plain data; block style, lists indented under their keys."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_unsafe(dumper, data):
    return dumper.represent_scalar("!unsafe", str.__str__(data))


_VarsDumper.add_representer(_UnsafeText, _represent_unsafe)


def _plain(value):
    """``value`` as plain Python data (Ansible's own string, list and dict types included), Jinja-looking
    strings marked."""
    if value is None or isinstance(value, bool):
        return value if value is None else bool(value)
    if isinstance(value, Mapping):
        return dict((str(key), _plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        text = str.__str__(value)
        return _UnsafeText(text) if any(mark in text for mark in JINJA_DELIMITERS) else text
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    raise AnsibleFilterError("to_vars_yaml cannot write a %s" % type(value).__name__)


def to_vars_yaml(data, indent=2):
    """YAML text of ``data`` for a vars file: every string holding ``{{``, ``{%`` or ``{#`` tagged ``!unsafe``."""
    if not isinstance(indent, int) or isinstance(indent, bool) or not 2 <= indent <= 9:
        raise AnsibleFilterError("to_vars_yaml: indent must be a whole number from 2 to 9")
    return yaml.dump(_plain(data), Dumper=_VarsDumper, default_flow_style=False, allow_unicode=True,
                     sort_keys=False, indent=indent, width=120)


class FilterModule(object):
    def filters(self):
        return {"to_vars_yaml": to_vars_yaml}
