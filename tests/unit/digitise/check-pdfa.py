#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# A structural PDF/A-2b check of the clauses our output can break, after
# the veraPDF rule list for ISO 19005-2 (veraPDF is not in Debian). It
# reads the file through `qpdf --json` (no PDF library of our own) and
# prints one line per broken rule; exit status 1 when any rule is broken.
# It is not a full validator: fonts are checked for embedding, not for
# glyph widths, and colour spaces only against the output intent.
import base64
import json
import re
import subprocess
import sys

path = sys.argv[1]
failures = []


def fail(clause, text):
    failures.append(f"{clause}: {text}")


raw = open(path, "rb").read()

# 6.1.2 File header: %PDF-1.n, then a comment line of at least 4 bytes >= 128.
lines = raw.split(b"\n", 2)
if not re.match(rb"%PDF-1\.[0-7]$", lines[0].rstrip(b"\r")):
    fail("6.1.2-1", "header is not %PDF-1.n")
if len(lines) < 2 or not lines[1].startswith(b"%") or sum(1 for b in lines[1][1:5] if b >= 128) < 4:
    fail("6.1.2-2", "no binary comment after the header")
# 6.1.3 The file ends with %%EOF (and at most an end of line).
if not re.search(rb"%%EOF\r?\n?$", raw):
    fail("6.1.3-3", "no %%EOF at the end")

out = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline", path],
                     check=True, capture_output=True).stdout
doc = json.loads(out)["qpdf"][1]


def obj(ref):
    entry = doc.get(f"obj:{ref}")
    if entry is None:
        return None
    return entry.get("value", entry.get("stream"))


def value(v):
    """A dictionary value, following one indirect reference."""
    if isinstance(v, str) and re.fullmatch(r"\d+ \d+ R", v):
        o = obj(v)
        return o.get("dict", o) if isinstance(o, dict) and "dict" in o else o
    return v


def text(v):
    v = value(v)
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        b = bytes.fromhex(v[2:])
        return b[2:].decode("utf-16-be") if b.startswith(b"\xfe\xff") else b.decode("latin-1")
    return v


trailer = doc["trailer"]["value"]
# 6.1.3 The trailer has an /ID and no /Encrypt.
ident = trailer.get("/ID")
if not isinstance(ident, list) or len(ident) != 2:
    fail("6.1.3-1", "the trailer has no /ID")
if "/Encrypt" in trailer:
    fail("6.1.3-2", "the file is encrypted")

catalog = value(trailer["/Root"])
info = value(trailer.get("/Info")) or {}

# 6.6.2 Metadata: an unfiltered XMP stream declaring part 2, conformance B.
xmp = ""
meta_ref = catalog.get("/Metadata")
meta = obj(meta_ref) if meta_ref else None
if not isinstance(meta, dict) or "dict" not in meta:
    fail("6.6.2.1-1", "the catalogue has no metadata stream")
else:
    if "/Filter" in meta["dict"]:
        fail("6.6.2.1", "the metadata stream is filtered")
    xmp = base64.b64decode(meta.get("data", "")).decode("utf-8", "replace")
    if not re.search(r"<pdfaid:part>2</pdfaid:part>|pdfaid:part=\"2\"", xmp):
        fail("6.6.4-1", "XMP does not declare pdfaid:part 2")
    if not re.search(r"<pdfaid:conformance>B</pdfaid:conformance>|pdfaid:conformance=\"B\"", xmp):
        fail("6.6.4-2", "XMP does not declare pdfaid:conformance B")
    if "<?xpacket" not in xmp:
        fail("6.6.2.1-2", "the XMP has no packet wrapper")


def xmp_field(name):
    m = re.search(rf"<{name}>([^<]*)</{name}>", xmp)
    return m.group(1) if m else None


def pdf_date_to_xmp(d):
    m = re.fullmatch(r"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'\d{2}'?)?", d or "")
    if not m:
        return None
    zone = m.group(7) or "Z"
    zone = "Z" if zone == "Z" else zone[:3] + ":" + zone[4:6]
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}T{m.group(4)}:{m.group(5)}:{m.group(6)}{zone}"


def same_date(a, b):
    return a is not None and b is not None and a.replace("+00:00", "Z") == b.replace("+00:00", "Z")


