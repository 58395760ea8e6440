# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collectors inventory plugin, in-process against the emulator: hosts, default and configured groups,
variables, the cache and a flushed cache, as InventoryManager (what ansible-playbook and ansible-inventory
use) builds them."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest


@pytest.fixture
def inventory(emulator, control, tmp_path, monkeypatch):
    """``inventory(config, cache=True)``: an InventoryManager over a ``*.sumologic.yml`` file of ``config``.

    Ansible loads inventory plugins by their collection name through its collection loader, which a
    test process does not have: it is installed for the test, over fresh copies of the collection's
    modules, and removed after it (the modules the other tests imported are put back).
    """
    pytest.importorskip("ansible.inventory.manager")
    from ansible.plugins.loader import init_plugin_loader
    from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder

    root = Path(importlib.import_module("ansible_collections.community.sumologic").__path__[0]).parents[2]
    saved = {name: module for name, module in sys.modules.items()
             if name == "ansible_collections" or name.startswith("ansible_collections.")}
    for name in saved:
        del sys.modules[name]
    init_plugin_loader([str(root)])
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader

    monkeypatch.setenv("SUMOLOGIC_BASE_URL", emulator.url)
    monkeypatch.setenv("SUMOLOGIC_ACCESSID", emulator.access_id)
    monkeypatch.setenv("SUMOLOGIC_ACCESSKEY", emulator.access_key)
    monkeypatch.setenv("SUMOLOGIC_RATE_LIMIT", "0")

    def make(config, cache=True, name="test.sumologic.yml"):
        path = tmp_path / name
        path.write_text(json.dumps(dict({"plugin": "community.sumologic.collectors"}, **config)))
        return InventoryManager(loader=DataLoader(), sources=[str(path)], cache=cache)

    try:
        yield make
    finally:
        _AnsibleCollectionFinder._remove()
        for name in [n for n in sys.modules if n == "ansible_collections" or n.startswith("ansible_collections.")]:
            del sys.modules[name]
        sys.modules.update(saved)


def hosts_of(manager, group):
    return sorted(host.name for host in manager.groups[group].get_hosts()) if group in manager.groups else []


def test_installed_collectors_are_hosts_with_groups_and_variables(inventory):
    manager = inventory({"keyed_groups": [{"key": "sumo_collector.category | default('none') | replace('/', '_')",
                                           "prefix": "category"}],
                         "compose": {"collector_version": "sumo_collector.collector_version"},
                         "groups": {"stale": "not sumo_collector.alive"}})
    assert hosts_of(manager, "sumo_installed") == ["old-build-agent", "web-01"]
    assert hosts_of(manager, "sumo_alive") == ["web-01"] and hosts_of(manager, "sumo_dead") == ["old-build-agent"]
    assert hosts_of(manager, "stale") == ["old-build-agent"]
    assert hosts_of(manager, "category_prod_web") == ["web-01"]
    assert "demo-hosted" not in [h.name for h in manager.get_hosts()]
    web = manager.get_host("web-01").get_vars()
    assert web["ansible_host"] == "web-01.example.com" and web["collector_version"] == "19.162-12"
    assert manager.get_host("old-build-agent").get_vars()["sumo_collector"]["fields"]["_budget"] == "test_budget"


def test_default_groups_have_sanitised_lower_case_names(inventory):
    manager = inventory({})
    assert hosts_of(manager, "sumo_category_prod_web") == ["web-01"]
    assert hosts_of(manager, "sumo_os_linux") == ["web-01"]
    assert hosts_of(manager, "sumo_os_windows_7") == ["old-build-agent"]
    assert hosts_of(manager, "sumo_field__budget_test_budget") == ["old-build-agent"]


def test_filter_all_makes_every_collector_a_host(inventory):
    assert sorted(h.name for h in inventory({"filter": "all"}).get_hosts()) == ["demo-hosted", "old-build-agent", "web-01"]


def test_cache_lists_once_and_a_flushed_cache_lists_again(inventory, control, tmp_path):
    config = {"filter": "all", "cache": True, "cache_plugin": "ansible.builtin.jsonfile",
              "cache_connection": str(tmp_path / "cache"), "cache_timeout": 3600}
    control.clear_requests()
    first = inventory(config, name="cached.sumologic.yml")
    assert control.requests()["total"] >= 1, "the first parse lists the collectors"
    control.clear_requests()
    second = inventory(config, name="cached.sumologic.yml")
    assert control.requests()["total"] == 0, "the next parse reads the cache"
    assert {h.name: h.get_vars()["sumo_collector"] for h in first.get_hosts()} == \
        {h.name: h.get_vars()["sumo_collector"] for h in second.get_hosts()}
    assert len(second.get_hosts()) == 3
    control.clear_requests()
    flushed = inventory(config, cache=False, name="cached.sumologic.yml")  # ansible-playbook --flush-cache
    assert control.requests()["total"] >= 1 and len(flushed.get_hosts()) == 3
