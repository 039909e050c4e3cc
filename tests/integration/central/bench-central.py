#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Figures for docs/central-ops.md, on this machine, against a real
# PostgreSQL 15 and motcua-central on loopback (same harness as the tests):
# ops applied per second with 10 concurrent desks on one and on two server
# processes, pushing 10,000 ops in batches of 500, an empty pull, and pulling
# 10 changes from a feed holding 1,000,000. Prints one line per figure.
#   python3 tests/integration/central/bench-central.py build/central/motcua-central

import concurrent.futures
import os
import statistics
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from central_harness import Cluster  # noqa: E402

CENTRAL = sys.argv[1]
OFFICE = "000.00.04.H40"
PW = "bench-password-1"


def ops_for(prefix, n, desk):
    ops = []
    for i in range(n):
        code = "%s-%s-%04d" % (OFFICE, prefix, i + 1)
        ops.append({"op_id": str(uuid.uuid4()), "dossier_code": code, "base_version": 0,
                    "type": "receive", "at": 1796014749,
                    "payload": {"officer": "lan", "dossier": {
                        "MaHoSo": code, "MaTTHC": "1.001193", "TrangThaiHoSo": 2,
                        "ChuHoSo": "Nguyễn Văn A", "TaiLieuNop": []}}})
    return ops


def push(server, tok, desk, ops, size=500):
    for i in range(0, len(ops), size):
        status, body, _, _ = server.request("POST", "/v1/ops", token=tok, json_body={
            "desk_id": desk, "audit_head": {"seq": 1, "hash": "00"}, "ops": ops[i:i + size]})
        assert status == 200, (status, body)
        assert all(r["status"] == "applied" for r in body["results"])


def main():
    cl = Cluster(CENTRAL)
    cl.central("init")
    cl.central("office", "add", "--code", OFFICE, "--name", "Bench")
    cl.central("user", "add", "--login", "lan", "--office", OFFICE, "--role", "reception",
               "--password-stdin", stdin=PW + "\n")
    s1, s2 = cl.serve(), cl.serve()
    tok = s1.token("lan", PW)["access_token"]

    # 10,000 ops from one desk, batches of 500.
    desk = str(uuid.uuid4())
    ops = ops_for("260101", 9999, desk)
    t = time.monotonic()
    push(s1, tok, desk, ops)
    dt = time.monotonic() - t
    print("push 9,999 ops (batches of 500, one desk, one process): %.2f s, %.0f ops/s"
          % (dt, len(ops) / dt))
    # Pull them back (plus the officer change), pages of 1,000.
    t = time.monotonic()
    got, cursor = 0, None
    while True:
        q = "/v1/changes?limit=1000" + ("&since=" + cursor if cursor else "")
        status, body, _, _ = s1.request("GET", q, token=tok)
        assert status == 200
        got += len(body["changes"])
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    dp = time.monotonic() - t
    assert got == len(ops) + 1, got
    print("pull %d changes (pages of 1,000): %.2f s; push + pull %.2f s" % (got, dp, dt + dp))

    # 10 concurrent desks, 500 ops each in batches of 100.
    for servers, label in (([s1], "one process"), ([s1, s2], "two processes")):
        days = ["26%02d%02d" % (2 + len(servers), d + 1) for d in range(10)]
        work = [(servers[i % len(servers)], str(uuid.uuid4()), ops_for(days[i], 500, None))
                for i in range(10)]
        t = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(10) as ex:
            list(ex.map(lambda w: push(w[0], tok, w[1], w[2], 100), work))
        dt = time.monotonic() - t
        print("10 concurrent desks, 5,000 ops, %s: %.2f s, %.0f ops applied/s"
              % (label, dt, 5000 / dt))

    # Fill the feed to 1,000,000 changes, then pull the last 10 and nothing.
    have = int(cl.psql("SELECT last_seq FROM office WHERE code = '%s'" % OFFICE))
    cl.psql("INSERT INTO change (office, seq, body) SELECT '%s', g,"
            " jsonb_build_object ('kind', 'dossier', 'dossier_code', 'X-' || g, 'version', 1)"
            " FROM generate_series (%d, 1000000) g; UPDATE office SET last_seq = 1000000"
            " WHERE code = '%s'" % (OFFICE, have + 1, OFFICE))
    cl.psql("VACUUM ANALYZE change")
    import base64
    cursor = base64.urlsafe_b64encode(("c1:%s=999990;" % OFFICE).encode()).decode().rstrip("=")
    head = base64.urlsafe_b64encode(("c1:%s=1000000;" % OFFICE).encode()).decode().rstrip("=")
    for label, since, want in (("pull 10 changes of 1,000,000", cursor, 10),
                               ("pull with nothing new (feed of 1,000,000)", head, 0)):
        times = []
        for _ in range(30):
            t = time.monotonic()
            status, body, _, _ = s1.request("GET", "/v1/changes?limit=200&since=" + since, token=tok)
            times.append(time.monotonic() - t)
            assert status == 200 and len(body["changes"]) == want, (status, len(body["changes"]))
        print("%s: median %.1f ms, max %.1f ms (30 requests, HTTP round trip included)"
              % (label, statistics.median(times) * 1000, max(times) * 1000))
    print("change rows: %s" % cl.psql("SELECT count(*) FROM change"))
    cl.stop()


main()
