# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator's Search Job API: jobs, their states over polls, cookies, paging, limits, expiry, errors.

Every answer of the API, success and error, is checked against ``schemas/search_jobs.json``.
"""

from __future__ import annotations

import copy
import time

import pytest
import requests

from ansible_collections.community.sumologic.tests.emulator.search_jobs import DEFAULT_SETTINGS
from ansible_collections.community.sumologic.tests.unit.emulator.answer_schemas import assert_matches, departures

JOBS = "/v1/search/jobs"
S = "search_jobs.json#/$defs/"
RUNNING = ("NOT STARTED", "GATHERING RESULTS")


def window(minutes=60, ahead=1):
    """``from``/``to`` in epoch milliseconds: the last ``minutes`` and ``ahead`` minutes to come."""
    now = int(time.time() * 1000)
    return now - minutes * 60000, now + ahead * 60000


def refused(resp, status, code):
    """An error in the page's shape, with this status and code."""
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert_matches(body, S + "ErrorResponse")
    assert body["status"] == status and body["code"] == code, body
    return body


def create(api, query, minutes=60, ahead=1, **extra):
    start, end = window(minutes, ahead)
    body = dict({"query": query, "from": start, "to": end, "timeZone": "UTC"}, **extra)
    resp = api.post(JOBS, body)
    assert resp.status_code == 202, resp.text
    assert_matches(resp.json(), S + "CreateResponse")
    return resp.json()["id"]


def status(api, job_id):
    resp = api.get(JOBS + "/" + job_id)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert_matches(body, S + "Status")
    return body


def finish(api, job_id):
    """Every status answer until the job stops running."""
    answers = [status(api, job_id)]
    while answers[-1]["state"] in RUNNING:
        assert len(answers) < 50, answers[-1]
        answers.append(status(api, job_id))
    return answers


def page(api, job_id, kind="messages", offset=0, limit=100):
    """One page of results, checked against its schema.

    jsonschema takes about 0.3 ms a message, so a page of more than 1,000 items is checked
    against the schema on its first and last 500 items; every item's map is checked in
    Python: the fields list its keys, its values are strings, the built-in fields are there.
    """
    resp = api.get("%s/%s/%s" % (JOBS, job_id, kind), params={"offset": offset, "limit": limit})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    items = body.get(kind)
    sample = dict(body, **{kind: items[:500] + items[-500:]}) if isinstance(items, list) and len(items) > 1000 else body
    assert_matches(sample, S + ("MessagesPage" if kind == "messages" else "RecordsPage"))
    names = set(field["name"] for field in body["fields"])
    builtin = set(name for name in names if name.startswith("_")) if kind == "messages" else set()
    for item in items:
        assert set(item["map"]) <= names, "a map key the fields do not list"
        assert builtin <= set(item["map"]) and all(isinstance(v, str) for v in item["map"].values()), item
    return body


def search(api, query, minutes=60, **extra):
    """A finished job's status, messages and records (records None for a non-aggregate query)."""
    job_id = create(api, query, minutes, **extra)
    final = finish(api, job_id)[-1]
    messages = page(api, job_id, limit=10000)["messages"]
    probe = api.get(JOBS + "/%s/records" % job_id, params={"offset": 0, "limit": 1})
    records = page(api, job_id, "records", limit=10000)["records"] if probe.status_code == 200 else None
    return final, messages, records


def raws(messages):
    return [m["map"]["_raw"] for m in messages]


def no_cookie_session(emulator):
    session = requests.Session()
    session.auth = (emulator.access_id, emulator.access_key)
    return session


# -- creating jobs; cookies -------------------------------------------------------------------------

def test_create_answers_202_with_the_id_a_location_and_a_session_cookie(api, emulator):
    resp = api.post(JOBS, {"query": "error", "from": window()[0], "to": window()[1], "timeZone": "UTC"})
    assert resp.status_code == 202
    job_id = resp.json()["id"]
    assert resp.json() == {"id": job_id}
    assert resp.headers["Location"] == emulator.url + JOBS + "/" + job_id
    cookie = resp.cookies.get("JSESSIONID")
    assert cookie and "Path=/api" in resp.headers["Set-Cookie"] and "HttpOnly" in resp.headers["Set-Cookie"]
    # A second job created with the session's cookie joins the session: no new cookie.
    second = api.post(JOBS, {"query": "error", "from": window()[0], "to": window()[1], "timeZone": "UTC"})
    assert second.status_code == 202 and "Set-Cookie" not in second.headers
    assert status(api, job_id)["state"] == "NOT STARTED"
    assert status(api, second.json()["id"])["state"] == "NOT STARTED"
    # Another client (no cookie) gets a session of its own.
    other = no_cookie_session(emulator)
    third = other.post(emulator.url + JOBS,
                       json={"query": "error", "from": window()[0], "to": window()[1], "timeZone": "UTC"})
    assert third.status_code == 202 and third.cookies.get("JSESSIONID") not in (None, cookie)
    assert other.get(emulator.url + JOBS + "/" + third.json()["id"]).status_code == 200
    refused(other.get(emulator.url + JOBS + "/" + job_id), 404, "searchjob.jobid.invalid")


