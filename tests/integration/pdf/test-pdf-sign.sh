#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Signs PDFs from several real producers with our incremental writer and a
# CMS made by `openssl cms` over the byte ranges we hand out, then lets
# independent verifiers judge: pdfsig (poppler), mutool (MuPDF), qpdf. The
# original must stay an exact prefix; a second signature must leave the
# first valid; bad inputs must fail with a message and leave no file.
# Producers: cairo, Ghostscript, qpdf (object streams, linearized), a
# classic table with an update, a hybrid file, LibreOffice (when
# installed), and a file already signed by `pdfsig -add-signature`.
#   test-pdf-sign.sh PDF_TOOL
# Prints TAP.
set -uo pipefail
tool=$(realpath "${1:?pdf-tool}")
export LC_ALL=C.UTF-8
work=$(mktemp -d)
main_pid=$$
# Only the main shell cleans up (bash may run EXIT traps in subshells).
trap '[ "$BASHPID" = "$main_pid" ] && rm -rf "$work"' EXIT
cd "$work"

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $*"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check () { local what=$1; shift; if "$@" >check.log 2>&1; then ok "$what"; else not_ok "$what"; sed 's/^/# /' check.log; fi; }

# ---- keys: a CA and a signer, as a real token would hold ----
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 \
  -subj "/CN=Test CA/O=Mot Cua Test" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout signer.key -out signer.csr -utf8 \
  -subj "/CN=Nguyễn Văn Ký/O=UBND xã Thử Nghiệm" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' > ext.cnf
openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
  -extfile ext.cnf -out signer.pem 2>/dev/null
openssl x509 -in signer.pem -outform DER -out signer.der
openssl x509 -in ca.pem -outform DER -out ca.der

# pdfsig and mutool judge the certificate against an NSS database that
# trusts our CA; pdfsig also signs with it.
mkdir nss
certutil -N -d sql:nss --empty-password
certutil -A -d sql:nss -n testca -t "CT,C,C" -i ca.pem
openssl pkcs12 -export -inkey signer.key -in signer.pem -certfile ca.pem -name signer \
  -passout pass: -out signer.p12 2>/dev/null
pk12util -i signer.p12 -d sql:nss -W "" >/dev/null

cms="openssl cms -sign -binary -outform DER -in \"\$DATA\" -out \"\$DER\" -signer $work/signer.pem \
-inkey $work/signer.key -certfile $work/ca.pem -md sha256 -nosmimecap -cades"

# ---- producers ----
"$tool" make cairo cairo.pdf
"$tool" make stamp stamp.pdf
"$tool" make hybrid hybrid.pdf
"$tool" make update update.pdf
cat > doc.ps <<'PS'
%!PS
/Helvetica findfont 20 scalefont setfont
72 700 moveto (Ghostscript page one) show showpage
72 700 moveto (Ghostscript page two) show showpage
PS
gs -q -dNOPAUSE -dBATCH -sDEVICE=pdfwrite -sOutputFile=gs.pdf doc.ps
qpdf --object-streams=generate gs.pdf objstm.pdf
qpdf --linearize gs.pdf linear.pdf
qpdf --linearize --object-streams=generate cairo.pdf linear-objstm.pdf
inputs="cairo gs objstm linear linear-objstm update hybrid"
if command -v soffice >/dev/null; then
  printf 'Giấy tiếp nhận hồ sơ\n\nTrang hai\f\nTrang ba\n' > lo.txt
  if timeout 120 soffice --headless --norestore "-env:UserInstallation=file://$work/lo-profile" \
       --convert-to pdf lo.txt >lo.log 2>&1 && [ -f lo.pdf ]; then
    inputs="$inputs lo"
  else
    echo "# LibreOffice could not convert: $(tail -1 lo.log)"
  fi
else
  echo "# LibreOffice (libreoffice-writer-nogui) not installed: its PDF is not tested"
fi
# A file already signed by poppler's own signer.
if pdfsig -nssdir "sql:$work/nss" -add-signature -nick signer -kpw "" \
     -new-signature-field-name PopplerSig gs.pdf poppler-signed.pdf >pdfsig-add.log 2>&1; then
  inputs="$inputs poppler-signed"
