# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Webhook connections (the Connection Management API): the ``Connection`` declaration, and connections
as monitors name them (``CONNECTIONS``: names <-> ids, from one listing per run).

A connection is written as a ``WebhookDefinition`` and read as a ``WebhookConnection``. Its
``Authorization`` header is a secret the API answers masked (``********``): it cannot be
compared, so ``update_authorization`` says when it is sent (``always``: every run;
``on_create``: when the connection is created, or has no such header). A masked header sent
back keeps the stored value, so a PUT that does not set the authorization leaves it as it is.
Payloads are strings holding JSON; given as a dict or a list they are sent JSON-encoded and
compared as JSON, given as a string they compare as text. Connections have no version and
no ETag: a write is made on what was just read, and the last write wins.
"""

import json
import re

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError
from ansible_collections.community.sumologic.plugins.module_utils.resource import (
    Current,
    Field,
    Identity,
    Matcher,
    Request,
    Resource,
    Token,
)

CONNECTIONS_PATH = "/v1/connections"
WEBHOOK = "WebhookConnection"
WEBHOOK_TYPES = ("Webhook", "Slack", "PagerDuty", "MicrosoftTeams", "AWSLambda", "Azure", "Datadog", "NewRelic",
                 "Jira", "Opsgenie")
# The characters Sumo Logic's Terraform provider allows in a connection's name.
NAME = re.compile(r"^[A-Za-z0-9 +%\-@.,_()]+$")
NAME_LIMIT = 127
DESCRIPTION_LIMIT = 1024
CUSTOM_HEADERS_LIMIT = 5
RESOLUTION_PAYLOAD_LIMIT = 4096
AUTHORIZATION = "Authorization"
PAGE_LIMIT = 1000

#: Connection identity: names are unique in an organisation without regard to case.
CONNECTION_IDENTITY = Identity("name", case="fold", id_option="connection_id")


# -- payloads: text, or JSON given as data ---------------------------------------------------------

class JsonText(str):
    """A payload given as a dict or a list: sent as its JSON text, compared as JSON."""


def payload_text(value):
    """The API's form of a payload option: a string as it is, a dict or list as :class:`JsonText`."""
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return JsonText(json.dumps(value))
    return str(value)


def strict(value):
    """``value`` parsed from JSON, with booleans told apart from numbers (``true`` is not ``1``)."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, dict):
        return dict((key, strict(item)) for key, item in value.items())
    if isinstance(value, list):
        return [strict(item) for item in value]
    return value


def same_payload(current, wanted):
    """True when the current payload text already is ``wanted`` (as JSON for a :class:`JsonText`, else as text)."""
    current = current or ""
    if isinstance(wanted, JsonText):
        try:
            return strict(json.loads(current)) == strict(json.loads(wanted))
        except ValueError:
            return False
    return current == (wanted or "")


def check_payload(value, option, limit=None):
    """A payload option's value: a string, or a dict or list (JSON); raises InputError naming the option."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (str, dict, list)):
        raise InputError("must be a string holding JSON, or a dict or list to send as JSON", option=option)
    text = payload_text(value)
    if limit is not None and len(text) > limit:
        raise InputError("at most %d characters are allowed, got %d" % (limit, len(text)), option=option)


class PayloadResolver:
    """A payload option <-> the API's text (dicts and lists JSON-encoded)."""

    def prepare(self, run, values):
        """Nothing to look up."""

    def to_api(self, run, value, option, known):
        return payload_text(value)

    def to_options(self, run, value):
        return value


class HeaderResolver:
    """``{name: value}`` <-> the API's ``[{"name", "value"}]`` (custom headers)."""

    def prepare(self, run, values):
        """Nothing to look up."""

    def to_api(self, run, value, option, known):
        return [{"name": str(name), "value": str(item)} for name, item in (value or {}).items()]

    def to_options(self, run, value):
        return dict((header.get("name"), header.get("value")) for header in value or [])


PAYLOADS = PayloadResolver()
HEADERS = HeaderResolver()


def authorization_of(obj):
    """The value of the connection's ``Authorization`` header (``********`` as the API answers it), or None."""
    for header in (obj or {}).get("headers") or []:
        if str(header.get("name", "")).lower() == AUTHORIZATION.lower():
            return header.get("value")
    return None


def headers_with_authorization(obj, value):
    """The connection's access headers with ``Authorization: value`` (the others kept, masked as read)."""
    others = [h for h in (obj or {}).get("headers") or [] if str(h.get("name", "")).lower() != AUTHORIZATION.lower()]
    return others + [{"name": AUTHORIZATION, "value": value}]


# -- connections as monitors name them --------------------------------------------------------------

def list_connections(client):
    return client.paginate_token(CONNECTIONS_PATH, limit=PAGE_LIMIT)


class ConnectionDirectory:
    """Every connection of the organisation, listed once per run: names <-> ids."""

    def __init__(self, client):
        self.connections = list(list_connections(client))
        self.matcher = Matcher(CONNECTION_IDENTITY, [Current(c) for c in self.connections])
        self.by_id = dict((str(c["id"]).upper(), c) for c in self.connections)

    def named(self, name):
        found = self.matcher.find(name)
        return found.obj if found is not None else None

    def with_id(self, connection_id):
        return self.by_id.get(str(connection_id).upper())

    def names_hint(self):
        names = sorted(c.get("name", "") for c in self.connections)
        return ", ".join(names[:10]) + (", ..." if len(names) > 10 else "") or "none"


def connection_directory(run):
    """The run's connection listing (one listing, made the first time a name or id is resolved)."""
    return run.memo("connection_directory", lambda: ConnectionDirectory(run.client))