def test_every_later_call_needs_the_job_s_cookie(api, emulator):
    job_id = create(api, "error | count")
    bare = no_cookie_session(emulator)
    base = emulator.url + JOBS + "/" + job_id
    for resp in (bare.get(base), bare.get(base + "/messages", params={"offset": 0, "limit": 10}),
                 bare.get(base + "/records", params={"offset": 0, "limit": 10}), bare.delete(base),
                 bare.get(base, cookies={"JSESSIONID": "0123456789ABCDEF0123456789ABCDEF"})):
        body = refused(resp, 404, "searchjob.jobid.invalid")
        assert body["message"] == "Job ID is invalid."
    # The job is still there for its session, and was not kept alive by the refused calls.
    assert [s["state"] for s in finish(api, job_id)][-1] == "DONE GATHERING RESULTS"


def test_unknown_and_malformed_job_ids(api):
    refused(api.get(JOBS + "/0123456789ABCDEF"), 404, "searchjob.jobid.invalid")
    refused(api.get(JOBS + "/not-a-job"), 404, "searchjob.jobid.invalid")
    refused(api.delete(JOBS + "/0123456789ABCDEF"), 404, "searchjob.jobid.invalid")
    # Paging: an id that cannot be a job id is the paging table's 400; an unknown one a 404.
    refused(api.get(JOBS + "/not-a-job/messages", params={"offset": 0, "limit": 1}), 400, "searchjob.jobid.invalid")
    refused(api.get(JOBS + "/0123456789ABCDEF/records", params={"offset": 0, "limit": 1}), 404,
            "searchjob.jobid.invalid")


# -- states over polls; progressive results -------------------------------------------------------------

def test_states_advance_over_polls_and_results_come_progressively(api):
    job_id = create(api, "*")
    seen = []
    for dummy in range(5):
        answer = status(api, job_id)
        listed = page(api, job_id, limit=10000)["messages"]
        assert len(listed) == answer["messageCount"]  # what is counted can be paged, at every poll
        seen.append((answer, listed))
    assert [a["state"] for a, dummy in seen] == [
        "NOT STARTED", "GATHERING RESULTS", "GATHERING RESULTS", "DONE GATHERING RESULTS", "DONE GATHERING RESULTS"]
    counts = [a["messageCount"] for a, dummy in seen]
    assert counts[0] == 0 and 0 < counts[1] < counts[2] < counts[3] == counts[4] == 53  # the demo's hour of logs
    assert all(a["recordCount"] == 0 for a, dummy in seen)  # not an aggregation
    # The backend searches from the end of the range backwards: partial results are the latest
    # messages, and each poll's results begin with the previous poll's.
    for (dummy, before), (dummy2, after) in zip(seen, seen[1:]):
        assert after[:len(before)] == before
    times = [int(m["map"]["_messagetime"]) for m in seen[-1][1]]
    assert times == sorted(times, reverse=True)
    # Histogram buckets are not cumulative: each poll answers only the buckets it found.
    buckets = [b for a, dummy in seen for b in a["histogramBuckets"]]
    assert sum(b["count"] for b in buckets) == 53
    assert len(set(b["startTimestamp"] for b in buckets)) == len(buckets)
    assert seen[0][0]["histogramBuckets"] == [] and seen[4][0]["histogramBuckets"] == []
    assert len(set(b["length"] for b in buckets)) == 1
    for bucket in buckets:
        inside = [t for t in times if bucket["startTimestamp"] <= t < bucket["startTimestamp"] + bucket["length"]]
        assert len(inside) == bucket["count"]


def test_how_many_polls_a_job_takes_is_a_setting(api, control):
    api.control("POST", "/search/settings", {"gathering_polls": 0})
    job_id = create(api, "error")
    assert [s["state"] for s in finish(api, job_id)] == ["NOT STARTED", "DONE GATHERING RESULTS"]
    api.control("POST", "/search/settings", {"gathering_polls": 5})
    assert len(finish(api, create(api, "error"))) == 7


def test_results_asked_for_before_the_first_poll_are_empty(api):
    job_id = create(api, "error | count")
    assert page(api, job_id)["messages"] == [] and page(api, job_id, "records")["records"] == []


# -- the query engine -----------------------------------------------------------------------------------

def test_new_errors_in_the_last_15_minutes(api):
    final, messages, dummy = search(api, "error", minutes=15)
    assert final["state"] == "DONE GATHERING RESULTS" and final["messageCount"] == 3
    assert all("ERROR" in raw for raw in raws(messages))
    assert search(api, "error", minutes=60)[0]["messageCount"] == 6
    # A new error arrives: the next search finds it.
    added = api.control("POST", "/search/messages", {"raw": "ERROR disk full on /var", "sourceCategory": "prod/db"})
    assert added["added"] == 1
    final, messages, dummy = search(api, "error", minutes=15)
    assert final["messageCount"] == 4 and raws(messages)[0] == "ERROR disk full on /var"
    assert messages[0]["map"]["_sourcecategory"] == "prod/db" and messages[0]["map"]["_messageid"] == \
        added["messageIds"][0]


