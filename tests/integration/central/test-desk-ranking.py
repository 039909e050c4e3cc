#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The desk's view of the province's ranking of its communes (issue 14):
# PostgreSQL 15 and motcua-central (central_harness.py), gnome-keyring in a
# D-Bus session of this script's own (sync_harness.py), the province and
# communes of kpi_fixture.py with the communes' December dossiers synced.
# A province desk signed in as the province's leader asks with
# `motcua-cli --json report ranking`: the two communes come back in the
# right order with the on-time rates worked out by hand in kpi_fixture.py
# (Xã Tân Hòa 1/1 = 100.0 %, then Xã Tân Phú 3/5 = 60.0 %). A commune's
# desk has nothing to rank; a commune's sign-in asking for its province is
# refused (403) with a message that says what to do; with the server
# stopped the desk says it cannot reach it. Output is TAP.
#
# With `--ui RUN_XVFB TEST` it prepares the same peers and desks and runs
# the Reports window's test (tests/ui/sync/test-reports-ranking.c) under
# Xvfb instead; that test's TAP output is this one's.

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "sync"))
from sync_harness import in_session, start_keyring  # noqa: E402

in_session()

from central_harness import Cluster, Tap  # noqa: E402
from kpi_fixture import (A, B, DECEMBER, DECEMBER_TOTAL, NAMES, PROV, PW,  # noqa: E402
                         make_offices, push_commune_ops)

CENTRAL, CLI = sys.argv[1], sys.argv[2]
UI = sys.argv[4:6] if len(sys.argv) > 5 and sys.argv[3] == "--ui" else None

# The peers run without leak detection under the sanitizers (as in
# test-sync-header.py); the UI process is what a UI run checks.
UI_ASAN = os.environ.get("ASAN_OPTIONS")
if UI_ASAN is not None:
    os.environ["ASAN_OPTIONS"] = UI_ASAN.replace("detect_leaks=1", "detect_leaks=0")


def eq(got, want, what):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def cli(ws, *args, stdin=None):
    return subprocess.run([CLI, "--workspace", ws] + list(args), input=stdin,
                          capture_output=True, text=True)


def ok(out, what):
    if out.returncode != 0:
        raise AssertionError("%s: exit %d\n%s%s" % (what, out.returncode, out.stdout, out.stderr))
    return out


tmp = tempfile.mkdtemp(prefix="mc-ranking-test-")
os.chmod(tmp, 0o700)
keyring = start_keyring(tmp)
cl = Cluster(CENTRAL)
S = {}


def desk(name, office, login):
    """A workspace of @office signed in to the central as @login."""
    ws = os.path.join(tmp, name)
    ok(cli(ws, "office", "set", "--code", office, "--name", NAMES[office]), "office set")
    ok(cli(ws, "sync", "login", "--server", S["url"], "--user", login, "--password-stdin",
           stdin=PW[login] + "\n"), "sync login as " + login)
    return ws


def setup():
    cl.central("init")
    make_offices(cl)
    server = S["server"] = cl.serve()
    S["url"] = "http://%s:%d" % (server.host, server.port)
    lan = server.token("lan", PW["lan"])["access_token"]
    cuong = server.token("cuong", PW["cuong"])["access_token"]
    for status, results in push_commune_ops(server, lan, cuong):
        eq(status, 200, "the communes' ops sent")
        eq(results, {"applied"}, "every op applied")
    S["province"] = desk("province", PROV, "tinh")
    S["commune"] = desk("commune", A, "lan")
    if UI is not None:
        # A desk set to the province but signed in as a commune's officer:
        # the central refuses it the province's ranking (403).
        S["forbidden"] = desk("forbidden", PROV, "lan")


def ranking(ws, *extra):
    return cli(ws, "--json", "report", "ranking", "--from", "2026-12-01", "--to", "2026-12-31", *extra)


def row(o):
    return (o["received"], o["online"], o["finished"], o["on_time"],
            o["on_time_percent"], o["online_percent"])


