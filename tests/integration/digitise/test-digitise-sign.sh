#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `motcua-cli digitise … --pdfa --sign-with TOKEN --pin-stdin` end to end:
# the signed digital copy of a paper component (Decree 45/2020/NĐ-CP),
# with the SoftHSM token and PKI of tests/pki/make-pki.sh, to which an
# organisation's (seal) certificate is added beside the personal ones.
# The copy is judged by tools that are not ours (pdfsig against an NSS
# database trusting the test root, qpdf --check, the PDF/A check of
# tests/unit/digitise/check-pdfa.py) and by `motcua-cli verify`; the
# signer must be the organisation. Then a wrong PIN, a token that is not
# there and --sign-with without --pin-stdin: non-zero exit, one clear
# Vietnamese line, no output and no unsigned leftover.
#   test-digitise-sign.sh
# Prints TAP.
set -uo pipefail
cli=${MOTCUA_CLI:?}
src=${MOTCUA_SOURCE_DIR:?}
export LC_ALL=C.UTF-8
work=$(mktemp -d)
main_pid=$$
cleanup () {
  [ "$BASHPID" = "$main_pid" ] || return
  "$src/tests/pki/stop-peers.sh" "$work/pki" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
export HOME="$work/home" XDG_DATA_HOME="$work/home/data"
mkdir -p "$HOME"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY
export no_proxy=127.0.0.1,localhost

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $*"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check () { local what=$1; shift; if "$@" >check.log 2>&1; then ok "$what"; else not_ok "$what"; sed 's/^/# /' check.log | head -40; fi; }

# ---- the PKI and the token, with the organisation's certificate ----
export MC_PKI_OWNER_PID=$$
"$src/tests/pki/make-pki.sh" "$work/pki" > pki.env || { echo "Bail out! make-pki.sh failed"; exit 1; }
set -a
. ./pki.env
set +a
org="UBND xã Định Hiệp"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out org.key 2>/dev/null
openssl req -new -utf8 -config "$MC_PKI_DIR/inter/ca.cnf" -key org.key \
  -subj "/C=VN/ST=Tỉnh Bình Dương/L=Huyện Dầu Tiếng/O=$org/CN=$org" -out org.csr >setup.log 2>&1 &&
  openssl ca -batch -notext -config "$MC_PKI_DIR/inter/ca.cnf" -extensions v3_signer \
    -in org.csr -out org.pem >>setup.log 2>&1 &&
  openssl pkcs8 -topk8 -nocrypt -in org.key -out org.p8 &&
  softhsm2-util --import org.p8 --token "$MC_PKI_TOKEN_LABEL" --label "UBND seal" --id 07 \
    --pin "$MC_PKI_PIN" >>setup.log 2>&1 &&
  GNUTLS_PIN="$MC_PKI_PIN" p11tool --provider="$MC_PKI_SOFTHSM2_MODULE" --login --write \
    --load-certificate=org.pem --label="UBND seal" --id=07 \
    "pkcs11:token=${MC_PKI_TOKEN_LABEL// /%20}" >>setup.log 2>&1 ||
  { sed 's/^/# /' setup.log; echo "Bail out! the organisation's certificate could not be put on the token"; exit 1; }
rm -f org.p8
mkdir -p "$XDG_DATA_HOME/motcua/trust"
cp "$MC_PKI_ROOT" "$XDG_DATA_HOME/motcua/trust/test-root.pem"
mkdir nss
certutil -N -d sql:nss --empty-password
certutil -A -d sql:nss -n root -t "CT,C,C" -i "$MC_PKI_ROOT"

# ---- two scanned pages (Ghostscript renders them at 150 dpi) ----
cat > paper.ps <<'PS'
%!PS
/Helvetica findfont 28 scalefont setfont
72 720 moveto (GIAY XAC NHAN CU TRU) show
/Helvetica findfont 14 scalefont setfont
72 680 moveto (Ho va ten: Nguyen Van An) show
72 660 moveto (Noi thuong tru: xa Dinh Hiep, huyen Dau Tieng) show
72 640 moveto (Ban sao dien tu tu ban giay) show
showpage
/Helvetica findfont 28 scalefont setfont
72 720 moveto (TRANG HAI) show
/Helvetica findfont 14 scalefont setfont
72 680 moveto (Noi dung trang thu hai cua ho so) show
showpage
PS
gs -q -dNOPAUSE -dBATCH -sDEVICE=pnggray -r150 -sOutputFile=page-%d.png paper.ps

leftovers () { # no output and nothing beside it
  [ ! -e "$1" ] && [ -z "$(ls -A "$(dirname "$1")")" ]
}

# ---- the signed copy ----
mkdir out
echo "$MC_PKI_PIN" | "$cli" digitise page-1.png page-2.png -o out/ban-sao.pdf --pdfa \
  --sign-with "$MC_PKI_TOKEN_LABEL" --pin-stdin >digitise.out 2>digitise.err
status=$?
if [ $status -eq 0 ]; then ok "digitise --pdfa --sign-with exits 0"; else not_ok "digitise --pdfa --sign-with exits 0 ($status)"; sed 's/^/# /' digitise.err; fi
check "only the signed copy is left in the folder" test "$(ls -A out)" = ban-sao.pdf
pdfsig_ok () {
  local out
  out=$(pdfsig -nssdir "sql:$work/nss" "$1" 2>&1)
  echo "$out"
  [ "$(grep -c 'Signature is Valid' <<<"$out")" -eq 1 ] &&
    grep -q 'Certificate is Trusted' <<<"$out" &&
    grep -q "Signer Certificate Common Name: $org" <<<"$out" &&
    grep -q 'Total document signed' <<<"$out"
}
check "pdfsig: one valid, trusted signature by the organisation, covering the file" pdfsig_ok out/ban-sao.pdf
check "qpdf --check" qpdf --check out/ban-sao.pdf
check "PDF/A-2b structural check (check-pdfa.py)" python3 "$src/tests/unit/digitise/check-pdfa.py" out/ban-sao.pdf
check "two pages" test "$(pdfinfo out/ban-sao.pdf | awk '/^Pages:/ {print $2}')" = 2
ours_ok () {
  "$cli" --json verify out/ban-sao.pdf > ours.json || { cat ours.json; return 1; }
  cat ours.json
  python3 - "$org" <<'PY'
import json, sys
r = json.load(open("ours.json"))
sigs = r["signatures"]
assert r["valid"] and len(sigs) == 1, r
s = sigs[0]
assert s["valid"] and s["covers_document"] and not s["changed_after"], s
assert sys.argv[1] in json.dumps(s, ensure_ascii=False), "not signed by the organisation"
PY
}
check "motcua-cli verify: valid, covers the document, the organisation signed" ours_ok
certifies () { # the first signature certifies the copy (DocMDP), as `sign` does
  qpdf --json out/ban-sao.pdf > doc.json && python3 - <<'PY'
import json
doc = json.load(open("doc.json"))
objs = doc["qpdf"][1] if "qpdf" in doc else doc["objects"]
text = json.dumps(objs)
assert "/DocMDP" in text, "no DocMDP reference: the copy is not certified"
PY
}
check "the signature certifies the copy (DocMDP)" certifies

# ---- failures: nothing is left behind ----
mkdir wrong
echo 000000 | LC_ALL=vi_VN.UTF-8 LANGUAGE=vi "$cli" digitise page-1.png -o wrong/ban-sao.pdf --pdfa \
  --sign-with "$MC_PKI_TOKEN_LABEL" --pin-stdin >wrong.out 2>wrong.err
status=$?
check "a wrong PIN: non-zero exit" test $status -ne 0
echo "# $(cat wrong.err)"
check "a wrong PIN: one line, in Vietnamese, saying the PIN is wrong" \
  bash -c '[ "$(wc -l < wrong.err)" -eq 1 ] && grep -q "Mã PIN" wrong.err'
check "a wrong PIN: no output, no unsigned leftover" leftovers wrong/ban-sao.pdf

mkdir missing
echo "$MC_PKI_PIN" | LC_ALL=vi_VN.UTF-8 LANGUAGE=vi "$cli" digitise page-1.png -o missing/ban-sao.pdf \
  --sign-with "Khong co token nay" --pin-stdin >missing.out 2>missing.err
status=$?
echo "# $(cat missing.err)"
check "a token that is not there: non-zero exit, one Vietnamese line naming it" \
  bash -c "[ $status -ne 0 ] && [ \"\$(wc -l < missing.err)\" -eq 1 ] && grep -q 'Không thấy thiết bị ký số “Khong co token nay”' missing.err"
check "a token that is not there: no output" leftovers missing/ban-sao.pdf

mkdir nopin
"$cli" digitise page-1.png -o nopin/ban-sao.pdf --sign-with "$MC_PKI_TOKEN_LABEL" </dev/null >nopin.out 2>nopin.err
status=$?
check "--sign-with without --pin-stdin: usage error (exit 2)" test $status -eq 2
check "--sign-with without --pin-stdin: no output" leftovers nopin/ban-sao.pdf

echo "1..$n"
[ $failed -eq 0 ]
