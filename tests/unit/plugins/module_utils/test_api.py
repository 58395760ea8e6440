# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The API client against the emulator: auth, deployments, pagination, retries, errors."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest
import requests

from ansible_collections.community.sumologic.plugins.module_utils import api
from ansible_collections.community.sumologic.plugins.module_utils.api import (
    JobError,
    SumoApiError,
    SumoClient,
    SumoConnectionError,
    SumoError,
    deployment_url,
    normalize_endpoint,
)


@pytest.mark.parametrize("deployment, url", [
    ("us1", "https://api.sumologic.com/api"),
    ("us2", "https://api.us2.sumologic.com/api"),
    ("eu", "https://api.eu.sumologic.com/api"),
    ("fed", "https://api.fed.sumologic.com/api"),
    ("esc", "https://api.esc.sumologic.com/api"),
])
def test_deployment_urls(deployment, url):
    assert deployment_url(deployment) == url


def test_unknown_deployment_is_refused_naming_it():
    with pytest.raises(SumoError, match="deployment.*'mars'"):
        SumoClient("id", "key", deployment="mars")


def test_endpoint_overrides_deployment_and_gets_api_path():
    assert normalize_endpoint("https://api.eu.sumologic.com/api/") == "https://api.eu.sumologic.com/api"
    assert normalize_endpoint("http://127.0.0.1:8765") == "http://127.0.0.1:8765/api"
    client = SumoClient("id", "key", deployment="us1", endpoint="http://127.0.0.1:1/api/")
    assert client.base_url == "http://127.0.0.1:1/api"


def test_missing_credentials_fail_before_any_request():
    with pytest.raises(SumoError, match="access_id and access_key"):
        SumoClient(None, "key", deployment="us1")
    with pytest.raises(SumoError, match="deployment or endpoint"):
        SumoClient("id", "key")


def test_basic_auth_accepted(client):
    body = client.get("/v1/collectors").json
    assert [c["name"] for c in body["collectors"]] == ["web-01", "old-build-agent", "demo-hosted"]


def test_wrong_key_gives_readable_401_without_the_key(make_client):
    client = make_client(access_key="wrongSecretKey123")
    with pytest.raises(SumoApiError) as info:
        client.get("/v1/collectors")
    assert info.value.status == 401
    assert info.value.code == "unauthorized"
    assert "HTTP 401 (unauthorized)" in str(info.value)
    assert "wrongSecretKey123" not in str(info.value)


def test_flat_error_shape_becomes_one_message(client):
    with pytest.raises(SumoApiError) as info:
        client.get("/v1/collectors/42")
    exc = info.value
    assert (exc.status, exc.code) == (404, "collectors.collector.invalid")
    assert exc.request_id and exc.request_id in str(exc)
    assert str(exc).startswith("GET /v1/collectors/42: HTTP 404 (collectors.collector.invalid): ")


def test_openapi_error_shape_is_read():
    exc = SumoApiError("POST", "/v1/users", 400, '{"id": "IUUQI-DGH5I-TJ045", "errors": '
                       '[{"code": "user:email_taken", "message": "Email taken", "detail": "a@b.c"}]}')
    assert str(exc) == ("POST /v1/users: HTTP 400 (user:email_taken): Email taken (a@b.c) "
                        "[request id IUUQI-DGH5I-TJ045]")
    assert exc.has_code("user:email_taken")


def test_non_json_error_keeps_the_text():
    exc = SumoApiError("GET", "/v1/x", 502, "<html>Bad gateway</html>")
    assert "HTTP 502: <html>Bad gateway</html>" in str(exc)


def test_offset_pagination_follows_every_page(client, control):
    for index in range(7):
        client.post("/v1/collectors", {"collector": {"collectorType": "Hosted", "name": "page-%d" % index}})
    control.clear_requests()
    names = [c["name"] for c in client.paginate_offset("/v1/collectors", "collectors", limit=3)]
    assert len(names) == 10 and names[-1] == "page-6"
    gets = [r for r in control.requests()["requests"] if r["method"] == "GET"]
    assert [r["query"] for r in gets] == ["limit=3&offset=0", "limit=3&offset=3", "limit=3&offset=6",
                                          "limit=3&offset=9"]


