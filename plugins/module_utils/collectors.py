# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Collector lookups shared by the collector and source modules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.community.sumologic.plugins.module_utils.api import quote_segment
from ansible_collections.community.sumologic.plugins.module_utils.resource import Current

COLLECTORS_PATH = "/v1/collectors"
# The by-name method refuses these characters even URL-encoded: such names are found by listing.
NAME_LOOKUP_UNSUPPORTED = frozenset(";/%\\")


def collector_name_path(name):
    """``/v1/collectors/name/...`` for ``name``: encoded, with the trailing ``/`` a name with a ``.`` needs."""
    path = "%s/name/%s" % (COLLECTORS_PATH, quote_segment(name))
    if "." in name:
        path += "/"
    return path


def find_collector_by_name(client, name):
    """The collector named ``name`` as :class:`Current` (with its ETag when it came from a GET by name), or None.

    One GET for names the by-name method supports; a listing, page by page, for the others.
    """
    if NAME_LOOKUP_UNSUPPORTED & set(name):
        for collector in client.paginate_offset(COLLECTORS_PATH, "collectors"):
            if collector.get("name") == name:
                return Current(collector, None)
        return None
    resp = client.get_or_none(collector_name_path(name))
    if resp is None:
        return None
    return Current((resp.json or {}).get("collector"), resp.etag)


def find_collector_by_id(client, collector_id):
    """The collector with ``collector_id`` as :class:`Current`, or None."""
    resp = client.get_or_none("%s/%s" % (COLLECTORS_PATH, quote_segment(collector_id)))
    if resp is None:
        return None
    return Current((resp.json or {}).get("collector"), resp.etag)


def find_collector(client, name=None, collector_id=None):
    """The collector given by id or by name, as :class:`Current`, or None."""
    if collector_id is not None:
        return find_collector_by_id(client, collector_id)
    return find_collector_by_name(client, name)


def sources_path(collector_id):
    return "%s/%s/sources" % (COLLECTORS_PATH, quote_segment(collector_id))


def list_sources(client, collector_id):
    """Every source of a collector, page by page."""
    return client.paginate_offset(sources_path(collector_id), "sources")
