# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What every module shares: the auth options and the client built from them."""

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.community.sumologic.plugins.module_utils.api import (
    DEFAULT_RATE_LIMIT,
    DEFAULT_RETRY_TIMEOUT,
    DEPLOYMENTS,
    REQUESTS_IMPORT_ERROR,
    SumoClient,
    SumoError,
)
from ansible_collections.community.sumologic.plugins.module_utils.pacing import check_rate
from ansible_collections.community.sumologic.plugins.module_utils.secrets import credentials_in

# The connection options, in the order the doc fragment documents them. The inventory
# plugin reads the same options (through its own configuration) and builds its client
# with build_client() too.
CONNECTION_OPTIONS = ("access_id", "access_key", "deployment", "endpoint", "validate_certs", "timeout",
                      "retries", "rate_limit", "retry_timeout")


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
        rate_limit=dict(type="float", default=DEFAULT_RATE_LIMIT, fallback=(env_fallback, ["SUMOLOGIC_RATE_LIMIT"])),
        retry_timeout=dict(type="int", default=DEFAULT_RETRY_TIMEOUT,
                           fallback=(env_fallback, ["SUMOLOGIC_RETRY_TIMEOUT"])),
    )


def build_client(options, check_mode=False, warn=None):
    """A :class:`SumoClient` from the connection options (a dict with the keys of CONNECTION_OPTIONS).

    Raises :class:`SumoError` naming the option when one is out of range.
    """
    lowest = dict(timeout=1, retries=0, retry_timeout=0)  # rate_limit: check_rate, below
    for name, least in lowest.items():
        if options.get(name) is not None and options[name] < least:
            raise SumoError("%s must be %s, got %s" % (name, "at least 1" if least else "0 or more", options[name]))
    if options.get("rate_limit") is not None:
        try:
            check_rate(options["rate_limit"])
        except ValueError as exc:
            raise SumoError("rate_limit %s" % exc)
    settings = {name: options[name] for name in CONNECTION_OPTIONS if options.get(name) is not None}
    return SumoClient(check_mode=check_mode, warn=warn, **settings)


class SumoModule(AnsibleModule):
    """An AnsibleModule with the auth options added and a ready :class:`SumoClient`.

    Credentials inside free-form options (a source's ``config``: an AWS key, a service
    account's private key) are added to the values Ansible masks in every output, the
    module's arguments at ``-vvv`` included, as ``no_log`` options are.
    """

    def __init__(self, argument_spec, **kwargs):
        spec = auth_argument_spec()
        spec.update(argument_spec)
        super().__init__(argument_spec=spec, **kwargs)
        self.no_log_values.update(credentials_in(self.params))
        if REQUESTS_IMPORT_ERROR:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        try:
            self.client = build_client(self.params, check_mode=self.check_mode, warn=self.warn)
        except SumoError as exc:
            self.fail_json(msg=str(exc))


def snake_dict(obj, keep=()):
    """API object (camelCase) -> result (snake_case); values under ``keep`` keys are user data, left as they are."""
    if obj is None:
        return None
    return camel_dict_to_snake_dict(obj, ignore_list=list(keep))
