# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AWX credential type of ``extensions/awx``, used as AWX uses it.

AWX renders each ``env`` injector in a Jinja sandbox whose namespace holds the
credential's inputs that have a value (an empty input is left out, so it renders as an
empty string), hands the result to ansible-runner as the job's environment, and runs
the job. These tests do the same against the emulator.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

import ansible_runner
import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_collections.community.sumologic.plugins.module_utils.api import DEPLOYMENTS, SumoClient, deployment_url

COLLECTION_ROOT = Path(__file__).resolve().parents[2]
CREDENTIAL_TYPE = COLLECTION_ROOT / "extensions" / "awx" / "credential_type.yml"
# What AWX stores in the job's recorded environment instead of a secret input.
HIDDEN = "*" * 10
# Names AWX refuses to inject (its ENV_BLOCKLIST): a credential must not touch them.
AWX_ENV_BLOCKLIST = {
    "VIRTUAL_ENV", "PATH", "PYTHONPATH", "JOB_ID", "INVENTORY_ID", "INVENTORY_SOURCE_ID",
    "INVENTORY_UPDATE_ID", "AD_HOC_COMMAND_ID", "REST_API_URL", "REST_API_TOKEN", "MAX_EVENT_RES",
    "CALLBACK_QUEUE", "CALLBACK_CONNECTION", "CACHE", "JOB_CALLBACK_DEBUG", "INVENTORY_HOSTVARS",
    "AWX_HOST", "PROJECT_REVISION", "SUPERVISOR_CONFIG_PATH",
}

# A job template's playbook: no connection options anywhere, they come from the credential.
JOB = """\
- name: A job that takes its connection from the credential
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Create a hosted collector
      community.sumologic.sumo_collector:
        name: awx.job
        category: awx/job
      diff: true
      register: created

    - name: Read it back
      community.sumologic.sumo_collector_info:
        name: awx.job
      register: found

    - name: It is there
      ansible.builtin.assert:
        that:
          - created is changed
          - found.collectors[0].id == created.collector.id

    - name: Delete it
      community.sumologic.sumo_collector:
        name: awx.job
        state: absent
"""


@pytest.fixture(scope="module")
def credential_type():
    with open(CREDENTIAL_TYPE) as handle:
        return yaml.safe_load(handle)


def secret_fields(credential_type):
    return {field["id"] for field in credential_type["inputs"]["fields"] if field.get("secret")}


def injected_env(credential_type, inputs, safe=False, undefined=None):
    """The environment AWX injects for a credential with these inputs.

    ``safe`` renders what AWX records with the job (secret inputs hidden); ``undefined``
    replaces Jinja's lenient default (an input that is not set renders as "").
    """
    namespace = {}
    for name, value in inputs.items():
        if safe and name in secret_fields(credential_type):
            namespace[name] = HIDDEN
        elif value:
            namespace[name] = value
    sandbox = ImmutableSandboxedEnvironment(undefined=undefined) if undefined else ImmutableSandboxedEnvironment()
    return {name: sandbox.from_string(template).render(**namespace)
            for name, template in credential_type["injectors"]["env"].items()}


def test_inputs_follow_the_awx_format(credential_type):
    assert set(credential_type) == {"name", "description", "kind", "inputs", "injectors"}
    assert credential_type["kind"] == "cloud"
    fields = {field["id"]: field for field in credential_type["inputs"]["fields"]}
    assert list(fields) == ["access_id", "access_key", "deployment", "endpoint"]
    for field in fields.values():
        assert field["type"] == "string" and field["label"]
    assert secret_fields(credential_type) == {"access_key"}
    assert set(credential_type["inputs"]["required"]) <= set(fields)
    assert tuple(fields["deployment"]["choices"]) == DEPLOYMENTS
    assert fields["deployment"]["default"] in DEPLOYMENTS
    # An empty deployment would be injected as "" and refused by the modules' choices.
    assert "deployment" in credential_type["inputs"]["required"]


def test_injectors_name_only_declared_inputs(credential_type):
    assert set(credential_type["injectors"]) == {"env"}
    assert not set(credential_type["injectors"]["env"]) & AWX_ENV_BLOCKLIST
    inputs = {"access_id": "suABC", "access_key": "k3y", "deployment": "eu", "endpoint": "https://api.example.com/api/"}
    assert injected_env(credential_type, inputs, undefined=StrictUndefined) == {
        "SUMOLOGIC_ACCESSID": "suABC",
        "SUMOLOGIC_ACCESSKEY": "k3y",
        "SUMOLOGIC_ENVIRONMENT": "eu",
        "SUMOLOGIC_BASE_URL": "https://api.example.com/api/",
    }


def test_an_empty_endpoint_is_injected_empty_and_means_the_deployment(credential_type):
    env = injected_env(credential_type, {"access_id": "suABC", "access_key": "k3y", "deployment": "eu", "endpoint": ""})
    assert env["SUMOLOGIC_BASE_URL"] == ""
    client = SumoClient(access_id="suABC", access_key="k3y", deployment=env["SUMOLOGIC_ENVIRONMENT"],
                        endpoint=env["SUMOLOGIC_BASE_URL"])
    assert client.base_url.rstrip("/") == deployment_url("eu").rstrip("/")


def test_the_recorded_environment_hides_the_access_key(credential_type):
    env = injected_env(credential_type, {"access_id": "suABC", "access_key": "k3y", "deployment": "eu"}, safe=True)
    assert env["SUMOLOGIC_ACCESSKEY"] == HIDDEN
    assert "k3y" not in json.dumps(env)


def test_a_job_runs_with_the_injected_environment(credential_type, emulator, control, tmp_path):
    env = injected_env(credential_type, {"access_id": emulator.access_id, "access_key": emulator.access_key,
                                         "deployment": "us1", "endpoint": emulator.url})
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "job.yml").write_text(JOB)
    (tmp_path / "inventory").mkdir()
    (tmp_path / "inventory" / "hosts").write_text(textwrap.dedent("""\
        localhost ansible_connection=local ansible_python_interpreter=%s
        """ % sys.executable))
    # What the execution environment would provide: this collection and its ansible-core.
    env.update(ANSIBLE_COLLECTIONS_PATH=str(COLLECTION_ROOT.parents[2]),
               PATH=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))

    # AWX's defaults: no env/ files (AWX_RUNNER_OMIT_ENV_FILES); the job at -vvvv.
    run = ansible_runner.run(private_data_dir=str(tmp_path), playbook="job.yml", envvars=env,
                             suppress_env_files=True, verbosity=4, quiet=True)

    stdout = run.stdout.read()
    assert run.status == "successful", stdout
    assert run.rc == 0
    assert "awx.job" in stdout
    assert emulator.access_key not in stdout
    assert list((tmp_path / "artifacts").glob("*/job_events/*.json"))
    # Every artifact but `command`, where runner records the whole process environment
    # (docs/awx.md says so): job events, stdout, stderr, status.
    for path in (tmp_path / "artifacts").rglob("*"):
        if path.is_file() and path.name != "command":
            assert emulator.access_key not in path.read_text(errors="replace"), path
    assert not (tmp_path / "env" / "envvars").exists()
