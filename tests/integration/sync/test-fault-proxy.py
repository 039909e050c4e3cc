#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The fault proxy proven on its own, before any desk uses it: curl through
# fault-proxy.py to two real motcua-central processes on a real PostgreSQL,
# one fault at a time from the control file, and check in PostgreSQL what
# reached the server: dropped before forwarding (nothing applied, curl sees
# an empty reply), dropped after the answer (applied, answer lost), 502 and
# 503 (nothing applied), a request sent twice (to both servers; applied
# once, the desk gets "duplicate"), a delay, a truncated body (curl sees a
# partial file), an answer held until the client is killed; HEAD and
# keep-alive through the proxy; a dead upstream skipped; and the seeded
# random schedule giving the same faults for the same seed. Output is TAP.

import os
import signal
import subprocess
import sys
import tempfile
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "central"))
from central_harness import Cluster, Tap  # noqa: E402
from fault_proxy_launcher import Proxy  # noqa: E402

CENTRAL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.environ["MOTCUA_BUILD_DIR"], "central", "motcua-central")
OFFICE = "H40.12.03.X05"
PASSWORD = "mat-khau-cua-lan-1"
DESK = "0e4b6a52-7c1f-4d8e-9a3b-5f2c1d0e9a77"


def eq(got, want, what):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))


def check(cond, what):
    if not cond:
        raise AssertionError(what)


cl = Cluster(CENTRAL)
tap = Tap()
work = tempfile.mkdtemp(prefix="mc-fault-proxy-")
S = {}
counter = [0]


def receive_body(op_id):
    counter[0] += 1
    code = "%s-261207-%04d" % (OFFICE, counter[0])
    import json
    return code, json.dumps({
        "desk_id": DESK, "audit_head": {"seq": 1, "hash": "ab" * 32},
        "ops": [{"op_id": op_id, "dossier_code": code, "base_version": 0,
                 "type": "receive", "at": 1796014749,
                 "payload": {"action": "receive", "officer": "lan",
                             "dossier": {"MaHoSo": code, "MaTTHC": "1.001193",
                                         "KenhThucHien": 1, "ChuHoSo": "Lê Thị Mai",
                                         "TrangThaiHoSo": 2, "TaiLieuNop": []}}}]})


def curl(url, *extra, data=None, method=None):
    """(curl exit status, HTTP code, body) of one request."""
    body_file = os.path.join(work, "curl-body")
    args = ["curl", "-sS", "-o", body_file, "-w", "%{http_code}", "--max-time", "60",
            "-H", "Authorization: Bearer " + S["token"]]
    if data is not None:
        args += ["-H", "Content-Type: application/json", "--data-binary", data]
    if method:
        args += ["-X", method]
    out = subprocess.run(args + list(extra) + [url], capture_output=True, text=True)
    try:
        with open(body_file, "rb") as f:
            body = f.read()
        os.unlink(body_file)
    except FileNotFoundError:
        body = b""
    return out.returncode, out.stdout.strip(), body


def applied(op_id):
    return int(cl.psql("SELECT count(*) FROM op WHERE op_id = '%s'" % op_id))


def post_op(proxy, fault):
    op_id = str(uuid.uuid4())
    _, data = receive_body(op_id)
    if fault:
        proxy.schedule(fault + " /v1/ops")
    before = len(proxy.events())
    rc, code, body = curl(proxy.url + "/v1/ops", data=data)
    return op_id, data, rc, code, body, proxy.events()[before:]


def setup():
    cl.central("init")
    cl.central("office", "add", "--code", OFFICE, "--name", "Xã Tân Phú")
    cl.central("user", "add", "--login", "lan", "--name", "Nguyễn Thị Lan",
               "--office", OFFICE, "--role", "reception", "--password-stdin",
               stdin=PASSWORD + "\n")
    a, b = cl.serve(), cl.serve()
    S["servers"] = [a, b]
    S["token"] = a.token("lan", PASSWORD, desk_id=DESK)["access_token"]
    S["proxy"] = Proxy(work, "p", ["127.0.0.1:%d" % a.port, "127.0.0.1:%d" % b.port],
                       pidfile=cl.pidfile)


