#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The calendar commands of motcua-cli as a script sees them: the exact
# output formats, the warning on stderr for a year without an official
# table, and the exit codes of usage and data errors. Expected values are
# from the 2025 notice (Thông báo 6150/TB-BLĐTBXH) and worked by hand.
set -uo pipefail

cli=${MOTCUA_CLI:?MOTCUA_CLI is not set}
data=${MOTCUA_SOURCE_DIR:?}/data/holidays
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

check () {
  n=$((n + 1))
  if [ "$2" = "$3" ]; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1"
    printf '# expected: %s\n# got:      %s\n' "$2" "$3" | sed 's/^/#/'
    failed=$((failed + 1))
  fi
}

# Friday 4/4/2025 11:30 + 1 working day: 4 h on Friday afternoon, Monday
# 7/4 is the Hùng Kings' day, 4 h on Tuesday morning.
out=$("$cli" deadline --from 2025-04-04T11:30 --days 1 --holidays "$data" 2>"$tmp/err")
check "deadline prints ISO 8601 with +07:00" "2025-04-08T11:30:00+07:00" "$out"
check "deadline in an official year warns nothing" "" "$(cat "$tmp/err")"

# The same through the default data folder ($MOTCUA_DATA_DIR), for a
# workspace that holds no desk (a desk's calendar would add the tables the
# central system published: tests/integration/sync/test-sync-reference.py);
# none is made.
out=$(MOTCUA_DATA_DIR=${MOTCUA_SOURCE_DIR}/data "$cli" --workspace "$tmp/no-desk" deadline --from 2025-04-04T11:30 --days 1 2>/dev/null)
check "deadline finds the holiday tables by itself" "2025-04-08T11:30:00+07:00" "$out"
check "deadline makes no workspace" "no" "$([ -e "$tmp/no-desk" ] && echo yes || echo no)"

out=$("$cli" --json deadline --from 2025-04-04T11:30 --days 1 --holidays "$data" 2>/dev/null)
check "deadline --json has the appointment" "1" "$(grep -c '"due" : "2025-04-08T11:30:00+07:00"' <<< "$out")"
check "deadline --json has the Unix time" "1" "$(grep -c '"due_unix" : 1744086600' <<< "$out")"

# Into 2027, which has no official table: Monday 5/4/2027 07:30 + 8 h.
out=$("$cli" deadline --from 2027-04-04T11:30 --days 1 --holidays "$data" 2>"$tmp/err")
check "deadline into 2027 still answers" "2027-04-05T17:00:00+07:00" "$out"
check "deadline into 2027 warns on stderr" "1" "$(grep -c '^motcua-cli: warning: .*2027' "$tmp/err")"

"$cli" deadline --from 2025-04-04T11:30 --holidays "$data" >/dev/null 2>&1
check "deadline without --days is a usage error" "2" "$?"
"$cli" deadline --from 4/4/2025 --days 1 --holidays "$data" >/dev/null 2>"$tmp/err"
check "deadline with a bad date is a usage error" "2" "$?"
check "the bad date is named" "1" "$(grep -c '4/4/2025' "$tmp/err")"

