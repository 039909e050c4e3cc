#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `motcua-cli sign` and `verify` end to end with the SoftHSM token and the
# loopback TSA/OCSP/CRL peers of tests/pki/make-pki.sh, on PDFs from real
# producers made here (cairo + pango, Ghostscript, qpdf object streams and
# linearized, a hybrid file, LibreOffice when installed, a file signed by
# `pdfsig -add-signature`), RSA and ECDSA, B-B, B-T and B-LT, the four
# Decree 30 layouts. Every output is judged by tools that are not ours:
# pdfsig (all signatures valid and trusted, the last covering the file),
# mutool sign -v, qpdf --check, openssl cms -verify over the byte ranges
# that pdf-judge.py cuts out itself, openssl ts -verify for the
# time-stamps; the appearance is rendered (pdftoppm) and read back
# (pdftotext). Then the failures: wrong PIN, broken inputs, servers down,
# unwritable folders, usage errors, each with one clear line, the right
# exit code and nothing left behind.
#   test-pades-cli.sh PADES_FIXTURE PDF_TOOL
# Prints TAP. Rendered pages are kept in $MOTCUA_TEST_LOG_DIR/pades/.
set -uo pipefail
fixture=$(realpath "${1:?pades-fixture}")
pdftool=$(realpath "${2:?pdf-tool}")
cli=${MOTCUA_CLI:?}
src=${MOTCUA_SOURCE_DIR:?}
judge="$src/tests/integration/pades/pdf-judge.py"
export LC_ALL=C.UTF-8
# ---- the work folder, TAP helpers, the PKI, the token, the peers, pdfsig's NSS database ----
. "$src/tests/pki/tap-pki-setup.sh"
shots="${MOTCUA_TEST_LOG_DIR:-$work}/pades"
mkdir -p "$shots"
# The user's own trusted roots folder, as the app reads it.
mkdir -p "$XDG_DATA_HOME/motcua/trust"
cp "$MC_PKI_ROOT" "$XDG_DATA_HOME/motcua/trust/test-root.pem"

# ---- fixtures ----
"$fixture" seal seal.png 36
"$fixture" signature signature.png
"$fixture" letter letter.pdf
"$pdftool" make cairo cairo.pdf
"$pdftool" make hybrid hybrid.pdf
cat > doc.ps <<'PS'
%!PS
/Helvetica findfont 20 scalefont setfont
72 700 moveto (Ghostscript page one) show showpage
72 700 moveto (Ghostscript page two) show showpage
PS
gs -q -dNOPAUSE -dBATCH -sDEVICE=pdfwrite -sOutputFile=gs.pdf doc.ps
qpdf --object-streams=generate gs.pdf objstm.pdf
qpdf --linearize letter.pdf linear.pdf
producers="letter cairo gs objstm linear hybrid"
if command -v soffice >/dev/null; then
  printf 'Giấy xác nhận\n\nTrang hai\f\nTrang ba\n' > lo.txt
  if timeout 120 soffice --headless --norestore "-env:UserInstallation=file://$work/lo-profile" \
       --convert-to pdf lo.txt >lo.log 2>&1 && [ -f lo.pdf ]; then
    producers="$producers lo"
  else
    echo "# LibreOffice could not convert: $(tail -1 lo.log)"
  fi
else
  echo "# LibreOffice (libreoffice-writer-nogui) is not installed: its PDF is not tested"
fi
if pdfsig -nssdir "sql:$work/nss" -add-signature -nick signer -kpw "" \
     -new-signature-field-name PopplerSig gs.pdf poppler.pdf >pdfsig-add.log 2>&1; then
  producers="$producers poppler"
else
  not_ok "pdfsig -add-signature makes a signed input"; sed 's/^/# /' pdfsig-add.log
fi

sign () { echo "$pin" | "$cli" --json sign --pin-stdin "${trust[@]}" "$@"; }

