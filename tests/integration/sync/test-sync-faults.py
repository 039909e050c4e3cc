#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The desk's sync under faults: three desks (workspaces made with
# motcua-cli: office set, then `demo`, which receives and processes
# dossiers through the real workflow, so every step is an outbox op), over
# 1,000 ops in all (about 1,400), syncing with `motcua-cli sync now` through one
# fault-proxy.py each to two `motcua-central serve` processes on one real
# PostgreSQL 15 (central_harness.py), with gnome-keyring as the Secret
# Service inside dbus-run-session (this script runs itself again in one).
#
# Faults: every kind of the proxy at least once from its control file
# (dropped before forwarding, dropped after the answer, 502, 503, sent
# twice to both servers, delayed, truncated), then a seeded random share of
# every request; a server process killed and restarted on its port while a
# batch of ops is in flight to it; one desk killed with SIGKILL while its
# batch's answer is held by the proxy (the server applied it, the desk never
# heard). Then faults off, every desk syncs until nothing moves, and:
# 0 lost (every op a desk counts as sent is on the server, for its dossier
# and desk; nothing left pending; an op not sent is kept as conflict or
# rejected and counted in `sync status`), 0 doubled (the server holds no op
# a desk did not make, and per dossier its version counts each applied op
# once), every dossier's version equal on the server and on every desk
# (each desk holds the three communes' dossiers), no conflict and no
# rejection (nobody else touches these dossiers, so one would be a bug; the
# first of each desk's is shown), and the log of each proxy shows each kind of fault really happened.
# Output is TAP; it takes about 20 s.
#
# Usage: test-sync-faults.py MOTCUA-CENTRAL MOTCUA-CLI

import json
import os
import signal
import subprocess
import sys
import threading
import time


sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sync_test_harness import SyncTest, Tap as BaseTap, check, eq, ok  # noqa: E402
from fault_proxy_launcher import Proxy  # noqa: E402

PROVINCE = "H40"
OFFICES = ["H40.12.03.X05", "H40.12.03.X06", "H40.12.03.X07"]
OFFICE_NAMES = ["Ủy ban nhân dân xã Tân Phú", "Ủy ban nhân dân xã Tân An",
                "Ủy ban nhân dân xã Phú Lâm"]
# Every officer of the demo is an officer of the province on the central,
# so the desks of its three communes act and read for all three.
OFFICERS = [("lan", "reception", "Nguyễn Thị Lan"), ("tuan", "reception", "Võ Anh Tuấn"),
            ("minh", "specialist", "Trần Văn Minh"), ("thao", "specialist", "Đỗ Phương Thảo"),
            ("hung", "leader", "Lê Quốc Hùng"), ("ha", "clerk", "Phạm Thu Hà")]
SIGN_IN = ["lan", "tuan", "thao"]          # who signs each desk in
PW = "mat-khau-trung-tam-1"
PORTAL_SECRET = "portal-connector-secret-123456"
DOSSIERS_PER_DESK = 70                     # about 400 ops each: 1,000 with a margin
FAULTS = ["drop_before", "drop_after", "502", "503", "duplicate", "delay", "truncate"]
# Each desk's first requests for /v1/ops get these, in order.
FORCED = [["pass", "drop_after", "truncate", "duplicate"],
          ["drop_before", "502", "delay"],
          ["hold_after", "503", "duplicate", "drop_after"]]
RANDOM_RATE = 0.12
MAX_RUNS = 60

class Tap(BaseTap):
    """TAP with TODO: a check of a known fault fails as "not ok … # TODO"
    (an expected failure), and passes loudly once the fault is fixed."""

    def run(self, name, fn, todo=None):
        if todo is None:
            return super().run(name, fn)
        self.n += 1
        try:
            fn()
            print("ok %d - %s # TODO %s" % (self.n, name, todo), flush=True)
        except Exception as e:  # noqa: BLE001 — the known fault
            print("not ok %d - %s # TODO %s" % (self.n, name, todo), flush=True)
            note(str(e))


t = SyncTest("mc-sync-faults-", Tap())
cl, tmp, cli, status, desk_db = t.cl, t.tmp, t.cli, t.status, t.desk_db
servers, start_server = t.servers, t.start_server
S = {"desks": [], "proxies": [], "desk_ids": [], "restarted": None, "killed": None}


