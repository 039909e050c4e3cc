#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the OCSP responder of the demo token made by make-demo-token.sh in
# DIR, in the foreground: `openssl ocsp` answering from the demo CA's
# database, signed by the demo's responder certificate, on the port the
# demo certificates name. It prints "ACCEPT …" once it listens. Stop it
# with a signal.
#
# Usage: demo-ocsp.sh DIR
set -euo pipefail

dir="${1:?usage: demo-ocsp.sh DIR}"
ca="$dir/ca"
[ -f "$ca/ocsp.pem" ] && [ -f "$ca/ocsp.key" ] || {
  echo "demo-ocsp.sh: $dir has no demo responder; run make-demo-token.sh first" >&2
  exit 1
}

exec openssl ocsp -port "$(cat "$ca/ocsp-port")" -index "$ca/index.txt" -CA "$ca/root.pem" \
  -rsigner "$ca/ocsp.pem" -rkey "$ca/ocsp.key" -nmin 60 -ignore_err
