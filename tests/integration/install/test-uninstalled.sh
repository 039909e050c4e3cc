#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's command, as a new user types it right after building:
# `build/ui/motcua --workspace DIR` in a clean environment (no
# GSETTINGS_SCHEMA_DIR, MOTCUA_LOCALEDIR or MOTCUA_DATA_DIR) starts, shows
# its window, speaks Vietnamese under vi_VN and quits cleanly; the CLI
# finds its catalogues and data the same way. Run under tests/run-xvfb.
#   test-uninstalled.sh BUILD_DIR
set -euo pipefail
build=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/run-app.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 0700 "$tmp/home" "$tmp/run"
clean=(env -i PATH="$PATH" HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run"
       DISPLAY="$DISPLAY" DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS"
       GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1
       LANG=vi_VN.UTF-8 LANGUAGE=vi)
# ASan/UBSan settings pass through when the suite runs sanitized.
for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
  [ -n "${!v:-}" ] && clean+=("$v=${!v}")
done

echo "# translations found without MOTCUA_LOCALEDIR"
"${clean[@]}" "$build/ui/motcua" --help | tee "$tmp/help"
grep -q "Mở không gian làm việc" "$tmp/help"
"${clean[@]}" "$build/app/cli/motcua-cli" --help | tee "$tmp/cli-help"
grep -q "Cách dùng\|Tùy chọn" "$tmp/cli-help"

echo "# the CLI finds its data"
"${clean[@]}" "$build/app/cli/motcua-cli" --workspace "$tmp/ws" demo --dossiers 3
"${clean[@]}" "$build/app/cli/motcua-cli" --workspace "$tmp/ws" info

echo "# the window opens and the app quits"
start_and_quit "$build/ui/motcua" "$tmp/ws" "$tmp/motcua.log"
echo "ok"