def note(text):
    for line in str(text).splitlines():
        print("# " + line, flush=True)


def sync_now(ws):
    """(exit status, the --json answer or None, stderr) of one `sync now`."""
    out = cli(ws, "--json", "sync", "now")
    answer = None
    if out.returncode == 0:
        answer = json.loads(out.stdout)
    return out.returncode, answer, out.stderr.strip()


# ---- Set-up ------------------------------------------------------------------

def make_desk(i):
    ws = os.path.join(tmp, "desk%d" % (i + 1))
    ok(cli(ws, "office", "set", "--code", OFFICES[i], "--name", OFFICE_NAMES[i],
           "--parent", "Ủy ban nhân dân tỉnh Đồng Nai"), "office set")
    ok(cli(ws, "demo", "--dossiers", str(DOSSIERS_PER_DESK), "--seed", str(101 + i),
           "--quiet"), "demo")
    return ws


def setup():
    cl.central("init")
    cl.central("office", "add", "--code", PROVINCE, "--name", "Ủy ban nhân dân tỉnh Đồng Nai")
    for code, name in zip(OFFICES, OFFICE_NAMES):
        cl.central("office", "add", "--code", code, "--name", name, "--parent", PROVINCE)
    for login, role, name in OFFICERS:
        cl.central("user", "add", "--login", login, "--name", name, "--office", PROVINCE,
                   "--role", role, "--password-stdin", stdin=PW + "\n")
    cl.central("client", "add", "--id", "portal-connector", "--scope", "portal",
               "--secret-stdin", stdin=PORTAL_SECRET + "\n")
    start_server(0)
    start_server(1)

    desks = [None] * 3
    errors = []

    def make(i):
        try:
            desks[i] = make_desk(i)
        except Exception as e:  # noqa: BLE001 — reported below
            errors.append(e)
    threads = [threading.Thread(target=make, args=(i,)) for i in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if errors:
        raise errors[0]
    S["desks"] = desks

    # The demo's online dossiers came from the portal: the central has them
    # too, from its portal intake, before any desk sends their ops.
    status_code, body, _, _ = servers[0].request("POST", "/v1/auth/token", form={
        "grant_type": "client_credentials", "client_id": "portal-connector",
        "client_secret": PORTAL_SECRET})
    eq(status_code, 200, "portal connector token")
    portal = body["access_token"]
    S["online"] = online = set()
    for ws in desks:
        for code, proc, proc_name, name, pid in desk_db(
                ws, "SELECT code, procedure_code, procedure_name, applicant_name, applicant_id"
                    " FROM dossier WHERE channel = 2 ORDER BY code"):
            dossier = {"MaHoSo": code, "MaTTHC": proc, "TenTTHC": proc_name, "KenhThucHien": 2,
                       "ChuHoSo": name, "TaiLieuNop": []}
            if pid and len(pid) == 12 and pid.isdigit():
                dossier["SoDinhDanh"] = pid
            st, answer, raw, _ = servers[0].request("POST", "/v1/portal/dossiers",
                                                    json_body=dossier, token=portal)
            check(st in (200, 201), "portal intake of %s: %d %r" % (code, st, raw[:300]))
            online.add(code)
    note("online dossiers taken in by the portal intake: %d" % len(online))

    for i, ws in enumerate(desks):
        p = Proxy(tmp, "proxy%d" % (i + 1),
                  ["127.0.0.1:%d" % port for port in t.ports],
                  seed=1000 + i, rate=0.0, faults=FAULTS, delay_ms=150, pidfile=cl.pidfile)
        S["proxies"].append(p)
        t.cleanups.append(p.stop)


def sign_in():
    total = 0
    for i, ws in enumerate(S["desks"]):
        ok(t.sync_login(ws, S["proxies"][i].url, SIGN_IN[i], PW),
           "sync login of desk %d" % (i + 1))
        st = status(ws)
        eq(st["server"], S["proxies"][i].url, "the desk syncs through its proxy")
        S["desk_ids"].append(st["desk_id"])
        pending = len(desk_db(ws, "SELECT op_id FROM outbox"))
        eq(st["pending_ops"], pending, "every op of desk %d waits" % (i + 1))
        total += pending
    note("ops waiting on the three desks: %d" % total)
    check(total >= 1000, "at least 1,000 ops in all: %d" % total)
    S["total_ops"] = total


# ---- Faults --------------------------------------------------------------------

def restart_server_mid_batch(proxy):
    """Kills the server a batch of ops is being sent to, at once, and starts
    it again on its port."""
    e = proxy.wait_event(lambda e: e["event"] == "sending" and e["path"].startswith("/v1/ops"),
                         timeout=120)
    port = int(e["upstream"].rsplit(":", 1)[1])
    i = t.ports.index(port)
    t.stop_server(i, signal.SIGKILL)
    applied = cl.psql("SELECT count(*) FROM op")
    start_server(i)
    S["restarted"] = {"server": i, "request": e["n"], "ops_on_server_at_kill": applied}


def forced_faults():
    for i, p in enumerate(S["proxies"]):
        p.schedule(*["%s /v1/ops" % f for f in FORCED[i]])

    # Desk 3: its first batch is applied by the server, but the proxy holds
    # the answer; once the proxy says so, the desk is killed mid-sync.
    ws3, p3 = S["desks"][2], S["proxies"][2]
    desk = subprocess.Popen([t.cli_bin, "--workspace", ws3, "sync", "now"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    held = p3.wait_event(lambda e: e["event"] == "held", timeout=120)
    check(desk.poll() is None, "desk 3 is waiting for its answer")
    desk.send_signal(signal.SIGKILL)
    desk.wait()
    p3.wait_event(lambda e: e["event"] == "desk_gone" and e["n"] == held["n"])
    fw = [e for e in p3.events() if e["event"] == "forwarded" and e["n"] == held["n"]]
    eq([e["status"] for e in fw], [200], "the held batch was applied by the server")
    S["killed"] = held["n"]
    eq(status(ws3)["pending_ops"] > 0, True, "desk 3 still counts its ops as waiting")

    # Desk 1: a server process killed and restarted while its first batch
    # is in flight (the proxy answers 502 for it).
    restarter = threading.Thread(target=lambda: restart_server_mid_batch(S["proxies"][0]))
    restarter.start()
    rc, answer, err = sync_now(S["desks"][0])
    restarter.join()
    check(S["restarted"] is not None, "a server was restarted mid-batch")
    n = S["restarted"]["request"]
    S["restarted"]["proxy_saw"] = [(e["status"], e["upstream"]) for e in S["proxies"][0].events()
                                   if e["event"] == "forwarded" and e["n"] == n]
    note("restart: %r; desk 1's sync: exit %d %s" % (S["restarted"], rc, err))


def random_faults():
    for p in S["proxies"]:
        p.schedule("rate %g" % RANDOM_RATE)
    runs = [0, 0, 0]
    failures = [[], [], []]
    done = [False, False, False]

    def loop(i):
        ws = S["desks"][i]
        while runs[i] < MAX_RUNS:
            runs[i] += 1
            rc, answer, err = sync_now(ws)
            if rc == 0 and answer is not None and answer.get("pending_ops") == 0:
                done[i] = True
                return
            failures[i].append(err.splitlines()[-1] if err else "exit %d" % rc)

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for i in range(3):
        note("desk %d: %d runs of sync now; failures seen: %s"
             % (i + 1, runs[i], sorted(set(failures[i]))[:8]))
    eq(done, [True, True, True], "every desk got a clean sync within %d runs" % MAX_RUNS)


def quiet():
    for p in S["proxies"]:
        p.schedule("rate 0")
    for round_ in range(5):
        moved = 0
        for ws in S["desks"]:
            rc, answer, err = sync_now(ws)
            eq(rc, 0, "sync without faults: " + err)
            moved += sum(answer.get(k, 0) for k in ("applied", "imported", "pulled"))
        if moved == 0:
            return
    raise AssertionError("the desks still move changes after 5 quiet rounds")


# ---- Judgement -----------------------------------------------------------------

def every_fault_happened():
    kinds = set()
    for p in S["proxies"]:
        kinds |= set(p.faults())
    for p in S["proxies"]:
        note("%s: %s" % (p.name, sorted(p.faults())))
    missing = (set(FAULTS) | {"hold_after"}) - kinds
    eq(missing, set(), "fault kinds that never happened")
    dup = [e for p in S["proxies"] for e in p.events()
           if e["event"] == "forwarded" and e.get("copy") == 1]
    check(dup, "a request really reached the server twice")


def desk_ops():
    """{op_id: (dossier code, desk id, outbox status)} of the three desks."""
    ops = {}
    for i, ws in enumerate(S["desks"]):
        for op_id, code, st in desk_db(ws, "SELECT op_id, dossier_code, status FROM outbox"):
            check(op_id not in ops, "op %s made once" % op_id)
            ops[op_id] = (code, S["desk_ids"][i], st)
    eq(len(ops), S["total_ops"], "the desks' ops")
    return ops


def server_ops():
    ops = {}
    for row in cl.psql("SELECT op_id, dossier_code, desk_id FROM op").splitlines():
        op_id, code, desk_id = row.split("|")
        ops[op_id] = (code, desk_id)
    return ops


SENT = ("applied", "duplicate")


def nothing_lost():
    mine, theirs = desk_ops(), server_ops()
    sent = {k for k, v in mine.items() if v[2] in SENT}
    lost = sorted(sent - set(theirs))
    eq(lost[:5], [], "ops the desk counts as sent that the server lacks (%d)" % len(lost))
    for op_id in sent:
        eq(theirs[op_id], mine[op_id][:2], "op %s recorded for its dossier and desk" % op_id)
    # An op not sent is kept and shown: a conflict or a rejection, never
    # left pending, never dropped.
    stuck = sorted({v[2] for v in mine.values()} - set(SENT) - {"conflict", "rejected"})
    eq(stuck, [], "outbox states other than sent, conflict or rejected")
    for i, ws in enumerate(S["desks"]):
        st = status(ws)
        eq(st["pending_ops"], 0, "desk %d: ops waiting" % (i + 1))
        # Counted by op or by dossier, with or without the rejected: any
        # of these, and never 0 while one is kept.
        counts = {desk_db(ws, "SELECT count(*) FROM outbox WHERE status = 'conflict'")[0][0],
                  desk_db(ws, "SELECT count(*) FROM outbox"
                              " WHERE status IN ('conflict', 'rejected')")[0][0],
                  desk_db(ws, "SELECT count(DISTINCT dossier_code) FROM outbox"
                              " WHERE status = 'conflict'")[0][0],
                  desk_db(ws, "SELECT count(DISTINCT dossier_code) FROM outbox"
                              " WHERE status IN ('conflict', 'rejected')")[0][0]}
        check(st["conflicts"] in counts, "desk %d: conflicts counted: %r, kept: %r"
              % (i + 1, st["conflicts"], sorted(counts)))
        gone = [op for op, v in mine.items() if v[1] == S["desk_ids"][i] and v[2] == "conflict"
                and op in theirs]
        eq(gone, [], "desk %d: ops in conflict that the server applied anyway" % (i + 1))


def nothing_doubled():
    mine, theirs = desk_ops(), server_ops()
    extra = sorted(set(theirs) - set(mine))
    eq(extra[:5], [], "ops on the server that no desk made (%d)" % len(extra))
    # Per dossier, the server's version counts each op it applied once (and
    # the portal intake's version 1 of an online dossier): an op applied
    # twice under two ids, or twice in one, would show here.
    per_dossier = {}
    for op_id, (code, _, st) in mine.items():
        if op_id in theirs:
            per_dossier[code] = per_dossier.get(code, 0) + 1
    rows = cl.psql("SELECT code, version FROM dossier").splitlines()
    server_versions = {r.split("|")[0]: int(r.split("|")[1]) for r in rows}
    doubled = sorted(c for c, v in server_versions.items()
                     if v != per_dossier.get(c, 0) + (1 if c in S["online"] else 0))
    eq(doubled[:5], [], "dossiers whose server version does not count their ops once (%d)"
       % len(doubled))
    S["server_versions"] = server_versions


def conflicted(ws):
    return {row[0] for row in desk_db(
        ws, "SELECT DISTINCT dossier_code FROM outbox WHERE status IN ('conflict', 'rejected')")}


def versions_equal():
    want = S["server_versions"]
    for i, ws in enumerate(S["desks"]):
        got = {code: version for code, version in desk_db(ws, "SELECT code, version FROM dossier")}
        eq(sorted(set(want) - set(got))[:5], [],
           "dossiers of the three communes missing on desk %d" % (i + 1))
        # A dossier with an op kept as conflict or rejected keeps the desk's
        # own version until an official chooses; every other is the server's.
        skip = conflicted(ws)
        differ = sorted(c for c in want if c not in skip and got.get(c) != want[c])
        eq([(c, got.get(c), want[c]) for c in differ[:5]], [],
           "dossiers of another version on desk %d (%d): (code, desk, server)"
           % (i + 1, len(differ)))


def kept_ops():
    """{desk number: [(status, code, channel, type, base, error)]} of the ops
    kept as conflict or rejected, in outbox order."""
    found = {}
    for i, ws in enumerate(S["desks"]):
        for code, channel, typ, base, st, err in desk_db(
                ws, "SELECT d.code, d.channel, o.type, o.base_version, o.status, o.last_error"
                    " FROM outbox o JOIN dossier d ON d.id = o.dossier_id"
                    " WHERE o.status IN ('conflict', 'rejected') ORDER BY o.seq"):
            found.setdefault(i + 1, []).append((st, code, channel, typ, base, (err or "")[:160]))
    return found


def online_receive(first):
    """The known fault: the central answers conflict to a desk receiving an
    online dossier (type receive on the portal intake's version 1)."""
    st, code, channel, typ, base, _ = first
    return st == "conflict" and channel == 2 and typ == "receive" and base == 1


def no_other_conflict():
    """In this run nobody else touches a desk's dossiers and every op is
    valid: a conflict or a rejection is a bug. Each dossier's first kept op
    is shown; the later ones of that dossier follow from it."""
    found = kept_ops()
    other = []
    for desk, rows in found.items():
        firsts = {}
        for r in rows:
            firsts.setdefault(r[1], r)
        known = [r for r in firsts.values() if online_receive(r)]
        unknown = [r for r in firsts.values() if not online_receive(r)]
        note("desk %d: %d ops kept on %d dossiers; %d of them an online dossier's receive"
             % (desk, len(rows), len(firsts), len(known)))
        for r in (unknown or known)[:3]:
            note("  first of its dossier: %r" % (r,))
        other += unknown
    eq(len(other), 0, "dossiers whose first kept op is not an online dossier's receive")
    for i, ws in enumerate(S["desks"]):
        eq(status(ws)["state"], "synced", "desk %d: state" % (i + 1))


def no_conflict_at_all():
    eq(sum(len(r) for r in kept_ops().values()), 0, "ops kept as conflict or rejected")


# ---- Sign-in faults and what the desk says ----------------------------------

def token_answer_lost():
    """The answer to a refresh is dropped after the server rotated the
    token: the desk's retry presents the old token again, within the
    server's reuse grace, and gets a new pair of the same sign-in."""
    ws, p = S["desks"][1], S["proxies"][1]
    after = len(p.events())
    p.schedule("drop_after /v1/auth/token")
    rc, answer, err = sync_now(ws)
    fault = p.wait_event(lambda e: e["event"] == "fault" and e["fault"] == "drop_after"
                         and e["path"].startswith("/v1/auth/token"), after=after)
    fw = [e["status"] for e in p.events() if e["event"] == "forwarded" and e["n"] == fault["n"]]
    eq(fw, [200], "the server rotated the token, then its answer was lost")
    retries = [e for e in p.events()[after:] if e["event"] == "request"
               and e["path"].startswith("/v1/auth/token") and e["n"] > fault["n"]]
    check(retries, "the desk asked again")
    eq(rc, 0, "sync after the lost token answer succeeds (%s)" % err)
    eq(cl.psql("SELECT count(*) FROM token_family WHERE revoked"), "0", "no sign-in revoked")
    rc, answer, err = sync_now(ws)
    eq(rc, 0, "the refresh token the retry got is good (%s)" % err)


def reuse_after_use_revokes():
    """The grace is no hole: once the rotated pair has been used, the old
    refresh token presented again revokes the whole sign-in."""
    s = servers[0]

    def token(form):
        return s.request("POST", "/v1/auth/token", form=dict(form, client_id="motcua-desk"))

    st, t0, _, _ = token({"grant_type": "password", "username": "minh", "password": PW,
                          "desk_id": "22222222-3333-4444-8555-666666666666"})
    eq(st, 200, "password sign-in")
    r0 = t0["refresh_token"]
    st, t1, _, _ = token({"grant_type": "refresh_token", "refresh_token": r0})
    eq(st, 200, "refresh")
    st, t2, _, _ = token({"grant_type": "refresh_token", "refresh_token": r0})
    eq(st, 200, "the same token again within the grace, its pair unused: a new pair")
    check(t2["refresh_token"] not in (r0, t1["refresh_token"]), "a new refresh token")
    st, body, _, _ = token({"grant_type": "refresh_token", "refresh_token": t1["refresh_token"]})
    eq((st, body.get("error")), (400, "invalid_grant"), "the pair whose answer was lost is void")
    st, _, _, _ = s.request("GET", "/v1/changes?limit=1", token=t1["access_token"])
    eq(st, 401, "its access token is void too")
    st, _, _, _ = s.request("GET", "/v1/changes?limit=1", token=t2["access_token"])
    eq(st, 200, "the new pair works")
    st, body, _, _ = token({"grant_type": "refresh_token", "refresh_token": r0})
    eq((st, body.get("error")), (400, "invalid_grant"), "the old token after its pair was used: refused")
    st, body, _, _ = token({"grant_type": "refresh_token", "refresh_token": t2["refresh_token"]})
    eq((st, body.get("error")), (400, "invalid_grant"), "and the whole sign-in is revoked")
    st, _, _, _ = s.request("GET", "/v1/changes?limit=1", token=t2["access_token"])
    eq(st, 401, "with its access token")


def unavailable_said():
    """A 502/503 on every try is said as the server being unavailable, in
    English and in Vietnamese, not as a malformed answer."""
    ws, p = S["desks"][0], S["proxies"][0]
    for status_code, env, want in [
            ("502", {}, "the central server is unavailable (502), will retry"),
            ("503", {"LC_ALL": "vi_VN.UTF-8", "LANGUAGE": "vi"},
             "máy chủ trung tâm tạm thời không phục vụ được (503), sẽ thử lại")]:
        p.schedule(*["%s /v1/changes" % status_code] * 4)
        out = cli(ws, "sync", "now", env=env)
        note("sync now through %s: %s" % (status_code, out.stderr.strip()))
        check(out.returncode != 0, "the sync failed")
        check(want in out.stderr, "the error says %r" % want)
        check("no results" not in out.stderr, "not “no results”")
    p.schedule("rate 0")
    rc, _, err = sync_now(ws)
    eq(rc, 0, "the next sync succeeds (%s)" % err)


started = time.monotonic()
status_ = t.run([
    ("set-up: PostgreSQL, two servers, three demo desks, online dossiers, proxies", setup),
    ("three desks sign in through their proxies; over 1,000 ops wait", sign_in),
    ("forced faults: desk killed mid-sync, server restarted mid-batch", forced_faults),
    ("random faults until every desk syncs cleanly", random_faults),
    ("faults off: sync until nothing moves", quiet),
    ("each kind of fault really happened", every_fault_happened),
    ("0 lost: every op sent is on the server; none stuck; conflicts kept and counted",
     nothing_lost),
    ("0 doubled: the server applied each op once", nothing_doubled),
    ("every dossier's version is the same on the server and on each desk", versions_equal),
    ("no conflict, no rejection but the known one: nobody else changed these dossiers",
     no_other_conflict),
    ("no conflict at all", no_conflict_at_all),
    ("a lost answer to a refresh: the retry gets a new pair, nothing revoked",
     token_answer_lost),
    ("the old refresh token after its pair was used revokes the sign-in",
     reuse_after_use_revokes),
    ("502/503 said as the central server being unavailable (en, vi)", unavailable_said),
])
note("fault test took %.0f s" % (time.monotonic() - started))
sys.exit(status_)
