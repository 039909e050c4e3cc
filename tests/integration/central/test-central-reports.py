#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GET /v1/reports/kpi against a real PostgreSQL 15 over real HTTP, on the
# province with two communes of kpi_fixture.py (its dossiers sent as ops
# at chosen times, the figures worked out by hand there).
# Authorised like every endpoint: no token 401, another commune's token
# 403, a commune's token on the province 403; bad dates 400.

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from central_harness import Cluster, Tap  # noqa: E402
from kpi_fixture import A, B, PROV, PW, make_offices, push_commune_ops  # noqa: E402

CENTRAL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.environ["MOTCUA_BUILD_DIR"], "central", "motcua-central")


def eq(got, want, what):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))


cl = Cluster(CENTRAL)
tap = Tap()
S = {}


def setup():
    cl.central("init")
    make_offices(cl)
    s = S["s"] = cl.serve()
    S["lan"] = s.token("lan", PW["lan"])["access_token"]
    S["cuong"] = s.token("cuong", PW["cuong"])["access_token"]
    S["tinh"] = s.token("tinh", PW["tinh"])["access_token"]
    for status, results in push_commune_ops(s, S["lan"], S["cuong"]):
        eq(status, 200, "ops sent")
        eq(results, {"applied"}, "every op applied")


def kpi(token, office, frm="2026-12-01", to="2026-12-31"):
    return S["s"].request("GET", "/v1/reports/kpi?office=%s&from=%s&to=%s" % (office, frm, to),
                          token=token)


def counts(o):
    return (o["received"], o["online"], o["finished"], o["on_time"],
            o["on_time_percent"], o["online_percent"])


def test_commune():
    status, body, _, _ = kpi(S["lan"], A)
    eq(status, 200, "A by A")
    eq(counts(body["total"]), (4, 2, 5, 3, 60.0, 50.0), "A in December")
    eq([o["office"] for o in body["offices"]], [A], "A alone")
    eq(body["offices"][0]["name"], "Xã Tân Phú", "office name")
    # November: a5 received, nothing finished; 1 December alone: a5 finished.
    status, body, _, _ = kpi(S["lan"], A, "2026-11-01", "2026-11-30")
    eq(counts(body["total"]), (1, 0, 0, 0, None, 0.0), "A in November")
    status, body, _, _ = kpi(S["lan"], A, "2026-12-01", "2026-12-01")
    eq(counts(body["total"]), (0, 0, 1, 1, 100.0, None), "A on 1 December, the last day included")


def test_province():
    status, body, _, _ = kpi(S["tinh"], PROV)
    eq(status, 200, "province by the province")
    eq(counts(body["total"]), (6, 2, 6, 4, 66.7, 33.3), "province in December")
    eq([(o["rank"], o["office"]) for o in body["offices"]], [(1, B), (2, A), (3, PROV)],
       "ranking")
    eq(counts(body["offices"][0]), (2, 0, 1, 1, 100.0, 0.0), "B in the ranking")
    status, body, _, _ = kpi(S["tinh"], A)
    eq((status, counts(body["total"])), (200, (4, 2, 5, 3, 60.0, 50.0)), "A by the province")


def test_authorisation():
    s = S["s"]
    status, body, _, _ = s.request("GET", "/v1/reports/kpi?office=%s&from=2026-12-01&to=2026-12-31" % A)
    eq((status, body["error"]), (401, "invalid_token"), "no token")
    status, body, _, _ = kpi(S["cuong"], A)
    eq((status, body["error"]), (403, "forbidden_office"), "another commune's token")
    status, body, _, _ = kpi(S["lan"], PROV)
    eq((status, body["error"]), (403, "forbidden_office"), "a commune's token on its province")
    status, body, _, _ = kpi(S["lan"], A, "2026-12-31", "2026-12-01")
    eq((status, body["error"]), (400, "bad_request"), "period backwards")
    status, body, _, _ = kpi(S["lan"], A, "2026-02-30", "2026-12-01")
    eq((status, body["error"]), (400, "bad_request"), "no such day")
    status, body, _, _ = s.request("GET", "/v1/reports/kpi?from=2026-12-01&to=2026-12-31",
                                   token=S["lan"])
    eq((status, body["error"]), (400, "bad_request"), "no office")


tap.run("setup: a province, two communes, their dossiers as ops", setup)
if tap.failed:
    cl.stop()
    sys.exit(tap.done())
tap.run("kpi of a commune: December, November, one day", test_commune)
tap.run("kpi of a province: totals over its communes and their ranking", test_province)
tap.run("kpi authorisation: no token, another office, bad periods", test_authorisation)
code = tap.done()
cl.stop()
sys.exit(code)
