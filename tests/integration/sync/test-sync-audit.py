#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `motcua-cli sync audit-check` against the real central server
# (PostgreSQL 15 and motcua-central from central_harness.py, gnome-keyring
# as the Secret Service in this script's own D-Bus session): after a sync
# the desk's audit and the server's records of its ops agree; each kind of
# tampering is then found, on the server (psql as postgres: an op's officer,
# its payload, the audit-chain head recorded with it, a deleted op row) and
# on the desk (an edited audit entry; entries cut from the end with the
# head moved back, which the desk's own check cannot see but the server's
# recorded head can). A desk reads only its own records. Output is TAP.

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sync_test_harness import OFFICE, OFFICE_NAME, SyncTest, check, eq, ok  # noqa: E402

# Under the sanitize setup every process here runs without leak detection,
# as the peers of test-sync-header.py do: at exit motcua-cli still holds a
# D-Bus message of libsecret's connection in GDBus's worker thread
# (g_dbus_message_new_from_blob; see tests/ui/sync/meson.build) and
# motcua-central a few hundred bytes inside libsoup, not yet traced. Their
# memory errors stay fatal.
if os.environ.get("ASAN_OPTIONS") is not None:
    os.environ["ASAN_OPTIONS"] = os.environ["ASAN_OPTIONS"].replace("detect_leaks=1", "detect_leaks=0")

t = SyncTest("mc-sync-audit-")
cl, cli, desk_db = t.cl, t.cli, t.desk_db
PW = {"lan": "lan-mat-khau-1", "binh": "binh-mat-khau-2"}
desks = {}


def audit_check(ws):
    """The JSON report and the exit status."""
    out = cli(ws, "--json", "sync", "audit-check")
    check(out.stdout.strip() != "", "a report on stdout: %r" % out.stderr)
    return json.loads(out.stdout), out.returncode, out.stderr


def make_desk(name, login, n):
    ws = t.make_desk(name, login)
    ok(t.sync_login(ws, t.url(0), login, PW[login]), "sync login")
    t.sync_now(ws)  # the first sync: dossier numbers leased
    for _ in range(n):
        t.receive(ws, login)
    t.sync_now(ws)
    desks[name] = ws
    return ws


def setup():
    cl.central("init")
    cl.central("office", "add", "--code", OFFICE, "--name", OFFICE_NAME)
    for login in ("lan", "binh"):
        cl.central("user", "add", "--login", login, "--name", login.title(), "--office", OFFICE,
                   "--role", "reception", "--password-stdin", stdin=PW[login] + "\n")
    t.start_server(0)
    make_desk("desk1", "lan", 3)
    make_desk("desk2", "binh", 1)


def agree():
    ws = desks["desk1"]
    report, rc, err = audit_check(ws)
    eq(rc, 0, "exit status when they agree (%s)" % err)
    eq(report["agree"], True, "agree")
    eq(report["first_divergence"], None, "nothing differs")
    eq((report["server_ops"], report["local_sent"], report["unconfirmed"]), (3, 3, 0),
       "the three receptions on both sides")
    check(report["heads_checked"] >= 1, "a head was checked")
    # The head the server keeps is the desk's own entry at that number.
    seq, hash_ = cl.psql("SELECT DISTINCT audit_head->>'seq' || ' ' || (audit_head->>'hash') FROM op"
                         " WHERE token_login = 'lan'").split()
    eq(desk_db(ws, "SELECT hash FROM audit WHERE seq = ?", (int(seq),)), [(hash_,)],
       "the recorded head is an entry of the desk's log")
    out = ok(cli(ws, "sync", "audit-check"), "plain audit-check")
    check("3" in out.stdout, "it says how many ops: %r" % out.stdout)
    # desk2 reads only its own record, not desk1's three.
    report, rc, _ = audit_check(desks["desk2"])
    eq((rc, report["agree"], report["server_ops"]), (0, True, 1), "desk2 sees its one op")


def first_op():
    return cl.psql("SELECT op_id FROM op WHERE token_login = 'lan' ORDER BY taken_at, op_id LIMIT 1")


def expect_divergence(kind, what, op_id=None):
    report, rc, err = audit_check(desks["desk1"])
    eq(rc, 1, "exit 1 on %s" % what)
    eq(report["agree"], False, "not agreeing on %s" % what)
    first = report["first_divergence"]
    eq(first["kind"], kind, "kind of %s" % what)
    if op_id is not None:
        eq(first["op_id"], op_id, "the op of %s" % what)
    check(err.strip() != "" and len(err.strip().splitlines()) == 1,
          "one line on stderr for %s: %r" % (what, err))
    return first


