#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The header without a Secret Service, under Xvfb (test-sync-header's
# /ui/sync/no-keyring): PostgreSQL and motcua-central (central_harness.py),
# a desk signed in through gnome-keyring in this script's own D-Bus session
# (sync_harness.py), with two receptions not yet sent. The UI process then
# gets another session bus, a dbus-daemon of ours that activates no
# services at all, so no Secret Service answers it. Afterwards: the two
# receptions are on the server, and neither the password nor a refresh
# token is in any file of the workspace.

import os
import shutil
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
UI_ASAN = os.environ.get("ASAN_OPTIONS")
if UI_ASAN is not None:
    # As in test-sync-header.py: the UI process is the one checked for leaks.
    os.environ["ASAN_OPTIONS"] = UI_ASAN.replace("detect_leaks=1", "detect_leaks=0")
OFFICE = "000.00.04.H40"
PASSWORD = "lan-mat-khau-1"

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def cli(ws, *args, stdin=None):
    out = subprocess.run([CLI, "--workspace", ws] + list(args), input=stdin,
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit("motcua-cli %s: %s%s" % (" ".join(args), out.stdout, out.stderr))
    return out.stdout


def bus_without_services(tmp):
    """A session bus with no service directories: nothing is activated."""
    config = os.path.join(tmp, "bus.conf")
    with open(config, "w") as f:
        f.write(BUS_CONFIG % tmp)
    bus = subprocess.Popen(["dbus-daemon", "--config-file", config, "--nofork",
                            "--print-address=1"], stdout=subprocess.PIPE, text=True)
    address = bus.stdout.readline().strip()
    if not address:
        raise SystemExit("dbus-daemon did not start")
    return bus, address


def main():
    tmp = tempfile.mkdtemp(prefix="mc-sync-nokeyring-")
    keyring = start_keyring(tmp)
    bus, address = bus_without_services(tmp)
    cl = Cluster(CENTRAL)
    try:
        cl.central("init")
        cl.central("office", "add", "--code", OFFICE, "--name", "Xã Tân Phú")
        cl.central("user", "add", "--login", "lan", "--office", OFFICE, "--role", "reception",
                   "--password-stdin", stdin=PASSWORD + "\n")
        server = cl.serve()
        ws = os.path.join(tmp, "desk")
        cli(ws, "office", "set", "--code", OFFICE, "--name", "Xã Tân Phú")
        cli(ws, "officer", "add", "--login", "lan", "--name", "Lan", "--role", "reception",
            "--password-stdin", stdin="mat-khau-quay\n")
        cli(ws, "sync", "login", "--server", "http://%s:%d" % (server.host, server.port),
            "--user", "lan", "--password-stdin", stdin=PASSWORD + "\n")
        cli(ws, "sync", "now")
        for _ in range(2):
            cli(ws, "receive", "--procedure", "1.001193", "--name", "Đặng Thị Hòa",
                "--id", "001190012345", "--birth", "1990-03-15", "--all-components",
                "--as", "lan", "--password-stdin", stdin="mat-khau-quay\n")
        env = dict(os.environ, MC_TEST_WORKSPACE=ws, MC_TEST_NO_KEYRING="1", MC_TEST_DSN=cl.dsn,
                   MC_TEST_PASSWORD=PASSWORD, MC_TEST_SECRET_BUS=address)
        if UI_ASAN is not None:
            env["ASAN_OPTIONS"] = UI_ASAN
        status = subprocess.run([RUN_XVFB, TEST, "--tap"], env=env).returncode
        # What the UI's sync did, seen from outside it.
        applied = cl.psql("SELECT count(*) FROM op WHERE token_login = 'lan'")
        if applied != "2":
            print("not ok - the two receptions reached the server (%s ops)" % applied)
            status = 1
        for root, _, files in os.walk(ws):
            for name in files:
                with open(os.path.join(root, name), "rb") as fh:
                    data = fh.read()
                if PASSWORD.encode() in data or b"mcr_" in data:
                    print("not ok - the password or a refresh token is in %s" % name)
                    status = 1
        return status
    finally:
        cl.stop()
        bus.terminate()
        bus.wait()
        keyring.terminate()
        keyring.wait()
        shutil.rmtree(tmp, ignore_errors=True)


sys.exit(main())
