# SPDX-License-Identifier: GPL-3.0-or-later
#
# What the sync test and bench share besides central_harness.py: a D-Bus
# session of their own (the script runs itself again inside
# dbus-run-session) and gnome-keyring-daemon in it as the Secret Service,
# with a test keyring unlocked at start, ready once it owns its bus name.

import os
import subprocess
import sys


def in_session():
    """Runs the calling script again inside its own D-Bus session."""
    if os.environ.get("MC_SYNC_TEST_IN_SESSION") == "1":
        return
    env = dict(os.environ, MC_SYNC_TEST_IN_SESSION="1")
    os.execvpe("dbus-run-session",
               ["dbus-run-session", "--", sys.executable] + sys.argv, env)


def start_keyring(tmp):
    """gnome-keyring-daemon with HOME and XDG dirs under @tmp; returns it."""
    home = os.path.join(tmp, "home")
    os.makedirs(os.path.join(home, ".local", "share"), mode=0o700)
    runtime = os.path.join(tmp, "run")
    os.makedirs(runtime, mode=0o700)
    os.environ.update(HOME=home, XDG_DATA_HOME=os.path.join(home, ".local", "share"),
                      XDG_RUNTIME_DIR=runtime)
    keyring = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock",
                                "--components=secrets"],
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    keyring.stdin.write(b"test-keyring-password")
    keyring.stdin.close()
    subprocess.run(["gdbus", "wait", "--session", "--timeout", "60",
                    "org.freedesktop.secrets"], check=True)
    return keyring