def test_keywords_are_whole_words(api, control):
    control.reset(seed="empty")
    api.control("POST", "/search/messages", {"messages": [{"raw": raw} for raw in (
        "ERROR: disk full", "no errors today", "an error.", "terror", "error_code=5", "[Error]")]})
    assert sorted(raws(search(api, "error")[1])) == sorted(["ERROR: disk full", "an error.", "[Error]"])
    assert len(search(api, "error*")[1]) == 5  # not "terror"
    assert len(search(api, "*error*")[1]) == 6


def test_a_job_searches_the_messages_there_were_when_it_was_created(api):
    job_id = create(api, "error", minutes=15)
    api.control("POST", "/search/messages", {"raw": "late error"})
    assert finish(api, job_id)[-1]["messageCount"] == 3


@pytest.mark.parametrize("query, count", [
    ("*", 53),
    ("ERROR", 6),                                      # keywords: without regard to case, whole words
    ("error AND checkout", 5),
    ("error checkout", 5),                             # AND is implied
    ("err", 0),
    ("err*", 6),                                       # * : any characters
    ('"payment gateway timeout"', 3),                  # a phrase
    ("timeout OR refused", 4),
    ("error NOT timeout", 3),
    ("error !timeout", 3),
    ("refused OR timeout _sourceCategory=prod/web", 1),  # NOT before AND before OR
    ("(refused OR timeout) _sourceCategory=prod/app", 4),
    ("(timeout OR refused) AND _sourceCategory=prod/app", 4),
    ("_sourceCategory=prod/web", 30),                  # metadata, without regard to case, * wildcards
    ("_sourcecategory=PROD/*", 47),
    ('_sourceCategory="demo/http"', 6),
    ("_sourceCategory!=prod/*", 6),
    ("_collector=web-01", 47),
    ("_collector=demo-hosted _source=demo-http", 6),
    ("_sourceHost=web-01.example.com error", 5),
    ("team=payments", 17),                             # a custom field the messages carry
    ("nosuchfield=x", 0),
    ("nosuchfield!=x", 53),
    ("| where _sourcecategory = \"prod/app\"", 17),
    ("| where _sourcecategory matches \"prod/*\" and _size >= 92 and _size < 100", 3),  # numbers compare as numbers
    ("| where _sourcecategory matches \"*/http\"", 6),
    ("| where _sourcecategory matches \"PROD/*\"", 0),  # matches is case-sensitive
    ("| where _sourcecategory = \"prod/app\" or _sourcecategory = \"demo/http\"", 23),
    ("| where not (_sourcecategory = \"prod/web\")", 23),
])
def test_the_query_language(api, query, count):
    assert search(api, query)[0]["messageCount"] == count


def test_records_of_the_page_s_aggregate_query(api):
    # The page's createSearchJob.json query.
    final, messages, records = search(api, "| count _sourceCategory")
    assert final["state"] == "DONE GATHERING RESULTS" and final["recordCount"] == 3
    assert final["messageCount"] == 53 and len(messages) == 53  # the messages come along with the records
    assert [r["map"] for r in records] == [{"_sourcecategory": "prod/web", "_count": "30"},
                                           {"_sourcecategory": "prod/app", "_count": "17"},
                                           {"_sourcecategory": "demo/http", "_count": "6"}]
    job_id = create(api, "| count by _sourceCategory")
    finish(api, job_id)
    body = page(api, job_id, "records", limit=2)
    assert body["fields"] == [{"name": "_sourcecategory", "fieldType": "string", "keyField": True},
                              {"name": "_count", "fieldType": "int", "keyField": False}]
    assert len(body["records"]) == 2
    assert [r["map"]["_sourcecategory"] for r in page(api, job_id, "records", offset=2, limit=2)["records"]] == \
        ["demo/http"]


@pytest.mark.parametrize("query, rows", [
    ("error | count", [{"_count": "6"}]),
    ("error | count as errors", [{"errors": "6"}]),
    ("nothing-matches-this | count", []),              # an aggregate over nothing has no rows
    ("error | count by _sourcecategory, _collector", [
        {"_sourcecategory": "prod/app", "_collector": "web-01", "_count": "5"},
        {"_sourcecategory": "demo/http", "_collector": "demo-hosted", "_count": "1"}]),
    ("| count by _sourcecategory | where _count > 10 | sort by _sourcecategory asc", [
        {"_sourcecategory": "prod/app", "_count": "17"}, {"_sourcecategory": "prod/web", "_count": "30"}]),
    ("| count by _sourcecategory | sort by _count asc | limit 1", [{"_sourcecategory": "demo/http", "_count": "6"}]),
    ("| count by _sourcecategory | count", [{"_count": "3"}]),
    ("| where _sourcecategory = \"prod/app\" | count by team", [{"team": "payments", "_count": "17"}]),
    ("| count by team", [{"team": "payments", "_count": "17"}]),  # messages without the field are left out
])
def test_aggregate_operators(api, query, rows):
    final, dummy, records = search(api, query)
    assert [r["map"] for r in records] == rows and final["recordCount"] == len(rows)


