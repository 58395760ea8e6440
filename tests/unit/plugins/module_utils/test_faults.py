# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Nothing lost by accident: the plural modules' guards, credentials in sources and in errors.

Each test is a fault found in a fault hunt (docs/faults.md lists them with what the user sees).
"""

from __future__ import annotations

import base64
import json

import pytest

from ansible_collections.community.sumologic.plugins.module_utils import pacing
from ansible_collections.community.sumologic.plugins.module_utils.api import SumoClient


def names(client, path="/v1/collectors", key="collectors"):
    return sorted(c["name"] for c in client.paginate_offset(path, key))


def hosted(client):
    return sorted(c["name"] for c in client.paginate_offset("/v1/collectors", "collectors")
                  if c["collectorType"] == "Hosted")


# -- 1, 2: a scope that says nothing is no scope -------------------------------------------------------

@pytest.mark.parametrize("module", ["sumo_collectors", "sumo_users", "sumo_roles", "sumo_fields"])
def test_overridden_with_an_empty_config_and_no_scope_deletes_nothing(ansible_module, control, module):
    control.clear_requests()
    outcome = ansible_module(module, state="overridden", config=[])
    assert outcome.failed and outcome.result["msg"].startswith("config: empty with state=overridden")
    assert control.requests()["total"] == 0


@pytest.mark.parametrize("scope", [{}, {"name": None}])
@pytest.mark.parametrize("state", ["overridden", "deleted"])
def test_a_scope_without_a_pattern_is_no_scope(ansible_module, control, client, scope, state):
    before = names(client)
    control.clear_requests()
    outcome = ansible_module("sumo_collectors", state=state, config=[], scope=scope)
    assert outcome.failed and outcome.result["msg"].startswith("config: empty with state=%s" % state)
    assert control.requests()["total"] == 0
    assert names(client) == before


def test_overridden_with_a_scope_that_says_what_may_go(ansible_module, client):
    ansible_module("sumo_collectors", config=[{"name": "team-a"}, {"name": "team-b"}])
    result = ansible_module("sumo_collectors", state="overridden", config=[], scope={"name": "^team-"}).result
    assert sorted(c["name"] for c in result["changes"]) == ["team-a", "team-b"]
    assert "demo-hosted" in names(client)


def test_an_invalid_scope_pattern_fails_before_any_request(ansible_module, control):
    control.clear_requests()
    outcome = ansible_module("sumo_users", state="gathered", scope={"email": "(unclosed"})
    assert outcome.failed and outcome.result["msg"].startswith("scope.email: '(unclosed' is not a regular expression")
    assert control.requests()["total"] == 0


# -- 3: no delete when the replacement failed -------------------------------------------------------------

def test_overridden_deletes_nothing_when_a_create_failed(ansible_module, control, client):
    ansible_module("sumo_collectors", config=[{"name": "old-1"}, {"name": "old-2"}])
    control.fault(action="status", status=500, method="POST", path="^/api/v1/collectors$")
    outcome = ansible_module("sumo_collectors", state="overridden", scope={"name": "^(old|new)-"},
                             config=[{"name": "new-1"}])
    assert outcome.failed
    assert "were not deleted: old-1, old-2" in outcome.result["msg"]
    assert outcome.result["not_deleted"] == ["old-1", "old-2"]
    assert {"old-1", "old-2"} <= set(names(client))
    assert [r["method"] for r in control.requests()["requests"] if r["method"] == "DELETE"] == []


def test_overridden_deletes_once_the_others_succeeded(ansible_module, client):
    ansible_module("sumo_collectors", config=[{"name": "old-1"}])
    result = ansible_module("sumo_collectors", state="overridden", scope={"name": "^(old|new)-"},
                            config=[{"name": "new-1"}]).result
    assert [(c["name"], c["action"]) for c in result["changes"]] == [("new-1", "create"), ("old-1", "delete")]


# -- 4: two items, one object ---------------------------------------------------------------------

@pytest.mark.parametrize("module, config, words", [
    ("sumo_collectors", [{"name": "a"}, {"name": "a"}], "config[0] and config[1] both describe collector 'a'"),
    ("sumo_users", [{"email": "x@example.com", "first_name": "X", "last_name": "Y"},
                    {"email": "X@example.com", "first_name": "X", "last_name": "Y"}],
     "config[0] and config[1] both describe user"),
    ("sumo_roles", [{"name": "Ops"}, {"name": "ops"}], "config[0] and config[1] both describe role"),
    ("sumo_sources", [{"collector": "demo-hosted", "name": "s", "source_type": "HTTP"},
                      {"collector": "demo-hosted", "name": "s", "source_type": "HTTP"}],
     "config[0] and config[1] both describe source 'demo-hosted/s'"),
])
def test_two_items_naming_one_new_object_fail_before_any_write(ansible_module, control, module, config, words):
    control.clear_requests()
    outcome = ansible_module(module, config=config)
    assert outcome.failed and words in outcome.result["msg"], outcome.result["msg"]
    assert control.requests()["writes"] == 0


def test_names_that_differ_in_case_are_two_collectors(ansible_module, client):
    """Collector names are compared exactly: the rule is the lookup's."""
    result = ansible_module("sumo_collectors", config=[{"name": "case"}, {"name": "CASE"}]).result
    assert result["changed"] and {"case", "CASE"} <= set(names(client))


# -- 5: every failure of an object is that object's ---------------------------------------------------

def test_an_empty_answer_to_one_create_is_looked_up(ansible_module, control, client):
    control.fault(action="status_after", status=200, empty=True, method="POST", path="^/api/v1/collectors$")
    result = ansible_module("sumo_collectors", config=[{"name": "e-%d" % i} for i in range(3)]).result
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] and len(result["changes"]) == 3
    assert [n for n in names(client) if n.startswith("e-")] == ["e-0", "e-1", "e-2"]


