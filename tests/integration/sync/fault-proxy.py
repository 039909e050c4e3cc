#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A fault-injecting HTTP/1.1 proxy for the sync tests, Python 3 standard
# library only. It sits between a desk and one or more motcua-central
# processes and, for each request, either forwards it faithfully or injects
# one fault:
#
#   drop_before  close the desk's connection without forwarding anything
#   drop_after   forward, let the server answer, then close the desk's
#                connection without a byte of the answer (answer lost)
#   502, 503     answer that status itself, forwarding nothing
#   duplicate    send the request to the server twice (to two servers when
#                there are two), and give the desk the second answer
#   delay        wait --delay-ms before forwarding
#   truncate     forward, then send the answer's headers and only half its
#                body, and close
#   hold_after   forward, let the server answer, log "held", then wait until
#                the desk goes away (the test kills it) and never answer
#
# Which fault: the next unused line of the control file that matches the
# request (a line is "FAULT" or "FAULT PATH-PREFIX"; "pass" forwards
# unchanged), else the seeded random schedule (--rate, --faults), decided
# from (seed, request number) alone so the same seed gives the same faults.
# The control file is read again at each request, so a test may append to
# it while the proxy runs; a line "rate R" there sets the share of random
# faults from then on (the last such line wins). The upstreams file is read
# at each request too (one HOST:PORT a line), so a restarted server on a new
# port is picked up at once; upstreams are tried in turn, and one that
# refuses the connection is skipped.
#
# Prints "listening PORT" on standard output once it accepts connections.
# Logs one JSON line per event to --log: "request" when a request has been
# read (before any fault), "fault" for each fault injected, "sending" just
# before it connects to an upstream, "forwarded" with the upstream's status,
# "held" when an answer is being withheld, "desk_gone" when that client left.

import argparse
import http.client
import json
import os
import random
import socket
import socketserver
import sys
import threading
import time

FAULTS = ("drop_before", "drop_after", "502", "503", "duplicate", "delay",
          "truncate", "hold_after")
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer",
              "transfer-encoding", "upgrade", "content-length"}


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.n = 0
        self.used_lines = set()
        self.rr = 0
        self.log = open(args.log, "a", encoding="utf-8") if args.log else None

    def emit(self, **event):
        event["t"] = round(time.time(), 3)
        line = json.dumps(event, sort_keys=True)
        with self.lock:
            if self.log:
                self.log.write(line + "\n")
                self.log.flush()
            if self.args.verbose:
                print(line, file=sys.stderr, flush=True)

    def next_number(self):
        with self.lock:
            self.n += 1
            return self.n

    def upstreams(self):
        hosts = list(self.args.upstream or [])
        if self.args.upstreams_file:
            try:
                with open(self.args.upstreams_file, encoding="utf-8") as f:
                    hosts = [l.strip() for l in f if l.strip()] or hosts
            except FileNotFoundError:
                pass
        out = []
        for h in hosts:
            host, _, port = h.rpartition(":")
            out.append((host or "127.0.0.1", int(port)))
        with self.lock:
            start = self.rr
            self.rr += 1
        if not out:
            return out
        start %= len(out)
        return out[start:] + out[:start]

    def choose(self, n, method, path):
        """The fault for request @n (or None), from the control file first."""
        if self.args.control:
            try:
                with open(self.args.control, encoding="utf-8") as f:
                    lines = f.read().splitlines()
            except FileNotFoundError:
                lines = []
            with self.lock:
                for line in lines:
                    words = line.split()
                    if len(words) == 2 and words[0] == "rate":
                        self.args.rate = float(words[1])
                for i, line in enumerate(lines):
                    words = line.split()
                    if (not words or words[0].startswith("#") or words[0] == "rate"
                            or i in self.used_lines):
                        continue
                    prefix = words[1] if len(words) > 1 else ""
                    if not path.startswith(prefix):
                        continue
                    self.used_lines.add(i)
                    return None if words[0] == "pass" else words[0]
        if self.args.rate > 0 and path.startswith(self.args.only_path):
            rng = random.Random("%d:%d" % (self.args.seed, n))
            if rng.random() < self.args.rate:
                return rng.choice(self.args.faults)
        return None


