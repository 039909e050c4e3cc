#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The PAdES tests' own reading of signed PDFs, written apart from the
# signing library so the openssl judges get bytes we did not hand them:
#   ranges PDF DATA SIG    the newest signature's byte ranges (concatenated)
#                          into DATA and its CMS (padding cut) into SIG;
#                          prints the four /ByteRange numbers
#   count PDF              how many signatures (/ByteRange entries) it has
#   tst SIG TOKEN VALUE    the signature time-stamp token and the signature
#                          value of a CMS SignedData (for openssl ts -verify)
#   dss PDF                prints "Certs OCSPs CRLs" counts of the /DSS
#   colour PPM X Y W H     counts red and blue pixels in a region of a
#                          pdftoppm -ppm page image: "red N blue M"
#   nfc TEXTFILE           exits 1 unless the text is NFC
import re
import sys
import unicodedata

BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")


def der_read(data, pos):
    """Returns (tag, start of content, end of content) of the TLV at pos."""
    tag = data[pos]
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        n = length & 0x7F
        length = int.from_bytes(data[pos:pos + n], "big")
        pos += n
    return tag, pos, pos + length


def der_children(data, start, end):
    out = []
    while start < end:
        tag, cstart, cend = der_read(data, start)
        out.append((tag, start, cstart, cend))
        start = cend
    return out


def signatures(pdf):
    found = []
    for m in BYTE_RANGE.finditer(pdf):
        r = [int(x) for x in m.groups()]
        if r[0] == 0 and r[1] < r[2] <= len(pdf) and pdf[r[1]:r[1] + 1] == b"<" \
                and pdf[r[2] - 1:r[2]] == b">":
            found.append(r)
    found.sort(key=lambda r: r[2] + r[3])
    return found


def cmd_ranges(path, data_out, sig_out):
    pdf = open(path, "rb").read()
    sigs = signatures(pdf)
    if not sigs:
        sys.exit("no signature")
    r = sigs[-1]
    raw = bytes.fromhex(pdf[r[1] + 1:r[2] - 1].decode("ascii"))
    _, start, end = der_read(raw, 0)
    open(sig_out, "wb").write(raw[:end])
    open(data_out, "wb").write(pdf[r[0]:r[0] + r[1]] + pdf[r[2]:r[2] + r[3]])
    print(*r)


def cmd_count(path):
    print(len(signatures(open(path, "rb").read())))


def cmd_tst(sig_path, token_out, value_out):
    cms = open(sig_path, "rb").read()
    _, s, e = der_read(cms, 0)                      # ContentInfo
    kids = der_children(cms, s, e)
    _, _, s, e = kids[1]                            # [0] explicit
    _, s, e = der_read(cms, s)                      # SignedData
    signed_data = der_children(cms, s, e)
    _, _, s, e = signed_data[-1]                    # signerInfos SET
    _, s, e = der_read(cms, s)                      # first SignerInfo
    info = der_children(cms, s, e)
    value = next(k for k in info if k[0] == 0x04)   # signature OCTET STRING
    open(value_out, "wb").write(cms[value[2]:value[3]])
    unsigned = [k for k in info if k[0] == 0xA1]
    if not unsigned:
        sys.exit("no unsigned attributes")
    for tag, at, s, e in der_children(cms, unsigned[0][2], unsigned[0][3]):
        attr = der_children(cms, s, e)
        oid = cms[attr[0][2]:attr[0][3]]
        # 1.2.840.113549.1.9.16.2.14, id-aa-signatureTimeStampToken
        if oid == bytes.fromhex("2a864886f70d010910020e"):
            token = der_children(cms, attr[1][2], attr[1][3])[0]
            open(token_out, "wb").write(cms[token[1]:token[3]])
            return
    sys.exit("no time-stamp token")


def cmd_dss(path):
    pdf = open(path, "rb").read()
    m = list(re.finditer(rb"/Type\s*/DSS", pdf))
    if not m:
        sys.exit("no DSS")
    # The newest DSS dictionary: the text around its /Type.
    start = pdf.rfind(b"obj", 0, m[-1].start())
    end = pdf.find(b"endobj", m[-1].start())
    text = pdf[start:end]
    counts = []
    for key in (b"Certs", b"OCSPs", b"CRLs"):
        k = re.search(rb"/" + key + rb"\s*\[([^\]]*)\]", text)
        counts.append(len(re.findall(rb"\d+\s+\d+\s+R", k.group(1))) if k else 0)
    print(*counts)


def cmd_colour(path, x, y, w, h):
    data = open(path, "rb").read()
    fields = data.split(maxsplit=4)
    if fields[0] != b"P6":
        sys.exit("not a binary PPM")
    width, height = int(fields[1]), int(fields[2])
    pixels = fields[4]
    red = blue = 0
    for row in range(max(0, y), min(height, y + h)):
        for col in range(max(0, x), min(width, x + w)):
            i = 3 * (row * width + col)
            r, g, b = pixels[i], pixels[i + 1], pixels[i + 2]
            if r > 150 and g < 110 and b < 110:
                red += 1
            elif b > 110 and r < 100 and g < 120:
                blue += 1
    print("red", red, "blue", blue)


def cmd_nfc(path):
    text = open(path, encoding="utf-8").read()
    sys.exit(0 if unicodedata.is_normalized("NFC", text) else 1)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "ranges":
        cmd_ranges(*args)
    elif cmd == "count":
        cmd_count(*args)
    elif cmd == "tst":
        cmd_tst(*args)
    elif cmd == "dss":
        cmd_dss(*args)
    elif cmd == "colour":
        cmd_colour(args[0], *[int(a) for a in args[1:]])
    elif cmd == "nfc":
        cmd_nfc(*args)
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
