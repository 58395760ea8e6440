#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_search
short_description: Run a log search and return its messages or records
version_added: 0.2.0
description:
  - Runs a log search through Sumo Logic's Search Job API and returns what it found, for
    playbooks that act on logs, such as "after this deploy, are there new errors in the
    last 15 minutes?".
  - The search is one search job, created with the query and the time range, polled until
    it is done, its messages (or records, for a query that aggregates) read 10,000 at a
    time up to O(max_results), and always deleted at the end, also when the task fails or
    O(job_timeout) runs out.
  - The job's status is first asked for after half a second, then at growing intervals of
    at most 5 seconds, well within the 20 to 30 seconds after which Sumo Logic cancels a
    job nobody polls. Every call of the job carries the cookies set when it was created,
    as the API requires.
  - A search changes nothing, so the module runs in check mode too, and never reports
    C(changed).
author:
  - community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
  - community.sumologic.sumologic
  - community.sumologic.attributes.info_module
options:
  query:
    description:
      - The search, in Sumo Logic's search language, for example
        C(_sourceCategory=prod/app error) or C(_sourceCategory=prod/* error | count by _sourceCategory).
    type: str
    required: true
  from_time:
    description:
      - Where the time range begins (included).
      - An ISO 8601 date and time such as V(2024-05-03T12:00:00) (in O(time_zone)) or
        V(2024-05-03T12:00:00Z) or V(2024-05-03T14:00:00+02:00); a date alone is midnight in
        O(time_zone).
      - Or milliseconds since the epoch, such as V(1714737600000).
      - Or a time relative to now, V(-30s), V(-15m), V(-2h), V(-1d), V(-1w), or V(now).
      - Checked before any request; it must be before O(to_time).
    type: raw
    default: -15m
  to_time:
    description:
      - Where the time range ends (excluded), in the forms of O(from_time).
    type: raw
    default: now
  time_zone:
    description:
      - The time zone of the times in O(from_time) and O(to_time) that have no offset, and
        of the search (sent as the job's C(timeZone)).
      - A tz database name such as V(UTC), V(Europe/Paris) or V(America/New_York), checked
        before any request with Python's C(zoneinfo) (Python 3.9 or later; with an older
        Python only V(UTC) is accepted). Abbreviations such as C(PST) or C(IST) are refused.
    type: str
    default: UTC
  by_receipt_time:
    description:
      - Search by the time messages were received by Sumo Logic (C(_receipttime)) instead
        of the time in the messages (C(_messagetime)).
    type: bool
    default: false
  auto_parsing_mode:
    description:
      - V(AutoParse) extracts the fields of JSON messages at search time (dynamic parsing);
        V(Manual) does not.
    type: str
    choices: [Manual, AutoParse]
    default: Manual
  results:
    description:
      - V(messages) returns the log messages found (RV(messages)); V(records) returns the
        rows of a query that aggregates, such as one with C(| count by ...) (RV(records)).
      - V(records) with a query that does not aggregate fails with the API's message.
    type: str
    choices: [messages, records]
    default: messages
  max_results:
    description:
      - At most this many messages or records are returned (the latest messages first).
        RV(message_count) and RV(record_count) still count everything the job found, and
        RV(truncated) says when fewer were returned.
      - V(0) returns the counts only, without reading any page.
    type: int
    default: 10000
  job_timeout:
    description:
      - Seconds the search job has to finish, from its creation. When it runs out, the job
        is deleted and the task fails saying how far it got.
      - The connection option O(timeout) stays the time to wait for each answer.
    type: int
    default: 300
notes:
  - A search whose messages would pass Sumo Logic's limit (around 100,000 for a search that
    does not aggregate) is force paused by Sumo Logic (RV(state) C(FORCE PAUSED)); the task
    returns the latest messages gathered, with a warning. Split the time range to get the rest.
  - Errors the job reports (C(pendingErrors)) fail the task with Sumo Logic's message; its
    warnings (C(pendingWarnings)) are returned in RV(job_warnings) and shown as warnings.
  - A job Sumo Logic cancels (after 8 hours) or forgets (not polled for 20 to 30 seconds)
    fails the task. A failed task still returns RV(job_id), RV(state) and the counts, and
    C(api_error) when an answer of the API caused the failure.
  - At most 200 search jobs may be active in an organisation at once; a job refused for
    that (HTTP 429), like one refused for the request rate, is sent again until
    O(retry_timeout) is spent, and creates no second job.
  - When the answer to the job's creation is lost (the connection drops, or a gateway
    answers 502 or 504), the job is created again, up to O(retries) times, with a warning;
    a job created by the lost request cannot be deleted (its id never arrived), and Sumo
    Logic cancels it within 30 seconds since nobody polls it.
  - Sumo Logic's Search Job API is available to Enterprise accounts; the access key's user
    needs the capability to download search results.
seealso:
  - name: Search Job API
    description: Sumo Logic's documentation of the API this module uses.
    link: https://help.sumologic.com/docs/api/search-job/
"""

EXAMPLES = r"""
- name: After this deploy, are there new errors in the last 15 minutes?
  community.sumologic.sumo_search:
    query: _sourceCategory=prod/app error
    from_time: -15m
    max_results: 5
  register: errors

- name: Stop the rollout when there are any
  ansible.builtin.assert:
    that: errors.message_count == 0
    fail_msg: "{{ errors.message_count }} errors since the deploy, the latest: {{ errors.messages[0]._raw | default('') }}"

- name: Note when the deploy starts
  ansible.builtin.set_fact:
    deploy_started: "{{ now(utc=true).strftime('%Y-%m-%dT%H:%M:%SZ') }}"

- name: Errors since the deploy started, counted only
  community.sumologic.sumo_search:
    query: _sourceCategory=prod/* (error or exception)
    from_time: "{{ deploy_started }}"
    max_results: 0
  register: since_deploy

- name: Fail when there are more than 10
  ansible.builtin.fail:
    msg: "{{ since_deploy.message_count }} errors since {{ deploy_started }}"
  when: since_deploy.message_count > 10

- name: Errors per source category in the last day (the rows of an aggregate query)
  community.sumologic.sumo_search:
    query: error | count by _sourceCategory | sort by _count
    from_time: -1d
    results: records
  register: per_category

- name: Show them
  ansible.builtin.debug:
    msg: "{{ item._sourcecategory }}: {{ item._count }}"
  loop: "{{ per_category.records }}"

- name: One hour of JSON logs, in local time, by receipt time, with their fields parsed
  community.sumologic.sumo_search:
    query: _sourceCategory=demo/http
    from_time: "2024-05-03T09:00:00"
    to_time: "2024-05-03T10:00:00"
    time_zone: Europe/Paris
    by_receipt_time: true
    auto_parsing_mode: AutoParse
    job_timeout: 600
  register: hour
"""

RETURN = r"""
messages:
  description:
    - The messages found, latest C(_messagetime) first, at most O(max_results), as the maps
      of the API's answer, each field (lower case) to its value as a string, such as
      C(_raw), C(_messagetime), C(_sourcecategory), C(_sourcehost), C(_collector), and the
      fields the query or O(auto_parsing_mode=AutoParse) extracted.
  returned: when O(results=messages)
  type: list
  elements: dict
  sample:
    - _raw: "2026-12-06 10:41:30,000 +0000 ERROR [service=checkout] payment gateway timeout after 3000 ms"
      _messagetime: "1796553690000"
      _receipttime: "1796553690250"
      _sourcecategory: prod/app
      _sourcehost: web-01.example.com
      _sourcename: /var/log/checkout/app.log
      _collector: web-01
      _source: checkout-app
      _messageid: "-9223372036854775755"
records:
  description:
    - The rows of a query that aggregates, at most O(max_results), in the query's order,
      each field to its value as a string, such as C(_sourcecategory) and C(_count) for
      C(| count by _sourceCategory).
  returned: when O(results=records)
  type: list
  elements: dict
  sample:
    - {_sourcecategory: prod/app, _count: "3"}
    - {_sourcecategory: prod/web, _count: "1"}
message_count:
  description: How many messages the job found (more than RV(messages) holds when RV(truncated)).
  returned: always
  type: int
  sample: 3
record_count:
  description: How many records the job produced; 0 for a query that does not aggregate.
  returned: always
  type: int
  sample: 0
state:
  description:
    - The job's last state, V(DONE GATHERING RESULTS), or V(FORCE PAUSED) when Sumo Logic
      stopped it at its message limit (with a warning).
  returned: always
  type: str
  sample: DONE GATHERING RESULTS
truncated:
  description: Whether fewer messages or records were returned than the job found, because of O(max_results).
  returned: success
  type: bool
  sample: false
fields:
  description: The fields of the messages or records returned, as the API describes them.
  returned: success
  type: list
  elements: dict
  contains:
    name:
      description: The field's name, lower case, as in the maps of RV(messages) or RV(records).
      type: str
      sample: _sourcecategory
    field_type:
      description: The field's type, such as C(string), C(long) or C(int).
      type: str
      sample: string
    key_field:
      description: Whether the field is a key of the records (a C(count by) field).
      type: bool
      sample: true
job_warnings:
  description: The warnings the job reported about the search (C(pendingWarnings)), each once.
  returned: always
  type: list
  elements: str
  sample: []
job_id:
  description: The id of the search job (deleted by the time the task ends).
  returned: always
  type: str
  sample: 37589506F194FC80
time_range:
  description: The time range searched, as the task read O(from_time) and O(to_time).
  returned: success
  type: dict
  contains:
    from:
      description: The beginning, in milliseconds since the epoch.
      type: int
      sample: 1796552790000
    to:
      description: The end, in milliseconds since the epoch.
      type: int
      sample: 1796553690000
    from_iso:
      description: The beginning, in ISO 8601 (UTC).
      type: str
      sample: "2026-12-06T10:26:30.000Z"
    to_iso:
      description: The end, in ISO 8601 (UTC).
      type: str
      sample: "2026-12-06T10:41:30.000Z"
    time_zone:
      description: The time zone sent with the search.
      type: str
      sample: UTC
"""

from ansible_collections.community.sumologic.plugins.module_utils.common import SumoModule
from ansible_collections.community.sumologic.plugins.module_utils.resource import error_result
from ansible_collections.community.sumologic.plugins.module_utils.search import (
    AUTO_PARSING_MODES,
    RESULTS,
    Search,
    SearchError,
    run_search,
)


def main():
    module = SumoModule(argument_spec=dict(
        query=dict(type="str", required=True),
        from_time=dict(type="raw", default="-15m"),
        to_time=dict(type="raw", default="now"),
        time_zone=dict(type="str", default="UTC"),
        by_receipt_time=dict(type="bool", default=False),
        auto_parsing_mode=dict(type="str", choices=list(AUTO_PARSING_MODES), default="Manual"),
        results=dict(type="str", choices=list(RESULTS), default="messages"),
        max_results=dict(type="int", default=10000),
        job_timeout=dict(type="int", default=300),
    ), supports_check_mode=True)
    try:
        search = Search(module.params)  # bad input fails here, before any request
        result = run_search(module.client, search, module.warn)
    except Exception as exc:
        msg, extra = error_result(exc)
        if isinstance(exc, SearchError):
            extra = dict(exc.result, **extra)
        module.fail_json(msg=msg, changed=False, **extra)
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
