# SPDX-License-Identifier: GPL-3.0-or-later
#
# The peers of the central-server tests: a real PostgreSQL 15 cluster in a
# temporary directory (initdb and postgres refuse root, so they run as the
# `postgres` system user), reached on a Unix socket, and real motcua-central
# processes on loopback. Readiness is read from their output (postgres's
# "ready to accept connections", the server's "listening on" line), never
# waited for by sleeping. A watchdog process holds the read end of a pipe:
# when the test process is gone, however it died, the pipe closes and the
# watchdog stops PostgreSQL and the servers.

import atexit
import http.client
import json
import os
import pwd
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import urllib.parse

PGBIN = "/usr/lib/postgresql/15/bin"

WATCHDOG = r"""
import os, shutil, signal, subprocess, sys
data, pidfile = sys.argv[1], sys.argv[2]
sys.stdin.buffer.read()
try:
    with open(pidfile) as f:
        for line in f:
            try:
                os.kill(int(line), signal.SIGKILL)
            except (ValueError, ProcessLookupError):
                pass
except FileNotFoundError:
    pass
subprocess.run(sys.argv[4].split() + [sys.argv[3] + "/pg_ctl",
                "-D", data, "stop", "-m", "immediate"],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for d in sys.argv[5:]:
    shutil.rmtree(d, ignore_errors=True)
"""


class Cluster:
    def __init__(self, central_bin):
        self.central_bin = central_bin
        self.root = tempfile.mkdtemp(prefix="mc-central-test-")
        os.chmod(self.root, 0o700)
        # initdb and postgres refuse root: as root, run them as `postgres`.
        self.as_pg = []
        if os.geteuid() == 0:
            pg = pwd.getpwnam("postgres")
            os.chown(self.root, pg.pw_uid, pg.pw_gid)
            self.as_pg = ["runuser", "-u", "postgres", "--"]
        self.data = os.path.join(self.root, "pg")
        self.sock = self.root
        self.pidfile = os.path.join(tempfile.mkdtemp(prefix="mc-central-pids-"), "pids")
        self.servers = []
        self.dsn = "host=%s dbname=postgres user=postgres" % self.sock
        self.blob_dir = tempfile.mkdtemp(prefix="mc-central-blobs-")
        read_end, self.watch_fd = os.pipe()
        self.watchdog = subprocess.Popen(
            [sys.executable, "-c", WATCHDOG, self.data, self.pidfile, PGBIN,
             " ".join(self.as_pg), self.root, self.blob_dir,
             os.path.dirname(self.pidfile)],
            stdin=read_end, close_fds=True, pass_fds=())
        os.close(read_end)
        atexit.register(self.stop)

        subprocess.run(self.as_pg + [PGBIN + "/initdb",
                        "-D", self.data, "-A", "trust", "-U", "postgres",
                        "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"],
                       check=True, stdout=subprocess.DEVNULL)
        self.postgres = subprocess.Popen(
            self.as_pg + [PGBIN + "/postgres",
             "-D", self.data, "-k", self.sock, "-c", "listen_addresses=",
             "-c", "fsync=off", "-c", "max_connections=100"],
            stderr=subprocess.PIPE, text=True)
        for line in self.postgres.stderr:
            if "ready to accept connections" in line:
                break
        else:
            raise RuntimeError("PostgreSQL did not start")
        # Keep draining its log so it never blocks on a full pipe.
        import threading
        threading.Thread(target=lambda: [None for _ in self.postgres.stderr],
                         daemon=True).start()

    def central(self, *args, stdin=None, check=True):
        env = dict(os.environ)
        out = subprocess.run([self.central_bin, "--db", self.dsn] + list(args),
                             input=stdin, capture_output=True, text=True, env=env)
        if check and out.returncode != 0:
            raise AssertionError("motcua-central %s: exit %d: %s"
                                 % (" ".join(args), out.returncode, out.stderr))
        return out

    def psql(self, sql):
        out = subprocess.run(["psql", "-h", self.sock, "-U", "postgres", "-d",
                              "postgres", "-At", "-v", "ON_ERROR_STOP=1",
                              "-c", sql],
                             capture_output=True, text=True, check=True)
        return out.stdout.strip()

    def serve(self, *extra):
        proc = subprocess.Popen(
            [self.central_bin, "--db", self.dsn, "serve", "--listen",
             "127.0.0.1:0", "--data-dir", self.blob_dir] + list(extra),
            stdout=subprocess.PIPE, text=True)
        with open(self.pidfile, "a") as f:
            f.write("%d\n" % proc.pid)
        line = proc.stdout.readline()
        if "listening on" not in line:
            proc.kill()
            raise RuntimeError("motcua-central did not start: %r" % line)
        url = urllib.parse.urlsplit(line.split("listening on ", 1)[1].strip())
        self.servers.append(proc)
        return Server(url.scheme, url.hostname, url.port, proc)

    def stop(self):
        for proc in self.servers:
            if proc.poll() is None:
                proc.terminate()
                proc.wait()
        self.servers = []
        if self.watch_fd is not None:
            os.close(self.watch_fd)  # the watchdog stops PostgreSQL
            self.watch_fd = None
            self.watchdog.wait()
            self.postgres.wait()
            shutil.rmtree(self.root, ignore_errors=True)
            shutil.rmtree(self.blob_dir, ignore_errors=True)
            shutil.rmtree(os.path.dirname(self.pidfile), ignore_errors=True)


class Server:
    def __init__(self, scheme, host, port, proc, cafile=None):
        self.scheme, self.host, self.port, self.proc = scheme, host, port, proc
        self.cafile = cafile

    def request(self, method, path, body=None, headers=None, token=None,
                json_body=None, form=None):
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = "Bearer " + token
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers.setdefault("Content-Type", "application/json")
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.scheme == "https":
            ctx = ssl.create_default_context(cafile=self.cafile)
            conn = http.client.HTTPSConnection(self.host, self.port, context=ctx,
                                               timeout=120)
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        parsed = None
        if resp.getheader("Content-Type", "").startswith("application/json") and data:
            parsed = json.loads(data)
        return resp.status, parsed, data, resp

    def token(self, login, password, desk_id="5b0f9c1e-2f43-4a57-8a5e-2c7a1d2b9e10"):
        status, body, _, _ = self.request("POST", "/v1/auth/token", form={
            "grant_type": "password", "client_id": "motcua-desk",
            "username": login, "password": password, "desk_id": desk_id})
        if status != 200:
            raise AssertionError("sign-in of %s: %d %r" % (login, status, body))
        return body


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def run(self, name, fn):
        self.n += 1
        try:
            fn()
            print("ok %d - %s" % (self.n, name), flush=True)
        except Exception as e:  # noqa: BLE001 — every failure is reported
            import traceback
            self.failed += 1
            print("not ok %d - %s" % (self.n, name), flush=True)
            for line in traceback.format_exc().splitlines():
                print("# " + line, flush=True)

    def done(self):
        print("1..%d" % self.n, flush=True)
        return 1 if self.failed else 0
