#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Makes a persistent demo signing token in DIR, so the app can be shown
# signing without a USB token: a SoftHSM2 token "MotCua Demo" (PIN 123456)
# holding the key and certificate of a demo leader, Lê Quốc Hùng, and of
# his office, Ủy ban nhân dân xã Tân Phú, issued by a demo CA whose root is
# left in DIR/trust for the trust store. Nothing here is a real
# certificate. The two signing certificates name an OCSP responder on this
# machine (http://127.0.0.1:PORT/, PORT from MOTCUA_DEMO_OCSP_PORT, 18931 by
# default), which tests/pki/demo-ocsp.sh DIR runs from the demo CA's
# database, so the demo's signatures check as valid and not "revocation
# unknown". Run again, it keeps what it made (same token, same keys).
# With --fixture PATH-OF-pades-fixture it also draws a demo handwritten
# signature and a red seal (PNG) into DIR.
#
# Usage: make-demo-token.sh [--fixture PADES_FIXTURE] DIR
# Prints shell assignments, one per line (eval "$(make-demo-token.sh DIR)"):
# SOFTHSM2_CONF, MOTCUA_DEMO_PIN, MOTCUA_DEMO_LEADER_KEY,
# MOTCUA_DEMO_ORGANISATION_KEY, MOTCUA_DEMO_TRUST_DIR, MOTCUA_DEMO_OCSP_URL
# and, with --fixture,
# MOTCUA_DEMO_SIGNATURE_IMAGE and MOTCUA_DEMO_SEAL_IMAGE.
set -euo pipefail
umask 077

fixture=
if [ "${1:-}" = "--fixture" ]; then
  fixture="${2:?--fixture needs the path of pades-fixture}"
  shift 2
fi
dir="${1:?usage: make-demo-token.sh [--fixture PADES_FIXTURE] DIR}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
log="$dir/make-demo-token.log"
softhsm_module="${MC_SOFTHSM2_MODULE:-/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so}"
pin=123456
so_pin=12345678
label="MotCua Demo"
ocsp_port="${MOTCUA_DEMO_OCSP_PORT:-18931}"
ocsp_url="http://127.0.0.1:$ocsp_port/"
uri="pkcs11:token=MotCua%20Demo"
export SOFTHSM2_CONF="$dir/softhsm2.conf"

run () {
  "$@" >>"$log" 2>&1 || { echo "make-demo-token.sh: failed: $*" >&2; tail -20 "$log" >&2; exit 1; }
}

# Made before the certificates named an OCSP responder: made again.
if [ -f "$dir/.complete" ] && [ ! -f "$dir/.complete-ocsp" ]; then
  rm -f "$dir/.complete" "$dir/signature.png" "$dir/seal.png"
fi
if [ ! -f "$dir/.complete" ]; then
  : > "$log"
  rm -rf "$dir/ca" "$dir/tokens" "$dir/trust"
  mkdir -p "$dir/ca/newcerts" "$dir/tokens" "$dir/trust"
  : > "$dir/ca/index.txt"
  echo 1000 > "$dir/ca/serial"
  cat > "$dir/ca/ca.cnf" <<CNF
