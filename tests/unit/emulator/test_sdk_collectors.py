# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Sumo Logic's own Python client (sumologic-sdk) driven against the emulator's collector API."""

from __future__ import annotations

import pytest
import requests

sumologic = pytest.importorskip("sumologic")


@pytest.fixture
def sdk(emulator, control, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the SDK names a cookie file in the working directory
    return sumologic.SumoLogic(emulator.access_id, emulator.access_key, endpoint=emulator.url)


def test_list_and_filter(sdk):
    assert [c["name"] for c in sdk.collectors()] == ["web-01", "old-build-agent", "demo-hosted"]
    assert [c["name"] for c in sdk.collectors(filter_type="hosted")] == ["demo-hosted"]
    assert [c["name"] for c in sdk.collectors(limit=1, offset=1)] == ["old-build-agent"]


def test_create_update_with_etag_and_delete(sdk):
    created = sdk.create_collector({"collector": {"collectorType": "Hosted", "name": "sdk-made"}}).json()
    collector, etag = sdk.collector(created["collector"]["id"])
    assert etag.startswith('"')
    collector["collector"]["description"] = "via the SDK"
    sdk.update_collector(collector, etag)
    again, new_etag = sdk.collector(created["collector"]["id"])
    assert again["collector"]["description"] == "via the SDK" and new_etag != etag
    with pytest.raises(requests.HTTPError) as info:
        sdk.update_collector(collector, etag)  # stale ETag
    assert info.value.response.status_code == 412
    sdk.delete_collector(again)
    with pytest.raises(requests.HTTPError) as info:
        sdk.collector(created["collector"]["id"])
    assert info.value.response.status_code == 404
    assert info.value.response.json()["code"] == "collectors.collector.invalid"


def test_installed_collector_round_trips_unchanged(sdk):
    installed = sdk.collectors(filter_type="installed")[0]
    collector, etag = sdk.collector(installed["id"])
    collector["collector"]["category"] = "changed/by/sdk"
    assert sdk.update_collector(collector, etag).json()["collector"]["category"] == "changed/by/sdk"


def test_sources(sdk):
    hosted = sdk.collectors(filter_type="hosted")[0]
    created = sdk.create_source(hosted["id"], {"source": {"sourceType": "HTTP", "name": "sdk-http"}}).json()
    assert created["source"]["url"]
    source, etag = sdk.source(hosted["id"], created["source"]["id"])
    source["source"]["category"] = "sdk/http"
    sdk.update_source(hosted["id"], source, etag)
    names = [s["name"] for s in sdk.sources(hosted["id"])]
    assert names == ["demo-http", "sdk-http"]
    sdk.delete_source(hosted["id"], source)
    assert [s["name"] for s in sdk.sources(hosted["id"])] == ["demo-http"]


def test_duplicate_name_is_refused_in_the_flat_shape(sdk):
    with pytest.raises(requests.HTTPError) as info:
        sdk.create_collector({"collector": {"collectorType": "Hosted", "name": "demo-hosted"}})
    body = info.value.response.json()
    assert body["status"] == 400 and body["code"] == "DuplicateResourceName" and body["id"]


def test_users_and_roles_through_the_generic_calls(sdk):
    """sumologic-sdk has no user or role methods: scripts use get/post/put/delete on the documented paths."""
    page = sdk.get("/users", params={"limit": 2}).json()
    assert len(page["data"]) == 2 and page["next"]
    following = sdk.get("/users", params={"limit": 2, "token": page["next"]}).json()
    assert {u["id"] for u in following["data"]}.isdisjoint({u["id"] for u in page["data"]})
    role = sdk.post("/roles", {"name": "SDK Role", "capabilities": ["viewCollectors"]}).json()
    user = sdk.post("/users", {"firstName": "S", "lastName": "Dk", "email": "sdk@example.com",
                               "roleIds": [role["id"]]}).json()
    found = sdk.get("/users", params={"email": "sdk@example.com"}).json()["data"]
    assert [u["id"] for u in found] == [user["id"]]
    assert sdk.get("/roles/" + role["id"], version="v2").json()["users"] == [user["id"]]
    assert sdk.delete("/users/" + user["id"], params={"deleteContent": "true"}).status_code == 204
    assert sdk.delete("/roles/" + role["id"]).status_code == 204
    with pytest.raises(requests.HTTPError) as info:
        sdk.get("/users/" + user["id"])
    body = info.value.response.json()
    assert info.value.response.status_code == 404 and body["errors"][0]["code"] == "user:not_found" and body["id"]
