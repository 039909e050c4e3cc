#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What `./dev run` does before it starts the app, run headless from the dev
# script's own functions (sourced, so this is the same code): PostgreSQL and
# motcua-central started on any free port with the demo office and officers,
# three online dossiers submitted through the portal intake, the demo's own
# online dossiers given to the central the same way (twice: the second time
# takes nothing new in), the demo desk signed in (when this build's desk can
# sync). Then it checks from outside:
# every demo officer signs in to the central with the demo central password,
# lan's change feed holds the three online dossiers in state 1 on channel 2,
# a second run adds nothing, the desk (when it syncs) receives them in its
# "New online" queue, its first sync has 0 conflicts and 0 rejected ops,
# and every dossier of the demo desk is on the server; and when the script's exit cleanups run, the server
# and PostgreSQL are stopped. Output is TAP.
#
# Usage: test-dev-central.sh SOURCE_DIR BUILD_DIR

# Variables of the sourced dev script, set here or by its functions:
# shellcheck disable=SC2034,SC2154

set -euo pipefail
source_dir=$1
build=$2

# The desk keeps its sign-in in the Secret Service: gnome-keyring in a
# D-Bus session of this test's own (it runs itself again inside one).
if [ -z "${MC_DEV_TEST_IN_SESSION:-}" ]; then
  MC_DEV_TEST_IN_SESSION=1 exec dbus-run-session -- bash "$0" "$@"
fi

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }

tmp=$(mktemp -d)
# PostgreSQL runs as `postgres`, which must reach its directory inside.
chmod 711 "$tmp"
mkdir -m 700 "$tmp/home" "$tmp/run"
export HOME=$tmp/home XDG_DATA_HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/run
printf 'test-keyring-password' |
  gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
keyring_pid=$!
trap 'kill $keyring_pid 2>/dev/null; rm -rf "$tmp"' EXIT
gdbus wait --session --timeout 60 org.freedesktop.secrets

# The dev functions, in a child shell whose exit runs their cleanups; it
# writes what it started to files, then waits for "stop" on a FIFO.
mkfifo "$tmp/stop"
(
  # shellcheck source=/dev/null
  source "$source_dir/dev"
  build_dir=$build
  demo_dir=$tmp/demo
  central_db=$tmp/central-db
  export MOTCUA_CENTRAL_PORT=0
  "$build_dir/app/cli/motcua-cli" --workspace "$demo_dir" demo --dossiers 20 --quiet >/dev/null
  central_start
  central_demo_online
  central_demo_online          # the same day twice: nothing more
  central_demo_portal
  central_demo_portal          # taken in already: nothing more
  central_sign_in_desk
  echo "$central_url" > "$tmp/url"
  echo "$central_pid" > "$tmp/pid"
  read -r _ < "$tmp/stop"
) > "$tmp/dev.log" 2>&1 &
dev_pid=$!

while [ ! -s "$tmp/pid" ]; do
  if ! kill -0 "$dev_pid" 2>/dev/null; then
    sed 's/^/# /' "$tmp/dev.log"
    echo "Bail out! the dev functions stopped before the server was up"
    exit 1
  fi
  sleep 0.1
done
url=$(cat "$tmp/url")
pid=$(cat "$tmp/pid")
sed 's/^/# /' "$tmp/dev.log"

code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 "$url/v1/changes" || true)
check "the server answers on $url (401 without a token: $code)" [ "$code" = 401 ]

token_of() {
  curl -sS --max-time 30 -d grant_type=password -d client_id=motcua-desk \
    -d "username=$1" --data-urlencode "password=motcua-demo" \
    -d desk_id=11111111-2222-4333-8444-555555555555 "$url/v1/auth/token" |
    python3 -c 'import json,sys; print(json.load(sys.stdin).get("access_token", ""))'
}

signed=0
for login in lan tuan minh thao hung ha; do
  [ -n "$(token_of "$login")" ] && signed=$((signed + 1))
done
check "all 6 demo officers sign in to the central" [ "$signed" -eq 6 ]