def test_records_grow_while_the_job_gathers(api):
    job_id = create(api, "| count")
    answers = finish(api, job_id)
    assert [a["recordCount"] for a in answers] == [0, 1, 1, 1]
    assert page(api, job_id, "records")["records"] == [{"map": {"_count": "53"}}]


def test_auto_parse_makes_json_keys_fields(api):
    final, messages, records = search(api, "_sourceCategory=demo/http | count by level", autoParsingMode="AutoParse")
    assert [r["map"] for r in records] == [{"level": "info", "_count": "5"}, {"level": "error", "_count": "1"}]
    assert messages[0]["map"]["service"] == "billing"
    job_id = create(api, "_sourceCategory=demo/http", autoParsingMode="AutoParse")
    finish(api, job_id)
    names = [f["name"] for f in page(api, job_id)["fields"]]
    assert {"level", "service", "status_code", "msg"} <= set(names)
    assert names[:3] == ["_messageid", "_sourceid", "_sourcename"]  # the page's order first
    # Manual (the default): no JSON fields.
    assert search(api, "_sourceCategory=demo/http | count by level")[2] == []
    for mode in ("Manual", "performance", "intelligent", "verbose"):  # deprecated values still function
        assert search(api, "_sourceCategory=demo/http | count by level", autoParsingMode=mode)[2] == []


def test_by_receipt_time(api):
    now = int(time.time() * 1000)
    api.control("POST", "/search/messages", {"raw": "late arrival", "time": now - 5 * 3600000, "receiptTime": now})
    assert search(api, "late arrival", minutes=15)[0]["messageCount"] == 0
    final, messages, dummy = search(api, '"late arrival"', minutes=15, byReceiptTime=True)
    assert final["messageCount"] == 1 and messages[0]["map"]["_receipttime"] == str(now)


@pytest.mark.parametrize("query, words", [
    ("| timeslice 1m | count by _timeslice", "operator 'timeslice' is not supported"),
    ("error | parse \"* *\" as a, b", "operator 'parse'"),
    ('"unterminated', "unterminated string at position 1"),
    ("(error", "')' expected"),
    ("error OR", "a search term expected"),
    ("_sourceCategory=", "a value expected"),
    ("| count by", "count by needs a field"),
    ("| count by a b", "',' expected"),
    ("| where", "where needs a condition"),
    ("| where _size", "a comparison"),
    ("| sort by _count", "sort needs an aggregation"),
    ("| count | limit 0", "limit needs a whole number"),
    ("| count | limit ²", "limit needs a whole number"),
    ("error |", "an operator expected"),
])
def test_queries_the_engine_cannot_read_are_parse_errors(api, query, words):
    start, end = window()
    body = refused(api.post(JOBS, {"query": query, "from": start, "to": end, "timeZone": "UTC"}), 400,
                   "searchjob.parse.error")
    assert body["message"].startswith("Unable to parse query") and words in body["message"], body


# -- paging --------------------------------------------------------------------------------------------

def test_paging_messages_across_several_pages(api, control):
    control.reset(seed="empty", search_messages=2500, search_span_minutes=30)
    job_id = create(api, "_sourceCategory=bulk/*", minutes=40)
    assert finish(api, job_id)[-1]["messageCount"] == 2500
    pages = [page(api, job_id, offset=offset, limit=1000)["messages"] for offset in (0, 1000, 2000, 3000)]
    assert [len(p) for p in pages] == [1000, 1000, 500, 0]
    ids = [m["map"]["_messageid"] for p in pages for m in p]
    assert len(set(ids)) == 2500
    times = [int(m["map"]["_messagetime"]) for p in pages for m in p]
    assert times == sorted(times, reverse=True)  # "always ordered by the latest _messageTime"


def test_a_page_holds_up_to_10000(api, control):
    control.reset(seed="empty", search_messages=12000)
    job_id = create(api, "*", minutes=70)
    assert finish(api, job_id)[-1]["messageCount"] == 12000
    assert [len(page(api, job_id, offset=o, limit=10000)["messages"]) for o in (0, 10000)] == [10000, 2000]
    refused(api.get(JOBS + "/%s/messages" % job_id, params={"offset": 0, "limit": 10001}), 400, "searchjob.generic")


@pytest.mark.parametrize("params, code", [
    ({"limit": 10}, "searchjob.offset.missing"),
    ({"offset": "", "limit": 10}, "searchjob.offset.missing"),
    ({"offset": -1, "limit": 10}, "searchjob.offset.negative"),
    ({"offset": 0}, "searchjob.limit.missing"),
    ({"offset": 0, "limit": 0}, "searchjob.limit.zero"),
    ({"offset": 0, "limit": -5}, "searchjob.limit.negative"),
    ({"offset": "first", "limit": 10}, "searchjob.generic"),
    ({"offset": 0, "limit": "1.5"}, "searchjob.generic"),
])
@pytest.mark.parametrize("kind", ["messages", "records"])
def test_paging_errors(api, params, code, kind):
    job_id = create(api, "error | count")
    refused(api.get(JOBS + "/%s/%s" % (job_id, kind), params=params), 400, code)