# ---- the judges ----
pdfsig_ok () { # file signatures [dss]: with a DSS after it, the last does not reach the end
  local out last
  out=$(pdfsig -nssdir "sql:$work/nss" "$1" 2>&1)
  echo "$out"
  last=$(awk '/^Signature #/ {cur=$0} /Total document signed/ {print cur}' <<<"$out")
  [ "$(grep -c 'Signature is Valid' <<<"$out")" -eq "$2" ] &&
    [ "$(grep -c 'Certificate is Trusted' <<<"$out")" -eq "$2" ] &&
    if [ "${3:-}" = dss ]; then [ -z "$last" ]; else [ "$last" = "Signature #$2:" ]; fi
}
mutool_ok () { # file signatures [dss]
  local out unchanged=1
  [ "${3:-}" = dss ] && unchanged=0
  out=$(mutool sign -v "$1" 2>&1)
  echo "$out"
  # mutool has no trust store: a certificate error is expected; the
  # digests must check and the last signature cover the file (or be
  # followed by the DSS only).
  ! grep -qiE 'digest error|signature is invalid|not signed' <<<"$out" &&
    [ "$(grep -cE 'signature is valid but there have been edits|document is unchanged since signing' <<<"$out")" -eq "$2" ] &&
    [ "$(grep -c 'document is unchanged since signing' <<<"$out")" -eq "$unchanged" ] &&
    { [ "$unchanged" = 0 ] || [ "$(grep -E 'signature is valid|unchanged since signing' <<<"$out" | tail -1)" = "$(printf '\tThe document is unchanged since signing.')" ]; }
}
openssl_cms_ok () {
  "$judge" ranges "$1" ranges.bin sig.der &&
    openssl cms -verify -binary -inform DER -in sig.der -content ranges.bin -CAfile "$MC_PKI_ROOT" -out /dev/null
}
openssl_ts_ok () {
  "$judge" ranges "$1" ranges.bin sig.der && "$judge" tst sig.der token.der value.bin &&
    openssl ts -verify -token_in -in token.der -data value.bin -CAfile "$MC_PKI_CHAIN" | tee ts.out &&
    grep -q 'Verification: OK' ts.out
}
ours_ok () { # file signatures level
  "$cli" --json verify "$1" > ours.json || { cat ours.json; return 1; }
  cat ours.json
  python3 - "$2" "$3" <<'PY'
import json, sys
r = json.load(open("ours.json"))
sigs = r["signatures"]
assert r["valid"] and len(sigs) == int(sys.argv[1]), r
assert all(s["valid"] and s["covers_document"] and not s["changed_after"] for s in sigs), sigs
assert sigs[-1]["level"] == sys.argv[2], sigs[-1]["level"]
PY
}
ours_offline_blt () {
  local out
  out=$("$cli" --json verify --offline "$1")
  echo "$out"
  python3 -c 'import json,sys; r=json.load(sys.stdin); s=r["signatures"][-1]; assert s["level"]=="B-LT" and s["checks"]["revocation"]=="passed" and s["valid"], s' <<<"$out"
}
dss_ok () {
  local counts
  counts=$("$judge" dss "$1") || return 1
  echo "DSS: $counts"
  read -r certs ocsps crls <<<"$counts"
  [ "$certs" -ge 3 ] && [ $((ocsps + crls)) -ge 2 ]
}
is_prefix () {
  [ "$(stat -c %s "$2")" -gt "$(stat -c %s "$1")" ] && cmp -s -n "$(stat -c %s "$1")" "$1" "$2"
}
no_leftovers () {
  [ -z "$(ls -A | grep '^\.')" ] || { ls -A | grep '^\.'; return 1; }
}