def test_token_pagination_reads_data_and_next(client, monkeypatch):
    pages = {None: {"data": [1, 2], "next": "t1"}, "t1": {"data": [3], "next": "t2"}, "t2": {"data": [], "next": None}}
    calls = []

    def fake_get(path, params=None, ok=None):
        calls.append(dict(params))
        return type("R", (), {"json": pages[params.get("token")]})()
    monkeypatch.setattr(client, "get", fake_get)
    assert list(client.paginate_token("/v1/users", limit=2)) == [1, 2, 3]
    assert calls == [{"limit": 2}, {"limit": 2, "token": "t1"}, {"limit": 2, "token": "t2"}]


def test_token_pagination_refuses_a_loop(client, monkeypatch):
    monkeypatch.setattr(client, "get", lambda path, params=None, ok=None: type("R", (), {"json": {"data": [1], "next": "same"}})())
    with pytest.raises(SumoError, match="same page token twice"):
        list(client.paginate_token("/v1/users"))


def test_429_is_retried_after_retry_after(client, control):
    control.fault(action="status", status=429, code="rate.limit.exceeded", retry_after=1, method="GET",
                  path="^/api/v1/collectors$", count=2)
    control.clear_requests()
    started = time.monotonic()
    assert client.get("/v1/collectors").status == 200
    elapsed = time.monotonic() - started
    statuses = [r["status"] for r in control.requests()["requests"]]
    assert statuses == [429, 429, 200]
    assert elapsed >= 1.9, "Retry-After: 1 was not honoured twice (%.2fs)" % elapsed


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_retried_for_get(client, control, status):
    control.fault(action="status", status=status, method="GET", path="^/api/v1/collectors$", count=1)
    assert client.get("/v1/collectors").status == 200
    assert [r["status"] for r in control.requests()["requests"]] == [status, 200]


def test_retries_give_up_with_the_last_error(make_client, control):
    client = make_client(retries=2)
    control.fault(action="status", status=503, method="GET", path="^/api/v1/collectors$", count=10)
    with pytest.raises(SumoApiError) as info:
        client.get("/v1/collectors")
    assert info.value.status == 503
    assert control.requests()["total"] == 3


def test_post_is_not_retried_after_a_503(client, control):
    control.fault(action="status", status=503, method="POST", path="^/api/v1/collectors$", count=1)
    with pytest.raises(SumoApiError) as info:
        client.post("/v1/collectors", {"collector": {"collectorType": "Hosted", "name": "once"}})
    assert info.value.status == 503
    assert control.requests()["counts"] == {"POST": 1}


def test_post_is_not_resent_after_a_dropped_connection(client, control):
    control.fault(action="drop_after", method="POST", path="^/api/v1/collectors$", count=1)
    with pytest.raises(SumoConnectionError):
        client.post("/v1/collectors", {"collector": {"collectorType": "Hosted", "name": "dropped"}})
    assert control.requests()["counts"] == {"POST": 1}
    names = [c["name"] for c in client.get("/v1/collectors").json["collectors"]]
    assert names.count("dropped") == 1


def test_post_is_retried_after_a_429(client, control):
    control.fault(action="status", status=429, retry_after=0, method="POST", path="^/api/v1/collectors$", count=1)
    created = client.post("/v1/collectors", {"collector": {"collectorType": "Hosted", "name": "after-429"}}).json
    assert created["collector"]["name"] == "after-429"
    assert control.requests()["counts"] == {"POST": 2}


def test_rate_limit_of_the_emulator_is_absorbed(client, control):
    control.settings(rate_limit=True, per_second=4)
    for dummy in range(6):
        assert client.get("/v1/collectors").status == 200
    statuses = [r["status"] for r in control.requests()["requests"]]
    assert statuses.count(429) >= 1 and statuses.count(200) == 6


