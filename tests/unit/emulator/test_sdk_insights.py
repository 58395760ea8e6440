# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Sumo Logic's own Cloud SIEM client (sumologiccse) and sumologic-sdk against the emulator's insights.

Skipped unless the clients are importable, e.g.
``pip install --target /tmp/sdk sumologiccse sumologic-sdk`` and ``PYTHONPATH=...:/tmp/sdk``.
"""

from __future__ import annotations

import logging

import pytest


@pytest.fixture
def cse(emulator, control, tmp_path, monkeypatch):
    module = pytest.importorskip("sumologiccse")
    monkeypatch.chdir(tmp_path)  # the client names a cookie file in the working directory
    logging.getLogger("sumologiccse.sumologiccse").setLevel(logging.CRITICAL)
    return module.SumoLogicCSE(accessId=emulator.access_id, accessKey=emulator.access_key,
                               endpoint=emulator.url + "/sec")


@pytest.fixture
def sdk(emulator, control, tmp_path, monkeypatch):
    module = pytest.importorskip("sumologic")
    monkeypatch.chdir(tmp_path)
    return module.SumoLogic(emulator.access_id, emulator.access_key, endpoint=emulator.url)


def test_cse_lists_with_both_paging_styles(cse, control):
    control.reset(insights=37)
    every = cse.get_insights(max_pages=10)
    assert len(every) == 45 and len({i["id"] for i in every}) == 45
    assert len(cse.get_insights(q='tag:"scanner" status:"new"')) == 2
    listed = cse.query_insights(limit=45)
    assert [i["id"] for i in listed] == [i["id"] for i in every]
    assert len(cse.query_insights(q='tag:"generated"', limit=100)) == 37


def test_cse_triage(cse):
    insight = cse.get_insights(q='readableId:"INSIGHT-101"')[0]
    assert cse.get_insight(insight["id"])["data"]["readableId"] == "INSIGHT-101"
    closed = cse.update_insight_resolution_status(insight["id"], "False Positive", "closed")["data"]
    assert closed["status"]["name"] == "closed" and closed["resolution"] == "False Positive"
    reopened = cse.update_insight_resolution_status(insight["id"], None, "inprogress")["data"]
    assert reopened["status"]["name"] == "inprogress" and reopened["resolution"] is None
    comment = cse.add_insight_comment(insight["id"], "from sumologiccse")["data"]
    assert comment["body"] == "from sumologiccse"
    assert [c["body"] for c in cse.get("/insights/%s/comments" % insight["id"]).json()["data"]["comments"]] == [
        "from sumologiccse"]
    assigned = cse.put("/insights/%s/assignee" % insight["id"],
                       {"assignee": {"type": "USER", "value": "soc.analyst@example.com"}}).json()["data"]
    assert assigned["assignedTo"] == "soc.analyst@example.com"
    assert cse.delete("/insights/%s/assignee" % insight["id"]).json()["data"]["assignee"] is None
    assert [s["name"] for s in cse.get_insight_statuses()["data"]] == ["new", "inprogress", "closed"]
    assert cse.get_insight_resolutions()["data"]["total"] == 4


def test_cse_errors(cse):
    errors = pytest.importorskip("sumologiccse").APIError
    with pytest.raises(errors) as info:
        cse.update_insight_resolution_status(cse.get_insights()[0]["id"], None, "closed")
    assert info.value.status_code == 400 and "resolution" in info.value.response_text
    with pytest.raises(errors) as info:
        cse.get_insights_all(q="nosuchfield:1")
    assert info.value.status_code == 400


def test_sdk_generic_calls_and_total(sdk, control):
    control.reset(insights=25)
    fetched, total, offset = [], None, 0
    while total is None or len(fetched) < total:
        page = sdk.get("/sec/v1/insights", {"offset": offset, "limit": 10}).json()["data"]
        total = page["total"]
        fetched.extend(page["objects"])
        offset += len(page["objects"])
    assert len(fetched) == total == 33
    insight = fetched[0]
    after = sdk.put("/sec/v1/insights/%s/status" % insight["id"], {"status": "closed", "resolution": "No Action"})
    assert after.json()["data"]["resolution"] == "No Action"