# 6.6.3 Document information and XMP agree.
for key, field in (("/Producer", "pdf:Producer"), ("/Creator", "xmp:CreatorTool")):
    if key in info and text(info[key]) != xmp_field(field):
        fail("6.6.3-1", f"{key} {text(info[key])!r} differs from {field} {xmp_field(field)!r}")
for key, field in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
    if key in info and not same_date(pdf_date_to_xmp(text(info[key])), xmp_field(field)):
        fail("6.6.3-1", f"{key} {text(info[key])!r} differs from {field} {xmp_field(field)!r}")

# 6.2.3 Output intent: a GTS_PDFA1 intent with an ICC profile.
intent_n = None
intents = value(catalog.get("/OutputIntents")) or []
for ref in intents:
    intent = value(ref)
    if intent.get("/S") != "/GTS_PDFA1":
        continue
    profile = obj(intent.get("/DestOutputProfile", ""))
    if not isinstance(profile, dict) or "dict" not in profile:
        fail("6.2.3-2", "the output intent has no ICC profile stream")
        continue
    intent_n = profile["dict"].get("/N")
    icc = base64.b64decode(profile.get("data", ""))
    if len(icc) < 128 or icc[36:40] != b"acsp":
        fail("6.2.3-3", "the output profile is not an ICC profile")
if intent_n is None:
    fail("6.2.3-1", "no PDF/A output intent")

# Walk every object for the per-object rules.
for key, entry in doc.items():
    if not key.startswith("obj:"):
        continue
    d = entry.get("value")
    if "stream" in entry:
        d = entry["stream"]["dict"]
        # 6.1.7 No external streams, no LZW.
        for k in ("/F", "/FFilter", "/FDecodeParms"):
            if k in d:
                fail("6.1.7.1", f"{key} refers to an external file")
        filters = d.get("/Filter", [])
        filters = filters if isinstance(filters, list) else [filters]
        if "/LZWDecode" in filters:
            fail("6.1.7.2", f"{key} uses LZW")
    if not isinstance(d, dict):
        continue
    kind = d.get("/Type")
    sub = d.get("/Subtype")
    # 6.2.8 Images: no interpolation, alternates or OPI.
    if sub == "/Image":
        if d.get("/Interpolate") is True:
            fail("6.2.8-1", f"{key} image has /Interpolate true")
        if "/Alternates" in d or "/OPI" in d:
            fail("6.2.8-2", f"{key} image has alternates or OPI")
    # 6.2.4.3 Device colour needs a matching output intent.
    if sub == "/Image" and d.get("/ColorSpace") == "/DeviceRGB" and intent_n != 3:
        fail("6.2.4.3-2", f"{key} uses DeviceRGB without an RGB output intent")
    if sub == "/Image" and d.get("/ColorSpace") == "/DeviceCMYK" and intent_n != 4:
        fail("6.2.4.3-3", f"{key} uses DeviceCMYK without a CMYK output intent")
    # 6.2.11.4 Fonts are embedded (Type 3 fonts are content streams).
    if kind == "/Font" and sub not in ("/Type0", "/Type3"):
        descriptor = value(d.get("/FontDescriptor", "")) or {}
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            fail("6.2.11.4-1", f"{key} font {d.get('/BaseFont')} is not embedded")
    # 6.6.1 / 6.5 No JavaScript, launch actions or embedded files.
    if d.get("/S") in ("/JavaScript", "/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData"):
        fail("6.6.1-1", f"{key} has a forbidden action {d.get('/S')}")
    if "/JavaScript" in d or "/EmbeddedFiles" in d:
        fail("6.6.1-2", f"{key} has JavaScript or embedded files")
    # 6.4 Transparency groups on pages name their colour space.
    group = value(d.get("/Group", "")) if kind == "/Page" else None
    if isinstance(group, dict) and group.get("/S") == "/Transparency" and "/CS" not in group and intent_n is None:
        fail("6.2.10-1", f"{key} page transparency group without a colour space")

for line in failures:
    print(f"FAIL {line}")
if not failures:
    print("PDF/A-2b structural check passed")
sys.exit(1 if failures else 0)