judge_all () { # what input output signatures level
  local what=$1 in=$2 out=$3 count=$4 level=$5
  check "$what: input unchanged, a prefix of the output" is_prefix "$in" "$out"
  local dss=
  [ "$level" = B-LT ] && dss=dss
  check "$what: pdfsig: $count valid and trusted, the last covers the file${dss:+ but the DSS}" pdfsig_ok "$out" "$count" $dss
  check "$what: mutool sign -v" mutool_ok "$out" "$count" $dss
  check "$what: qpdf --check" qpdf --check "$out"
  check "$what: openssl cms -verify over the byte ranges" openssl_cms_ok "$out"
  if [ "$level" != B-B ]; then
    check "$what: openssl ts -verify of the signature time-stamp" openssl_ts_ok "$out"
  fi
  if [ "$level" = B-LT ]; then
    check "$what: a DSS with the chains and revocation data" dss_ok "$out"
    check "$what: our verifier says B-LT offline" ours_offline_blt "$out"
  fi
  check "$what: motcua-cli verify: every signature valid, the last $level" ours_ok "$out" "$count" "$level"
}

sign_level () { # json → level of the first file
  python3 -c 'import json,sys; f=json.load(sys.stdin)["files"][0]; print(f.get("level","-"))'
}

base_count () { "$judge" count "$1"; }

# ---- producers × layouts × keys × levels ----
declare -A plan=(
  [letter]="leader rsa B-T"
  [cairo]="attachment ec B-T"
  [gs]="leader rsa B-B --page 2"
  [objstm]="invisible ec B-LT"
  [linear]="organisation rsa B-T"
  [hybrid]="leader ec B-B"
  [lo]="leader rsa B-LT"
  [poppler]="invisible ec B-B"
)
for p in $producers; do
  read -r layout key level extra <<<"${plan[$p]}"
  keyuri=$rsa
  [ "$key" = ec ] && keyuri=$ec
  before=$(base_count "$p.pdf")
  args=(--key "$keyuri" --level "$level" --layout "$layout" --signature-image signature.png
        --seal-image seal.png --number "12/QĐ-UBND" --name "Lê Quốc Hùng"
        --organisation "Ủy ban nhân dân xã Tân Phú" --reason "Phê duyệt kết quả")
  [ "$level" != B-B ] && args+=(--tsa "$MC_PKI_TSA_URL")
  [ -n "${extra:-}" ] && args+=($extra)
  if sign "${args[@]}" -o "$p-signed.pdf" "$p.pdf" > "$p.json" 2> "$p.err" &&
     [ "$(sign_level < "$p.json")" = "$level" ]; then
    ok "$p: signed ($layout, $key, $level)"
    judge_all "$p" "$p.pdf" "$p-signed.pdf" $((before + 1)) "$level"
  else
    not_ok "$p: signed ($layout, $key, $level)"; sed 's/^/# /' "$p.err" "$p.json"
  fi
done
check "nothing but the outputs was written" no_leftovers

# The default places: the leader's box bottom right (339,642,200,110 pt
# on A4, 377,713,222,122 px at 80 dpi), the seal over its left third.
if [ -f gs-signed.pdf ]; then
  pdftoppm -png -r 80 -f 2 -l 2 gs-signed.pdf "$shots/leader-default"
  pdftoppm -r 80 -f 2 -l 2 gs-signed.pdf gsp
  check "leader, default place on page 2: the handwritten signature is there" bash -c "
    out=\$('$judge' colour gsp-2.ppm 377 713 222 122); echo \"\$out\"; read -r _ red _ blue <<<\"\$out\"; [ \$blue -gt 300 ] &&
    out=\$('$judge' colour gsp-2.ppm 0 0 595 600); echo \"\$out\"; read -r _ red _ blue <<<\"\$out\"; [ \$blue -eq 0 ]"
fi
if [ -f linear-signed.pdf ]; then
  pdftoppm -png -r 80 -f 1 -l 1 linear-signed.pdf "$shots/organisation-default"
  pdftoppm -r 80 -f 1 -l 1 linear-signed.pdf lin
  check "organisation, default place: the red seal left of the leader's box" bash -c "
    out=\$('$judge' colour lin-1.ppm 300 660 160 170); echo \"\$out\"; read -r _ red _ blue <<<\"\$out\"; [ \$red -gt 1500 ]"
fi

