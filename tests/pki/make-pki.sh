#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Makes a throw-away PKI for the signing tests in DIR and starts its peers:
# a root and an intermediate CA, signer certificates (RSA-2048 and ECDSA
# P-256, Vietnamese UTF-8 names, one revoked, one encryption-only), a TSA
# certificate (critical EKU timeStamping), an OCSP responder certificate,
# CRLs, a SoftHSM2 token holding the signer keys, an RFC 3161 TSA
# (`openssl ts -reply` behind tests/pki/peers.py) and an OCSP responder
# (`openssl ocsp` answering each request, behind the same wrapper: the
# `-port` server of OpenSSL 3.0 cannot bind to loopback only). Nothing of it is committed: every test run makes
# its own, so later tests (PDF signing end to end, the GUI) can call this
# script too.
#
# Usage: make-pki.sh [--no-peers] DIR
# Prints shell assignments on stdout, one per line, KEY='value' (single
# quotes, as token labels have spaces), so `eval "$(make-pki.sh DIR)"`
# works; stop the peers with tests/pki/stop-peers.sh DIR. --no-peers makes
# the files and tokens only.
set -euo pipefail
umask 077

here="$(cd "$(dirname "$0")" && pwd)"
start_peers=1
if [ "${1:-}" = "--no-peers" ]; then
  start_peers=0
  shift
fi
dir="${1:?usage: make-pki.sh [--no-peers] DIR}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
log="$dir/make-pki.log"
: > "$log"

softhsm_module="${MC_SOFTHSM2_MODULE:-/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so}"
python="${PYTHON3:-python3}"
pin=123456
so_pin=87654321
token_label="MotCua Test Token"
token2_label="MotCua Second Token"

# Two free loopback ports: HTTP (TSA, OCSP, CRLs, CA certs) and one that
# nothing listens on (the "server down" cases).
read -r http_port down_port < <("$python" - <<'PY'
import socket
socks = []
for _ in range(2):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
)
base="http://127.0.0.1:$http_port"
ocsp_url="$base/ocsp"

run () {
  "$@" >>"$log" 2>&1 || { echo "make-pki.sh: failed: $*" >&2; tail -20 "$log" >&2; exit 1; }
}

