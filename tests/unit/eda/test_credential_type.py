# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Event-Driven Ansible credential type of ``extensions/eda``, checked and used as EDA uses it.

EDA accepts a credential type whose input fields have an ``id`` (letters, digits and
underscores, not beginning with ``EDA_``) and a ``label``, a ``type`` of ``string`` or
``boolean``, ``choices`` as a list of strings, ``secret``/``multiline`` as booleans and
``help_text`` as a string, and whose injectors are among ``env``, ``extra_vars`` and
``file``, with templates naming only its inputs. For an activation it fills the inputs left
out with their default (or an empty string) and renders each ``env`` injector with them;
ansible-rulebook sets the result in its environment, where the event source finds it.
"""

from __future__ import annotations

import asyncio
import re

import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.nativetypes import NativeEnvironment

from ansible_collections.community.sumologic.plugins.module_utils.api import DEPLOYMENTS
from ansible_collections.community.sumologic.tests.unit.eda.conftest import COLLECTION_ROOT

EDA_TYPE = COLLECTION_ROOT / "extensions" / "eda" / "credential_type.yml"
AWX_TYPE = COLLECTION_ROOT / "extensions" / "awx" / "credential_type.yml"
INJECTORS = {"env", "extra_vars", "file"}
FIELD_KEYS = {"id", "label", "type", "secret", "multiline", "help_text", "choices", "default", "format"}

pytestmark = pytest.mark.asyncio


@pytest.fixture(scope="module")
def credential_type():
    return yaml.safe_load(EDA_TYPE.read_text())


def rendered_env(credential_type, inputs):
    """The environment EDA gives ansible-rulebook for a credential with these inputs."""
    values = dict(inputs)
    for field in credential_type["inputs"]["fields"]:
        if field["id"] not in values:
            values[field["id"]] = field.get("default") or ("" if field.get("type", "string") == "string" else False)
    env = NativeEnvironment(undefined=StrictUndefined)
    return dict((name, str(env.from_string(template).render(values)))
                for name, template in credential_type["injectors"]["env"].items())


async def test_it_is_a_valid_eda_credential_type(credential_type):
    assert set(credential_type) == {"name", "description", "inputs", "injectors"}
    fields = credential_type["inputs"]["fields"]
    ids = [field["id"] for field in fields]
    assert len(ids) == len(set(ids))
    for field in fields:
        assert set(field) <= FIELD_KEYS, field
        assert re.match(r"^\w+$", field["id"]) and not field["id"].upper().startswith("EDA_")
        assert isinstance(field["label"], str) and field["label"]
        assert field.get("type", "string") in ("string", "boolean")
        assert all(isinstance(choice, str) for choice in field.get("choices", []))
        assert isinstance(field.get("secret", False), bool) and isinstance(field.get("help_text", ""), str)
    assert set(credential_type["inputs"]["required"]) <= set(ids)
    assert set(credential_type["injectors"]) <= INJECTORS
    # Every template names only inputs of the type.
    rendered_env(credential_type, dict((i, "x") for i in ids))


async def test_it_has_the_awx_credential_type_s_inputs(credential_type):
    awx = yaml.safe_load(AWX_TYPE.read_text())
    assert credential_type["inputs"] == awx["inputs"]
    assert credential_type["injectors"] == awx["injectors"]
    fields = dict((field["id"], field) for field in credential_type["inputs"]["fields"])
    assert [i for i, f in fields.items() if f.get("secret")] == ["access_key"]
    assert tuple(fields["deployment"]["choices"]) == DEPLOYMENTS


async def test_the_source_runs_on_the_injected_environment(credential_type, emulator, control, monkeypatch,
                                                           source_module, tmp_path):
    env = rendered_env(credential_type, {"access_id": emulator.access_id, "access_key": emulator.access_key,
                                         "endpoint": emulator.url})
    assert env["SUMOLOGIC_ENVIRONMENT"] == "us1"  # the default, unused: the endpoint wins
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # A rulebook that names no connection at all.
    args = {"since": "-25h", "state_file": str(tmp_path / "b.json")}
    source = source_module.InsightsSource(source_module.Settings.from_args(args))
    queue = asyncio.Queue()
    async with source.connected():
        await source.poll(queue)
    assert queue.qsize() == 3


async def test_an_empty_endpoint_means_the_deployment(credential_type, monkeypatch, source_module):
    env = rendered_env(credential_type, {"access_id": "suABC", "access_key": "k3y", "deployment": "eu"})
    assert env["SUMOLOGIC_BASE_URL"] == ""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert source_module.Settings.from_args({}).base_url == "https://api.eu.sumologic.com/api"