# ---- Decree 30: the leader, then the organisation over it ----
if sign --key "$rsa" --layout leader --rect 330,640,220,110 --signature-image signature.png \
     --name "Lê Quốc Hùng" --organisation "Ủy ban nhân dân xã Tân Phú" -o decree-1.pdf letter.pdf > d1.json 2> d1.err &&
   sign --key "$ec" --layout organisation --rect 330,640,220,110 --seal-image seal.png \
     --organisation "Ủy ban nhân dân xã Tân Phú" --level B-LT --tsa "$MC_PKI_TSA_URL" \
     -o decree-2.pdf decree-1.pdf > d2.json 2> d2.err; then
  ok "decree: leader then organisation signed"
  judge_all "decree" decree-1.pdf decree-2.pdf 2 B-LT
  pdftoppm -png -r 80 -f 1 -l 1 decree-2.pdf "$shots/decree" && echo "# rendered: $shots/decree-1.png"
  pdftoppm -r 80 -f 1 -l 1 decree-2.pdf page
  pdftotext -f 1 -l 1 decree-2.pdf decree.txt
  # The leader's box at 80 dpi: 330,640,220,110 pt → 367,711,244,122 px.
  check "decree: the signature image (blue) and the seal (red) are drawn there" bash -c "
    out=\$('$judge' colour page-1.ppm 330 690 290 170); echo \"\$out\"
    read -r _ red _ blue <<<\"\$out\"; [ \$red -gt 1500 ] && [ \$blue -gt 500 ]"
  check "decree: the leader's text, Vietnamese, NFC" bash -c "
    grep -q 'Ký bởi: Lê Quốc Hùng' decree.txt && grep -qE 'Thời gian ký: [0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}' decree.txt &&
    '$judge' nfc decree.txt"
  check "decree: the appearances' fonts are embedded" bash -c "
    pdffonts decree-2.pdf | tee fonts.txt; [ \$(tail -n +3 fonts.txt | wc -l) -gt \$(pdffonts letter.pdf | tail -n +3 | wc -l) ] &&
    ! tail -n +3 fonts.txt | awk '{print \$(NF-4)}' | grep -qv yes"
  check "decree: the organisation and an ISO 8601 time at +07:00" bash -c "
    grep -c 'Ủy ban nhân dân xã Tân Phú' decree.txt | grep -qx 2 &&
    grep -qE '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+07:00' decree.txt"
else
  not_ok "decree: leader then organisation signed"; sed 's/^/# /' d1.err d2.err
fi
if [ -f cairo-signed.pdf ]; then
  pdftoppm -png -r 80 -f 1 -l 1 cairo-signed.pdf "$shots/attachment"
  pdftoppm -r 80 -f 1 -l 1 cairo-signed.pdf att
  pdftotext -f 1 -l 1 cairo-signed.pdf att.txt
  check "attachment: number, time and organisation, blue, top right of page 1" bash -c "
    grep -q '12/QĐ-UBND' att.txt && grep -q 'Ủy ban nhân dân xã Tân Phú' att.txt &&
    grep -qE 'T[0-9]{2}:[0-9]{2}:[0-9]{2}\+07:00' att.txt &&
    out=\$('$judge' colour att-1.ppm 440 0 221 70); echo \"\$out\"; read -r _ red _ blue <<<\"\$out\"; [ \$blue -gt 100 ] &&
    out=\$('$judge' colour att-1.ppm 0 0 330 70); echo \"\$out\"; read -r _ red _ blue <<<\"\$out\"; [ \$blue -eq 0 ]"
fi

# ---- a page turned by /Rotate: the appearance reads upright where seen ----
qpdf --rotate=+90 letter.pdf rotated.pdf
if sign --key "$rsa" --layout leader --signature-image signature.png -o rotated-signed.pdf rotated.pdf > rot.json 2> rot.err; then
  pdftoppm -png -r 80 -f 1 -l 1 rotated-signed.pdf "$shots/rotated"
  pdftoppm -r 80 -f 1 -l 1 rotated-signed.pdf rot
  # Seen as 842 × 595 pt: the leader's box at 586,395,200,110 pt.
  check "rotated page: the signature at the bottom right as seen, valid" bash -c "
    out=\$('$judge' colour rot-1.ppm 651 439 222 122); echo \"\$out\"; read -r _ red _ blue <<<\"\$out\"; [ \$blue -gt 300 ] &&
    pdfsig -nssdir sql:nss rotated-signed.pdf | grep -q 'Signature is Valid'"