else
  not_ok "pdfsig -add-signature makes a signed input"; sed 's/^/# /' pdfsig-add.log
fi

verify_all_valid () {
  # Every signature valid, the last one covering the whole document.
  local f=$1 want=$2 out
  out=$(pdfsig -nssdir "sql:$work/nss" "$f" 2>&1)
  [ "$(grep -c 'Signature is Valid' <<<"$out")" -eq "$want" ] || { echo "$out"; return 1; }
  [ "$(grep -c 'Total document signed' <<<"$out")" -eq 1 ] || { echo "$out"; return 1; }
  grep -q "Signature #$want:" <<<"$out" || { echo "$out"; return 1; }
  # The "Total document signed" line belongs to the last signature.
  awk -v last="Signature #$want:" '$0 ~ /^Signature #/ {cur=$0} /Total document signed/ {print cur}' <<<"$out" \
    | grep -qx "Signature #$want:" || { echo "$out"; return 1; }
}

mutool_ok () {
  # mutool has no trust store: "Certificate error: Self-signed certificate
  # in chain" is expected. The digests must check, and the last signature
  # must cover the document as it is.
  local f=$1 want=$2 out
  out=$(mutool sign -v "$f" 2>&1)
  echo "$out"
  ! grep -qiE 'not valid|digest error|signature is invalid|cannot' <<<"$out" &&
    [ "$(grep -cE 'signature is valid but there have been edits|document is unchanged since signing' <<<"$out")" -eq "$want" ] &&
    [ "$(grep -E 'signature is valid|unchanged since signing' <<<"$out" | tail -1)" =       "$(printf '\tThe document is unchanged since signing.')" ]
}

is_prefix () {
  local a=$1 b=$2
  [ "$(stat -c %s "$b")" -gt "$(stat -c %s "$a")" ] && cmp -s -n "$(stat -c %s "$a")" "$a" "$b"
}