def test_records_of_a_query_that_is_not_an_aggregation(api):
    job_id = create(api, "error")
    finish(api, job_id)
    body = refused(api.get(JOBS + "/%s/records" % job_id, params={"offset": 0, "limit": 10}), 400,
                   "searchjob.no.records.not.an.aggregation.query")
    assert body["message"] == "No records; query is not an aggregation"


# -- FORCE PAUSED, CANCELLED, pending errors -----------------------------------------------------------

def test_force_paused_at_the_message_cap(api, control):
    control.reset(seed="empty", search_messages=3000)
    api.control("POST", "/search/settings", {"force_pause_at": 1000})
    job_id = create(api, "*", minutes=70)
    answers = finish(api, job_id)
    assert answers[-1]["state"] == "FORCE PAUSED" and answers[-1]["messageCount"] == 1000
    assert sum(b["count"] for a in answers for b in a["histogramBuckets"]) == 1000
    assert status(api, job_id)["state"] == "FORCE PAUSED"  # final
    listed = page(api, job_id, limit=10000)["messages"]
    assert len(listed) == 1000
    # The latest 1000: the search runs from the end of the range.
    everything = sorted((int(m["map"]["_messagetime"]) for m in listed), reverse=True)
    assert everything == [int(m["map"]["_messagetime"]) for m in listed]
    # Aggregate queries are not paused.
    final, dummy, records = search(api, "* | count", minutes=70)
    assert final["state"] == "DONE GATHERING RESULTS" and records == [{"map": {"_count": "3000"}}]
    # The cap is the page's figure by default.
    control.reset()
    assert api.control("GET", "/search/settings")["force_pause_at"] == 100000


def test_force_pause_a_job_through_the_control_api(api):
    job_id = create(api, "*")
    status(api, job_id)
    gathering = status(api, job_id)
    assert gathering["state"] == "GATHERING RESULTS"
    assert api.control("POST", "/search/jobs/%s/force-pause" % job_id)["state"] == "FORCE PAUSED"
    after = status(api, job_id)
    assert after["state"] == "FORCE PAUSED" and after["messageCount"] == gathering["messageCount"]
    assert status(api, job_id)["state"] == "FORCE PAUSED"
    aggregate = create(api, "| count")
    with pytest.raises(requests.HTTPError) as refusal:
        api.control("POST", "/search/jobs/%s/force-pause" % aggregate)
    assert refusal.value.response.status_code == 400


def test_a_cancelled_job(api):
    job_id = create(api, "*")
    status(api, job_id)
    api.control("POST", "/search/jobs/%s/cancel" % job_id)
    answer = status(api, job_id)
    assert answer["state"] == "CANCELLED" and answer["messageCount"] == 0
    assert page(api, job_id)["messages"] == []


def test_pending_errors_and_warnings_come_once(api):
    api.control("POST", "/search/pending", {"warnings": ["Some fields were not found"]})
    api.control("POST", "/search/pending", {"errors": ["Query timed out on a shard"], "poll": 2})
    job_id = create(api, "error")
    answers = finish(api, job_id) + [status(api, job_id)]
    assert [(a["pendingErrors"], a["pendingWarnings"]) for a in answers] == [
        ([], ["Some fields were not found"]), (["Query timed out on a shard"], []), ([], []), ([], []), ([], [])]
    # Only the next job gets them.
    assert all(not a["pendingErrors"] and not a["pendingWarnings"] for a in finish(api, create(api, "error")))
    assert api.control("GET", "/search/pending") == {"pending": []}


# -- lifetimes: expiry, query timeout, active jobs, DELETE ------------------------------------------------

def test_a_job_not_polled_expires(api):
    api.control("POST", "/search/settings", {"keepalive_seconds": 0.5})
    job_id = create(api, "error")
    status(api, job_id)
    time.sleep(0.8)
    refused(api.get(JOBS + "/" + job_id), 404, "searchjob.jobid.invalid")
    listed = api.control("GET", "/search/jobs")
    assert [(j["id"], j["ended"]) for j in listed["jobs"]] == [(job_id, "expired")] and listed["active"] == 0


def test_polling_or_gathering_results_keeps_a_job_alive(api):
    # 1.8 s in all, longer than the keep-alive, but never 1 s without a request.
    api.control("POST", "/search/settings", {"keepalive_seconds": 1})
    job_id = create(api, "error")
    for index in range(6):
        time.sleep(0.3)
        if index % 2:
            status(api, job_id)
        else:
            page(api, job_id)
    assert status(api, job_id)["state"] in ("GATHERING RESULTS", "DONE GATHERING RESULTS")


def test_the_page_s_keep_alive_figure(api):
    assert api.control("GET", "/search/settings") == DEFAULT_SETTINGS
    assert DEFAULT_SETTINGS["keepalive_seconds"] == 20
    job_id = create(api, "error")
    assert api.control("POST", "/search/time-passes", {"seconds": 19}) == {"expired": [], "cancelled": []}
    status(api, job_id)
    assert api.control("POST", "/search/time-passes", {"seconds": 19}) == {"expired": [], "cancelled": []}
    page(api, job_id)
    assert api.control("POST", "/search/time-passes", {"seconds": 21}) == {"expired": [job_id], "cancelled": []}
    refused(api.get(JOBS + "/" + job_id), 404, "searchjob.jobid.invalid")