# Half a working day (procedures with "0.5 ngày làm việc" exist): 4 h of
# office time, here all of Friday afternoon; the decimal comma too.
out=$("$cli" deadline --from 2025-04-04T11:30 --days 0.5 --holidays "$data" 2>"$tmp/err")
check "deadline --days 0.5 is four working hours" "2025-04-04T17:00:00+07:00" "$out"
check "deadline --days 0.5 warns nothing" "" "$(cat "$tmp/err")"
out=$("$cli" deadline --from 2025-04-04T11:30 --days 0,5 --holidays "$data" 2>/dev/null)
check "deadline --days 0,5 (decimal comma) is the same" "2025-04-04T17:00:00+07:00" "$out"
# 1.5 days = 12 h: Friday afternoon, then all of Tuesday (Monday is a holiday).
out=$("$cli" deadline --from 2025-04-04T11:30 --days 1.5 --holidays "$data" 2>/dev/null)
check "deadline --days 1.5 ends on Tuesday evening" "2025-04-08T17:00:00+07:00" "$out"
out=$("$cli" --json deadline --from 2025-04-04T11:30 --days 0.5 --holidays "$data" 2>/dev/null)
check "deadline --json gives the decimal days" "1" "$(grep -c '"days" : 0.5' <<< "$out")"
# Not a number, or too many: a usage error in our words, translated.
for bad in abc 1.5.2 -1 "" 1e9 nan; do
  "$cli" deadline --from 2025-04-04T11:30 --days "$bad" --holidays "$data" >/dev/null 2>"$tmp/err"
  check "deadline --days '$bad' is a usage error" "2" "$?"
  check "deadline --days '$bad' says why in one line of ours" "1" "$(grep -c '^motcua-cli: .*working days' "$tmp/err")"
done
LANGUAGE=vi LC_ALL=vi_VN.UTF-8 "$cli" deadline --from 2025-04-04T11:30 --days abc --holidays "$data" >/dev/null 2>"$tmp/err"
check "the --days error is in Vietnamese under vi_VN" "1" "$(grep -c 'không phải là số ngày làm việc' "$tmp/err")"

# One line per weekday off or worked weekend day: date, kind, name.
"$cli" calendar --year 2025 --holidays "$data" >"$tmp/2025" 2>"$tmp/err"
printf '%s\n' \
  $'2025-01-01\tholiday\tTết Dương lịch' \
  $'2025-01-27\ttet\tTết Nguyên Đán' \
  $'2025-01-28\ttet\tTết Nguyên Đán' \
  $'2025-01-29\ttet\tTết Nguyên Đán' \
  $'2025-01-30\ttet\tTết Nguyên Đán' \
  $'2025-01-31\ttet\tTết Nguyên Đán' \
  $'2025-04-07\tholiday\tGiỗ Tổ Hùng Vương' \
  $'2025-04-26\tworking-weekend\tLàm bù cho thứ Sáu 02/5/2025' \
  $'2025-04-30\tholiday\tNgày Chiến thắng' \
  $'2025-05-01\tholiday\tNgày Quốc tế Lao động' \
  $'2025-05-02\tswapped-off\tNghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)' \
  $'2025-09-01\tholiday\tQuốc khánh (ngày liền kề)' \
  $'2025-09-02\tholiday\tQuốc khánh' >"$tmp/expected"
check "calendar --year 2025 lists the announced days" "" "$(diff "$tmp/expected" "$tmp/2025")"
check "calendar --year 2025 warns nothing" "" "$(cat "$tmp/err")"

"$cli" calendar --year 2027 --holidays "$data" >"$tmp/2027" 2>"$tmp/err"
check "calendar --year 2027 warns about the missing table" "1" "$(grep -c 'No official holiday table for 2027' "$tmp/err")"
check "calendar --year 2027 gives the base rules' Tết (mùng 1 = 6/2/2027)" "1" "$(grep -c $'^2027-02-05\ttet\t' "$tmp/2027")"

out=$("$cli" --json calendar --year 2026 --holidays "$data" 2>/dev/null)
check "calendar --json marks unconfirmed days" "1" "$(grep -c '"confirmed" : false' <<< "$out" | sed 's/^[4-9]$/1/')"

# A broken table: exit 1, one line on stderr naming the file and line.
cp "$data/base.ini" "$tmp/base.ini"
sed -i 's/^kind = tet$/knd = tet/' "$tmp/base.ini"
"$cli" calendar --year 2025 --holidays "$tmp" >/dev/null 2>"$tmp/err"
check "a malformed table exits 1" "1" "$?"
check "the error names the file and line" "1" "$(grep -c 'base.ini, line [0-9]*: .*knd' "$tmp/err")"

echo "1..$n"
exit $((failed > 0))