def test_pass():
    op_id, _, rc, code, body, ev = post_op(S["proxy"], None)
    eq((rc, code), (0, "200"), "curl through the proxy")
    check(b'"applied"' in body, "the op is applied: %r" % body)
    eq(applied(op_id), 1, "op in PostgreSQL")
    check(not any(e["event"] == "fault" for e in ev), "no fault logged")


def test_rate_lines():
    p = S["proxy"]
    p.schedule("rate 1")
    before = len(p.events())
    for _ in range(3):
        curl(p.url + "/v1/changes?limit=1")
    eq(len([e for e in p.events()[before:] if e["event"] == "fault"]), 3, "rate 1: every request")
    p.schedule("rate 0")
    before = len(p.events())
    for _ in range(3):
        rc, code, _ = curl(p.url + "/v1/changes?limit=1")
        eq((rc, code), (0, "200"), "rate 0: answered")
    check(not any(e["event"] == "fault" for e in p.events()[before:]), "rate 0: no fault")


def test_drop_before():
    op_id, _, rc, code, body, ev = post_op(S["proxy"], "drop_before")
    eq(rc, 52, "curl: empty reply")
    eq(applied(op_id), 0, "nothing reached the server")
    check(not any(e["event"] == "forwarded" for e in ev), "not forwarded")
    eq([e["fault"] for e in ev if e["event"] == "fault"], ["drop_before"], "logged")


def test_drop_after():
    op_id, data, rc, code, body, ev = post_op(S["proxy"], "drop_after")
    eq(rc, 52, "curl: empty reply")
    eq(applied(op_id), 1, "the server applied it: only the answer was lost")
    check(any(e["event"] == "forwarded" and e["status"] == 200 for e in ev), "forwarded")
    # Sent again, it is a duplicate with the first answer.
    rc, code, body = curl(S["proxy"].url + "/v1/ops", data=data)
    eq((rc, code), (0, "200"), "resend")
    check(b'"duplicate"' in body and b'"applied"' in body, "duplicate with the first answer: %r" % body)
    eq(applied(op_id), 1, "still once")


def test_status(fault):
    def run():
        op_id, _, rc, code, body, ev = post_op(S["proxy"], fault)
        eq((rc, code), (0, fault), "status")
        eq(applied(op_id), 0, "nothing reached the server")
        eq([e["fault"] for e in ev if e["event"] == "fault"], [fault], "logged")
    return run


def test_duplicate():
    op_id, _, rc, code, body, ev = post_op(S["proxy"], "duplicate")
    eq((rc, code), (0, "200"), "answer")
    check(b'"duplicate"' in body, "the desk gets the second answer: %r" % body)
    eq(applied(op_id), 1, "applied once")
    fw = [e for e in ev if e["event"] == "forwarded"]
    eq(len(fw), 2, "sent twice")
    check(fw[0]["upstream"] != fw[1]["upstream"], "to both server processes: %r" % fw)


def test_delay():
    op_id, _, rc, code, body, ev = post_op(S["proxy"], "delay")
    eq((rc, code), (0, "200"), "answer")
    eq(applied(op_id), 1, "applied")
    eq([e["fault"] for e in ev if e["event"] == "fault"], ["delay"], "logged")


def test_truncate():
    op_id, _, rc, code, body, ev = post_op(S["proxy"], "truncate")
    eq(rc, 18, "curl: partial file")
    eq(applied(op_id), 1, "applied: only the answer was cut")