class Handler(socketserver.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self):
        while True:
            try:
                if not self.one_request():
                    return
            except (ConnectionError, socket.timeout, OSError):
                return

    def read_request(self):
        line = self.rfile.readline(65537)
        if not line:
            return None
        parts = line.decode("latin-1").rstrip("\r\n").split()
        if len(parts) != 3:
            return None
        method, target, version = parts
        headers = []
        while True:
            h = self.rfile.readline(65537)
            if h in (b"\r\n", b"\n", b""):
                break
            name, _, value = h.decode("latin-1").partition(":")
            headers.append((name.strip(), value.strip()))
        lower = {k.lower(): v for k, v in headers}
        body = b""
        if lower.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            body = b"".join(chunks)
        elif "content-length" in lower:
            body = self.rfile.read(int(lower["content-length"]))
        keep = version == "HTTP/1.1" and lower.get("connection", "").lower() != "close"
        return method, target, headers, body, keep

    def forward(self, st, method, target, headers, body):
        """(status, reason, headers, body, upstream) from the first upstream
        that accepts the connection; None when none does."""
        send = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP]
        for host, port in st.upstreams():
            st.emit(event="sending", n=self.n, path=target, upstream="%s:%d" % (host, port))
            conn = http.client.HTTPConnection(host, port, timeout=st.args.upstream_timeout)
            try:
                conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
                for k, v in send:
                    conn.putheader(k, v)
                if body or method in ("POST", "PUT", "PATCH"):
                    conn.putheader("Content-Length", str(len(body)))
                conn.putheader("Connection", "close")
                conn.endheaders(body if body else None)
            except ConnectionRefusedError:
                conn.close()
                continue
            except OSError:
                conn.close()
                continue
            try:
                resp = conn.getresponse()
                data = resp.read()
            except (OSError, http.client.HTTPException):
                # The server died with the request: as a real gateway would.
                conn.close()
                return 502, "Bad Gateway", [("Content-Type", "text/plain")], b"upstream died\n", "%s:%d" % (host, port)
            rheaders = resp.getheaders()
            conn.close()
            return resp.status, resp.reason, rheaders, data, "%s:%d" % (host, port)
        return None

    def send_answer(self, method, status, reason, headers, body, keep, truncate=False):
        out = ["HTTP/1.1 %d %s" % (status, reason)]
        length = None
        for k, v in headers:
            if k.lower() == "content-length":
                length = v
            if k.lower() in HOP_BY_HOP:
                continue
            out.append("%s: %s" % (k, v))
        if method == "HEAD":
            if length is not None:
                out.append("Content-Length: %s" % length)
            body = b""
        else:
            out.append("Content-Length: %d" % len(body))
        out.append("Connection: %s" % ("keep-alive" if keep and not truncate else "close"))
        head = ("\r\n".join(out) + "\r\n\r\n").encode("latin-1")
        if truncate:
            body = body[:len(body) // 2]
        self.wfile.write(head + body)
        self.wfile.flush()

    def simple_answer(self, method, status, keep):
        reason = {502: "Bad Gateway", 503: "Service Unavailable"}.get(status, "Error")
        body = json.dumps({"error": "unavailable" if status == 503 else "bad_gateway",
                           "message": "fault-proxy", "request_id": "fault-proxy"}).encode()
        self.send_answer(method, status, reason,
                         [("Content-Type", "application/json"), ("Retry-After", "0")],
                         body, keep)

    def one_request(self):
        st = self.server.state
        req = self.read_request()
        if req is None:
            return False
        method, target, headers, body, keep = req
        n = self.n = st.next_number()
        path = target.split("?", 1)[0]
        st.emit(event="request", n=n, method=method, path=target, bytes=len(body))
        fault = st.choose(n, method, path)
        if fault is not None:
            st.emit(event="fault", n=n, fault=fault, method=method, path=target)

        if fault == "drop_before":
            self.close_hard()
            return False
        if fault in ("502", "503"):
            self.simple_answer(method, int(fault), keep)
            return keep
        if fault == "delay":
            time.sleep(st.args.delay_ms / 1000.0)

        answer = self.forward(st, method, target, headers, body)
        if fault == "duplicate" and answer is not None:
            first = answer
            answer = self.forward(st, method, target, headers, body) or first
            st.emit(event="forwarded", n=n, status=first[0], upstream=first[4], copy=1)
        if answer is None:
            st.emit(event="forwarded", n=n, status=None, upstream=None)
            self.simple_answer(method, 502, keep)
            return keep
        status, reason, rheaders, data, upstream = answer
        st.emit(event="forwarded", n=n, status=status, upstream=upstream)

        if fault == "drop_after":
            self.close_hard()
            return False
        if fault == "hold_after":
            st.emit(event="held", n=n, path=target)
            # Wait for the desk to go away; never answer.
            self.connection.settimeout(None)
            try:
                while self.connection.recv(65536):
                    pass
            except OSError:
                pass
            st.emit(event="desk_gone", n=n)
            return False
        if fault == "truncate":
            self.send_answer(method, status, reason, rheaders, data, keep, truncate=True)
            self.close_hard()
            return False
        self.send_answer(method, status, reason, rheaders, data, keep)
        return keep

    def close_hard(self):
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.connection.close()


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    p = argparse.ArgumentParser(description="Fault-injecting HTTP proxy for the sync tests")
    p.add_argument("--listen", default="127.0.0.1:0", help="HOST:PORT to listen on (port 0: any)")
    p.add_argument("--upstream", action="append", help="HOST:PORT of a server (repeatable)")
    p.add_argument("--upstreams-file", help="a file of HOST:PORT lines, read at each request")
    p.add_argument("--control", help="a file of fault lines, read at each request")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--rate", type=float, default=0.0, help="share of requests given a random fault")
    p.add_argument("--faults", default=",".join(f for f in FAULTS if f != "hold_after"),
                   help="faults the random schedule picks from (comma-separated)")
    p.add_argument("--only-path", default="/", help="random faults only for paths starting so")
    p.add_argument("--delay-ms", type=int, default=300)
    p.add_argument("--upstream-timeout", type=float, default=60.0)
    p.add_argument("--log", help="append one JSON line per event here")
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args()
    args.faults = [f for f in args.faults.split(",") if f]
    for f in args.faults:
        if f not in FAULTS:
            p.error("unknown fault %r (known: %s)" % (f, ", ".join(FAULTS)))
    if not args.upstream and not args.upstreams_file:
        p.error("give --upstream or --upstreams-file")

    host, _, port = args.listen.rpartition(":")
    server = Server((host or "127.0.0.1", int(port)), Handler)
    server.state = State(args)
    print("listening %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