def test_the_query_timeout_cancels_a_polled_job(api):
    assert DEFAULT_SETTINGS["query_timeout_seconds"] == 8 * 3600
    # A job polled all along (the keep-alive stretched to skip the polls) still ends at eight hours.
    api.control("POST", "/search/settings", {"keepalive_seconds": 86400})
    job_id = create(api, "error")
    status(api, job_id)
    api.control("POST", "/search/time-passes", {"seconds": 8 * 3600 - 1})
    assert status(api, job_id)["state"] != "CANCELLED"
    assert api.control("POST", "/search/time-passes", {"seconds": 2}) == {"expired": [], "cancelled": [job_id]}
    answer = status(api, job_id)
    assert answer["state"] == "CANCELLED"
    assert status(api, job_id)["state"] == "CANCELLED"


def test_200_active_jobs_per_organisation(api, control):
    control.reset(seed="empty")
    assert DEFAULT_SETTINGS["max_active_jobs"] == 200
    ids = [create(api, "x") for dummy in range(200)]
    start, end = window()
    body = {"query": "x", "from": start, "to": end, "timeZone": "UTC"}
    refusal = refused(api.post(JOBS, body), 429, "rate.limit.exceeded")
    assert "200 active concurrent search job limit" in refusal["message"]
    assert "Retry-After" not in api.post(JOBS, body).headers
    assert api.control("GET", "/search/jobs")["active"] == 200
    # Deleting one frees its place.
    assert api.delete(JOBS + "/" + ids[0]).status_code == 200
    assert api.post(JOBS, body).status_code == 202
    refused(api.post(JOBS, body), 429, "rate.limit.exceeded")
    # Jobs that expire free theirs.
    api.control("POST", "/search/time-passes", {"seconds": 21})
    assert api.control("GET", "/search/jobs")["active"] == 0
    assert api.post(JOBS, body).status_code == 202


def test_the_active_job_limit_is_a_setting(api):
    api.control("POST", "/search/settings", {"max_active_jobs": 1})
    job_id = create(api, "x")
    body = refused(api.post(JOBS, {"query": "x", "from": 0, "to": 1, "timeZone": "UTC"}), 429, "rate.limit.exceeded")
    assert "1 active" in body["message"]
    api.delete(JOBS + "/" + job_id)
    create(api, "x")


def test_delete(api):
    job_id = create(api, "error")
    finish(api, job_id)
    resp = api.delete(JOBS + "/" + job_id)
    assert resp.status_code == 200 and resp.json() == {"id": job_id}
    assert_matches(resp.json(), S + "DeleteResponse")
    refused(api.get(JOBS + "/" + job_id), 404, "searchjob.jobid.invalid")
    refused(api.get(JOBS + "/%s/messages" % job_id, params={"offset": 0, "limit": 1}), 404, "searchjob.jobid.invalid")
    refused(api.delete(JOBS + "/" + job_id), 404, "searchjob.jobid.invalid")
    listed = api.control("GET", "/search/jobs")
    assert [(j["id"], j["ended"], j["state"]) for j in listed["jobs"]] == [(job_id, "deleted", "DONE GATHERING RESULTS")]
    assert listed["active"] == 0


# -- bad input ---------------------------------------------------------------------------------------

GOOD = {"query": "error", "from": "2019-05-03T12:00:00", "to": "2019-05-03T12:05:00", "timeZone": "IST"}


