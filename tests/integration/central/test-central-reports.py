#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GET /v1/reports/kpi against a real PostgreSQL 15 over real HTTP, on a
# province with two communes whose dossiers are sent as ops at chosen
# times (Vietnam, December 2026, each procedure due 3 days later).
# Worked out by hand:
#   commune A: a1 in person, ready 09/12 (before its appointment 10/12),
#                 returned 10/12 after it: on time (ready counts);
#              a2 online, ready 11/12 08:01, due 10/12 08:01: late;
#              a3 online, two supplement requests, ready 08/12: late;
#              a4 in person, withdrawn the same day: on time;
#              a5 received 30/11, ready 01/12: finished in December, on time.
#     December: received 4 (2 online, 50.0 %), finished 5, on time 3 (60.0 %).
#   commune B: b1 in person, ready 08/12: on time; b2 received 15/12, running.
#     December: received 2, online 0, finished 1, on time 1 (100.0 %).
#   the province: received 6, online 2 (33.3 %), finished 6, on time 4
#     (66.7 %); ranked B, A, then the province's own office (nothing finished).
# Authorised like every endpoint: no token 401, another commune's token
# 403, a commune's token on the province 403; bad dates 400.

import datetime
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from central_harness import Cluster, Tap  # noqa: E402

CENTRAL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.environ["MOTCUA_BUILD_DIR"], "central", "motcua-central")

PROV, A, B = "000.00.00.H40", "000.00.04.H40", "000.00.05.H40"
PW = {"lan": "lan-mat-khau-1", "cuong": "cuong-mat-khau-3", "tinh": "tinh-mat-khau-4"}
VN = datetime.timezone(datetime.timedelta(hours=7))


def eq(got, want, what):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))


def at(month, day, hour, minute=0):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=VN)


def portal(t):
    return t.strftime("%Y%m%d%H%M%S")


class Dossier:
    """One dossier's ops, each carrying its whole portal fields."""

    def __init__(self, code, officer, received, channel):
        self.code, self.officer, self.version = code, officer, 0
        self.fields = {"MaHoSo": code, "MaTTHC": "1.001193", "KenhThucHien": channel,
                       "ChuHoSo": "Huỳnh Thị Lan", "TaiLieuNop": [],
                       "NgayTiepNhan": portal(received),
                       "NgayHenTra": portal(received + datetime.timedelta(days=3))}
        self.ops = []
        self.move("receive", received, 2)

    def move(self, typ, when, state):
        fields = dict(self.fields, TrangThaiHoSo=state,
                      QuaTrinhXuLy=[{"ThoiDiemXuLy": portal(when), "TrangThai": state}])
        self.ops.append({"op_id": str(uuid.uuid4()), "dossier_code": self.code,
                         "base_version": self.version, "type": typ,
                         "at": int(when.timestamp()),
                         "payload": {"action": typ, "officer": self.officer, "dossier": fields}})
        self.version += 1
        return self


cl = Cluster(CENTRAL)
tap = Tap()
S = {}


def setup():
    cl.central("init")
    cl.central("office", "add", "--code", PROV, "--name", "Tỉnh Đồng Nai")
    cl.central("office", "add", "--code", A, "--name", "Xã Tân Phú", "--parent", PROV)
    cl.central("office", "add", "--code", B, "--name", "Xã Tân Hòa", "--parent", PROV)
    for login, office, role in [("lan", A, "receptionist"), ("cuong", B, "receptionist"),
                                ("tinh", PROV, "leader")]:
        cl.central("user", "add", "--login", login, "--office", office, "--role", role,
                   "--password-stdin", stdin=PW[login] + "\n")
    s = S["s"] = cl.serve()
    S["lan"] = s.token("lan", PW["lan"])["access_token"]
    S["cuong"] = s.token("cuong", PW["cuong"])["access_token"]
    S["tinh"] = s.token("tinh", PW["tinh"])["access_token"]

    a = [Dossier(A + "-261207-0001", "lan", at(12, 7, 8, 0), 1)
         .move("forward", at(12, 7, 8, 30), 4).move("update", at(12, 9, 8), 9)
         .move("return_result", at(12, 10, 9), 10),
         Dossier(A + "-261207-0002", "lan", at(12, 7, 8, 1), 2)
         .move("forward", at(12, 7, 8, 30), 4).move("update", at(12, 11, 8, 1), 9),
         Dossier(A + "-261207-0003", "lan", at(12, 7, 8, 2), 2)
         .move("request_supplement", at(12, 7, 10), 5).move("supplement", at(12, 7, 11), 4)
         .move("request_supplement", at(12, 7, 12), 5).move("supplement", at(12, 7, 13), 4)
         .move("update", at(12, 8, 8, 2), 9),
         Dossier(A + "-261207-0004", "lan", at(12, 7, 8, 3), 1)
         .move("withdraw", at(12, 7, 9), 7),
         Dossier(A + "-261130-0001", "lan", at(11, 30, 8), 1)
         .move("update", at(12, 1, 8), 9)]
    b = [Dossier(B + "-261207-0001", "cuong", at(12, 7, 8), 1)
         .move("update", at(12, 8, 8), 9),
         Dossier(B + "-261215-0001", "cuong", at(12, 15, 8), 1)
         .move("forward", at(12, 15, 9), 4)]
    for token, dossiers in [(S["lan"], a), (S["cuong"], b)]:
        ops = [o for d in dossiers for o in d.ops]
        status, body, _, _ = s.request("POST", "/v1/ops", token=token, json_body={
            "desk_id": "5b0f9c1e-2f43-4a57-8a5e-2c7a1d2b9e10",
            "audit_head": {"seq": 1, "hash": "6f0c" * 16}, "ops": ops})
        eq(status, 200, "ops sent")
        eq({r["status"] for r in body["results"]}, {"applied"}, "every op applied")


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
