# SPDX-License-Identifier: GPL-3.0-or-later
#
# The set-up the desk's sync tests share (test-sync.py, test-sync-audit.py,
# test-sync-reference.py, test-sync-faults.py), so that each of them holds
# only its own steps and checks: the script run again inside a D-Bus
# session of its own with gnome-keyring as the Secret Service
# (sync_harness.py); a real PostgreSQL 15, run as `postgres`, and
# motcua-central processes, each ready once it has printed its "listening
# on" line (central_harness.py); desk workspaces made and signed in with
# motcua-cli; and everything stopped and removed after the TAP steps.
#
# A script using it is run as SCRIPT MOTCUA-CENTRAL MOTCUA-CLI.

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "central"))
sys.path.insert(0, HERE)
from sync_harness import in_session, start_keyring  # noqa: E402
from central_harness import Cluster, Tap  # noqa: E402

# The commune most of the tests' desks serve, and the one password of
# every officer on those desks.
OFFICE = "000.00.04.H40"
OFFICE_NAME = "Xã Tân Phú"
DESK_PW = "mat-khau-quay"


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def eq(got, want, what):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))


def ok(out, what):
    """@out, a finished motcua-cli run, when it exited 0."""
    if out.returncode != 0:
        raise AssertionError("%s: exit %d\n%s%s" % (what, out.returncode, out.stdout, out.stderr))
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SyncTest:
    """One sync test's peers. Made first thing in the script: it runs the
    script again inside its own D-Bus session, then makes a private
    temporary folder (0700), starts gnome-keyring in the session and a
    PostgreSQL cluster (cl)."""

    def __init__(self, prefix, tap=None):
        in_session()
        self.central_bin, self.cli_bin = sys.argv[1], sys.argv[2]
        self.tap = tap if tap is not None else Tap()
        self.tmp = tempfile.mkdtemp(prefix=prefix)
        os.chmod(self.tmp, 0o700)
        self.keyring = start_keyring(self.tmp)
        self.cl = Cluster(self.central_bin)
        self.ports = []
        self.servers = []
        self.cleanups = []

    # ---- motcua-central ------------------------------------------------------

    def start_server(self, i):
        """motcua-central serve number @i, on a port of its own that it
        keeps when stopped and started again; returns it once it listens."""
        while len(self.ports) <= i:
            self.ports.append(free_port())
            self.servers.append(None)
        self.servers[i] = self.cl.serve("--listen", "127.0.0.1:%d" % self.ports[i])
        return self.servers[i]

    def stop_server(self, i, sig=signal.SIGTERM):
        proc = self.servers[i].proc
        proc.send_signal(sig)
        proc.wait()
        self.cl.servers.remove(proc)
        self.servers[i] = None

    def url(self, i):
        return "http://127.0.0.1:%d" % self.ports[i]

    # ---- motcua-cli on a desk workspace --------------------------------------

    def cli(self, ws, *args, stdin=None, env=None):
        e = dict(os.environ)
        if env:
            e.update(env)
        return subprocess.run([self.cli_bin, "--workspace", ws] + list(args), input=stdin,
                              capture_output=True, text=True, env=e)

    def make_desk(self, name, login=None):
        """A workspace @name under the test's folder for the office OFFICE,
        with @login, when given, as its reception officer (DESK_PW)."""
        ws = os.path.join(self.tmp, name)
        ok(self.cli(ws, "office", "set", "--code", OFFICE, "--name", OFFICE_NAME), "office set")
        if login is not None:
            self.add_officer(ws, login)
        return ws

    def add_officer(self, ws, login):
        ok(self.cli(ws, "officer", "add", "--login", login, "--name", login.title(),
                    "--role", "reception", "--password-stdin", stdin=DESK_PW + "\n"),
           "officer add")

    def sync_login(self, ws, url, login, password, *extra, env=None):
        """`sync login` of @ws, finished: the caller judges it."""
        return self.cli(ws, "sync", "login", "--server", url, "--user", login,
                        "--password-stdin", *extra, stdin=password + "\n", env=env)

    def receive(self, ws, login, *extra, procedure="1.001193", name="Đặng Thị Hòa"):
        """A dossier received by @login on @ws; returns its code."""
        out = ok(self.cli(ws, "--json", "receive", "--procedure", procedure, "--name", name,
                          "--id", "001190012345", "--birth", "1990-03-15", "--all-components",
                          *extra, "--as", login, "--password-stdin", stdin=DESK_PW + "\n"),
                 "receive %s" % procedure)
        return json.loads(out.stdout)["code"]

    def status(self, ws):
        return json.loads(ok(self.cli(ws, "--json", "sync", "status"), "sync status").stdout)

    def sync_now(self, ws):
        """The --json answer of a `sync now` that must succeed."""
        return json.loads(ok(self.cli(ws, "--json", "sync", "now"), "sync now").stdout)

    def desk_db(self, ws, sql, args=(), write=False):
        """Rows of @sql on the desk's database, read-only unless @write."""
        con = sqlite3.connect("%s/desk.sqlite" % ws) if write else \
            sqlite3.connect("file:%s/desk.sqlite?mode=ro" % ws, uri=True)
        try:
            rows = con.execute(sql, args).fetchall()
            if write:
                con.commit()
            return rows
        finally:
            con.close()

    # ---- The steps -----------------------------------------------------------

    def run(self, steps):
        """Each (name, function) of @steps as a TAP test, then everything
        stopped (the cleanups first, in order) and the folder removed;
        returns the exit status."""
        try:
            for name, fn in steps:
                self.tap.run(name, fn)
        finally:
            for cleanup in self.cleanups:
                cleanup()
            self.cl.stop()
            self.keyring.terminate()
            self.keyring.wait()
            shutil.rmtree(self.tmp, ignore_errors=True)
        return self.tap.done()
