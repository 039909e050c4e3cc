#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Forged later revisions against `motcua-cli verify`: the shadow attacks
# (hide, replace, hide-and-replace) and incremental saving attacks,
# each built by make-attack.py from a file freshly signed with the
# SoftHSM token, in classic-xref and xref-stream variants. Every one must
# be `invalid` in the JSON status, in the text verdict and in the exit
# code, with the change named in Vietnamese. Then the updates a signature
# allows must stay valid: a second signature (ours, and pdfsig's), a B-LT
# DSS update, a document time-stamp, a section that only repeats an
# object, form filling under DocMDP P=2; and an approval signature
# followed by a small annotation is valid with that change listed.
# pdfsig and qpdf must accept our certified output.
#   test-attacks.sh PADES_FIXTURE PDF_TOOL
# Prints TAP.
set -uo pipefail
fixture=$(realpath "${1:?pades-fixture}")
pdftool=$(realpath "${2:?pdf-tool}")
cli=${MOTCUA_CLI:?}
src=${MOTCUA_SOURCE_DIR:?}
gen="$src/tests/integration/attacks/make-attack.py"
export LC_ALL=C.UTF-8
unset LANGUAGE
# The work folder, TAP helpers, the SoftHSM token, its PKI and pdfsig's NSS database.
. "$src/tests/pki/tap-pki-setup.sh"

"$fixture" letter letter.pdf
"$fixture" signature signature.png

sign () { echo "$pin" | "$cli" sign --pin-stdin "${trust[@]}" "$@" > sign.out 2> sign.err || { cat sign.err; return 1; }; }

# The verdict of signature $2 (1-based) of $1: JSON status, the exit code
# of --json and of the text report, and the text report in Vietnamese.
verify_all () { # file
  "$cli" --json verify "${trust[@]}" "$1" > v.json 2> v.err
  echo $? > v.json.rc
  LC_ALL=vi_VN.UTF-8 LANGUAGE=vi "$cli" verify "${trust[@]}" "$1" > v.txt 2> v.txt.err
  echo $? > v.txt.rc
  cat v.json v.txt
}
field () { # index key
  python3 -c 'import json,sys; s=json.load(open("v.json"))["signatures"][int(sys.argv[1]) - 1]; v=s[sys.argv[2]]; print("\n".join(v) if isinstance(v, list) else v)' "$1" "$2"
}

expect_invalid () { # file sentence-in-vietnamese
  verify_all "$1" || true
  [ "$(field 1 status)" = invalid ] || { echo "status: $(field 1 status)"; return 1; }
  python3 -c 'import json; r=json.load(open("v.json")); assert r["status"]=="invalid" and not r["valid"], r["status"]' || return 1
  [ "$(cat v.json.rc)" = 1 ] && [ "$(cat v.txt.rc)" = 1 ] || { echo "exit codes: $(cat v.json.rc) $(cat v.txt.rc)"; return 1; }
  grep -q 'KHÔNG hợp lệ' v.txt || return 1
  grep -qF -- "$2" v.txt || { echo "missing: $2"; return 1; }
}

expect_valid () { # file index status [allowed-change-sentence]
  verify_all "$1" || true
  [ "$(field "$2" status)" = "$3" ] || { echo "status of $2: $(field "$2" status)"; return 1; }
  [ "$(cat v.json.rc)" = 0 ] && [ "$(cat v.txt.rc)" = 0 ] || { echo "exit codes: $(cat v.json.rc) $(cat v.txt.rc)"; return 1; }
  if [ -n "${4:-}" ]; then field "$2" allowed_changes | grep -qF -- "$4" || return 1; fi
  [ -z "$(field "$2" disallowed_changes)" ]
}

# ---- the signed files ----
sign --key "$rsa" --layout leader --signature-image signature.png -o cert.pdf letter.pdf ||
  { echo "Bail out! signing failed"; exit 1; }
