#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Not a test (no pass/fail; timings go to ./dev bench): what `./dev run` does
# before the app starts, with the default demo of 2,000 dossiers, timed.
# Usage: measure-first-sync.sh SOURCE_DIR BUILD_DIR  (absolute paths)
set -euo pipefail
source_dir=$1; build=$2
if [ -z "${IN_SESSION:-}" ]; then IN_SESSION=1 exec dbus-run-session -- bash "$0" "$@"; fi
tmp=$(mktemp -d); chmod 711 "$tmp"; mkdir -m 700 "$tmp/home" "$tmp/run"
export HOME=$tmp/home XDG_DATA_HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/run
printf 'pw' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
kp=$!; trap 'kill $kp; rm -rf "$tmp"' EXIT
gdbus wait --session --timeout 60 org.freedesktop.secrets
(
  source "$source_dir/dev"
  build_dir=$build; demo_dir=$tmp/demo; central_db=$tmp/central-db
  export MOTCUA_CENTRAL_PORT=0 GSETTINGS_SCHEMA_DIR=$build/data GSETTINGS_BACKEND=memory
  t0=$(date +%s%N)
  "$build_dir/app/cli/motcua-cli" --workspace "$demo_dir" demo --dossiers 2000 --quiet >/dev/null
  t1=$(date +%s%N); echo "demo 2000: $(( (t1-t0)/1000000 )) ms"
  central_start
  central_demo_online
  t2=$(date +%s%N)
  central_demo_portal
  t3=$(date +%s%N); echo "export + portal submit: $(( (t3-t2)/1000000 )) ms"
  central_sign_in_desk
  t4=$(date +%s%N)
  "$build_dir/app/cli/motcua-cli" --workspace "$demo_dir" --json sync now | tr -d '\n '; echo
  t5=$(date +%s%N); echo "first sync (sync now, whole process): $(( (t5-t4)/1000000 )) ms"
  "$build_dir/app/cli/motcua-cli" --workspace "$demo_dir" --json info | tr -d '\n '; echo
  psql -h "$central_db" -U postgres -d postgres -Atc 'SELECT count(*) FROM dossier'
)
