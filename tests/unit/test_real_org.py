# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Read-only checks against a real organisation, when its credentials are in the environment."""

from __future__ import annotations

import os

import pytest

from ansible_collections.community.sumologic.plugins.module_utils.api import SumoClient

REAL = all(os.environ.get(name) for name in ("SUMOLOGIC_ACCESSID", "SUMOLOGIC_ACCESSKEY", "SUMOLOGIC_ENVIRONMENT"))
pytestmark = pytest.mark.skipif(not REAL, reason="set SUMOLOGIC_ACCESSID, SUMOLOGIC_ACCESSKEY and "
                                                 "SUMOLOGIC_ENVIRONMENT to test against a real organisation")


@pytest.fixture(scope="module")
def real_client():
    return SumoClient(os.environ["SUMOLOGIC_ACCESSID"], os.environ["SUMOLOGIC_ACCESSKEY"],
                      deployment=os.environ["SUMOLOGIC_ENVIRONMENT"], endpoint=os.environ.get("SUMOLOGIC_BASE_URL"))


def test_collectors_page_has_the_documented_shape(real_client):
    body = real_client.get("/v1/collectors", params={"limit": 1}).json
    assert isinstance(body["collectors"], list)


def test_collector_by_id_carries_an_etag(real_client):
    collectors = real_client.get("/v1/collectors", params={"limit": 1}).json["collectors"]
    if not collectors:
        pytest.skip("the organisation has no collector")
    resp = real_client.get("/v1/collectors/%s" % collectors[0]["id"])
    assert resp.etag
    assert resp.json["collector"]["id"] == collectors[0]["id"]


@pytest.mark.parametrize("path", ["/v1/users", "/v1/roles"])
def test_token_paged_lists_have_data_and_next(real_client, path):
    body = real_client.get(path, params={"limit": 1}).json
    assert isinstance(body["data"], list)
    assert "next" in body or len(body["data"]) < 1