def tamper_server_officer():
    op = first_op()
    cl.psql("UPDATE op SET op_officer = 'binh' WHERE op_id = '%s'" % op)
    first = expect_divergence("op-differs", "another officer", op)
    check("officer" in first["message"], "names the field: %r" % first["message"])
    cl.psql("UPDATE op SET op_officer = 'lan' WHERE op_id = '%s'" % op)
    eq(audit_check(desks["desk1"])[1], 0, "agrees again once restored")


def tamper_server_payload():
    op = first_op()
    cl.psql("UPDATE op SET payload = jsonb_set (payload, '{dossier,ChuHoSo}', '\"Trần Văn Giả\"')"
            " WHERE op_id = '%s'" % op)
    first = expect_divergence("op-differs", "an edited payload", op)
    check("payload" in first["message"], "names the field: %r" % first["message"])
    cl.psql("UPDATE op SET payload = jsonb_set (payload, '{dossier,ChuHoSo}', '\"Đặng Thị Hòa\"')"
            " WHERE op_id = '%s'" % op)
    eq(audit_check(desks["desk1"])[1], 0, "agrees again once restored")


def tamper_server_head():
    saved = cl.psql("SELECT audit_head::text FROM op WHERE token_login = 'lan' LIMIT 1")
    cl.psql("UPDATE op SET audit_head = jsonb_set (audit_head, '{hash}', '\"%s\"')"
            " WHERE token_login = 'lan'" % ("ab" * 32))
    first = expect_divergence("audit-head", "a changed audit head")
    eq(first["audit_seq"], json.loads(saved)["seq"], "the entry concerned")
    cl.psql("UPDATE op SET audit_head = '%s'::jsonb WHERE token_login = 'lan'" % saved)
    eq(audit_check(desks["desk1"])[1], 0, "agrees again once restored")


def deleted_server_row():
    op = first_op()
    cl.psql("CREATE TABLE op_saved AS SELECT * FROM op WHERE op_id = '%s'" % op)
    cl.psql("DELETE FROM op WHERE op_id = '%s'" % op)
    expect_divergence("missing-on-server", "a deleted op row", op)
    cl.psql("INSERT INTO op SELECT * FROM op_saved; DROP TABLE op_saved")
    eq(audit_check(desks["desk1"])[1], 0, "agrees again once restored")


def tamper_local_entry():
    ws = desks["desk1"]
    (actor,), = desk_db(ws, "SELECT actor FROM audit WHERE seq = 2")
    desk_db(ws, "UPDATE audit SET actor = 'ke-gian' WHERE seq = 2", write=True)
    first = expect_divergence("local-chain", "an edited local entry")
    eq(first["audit_seq"], 2, "the entry concerned")
    desk_db(ws, "UPDATE audit SET actor = ? WHERE seq = 2", (actor,), write=True)
    eq(audit_check(ws)[1], 0, "agrees again once restored")


def cut_local_log():
    """Entries cut from the end with the kept head moved back: the desk's
    own check finds nothing, the head the server recorded does."""
    ws = desks["desk1"]
    seq = int(cl.psql("SELECT max ((audit_head->>'seq')::int) FROM op WHERE token_login = 'lan'"))
    (prev_hash,), = desk_db(ws, "SELECT hash FROM audit WHERE seq = ?", (seq - 1,))
    desk_db(ws, "DELETE FROM audit WHERE seq >= ?", (seq,), write=True)
    desk_db(ws, "UPDATE workspace_meta SET value = ? WHERE key = 'audit_head'",
            ("%d:%s" % (seq - 1, prev_hash),), write=True)
    ok(cli(ws, "audit", "verify"), "the desk's own check sees an intact log")
    first = expect_divergence("audit-head", "entries cut from the end")
    eq(first["audit_seq"], seq, "the entry the server recorded")


sys.exit(t.run([
    ("setup: PostgreSQL, central server, keyring, two desks synced", setup),
    ("after a sync the desk and the server agree; a desk reads only its own", agree),
    ("server: an op's officer changed is found", tamper_server_officer),
    ("server: an op's payload changed is found", tamper_server_payload),
    ("server: the recorded audit-chain head changed is found", tamper_server_head),
    ("server: a deleted op row is found", deleted_server_row),
    ("desk: an edited audit entry is found", tamper_local_entry),
    ("desk: entries cut from the end are found through the server's head", cut_local_log),
]))
