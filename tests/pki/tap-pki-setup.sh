# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced (not run) by the shell tests that sign with the SoftHSM token of
# make-pki.sh and judge with pdfsig: a private work folder that is the
# current directory and goes away at exit with the PKI's peers, a home of
# its own, no proxy, the TAP helpers (ok, not_ok, check), the PKI's
# environment ($pin, $token_uri, $rsa, $ec, the trust option array) and an
# NSS database in ./nss that trusts the test root and holds the RSA
# signer's key. Expects $src (the source tree) to be set.
work=$(mktemp -d)
main_pid=$$
cleanup () {
  [ "$BASHPID" = "$main_pid" ] || return
  "$src/tests/pki/stop-peers.sh" "$work/pki" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
export HOME="$work/home" XDG_DATA_HOME="$work/home/data"
mkdir -p "$HOME"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY
export no_proxy=127.0.0.1,localhost

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $*"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check () { local what=$1; shift; if "$@" >check.log 2>&1; then ok "$what"; else not_ok "$what"; sed 's/^/# /' check.log | head -40; fi; }

"$src/tests/pki/make-pki.sh" "$work/pki" > pki.env || { echo "Bail out! make-pki.sh failed"; exit 1; }
set -a
. ./pki.env
set +a
pin=$MC_PKI_PIN
token_uri="pkcs11:token=${MC_PKI_TOKEN_LABEL// /%20}"
rsa="$token_uri;id=%01"
ec="$token_uri;id=%02"
trust=(--trust "$MC_PKI_ROOT")

mkdir nss
certutil -N -d sql:nss --empty-password
certutil -A -d sql:nss -n root -t "CT,C,C" -i "$MC_PKI_ROOT"
openssl pkcs12 -export -inkey "$MC_PKI_DIR/signers/rsa.key" -in "$MC_PKI_SIGNER_RSA" \
  -certfile "$MC_PKI_INTERMEDIATE" -name signer -passout pass: -out signer.p12
pk12util -i signer.p12 -d sql:nss -W "" >/dev/null