def test_put_sends_if_match_and_412_on_stale_etag(client, control):
    resp = client.get("/v1/collectors/name/demo-hosted")
    collector = resp.json["collector"]
    stale = resp.etag
    collector["description"] = "first"
    for key in ("alive", "lastSeenAlive", "collectorVersion", "links"):
        collector.pop(key)
    fresh = client.put("/v1/collectors/%d" % collector["id"], {"collector": collector}, etag=stale)
    assert fresh.etag != stale
    collector["description"] = "second"
    with pytest.raises(SumoApiError) as info:
        client.put("/v1/collectors/%d" % collector["id"], {"collector": collector}, etag=stale)
    assert info.value.status == 412
    with pytest.raises(SumoApiError) as info:
        client.put("/v1/collectors/%d" % collector["id"], {"collector": collector})
    assert info.value.status == 428


def test_check_mode_client_refuses_writes(make_client, control):
    client = make_client(check_mode=True)
    with pytest.raises(SumoError, match="refusing POST"):
        client.post("/v1/collectors", {"collector": {"name": "x"}})
    assert control.requests()["total"] == 0


def test_moved_deployment_is_followed_once_with_auth(make_client, emulator, control):
    warnings = []
    client = make_client(endpoint="http://localhost:%d/api" % emulator.port, warn=warnings.append)
    control.fault(action="moved", location=emulator.url, path="^/api/v1/collectors$", count=1)
    assert client.get("/v1/collectors").status == 200
    assert client.base_url == emulator.url
    assert warnings and "endpoint: %s" % emulator.url in warnings[0]


def test_connection_refused_is_a_connection_error(make_client):
    client = make_client(endpoint="http://127.0.0.1:9/api", retries=0)
    with pytest.raises(SumoConnectionError, match="no answer"):
        client.get("/v1/collectors")


def test_one_session_reuses_the_connection(client, monkeypatch):
    opened = []
    original = requests.adapters.HTTPAdapter.get_connection_with_tls_context

    def spy(self, *args, **kwargs):
        pool = original(self, *args, **kwargs)
        opened.append(id(pool))
        return pool
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "get_connection_with_tls_context", spy)
    for dummy in range(3):
        client.get("/v1/collectors")
    assert len(set(opened)) == 1


# -- patient retries, lost answers, pacing ------------------------------------------------

class CountingPacer:
    """Counts the turns the client takes (one per attempt)."""

    rate = 1

    def __init__(self):
        self.turns = 0

    def turn(self):
        self.turns += 1
        return contextlib.nullcontext(time.time())


def hosted_collector(client, name="lost-answers"):
    resp = client.post("/v1/collectors", {"collector": {"collectorType": "Hosted", "name": name}})
    return resp.json["collector"]


def test_every_attempt_takes_a_turn_of_the_pacing(make_client, control):
    pacer = CountingPacer()
    client = make_client(pacer=pacer)
    control.fault(action="status", status=429, method="GET", path="^/api/v1/collectors$", count=2)
    control.fault(action="status", status=503, method="GET", path="^/api/v1/collectors$", count=1)
    assert client.get("/v1/collectors").status == 200
    assert pacer.turns == 4
    assert [r["status"] for r in control.requests()["requests"]] == [429, 429, 503, 200]


def test_429_is_retried_beyond_the_retry_count(make_client, control):
    client = make_client(retries=0)
    control.fault(action="status", status=429, method="GET", path="^/api/v1/collectors$", count=4)
    assert client.get("/v1/collectors").status == 200
    assert [r["status"] for r in control.requests()["requests"]] == [429] * 4 + [200]


