#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Stops the peers that make-pki.sh started for DIR (by the process ids it
# wrote, nothing else) so no server outlives its test run.
dir="${1:?usage: stop-peers.sh DIR}"
for pidfile in "$dir"/peers/*.pid; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.02
    done
    kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$pidfile"
done
exit 0
