# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Users and roles as other objects name them: identities, lookups and the resolvers ``ROLES`` and ``USERS``.

The API's lookups by a query filter (``/v1/users?email=``, ``/v1/roles?name=``) do not
say whether they match exactly: the engine's :class:`Matcher` picks the object by the
identity's rule and every page of near matches is read, never ``data[0]`` on trust. A
lookup by email is one GET in an organisation of any size. Names and emails given by
users are turned into ids before any write; what cannot be resolved fails with an
:class:`InputError` that names the option and every unknown value at once.
"""

import re

from ansible_collections.community.sumologic.plugins.module_utils.api import InputError, quote_segment
from ansible_collections.community.sumologic.plugins.module_utils.resource import Current, Identity, Matcher

USERS_PATH = "/v1/users"
ROLES_PATH = "/v1/roles"
# The largest page the Users and Roles APIs allow: most organisations list in one GET.
PAGE_LIMIT = 1000
# Above this many ids, listing every user is cheaper than one GET per id.
PER_ID_LOOKUPS = 20

ID_PATTERN = re.compile(r"^[0-9A-Fa-f]{16}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

#: Users are named by email, without regard to case; once an email change is done, by the new address.
USER_IDENTITY = Identity("email", case="fold", also=("new_email",), required=True)
#: Roles are named by name, unique without regard to case (the exact name wins), or by id.
ROLE_IDENTITY = Identity("name", case="fold", id_option="role_id")


ASSUMED_ID = re.compile(r"^\((.*), to be created\)$")


def assumed_id(name):
    """What stands for the id of an object a check-mode audit assumes will be created (never sent)."""
    return "(%s, to be created)" % name


def assumed_name(value):
    """The name an :func:`assumed_id` stands for, or None."""
    found = ASSUMED_ID.match(str(value))
    return found.group(1) if found else None


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


# -- users -----------------------------------------------------------------------------------

def users_with_email(client, email):
    """The users the API answers for ``?email=`` (near matches included), every page."""
    return list(client.paginate_token(USERS_PATH, params={"email": email}, limit=PAGE_LIMIT))


def find_user_by_email(client, email):
    """The user whose email is ``email`` (case aside), or None. One GET, more only for several pages of near matches."""
    found = Matcher(USER_IDENTITY, [Current(user) for user in users_with_email(client, email)]).find(email)
    return found.obj if found is not None else None


def find_user_by_id(client, user_id):
    """The user with ``user_id``, or None."""
    resp = client.get_or_none(user_path(user_id))
    return resp.json if resp is not None and resp.json else None


def list_users(client, sort_by=None):
    """Every user of the organisation, page by page (``sort_by``: ``firstName``, ``-email``...)."""
    params = {"sortBy": sort_by} if sort_by else None
    return client.paginate_token(USERS_PATH, params=params, limit=PAGE_LIMIT)


def user_emails(client, user_ids):
    """id -> email for ``user_ids``: one GET per id for a few, one listing for many. Unknown ids map to None."""
    wanted = list(dict.fromkeys(user_ids))
    if len(wanted) <= PER_ID_LOOKUPS:
        emails = {}
        for user_id in wanted:
            found = find_user_by_id(client, user_id)
            emails[user_id] = found.get("email") if found else None
        return emails
    everyone = {user["id"]: user.get("email") for user in list_users(client)}
    return {user_id: everyone.get(user_id) for user_id in wanted}


# -- roles -----------------------------------------------------------------------------------

def list_roles(client, sort_by=None):
    params = {"sortBy": sort_by} if sort_by else None
    return client.paginate_token(ROLES_PATH, params=params, limit=PAGE_LIMIT)


class RoleDirectory:
    """Role names and ids of the organisation, listed once (lazily) and shared by every lookup of a run."""

    def __init__(self, client):
        self.client = client
        self._roles = None
        self._matcher = None

    @property
    def loaded(self):
        return self._roles is not None

    def roles(self):
        if self._roles is None:
            self._roles = list(list_roles(self.client))
            self._matcher = Matcher(ROLE_IDENTITY, [Current(role) for role in self._roles])
        return self._roles

    def resolve(self, values, option="roles", known_ids=(), assumed=lambda name: False):
        """Role names or ids -> ids, in the order given, duplicates dropped.

        Values that are ids in ``known_ids`` (the roles the object already has) need no
        request; anything else costs one listing of the roles, shared by all values. An
        id wins over a name; a name is found by the roles' identity rule. Every unknown
        value is named in one :class:`InputError`.
        """
        ids, unknown = resolve_ids(values, known_ids, self._lookup, assumed)
        if unknown:
            names = sorted(role.get("name", "") for role in self.roles())
            hint = ", ".join(names[:10]) + (", ..." if len(names) > 10 else "")
            unknown = ", ".join(repr(v) for v in unknown)
            raise InputError("unknown role(s) %s (roles here: %s)" % (unknown, hint or "none"), option=option)
        return ids

    def _lookup(self, value):
        roles = self.roles()
        if looks_like_id(value):
            for role in roles:
                if role["id"].upper() == value.upper():
                    return role["id"]
        found = self._matcher.find(value)
        return found.obj["id"] if found is not None else None

    def names(self, role_ids):
        """Role names for ``role_ids`` (an id no role has stays as it is)."""
        by_id = {role["id"]: role.get("name") for role in self.roles()}
        return [by_id.get(role_id, assumed_name(role_id) or role_id) for role_id in role_ids]


# -- resolvers: declared on a field, resolved once per run ---------------------------------------

def resolve_ids(values, known_ids, lookup, assumed):
    """``(ids, unknown values)`` for names or ids, in the order given, duplicates dropped.

    An id the object already has (``known_ids``) costs nothing; others go to ``lookup(value)``
    (an id or None); what is not found but ``assumed(value)`` (a check-mode audit) stands for
    an object to be created.
    """
    known = {str(k).upper(): k for k in known_ids or ()}
    ids, unknown = [], []
    for value in values:
        value = str(value).strip()
        found = known.get(value.upper()) if looks_like_id(value) else None
        if found is None:
            found = lookup(value)
        if found is None and assumed(value):
            found = assumed_id(value)
        if found is None:
            unknown.append(value)
        elif found not in ids:
            ids.append(found)
    return ids, unknown


class RoleResolver:
    """Role names or ids <-> role ids, for a field such as a user's ``roleIds``.

    Ids the object already has need no request; anything else costs one listing of the
    roles, made once per run and shared by every object of a plural task.
    """

    def directory(self, run):
        return run.memo("role_directory", lambda: RoleDirectory(run.client))

    def prepare(self, run, values):
        """Values of every object of a plural task: one listing serves them all."""

    def to_api(self, run, values, option, known):
        return self.directory(run).resolve(values, option=option, known_ids=known,
                                           assumed=lambda name: run.assumed("roles", name))

    def to_options(self, run, ids):
        return self.directory(run).names(ids) if ids else []

    def names_if_listed(self, run, ids):
        """Role names for ids when this run has listed the roles already, else None (no request)."""
        if not run.known("role_directory") or not self.directory(run).loaded:
            return None
        return self.directory(run).names(ids)


class UserDirectory:
    """Users found so far in a run, by id and by email; or every user, once listed."""

    def __init__(self):
        self.by_id = {}
        self.by_email = {}
        self.listed = False

    def add(self, user):
        self.by_id[user["id"].upper()] = user
        if user.get("email"):
            self.by_email[user["email"].lower()] = user

    def list_all(self, client):
        if not self.listed:
            for user in list_users(client):
                self.add(user)
            self.listed = True

    def find(self, client, value):
        """The user with this id or email (one GET unless already known or listed), or None."""
        value = str(value).strip()
        key = value.upper() if looks_like_id(value) else value.lower()
        known = (self.by_id if looks_like_id(value) else self.by_email).get(key)
        if known is not None or self.listed:
            return known
        found = find_user_by_id(client, value) if looks_like_id(value) else find_user_by_email(client, value)
        if found is not None:
            self.add(found)
        return found


class UserResolver:
    """Emails or user ids <-> user ids, for a field such as a role's ``users``.

    Current members given by id cost nothing; each other email or id one GET, unless a
    plural task names so many that one listing of every user is cheaper.
    """

    def directory(self, run):
        return run.memo("user_directory", UserDirectory)

    def prepare(self, run, values):
        if len({str(v).lower() for v in values}) > PER_ID_LOOKUPS:
            self.directory(run).list_all(run.client)

    def find(self, run, value):
        """The user with this email or id (shared by the run's lookups), or None."""
        return self.directory(run).find(run.client, value)

    def to_api(self, run, values, option, known):
        def lookup(value):
            user = self.find(run, value)
            return user["id"] if user is not None else None
        ids, unknown = resolve_ids(values, known, lookup, lambda name: run.assumed("users", name))
        if unknown:
            raise InputError("no user with email or id %s" % ", ".join(repr(v) for v in unknown), option=option)
        return ids

    def to_options(self, run, ids):
        """Emails for ids (an id no user has stays as it is)."""
        directory = self.directory(run)
        if len(ids) > PER_ID_LOOKUPS:
            directory.list_all(run.client)
        emails = []
        for user_id in ids:
            if assumed_name(user_id):
                emails.append(assumed_name(user_id))
                continue
            user = directory.find(run.client, user_id)
            emails.append(user.get("email") if user is not None and user.get("email") else user_id)
        return emails


ROLES = RoleResolver()
USERS = UserResolver()
