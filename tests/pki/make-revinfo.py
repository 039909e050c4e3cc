#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Revocation data with chosen dates, which `openssl ocsp` and
# `openssl ca -gencrl` cannot make (they always date their answers
# "now"): an OCSP response issued before a signature was made, and a CRL
# that has already expired. The freshness tests of the verifier feed
# them in as a document's DSS. Uses python3-cryptography (Debian).
#
# Usage:
#   make-revinfo.py ocsp ISSUER CERT RESPONDER_CERT RESPONDER_KEY THIS_UNIX NEXT_UNIX OUT
#   make-revinfo.py crl ISSUER ISSUER_KEY LAST_UNIX NEXT_UNIX OUT
# Dates are Unix seconds; NEXT_UNIX 0 leaves nextUpdate out (OCSP only).

import datetime
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp


def load_cert(path):
    with open(path, "rb") as f:
        data = f.read()
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def load_key(path):
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def when(unix):
    return datetime.datetime.utcfromtimestamp(int(unix))


def make_ocsp(issuer, cert, rcert, rkey, this_unix, next_unix, out):
    issuer, cert, rcert = load_cert(issuer), load_cert(cert), load_cert(rcert)
    builder = ocsp.OCSPResponseBuilder().add_response(
        cert=cert, issuer=issuer, algorithm=hashes.SHA1(),
        cert_status=ocsp.OCSPCertStatus.GOOD,
        this_update=when(this_unix),
        next_update=when(next_unix) if int(next_unix) else None,
        revocation_time=None, revocation_reason=None,
    ).responder_id(ocsp.OCSPResponderEncoding.HASH, rcert).certificates([rcert])
    resp = builder.sign(load_key(rkey), hashes.SHA256())
    with open(out, "wb") as f:
        f.write(resp.public_bytes(serialization.Encoding.DER))


def make_crl(issuer, issuer_key, last_unix, next_unix, out):
    issuer = load_cert(issuer)
    key = load_key(issuer_key)
    crl = (x509.CertificateRevocationListBuilder()
           .issuer_name(issuer.subject)
           .last_update(when(last_unix))
           .next_update(when(next_unix))
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), False)
           .add_extension(x509.CRLNumber(4242), False)
           .sign(key, hashes.SHA256()))
    with open(out, "wb") as f:
        f.write(crl.public_bytes(serialization.Encoding.DER))


def main():
    if len(sys.argv) == 9 and sys.argv[1] == "ocsp":
        make_ocsp(*sys.argv[2:])
    elif len(sys.argv) == 7 and sys.argv[1] == "crl":
        make_crl(*sys.argv[2:])
    else:
        sys.exit(__doc__ or "usage: see the header of make-revinfo.py")


if __name__ == "__main__":
    main()
