# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The User Management API: ``/api/v1/users`` (OpenAPI ``userManagement``).

Users are indexed by lower-cased email, so ``?email=`` costs the same in an organisation
of ten users or of ten thousand. Content ownership is a count per user (enough to test
``transferTo``/``deleteContent``); the emails the service would send land in an outbox.
Both, and the test-only switches, are under ``/_emulator/users/...``. What the OpenAPI
description leaves open is written down in docs/emulator.md (section "Users and roles").
"""

from __future__ import annotations

import copy
import re

from flask import Blueprint, current_app, jsonify, request

from .core import (
    ApiError,
    SeedOption,
    bad_field,
    bool_param,
    caller_id,
    check_id_list,
    control_route,
    empty_response,
    format_id,
    iso_now,
    json_body,
    json_response,
    metadata,
    parse_id,
    sort_items,
    token_page,
    touch,
)
from .roles import link, unlink

bp = Blueprint("users", __name__)

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
UPDATE_KEYS = ("firstName", "lastName", "isActive", "roleIds")
CREATE_KEYS = ("firstName", "lastName", "email", "roleIds")
SORT_KEYS = ("firstName", "lastName", "email")
CONTROL = "/_emulator/users"
SEED_OPTIONS = (
    SeedOption("users", "with the demo seed, add N generated users (user00001@bulk.example.com...), each with a bulk role"),
)


def _state():
    return current_app.config["STATE"]


def init_state(state, options):
    state.users = {}         # id -> user (the API's UserModel, plus pendingEmail while a change is pending)
    state.user_emails = {}   # lower-cased email -> id
    state.content = {}       # id -> number of content items the user owns
    state.deleted_content = 0
    state.outbox = []        # emails the service would have sent: {"to", "kind", "userId"}


def new_user(state, data, now=None, **extra):
    user_id = format_id(state.next_id("user", 0x6743FD0))
    user = {
        "id": user_id,
        "firstName": data["firstName"],
        "lastName": data["lastName"],
        "email": data["email"],
        "roleIds": [],
        "isActive": True,
        "isLocked": False,
        "isMfaEnabled": False,
        "lastLoginTimestamp": None,
    }
    user.update(metadata(state, now))
    user.update(extra)
    state.users[user_id] = user
    state.user_emails[user["email"].lower()] = user_id
    state.content[user_id] = 0
    return user


def _user(state, raw_id):
    user = state.users.get(parse_id(raw_id, "user"))
    if user is None:
        raise ApiError(404, "user:not_found", "User with id %s does not exist" % raw_id)
    return user


def _check_email(state, email, field="email", own_id=None):
    if not isinstance(email, str) or not EMAIL.match(email) or len(email) > 255:
        raise bad_field(field, "%s must be an email address of at most 255 characters" % field)
    other = state.user_emails.get(email.lower())
    if other is not None and other != own_id:
        raise ApiError(400, "user:email_already_exists", "A user with email %r already exists" % email,
                       detail="Emails are unique in an organisation (case-insensitively)")


def _check_names(data):
    first, last = data.get("firstName"), data.get("lastName")
    if not isinstance(first, str) or not 1 <= len(first) <= 128:
        raise bad_field("firstName", "firstName is required, 1 to 128 characters")
    if not isinstance(last, str) or len(last) > 128:
        raise bad_field("lastName", "lastName is required, at most 128 characters")


def _check_roles(state, value):
    role_ids = check_id_list(value, "roleIds")
    missing = [rid for rid in role_ids if rid not in state.roles]
    if missing:
        raise ApiError(400, "user:invalid_role", "Role(s) not found: %s" % ", ".join(missing))
    return list(dict.fromkeys(role_ids))


def _set_roles(state, user, role_ids):
    for rid in list(user["roleIds"]):
        if rid not in role_ids:
            unlink(state, state.roles[rid], user)
    for rid in role_ids:
        link(state, state.roles[rid], user)


def _answer(user, status=200):
    return json_response(copy.deepcopy(user), status=status)


@bp.route("/api/v1/users", methods=["GET"])
def list_users():
    state = _state()
    email = request.args.get("email")
    bool_param("includeServiceAccounts")  # there are no service accounts here; the flag only has to be valid
    if email is not None:
        if not email:
            raise bad_field("email", "email must not be empty")
        # Assumption: an exact, case-insensitive match, answered from an index.
        found = state.user_emails.get(email.lower())
        items = [state.users[found]] if found else []
    else:
        items = list(state.users.values())
    sort_by = request.args.get("sortBy")
    items = sort_items(items, sort_by, SORT_KEYS)
    page, token = token_page(items, "users|%s|%s" % ((email or "").lower(), sort_by or ""))
    return json_response({"data": copy.deepcopy(page), "next": token})


@bp.route("/api/v1/users", methods=["POST"])
def create_user():
    state = _state()
    data = json_body()
    unknown = sorted(set(data) - set(CREATE_KEYS))
    if unknown:
        raise bad_field(unknown[0], "Unknown or read-only user field(s): %s" % ", ".join(unknown))
    missing = [key for key in CREATE_KEYS if key not in data]
    if missing:
        raise bad_field(missing[0], "Required field(s) missing: %s" % ", ".join(missing))
    _check_names(data)
    _check_email(state, data["email"])
    role_ids = _check_roles(state, data["roleIds"])
    user = new_user(state, data)
    _set_roles(state, user, role_ids)
    state.outbox.append({"to": user["email"], "kind": "welcome", "userId": user["id"]})
    return _answer(user)


@bp.route("/api/v1/users/<raw_id>", methods=["GET"])
def get_user(raw_id):
    return _answer(_user(_state(), raw_id))


@bp.route("/api/v1/users/<raw_id>", methods=["PUT"])
def update_user(raw_id):
    state = _state()
    user = _user(state, raw_id)
    data = json_body()
    if "email" in data and str(data["email"]).lower() != user["email"].lower():
        raise bad_field("email", "The email cannot be changed by an update: use POST /v1/users/{id}/email/requestChange")
    unknown = sorted(set(data) - set(UPDATE_KEYS) - {"email", "id"})
    if unknown:
        raise bad_field(unknown[0], "Unknown or read-only user field(s): %s" % ", ".join(unknown))
    _check_names(data)
    if "isActive" in data and not isinstance(data["isActive"], bool):
        raise bad_field("isActive", "isActive must be a boolean")
    role_ids = _check_roles(state, data["roleIds"]) if "roleIds" in data else None
    before = copy.deepcopy(user)
    user["firstName"], user["lastName"] = data["firstName"], data["lastName"]
    if "isActive" in data:
        user["isActive"] = data["isActive"]
    if role_ids is not None:
        _set_roles(state, user, role_ids)
    if user != before:
        touch(state, user)
    return _answer(user)


@bp.route("/api/v1/users/<raw_id>", methods=["DELETE"])
def delete_user(raw_id):
    state = _state()
    user = _user(state, raw_id)
    delete_content = bool_param("deleteContent")
    transfer_to = request.args.get("transferTo")
    if delete_content and transfer_to:
        raise bad_field("transferTo", "transferTo and deleteContent=true exclude one another")
    if user["id"] == state.caller_id:
        raise ApiError(400, "user:cannot_delete_self", "You cannot delete your own user")
    owned = state.content.pop(user["id"], 0)
    if delete_content:
        state.deleted_content += owned
    else:
        if transfer_to:
            receiver = state.users.get(parse_id(transfer_to, "user"))
            if receiver is None or receiver["id"] == user["id"]:
                raise ApiError(400, "user:invalid_transfer",
                               "transferTo must name another existing user, got %r" % transfer_to)
            target = receiver["id"]
        else:
            target = caller_id(state)  # documented: content goes to the executing user
        state.content[target] = state.content.get(target, 0) + owned
    for rid in list(user["roleIds"]):
        unlink(state, state.roles[rid], user)
    del state.users[user["id"]]
    del state.user_emails[user["email"].lower()]
    return empty_response(204)


@bp.route("/api/v1/users/<raw_id>/email/requestChange", methods=["POST"])
def request_email_change(raw_id):
    state = _state()
    user = _user(state, raw_id)
    data = json_body()
    new_email = data.get("email")
    _check_email(state, new_email)
    # Assumption (undocumented): the pending address shows as pendingEmail until the user
    # follows the link (POST /_emulator/users/confirm-email does that here).
    user["pendingEmail"] = new_email
    touch(state, user)
    state.outbox.append({"to": new_email, "kind": "email-change", "userId": user["id"]})
    return empty_response(204)


@bp.route("/api/v1/users/<raw_id>/password/reset", methods=["POST"])
def reset_password(raw_id):
    user = _user(_state(), raw_id)
    _state().outbox.append({"to": user["email"], "kind": "password-reset", "userId": user["id"]})
    return empty_response(204)


@bp.route("/api/v1/users/<raw_id>/unlock", methods=["POST"])
def unlock(raw_id):
    state = _state()
    user = _user(state, raw_id)
    if user["isLocked"]:
        user["isLocked"] = False
        touch(state, user)
    return empty_response(204)


@bp.route("/api/v1/users/<raw_id>/mfa/disable", methods=["PUT"])
def disable_mfa(raw_id):
    state = _state()
    user = _user(state, raw_id)
    data = json_body()
    if not isinstance(data.get("email"), str) or data["email"].lower() != user["email"].lower() \
            or not isinstance(data.get("password"), str) or not data["password"]:
        raise bad_field("email", "email must be the user's email, and password is required")
    user["isMfaEnabled"] = False
    touch(state, user)
    return empty_response(204)


@bp.route("/api/v1/users/<raw_id>/resendWelcomeEmail", methods=["POST"])
def resend_welcome_email(raw_id):
    user = _user(_state(), raw_id)
    _state().outbox.append({"to": user["email"], "kind": "welcome", "userId": user["id"]})
    return empty_response(204)


# -- control API: content ownership, outbox, what a user would do in the browser -----------

def _control_user(state, email):
    found = state.user_emails.get(str(email or "").lower())
    if found is None:
        raise ApiError(404, "notfound", "no user with email %r" % email)
    return state.users[found]


@bp.route(CONTROL + "/content", methods=["GET", "POST"])
@control_route
def control_content():
    """GET: content items per email (owners of none left out) and those deleted; POST {"email", "items"}: set a count."""
    state = _state()
    if request.method == "POST":
        body = request.get_json(force=True) or {}
        user = _control_user(state, body.get("email"))
        state.content[user["id"]] = int(body.get("items", 0))
    owners = dict((state.users[uid]["email"], n) for uid, n in state.content.items() if n and uid in state.users)
    return jsonify({"content": owners, "deleted": state.deleted_content,
                    "caller": state.content.get(caller_id(state), 0)})


@bp.route(CONTROL + "/outbox", methods=["GET", "DELETE"])
@control_route
def control_outbox():
    state = _state()
    if request.method == "DELETE":
        del state.outbox[:]
    return jsonify({"emails": list(state.outbox)})


@bp.route(CONTROL + "/confirm-email", methods=["POST"])
@control_route
def control_confirm_email():
    """The user follows the link of a pending email change ({"email": current address})."""
    state = _state()
    user = _control_user(state, (request.get_json(force=True) or {}).get("email"))
    new_email = user.pop("pendingEmail", None)
    if new_email is None:
        return jsonify({"error": "no pending email change for %s" % user["email"]}), 400
    del state.user_emails[user["email"].lower()]
    user["email"] = new_email
    state.user_emails[new_email.lower()] = user["id"]
    touch(state, user)
    return jsonify({"user": user})


@bp.route(CONTROL + "/lock", methods=["POST"])
@control_route
def control_lock():
    """Lock a user's account, as failed logins would ({"email"})."""
    state = _state()
    user = _control_user(state, (request.get_json(force=True) or {}).get("email"))
    user["isLocked"] = True
    return jsonify({"user": user})