# -- the declaration ---------------------------------------------------------------------------------

class Connection(Resource):
    kind = "connection"
    path = CONNECTIONS_PATH
    result_key = "connection"
    identity = CONNECTION_IDENTITY
    listing = Token(PAGE_LIMIT)
    # What a PUT takes: the definition, from the connection as read with the changes merged
    # (the access headers go back masked, which keeps their stored values).
    writable = ("name", "description", "url", "headers", "customHeaders", "defaultPayload", "webhookType",
                "connectionSubtype", "resolutionPayload")
    write_defaults = {"type": "WebhookDefinition"}
    create_defaults = {"type": "WebhookDefinition", "webhookType": "Webhook"}
    fields = {
        "name": Field("name"),
        "description": Field("description"),
        "webhook_type": Field("webhookType", choices=WEBHOOK_TYPES),
        "url": Field("url"),
        "custom_headers": Field("customHeaders", type="dict", kind="set", resolver=HEADERS),
        "default_payload": Field("defaultPayload", type="raw", resolver=PAYLOADS),
        "resolution_payload": Field("resolutionPayload", type="raw", resolver=PAYLOADS),
    }
    options = {
        "authorization": {"type": "str", "no_log": True},
        "update_authorization": {"type": "str", "choices": ["always", "on_create"], "default": "always"},
    }
    required_one_of = [("name", "connection_id")]

    def validate(self, params):
        name = params.get("name")
        if name is not None:
            if not 1 <= len(name) <= NAME_LIMIT:
                raise InputError("1 to %d characters are required, got %d" % (NAME_LIMIT, len(name)), option="name")
            if not NAME.match(name):
                raise InputError("%r may hold letters, digits, spaces and + %% - @ . , _ ( ) only" % name,
                                 option="name")
        description = params.get("description")
        if description is not None and len(description) > DESCRIPTION_LIMIT:
            raise InputError("at most %d characters are allowed, got %d" % (DESCRIPTION_LIMIT, len(description)),
                             option="description")
        url = params.get("url")
        if url is not None and not re.match(r"^https?://[^/\s]+(/\S*)?$", url):
            raise InputError("must be an http or https URL, got %r" % url, option="url")
        headers = params.get("custom_headers")
        if headers is not None:
            if len(headers) > CUSTOM_HEADERS_LIMIT:
                raise InputError("at most %d custom headers are allowed, got %d" % (CUSTOM_HEADERS_LIMIT, len(headers)),
                                 option="custom_headers")
            for header in headers:
                if not str(header).strip() or any(c in str(header) for c in ":\r\n"):
                    raise InputError("%r is not a header name" % header, option="custom_headers")
                if str(header).lower() == AUTHORIZATION.lower():
                    raise InputError("the Authorization header is set with the authorization option (it is a secret)",
                                     option="custom_headers")
        check_payload(params.get("default_payload"), "default_payload")
        if params.get("default_payload") is not None and not payload_text(params["default_payload"]):
            raise InputError("must not be empty", option="default_payload")
        check_payload(params.get("resolution_payload"), "resolution_payload", RESOLUTION_PAYLOAD_LIMIT)
        if params.get("authorization") is not None and not params["authorization"].strip():
            raise InputError("must not be empty", option="authorization")

    def can_create(self, run, params, parent):
        missing = [option for option in ("name", "url", "default_payload") if params.get(option) is None]
        if missing:
            raise InputError("connection %r does not exist; %s required to create it" % (
                params.get("name"), " and ".join(missing) + (" are" if len(missing) > 1 else " is")))

    def create(self, run, params, body, parent):
        if params.get("authorization") is not None:
            body["headers"] = headers_with_authorization(None, params["authorization"])
            # The answer shows the header masked: that it holds the value sent is the POST's effect.
            return [Request("POST", self.path, body=body, returns=True, effect={"headers": body["headers"]})]
        return super().create(run, params, body, parent)

    def compare(self, run, params, obj, wanted):
        """What differs: payloads as text or as JSON, custom headers as a dict, the rest by the fields' kinds, then
        the authorization."""
        if obj.get("type", WEBHOOK) not in (WEBHOOK, "WebhookDefinition"):
            raise InputError("connection %r is a %s; this module manages webhook connections only" % (
                obj.get("name"), obj.get("type")), option="name")
        wanted = dict(wanted)
        changes = {}
        for api in ("defaultPayload", "resolutionPayload"):
            if api in wanted:
                value = wanted.pop(api)[1]
                if not same_payload(obj.get(api), value):
                    changes[api] = value
        if "customHeaders" in wanted:
            value = wanted.pop("customHeaders")[1]
            if HEADERS.to_options(run, obj.get("customHeaders")) != HEADERS.to_options(run, value):
                changes["customHeaders"] = value
        changes.update(super().compare(run, params, obj, wanted))
        secret = params.get("authorization")
        if secret is not None:
            current = authorization_of(obj)
            # The API answers the value masked: a known equal value is only ever our own create's.
            if current != secret and (current is None or params.get("update_authorization") == "always"):
                changes["headers"] = headers_with_authorization(obj, secret)
        return changes

    def delete(self, run, params, current):
        return [Request("DELETE", current.path, query={"type": current.obj.get("type") or WEBHOOK})]

    def in_scope(self, scope, current, destructive):
        # Only webhook connections are managed: a ServiceNow connection is never gathered nor deleted.
        if current.obj.get("type", WEBHOOK) != WEBHOOK:
            return False
        return super().in_scope(scope, current, destructive)