def test_429_gives_up_when_the_time_budget_is_spent_saying_how_long_it_waited(make_client, control):
    client = make_client(retry_timeout=1)
    control.fault(action="status", status=429, code="rate.limit.exceeded", message="Rate limit exceeded.",
                  retry_after=1, method="GET", path="^/api/v1/collectors$", count=100)
    with pytest.raises(SumoApiError) as info:
        client.get("/v1/collectors")
    assert info.value.status == 429 and info.value.code == "rate.limit.exceeded"
    message = str(info.value)
    assert "Still refused after 1 tries over 0 s (retry_timeout is 1 s)" in message
    assert "fewer forks" in message and "rate_limit" in message
    assert control.requests()["total"] == 1


def test_retry_timeout_zero_fails_at_the_first_429(make_client, control):
    client = make_client(retry_timeout=0)
    control.fault(action="status", status=429, method="GET", path="^/api/v1/collectors$", count=1)
    with pytest.raises(SumoApiError, match="Still refused after 1 tries"):
        client.get("/v1/collectors")


def test_429_without_retry_after_backs_off_and_succeeds(client, control):
    control.fault(action="status", status=429, method="PUT", path="^/api/v1/collectors/", count=3)
    collector = hosted_collector(client)
    etag = client.get("/v1/collectors/%d" % collector["id"]).etag
    collector["description"] = "after three refusals"
    client.put("/v1/collectors/%d" % collector["id"], {"collector": collector}, etag=etag)
    assert [(r["method"], r["status"]) for r in control.requests()["requests"] if r["method"] == "PUT"] == \
        [("PUT", 429)] * 3 + [("PUT", 200)]


def test_post_is_sent_again_when_the_connection_failed_before_sending(make_client, monkeypatch):
    client = make_client(endpoint="http://127.0.0.1:9/api", retries=2)
    calls = []
    original = requests.Session.request

    def spy(self, method, url, **kwargs):
        calls.append(method)
        return original(self, method, url, **kwargs)
    monkeypatch.setattr(requests.Session, "request", spy)
    with pytest.raises(SumoConnectionError, match="after 2 retries"):
        client.post("/v1/collectors", {"collector": {"collectorType": "Hosted", "name": "never-sent"}})
    assert calls == ["POST"] * 3


def test_delete_whose_answer_was_lost_and_then_404_is_done(client, control):
    collector = hosted_collector(client)
    control.clear_requests()
    control.fault(action="drop_after", method="DELETE", path="^/api/v1/collectors/%d$" % collector["id"])
    resp = client.delete("/v1/collectors/%d" % collector["id"])
    assert resp.status == 404 and resp.after_lost_answer
    assert [(r["method"], r["status"]) for r in control.requests()["requests"]] == [("DELETE", 200), ("DELETE", 404)]


def test_delete_after_a_gateway_timeout_and_then_404_is_done(client, control):
    collector = hosted_collector(client)
    control.clear_requests()
    control.fault(action="status_after", status=504, method="DELETE", path="^/api/v1/collectors/%d$" % collector["id"])
    assert client.delete("/v1/collectors/%d" % collector["id"]).status == 404
    assert [r["status"] for r in control.requests()["requests"]] == [504, 404]


def test_delete_of_something_absent_is_still_a_404(client, control):
    with pytest.raises(SumoApiError) as info:
        client.delete("/v1/collectors/424242")
    assert info.value.status == 404 and not info.value.after_lost_answer


def test_delete_after_a_503_then_404_is_a_404(client, control):
    # 503: the service did not take the first DELETE, so a 404 is news, not our doing.
    control.fault(action="status", status=503, method="DELETE", path="^/api/v1/collectors/424242$")
    with pytest.raises(SumoApiError) as info:
        client.delete("/v1/collectors/424242")
    assert info.value.status == 404 and not info.value.after_lost_answer