@pytest.mark.parametrize("change, code", [
    ({"query": None}, "searchjob.no.query"),
    ({"query": ""}, "searchjob.no.query"),
    ({"query": "   "}, "searchjob.no.query"),
    ({"query": 5}, "searchjob.no.query"),
    ({"from": "2019-05-03T12:06:00"}, "searchjob.to.smaller.than.from"),
    ({"from": 1556885100001, "to": 1556885100000}, "searchjob.to.smaller.than.from"),
    ({"from": "yesterday"}, "searchjob.invalid.timestamp.from"),
    ({"from": "2019-02-30T00:00:00"}, "searchjob.invalid.timestamp.from"),
    ({"from": "2019-05-03"}, "searchjob.invalid.timestamp.from"),
    ({"from": "2019-05-03 12:00:00"}, "searchjob.invalid.timestamp.from"),
    ({"from": "2019-05-03T25:00:00"}, "searchjob.invalid.timestamp.from"),
    ({"from": -1}, "searchjob.invalid.timestamp.from"),
    ({"from": "1969-12-31T23:59:59Z"}, "searchjob.invalid.timestamp.from"),
    ({"from": None}, "searchjob.invalid.timestamp.from"),
    ({"to": "2019-05-03T12:05:00+25:00"}, "searchjob.invalid.timestamp.to"),
    ({"to": "soon"}, "searchjob.invalid.timestamp.to"),
    ({"to": None}, "searchjob.invalid.timestamp.to"),
    ({"from": True}, "searchjob.unknown.time.type"),
    ({"to": 1.5}, "searchjob.unknown.time.type"),
    ({"to": {"ms": 1}}, "searchjob.unknown.time.type"),
    ({"timeZone": ""}, "searchjob.empty.timezone"),
    ({"timeZone": None}, "searchjob.empty.timezone"),
    ({"timeZone": "Mars/Olympus"}, "searchjob.unknown.timezone"),
    ({"timeZone": "europe/paris"}, "searchjob.unknown.timezone"),
    ({"timeZone": 1}, "searchjob.unknown.timezone"),
    ({"timezone": "UTC"}, "searchjob.generic"),        # both spellings at once
    ({"byReceiptTime": "true"}, "searchjob.generic"),
    ({"autoParsingMode": "autoparse"}, "searchjob.generic"),
    ({"requiredFields": ["_raw"]}, "searchjob.generic"),
    ({"query": "| frobnicate"}, "searchjob.parse.error"),
])
def test_bad_creates(api, change, code):
    body = dict(GOOD)
    for key, value in change.items():
        if value is None:
            body.pop(key)
        else:
            body[key] = value
    refused(api.post(JOBS, body), 400, code)
    assert api.control("GET", "/search/jobs")["jobs"] == []


def test_bodies_that_are_not_json(api, emulator):
    url = emulator.url + JOBS
    refused(api.http.post(url, data="query=error", headers={"Content-Type": "application/x-www-form-urlencoded"}),
            415, "contenttype.invalid")
    refused(api.http.post(url, data="{nope", headers={"Content-Type": "application/json"}), 400, "searchjob.generic")
    refused(api.http.post(url, data="[]", headers={"Content-Type": "application/json"}), 400, "searchjob.generic")


def test_times_in_a_time_zone_or_in_milliseconds(api):
    # 2019-05-03T12:02:00 in India (the page's example's zone, IST) is 06:32 UTC.
    api.control("POST", "/search/messages", {"raw": "the page's example", "time": "2019-05-03T06:32:00Z"})
    assert api.post(JOBS, dict(GOOD, query='"page\'s example"')).status_code == 202
    for body, count in [(dict(GOOD), 1), (dict(GOOD, timeZone="Asia/Kolkata"), 1), (dict(GOOD, timeZone="UTC"), 0),
                        ({"from": "2019-05-03T06:30Z", "to": "2019-05-03T06:35:00.000+00:00"}, 1),
                        ({"from": "2019-05-03T12:00:00+05:30", "to": "2019-05-03T12:33:00+06:00"}, 1),
                        ({"from": 1556865000000, "to": "1556865300000"}, 1),
                        ({"from": 1556865120000, "to": 1556865120000}, 0),    # from = to: an empty range
                        ({"from": 1556865120000, "to": 1556865120001}, 1),    # from included, to not
                        ({"from": 1556865000000, "to": 1556865120000}, 0)]:
        body = dict({"timeZone": "UTC"}, **body)
        body["query"] = "example"
        resp = api.post(JOBS, body)
        assert resp.status_code == 202, (body, resp.text)
        assert finish(api, resp.json()["id"])[-1]["messageCount"] == count, body
    # The lower-case spelling of the time zone parameter.
    assert api.post(JOBS, {"query": "x", "from": GOOD["from"], "to": GOOD["to"], "timezone": "IST"}).status_code == 202


# -- the generic limits and errors in this API's shape ---------------------------------------------------------

def test_generic_errors_in_the_search_job_shape(api, emulator, control):
    refused(requests.get(emulator.url + JOBS + "/0123456789ABCDEF", auth=("nobody", "wrong"), timeout=10), 401,
            "unauthorized")
    refused(api.request("PUT", JOBS + "/0123456789ABCDEF"), 405, "method.unsupported")
    control.settings(rate_limit=True, per_second=4, concurrent=10)
    time.sleep(1.1)
    answers = [api.get(JOBS + "/0123456789ABCDEF") for dummy in range(6)]
    limited = [a for a in answers if a.status_code == 429]
    assert limited and all(a.status_code == 404 for a in answers[:4])
    refused(limited[0], 429, "rate.limit.exceeded")


# -- control API and seed options ----------------------------------------------------------------------

def test_settings_are_checked_and_reset(api, control):
    for body in ({"keepalive_seconds": 0}, {"keepalive_seconds": "20"}, {"max_active_jobs": -1},
                 {"force_pause_at": 0}, {"gathering_polls": 1.5}, {"max_active_jobs": True}, {"polls": 3},
                 {"keepalive_seconds": 1, "force_pause_at": 0}):
        resp = requests.post(api.emulator.control + "/search/settings", json=body, timeout=10)
        assert resp.status_code == 400 and "error" in resp.json(), body
    assert api.control("GET", "/search/settings") == DEFAULT_SETTINGS  # nothing half-applied
    api.control("POST", "/search/settings", {"keepalive_seconds": 1.5, "max_active_jobs": 3})
    control.reset()
    assert api.control("GET", "/search/settings") == DEFAULT_SETTINGS