sign --approval --key "$rsa" --layout leader --signature-image signature.png -o approval.pdf letter.pdf ||
  { echo "Bail out! signing failed"; exit 1; }

check "the first signature certifies with DocMDP P=2; pdfsig and qpdf accept it" bash -c "
  '$cli' --json verify --trust '$MC_PKI_ROOT' cert.pdf > c.json &&
  python3 -c 'import json; s=json.load(open(\"c.json\"))[\"signatures\"][0]; assert s[\"certification\"] and s[\"docmdp\"]==2 and s[\"status\"]==\"valid\", s' &&
  pdfsig -nssdir sql:nss cert.pdf | tee p.out && grep -q 'Signature is Valid' p.out && grep -q 'Certificate is Trusted' p.out &&
  qpdf --check cert.pdf"
check "--approval makes no certification" bash -c "
  '$cli' --json verify --trust '$MC_PKI_ROOT' approval.pdf > a.json &&
  python3 -c 'import json; s=json.load(open(\"a.json\"))[\"signatures\"][0]; assert not s[\"certification\"] and s[\"docmdp\"] is None and s[\"status\"]==\"valid\", s'"

# ---- the attacks: invalid, named, in both cross-reference forms ----
declare -A named=(
  [objstm]="Nội dung trang 1 đã bị thay đổi sau khi ký."
  [catalog]="Tệp giờ bắt đầu từ một danh mục gốc khác với danh mục đã ký"
  [overlay]="Một chú thích che 100 % trang 1 đã được thêm về sau"
  [content]="Nội dung trang 1 đã bị thay đổi sau khi ký."
  [wrap]="Trường chữ ký “Signature1” hoặc hình hiển thị của nó đã bị thay đổi sau khi ký."
  [appearance]="Trường chữ ký “Signature1” hoặc hình hiển thị của nó đã bị thay đổi sau khi ký."
  [delete]="(nội dung một trang, đối tượng"
)
for kind in objstm catalog overlay content wrap appearance delete; do
  for xref in table stream; do
    if "$gen" cert.pdf "$kind-$xref.pdf" "$kind" "$xref" 2> gen.err; then
      check "attack $kind ($xref): invalid in JSON, text and exit code, named" \
        expect_invalid "$kind-$xref.pdf" "${named[$kind]}"
    else
      not_ok "attack $kind ($xref) built"; sed 's/^/# /' gen.err
    fi
  done
done
# An object stream of the signed document written again in place, and a
# second widget of the signed field: in files whose objects live in
# object streams (qpdf) too.
qpdf --object-streams=generate letter.pdf objstm.pdf
if sign --key "$rsa" --layout leader --signature-image signature.png -o objstm-signed.pdf objstm.pdf; then
  for xref in table stream; do
    if "$gen" objstm-signed.pdf "rewrite-$xref.pdf" objstm-rewrite "$xref" 2> gen.err &&
       "$gen" objstm-signed.pdf "widget-$xref.pdf" second-widget "$xref" 2>> gen.err; then
      check "attack objstm-rewrite ($xref): invalid, named" \
        expect_invalid "rewrite-$xref.pdf" "Luồng đối tượng 1, chứa các đối tượng của tài liệu đã ký, đã bị ghi lại về sau."
      check "attack second-widget ($xref): invalid, named" \
        expect_invalid "widget-$xref.pdf" "Một hình hiển thị khác của một trường chữ ký đã ký đã được thêm vào trang 1 về sau."
    else
      not_ok "attacks on the object-stream file ($xref) built"; sed 's/^/# /' gen.err
    fi
  done
else
  not_ok "object-stream file signed"
fi
check "attack objstm: the disguise is named too" bash -c "
  '$cli' --json verify --trust '$MC_PKI_ROOT' objstm-stream.pdf > o.json; [ \$? = 1 ] &&
  grep -q 'calls itself an object stream' o.json"
