# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Credentials in what the modules show: which keys hold them, masking, and redaction of messages.

One list for every module. The keys are those Sumo Logic's sources carry (the Collector
Management API's source JSON, and the authentication blocks of its polling and
cloud-to-cloud sources, as Sumo Logic's Terraform provider sends them): an HTTP source's
upload ``url`` and a Cloud Syslog source's ``token`` are issued by Sumo Logic; AWS keys
(``awsId``, ``awsKey``), a Google service account's ``private_key`` and ``private_key_id``,
an Azure Event Hub's ``sharedAccessPolicyKey`` and the secrets of cloud-to-cloud sources
(``clientSecret``, ``apiKey``, ``password``...) are given by users. Keys are compared
without regard to case, ``_`` or ``-`` (``private_key`` and ``privateKey`` are one key).
"""

import base64
import re

#: What a masked value looks like.
MASK = "********"

#: Keys whose values are credentials, wherever they appear in an object (normalised: see :func:`normalise`).
CREDENTIAL_KEYS = frozenset((
    "token",                    # Cloud Syslog source: the token its senders put in each message
    "awsid", "awskey",          # AWS access key id and secret access key (S3, CloudTrail, CloudWatch... sources)
    "accesskey", "secretkey", "secretaccesskey", "sessiontoken",
    "privatekey", "privatekeyid",  # Google Cloud service account key
    "sharedaccesspolicykey",    # Azure Event Hubs
    "connectionstring", "sastoken", "accountkey", "storageaccountkey",
    "clientsecret", "apikey", "apitoken", "apisecret", "accesstoken", "refreshtoken", "authtoken", "bearertoken",
    "password", "passphrase", "secret", "privatekeypassword", "certificatepassword",
))

#: Top-level keys of an object whose values Sumo Logic issues for the user to pass on (an HTTP source's upload
#: ``url``, a Cloud Syslog source's ``token``): masked in diffs and in the plural modules' results, kept in the
#: object a singular module returns, where the user asked for it.
ISSUED_KEYS = frozenset(("url", "token"))

_AUTHORIZATION = re.compile(r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?)(?:(basic|bearer|token)\s+)?[^\s\"',;}]+")


def normalise(key):
    """``private_key``, ``privateKey`` and ``Private-Key`` -> ``privatekey``."""
    return re.sub(r"[_\-]", "", str(key)).lower()


def is_credential(key):
    return normalise(key) in CREDENTIAL_KEYS


def mask_url(value):
    """``https://host/receiver/v1/http/TOKEN`` -> ``https://host/********``: where it goes, not the credential."""
    text = str(value)
    scheme, sep, rest = text.partition("://")
    if not sep:
        return MASK
    return "%s://%s/%s" % (scheme, rest.split("/", 1)[0], MASK)


def mask(value, keep_issued=False, top=True):
    """A copy of ``value`` (a dict, list or scalar) with every credential masked, at any depth.

    A URL of :data:`ISSUED_KEYS` is masked to its host; ``keep_issued`` keeps those keys'
    values as they are. A dict that names a header (``{"name": "Authorization", "value": ...}``)
    has its value masked.
    """
    if isinstance(value, dict):
        masked = {}
        header = str(value.get("name") or "").lower() == "authorization" and "value" in value
        for key, item in value.items():
            name = normalise(key)
            if item is None or isinstance(item, bool):
                masked[key] = item
            elif top and name in ISSUED_KEYS:
                masked[key] = item if keep_issued else (mask_url(item) if name == "url" else MASK)
            elif name in CREDENTIAL_KEYS or (header and key == "value"):
                masked[key] = MASK
            else:
                masked[key] = mask(item, keep_issued, top=False)
        return masked
    if isinstance(value, list):
        return [mask(item, keep_issued, top=False) for item in value]
    return value


def is_masked(value, current):
    """True when ``value`` is what :func:`mask` shows of ``current``."""
    if not isinstance(value, str):
        return False
    return value == MASK or (isinstance(current, str) and value == mask_url(current))


def keep_masked(wanted, current):
    """``wanted`` with every value the user gave back masked (as a ``gathered`` result shows it)
    replaced by the current one at the same place, so that feeding masked output back changes nothing."""
    if current is not None and is_masked(wanted, current):
        return current
    if isinstance(wanted, dict):
        current = current if isinstance(current, dict) else {}
        return {key: keep_masked(item, current.get(key)) for key, item in wanted.items()}
    if isinstance(wanted, list):
        current = current if isinstance(current, list) else []
        return [keep_masked(item, current[index] if index < len(current) else None)
                for index, item in enumerate(wanted)]
    return wanted


def masked_paths(value, path=""):
    """Where ``value`` holds a masked value (``config.thirdPartyRef.resources[0].authentication.awsKey``)."""
    if isinstance(value, str) and (value == MASK or ("://" in value and value.endswith("/" + MASK))):
        return [path]
    if isinstance(value, dict):
        return [found for key, item in value.items()
                for found in masked_paths(item, "%s.%s" % (path, key) if path else str(key))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in masked_paths(item, "%s[%d]" % (path, index))]
    return []


def credentials_in(value):
    """Every credential value inside ``value`` (for Ansible's ``no_log_values``)."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if is_credential(key) and isinstance(item, (str, int)) and not isinstance(item, bool) \
                    and str(item) not in ("", MASK):
                found.append(str(item))
            else:
                found.extend(credentials_in(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(credentials_in(item))
    return found


def basic_credentials(access_id, access_key):
    """The forms an access key takes on the wire: itself, and the base64 of ``id:key`` (with and without padding)."""
    token = base64.b64encode(("%s:%s" % (access_id, access_key)).encode("utf-8")).decode("ascii")
    return [value for value in (access_key, token, token.rstrip("=")) if value]


def redact(text, secrets=()):
    """``text`` without ``Authorization`` header values and without any of ``secrets``."""
    if not text:
        return text
    text = _AUTHORIZATION.sub(lambda match: match.group(1) + ((match.group(2) + " ") if match.group(2) else "") + MASK,
                              str(text))
    for secret in sorted(set(s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text