for f in $inputs; do
  before=$(pdfsig "$f.pdf" 2>/dev/null | grep -c '^Signature #' || true)
  check "$f: sign page 1 (visible, cairo appearance)" \
    "$tool" sign --page 1 --rect 330,40,550,110 --appearance-pdf stamp.pdf \
      --name "Nguyễn Văn Ký" --reason "Phê duyệt" --location "Xã Thử Nghiệm" --size 12000 \
      --cmd "$cms" "$f.pdf" "$f-1.pdf"
  check "$f: original is a prefix of the signed file" is_prefix "$f.pdf" "$f-1.pdf"
  check "$f: pdfsig says every signature is valid" verify_all_valid "$f-1.pdf" $((before + 1))
  check "$f: qpdf --check" qpdf --check "$f-1.pdf"
  check "$f: second signature on page 2" \
    "$tool" sign --page 2 --view-rect 40,40,160,50 --reason "Đóng dấu" --cmd "$cms" "$f-1.pdf" "$f-2.pdf"
  check "$f: prefix again" is_prefix "$f-1.pdf" "$f-2.pdf"
  check "$f: pdfsig: both valid, the last covers all" verify_all_valid "$f-2.pdf" $((before + 2))
  check "$f: mutool: digests check, the last covers all" mutool_ok "$f-2.pdf" $((before + 2))
  check "$f: qpdf --check after two" qpdf --check "$f-2.pdf"
  check "$f: our inspection agrees" bash -c "
    out=\$('$tool' info '$f-2.pdf') || exit 1
    echo \"\$out\"
    [ \$(grep -c '^signature .*byterange_ok=1' <<<\"\$out\") -eq $((before + 2)) ] &&
    [ \$(grep -c '^signature .*whole=1' <<<\"\$out\") -eq 1 ] &&
    grep -q '^signature field=Signature1 page=0 .*subfilter=ETSI.CAdES.detached' <<<\"\$out\" &&
    grep -q 'reason=Phê duyệt' <<<\"\$out\""
done

# The kind of the new xref section follows the file's last one.
check "objstm: update written as an xref stream" bash -c "'$tool' info objstm-1.pdf | grep -qx 'xref stream'"
check "gs: update written as a table" bash -c "'$tool' info gs-1.pdf | grep -qx 'xref table'"
check "hybrid: update written as a table" bash -c "'$tool' info hybrid-1.pdf | grep -qx 'xref table'"

# An empty signature field placed by a template is signed in place.
"$tool" make template template.pdf
check "template: sign the placed empty field" \
  "$tool" sign --field Leader --appearance-pdf stamp.pdf --cmd "$cms" template.pdf template-1.pdf
check "template: pdfsig valid" verify_all_valid template-1.pdf 1
check "template: mutool" mutool_ok template-1.pdf 1
check "template: qpdf --check" qpdf --check template-1.pdf
check "template: the field is on page 2 with its own rectangle" bash -c \
  "'$tool' info template-1.pdf | grep -q '^signature field=Leader page=1 rect=330,40,550,110 '"

# A DSS after the signatures keeps them valid (PAdES B-LT layout).
check "dss: append certificates with a VRI entry" \
  "$tool" dss --cert signer.der --cert ca.der --vri cairo-2.pdf cairo-dss.pdf
check "dss: signatures still valid" bash -c "pdfsig -nssdir 'sql:$work/nss' cairo-dss.pdf | grep -c 'Signature is Valid' | grep -qx 2"
check "dss: qpdf --check" qpdf --check cairo-dss.pdf
check "dss: the revision adds only DSS data" bash -c "
  '$tool' info cairo-dss.pdf | awk '/^revision 3/ {r=1; next} /^revision|^signature/ {r=0} r' > changes
  cat changes
  grep -q 'added .* type DSS ' changes && ! grep -vE 'type (stream|DSS|XRef) |type Catalog .*keys DSS\$' changes"

# ---- bad inputs: a clear error, no output, no temporary file ----
qpdf --encrypt user owner 256 -- gs.pdf encrypted.pdf
head -c 2000 gs.pdf > truncated.pdf
head -c 5000 /dev/urandom > garbage.pdf
sed 's/^0000000\([0-9]\)\([0-9][0-9]\) 00000 n/0000000\1\19 00000 n/' gs.pdf > brokenxref.pdf
expect_fail () {
  local what=$1 pattern=$2; shift 2
  rm -f out.pdf
  if "$@" > fail.out 2> fail.err; then not_ok "$what: should fail"; return; fi
  if grep -qiE "$pattern" fail.err && [ ! -e out.pdf ] && [ -z "$(ls -A | grep '^\.')" ]; then
    ok "$what: $(head -c 100 fail.err)"
  else
    not_ok "$what"; sed 's/^/# /' fail.err; ls -A | sed 's/^/# /'
  fi
}
expect_fail "encrypted" "encrypted" "$tool" sign --cmd "$cms" encrypted.pdf out.pdf
expect_fail "truncated" "incomplete|damaged" "$tool" sign --cmd "$cms" truncated.pdf out.pdf
expect_fail "garbage" "not a PDF" "$tool" sign --cmd "$cms" garbage.pdf out.pdf
expect_fail "broken xref offsets" "damaged" "$tool" sign --cmd "$cms" brokenxref.pdf out.pdf
expect_fail "contents too small" "reserved" "$tool" sign --size 200 --cmd "$cms" gs.pdf out.pdf
expect_fail "no such page" "no page 9" "$tool" sign --page 9 --cmd "$cms" gs.pdf out.pdf

# ---- memory: a ~50 MB PDF signed with flat memory ----
"$tool" make big big.pdf 50
size=$(stat -c %s big.pdf)
check "big: signing a $((size / 1048576)) MB file" \
  bash -c "'$tool' sign --rss --page 5 --rect 40,40,260,110 --appearance-pdf stamp.pdf --cmd '$cms' big.pdf big-1.pdf > big.out"
rss=$(awk '/^peak_rss_kb/ {print $2}' big.out)
echo "# peak RSS while preparing, hashing and filling a $size-byte PDF: ${rss:-?} kB"
check "big: peak RSS under 40 MB" test "${rss:-999999}" -lt 40960
check "big: pdfsig valid" verify_all_valid big-1.pdf 1

echo "1..$n"
[ "$failed" -eq 0 ]