def test_a_pacer_error_fails_one_object_and_the_others_are_reported(ansible_module, control, client, monkeypatch):
    real = pacing.NoPacer.turn
    calls = {"n": 0}

    def flaky(self):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(self)
    monkeypatch.setattr(pacing.NoPacer, "turn", flaky)
    outcome = ansible_module("sumo_collectors", config=[{"name": "p-%d" % i} for i in range(3)])
    assert outcome.failed
    assert outcome.result["changed"] is True
    assert len(outcome.result["changes"]) == 2 and len(outcome.result["failures"]) == 1
    assert "OSError" in outcome.result["failures"][0]["msg"]


# -- 6: credentials of sources ---------------------------------------------------------------------------

AWS = {"thirdPartyRef": {"resources": [{"serviceType": "AwsS3Bucket",
                                        "authentication": {"type": "S3BucketAuthentication", "awsId": "AKIAEXAMPLE1",
                                                           "awsKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLE"},
                                        "path": {"type": "S3BucketPathExpression", "bucketName": "logs",
                                                 "pathExpression": "*"}}]}}


def test_a_cloud_syslog_token_is_in_no_diff_and_no_gathered_config(ansible_module, client):
    created = ansible_module("sumo_source", collector="demo-hosted", name="syslog", source_type="Cloudsyslog",
                             diff=True).result
    token = created["source"]["token"]
    assert token, "the token is returned where the user asked for it"
    assert token not in json.dumps(created["diff"])
    changed = ansible_module("sumo_source", collector="demo-hosted", name="syslog", description="x", diff=True)
    assert token not in json.dumps(changed.result["diff"])
    gathered = ansible_module("sumo_sources", collector="demo-hosted", state="gathered").result
    assert token not in json.dumps(gathered)
    again = ansible_module("sumo_sources", collector="demo-hosted", config=gathered["gathered"]).result
    assert not again["changed"], "the masked token given back changes nothing"


def test_aws_keys_of_a_polling_source_are_in_no_output(ansible_module, client):
    result = ansible_module("sumo_source", collector="demo-hosted", name="s3", source_type="AwsS3Bucket",
                            config=AWS, diff=True).result
    secret = AWS["thirdPartyRef"]["resources"][0]["authentication"]["awsKey"]
    assert secret not in json.dumps(result)
    auth = result["source"]["third_party_ref"]["resources"][0]["authentication"]
    assert auth["aws_key"] == "********" and auth["aws_id"] == "********"
    plural = ansible_module("sumo_sources", collector="demo-hosted", config=[dict(name="s3", description="d")],
                            diff=True).result
    gathered = ansible_module("sumo_sources", collector="demo-hosted", state="gathered").result
    assert secret not in json.dumps(plural) and secret not in json.dumps(gathered)
    again = ansible_module("sumo_sources", collector="demo-hosted", config=gathered["gathered"]).result
    assert not again["changed"]
    stored = [s for s in client.paginate_offset("/v1/collectors/%d/sources" % [
        c for c in client.paginate_offset("/v1/collectors", "collectors") if c["name"] == "demo-hosted"][0]["id"],
        "sources") if s["name"] == "s3"][0]
    assert stored["thirdPartyRef"]["resources"][0]["authentication"]["awsKey"] == secret, "never overwritten by a mask"


def test_credentials_in_options_are_masked_in_the_invocation_too(ansible_module):
    secret = AWS["thirdPartyRef"]["resources"][0]["authentication"]["awsKey"]
    result = ansible_module("sumo_source", collector="demo-hosted", name="s3", source_type="AwsS3Bucket",
                            config=AWS).result
    assert secret not in json.dumps(result["invocation"])


# -- 7: credentials echoed by an error answer -------------------------------------------------------------

def test_an_error_answer_echoing_the_authorization_header_is_redacted(emulator, control):
    client = SumoClient(access_id=emulator.access_id, access_key=emulator.access_key, endpoint=emulator.url,
                        retries=0, rate_limit=0)
    basic = base64.b64encode(("%s:%s" % (emulator.access_id, emulator.access_key)).encode()).decode()
    echo = "Bad request. You sent: GET /api/v1/users HTTP/1.1\r\nAuthorization: Basic %s\r\nAccept: */*" % basic
    control.fault(action="status", status=400, method="GET", path="^/api/v1/users$", message=echo)
    with pytest.raises(Exception) as info:
        client.get("/v1/users")
    message = str(info.value)
    assert basic not in message and basic.rstrip("=") not in message and emulator.access_key not in message
    assert "Authorization: Basic ********" in message


def test_an_error_through_a_module_carries_no_credential(ansible_module, emulator, control):
    basic = base64.b64encode(("%s:%s" % (emulator.access_id, emulator.access_key)).encode()).decode()
    control.fault(action="status", status=502, method="GET", path="^/api/v1/collectors/name/",
                  message='{"headers": {"authorization": "Basic %s"}}' % basic, count=10)
    outcome = ansible_module("sumo_collector", name="x", retries=0)
    assert outcome.failed and basic not in json.dumps(outcome.result)


# -- a refused delete of an object gone meanwhile ---------------------------------------------------------

def test_a_partition_decommissioned_meanwhile_is_done(ansible_module, control):
    control.fault(action="concurrent_edit", method="POST", path="/decommission$", patch={"isActive": False})
    result = ansible_module("sumo_partition", name="prod_web", state="absent").result
    assert not result.get("failed"), result.get("msg")
    assert result["decommissioned"] and [r["status"] for r in control.requests()["requests"]
                                         if r["method"] == "POST"] == [400]
