#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# motcua-cli procedures: one line per procedure (code, working days, name),
# --field and --search, --json with the full definitions, exit 2 for usage
# errors and 1 with one line on stderr for a broken or missing catalogue.
set -eu

cli=${MOTCUA_CLI:?}
data=${MOTCUA_SOURCE_DIR:?}/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MOTCUA_DATA_DIR="$data"

fail () { echo "FAIL: $*" >&2; exit 1; }

files=$(ls "$data"/procedures/*.json | wc -l)

# All procedures, one well-formed line each.
"$cli" procedures > "$tmp/all" 2> "$tmp/err" || fail "plain listing exited $?"
[ ! -s "$tmp/err" ] || fail "plain listing wrote to stderr"
[ "$(wc -l < "$tmp/all")" -eq "$files" ] || fail "expected $files lines"
tab=$(printf '\t')
bad=$(grep -cvE "^[0-9]\.[0-9]{6}${tab}[0-9]+(\.[0-9]+)?${tab}[^${tab}]+\$" "$tmp/all" || true)
[ "$bad" -eq 0 ] || fail "$bad malformed lines"
for f in "$data"/procedures/*.json; do
  code=$(basename "$f" .json)
  grep -q "^$code	" "$tmp/all" || fail "$code missing from the listing"
done
grep -q '^1\.010041	0\.5	' "$tmp/all" || fail "half a working day not printed as 0.5"

# Search ignores tones and case; the best match comes first.
"$cli" procedures --search "dang ky khai sinh" > "$tmp/search"
[ "$(head -n1 "$tmp/search")" = "1.001193	0	Đăng ký khai sinh" ] || fail "search: $(head -n1 "$tmp/search")"
"$cli" procedures --search "ĐĂNG KÝ KHAI SINH" | head -n1 | grep -q '^1\.001193	' || fail "upper-case search"
"$cli" procedures --search "2.000" > "$tmp/prefix"
[ -s "$tmp/prefix" ] || fail "code prefix found nothing"
! grep -qv '^2\.000' "$tmp/prefix" || fail "code prefix let other codes through"
"$cli" procedures --search "khong co thu tuc nay" > "$tmp/none" || fail "empty search must succeed"
[ ! -s "$tmp/none" ] || fail "nonsense search found something"

# --field, folded, and combined with --search.
civil=$(grep -l '"field": "Hộ tịch"' "$data"/procedures/*.json | wc -l)
[ "$("$cli" procedures --field "Hộ tịch" | wc -l)" -eq "$civil" ] || fail "--field Hộ tịch"
[ "$("$cli" procedures --field "ho tich" | wc -l)" -eq "$civil" ] || fail "--field ho tich"
[ "$("$cli" procedures --field "Chứng thực" --search "khai sinh" | wc -l)" -eq 0 ] || fail "field and search"

# --json: an array of full definitions.
"$cli" --json procedures > "$tmp/json"
python3 - "$tmp/json" "$files" <<'PY'
import json, sys
items = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(items, list) and len(items) == int(sys.argv[2]), len(items)
for p in items:
    for key in ("code", "name", "field", "level", "working_days", "components", "results", "steps", "sources"):
        assert key in p, (p.get("code"), key)
PY
"$cli" --json procedures --search 1.001193 > "$tmp/one"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [p["code"] for p in d] == ["1.001193"], d' "$tmp/one" \
  || fail "--json --search 1.001193"

# Usage errors: exit 2, one line on stderr, nothing on stdout.
for args in "procedures --field Nowhere" "procedures stray" "procedures --bogus"; do
  set +e
  # shellcheck disable=SC2086
  "$cli" $args > "$tmp/out" 2> "$tmp/err"
  rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "$args exited $rc, not 2"
  [ ! -s "$tmp/out" ] || fail "$args wrote to stdout"
  [ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "$args: stderr is not one line"
done
grep -q 'Hộ tịch' "$tmp/err" && fail "unexpected stderr" || true

# A broken catalogue: exit 1, the file is named, nothing listed.
mkdir -p "$tmp/data/procedures"
cp "$data"/procedures/1.000656.json "$tmp/data/procedures/"
printf '{ "code": "1.001193", ' > "$tmp/data/procedures/1.001193.json"
set +e
MOTCUA_DATA_DIR="$tmp/data" "$cli" procedures > "$tmp/out" 2> "$tmp/err"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "broken catalogue exited $rc, not 1"
[ ! -s "$tmp/out" ] || fail "broken catalogue listed something"
grep -q '1\.001193\.json' "$tmp/err" || fail "error does not name the file: $(cat "$tmp/err")"
[ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "broken catalogue: stderr is not one line"

# No catalogue at all: exit 1.
set +e
MOTCUA_DATA_DIR="$tmp/nowhere" "$cli" procedures > /dev/null 2> "$tmp/err"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "missing catalogue exited $rc, not 1"
grep -q 'nowhere' "$tmp/err" || fail "error does not name the folder"

echo "procedures CLI: all checks passed"