def test_control_messages(api, control):
    assert api.control("GET", "/search/messages") == {"total": 53}
    added = api.control("POST", "/search/messages", {"messages": [
        {"raw": "one", "sourceCategory": "t/one", "fields": {"team": "a"}}, {"raw": "two", "time": 1000}]})
    assert added["added"] == 2 and added["total"] == 55
    for body in ({"messages": []}, {"messages": [{"raw": 1}]}, {"raw": "x", "time": "noon"},
                 {"raw": "x", "fields": {"_raw": "y"}}, {"raw": "x", "fields": {"_mine": "y"}},
                 {"raw": "x", "fields": {"a b": "y"}}, {"raw": "x", "colour": "red"}, {"raw": "x", "time": True}):
        resp = requests.post(api.emulator.control + "/search/messages", json=body, timeout=10)
        assert resp.status_code == 400, body
    assert api.control("GET", "/search/messages") == {"total": 55}
    assert search(api, "_sourceCategory=t/one team=a")[0]["messageCount"] == 1
    assert api.control("DELETE", "/search/messages") == {"total": 0}
    assert search(api, "*")[0]["messageCount"] == 0


def test_seed_options(api, control):
    control.reset(seed="empty")
    assert api.control("GET", "/search/messages") == {"total": 0}
    control.reset(seed="empty", search_messages=300, search_span_minutes=5)
    final, messages, dummy = search(api, "*", minutes=6)
    assert final["messageCount"] == 300
    assert set(m["map"]["_sourcecategory"] for m in messages) == {"bulk/web", "bulk/app", "bulk/db"}
    control.reset(search_messages=10)
    assert api.control("GET", "/search/messages") == {"total": 63}
    resp = requests.post(api.emulator.control + "/reset", json={"search_span_minutes": 0}, timeout=10)
    assert resp.status_code == 400

    # The same seed, the same messages.
    def shape():
        return [(m["map"]["_sourcecategory"], m["map"]["_sourcehost"], m["map"]["_size"]) for m in search(api, "*")[1]]
    control.reset(seed="empty", search_messages=50)
    first = shape()
    control.reset(seed="empty", search_messages=50)
    assert shape() == first and len(first) == 50


def test_a_25000_message_search(api, control):
    control.reset(seed="empty", search_messages=25000)
    job_id = create(api, "*", minutes=61)
    assert finish(api, job_id)[-1]["messageCount"] == 25000
    got = sum(len(page(api, job_id, offset=o, limit=10000)["messages"]) for o in (0, 10000, 20000))
    assert got == 25000
    final, dummy, records = search(api, "error | count by _sourcecategory", minutes=61)
    assert sum(int(r["map"]["_count"]) for r in records) == final["messageCount"] > 0


# -- the schemas themselves: a missing or mistyped field fails ------------------------------------------------

@pytest.mark.parametrize("ref, drop", [
    ("Status", ("state",)), ("Status", ("pendingErrors",)), ("Status", ("histogramBuckets", 0, "length")),
    ("MessagesPage", ("messages", 0, "map", "_raw")), ("MessagesPage", ("fields", 0, "keyField")),
    ("RecordsPage", ("records",)),
])
def test_a_missing_required_property_fails(api, ref, drop):
    job_id = create(api, "| count")
    answers = finish(api, job_id)
    body = {"Status": answers[1], "MessagesPage": page(api, job_id),
            "RecordsPage": page(api, job_id, "records")}[ref]
    assert not departures(body, S + ref)
    broken = copy.deepcopy(body)
    holder = broken
    for key in drop[:-1]:
        holder = holder[key]
    del holder[drop[-1]]
    found = departures(broken, S + ref)
    assert any("%r is a required property" % drop[-1] in line for line in found), found


@pytest.mark.parametrize("ref, body, words", [
    ("Status", {"state": "DONE", "messageCount": 0, "recordCount": 0, "pendingErrors": [], "pendingWarnings": [],
                "histogramBuckets": []}, "is not one of"),
    ("Status", {"state": "CANCELLED", "messageCount": "1", "recordCount": 0, "pendingErrors": [],
                "pendingWarnings": [], "histogramBuckets": []}, "is not of type 'integer'"),
    ("RecordsPage", {"fields": [], "records": [{"map": {"_count": 3}}]}, "is not of type 'string'"),
    ("RecordsPage", {"fields": [{"name": "_sourceCategory", "fieldType": "string", "keyField": True}], "records": []},
     "does not match"),
    ("ErrorResponse", {"status": 400, "id": "X", "code": "searchjob.generic", "message": "m"}, "does not match"),
    ("ErrorResponse", {"id": "IUUQI-DGH5I-TJ045", "errors": [{"code": "x", "message": "m"}]},
     "is a required property"),
    ("CreateResponse", {"id": "37589506f194fc80"}, "does not match"),
])
def test_a_wrong_value_fails(ref, body, words):
    assert any(words in line for line in departures(body, S + ref)), departures(body, S + ref)
