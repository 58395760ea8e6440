# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What every module shares: the auth options and the client built from them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.community.sumologic.plugins.module_utils.api import (
    DEPLOYMENTS,
    REQUESTS_IMPORT_ERROR,
    SumoClient,
    SumoError,
)


def auth_argument_spec():
    """The connection options, documented once in the ``community.sumologic.sumologic`` doc fragment."""
    return dict(
        access_id=dict(type="str", fallback=(env_fallback, ["SUMOLOGIC_ACCESSID"])),
        access_key=dict(type="str", no_log=True, fallback=(env_fallback, ["SUMOLOGIC_ACCESSKEY"])),
        deployment=dict(type="str", choices=list(DEPLOYMENTS), fallback=(env_fallback, ["SUMOLOGIC_ENVIRONMENT"])),
        endpoint=dict(type="str", fallback=(env_fallback, ["SUMOLOGIC_BASE_URL"])),
        validate_certs=dict(type="bool", default=True),
        timeout=dict(type="int", default=60),
        retries=dict(type="int", default=5),
    )


class SumoModule(AnsibleModule):
    """An AnsibleModule with the auth options added and a ready :class:`SumoClient`."""

    def __init__(self, argument_spec, **kwargs):
        spec = auth_argument_spec()
        spec.update(argument_spec)
        super(SumoModule, self).__init__(argument_spec=spec, **kwargs)
        if REQUESTS_IMPORT_ERROR:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        for name in ("timeout", "retries"):
            if self.params[name] < (1 if name == "timeout" else 0):
                lowest = "at least 1" if name == "timeout" else "0 or more"
                self.fail_json(msg="%s must be %s, got %s" % (name, lowest, self.params[name]))
        try:
            self.client = self.new_client()
        except SumoError as exc:
            self.fail_json(msg=str(exc))

    def new_client(self):
        """A client with this task's connection options (each thread of a plural module has its own)."""
        return SumoClient(
            access_id=self.params["access_id"],
            access_key=self.params["access_key"],
            deployment=self.params["deployment"],
            endpoint=self.params["endpoint"],
            validate_certs=self.params["validate_certs"],
            timeout=self.params["timeout"],
            retries=self.params["retries"],
            check_mode=self.check_mode,
            warn=self.warn,
        )

    def fail_api(self, exc, **result):
        """Fail with the shaped message of a :class:`SumoError` (and its status and code when it has them)."""
        for attr in ("status", "code", "request_id"):
            if getattr(exc, attr, None) is not None:
                result.setdefault("api_error", {})[attr] = getattr(exc, attr)
        self.fail_json(msg=str(exc), **result)


def snake_dict(obj, keep=()):
    """API object (camelCase) -> result (snake_case); values under ``keep`` keys are user data, left as they are."""
    if obj is None:
        return None
    return camel_dict_to_snake_dict(obj, ignore_list=list(keep))