def test_hold_after():
    p = S["proxy"]
    op_id = str(uuid.uuid4())
    _, data = receive_body(op_id)
    p.schedule("hold_after /v1/ops")
    before = len(p.events())
    client = subprocess.Popen(["curl", "-sS", "-o", "/dev/null", "-H",
                               "Authorization: Bearer " + S["token"], "-H",
                               "Content-Type: application/json", "--data-binary", data,
                               p.url + "/v1/ops"], stderr=subprocess.DEVNULL)
    held = p.wait_event(lambda e: e["event"] == "held", after=before)
    eq(client.poll(), None, "the client waits for its answer")
    eq(applied(op_id), 1, "applied before the client is killed")
    client.send_signal(signal.SIGKILL)
    client.wait()
    p.wait_event(lambda e: e["event"] == "desk_gone" and e["n"] == held["n"], after=before)


def test_head_keepalive():
    p = S["proxy"]
    before = len(p.events())
    url = p.url + "/v1/blobs/" + "0" * 64
    out = subprocess.run(["curl", "-sS", "-I", "-H", "Authorization: Bearer " + S["token"],
                          url, url], capture_output=True, text=True)
    eq(out.returncode, 0, "curl HEAD twice: " + out.stderr)
    eq(out.stdout.count("HTTP/1.1 404"), 2, "both answered 404")
    eq(len([e for e in p.events()[before:] if e["event"] == "request"]), 2, "two requests")


def test_dead_upstream():
    a, b = S["servers"]
    b.proc.terminate()
    b.proc.wait()
    # b's port is now closed: the proxy goes on to a.
    for _ in range(2):
        op_id, _, rc, code, body, ev = post_op(S["proxy"], None)
        eq((rc, code), (0, "200"), "answered by the live server")
        eq(applied(op_id), 1, "applied")
    c = cl.serve()
    S["servers"] = [a, c]
    S["proxy"].set_upstreams(["127.0.0.1:%d" % a.port, "127.0.0.1:%d" % c.port])
    ups = set()
    for _ in range(2):
        op_id, _, rc, code, body, ev = post_op(S["proxy"], None)
        eq((rc, code), (0, "200"), "answered")
        ups |= {e["upstream"] for e in ev if e["event"] == "forwarded"}
    eq(ups, {"127.0.0.1:%d" % a.port, "127.0.0.1:%d" % c.port}, "both new upstreams used")


def random_run(seed):
    a, c = S["servers"]
    p = Proxy(work, "r%d-%s" % (seed, uuid.uuid4().hex[:6]), ["127.0.0.1:%d" % a.port],
              seed=seed, rate=0.6, delay_ms=10, pidfile=cl.pidfile)
    try:
        for _ in range(40):
            curl(p.url + "/v1/changes?limit=5")
        return p.faults()
    finally:
        p.stop()


def test_random_schedule():
    one, two, other = random_run(7), random_run(7), random_run(8)
    eq(one, two, "the same seed gives the same faults")
    check(one != other, "another seed gives other faults")
    kinds = set(one) | set(other)
    check(len(kinds) >= 6, "the schedule uses many kinds of fault: %r" % sorted(kinds))
    check("hold_after" not in kinds, "hold_after only when asked for")


tap.run("set up two servers and a proxy", setup)
tap.run("a request passes unchanged", test_pass)
tap.run("rate lines in the control file switch random faults on and off", test_rate_lines)
tap.run("drop before forwarding: nothing applied", test_drop_before)
tap.run("drop after the answer: applied, answer lost, resend is a duplicate", test_drop_after)
tap.run("502 from the proxy: nothing applied", test_status("502"))
tap.run("503 from the proxy: nothing applied", test_status("503"))
tap.run("a request sent twice, to both servers: applied once", test_duplicate)
tap.run("a delayed request", test_delay)
tap.run("a truncated answer: applied, curl sees a partial body", test_truncate)
tap.run("an answer held until the client is killed", test_hold_after)
tap.run("HEAD and keep-alive pass through", test_head_keepalive)
tap.run("a stopped upstream is skipped; a new one is picked up", test_dead_upstream)
tap.run("the seeded random schedule repeats", test_random_schedule)
S["proxy"].stop()
cl.stop()
import shutil  # noqa: E402
shutil.rmtree(work, ignore_errors=True)
sys.exit(tap.done())
