#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The peers of test-sync-header (the header's sync status under Xvfb):
# PostgreSQL and motcua-central (central_harness.py), gnome-keyring in a
# D-Bus session of this script's own (sync_harness.py), a desk signed in
# with three receptions not yet sent. Then the UI test runs under run-xvfb
# and its TAP output is this test's.

import os
import subprocess
import sys
import tempfile

SRC = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
sys.path.insert(0, os.path.join(SRC, "tests", "integration", "central"))
sys.path.insert(0, os.path.join(SRC, "tests", "integration", "sync"))
from sync_harness import in_session, start_keyring  # noqa: E402

in_session()

from central_harness import Cluster  # noqa: E402

CENTRAL, CLI, RUN_XVFB, TEST = sys.argv[1:5]

# Under the leak-checked UI setup the UI process is what this test checks;
# its peers (motcua-central, motcua-cli) run without leak detection here.
# They leak a few hundred bytes at exit inside libsoup and libsecret
# (soup_server_get_uris, secret_password_store_sync), not yet traced to
# the end; their memory errors are still fatal.
UI_ASAN = os.environ.get("ASAN_OPTIONS")
if UI_ASAN is not None:
    os.environ["ASAN_OPTIONS"] = UI_ASAN.replace("detect_leaks=1", "detect_leaks=0")
OFFICE = "000.00.04.H40"


def cli(ws, *args, stdin=None):
    out = subprocess.run([CLI, "--workspace", ws] + list(args), input=stdin,
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit("motcua-cli %s: %s%s" % (" ".join(args), out.stdout, out.stderr))


def main():
    tmp = tempfile.mkdtemp(prefix="mc-sync-ui-")
    keyring = start_keyring(tmp)
    cl = Cluster(CENTRAL)
    try:
        cl.central("init")
        cl.central("office", "add", "--code", OFFICE, "--name", "Xã Tân Phú")
        cl.central("user", "add", "--login", "lan", "--office", OFFICE, "--role", "reception",
                   "--password-stdin", stdin="lan-mat-khau-1\n")
        server = cl.serve()
        ws = os.path.join(tmp, "desk")
        cli(ws, "office", "set", "--code", OFFICE, "--name", "Xã Tân Phú")
        cli(ws, "officer", "add", "--login", "lan", "--name", "Lan", "--role", "reception",
            "--password-stdin", stdin="mat-khau-quay\n")
        cli(ws, "sync", "login", "--server", "http://%s:%d" % (server.host, server.port),
            "--user", "lan", "--password-stdin", stdin="lan-mat-khau-1\n")
        cli(ws, "sync", "now")
        for _ in range(3):
            cli(ws, "receive", "--procedure", "1.001193", "--name", "Đặng Thị Hòa",
                "--id", "001190012345", "--birth", "1990-03-15", "--all-components",
                "--as", "lan", "--password-stdin", stdin="mat-khau-quay\n")
        env = dict(os.environ, MC_TEST_WORKSPACE=ws, MC_TEST_DSN=cl.dsn,
                   MC_TEST_SERVER_PID=str(server.proc.pid),
                   MC_TEST_SECRET_BUS=os.environ["DBUS_SESSION_BUS_ADDRESS"])
        if UI_ASAN is not None:
            env["ASAN_OPTIONS"] = UI_ASAN
        return subprocess.run([RUN_XVFB, TEST, "--tap"], env=env).returncode
    finally:
        cl.stop()
        keyring.terminate()
        keyring.wait()


sys.exit(main())
