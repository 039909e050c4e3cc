#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `meson install --destdir` gives an app that starts installed: the schema
# (compiled in the destdir as a package trigger would), the catalogues, the data and both programs are
# there; the installed `motcua` opens its window and quits cleanly and the
# installed `motcua-cli` answers --help, makes a demo workspace (procedures,
# holidays, administrative units read from the installed data) and shows
# `info`, with the environment pointing into the destdir only. Run under
# tests/run-xvfb.
#   test-install.sh BUILD_DIR
set -euo pipefail
build=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/run-app.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/dest"
mkdir -m 0700 "$tmp/home" "$tmp/run"

meson install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log" >&2; exit 1; }

read -r prefix bindir datadir localedir < <(meson introspect --buildoptions "$build" | python3 -c '
import json, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
print(o["prefix"], o["bindir"], o["datadir"], o["localedir"])')
root="$dest$prefix"
share="$root/$datadir"
for f in "$root/$bindir/motcua" "$root/$bindir/motcua-cli" \
         "$share/glib-2.0/schemas/io.github.motcua.Desk.gschema.xml" \
         "$share/applications/io.github.motcua.Desk.desktop" \
         "$share/metainfo/io.github.motcua.Desk.metainfo.xml" \
         "$root/$localedir/vi/LC_MESSAGES/motcua.mo" \
         "$share/motcua/procedures" "$share/motcua/holidays" "$share/motcua/slips" \
         "$share/motcua/workflow/one-stop.json" "$share/motcua/admin-units" "$share/motcua/citizen" \
         "$share/motcua/trust"; do
  [ -e "$f" ] || { echo "not installed: $f" >&2; exit 1; }
done

# Under --destdir meson leaves compiling the schemas to whoever installs
# the files (a package's trigger does it on the machine): do it here.
glib-compile-schemas --strict "$share/glib-2.0/schemas"

clean=(env -i PATH="$PATH" HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run"
       DISPLAY="$DISPLAY" DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS"
       GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1
       LANG=vi_VN.UTF-8 LANGUAGE=vi
       XDG_DATA_DIRS="$share:/usr/share"
       GSETTINGS_SCHEMA_DIR="$share/glib-2.0/schemas"
       MOTCUA_DATA_DIR="$share/motcua"
       MOTCUA_LOCALEDIR="$root/$localedir")
for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
  [ -n "${!v:-}" ] && clean+=("$v=${!v}")
done

echo "# installed motcua-cli"
"${clean[@]}" "$root/$bindir/motcua-cli" --help | tee "$tmp/cli-help"
grep -q "Tùy chọn\|Cách dùng" "$tmp/cli-help"
"${clean[@]}" "$root/$bindir/motcua-cli" --workspace "$tmp/ws" demo --dossiers 3
"${clean[@]}" "$root/$bindir/motcua-cli" --workspace "$tmp/ws" info | tee "$tmp/info"
grep -q "$tmp/ws" "$tmp/info"

echo "# installed motcua"
"${clean[@]}" "$root/$bindir/motcua" --version
"${clean[@]}" "$root/$bindir/motcua" --help | grep -q "Mở không gian làm việc"
start_and_quit "$root/$bindir/motcua" "$tmp/ws" "$tmp/motcua.log"
echo "ok"
