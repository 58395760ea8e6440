# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""sumo_search, run in-process against the emulator's Search Job API.

The emulator moves a job one state on per status request, so the tests poll every few
milliseconds; the jobs listing of the control API says how each job ended.
"""

from __future__ import annotations

import datetime
import itertools
import threading
import time

import pytest
import requests

from ansible_collections.community.sumologic.plugins.module_utils import api, search
from ansible_collections.community.sumologic.plugins.module_utils.api import InputError
from ansible_collections.community.sumologic.plugins.module_utils.search import Search, parse_time, resolve_zone

# The polling as shipped, before a fixture makes it fast.
SHIPPED_WAITS = list(itertools.islice(search.waits(), 40))
JOBS_PATH = "/api/v1/search/jobs"


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setattr(search, "FIRST_WAIT", 0.005)
    monkeypatch.setattr(search, "LONGEST_WAIT", 0.02)


@pytest.fixture
def run(ansible_module):
    def run_search(check_mode=False, **args):
        return ansible_module("sumo_search", check_mode=check_mode, **args)
    return run_search


def jobs(control):
    return control._call("GET", "/search/jobs")


def ended(control):
    """How each job since the reset ended, in creation order."""
    return [job["ended"] for job in jobs(control)["jobs"]]


def calls(control):
    """The requests of the log as ``METHOD last-path-segment?query``."""
    out = []
    for entry in control.requests()["requests"]:
        tail = entry["path"][len(JOBS_PATH):]
        kind = "job" if tail.count("/") == 1 else tail.rsplit("/", 1)[-1] if tail else "jobs"
        out.append("%s %s%s" % (entry["method"], kind, "?" + entry["query"] if entry["query"] else ""))
    return out


def bulk(control, count):
    control.reset(seed="empty", search_messages=count)
    control.clear_requests()


# -- what a search returns --------------------------------------------------------------------------

def test_new_errors_in_the_last_15_minutes(run, control):
    control.clear_requests()
    result = run(query="error")
    assert not result.failed, result
    assert not result["changed"]
    assert result["state"] == "DONE GATHERING RESULTS"
    assert result["message_count"] == 3 and result["record_count"] == 0 and not result["truncated"]
    raws = [m["_raw"] for m in result["messages"]]
    assert len(raws) == 3 and all("ERROR" in raw for raw in raws)
    times = [int(m["_messagetime"]) for m in result["messages"]]
    assert times == sorted(times, reverse=True)
    assert result["time_range"]["to"] - result["time_range"]["from"] == 15 * 60000
    assert {"name": "_raw", "field_type": "string", "key_field": False} in result["fields"]
    assert "records" not in result.result and result["job_warnings"] == []
    # One job: created, polled until done (the emulator: NOT STARTED, GATHERING twice, DONE),
    # one page of exactly what was found, deleted.
    assert calls(control) == ["POST jobs"] + ["GET job"] * 4 + ["GET messages?offset=0&limit=3", "DELETE job"]
    assert ended(control) == ["deleted"]


def message_pages(control):
    return [c.split("?", 1)[1] for c in calls(control) if c.startswith("GET messages")]


def test_messages_across_several_pages_up_to_max_results(run, control, monkeypatch):
    monkeypatch.setattr(search, "PAGE_LIMIT", 100)  # 10,000 on Sumo Logic: the next test
    bulk(control, 1030)
    everything = run(query="_sourceCategory=bulk/*", from_time="-2h", max_results=5000)
    assert everything["message_count"] == 1030 and not everything["truncated"]
    ids = [m["_messageid"] for m in everything["messages"]]
    assert len(ids) == len(set(ids)) == 1030
    times = [int(m["_messagetime"]) for m in everything["messages"]]
    assert times == sorted(times, reverse=True)
    assert message_pages(control) == ["offset=%d&limit=100" % n for n in range(0, 1000, 100)] + [
        "offset=1000&limit=30"]
    control.clear_requests()
    some = run(query="_sourceCategory=bulk/*", from_time="-2h", max_results=250)
    assert [m["_messageid"] for m in some["messages"]] == ids[:250] and some["truncated"]
    assert message_pages(control) == ["offset=0&limit=100", "offset=100&limit=100", "offset=200&limit=50"]
    control.clear_requests()
    counted = run(query="_sourceCategory=bulk/*", from_time="-2h", max_results=0)
    assert counted["message_count"] == 1030 and counted["messages"] == [] and counted["truncated"]
    assert message_pages(control) == []
    assert ended(control) == ["deleted"] * 3


def test_a_page_holds_10000_messages_and_max_results_defaults_to_one_page(run, control):
    bulk(control, 10050)
    result = run(query="_sourceCategory=bulk/*", from_time="-2h")
    assert result["message_count"] == 10050 and len(result["messages"]) == 10000 and result["truncated"]
    assert message_pages(control) == ["offset=0&limit=10000"]


def test_records_of_an_aggregate_query(run, control):
    control.clear_requests()
    result = run(query="error | count by _sourceCategory", from_time="-1h", results="records")
    assert not result.failed, result
    assert result["records"] == [{"_sourcecategory": "prod/app", "_count": "5"},
                                 {"_sourcecategory": "demo/http", "_count": "1"}]
    assert result["record_count"] == 2 and result["message_count"] == 6
    assert result["fields"] == [{"name": "_sourcecategory", "field_type": "string", "key_field": True},
                                {"name": "_count", "field_type": "int", "key_field": False}]
    assert "messages" not in result.result
    assert "GET records?offset=0&limit=2" in calls(control)
    assert ended(control) == ["deleted"]


def test_records_of_a_query_that_does_not_aggregate_fail_with_the_api_s_message(run, control):
    result = run(query="error", results="records")
    assert result.failed
    assert "No records; query is not an aggregation" in result["msg"] and "count by" in result["msg"]
    assert result["api_error"]["status"] == 400
    assert ended(control) == ["deleted"]


def test_options_reach_the_job(run, control):
    start, end = "2030-01-02T10:00:00", "2030-01-02T11:30:00"
    run(query="x", from_time=start, to_time=end, time_zone="Europe/Paris", by_receipt_time=True,
        auto_parsing_mode="AutoParse")
    job = jobs(control)["jobs"][0]
    paris = datetime.timezone(datetime.timedelta(hours=1))  # CET in January
    assert job["from"] == int(datetime.datetime(2030, 1, 2, 10, tzinfo=paris).timestamp() * 1000)
    assert job["to"] - job["from"] == 90 * 60000
    assert job["byReceiptTime"] is True and job["autoParse"] is True


def test_auto_parse_finds_json_fields(run, control):
    result = run(query='_sourceCategory=demo/http | where level="error"', from_time="-1h",
                 auto_parsing_mode="AutoParse")
    assert [m["status_code"] for m in result["messages"]] == ["502"]


def test_check_mode_searches_too(run, control):
    control.clear_requests()
    result = run(query="error", check_mode=True)
    assert not result.failed and not result["changed"]
    assert result["message_count"] == 3 and len(result["messages"]) == 3
    assert control.requests()["counts"] == {"POST": 1, "GET": 5, "DELETE": 1}
    assert ended(control) == ["deleted"]


# -- bad input: the option named, no request -------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (dict(query="  "), "query: must not be empty"),
    (dict(from_time="yesterday"), "from_time: cannot read 'yesterday'"),
    (dict(to_time="2030-13-01T00:00:00"), "to_time: '2030-13-01T00:00:00' is not a date and time"),
    (dict(from_time="-15x"), "from_time: cannot read '-15x'"),
    (dict(from_time=1700000000), "from_time: 1700000000 is before 1973"),
    (dict(from_time="-1h", to_time="-2h"), "from_time: -1h ("),
    (dict(from_time="now", to_time="now"), "is not before to_time now"),
    (dict(from_time="2030-01-01T00:00:00+25:00"), "from_time: '2030-01-01T00:00:00+25:00' has an offset out of range"),
    (dict(time_zone="Mars/Olympus_Mons"), "time_zone: unknown time zone 'Mars/Olympus_Mons'"),
    (dict(time_zone="PST"), "time_zone: unknown time zone 'PST'"),
    (dict(time_zone=""), "time_zone: must be a time zone name"),
    (dict(max_results=-1), "max_results: must be 0 or more"),
    (dict(job_timeout=0), "job_timeout: must be at least 1 second"),
    (dict(results="rows"), "results must be one of: messages, records"),
    (dict(query=None), "missing required arguments: query"),
])
def test_bad_input_fails_naming_the_option_before_any_request(run, control, args, words):
    control.clear_requests()
    result = run(**dict(dict(query="error"), **args))
    assert result.failed and words in result["msg"], result["msg"]
    assert control.requests()["total"] == 0
    assert jobs(control)["jobs"] == []


NOW = 1796553690000  # 2026-12-06T10:41:30Z


@pytest.mark.parametrize("value, expected", [
    ("now", NOW),
    ("-15m", NOW - 15 * 60000),
    ("-2h", NOW - 2 * 3600000),
    ("-1d", NOW - 86400000),
    ("-30s", NOW - 30000),
    ("-1w", NOW - 7 * 86400000),
    ("1714737600000", 1714737600000),
    (1714737600000, 1714737600000),
    ("2024-05-03T12:00:00Z", 1714737600000),
    ("2024-05-03T12:00:00", 1714737600000),
    ("2024-05-03 12:00", 1714737600000),
    ("2024-05-03T14:00:00+02:00", 1714737600000),
    ("2024-05-03T07:00:00-0500", 1714737600000),
    ("2024-05-03T12:00:00.250Z", 1714737600250),
    ("2024-05-03", 1714694400000),
    (datetime.datetime(2024, 5, 3, 12, 0), 1714737600000),
    (datetime.date(2024, 5, 3), 1714694400000),
])
def test_time_forms(value, expected):
    assert parse_time(value, "from_time", datetime.timezone.utc, NOW) == expected


def test_times_without_an_offset_are_in_the_time_zone():
    paris = resolve_zone("Europe/Paris")
    assert parse_time("2024-05-03T14:00:00", "from_time", paris, NOW) == 1714737600000  # CEST, UTC+2
    assert parse_time("2024-05-03T14:00:00Z", "from_time", paris, NOW) == 1714737600000 + 2 * 3600000
    assert resolve_zone("UTC") is datetime.timezone.utc


def test_the_body_sends_milliseconds_and_the_time_zone():
    body = Search({"query": "error", "from_time": "-15m", "to_time": "now", "time_zone": "Asia/Kolkata",
                   "results": "messages", "max_results": 10, "job_timeout": 5}, now=NOW).body
    assert body == {"query": "error", "from": str(NOW - 900000), "to": str(NOW), "timeZone": "Asia/Kolkata",
                    "byReceiptTime": False, "autoParsingMode": "Manual"}
    with pytest.raises(InputError, match="^from_time"):
        Search({"query": "error", "from_time": "-1m", "to_time": "-2m"}, now=NOW)


# -- how jobs end ----------------------------------------------------------------------------------

def test_force_paused_returns_what_was_gathered_with_a_warning(run, control):
    bulk(control, 500)
    control._call("POST", "/search/settings", {"force_pause_at": 120})
    result = run(query="_sourceCategory=bulk/*", from_time="-2h")
    assert not result.failed, result
    assert result["state"] == "FORCE PAUSED"
    assert result["message_count"] == 120 and len(result["messages"]) == 120 and not result["truncated"]
    assert any("force paused the search at 120 messages" in w for w in result.warnings)
    assert ended(control) == ["deleted"]


def test_pending_errors_fail_with_the_api_s_message(run, control):
    control._call("POST", "/search/pending", {"errors": ["Field 'latency' not found in the query scope."],
                                              "poll": 2})
    result = run(query="error")
    assert result.failed
    assert result["msg"] == "the search failed: Field 'latency' not found in the query scope."
    assert result["job_id"] and result["state"] == "GATHERING RESULTS"
    assert ended(control) == ["deleted"]


def test_pending_warnings_are_returned_once_and_shown(run, control):
    control._call("POST", "/search/pending", {"warnings": ["The query may be slow."], "poll": 1})
    result = run(query="error")
    assert not result.failed and result["job_warnings"] == ["The query may be slow."]
    assert "Sumo Logic, about the search: The query may be slow." in result.warnings
    assert ended(control) == ["deleted"]


def test_a_job_that_outlasts_job_timeout_is_deleted_and_fails(run, control):
    control._call("POST", "/search/settings", {"gathering_polls": 100000})
    started = time.monotonic()
    result = run(query="error", job_timeout=1)
    took = time.monotonic() - started
    assert result.failed and "did not finish within job_timeout (1 s): state GATHERING RESULTS" in result["msg"]
    assert 1 <= took < 5
    assert result["state"] == "GATHERING RESULTS"
    assert ended(control) == ["deleted"]


def test_a_job_sumo_logic_cancelled_fails_and_is_deleted(run, control):
    control._call("POST", "/search/settings", {"query_timeout_seconds": 0.001, "gathering_polls": 50})
    result = run(query="error")
    assert result.failed and "cancelled the search job" in result["msg"] and result["state"] == "CANCELLED"
    assert ended(control) == ["deleted"]


def test_a_job_polled_too_seldom_expires_and_the_task_says_why(run, control, monkeypatch):
    control._call("POST", "/search/settings", {"keepalive_seconds": 0.2})
    monkeypatch.setattr(search, "FIRST_WAIT", 0.4)
    control.clear_requests()
    result = run(query="error")
    assert result.failed and "no longer knows the job" in result["msg"] and "cookies" in result["msg"]
    assert result["api_error"]["status"] == 404
    assert ended(control) == ["expired"]
    assert "DELETE job" not in calls(control)  # gone already


def test_polls_keep_a_job_alive(run, control, monkeypatch):
    control._call("POST", "/search/settings", {"keepalive_seconds": 0.3, "gathering_polls": 12})
    monkeypatch.setattr(search, "FIRST_WAIT", 0.05)
    monkeypatch.setattr(search, "LONGEST_WAIT", 0.1)
    result = run(query="error")
    assert not result.failed, result
    assert ended(control) == ["deleted"]


def test_the_shipped_polling_has_a_short_first_wait_and_never_lets_a_job_expire():
    assert SHIPPED_WAITS[0] <= 1
    assert SHIPPED_WAITS == sorted(SHIPPED_WAITS)
    # Sumo Logic cancels a job after 20 to 30 seconds without a request: the longest wait is a
    # quarter of that, leaving room for a slow answer or a wait after a 429.
    assert max(SHIPPED_WAITS) <= 5
    # A job that takes a minute is polled about 15 times, not hundreds.
    assert 10 <= next(i for i, total in enumerate(itertools.accumulate(SHIPPED_WAITS)) if total >= 60) <= 20


def test_a_failed_page_still_deletes_the_job(run, control):
    control.fault(action="status", status=500, method="GET", path="/messages$", count=20)
    result = run(query="error")
    assert result.failed and "HTTP 500" in result["msg"] and result["api_error"]["status"] == 500
    assert result["job_id"] and result["message_count"] == 3
    assert ended(control) == ["deleted"]


def test_a_delete_that_fails_is_a_warning(run, control):
    control.fault(action="status", status=500, method="DELETE", path="^/api/v1/search/jobs/", count=20)
    result = run(query="error")
    assert not result.failed and result["message_count"] == 3
    assert any("could not be deleted" in w for w in result.warnings)


# -- the create: 429, lost answers ------------------------------------------------------------------

def fill_active_jobs(client, count=200):
    body = Search({"query": "filler"}).body
    return [client.post("/v1/search/jobs", body).json["id"] for dummy in range(count)]


def test_200_active_jobs_refuse_the_search_and_it_leaves_no_job(run, control, client):
    fill_active_jobs(client)
    control.clear_requests()
    result = run(query="error", retry_timeout=1)
    assert result.failed and result["api_error"]["status"] == 429
    assert "200 active concurrent search job limit" in result["msg"] and "At most 200 search jobs" in result["msg"]
    assert set(c for c in calls(control)) == {"POST jobs"}
    listing = jobs(control)
    assert listing["active"] == 200 and len(listing["jobs"]) == 200


def test_a_refused_search_gets_in_when_a_job_ends_and_leaves_no_second_job(run, control, client, monkeypatch):
    monkeypatch.setattr(api.SumoClient, "_rate_limit_wait", lambda self, answer, refusals: 0.05)
    fill_active_jobs(client)
    control.clear_requests()
    # Nobody polls the 200 jobs: they expire a little later, as on Sumo Logic.
    timer = threading.Timer(0.4, lambda: control._call("POST", "/search/time-passes", {"seconds": 30}))
    timer.start()
    try:
        result = run(query="error")
    finally:
        timer.join()
    assert not result.failed, result
    assert result["message_count"] == 3
    creates = [r["status"] for r in control.requests()["requests"] if r["method"] == "POST"]
    assert creates[-1] == 202 and set(creates[:-1]) == {429} and len(creates) > 2
    listing = jobs(control)
    assert [j["ended"] for j in listing["jobs"] if j["query"] == "error"] == ["deleted"]
    assert len(listing["jobs"]) == 201 and listing["active"] == 0


@pytest.mark.parametrize("fault", [dict(action="drop_after"), dict(action="status_after", status=504)])
def test_a_lost_create_answer_creates_the_job_again_with_a_warning(run, control, fault):
    control.fault(method="POST", path="^%s$" % JOBS_PATH, count=1, **fault)
    result = run(query="error")
    assert not result.failed, result
    assert result["message_count"] == 3
    assert any("answer to creating the search job was lost" in w for w in result.warnings)
    # The job the first POST made cannot be deleted (no id came back): nobody polls it, so it expires.
    assert ended(control) == [None, "deleted"]
    assert jobs(control)["jobs"][0]["polls"] == 0
    control._call("POST", "/search/time-passes", {"seconds": 21})
    assert ended(control) == ["expired", "deleted"]


def test_a_create_the_api_refuses_fails_with_its_message(run, control):
    result = run(query='error | parse "x"')
    assert result.failed and "searchjob.parse.error" in result["msg"] and result["api_error"]["status"] == 400
    assert jobs(control)["jobs"] == []


# -- cookies ---------------------------------------------------------------------------------------

class CookielessSession(requests.Session):
    """A session that keeps no cookie, as an HTTP client with cookies off."""

    def __init__(self):
        super().__init__()
        self.cookies.set_policy(requests.cookies.cookielib.DefaultCookiePolicy(allowed_domains=[]))


def test_the_job_s_cookies_go_with_every_call_whatever_the_session_keeps(run, control, monkeypatch):
    monkeypatch.setattr(api.requests, "Session", CookielessSession)
    result = run(query="error")
    assert not result.failed, result
    assert result["message_count"] == 3
    assert ended(control) == ["deleted"]


def test_without_the_job_s_cookies_the_api_answers_404_and_the_task_says_why(run, control, monkeypatch):
    class Forgetful(requests.cookies.RequestsCookieJar):
        def update(self, other):
            pass
    monkeypatch.setattr(api.requests, "Session", CookielessSession)
    monkeypatch.setattr(api.SumoClient, "new_cookie_jar", staticmethod(Forgetful))
    control.clear_requests()
    result = run(query="error")
    assert result.failed and result["api_error"]["status"] == 404
    assert "cookies set when the job was created" in result["msg"]
    assert calls(control) == ["POST jobs", "GET job"]
    # Its job could not be deleted (the same 404): nobody polls it, so it expires.
    assert ended(control) == [None]
    control._call("POST", "/search/time-passes", {"seconds": 21})
    assert ended(control) == ["expired"]