lan=$(token_of lan)
feed=$(curl -sS --max-time 30 -H "Authorization: Bearer $lan" "$url/v1/changes?limit=100")
online=$(printf '%s' "$feed" | python3 -c '
import json, sys
changes = json.load(sys.stdin)["changes"]
codes = sorted(c["dossier_code"] for c in changes if c.get("kind") == "dossier"
               and c["dossier"].get("KenhThucHien") == 2 and c["dossier"].get("TrangThaiHoSo") == 1)
print(" ".join(codes))')
echo "# online dossiers in lan's feed: $online"
all_online=$online
# The three of central_demo_online (numbers 99xx); the others are the demo's own.
online=$(tr ' ' '\n' <<<"$all_online" | grep -- '-99[0-9][0-9]$' | tr '\n' ' ')
count=$(wc -w <<<"$online")
dups=$(tr ' ' '\n' <<<"$all_online" | sed '/^$/d' | sort | uniq -d | wc -l)
check "lan's change feed holds the 3 online dossiers, once each ($dups twice)" \
  [ "$count$dups" = 30 ]
demo_online=$(( $(wc -w <<<"$all_online") - count ))
check "the demo's own online dossiers are on the central before the desk syncs ($demo_online)" \
  [ "$demo_online" -gt 0 ]

cli=$build/app/cli/motcua-cli
help=$("$cli" --help 2>&1 || true)
if grep -q '^ *sync\b' <<<"$help"; then
  status=$("$cli" --workspace "$tmp/demo" --json sync status || true)
  echo "# sync status: $(tr -d '\n ' <<<"$status")"
  check "the demo desk is signed in to the local central" grep -q "$url" <<<"$status"
  started=$(date +%s%N)
  first=$("$cli" --workspace "$tmp/demo" --json sync now || true)
  ended=$(date +%s%N)
  echo "# first sync ($(( (ended - started) / 1000000 )) ms): $(tr -d '\n ' <<<"$first")"
  count_of() { python3 -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1], "?"))' "$1" <<<"$first"; }
  all_zero() { local v; for v in "$@"; do [ "$v" = 0 ] || return 1; done; }
  check "the first sync sends everything ($(count_of applied) applied, $(count_of pending_ops) waiting)" \
    all_zero "$(count_of pending_ops)"
  check "the first sync meets no conflict ($(count_of conflicts), $(count_of open_conflicts) open, $(count_of kept_aside) kept aside)" \
    all_zero "$(count_of conflicts)" "$(count_of open_conflicts)" "$(count_of kept_aside)"
  check "the first sync has no op rejected ($(count_of rejected))" [ "$(count_of rejected)" = 0 ]
  sync_again() { "$cli" --workspace "$tmp/demo" --json sync now >/dev/null; }
  check "sync now succeeds again" sync_again
  desk_codes=$("$cli" --workspace "$tmp/demo" list --queue all --limit 100000 | cut -f1 | grep -- '-' | sort -u)
  server_codes=$(psql -h "$tmp/central-db" -U postgres -d postgres -Atc 'SELECT code FROM dossier' | sort -u)
  missing=$(comm -23 <(echo "$desk_codes") <(echo "$server_codes") | wc -l)
  echo "# desk: $(wc -l <<<"$desk_codes") dossiers, server: $(wc -l <<<"$server_codes")"
  check "every dossier of the demo desk is on the server ($missing missing)" \
    all_zero "$missing" "$( [ "$(wc -l <<<"$desk_codes")" -ge 20 ]; echo $?)"
  after=$("$cli" --workspace "$tmp/demo" --json sync status || true)
  echo "# after sync now: $(tr -d '\n ' <<<"$after")"
  pending=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["pending_ops"])' <<<"$after")
  check "the demo desk's work is sent: nothing waits ($pending)" [ "$pending" = 0 ]
  queue=$("$cli" --workspace "$tmp/demo" list --queue new --limit 100 || true)
  got=0
  for code in $online; do grep -q "^$code" <<<"$queue" && got=$((got + 1)); done
  check "the 3 online dossiers are in the desk's New online queue" [ "$got" -eq 3 ]
else
  echo "# this build's desk has no sync client: the desk side is not checked"
fi

echo stop > "$tmp/stop"
wait "$dev_pid" || true
check "the server is stopped when the dev script exits" bash -c "! kill -0 $pid 2>/dev/null"
pg_stopped() {
  local as_pg=()
  [ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
  ! "${as_pg[@]}" /usr/lib/postgresql/15/bin/pg_ctl -D "$tmp/central-db/data" status >/dev/null 2>&1
}
check "PostgreSQL is stopped when the dev script exits" pg_stopped
check "PostgreSQL's data was there" [ -f "$tmp/central-db/data/PG_VERSION" ]

echo "1..$n"
[ "$failed" -eq 0 ]