check "approval signature, an annotation over the whole page: invalid" \
  bash -c "'$gen' approval.pdf ap-overlay.pdf overlay table && $(declare -f verify_all field expect_invalid); trust=(${trust[*]}); cli='$cli';
  expect_invalid ap-overlay.pdf 'Một chú thích che 100 % trang 1 đã được thêm về sau'"

# ---- what a signature allows ----
check "approval signature, a small note added: valid with that change listed" bash -c "
  '$gen' approval.pdf ap-note.pdf note stream && $(declare -f verify_all field expect_valid); trust=(${trust[*]}); cli='$cli';
  expect_valid ap-note.pdf 1 valid-with-allowed-changes 'An annotation covering 1 % of page 1 was added later by an unsigned update.'"
check "certified P=2, a small note added: invalid, DocMDP named" \
  bash -c "'$gen' cert.pdf c-note.pdf note table && $(declare -f verify_all field expect_invalid); trust=(${trust[*]}); cli='$cli';
  expect_invalid c-note.pdf 'Chứng nhận của tài liệu (DocMDP P=2) không cho phép điều này.'"
check "a new /Info with only the date and producer: valid" bash -c "
  '$gen' cert.pdf info.pdf info stream && $(declare -f verify_all field expect_valid); trust=(${trust[*]}); cli='$cli';
  expect_valid info.pdf 1 valid 'The modification date or producer in the document information was updated later.'"
check "a new /Info with another title: invalid, named" bash -c "
  '$gen' cert.pdf info-title.pdf info-title table && $(declare -f verify_all field expect_invalid); trust=(${trust[*]}); cli='$cli';
  expect_invalid info-title.pdf 'Thông tin tài liệu (Title) đã bị thay đổi sau khi ký.'"
for xref in table stream; do
  check "a section that only repeats an unchanged object ($xref): valid" bash -c "
    '$gen' cert.pdf repeat-$xref.pdf repeat $xref && $(declare -f verify_all field expect_valid); trust=(${trust[*]}); cli='$cli';
    expect_valid repeat-$xref.pdf 1 valid"
done

if sign --key "$ec" --layout invisible -o second.pdf cert.pdf; then
  check "a second signature by our signer: both valid, the first lists it" bash -c "
    $(declare -f verify_all field expect_valid); trust=(${trust[*]}); cli='$cli';
    expect_valid second.pdf 1 valid-with-allowed-changes '1 signature was added later.' && expect_valid second.pdf 2 valid"
else
  not_ok "a second signature by our signer"
fi
if pdfsig -nssdir "sql:$work/nss" -add-signature -nick signer -kpw "" \
     -new-signature-field-name PopplerSig cert.pdf poppler.pdf > pdfsig-add.log 2>&1; then
  check "a second signature by pdfsig -add-signature: ours stays valid" bash -c "
    $(declare -f verify_all field expect_valid); trust=(${trust[*]}); cli='$cli';
    expect_valid poppler.pdf 1 valid-with-allowed-changes '1 signature was added later.'"
else
  not_ok "pdfsig -add-signature on a certified file"; sed 's/^/# /' pdfsig-add.log