def province_ranking():
    got = json.loads(ok(ranking(S["province"]), "ranking").stdout)
    eq((got["office"], got["from"], got["to"]), (PROV, "2026-12-01", "2026-12-31"), "what was asked")
    communes = got["communes"]
    # Ranked by the on-time share worked out by hand: B 1/1, then A 3/5.
    eq([(c["rank"], c["office"], c["name"]) for c in communes],
       [(1, B, NAMES[B]), (2, A, NAMES[A])], "the two communes in order")
    eq(row(communes[0]), DECEMBER[B], "Xã Tân Hòa")
    eq(row(communes[1]), DECEMBER[A], "Xã Tân Phú")
    eq(communes[0]["on_time"] * 100.0 / communes[0]["finished"], 100.0, "B's rate from its counts")
    eq(round(communes[1]["on_time"] * 1000.0 / communes[1]["finished"]) / 10, 60.0, "A's rate from its counts")
    eq(row(got["total"]), DECEMBER_TOTAL, "the province in all")
    eq(row(got["own"]), DECEMBER[PROV], "the province's own office, not ranked")
    # The text form names them in the same order.
    text = ok(cli(S["province"], "report", "ranking", "--from", "2026-12-01", "--to", "2026-12-31"),
              "ranking as text").stdout.splitlines()
    eq(len(text), 2, "one line per commune: %r" % text)
    check(text[0].startswith(" 1. %s (%s): 100,0 %%" % (NAMES[B], B)), "first line %r" % text[0])
    check(text[1].startswith(" 2. %s (%s): 60,0 %%" % (NAMES[A], A)), "second line %r" % text[1])


def commune_has_nothing_to_rank():
    got = json.loads(ok(ranking(S["commune"]), "a commune's ranking").stdout)
    eq(got["communes"], [], "nothing under a commune")
    eq(row(got["own"]), DECEMBER[A], "its own figures")
    out = ok(cli(S["commune"], "report", "ranking", "--from", "2026-12-01", "--to", "2026-12-31"),
             "as text")
    check(A in out.stdout and "\n" == out.stdout[-1] and len(out.stdout.splitlines()) == 1,
          "one line saying there is nothing to rank: %r" % out.stdout)


def forbidden():
    out = ranking(S["commune"], "--office", PROV)
    eq(out.returncode, 1, "a commune's sign-in on its province")
    eq(out.stdout, "", "nothing printed as a result")
    check(PROV in out.stderr and "Sign in with an account" in out.stderr,
          "it says what is refused and what to do: %r" % out.stderr)
    eq(len(out.stderr.strip().splitlines()), 1, "one line")


def offline():
    proc = S["server"].proc
    proc.terminate()
    proc.wait()
    cl.servers.remove(proc)
    out = ranking(S["province"])
    eq(out.returncode, 1, "the server stopped")
    check("cannot be reached" in out.stderr, "it says the server cannot be reached: %r" % out.stderr)


def run_ui():
    env = dict(os.environ, MC_TEST_PROVINCE=S["province"], MC_TEST_COMMUNE=S["commune"],
               MC_TEST_FORBIDDEN=S["forbidden"],
               MC_TEST_SERVER_PID=str(S["server"].proc.pid),
               MC_TEST_SECRET_BUS=os.environ["DBUS_SESSION_BUS_ADDRESS"])
    if UI_ASAN is not None:
        env["ASAN_OPTIONS"] = UI_ASAN
    return subprocess.run([UI[0], UI[1], "--tap"], env=env).returncode


def main():
    try:
        if UI is not None:
            setup()
            return run_ui()
        tap = Tap()
        tap.run("setup: a province, two communes, their December synced; a province and a commune desk", setup)
        if tap.failed:
            return tap.done()
        tap.run("the province desk: the two communes ranked, rates as worked out by hand", province_ranking)
        tap.run("a commune desk: nothing under it to rank", commune_has_nothing_to_rank)
        tap.run("a commune's sign-in asking for its province: refused, and what to do", forbidden)
        tap.run("the central server stopped: the desk says it cannot reach it", offline)
        return tap.done()
    finally:
        cl.stop()
        keyring.terminate()
        keyring.wait()


sys.exit(main())
