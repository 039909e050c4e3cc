# SPDX-License-Identifier: GPL-3.0-or-later
#
# A province with two communes and their December 2026 dossiers, sent to
# the central server as the desks' ops at chosen times (Vietnam, each
# procedure due 3 days after reception), shared by the central's
# GET /v1/reports/kpi test and the desk's ranking test. Worked out by hand:
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

import datetime
import uuid

PROV, A, B = "000.00.00.H40", "000.00.04.H40", "000.00.05.H40"
NAMES = {PROV: "Tỉnh Đồng Nai", A: "Xã Tân Phú", B: "Xã Tân Hòa"}
PW = {"lan": "lan-mat-khau-1", "cuong": "cuong-mat-khau-3", "tinh": "tinh-mat-khau-4"}
USERS = [("lan", A, "receptionist"), ("cuong", B, "receptionist"), ("tinh", PROV, "leader")]
VN = datetime.timezone(datetime.timedelta(hours=7))

# (received, online, finished, on time, on-time %, online %) in December 2026.
DECEMBER = {A: (4, 2, 5, 3, 60.0, 50.0), B: (2, 0, 1, 1, 100.0, 0.0), PROV: (0, 0, 0, 0, None, None)}
DECEMBER_TOTAL = (6, 2, 6, 4, 66.7, 33.3)


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


def make_offices(cl):
    """The three offices and their officers on an initialised central."""
    cl.central("office", "add", "--code", PROV, "--name", NAMES[PROV])
    cl.central("office", "add", "--code", A, "--name", NAMES[A], "--parent", PROV)
    cl.central("office", "add", "--code", B, "--name", NAMES[B], "--parent", PROV)
    for login, office, role in USERS:
        cl.central("user", "add", "--login", login, "--office", office, "--role", role,
                   "--password-stdin", stdin=PW[login] + "\n")


def commune_dossiers():
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
    return a, b


def push_commune_ops(server, lan_token, cuong_token):
    """Each commune's dossiers pushed as its desk's sync would; returns the
    statuses of the two pushes and the set of per-op results."""
    a, b = commune_dossiers()
    answers = []
    for token, dossiers in [(lan_token, a), (cuong_token, b)]:
        ops = [o for d in dossiers for o in d.ops]
        status, body, _, _ = server.request("POST", "/v1/ops", token=token, json_body={
            "desk_id": str(uuid.uuid4()),
            "audit_head": {"seq": 1, "hash": "6f0c" * 16}, "ops": ops})
        answers.append((status, {r["status"] for r in body["results"]}))
    return answers