fi
if sign --key "$rsa" --level B-LT --tsa "$MC_PKI_TSA_URL" -o blt.pdf letter.pdf; then
  check "a B-LT DSS update after the signature: valid, no change listed as form filling" bash -c "
    $(declare -f verify_all field expect_valid); trust=(${trust[*]}); cli='$cli';
    expect_valid blt.pdf 1 valid 'Validation data (DSS) was added later.' &&
    [ \"\$(field 1 modification_level)\" = timestamps-dss ]"
else
  not_ok "B-LT signing"
fi
tsa_cmd="openssl ts -query -data \"\$DATA\" -sha256 -cert -out q.tsq &&
  curl -sf -H 'Content-Type: application/timestamp-query' --data-binary @q.tsq '$MC_PKI_TSA_URL' -o r.tsr &&
  openssl ts -reply -in r.tsr -token_out -out \"\$DER\""
if "$pdftool" sign --timestamp --cmd "$tsa_cmd" cert.pdf docts.pdf > docts.out 2>&1; then
  check "a document time-stamp after the signature: both valid" bash -c "
    $(declare -f verify_all field expect_valid); trust=(${trust[*]}); cli='$cli';
    expect_valid docts.pdf 1 valid '1 document time-stamp was added later.' && expect_valid docts.pdf 2 valid"
else
  not_ok "document time-stamp made"; sed 's/^/# /' docts.out
fi
# Document time-stamps over an MD5 or SHA-1 imprint, issued by the test
# TSA's own key through a copy of its configuration that accepts them:
# MD5 is refused (invalid), SHA-1 cannot be confirmed (indeterminate).
sed 's/^digests = .*/digests = md5, sha1, sha256/' "$MC_PKI_DIR/tsa/tsa.cnf" > weak-tsa.cnf
for md in md5 sha1; do
  weak_cmd="openssl ts -query -data \"\$DATA\" -$md -cert -out q.tsq &&
    openssl ts -reply -config weak-tsa.cnf -queryfile q.tsq -token_out -out \"\$DER\""
  "$pdftool" sign --timestamp --cmd "$weak_cmd" cert.pdf "docts-$md.pdf" > "docts-$md.out" 2>&1 ||
    { not_ok "document time-stamp over $md made"; sed 's/^/# /' "docts-$md.out"; continue; }
  want=$([ "$md" = md5 ] && echo invalid || echo indeterminate)
  rc=$([ "$md" = md5 ] && echo 1 || echo 3)
  check "a document time-stamp over $md: $want, the digest named" bash -c "
    $(declare -f verify_all field); trust=(${trust[*]}); cli='$cli';
    verify_all docts-$md.pdf > /dev/null
    [ \"\$(field 2 status)\" = $want ] || { echo \"status: \$(field 2 status)\"; exit 1; }
    [ \"\$(field 1 status)\" = valid ] || { echo \"first: \$(field 1 status)\"; exit 1; }
    [ \"\$(cat v.json.rc)\" = $rc ] && [ \"\$(cat v.txt.rc)\" = $rc ] || { echo rc; exit 1; }
    field 2 problems | grep -qi '$md' || field 2 problems | grep -qi '${md^^}'"
done
# A form with a text field, signed (certified P=2), then filled in.
"$gen" letter.pdf form.pdf addfield table
if sign --key "$rsa" --layout leader --signature-image signature.png -o form-signed.pdf form.pdf &&
   "$gen" form-signed.pdf filled.pdf fill stream; then
  check "form filling under DocMDP P=2: valid, the field named" bash -c "
    $(declare -f verify_all field expect_valid); trust=(${trust[*]}); cli='$cli';
    expect_valid filled.pdf 1 valid-with-allowed-changes 'The form field “issue” was filled in later.'"
  check "form filling: qpdf and pdfsig still read it" bash -c "qpdf --check filled.pdf && pdfsig -nssdir sql:nss filled.pdf | grep -q 'Signature is Valid'"
else
  not_ok "form signed and filled"
fi

# ---- a FieldMDP lock (signed by openssl cms: our signer writes none) ----
if "$gen" form.pdf locked.pdf fieldmdp-sign "$MC_PKI_SIGNER_RSA" "$MC_PKI_DIR/signers/rsa.key" "$MC_PKI_INTERMEDIATE" \
     2> lock.err && "$gen" locked.pdf locked-filled.pdf fill table 2>> lock.err; then
  check "FieldMDP: the locking signature is valid" bash -c "
    $(declare -f verify_all field expect_valid); trust=(${trust[*]}); cli='$cli';
    expect_valid locked.pdf 1 valid"
  check "FieldMDP: filling the locked field is invalid, named" bash -c "
    $(declare -f verify_all field expect_invalid); trust=(${trust[*]}); cli='$cli';
    expect_invalid locked-filled.pdf 'Trường biểu mẫu “issue”, bị khóa bởi chữ ký này, đã bị thay đổi về sau.'"
else
  not_ok "FieldMDP signature made"; sed 's/^/# /' lock.err
fi

# ---- a certification that allows no change (P=1), made by our writer ----
cms="openssl cms -sign -binary -outform DER -in \"\$DATA\" -out \"\$DER\" -signer $MC_PKI_SIGNER_RSA \
  -inkey $MC_PKI_DIR/signers/rsa.key -certfile $MC_PKI_INTERMEDIATE -md sha256 -nosmimecap -cades"
if "$pdftool" sign --docmdp 1 --cmd "$cms" letter.pdf p1.pdf > p1.out 2>&1; then
  check "DocMDP P=1: the certification is read back, valid" bash -c "
    $(declare -f verify_all field expect_valid); trust=(${trust[*]}); cli='$cli';
    expect_valid p1.pdf 1 valid && [ \"\$(field 1 docmdp)\" = 1 ] && [ \"\$(field 1 certification)\" = True ]"
  check "DocMDP P=1: our signer refuses to sign it again" bash -c "
    ! echo $pin | '$cli' sign --pin-stdin --key '$ec' -o p1-again.pdf p1.pdf 2> p1.err && grep -q 'forbids any change' p1.err"
  check "DocMDP P=1, a section that only repeats an object: still valid" bash -c "
    '$gen' p1.pdf p1-repeat.pdf repeat stream && $(declare -f verify_all field expect_valid); trust=(${trust[*]}); cli='$cli';
    expect_valid p1-repeat.pdf 1 valid"
  if pdfsig -nssdir "sql:$work/nss" -add-signature -nick signer -kpw "" \
       -new-signature-field-name PopplerSig p1.pdf p1-poppler.pdf > p1-add.log 2>&1; then
    check "DocMDP P=1, a second signature by pdfsig: the certification is invalid" bash -c "
      $(declare -f verify_all field expect_invalid); trust=(${trust[*]}); cli='$cli';
      expect_invalid p1-poppler.pdf 'Chứng nhận của tài liệu (DocMDP P=1) không cho phép điều này.'"
  else
    echo "# pdfsig refuses to sign a P=1 certified file: $(tail -1 p1-add.log)"
  fi
else
  not_ok "DocMDP P=1 certification made by pdf-tool"; sed 's/^/# /' p1.out
fi

# ---- one verdict everywhere: the text of an untrusted root ----
check "an untrusted root: indeterminate, exit 3, same in JSON and text" bash -c "
  '$cli' --json verify --offline cert.pdf > u.json; [ \$? = 3 ] &&
  python3 -c 'import json; s=json.load(open(\"u.json\"))[\"signatures\"][0]; assert s[\"status\"]==\"indeterminate\" and s[\"reason\"], s' &&
  '$cli' verify --offline cert.pdf > u.txt; [ \$? = 3 ] && grep -q 'could not be fully verified' u.txt"
check "a file that is not a PDF: exit 4" bash -c "head -c 3000 /dev/urandom > junk.pdf; '$cli' verify junk.pdf; [ \$? = 4 ]"
check "verify --help lists the exit codes" bash -c "'$cli' verify --help > h.txt; grep -q 'Exit status' h.txt && grep -qE '^ +3 ' h.txt"
check "text columns line up in Vietnamese" bash -c "
  LC_ALL=vi_VN.UTF-8 LANGUAGE=vi '$cli' verify --trust '$MC_PKI_ROOT' second.pdf > cols.txt; cat cols.txt
  python3 - <<'PY'
import re, unicodedata
cols = set()
for line in open('cols.txt', encoding='utf-8'):
    m = re.match(r'^  (\S.*?:)( +)\S', line)
    if m:
        cols.add(len(unicodedata.normalize('NFC', m.group(1))) + len(m.group(2)))
assert len(cols) == 1, cols
PY"

echo "1..$n"
[ "$failed" -eq 0 ]
