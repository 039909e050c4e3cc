#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The loopback HTTP peer of the signing tests: an RFC 3161 time-stamping
# authority that hands each query to `openssl ts -reply`, an OCSP responder
# that hands each request to `openssl ocsp -index` (the intermediate CA's
# database), and a static server for the CRLs and CA certificates of the
# test PKI made by make-pki.sh. A few extra paths misbehave on purpose so the client's error
# paths can be tested: /tsa-500 (HTTP error), /tsa-garbage (not DER),
# /tsa-other (a valid reply to a different query), /tsa-rejection
# (status "rejection"). OCSP is answered to POST and to GET (RFC 6960 A.1).
# Requests to /count/... (any method) are counted and answered 404, and
# /redirect/... answers a redirect to /count/...: GET /requests reports
# "COUNTED REDIRECTED", so a test can prove a client made no request (or
# did not follow a redirect).

import argparse
import base64
import binascii
import http.server
import os
import subprocess
import tempfile
import threading
import time
import urllib.parse

LOCK = threading.Lock()
COUNTS = {"count": 0, "redirect": 0}


def ts_reply(pki, query):
    with tempfile.TemporaryDirectory(dir=os.path.join(pki, "peers")) as tmp:
        qpath = os.path.join(tmp, "q.tsq")
        rpath = os.path.join(tmp, "r.tsr")
        with open(qpath, "wb") as f:
            f.write(query)
        with LOCK:
            subprocess.run(["openssl", "ts", "-reply",
                            "-config", os.path.join(pki, "tsa", "tsa.cnf"),
                            "-queryfile", qpath, "-out", rpath],
                           check=True, capture_output=True)
        with open(rpath, "rb") as f:
            return f.read()


def ocsp_reply(pki, request):
    with tempfile.TemporaryDirectory(dir=os.path.join(pki, "peers")) as tmp:
        qpath = os.path.join(tmp, "q.der")
        rpath = os.path.join(tmp, "r.der")
        with open(qpath, "wb") as f:
            f.write(request)
        subprocess.run(["openssl", "ocsp",
                        "-index", os.path.join(pki, "inter", "index.txt"),
                        "-CA", os.path.join(pki, "inter", "cert.pem"),
                        "-rsigner", os.path.join(pki, "ocsp", "ocsp.pem"),
                        "-rkey", os.path.join(pki, "ocsp", "ocsp.key"),
                        "-ndays", "1", "-reqin", qpath, "-respout", rpath],
                       check=True, capture_output=True)
        with open(rpath, "rb") as f:
            return f.read()


def ts_query(pki, data):
    with tempfile.TemporaryDirectory(dir=os.path.join(pki, "peers")) as tmp:
        dpath = os.path.join(tmp, "d")
        with open(dpath, "wb") as f:
            f.write(data)
        out = subprocess.run(["openssl", "ts", "-query", "-data", dpath,
                              "-sha256", "-cert"],
                             check=True, capture_output=True)
        return out.stdout


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def reply(self, code, ctype, body):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def counted(self):
        """Answers the counting paths; False for any other path."""
        if self.path.startswith("/count/"):
            with LOCK:
                COUNTS["count"] += 1
            self.reply(404, "text/plain", b"counted\n")
            return True
        if self.path.startswith("/redirect/"):
            with LOCK:
                COUNTS["redirect"] += 1
            self.send_response(302)
            self.send_header("Location", "/count/" + self.path[len("/redirect/"):])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
        return False

    def do_GET(self):
        if self.counted():
            return
        if self.path == "/requests":
            with LOCK:
                body = ("%d %d\n" % (COUNTS["count"], COUNTS["redirect"])).encode()
            self.reply(200, "text/plain", body)
            return
        files = {
            "/inter.crl": ("inter/crl.der", "application/pkix-crl"),
            "/root.crl": ("root/crl.der", "application/pkix-crl"),
            "/inter.cer": ("inter/cert.der", "application/pkix-cert"),
        }
        if self.path.startswith("/ocsp/"):
            # RFC 6960 A.1: the request as URL-encoded base64 in the path
            # (NSS, hence pdfsig, asks this way first).
            try:
                request = base64.b64decode(urllib.parse.unquote(self.path[6:]), validate=True)
            except (binascii.Error, ValueError):
                self.reply(400, "text/plain", b"bad OCSP request\n")
                return
            self.reply(200, "application/ocsp-response", ocsp_reply(self.server.pki, request))
            return
        entry = files.get(self.path)
        if entry is None:
            self.reply(404, "text/plain", b"not found\n")
            return
        with open(os.path.join(self.server.pki, entry[0]), "rb") as f:
            self.reply(200, entry[1], f.read())

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        pki = self.server.pki
        if self.counted():
            return
        if self.path == "/tsa":
            if self.headers.get("Content-Type") != "application/timestamp-query":
                self.reply(415, "text/plain", b"want application/timestamp-query\n")
                return
            self.reply(200, "application/timestamp-reply", ts_reply(pki, body))
        elif self.path == "/ocsp":
            if self.headers.get("Content-Type") != "application/ocsp-request":
                self.reply(415, "text/plain", b"want application/ocsp-request\n")
                return
            self.reply(200, "application/ocsp-response", ocsp_reply(pki, body))
        elif self.path == "/tsa-500":
            self.reply(500, "text/plain", b"internal error\n")
        elif self.path == "/tsa-garbage":
            self.reply(200, "application/timestamp-reply", b"this is not DER")
        elif self.path == "/tsa-other":
            other = ts_query(pki, b"some other data")
            self.reply(200, "application/timestamp-reply", ts_reply(pki, other))
        elif self.path == "/tsa-rejection":
            # TimeStampResp { PKIStatusInfo { status 2 (rejection),
            # failInfo badAlg } } and no token.
            self.reply(200, "application/timestamp-reply",
                       bytes.fromhex("3009300702010203020780"))
        else:
            self.reply(404, "text/plain", b"not found\n")

    def log_message(self, fmt, *args):
        print(fmt % args, flush=True)


def watch_owner(server, pid):
    # A test program that aborted never runs stop-peers.sh: go with it.
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            server.shutdown()
            return
        except PermissionError:
            pass
        time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--owner", type=int, default=0,
                        help="stop when this process is gone")
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.pki = args.dir
    # The socket is bound and listening once the server exists: say so, so
    # make-pki.sh waits for this line instead of for a time.
    print("listening %d" % args.port, flush=True)
    if args.owner > 0:
        threading.Thread(target=watch_owner, args=(server, args.owner),
                         daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