def seed_demo(state, options):
    """A few users (the first, admin@example.com, owns the access key) and ``users: N`` more.

    Bulk users are ``user00001@bulk.example.com``...; each gets one of the bulk roles
    (``roles: M``) in turn, or Analyst when there are none.
    """
    now = iso_now()
    by_name = dict((role["name"], role) for role in state.roles.values())

    def add(first, last, email, roles, content, **extra):
        user = new_user(state, {"firstName": first, "lastName": last, "email": email}, now=now, **extra)
        for name in roles:
            link(state, by_name[name], user)
        state.content[user["id"]] = content
        return user

    admin = add("Ada", "Admin", "admin@example.com", ["Administrator"], 12,
                lastLoginTimestamp="2026-11-01T08:00:00.000Z", isMfaEnabled=True)
    state.caller_id = admin["id"]
    add("Alice", "Analyst", "alice@example.com", ["Analyst"], 5, lastLoginTimestamp="2026-11-20T09:30:00.000Z")
    add("Bob", "Builder", "bob@example.com", ["Analyst", "Security Analyst"], 3)
    add("Carol", "Locked", "carol@example.com", ["Analyst"], 0, isLocked=True)
    add("Dave", "Departed", "dave@example.com", ["Data Admin"], 7, isActive=False)
    count = SEED_OPTIONS[0].value(options)
    if not count:
        return
    bulk_roles = [role for role in state.roles.values() if role["name"].startswith("bulk-role-")]
    fallback = by_name["Analyst"]
    for index in range(count):
        user = new_user(state, {"firstName": "User", "lastName": "%05d" % (index + 1),
                                "email": "user%05d@bulk.example.com" % (index + 1)}, now=now)
        role = bulk_roles[index % len(bulk_roles)] if bulk_roles else fallback
        # Straight appends: the user is new, so it cannot be a member yet (link() would scan the list).
        role["users"].append(user["id"])
        user["roleIds"].append(role["id"])


_OBJECT_PATH = re.compile(r"^/api/v1/users/([0-9A-Fa-f]{16})/?$")


def object_at(state, path):
    """The stored user a path names (for the concurrent-edit fault), or None."""
    match = _OBJECT_PATH.match(path)
    return state.users.get(match.group(1).upper()) if match else None
