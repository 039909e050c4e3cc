# SPDX-License-Identifier: GPL-3.0-or-later
#
# Helpers shared by the fault-proxy self-test and the sync fault test:
# starting fault-proxy.py and waiting for its "listening PORT" line, and
# reading its JSON event log.

import json
import os
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROXY = os.path.join(HERE, "fault-proxy.py")
PYTHON = "/usr/bin/python3"


class Proxy:
    """One fault-proxy.py process; its events go to self.log."""

    def __init__(self, workdir, name, upstreams, seed=1, rate=0.0, faults=None,
                 only_path="/", delay_ms=200, pidfile=None):
        self.name = name
        self.log = os.path.join(workdir, name + ".log")
        self.control = os.path.join(workdir, name + ".control")
        self.upstreams_file = os.path.join(workdir, name + ".upstreams")
        open(self.log, "w").close()
        open(self.control, "w").close()
        self.set_upstreams(upstreams)
        args = [PYTHON, PROXY, "--listen", "127.0.0.1:0",
                "--upstreams-file", self.upstreams_file,
                "--control", self.control, "--log", self.log,
                "--seed", str(seed), "--rate", str(rate),
                "--only-path", only_path, "--delay-ms", str(delay_ms)]
        if faults:
            args += ["--faults", ",".join(faults)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        if pidfile:
            with open(pidfile, "a") as f:
                f.write("%d\n" % self.proc.pid)
        line = self.proc.stdout.readline()
        if not line.startswith("listening "):
            self.proc.kill()
            raise RuntimeError("fault-proxy did not start: %r" % line)
        self.port = int(line.split()[1])
        self.url = "http://127.0.0.1:%d" % self.port

    def set_upstreams(self, upstreams):
        """Replaces the servers it forwards to (HOST:PORT strings), atomically."""
        tmp = self.upstreams_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("".join(u + "\n" for u in upstreams))
        os.replace(tmp, self.upstreams_file)

    def schedule(self, *lines):
        """Appends fault lines ("FAULT" or "FAULT PATH-PREFIX") to its control file."""
        with open(self.control, "a") as f:
            f.write("".join(l + "\n" for l in lines))

    def events(self):
        out = []
        with open(self.log, encoding="utf-8") as f:
            for line in f:
                if line.endswith("\n"):
                    out.append(json.loads(line))
        return out

    def faults(self):
        return [e["fault"] for e in self.events() if e["event"] == "fault"]

    def wait_event(self, match, timeout=60.0, after=0):
        """The first event past index @after for which match(event) holds,
        waiting for the proxy to write it (the log is the proxy's signal)."""
        deadline = time.monotonic() + timeout
        while True:
            events = self.events()
            for e in events[after:]:
                if match(e):
                    return e
            if time.monotonic() > deadline:
                raise AssertionError("%s: no such event within %ds; last: %r"
                                     % (self.name, timeout, events[-5:]))
            time.sleep(0.02)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()