[ ca ]
default_ca = demo
[ demo ]
dir = $dir/ca
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
certificate = \$dir/root.pem
private_key = \$dir/root.key
serial = \$dir/serial
default_md = sha256
default_days = 1825
policy = any
unique_subject = no
utf8 = yes
string_mask = utf8only
email_in_dn = no
[ any ]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
commonName = supplied
[ req ]
distinguished_name = dn
utf8 = yes
string_mask = utf8only
[ dn ]
[ v3_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_signer ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:$ocsp_url
[ v3_ocsp ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, OCSPSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
  run openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/ca/root.key"
  run openssl req -x509 -new -utf8 -config "$dir/ca/ca.cnf" -extensions v3_root -key "$dir/ca/root.key" \
    -days 3650 -sha256 -set_serial 1 -subj "/C=VN/O=Một Cửa Desk (demo)/CN=Demo Root CA Một Cửa (not for real use)" \
    -out "$dir/ca/root.pem"
  place="/C=VN/ST=Tỉnh Long An/L=Huyện Tân Thạnh/O=Ủy ban nhân dân xã Tân Phú"
  run openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/ca/leader.key"
  run openssl req -new -utf8 -config "$dir/ca/ca.cnf" -key "$dir/ca/leader.key" \
    -subj "$place/CN=Lê Quốc Hùng" -out "$dir/ca/leader.csr"
  run openssl ca -batch -notext -config "$dir/ca/ca.cnf" -extensions v3_signer -in "$dir/ca/leader.csr" \
    -out "$dir/ca/leader.pem"
  run openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/ca/organisation.key"
  run openssl req -new -utf8 -config "$dir/ca/ca.cnf" -key "$dir/ca/organisation.key" \
    -subj "$place/CN=Ủy ban nhân dân xã Tân Phú" -out "$dir/ca/organisation.csr"
  run openssl ca -batch -notext -config "$dir/ca/ca.cnf" -extensions v3_signer -in "$dir/ca/organisation.csr" \
    -out "$dir/ca/organisation.pem"
  # The responder's own certificate; its key stays, to sign answers.
  run openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/ca/ocsp.key"
  run openssl req -new -utf8 -config "$dir/ca/ca.cnf" -key "$dir/ca/ocsp.key" \
    -subj "/C=VN/O=Một Cửa Desk (demo)/CN=Demo OCSP Responder" -out "$dir/ca/ocsp.csr"
  run openssl ca -batch -notext -config "$dir/ca/ca.cnf" -extensions v3_ocsp -in "$dir/ca/ocsp.csr" \
    -out "$dir/ca/ocsp.pem"
  echo "$ocsp_port" > "$dir/ca/ocsp-port"
  cp "$dir/ca/root.pem" "$dir/trust/demo-root.pem"

  cat > "$SOFTHSM2_CONF" <<CNF
directories.tokendir = $dir/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = true
slots.mechanisms = ALL
library.reset_on_fork = false
CNF
  run softhsm2-util --init-token --free --label "$label" --pin "$pin" --so-pin "$so_pin"
  for who in leader:01:"Lê Quốc Hùng" organisation:02:"Ủy ban nhân dân xã Tân Phú"; do
    name=${who%%:*}; rest=${who#*:}; id=${rest%%:*}; cn=${rest#*:}
    run openssl pkcs8 -topk8 -nocrypt -in "$dir/ca/$name.key" -out "$dir/ca/$name.p8"
    run softhsm2-util --import "$dir/ca/$name.p8" --token "$label" --label "$cn" --id "$id" --pin "$pin"
    rm -f "$dir/ca/$name.p8" "$dir/ca/$name.key"
    GNUTLS_PIN="$pin" run p11tool --provider="$softhsm_module" --login --write \
      --load-certificate="$dir/ca/$name.pem" --label="$cn" --id="$id" "$uri"
  done
  GNUTLS_PIN="$pin" run p11tool --provider="$softhsm_module" --login --write \
    --load-certificate="$dir/ca/root.pem" --label="Demo Root CA" --id=10 --mark-ca "$uri"
  # The CA key signs nothing more: the demo needs no new certificates.
  rm -f "$dir/ca/root.key"
  touch "$dir/.complete" "$dir/.complete-ocsp"
fi

if [ -n "$fixture" ]; then
  [ -f "$dir/signature.png" ] || run "$fixture" signature "$dir/signature.png"
  [ -f "$dir/seal.png" ] || run "$fixture" seal "$dir/seal.png" 36
fi

cat <<ENV
SOFTHSM2_CONF='$SOFTHSM2_CONF'
MOTCUA_DEMO_PIN='$pin'
MOTCUA_DEMO_LEADER_KEY='$uri;id=%01'
MOTCUA_DEMO_ORGANISATION_KEY='$uri;id=%02'
MOTCUA_DEMO_TRUST_DIR='$dir/trust'
MOTCUA_DEMO_OCSP_URL='http://127.0.0.1:$(cat "$dir/ca/ocsp-port")/'
ENV
if [ -n "$fixture" ]; then
  cat <<ENV
MOTCUA_DEMO_SIGNATURE_IMAGE='$dir/signature.png'
MOTCUA_DEMO_SEAL_IMAGE='$dir/seal.png'
ENV
fi
