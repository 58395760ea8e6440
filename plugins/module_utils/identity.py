# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""User and role lookups shared by the user, role and Cloud SIEM modules.

The API's lookups by a query filter (``/v1/users?email=``, ``/v1/roles?name=``) do not
say whether they match exactly: every function here picks the exact object itself and
follows ``next`` when there is one, and never takes ``data[0]`` on trust. A lookup by
email is one GET in an organisation of any size. Names and emails given by users are
turned into ids before any write; what cannot be resolved fails with an
:class:`IdentityError` that names the option and every unknown value at once.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.community.sumologic.plugins.module_utils.api import SumoError, quote_segment
from ansible_collections.community.sumologic.plugins.module_utils.resource import Current

USERS_PATH = "/v1/users"
ROLES_PATH = "/v1/roles"
# The largest page the Users and Roles APIs allow: most organisations list in one GET.
PAGE_LIMIT = 1000
# Above this many ids, listing every user is cheaper than one GET per id.
PER_ID_LOOKUPS = 20

ID_PATTERN = re.compile(r"^[0-9A-Fa-f]{16}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class IdentityError(SumoError):
    """A user or role named in the input does not exist (raised before any write).

    A :class:`SumoError`, so every module that reports API failures reports this one too.
    """


def looks_like_id(value):
    """True for a Sumo Logic user or role id (16 hexadecimal digits)."""
    return bool(ID_PATTERN.match(str(value)))


def looks_like_email(value):
    return bool(EMAIL_PATTERN.match(str(value))) and len(str(value)) <= 255


def same_email(left, right):
    """Email addresses compare without case (the service treats them so)."""
    return (left or "").lower() == (right or "").lower()


def user_path(user_id):
    return "%s/%s" % (USERS_PATH, quote_segment(user_id))


def role_path(role_id):
    return "%s/%s" % (ROLES_PATH, quote_segment(role_id))


def _by_id(client, path):
    resp = client.get_or_none(path)
    if resp is None or not resp.json:
        return None
    return Current(resp.json, resp.etag)


# -- users -----------------------------------------------------------------------------------

def find_user_by_email(client, email):
    """The user whose email is ``email`` (case aside) as :class:`Current`, or None.

    One GET (``?email=``); more only when the API answers several pages of near matches.
    """
    for user in client.paginate_token(USERS_PATH, params={"email": email}, limit=PAGE_LIMIT):
        if same_email(user.get("email"), email):
            return Current(user, None)
    return None


def find_user_by_id(client, user_id):
    """The user with ``user_id`` as :class:`Current`, or None."""
    return _by_id(client, user_path(user_id))


def list_users(client, sort_by=None):
    """Every user of the organisation, page by page (``sort_by``: ``firstName``, ``-email``...)."""
    params = {"sortBy": sort_by} if sort_by else None
    return client.paginate_token(USERS_PATH, params=params, limit=PAGE_LIMIT)


def resolve_users(client, values, option="users", known=None):
    """Emails or ids -> ``(ids, emails_by_id)``, in the order given, duplicates dropped.

    ``known`` maps ids already known to exist (e.g. the current members) to their emails
    (or None); those cost no request. Each other email costs one GET, each other id one
    GET. Every unknown value is named in one :class:`IdentityError`.
    """
    known = dict(known or {})
    known_ids = dict((str(k).upper(), k) for k in known)
    ids, emails, unknown = [], {}, []
    for value in values:
        value = str(value).strip()
        if looks_like_id(value) and value.upper() in known_ids:
            found_id = known_ids[value.upper()]
            emails.setdefault(found_id, known.get(found_id))
        else:
            found = find_user_by_id(client, value) if looks_like_id(value) else find_user_by_email(client, value)
            if found is None:
                unknown.append(value)
                continue
            found_id = found.obj["id"]
            emails[found_id] = found.obj.get("email")
            known_ids[found_id.upper()] = found_id  # the same user given again costs nothing
        if found_id not in ids:
            ids.append(found_id)
    if unknown:
        raise IdentityError("%s: no user with email or id %s" % (option, ", ".join(repr(v) for v in unknown)))
    return ids, emails


def user_emails(client, user_ids):
    """id -> email for ``user_ids``: one GET per id for a few, one listing for many. Unknown ids map to None."""
    wanted = list(dict.fromkeys(user_ids))
    if len(wanted) <= PER_ID_LOOKUPS:
        emails = {}
        for user_id in wanted:
            found = find_user_by_id(client, user_id)
            emails[user_id] = found.obj.get("email") if found else None
        return emails
    everyone = dict((user["id"], user.get("email")) for user in list_users(client))
    return dict((user_id, everyone.get(user_id)) for user_id in wanted)


# -- roles -----------------------------------------------------------------------------------

def find_role_by_name(client, name):
    """The role named ``name`` as :class:`Current`, or None.

    The exact name wins; else a single match that differs only in case (names are unique
    without regard to case). Follows ``next`` through every page of near matches.
    """
    folded = []
    for role in client.paginate_token(ROLES_PATH, params={"name": name}, limit=PAGE_LIMIT):
        if role.get("name") == name:
            return Current(role, None)
        if (role.get("name") or "").lower() == name.lower():
            folded.append(role)
    return Current(folded[0], None) if len(folded) == 1 else None


def find_role_by_id(client, role_id):
    """The role with ``role_id`` as :class:`Current`, or None."""
    return _by_id(client, role_path(role_id))


def list_roles(client, sort_by=None):
    params = {"sortBy": sort_by} if sort_by else None
    return client.paginate_token(ROLES_PATH, params=params, limit=PAGE_LIMIT)


class RoleDirectory(object):
    """Role names and ids of the organisation, listed once (lazily) and shared by every lookup of a run."""

    def __init__(self, client):
        self.client = client
        self._roles = None

    @property
    def loaded(self):
        return self._roles is not None

    def roles(self):
        if self._roles is None:
            self._roles = list(list_roles(self.client))
        return self._roles

    def resolve(self, values, option="roles", known_ids=()):
        """Role names or ids -> ids, in the order given, duplicates dropped.

        Values that are ids in ``known_ids`` (the roles the object already has) need no
        request; anything else costs one listing of the roles, shared by all values. An
        id wins over a name; a name matches exactly, else without regard to case when
        that is unambiguous. Every unknown value is named in one :class:`IdentityError`.
        """
        known = dict((str(k).upper(), k) for k in known_ids)
        ids, unknown = [], []
        for value in values:
            value = str(value).strip()
            found = known.get(value.upper()) if looks_like_id(value) else None
            if found is None:
                found = self._lookup(value)
            if found is None:
                unknown.append(value)
            elif found not in ids:
                ids.append(found)
        if unknown:
            names = sorted(role.get("name", "") for role in self.roles())
            hint = ", ".join(names[:10]) + (", ..." if len(names) > 10 else "")
            raise IdentityError("%s: unknown role(s) %s (roles here: %s)"
                                % (option, ", ".join(repr(v) for v in unknown), hint or "none"))
        return ids

    def _lookup(self, value):
        roles = self.roles()
        if looks_like_id(value):
            for role in roles:
                if role["id"].upper() == value.upper():
                    return role["id"]
        exact = [role["id"] for role in roles if role.get("name") == value]
        if exact:
            return exact[0]
        folded = [role["id"] for role in roles if (role.get("name") or "").lower() == value.lower()]
        return folded[0] if len(folded) == 1 else None

    def names(self, role_ids):
        """Role names for ``role_ids`` (an id no role has stays as it is)."""
        by_id = dict((role["id"], role.get("name")) for role in self.roles())
        return [by_id.get(role_id, role_id) for role_id in role_ids]