write_ca_conf () { # dir crl_url ocsp_line
  local d="$1"
  cat > "$d/ca.cnf" <<CNF
[ ca ]
default_ca = CA_default

[ CA_default ]
dir = $d
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
certificate = \$dir/cert.pem
private_key = \$dir/key.pem
serial = \$dir/serial
crlnumber = \$dir/crlnumber
default_md = sha256
default_days = 825
default_crl_days = 30
policy = policy_any
unique_subject = no
preserve = yes
utf8 = yes
string_mask = utf8only
email_in_dn = no

[ policy_any ]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied

[ req ]
distinguished_name = req_dn
utf8 = yes
string_mask = utf8only

[ req_dn ]

[ v3_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ v3_inter ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:$base/root.crl

[ v3_signer ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:$ocsp_url, caIssuers;URI:$base/inter.cer
crlDistributionPoints = URI:$base/inter.crl

[ v3_enc ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ v3_tsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:$ocsp_url
crlDistributionPoints = URI:$base/inter.crl

[ v3_ocsp ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
  mkdir -p "$d/newcerts"
  : > "$d/index.txt"
  echo 1000 > "$d/serial"
  echo 1000 > "$d/crlnumber"
}

rsa_key () { run openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1"; }
ec_key () { run openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

issue () { # ca_dir key subject extensions out
  run openssl req -new -utf8 -config "$1/ca.cnf" -key "$2" -subj "$3" -out "$5.csr"
  run openssl ca -batch -notext -config "$1/ca.cnf" -extensions "$4" -in "$5.csr" -out "$5"
}

# --- Root and intermediate CAs -------------------------------------------
mkdir -p "$dir/root" "$dir/inter" "$dir/other" "$dir/signers" "$dir/tsa" "$dir/ocsp" "$dir/anchors" "$dir/peers"
write_ca_conf "$dir/root"
write_ca_conf "$dir/inter"
write_ca_conf "$dir/other"

rsa_key "$dir/root/key.pem"
run openssl req -x509 -new -utf8 -config "$dir/root/ca.cnf" -extensions v3_root \
  -key "$dir/root/key.pem" -days 3650 -sha256 -set_serial 1 \
  -subj "/C=VN/O=Một Cửa Desk thử nghiệm/CN=Test Root CA Một Cửa" -out "$dir/root/cert.pem"

ec_key "$dir/inter/key.pem"
issue "$dir/root" "$dir/inter/key.pem" "/C=VN/O=Một Cửa Desk thử nghiệm/CN=Test Signing CA Một Cửa" v3_inter "$dir/inter/cert.pem"

# An unrelated root: the "wrong trust anchor" case.
ec_key "$dir/other/key.pem"
run openssl req -x509 -new -utf8 -config "$dir/other/ca.cnf" -extensions v3_root \
  -key "$dir/other/key.pem" -days 3650 -sha256 -set_serial 7 \
  -subj "/C=VN/O=Tổ chức khác/CN=Unrelated Test Root" -out "$dir/other/cert.pem"

# --- End entities -----------------------------------------------------------
place="/C=VN/ST=Tỉnh Bình Dương/L=Huyện Dầu Tiếng/O=UBND xã Định Hiệp"
rsa_key "$dir/signers/rsa.key"
issue "$dir/inter" "$dir/signers/rsa.key" "$place/CN=Nguyễn Văn An" v3_signer "$dir/signers/rsa.pem"
ec_key "$dir/signers/ec.key"
issue "$dir/inter" "$dir/signers/ec.key" "$place/CN=Trần Thị Bình" v3_signer "$dir/signers/ec.pem"
ec_key "$dir/signers/revoked.key"
issue "$dir/inter" "$dir/signers/revoked.key" "$place/CN=Lê Văn Cường" v3_signer "$dir/signers/revoked.pem"
ec_key "$dir/signers/enc.key"
issue "$dir/inter" "$dir/signers/enc.key" "$place/CN=Phạm Thị Dung" v3_enc "$dir/signers/enc.pem"
ec_key "$dir/tsa/tsa.key"
issue "$dir/inter" "$dir/tsa/tsa.key" "/C=VN/O=Một Cửa Desk thử nghiệm/CN=Test TSA" v3_tsa "$dir/tsa/tsa.pem"
ec_key "$dir/ocsp/ocsp.key"
issue "$dir/inter" "$dir/ocsp/ocsp.key" "/C=VN/O=Một Cửa Desk thử nghiệm/CN=Test OCSP Responder" v3_ocsp "$dir/ocsp/ocsp.pem"

# --- Revocation: one revoked signer, CRLs in DER as served -------------------
run openssl ca -config "$dir/inter/ca.cnf" -revoke "$dir/signers/revoked.pem" -crl_reason keyCompromise
run openssl ca -config "$dir/inter/ca.cnf" -gencrl -out "$dir/inter/crl.pem"
run openssl crl -in "$dir/inter/crl.pem" -outform DER -out "$dir/inter/crl.der"
run openssl ca -config "$dir/root/ca.cnf" -gencrl -out "$dir/root/crl.pem"
run openssl crl -in "$dir/root/crl.pem" -outform DER -out "$dir/root/crl.der"
run openssl x509 -in "$dir/inter/cert.pem" -outform DER -out "$dir/inter/cert.der"

cp "$dir/root/cert.pem" "$dir/anchors/root.pem"
cat "$dir/inter/cert.pem" "$dir/root/cert.pem" > "$dir/chain.pem"

# --- TSA configuration for `openssl ts -reply` -------------------------------
echo 01 > "$dir/tsa/serial"
cat > "$dir/tsa/tsa.cnf" <<CNF
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
dir = $dir/tsa
serial = \$dir/serial
crypto_device = builtin
signer_cert = \$dir/tsa.pem
signer_key = \$dir/tsa.key
certs = $dir/inter/cert.pem
signer_digest = sha256
default_policy = 1.3.6.1.4.1.55555.1.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF

# --- SoftHSM2 tokens -----------------------------------------------------------
mkdir -p "$dir/softhsm/tokens"
cat > "$dir/softhsm/softhsm2.conf" <<CNF
directories.tokendir = $dir/softhsm/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = true
slots.mechanisms = ALL
library.reset_on_fork = false
CNF
export SOFTHSM2_CONF="$dir/softhsm/softhsm2.conf"
run softhsm2-util --init-token --free --label "$token_label" --pin "$pin" --so-pin "$so_pin"
run softhsm2-util --init-token --free --label "$token2_label" --pin "$pin" --so-pin "$so_pin"

to_token () { # token label id keyfile certfile
  run openssl pkcs8 -topk8 -nocrypt -in "$4" -out "$4.p8"
  run softhsm2-util --import "$4.p8" --token "$1" --label "$2" --id "$3" --pin "$pin"
  rm -f "$4.p8"
  GNUTLS_PIN="$pin" run p11tool --provider="$softhsm_module" --login --write \
    --load-certificate="$5" --label="$2" --id="$3" "pkcs11:token=${1// /%20}"
}
to_token "$token_label" "Nguyen Van An RSA" 01 "$dir/signers/rsa.key" "$dir/signers/rsa.pem"
to_token "$token_label" "Tran Thi Binh EC" 02 "$dir/signers/ec.key" "$dir/signers/ec.pem"
to_token "$token_label" "Le Van Cuong revoked" 03 "$dir/signers/revoked.key" "$dir/signers/revoked.pem"
to_token "$token_label" "Pham Thi Dung encryption" 04 "$dir/signers/enc.key" "$dir/signers/enc.pem"
to_token "$token2_label" "Tran Thi Binh EC" 02 "$dir/signers/ec.key" "$dir/signers/ec.pem"
# Certificates with no key on the token: the issuing CA (the chain) and
# the TSA's signing certificate; neither may be offered for signing.
GNUTLS_PIN="$pin" run p11tool --provider="$softhsm_module" --login --write \
  --load-certificate="$dir/inter/cert.pem" --label="Signing CA" --id=10 --mark-ca "pkcs11:token=${token_label// /%20}"
GNUTLS_PIN="$pin" run p11tool --provider="$softhsm_module" --login --write \
  --load-certificate="$dir/tsa/tsa.pem" --label="TSA without key" --id=05 "pkcs11:token=${token_label// /%20}"

# --- Peers -----------------------------------------------------------------------
if [ "$start_peers" = 1 ]; then
  # $MC_PKI_OWNER_PID: the peers stop by themselves when that process is
  # gone, even if it never got to run stop-peers.sh (a test that aborted).
  setsid "$python" "$here/peers.py" --dir "$dir" --port "$http_port" --owner "${MC_PKI_OWNER_PID:-0}" \
    </dev/null >"$dir/peers/http.log" 2>&1 &
  echo $! > "$dir/peers/http.pid"
  # Wait for the peer's own "listening" line (it prints it once its socket
  # is bound), or for it to die; 600 s is only a guard against a hang.
  peer_pid=$(cat "$dir/peers/http.pid")
  waited=0
  while ! grep -q "^listening $http_port\$" "$dir/peers/http.log" 2>/dev/null; do
    if ! kill -0 "$peer_pid" 2>/dev/null || [ "$waited" -ge 12000 ]; then
      break
    fi
    sleep 0.05
    waited=$((waited + 1))
  done
  if ! grep -q "^listening $http_port\$" "$dir/peers/http.log" 2>/dev/null; then
    echo "make-pki.sh: the HTTP peer on port $http_port did not start" >&2
    cat "$dir/peers/http.log" >&2
    "$here/stop-peers.sh" "$dir"
    exit 1
  fi
fi

cat <<ENV
MC_PKI_DIR='$dir'
SOFTHSM2_CONF='$dir/softhsm/softhsm2.conf'
MC_PKI_SOFTHSM2_MODULE='$softhsm_module'
MC_PKI_PIN='$pin'
MC_PKI_SO_PIN='$so_pin'
MC_PKI_TOKEN_LABEL='$token_label'
MC_PKI_TOKEN2_LABEL='$token2_label'
MC_PKI_ROOT='$dir/root/cert.pem'
MC_PKI_INTERMEDIATE='$dir/inter/cert.pem'
MC_PKI_CHAIN='$dir/chain.pem'
MC_PKI_ANCHORS='$dir/anchors'
MC_PKI_OTHER_ROOT='$dir/other/cert.pem'
MC_PKI_SIGNER_RSA='$dir/signers/rsa.pem'
MC_PKI_SIGNER_EC='$dir/signers/ec.pem'
MC_PKI_SIGNER_REVOKED='$dir/signers/revoked.pem'
MC_PKI_SIGNER_ENC='$dir/signers/enc.pem'
MC_PKI_TSA_CERT='$dir/tsa/tsa.pem'
MC_PKI_OCSP_CERT='$dir/ocsp/ocsp.pem'
MC_PKI_CRL='$dir/inter/crl.der'
MC_PKI_ROOT_CRL='$dir/root/crl.der'
MC_PKI_TSA_URL='$base/tsa'
MC_PKI_HTTP_URL='$base'
MC_PKI_OCSP_URL='$ocsp_url'
MC_PKI_CRL_URL='$base/inter.crl'
MC_PKI_DOWN_URL='http://127.0.0.1:$down_port/'
ENV