def test_put_whose_answer_was_lost_gets_412_marked_as_after_a_lost_answer(client, control):
    collector = hosted_collector(client)
    path = "/v1/collectors/%d" % collector["id"]
    etag = client.get(path).etag
    collector["description"] = "written once"
    control.clear_requests()
    control.fault(action="drop_after", method="PUT", path="^/api" + path + "$")
    with pytest.raises(SumoApiError) as info:
        client.put(path, {"collector": collector}, etag=etag)
    assert info.value.status == 412 and info.value.after_lost_answer
    assert [(r["method"], r["status"]) for r in control.requests()["requests"]] == [("PUT", 200), ("PUT", 412)]
    assert client.get(path).json["collector"]["description"] == "written once"


def test_a_plain_412_is_not_marked(client, control):
    collector = hosted_collector(client)
    path = "/v1/collectors/%d" % collector["id"]
    with pytest.raises(SumoApiError) as info:
        client.put(path, {"collector": collector}, etag='"stale"')
    assert info.value.status == 412 and not info.value.after_lost_answer


def test_threads_may_share_one_client(client, control):
    sessions = set()

    def work():
        for dummy in range(3):
            assert client.get("/v1/collectors").status == 200
        sessions.add(id(client.session))
    threads = [threading.Thread(target=work) for dummy in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(sessions) == 4
    assert control.requests()["counts"] == {"GET": 12}


def test_the_user_agent_names_the_collection(client, monkeypatch):
    assert client.session.headers["User-Agent"].startswith("community.sumologic (ansible-core ")


# -- requests that change nothing, and cookies kept for an API session (the Search Job API) ----------

def search_job_body():
    now = int(time.time() * 1000)
    return {"query": "error", "from": now - 3600000, "to": now, "timeZone": "UTC"}


def test_a_request_that_changes_nothing_is_sent_in_check_mode(make_client, control):
    client = make_client(check_mode=True)
    with pytest.raises(SumoError, match="refusing POST"):
        client.post("/v1/search/jobs", search_job_body())
    created = client.request("POST", "/v1/search/jobs", body=search_job_body(), changes_nothing=True)
    assert created.status == 202
    job = "/v1/search/jobs/" + created.json["id"]
    with pytest.raises(SumoError, match="refusing DELETE"):
        client.delete(job)
    assert client.request("DELETE", job, changes_nothing=True).status == 200
    assert control.requests()["counts"] == {"POST": 1, "DELETE": 1}


def test_a_post_that_changes_nothing_is_sent_again_after_a_lost_answer(client, control):
    control.fault(action="drop_after", method="POST", path="^/api/v1/search/jobs$", count=1)
    resp = client.request("POST", "/v1/search/jobs", body=search_job_body(), changes_nothing=True)
    assert resp.status == 202 and resp.after_lost_answer
    control.fault(action="status_after", status=504, method="POST", path="^/api/v1/search/jobs$", count=1)
    again = client.request("POST", "/v1/search/jobs", body=search_job_body(), changes_nothing=True)
    assert again.status == 202 and again.after_lost_answer
    assert [(r["method"], r["status"]) for r in control.requests()["requests"]] == [("POST", 202)] * 2 + [
        ("POST", 504), ("POST", 202)]


def test_a_cookie_jar_carries_a_session_to_any_thread(client, control):
    jar = client.new_cookie_jar()
    created = client.request("POST", "/v1/search/jobs", body=search_job_body(), cookies=jar)
    assert "JSESSIONID" in jar.keys()
    job = "/v1/search/jobs/" + created.json["id"]
    answers = {}

    def other_thread(name, cookies):
        try:
            answers[name] = client.request("GET", job, cookies=cookies).status
        except SumoApiError as exc:
            answers[name] = exc.status
    for name, cookies in (("with the jar", jar), ("without", None)):
        thread = threading.Thread(target=other_thread, args=(name, cookies))
        thread.start()
        thread.join(30)
    # A thread's own session has no cookie of the job: the API answers 404 without it.
    assert answers == {"with the jar": 200, "without": 404}


# -- asynchronous jobs, multipart bodies, headers of every request -------------------------------------------

TEAM = "/Library/Users/admin@example.com/Team"


def export_path(client, path=TEAM):
    item = client.get("/v2/content/path", params={"path": path}).json
    return "/v2/content/%s/export" % item["id"]


@pytest.fixture
def quick_jobs(monkeypatch):
    monkeypatch.setattr(api, "JOB_POLL_FIRST", 0.001)


def test_a_job_is_polled_until_it_ends(client, control, quick_jobs):
    control._call("POST", "/content/jobs", {"polls": 2})
    path = export_path(client)
    control.clear_requests()
    job_id, status = client.run_job("POST", path, path + "/%s/status", "export of the team", changes_nothing=True)
    assert status == {"status": "Success", "statusMessage": ""}
    assert [r["path"].rsplit("/", 1)[-1] for r in control.requests()["requests"]] == [
        "export", "status", "status", "status"]
    assert client.get("%s/%s/result" % (path, job_id)).json["name"] == "Team"


def test_a_failed_job_raises_naming_what_and_the_job(client, control, quick_jobs):
    control._call("POST", "/content/fail-next", {"kind": "export", "code": "content:export_failed",
                                                 "message": "Too big", "detail": "try a folder below"})
    path = export_path(client)
    with pytest.raises(JobError) as info:
        client.run_job("POST", path, path + "/%s/status", "export of the team", changes_nothing=True)
    assert str(info.value) == ("export of the team failed (job %s): content:export_failed: Too big (try a folder "
                               "below)" % info.value.job_id)
    assert info.value.code == "content:export_failed" and info.value.job_status["status"] == "Failed"


def test_a_job_still_running_after_its_time_raises(client, control, quick_jobs):
    control._call("POST", "/content/jobs", {"polls": 100})
    path = export_path(client)
    started = time.monotonic()
    with pytest.raises(JobError, match=r"^export of the team: job [0-9A-F]{16} is still InProgress after 0 s"):
        client.run_job("POST", path, path + "/%s/status", "export of the team", changes_nothing=True, timeout=0)
    assert time.monotonic() - started < 5


def test_a_read_only_post_is_allowed_in_check_mode_and_no_other(make_client, control, quick_jobs):
    client = make_client(check_mode=True)
    path = export_path(client)
    assert client.run_job("POST", path, path + "/%s/status", "export", changes_nothing=True)[1]["status"] == "Success"
    with pytest.raises(SumoError, match="refusing POST"):
        client.post(path)


def test_a_read_only_post_is_sent_again_after_a_gateway_error(client, control, quick_jobs):
    path = export_path(client)
    control.fault(action="status", status=502, method="POST", path="/export$", count=1)
    assert client.run_job("POST", path, path + "/%s/status", "export", changes_nothing=True)[1]["status"] == "Success"
    assert [r["status"] for r in control.requests()["requests"] if r["path"].endswith("/export")][-2:] == [502, 200]


def test_files_go_as_a_multipart_body(client, control, quick_jobs):
    table = client.get("/v2/content/path", params={"path": TEAM + "/hosts"}).json["id"]
    data = b"host,owner,critical,cpus\nweb-09,ops@example.com,false,2\n"
    job_id, status = client.run_job("POST", "/v1/lookupTables/%s/upload" % table, "/v1/lookupTables/jobs/%s/status",
                                    "upload", params={"merge": "false"},
                                    files={"file": ("rows.csv", data, "text/csv")})
    assert status["status"] == "Success" and status["requestType"] == "BulkReplace"
    rows = control._call("GET", "/lookup-tables/%s/rows" % table)["rows"]
    assert rows == [{"host": "web-09", "owner": "ops@example.com", "critical": "false", "cpus": "2"}]


def test_headers_of_the_client_go_with_every_request(client, control):
    path = "/Library/Admin Recommended"
    assert client.get_or_none("/v2/content/path", params={"path": path}) is None
    client.headers["isAdminMode"] = "true"
    assert client.get("/v2/content/path", params={"path": path}).json["name"] == "Admin Recommended"