else
  not_ok "rotated page signed"; sed 's/^/# /' rot.err
fi

# ---- a batch: one PIN, one line per file, then resumed ----
mkdir batch-out
cp letter.pdf b1.pdf; cp gs.pdf b2.pdf; cp cairo.pdf b3.pdf
if echo "$pin" | "$cli" sign --pin-stdin "${trust[@]}" --key "$rsa" --layout leader \
     --out-dir batch-out b1.pdf b2.pdf b3.pdf > batch.out 2> batch.err; then
  ok "batch: three files signed"
  check "batch: one line per file" bash -c "cat batch.out; [ \$(grep -c '] signed: ' batch.out) -eq 3 ]"
  check "batch: each output valid for pdfsig" bash -c "for f in b1 b2 b3; do pdfsig -nssdir sql:nss batch-out/\$f.pdf | grep -q 'Signature is Valid' || exit 1; done"
  sum_before=$(sha256sum batch-out/*.pdf)
  check "batch again: all three skipped as already signed, untouched" bash -c "
    echo '$pin' | '$cli' --json sign --pin-stdin --trust '$MC_PKI_ROOT' --key '$rsa' --layout leader --out-dir batch-out b1.pdf b2.pdf b3.pdf > again.json &&
    python3 -c 'import json,sys; f=json.load(open(\"again.json\"))[\"files\"]; assert [x[\"status\"] for x in f]==[\"skipped\"]*3, f' &&
    [ \"\$(sha256sum batch-out/*.pdf)\" = \"$sum_before\" ]"
else
  not_ok "batch: three files signed"; sed 's/^/# /' batch.err
fi
check "the PIN never appears in any output" bash -c "! grep -rl '$pin' *.json *.err *.out 2>/dev/null | grep ."

# ---- tokens ----
check "tokens --json: module, tokens, signing certificates with key URIs" bash -c "
  '$cli' --json tokens > tokens.json && python3 - <<'PY'
import json
t = json.load(open('tokens.json'))
assert t['modules'], t
tok = [x for x in t['tokens'] if x['label'] == '$MC_PKI_TOKEN_LABEL'][0]
holders = {i['holder']: i for i in tok['identities']}
assert 'Nguyễn Văn An' in holders and 'Trần Thị Bình' in holders, holders
assert 'Phạm Thị Dung' not in holders  # encryption only
an = holders['Nguyễn Văn An']
assert an['key_uri'].startswith('pkcs11:') and an['serial'] and an['issuer'] == 'Test Signing CA Một Cửa'
assert an['key_algorithm'] == 'RSA' and holders['Trần Thị Bình']['key_algorithm'] == 'ECDSA'
assert isinstance(tok['pin_flags'], list)
PY"
check "tokens: text lists the holder, issuer, validity and key address" bash -c "
  '$cli' tokens > tokens.txt && grep -q 'Nguyễn Văn An' tokens.txt && grep -q 'Test Signing CA Một Cửa' tokens.txt &&
  grep -q 'id=%01' tokens.txt"

# ---- failures: one clear line, exit code, nothing left ----
qpdf --encrypt user owner 256 -- gs.pdf encrypted.pdf
head -c 2000 gs.pdf > truncated.pdf
head -c 5000 /dev/urandom > garbage.pdf
sed 's/^0000000\([0-9]\)\([0-9][0-9]\) 00000 n/0000000\1\19 00000 n/' gs.pdf > brokenxref.pdf
expect_fail () { # what exit-code pattern command…
  local what=$1 code=$2 pattern=$3; shift 3
  rm -f out.pdf
  "$@" > fail.out 2> fail.err
  local got=$?
  if [ "$got" -eq "$code" ] && [ "$(wc -l < fail.err)" -ge 1 ] && grep -qiE "$pattern" fail.err &&
     [ ! -e out.pdf ] && no_leftovers >/dev/null; then
    ok "$what: exit $got: $(tail -1 fail.err | head -c 140)"
  else
    not_ok "$what (exit $got)"; sed 's/^/# /' fail.err fail.out; ls -A | grep '^\.' | sed 's/^/# left: /'
  fi
}
expect_fail "wrong PIN" 1 "PIN is wrong.*(tries|lock)" \
  bash -c "echo 000000 | '$cli' sign --pin-stdin --key '$rsa' -o out.pdf gs.pdf"
expect_fail "encrypted PDF" 1 "encrypted" bash -c "echo $pin | '$cli' sign --pin-stdin --key '$rsa' -o out.pdf encrypted.pdf"
expect_fail "truncated PDF" 1 "incomplete|damaged|ends" bash -c "echo $pin | '$cli' sign --pin-stdin --key '$rsa' -o out.pdf truncated.pdf"
expect_fail "not a PDF" 1 "not a PDF" bash -c "echo $pin | '$cli' sign --pin-stdin --key '$rsa' -o out.pdf garbage.pdf"
expect_fail "broken xref" 1 "damaged" bash -c "echo $pin | '$cli' sign --pin-stdin --key '$rsa' -o out.pdf brokenxref.pdf"
expect_fail "TSA down" 1 "time-stamping server .*failed" \
  bash -c "echo $pin | '$cli' sign --pin-stdin --key '$rsa' --level B-T --tsa '$MC_PKI_DOWN_URL' -o out.pdf gs.pdf"
expect_fail "OCSP down for B-LT" 1 "OCSP responder .*failed" \
  bash -c "echo $pin | '$cli' sign --pin-stdin --trust '$MC_PKI_ROOT' --key '$rsa' --level B-LT --tsa '$MC_PKI_TSA_URL' --ocsp '$MC_PKI_DOWN_URL' -o out.pdf gs.pdf"
expect_fail "B-T without a TSA" 1 "No time-stamping server" \
  bash -c "echo $pin | '$cli' sign --pin-stdin --key '$rsa' --level B-T -o out.pdf gs.pdf"
expect_fail "no such page" 1 "page" bash -c "echo $pin | '$cli' sign --pin-stdin --key '$rsa' --layout leader --page 9 -o out.pdf gs.pdf"
expect_fail "box outside the page" 1 "does not fit" \
  bash -c "echo $pin | '$cli' sign --pin-stdin --key '$rsa' --layout leader --rect 500,800,300,100 -o out.pdf gs.pdf"
expect_fail "seal that is not a PNG" 1 "not a PNG" \
  bash -c "echo $pin | '$cli' sign --pin-stdin --key '$rsa' --layout organisation --seal-image doc.ps -o out.pdf gs.pdf"
expect_fail "unknown key" 1 "No signing certificate" \
  bash -c "echo $pin | '$cli' sign --pin-stdin --key '$token_uri;id=%77' -o out.pdf gs.pdf"
cp gs.pdf same.pdf
expect_fail "output over the input" 1 "replace the original" \
  bash -c "echo $pin | '$cli' sign --pin-stdin --key '$rsa' -o same.pdf same.pdf"
check "the input was left as it was" cmp gs.pdf same.pdf
if [ "$(id -u)" = 0 ]; then
  unwritable=/sys       # root writes anywhere else
else
  mkdir locked; chmod 500 locked; unwritable=$work/locked
fi
expect_fail "unwritable folder (B-B)" 1 "Could not create a file in" \
  bash -c "echo $pin | '$cli' sign --pin-stdin --key '$rsa' -o '$unwritable/out.pdf' gs.pdf"
expect_fail "unwritable folder (B-LT)" 1 "Could not create a file in" \
  bash -c "echo $pin | '$cli' sign --pin-stdin --trust '$MC_PKI_ROOT' --key '$rsa' --level B-LT --tsa '$MC_PKI_TSA_URL' -o '$unwritable/out.pdf' gs.pdf"
check "nothing in the unwritable folder" bash -c "! ls -A '$unwritable' | grep -q 'out.pdf'"
expect_fail "usage: no --key" 2 "which certificate" bash -c "'$cli' sign -o out.pdf gs.pdf"
expect_fail "usage: -o with two files" 2 "either -o" bash -c "'$cli' sign --key '$rsa' -o out.pdf gs.pdf cairo.pdf"
mkdir -p same-a same-b same-out; cp gs.pdf same-a/doc.pdf; cp cairo.pdf same-b/doc.pdf
expect_fail "usage: two inputs of the same name into one --out-dir" 2 "named .doc\.pdf.*overwrite" \
  bash -c "echo $pin | '$cli' sign --pin-stdin --key '$rsa' --out-dir same-out same-a/doc.pdf same-b/doc.pdf"
check "two inputs of the same name: nothing was signed" bash -c "[ -z \"\$(ls -A same-out)\" ]"
expect_fail "usage: unknown level" 2 "B-B, B-T or B-LT" bash -c "'$cli' sign --key '$rsa' --level X -o out.pdf gs.pdf"
expect_fail "usage: bad rectangle" 2 "not a rectangle" bash -c "'$cli' sign --key '$rsa' --rect 1,2,3 -o out.pdf gs.pdf"

# ---- lower levels when allowed ----
check "TSA down, --allow-lower: B-B with a warning" bash -c "
  echo $pin | '$cli' --json sign --pin-stdin --key '$rsa' --level B-T --allow-lower --tsa '$MC_PKI_DOWN_URL' -o low.pdf gs.pdf > low.json 2> low.err &&
  grep -q 'warning' low.err && python3 -c 'import json; f=json.load(open(\"low.json\"))[\"files\"][0]; assert f[\"level\"]==\"B-B\" and f[\"warning\"], f'"
check "TSA down, --allow-lower: the output is valid" pdfsig_ok low.pdf 1
check "OCSP down, --allow-lower: signed with a warning, CRLs keep it B-LT" bash -c "
  echo $pin | '$cli' --json sign --pin-stdin --trust '$MC_PKI_ROOT' --key '$rsa' --level B-LT --allow-lower --tsa '$MC_PKI_TSA_URL' --ocsp '$MC_PKI_DOWN_URL' -o lowlt.pdf gs.pdf > lowlt.json 2> lowlt.err &&
  grep -q 'OCSP' lowlt.err && python3 -c 'import json; f=json.load(open(\"lowlt.json\"))[\"files\"][0]; assert f[\"level\"] in (\"B-LT\",\"B-T\") and f[\"warning\"], f'"
check "OCSP down, --allow-lower: the output is valid" pdfsig_ok lowlt.pdf 1 dss

# ---- verify: exit codes and what it says ----
check "verify: an unsigned file has no signature (exit 1)" bash -c "! '$cli' verify gs.pdf > v.out 2> v.err && grep -q 'no signature' v.err"
if [ -f gs-signed.pdf ]; then
  python3 - <<'PY'
data = open("gs-signed.pdf", "rb").read()
i = data.rfind(b"/M (D:")
open("tampered.pdf", "wb").write(data[:i] + b"/M (D:19" + data[i + 8:])
PY
  check "verify: a changed signed byte is not valid (exit 1), pdfsig agrees" bash -c "
    ! '$cli' --json verify tampered.pdf > t.json 2> t.err &&
    python3 -c 'import json; s=json.load(open(\"t.json\"))[\"signatures\"][-1]; assert s[\"checks\"][\"digest\"]==\"failed\" and not s[\"valid\"], s' &&
    pdfsig tampered.pdf | grep -q 'Digest Mismatch'"
  check "verify: the text report (exit 0)" bash -c "
    '$cli' verify gs-signed.pdf > v.txt && cat v.txt && grep -q 'Verdict: *valid' v.txt &&
    grep -q 'Signed by: *Nguyễn Văn An' v.txt && grep -q 'Level: *PAdES B-B' v.txt"
fi
# The test root sits in the user's own trust folder: the report says so,
# in Vietnamese text and in JSON; a root given with --trust is not flagged.
check "verify: a root the user added is shown as trusted by you, not shipped" bash -c "
  LC_ALL=vi_VN.UTF-8 LANGUAGE=vi '$cli' verify --offline letter-signed.pdf > o.txt; cat o.txt;
  grep -q 'Gốc tin cậy: .*(tin cậy do bạn thêm, không kèm theo chương trình)' o.txt &&
  '$cli' --json verify --offline letter-signed.pdf > o.json;
  python3 -c 'import json; a=json.load(open(\"o.json\"))[\"signatures\"][0][\"trust_anchor\"]; assert a[\"origin\"]==\"user\" and a[\"trusted_by_you\"] and a[\"name\"], a'"
check "verify: a root given with --trust is not flagged as the user's" bash -c "
  XDG_DATA_HOME='$work/no-user-trust' '$cli' --json verify --offline --trust '$MC_PKI_ROOT' letter-signed.pdf > s.json;
  python3 -c 'import json; a=json.load(open(\"s.json\"))[\"signatures\"][0][\"trust_anchor\"]; assert a[\"origin\"]==\"shipped\" and not a[\"trusted_by_you\"], a' &&
  XDG_DATA_HOME='$work/no-user-trust' '$cli' verify --offline --trust '$MC_PKI_ROOT' letter-signed.pdf > s.txt;
  grep -q 'Trusted root:' s.txt && ! grep -q 'trusted by you' s.txt"
check "verify: an untrusted root is not valid (exit 1)" bash -c "
  rm -rf '$XDG_DATA_HOME/motcua/trust'; ! '$cli' verify --offline letter-signed.pdf > u.txt; cat u.txt; grep -q 'could not be fully verified' u.txt"

# ---- the demo token ./dev run uses ----
demo_serial () {
  python3 -c 'import json,sys; t=[x for x in json.load(open(sys.argv[1]))["tokens"] if x["label"]=="MotCua Demo"][0]; print(t["serial"], *sorted(i["holder"]+"/"+i["serial"] for i in t["identities"]))' "$1"
}
check "make-demo-token.sh: a persistent token the CLI signs with" bash -c "
  set -e
  '$src/tests/pki/make-demo-token.sh' --fixture '$fixture' demo > demo.env
  set -a; . ./demo.env; set +a
  '$cli' --json tokens > demo-tokens.json
  $(declare -f demo_serial)
  first=\$(demo_serial demo-tokens.json); echo \"\$first\"
  grep -q 'Lê Quốc Hùng/' <<<\"\$first\"; grep -q 'Ủy ban nhân dân xã Tân Phú/' <<<\"\$first\"
  echo \$MOTCUA_DEMO_PIN | '$cli' sign --pin-stdin --key \"\$MOTCUA_DEMO_LEADER_KEY\" --layout leader --signature-image \"\$MOTCUA_DEMO_SIGNATURE_IMAGE\" -o demo-1.pdf letter.pdf
  echo \$MOTCUA_DEMO_PIN | '$cli' sign --pin-stdin --key \"\$MOTCUA_DEMO_ORGANISATION_KEY\" --layout organisation --seal-image \"\$MOTCUA_DEMO_SEAL_IMAGE\" -o demo-2.pdf demo-1.pdf
  pdfsig demo-2.pdf | grep -c 'Signature is Valid' | grep -qx 2
  '$src/tests/pki/make-demo-token.sh' demo > /dev/null
  '$cli' --json tokens > demo-tokens2.json
  [ \"\$(demo_serial demo-tokens2.json)\" = \"\$first\" ]"

echo "1..$n"
[ "$failed" -eq 0 ]
