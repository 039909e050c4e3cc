#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copies the administrative-unit reference data (dvhcvn/20250701, MIT) from
# the project's shared data folder into data/admin-units/, checks the counts
# the app relies on, and leaves the result for a commit. Run it again when
# the shared data is updated:  data/admin-units/update.sh [SHARED_DATA_DIR]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=${1:-${MOTCUA_SHARED_DATA:-$here/../../../shared/data}}
[ -d "$src" ] || src=/work/shared/data
[ -d "$src" ] || { echo "update.sh: no shared data folder (give it as the first argument)" >&2; exit 1; }

files=(admin-units-2025-07-01.tsv admin-units-old-to-new.tsv LICENSE.dvhcvn)
for f in "${files[@]}"; do
  [ -f "$src/$f" ] || { echo "update.sh: $src/$f is missing" >&2; exit 1; }
done

tmp=$(mktemp -d "$here/.update.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for f in "${files[@]}"; do
  cp "$src/$f" "$tmp/$f"
done

# The counts of the 1 July 2025 reform (Nghị quyết 202/2025/QH15 and the
# commune resolutions): 34 provinces, 3,321 communes, 10,052 old communes.
provinces=$(tail -n +2 "$tmp/admin-units-2025-07-01.tsv" | cut -f1 | sort -u | wc -l)
communes=$(tail -n +2 "$tmp/admin-units-2025-07-01.tsv" | grep -c .)
old=$(tail -n +2 "$tmp/admin-units-old-to-new.tsv" | grep -c .)
if [ "$provinces" -ne 34 ] || [ "$communes" -ne 3321 ] || [ "$old" -ne 10052 ]; then
  echo "update.sh: unexpected counts: $provinces provinces, $communes communes, $old old communes" >&2
  exit 1
fi

for f in "${files[@]}"; do
  chmod 0644 "$tmp/$f"
  mv "$tmp/$f" "$here/$f"
done
echo "Copied from $src: $provinces provinces, $communes communes, $old old communes."
