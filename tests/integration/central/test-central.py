#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# motcua-central against a real PostgreSQL 15, over real HTTP on loopback:
# sign-in (password, refresh rotation, reuse revoking the family, lockout),
# ops (applied, duplicate, conflict, rejected; the same batch sent at once
# to two server processes on one database applies each op once), the change
# feed (paging, office tree), sequence leases (never overlapping across two
# processes, idempotent by request_id, exhaustion), blobs (PUT, resumable
# PATCH, hash mismatch, Range), portal intake (HTTP and CLI), authorisation
# of every endpoint with no token and with another office's token, and
# HTTPS with a certificate made at test time. Output is TAP.

import concurrent.futures
import hashlib
import json
import os
import stat
import subprocess
import sys
import tempfile
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from central_harness import Cluster, Server, Tap  # noqa: E402

CENTRAL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.environ["MOTCUA_BUILD_DIR"], "central", "motcua-central")

PROV, A, B = "000.00.00.H40", "000.00.04.H40", "000.00.05.H40"
PW = {"lan": "lan-mat-khau-1", "binh": "binh-mat-khau-2",
      "cuong": "cuong-mat-khau-3", "tinh": "tinh-mat-khau-4",
      "khoa": "khoa-mat-khau-5"}
PORTAL_SECRET = "portal-connector-secret-123456"
DESK = "5b0f9c1e-2f43-4a57-8a5e-2c7a1d2b9e10"


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def eq(got, want, what):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))


def dossier(code, state=2, **extra):
    d = {"MaHoSo": code, "MaTTHC": "1.001193", "KenhThucHien": 1,
         "ChuHoSo": "Huỳnh Thị Lan", "TrangThaiHoSo": state, "TaiLieuNop": []}
    d.update(extra)
    return d


def op(code, base, typ="receive", officer="lan", state=2, op_id=None, **extra):
    payload = {"action": typ, "officer": officer}
    if typ == "receive" or "dossier" in extra:
        payload["dossier"] = extra.pop("dossier", dossier(code, state))
    return {"op_id": op_id or str(uuid.uuid4()), "dossier_code": code,
            "base_version": base, "type": typ, "at": 1796014749,
            "payload": payload}


def batch(ops, desk=DESK):
    return {"desk_id": desk, "audit_head": {"seq": 42, "hash": "6f0c" * 16},
            "ops": ops}


cl = Cluster(CENTRAL)
tap = Tap()
S = {}


def setup():
    eq(cl.central("init").stdout.strip(), "schema version 5", "init")
    eq(cl.central("init").stdout.strip(), "schema version 5", "init twice")
    eq(cl.psql("SELECT string_agg (version::text, ',' ORDER BY version) FROM schema_version"),
       "1,2,3,4,5", "each migration recorded once")
    cl.central("office", "add", "--code", PROV, "--name", "Tỉnh Đồng Nai")
    cl.central("office", "add", "--code", A, "--name", "Xã Tân Phú", "--parent", PROV)
    cl.central("office", "add", "--code", B, "--name", "Xã Tân Hòa", "--parent", PROV)
    for login, office, role in [("lan", A, "receptionist"), ("binh", A, "leader"),
                                ("cuong", B, "receptionist"), ("tinh", PROV, "leader"),
                                ("khoa", B, "specialist")]:
        cl.central("user", "add", "--login", login, "--office", office, "--role", role,
                   "--password-stdin", stdin=PW[login] + "\n")
    cl.central("client", "add", "--id", "portal-connector", "--scope", "portal",
               "--secret-stdin", stdin=PORTAL_SECRET + "\n")
    hashes = cl.psql("SELECT pw_hash FROM officer")
    check(all(h.startswith("$argon2id$") for h in hashes.split("\n")), "Argon2id hashes")
    check(PW["lan"] not in cl.psql("SELECT string_agg (pw_hash, ' ') FROM officer"),
          "password not stored")
    # Without --db, libpq's own environment variables name the database.
    env = dict(os.environ, PGHOST=cl.sock, PGDATABASE="postgres", PGUSER="postgres")
    out = subprocess.run([CENTRAL, "init"], env=env, capture_output=True, text=True)
    eq((out.returncode, out.stdout.strip()), (0, "schema version 5"), "init from PG* variables")
    S["s1"] = cl.serve()
    S["s2"] = cl.serve()


def test_auth():
    s = S["s1"]
    tok = s.token("lan", PW["lan"])
    eq(tok["token_type"], "Bearer", "token type")
    eq(tok["expires_in"], 900, "lifetime")
    eq(tok["officer"]["office"], A, "officer office")
    eq(tok["officer"]["role"], "receptionist", "role")
    check(tok["access_token"].startswith("mca_") and tok["refresh_token"].startswith("mcr_"),
          "token prefixes")
    # Only hashes in the database.
    eq(cl.psql("SELECT count(*) FROM refresh_token WHERE hash = '%s'" % tok["refresh_token"]),
       "0", "refresh token stored in clear")
    eq(cl.psql("SELECT count(*) FROM refresh_token WHERE hash = '%s'"
               % hashlib.sha256(tok["refresh_token"].encode()).hexdigest()), "1",
       "refresh token stored as SHA-256")
    status, body, _, _ = s.request("POST", "/v1/auth/token", form={
        "grant_type": "password", "client_id": "motcua-desk",
        "username": "lan", "password": "wrong"})
    eq((status, body["error"]), (400, "invalid_grant"), "bad password")
    status, body, _, _ = s.request("POST", "/v1/auth/token", form={
        "grant_type": "password", "client_id": "motcua-desk",
        "username": "nobody", "password": "x"})
    eq((status, body["error"]), (400, "invalid_grant"), "unknown login")
    status, body, _, _ = s.request("POST", "/v1/auth/token", form={
        "grant_type": "password", "client_id": "evil", "username": "lan",
        "password": PW["lan"]})
    eq((status, body["error"]), (401, "invalid_client"), "unknown client")

    # Refresh rotation on one process, reuse detected on the other.
    r1 = tok["refresh_token"]
    status, t2, _, _ = s.request("POST", "/v1/auth/token", form={
        "grant_type": "refresh_token", "client_id": "motcua-desk", "refresh_token": r1})
    eq(status, 200, "refresh")
    check(t2["refresh_token"] != r1, "rotated")
    status, _, _, _ = S["s2"].request("GET", "/v1/changes", token=t2["access_token"])
    eq(status, 200, "new access token works on the other process")
    status, body, _, _ = S["s2"].request("POST", "/v1/auth/token", form={
        "grant_type": "refresh_token", "client_id": "motcua-desk", "refresh_token": r1})
    eq((status, body["error"]), (400, "invalid_grant"), "reuse refused")
    status, body, _, _ = s.request("POST", "/v1/auth/token", form={
        "grant_type": "refresh_token", "client_id": "motcua-desk",
        "refresh_token": t2["refresh_token"]})
    eq((status, body["error"]), (400, "invalid_grant"), "family revoked after reuse")
    status, body, _, _ = s.request("GET", "/v1/changes", token=t2["access_token"])
    eq((status, body["error"]), (401, "invalid_token"), "family's access token revoked")

    # Lockout: five failures, then even the right password is refused.
    for _ in range(5):
        s.request("POST", "/v1/auth/token", form={
            "grant_type": "password", "client_id": "motcua-desk",
            "username": "khoa", "password": "wrong"})
    status, body, _, _ = s.request("POST", "/v1/auth/token", form={
        "grant_type": "password", "client_id": "motcua-desk",
        "username": "khoa", "password": PW["khoa"]})
    eq((status, body["error"]), (400, "invalid_grant"), "locked out")

    # Revocation of a refresh token ends its sign-in.
    t3 = s.token("lan", PW["lan"])
    status, _, _, _ = s.request("POST", "/v1/auth/revoke", form={"token": t3["refresh_token"]})
    eq(status, 200, "revoke")
    status, _, _, _ = s.request("GET", "/v1/changes", token=t3["access_token"])
    eq(status, 401, "revoked sign-in's access token")
    status, _, _, _ = s.request("GET", "/v1/changes", token="mca_forged")
    eq(status, 401, "forged token")
    status, _, _, resp = s.request("GET", "/v1/changes")
    eq(status, 401, "no token")
    check(resp.getheader("X-Request-Id"), "X-Request-Id")


def test_ops():
    s = S["s1"]
    lan = s.token("lan", PW["lan"])["access_token"]
    c1, c2 = A + "-261207-0001", A + "-261207-0002"
    rcv = op(c1, 0)
    status, body, _, _ = s.request("POST", "/v1/ops", token=lan, json_body=batch([rcv]))
    eq(status, 200, "ops status")
    eq(body["results"][0]["status"], "applied", "receive applied")
    eq(body["results"][0]["version"], 1, "version 1")
    eq(body["audit_head_seen"]["seq"], 42, "audit head echoed")
    status, body, _, _ = S["s2"].request("POST", "/v1/ops", token=lan, json_body=batch([rcv]))
    r = body["results"][0]
    eq(r["status"], "duplicate", "resend is duplicate")
    eq(r["first"], {"status": "applied", "version": 1}, "first answer")

    fwd = op(c1, 1, "forward", officer="binh")  # another officer of the same office
    stale = op(c1, 1, "forward")
    after = op(c1, 2, "forward")
    other = op(c2, 0)
    bad_type = op(c2, 1, "teleport")
    foreign = op(B + "-261207-0001", 0)
    ghost = op(A + "-261207-0099", 3, "forward")
    wrong_officer = op(A + "-261207-0003", 0, officer="cuong")
    bad_state = op(A + "-261207-0004", 0, dossier=dossier(A + "-261207-0004", state="x"))
    status, body, _, _ = s.request("POST", "/v1/ops", token=lan, json_body=batch(
        [fwd, stale, after, other, bad_type, foreign, ghost, wrong_officer, bad_state]))
    res = body["results"]
    eq([x["op_id"] for x in res],
       [o["op_id"] for o in [fwd, stale, after, other, bad_type, foreign, ghost, wrong_officer,
                             bad_state]],
       "results in order")
    eq((res[0]["status"], res[0]["version"]), ("applied", 2), "forward applied")
    eq(res[1]["status"], "conflict", "stale base is conflict")
    eq((res[1]["server_version"], res[1]["server_state"]), (2, 2), "server version and state")
    eq(res[1]["dossier"]["MaHoSo"], c1, "server's fields")
    eq((res[2]["status"], res[2]["server_version"]), ("conflict", 2),
       "later op of the same dossier after a conflict")
    eq(res[3]["status"], "applied", "other dossier goes on")
    eq((res[4]["status"], res[4]["reason"]), ("rejected", "unknown_type"), "unknown type")
    check(res[4]["message"], "rejected message")
    eq((res[5]["status"], res[5]["reason"]), ("rejected", "forbidden_office"), "another office")
    eq((res[6]["status"], res[6]["server_version"]), ("conflict", 0), "op on a missing dossier")
    eq((res[7]["status"], res[7]["reason"]), ("rejected", "forbidden_officer"),
       "officer of another office")
    eq((res[8]["status"], res[8]["reason"]), ("rejected", "invalid_dossier"), "state not a number")
    eq(cl.psql("SELECT version FROM dossier WHERE code = '%s'" % c1), "2", "server version")
    eq(cl.psql("SELECT count(*) FROM op WHERE op_id IN ('%s','%s')"
               % (stale["op_id"], after["op_id"])), "0", "conflicts leave nothing")
    # The central audit of an applied op.
    eq(cl.psql("SELECT token_login, op_officer, desk_id, taken_at, audit_head->>'seq'"
               " FROM op WHERE op_id = '%s'" % fwd["op_id"]),
       "lan|binh|%s|1796014749|42" % DESK, "audit row")
    # A rejected op stops the later ops of its dossier too, even one whose
    # base version matches the server's.
    c5 = A + "-261207-0005"
    first = op(c5, 0)
    bad = op(c5, 1, "teleport")
    next_ok = op(c5, 1, "forward")
    status, body, _, _ = s.request("POST", "/v1/ops", token=lan,
                                   json_body=batch([first, bad, next_ok]))
    eq([r["status"] for r in body["results"]], ["applied", "rejected", "conflict"],
       "rejected op blocks its dossier")
    eq(body["results"][2]["server_version"], 1, "blocked op shows the server version")
    eq(cl.psql("SELECT version FROM dossier WHERE code = '%s'" % c5), "1", "not applied")
    # A second receive of the same code under another op_id.
    status, body, _, _ = s.request("POST", "/v1/ops", token=lan, json_body=batch([op(c1, 0)]))
    eq(body["results"][0]["status"], "conflict", "second receive")
    # Malformed requests.
    status, body, _, _ = s.request("POST", "/v1/ops", token=lan, json_body={"ops": "x"})
    eq((status, body["error"]), (400, "bad_request"), "malformed batch")
    status, body, _, _ = s.request("POST", "/v1/ops", token=lan, body=b"{}",
                                   headers={"Content-Type": "text/plain"})
    eq((status, body["error"]), (415, "unsupported_media_type"), "content type")
    status, body, _, _ = s.request("POST", "/v1/ops", token=lan,
                                   json_body=batch([op(c2, 9, "forward")] * 501))
    eq((status, body["error"]), (413, "too_large"), "over 500 ops")


def test_exactly_once():
    lan1 = S["s1"].token("lan", PW["lan"])["access_token"]
    lan2 = S["s2"].token("lan", PW["lan"])["access_token"]
    ops = []
    for i in range(60):
        code = A + "-261208-%04d" % (i + 1)
        ops += [op(code, 0), op(code, 1, "forward"), op(code, 2, "process")]

    def send(server, tok):
        status, body, _, _ = server.request("POST", "/v1/ops", token=tok, json_body=batch(ops))
        eq(status, 200, "batch status")
        return body["results"]

    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        futs = [ex.submit(send, S["s1"], lan1), ex.submit(send, S["s2"], lan2),
                ex.submit(send, S["s1"], lan1), ex.submit(send, S["s2"], lan2)]
        answers = [f.result() for f in futs]
    for i in range(len(ops)):
        statuses = [a[i]["status"] for a in answers]
        eq(statuses.count("applied"), 1, "op %d applied exactly once: %r" % (i, statuses))
        eq(statuses.count("duplicate"), 3, "op %d duplicates" % i)
    ids = ",".join("'%s'" % o["op_id"] for o in ops)
    eq(cl.psql("SELECT count(*) FROM op WHERE op_id IN (%s)" % ids), str(len(ops)), "op rows")
    eq(cl.psql("SELECT count(*) FROM dossier WHERE code LIKE '%%-261208-%%' AND version = 3"),
       "60", "every dossier at version 3")
    eq(cl.psql("SELECT count(*) FROM change WHERE body->>'op_id' IN (%s)"
               % ",".join("'%s'" % o["op_id"] for o in ops)), str(len(ops)),
       "one change per applied op")


def test_leases():
    lan1 = S["s1"].token("lan", PW["lan"])["access_token"]
    lan2 = S["s2"].token("lan", PW["lan"])["access_token"]

    def lease(server, tok, rid, day="261207", count=7, office=A):
        return server.request("POST", "/v1/sequences/lease", token=tok, json_body={
            "request_id": rid, "office": office, "day": day, "count": count})

    rids = [str(uuid.uuid4()) for _ in range(40)]
    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        futs = [ex.submit(lease, S["s1"] if i % 2 else S["s2"], lan1 if i % 2 else lan2, rid)
                for i, rid in enumerate(rids)]
        blocks = [f.result() for f in futs]
    nums = []
    for status, body, _, _ in blocks:
        eq(status, 200, "lease status")
        eq(body["last"] - body["first"] + 1, 7, "block size")
        nums += range(body["first"], body["last"] + 1)
    eq(sorted(nums), list(range(1, 281)), "blocks disjoint and contiguous")
    status, again, _, _ = lease(S["s2"], lan2, rids[0])
    eq((again["first"], again["last"]), (blocks[0][1]["first"], blocks[0][1]["last"]),
       "retry returns the same block")
    status, body, _, _ = lease(S["s1"], lan1, rids[0], day="261209")
    eq((status, body["error"]), (400, "bad_request"), "request_id reused for another day")
    for i in range(19):
        status, body, _, _ = lease(S["s1"], lan1, str(uuid.uuid4()), day="261231", count=500)
        eq(status, 200, "lease %d of 500" % i)
    status, body, _, _ = lease(S["s1"], lan1, str(uuid.uuid4()), day="261231", count=500)
    eq((status, body["error"]), (409, "lease_exhausted"), "exhausted")
    check("499" in body["message"], "says how many are left: " + body["message"])
    status, body, _, _ = lease(S["s1"], lan1, str(uuid.uuid4()), count=0)
    eq(status, 400, "count 0")


def feed(server, tok, limit=None, since=None):
    q = []
    if since:
        q.append("since=" + since)
    if limit:
        q.append("limit=%d" % limit)
    status, body, _, _ = server.request("GET", "/v1/changes?" + "&".join(q), token=tok)
    eq(status, 200, "changes status")
    return body


def test_changes():
    cuong = S["s1"].token("cuong", PW["cuong"])["access_token"]
    ops = [op(B + "-261207-%04d" % (i + 1), 0, officer="cuong") for i in range(23)]
    status, body, _, _ = S["s2"].request("POST", "/v1/ops", token=cuong, json_body=batch(ops))
    check(all(r["status"] == "applied" for r in body["results"]), "B's ops applied")
    seen, cursor, pages = [], None, 0
    while True:
        page = feed(S["s1"] if pages % 2 else S["s2"], cuong, limit=10, since=cursor)
        pages += 1
        check(len(page["changes"]) <= 10, "page within limit")
        seen += page["changes"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
        check(pages < 10, "paging ends")
    dossiers = [c for c in seen if c["kind"] == "dossier"]
    eq([c["dossier_code"] for c in dossiers], [o["dossier_code"] for o in ops],
       "B's dossier changes, in order")
    eq(len([c for c in seen if c["kind"] == "officer"]), 2, "B's officers")
    check(all(c["office"] == B for c in seen), "only B's changes")
    seqs = [c["seq"] for c in seen]
    eq(seqs, sorted(set(seqs)), "seq increasing, no repeats")
    eq(dossiers[0]["desk_id"], DESK, "desk_id in the feed")
    eq(feed(S["s1"], cuong, since=cursor)["changes"], [], "nothing after the last cursor")
    cursor_b = cursor
    # The province reads its communes' feeds.
    tinh = S["s1"].token("tinh", PW["tinh"])["access_token"]
    offices, cursor = set(), None
    while True:
        page = feed(S["s1"], tinh, limit=1000, since=cursor)
        offices |= {c["office"] for c in page["changes"]}
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    check({A, B} <= offices, "province sees A and B: %r" % offices)
    # Reference data published for the province reaches every commune's feed.
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"code": "1.001193", "version": 7, "effective_from": "2026-12-15",
                   "definition": {"name": "Đăng ký khai sinh"}}, f)
    try:
        out = cl.central("publish", "procedure", "--office", PROV, f.name)
        eq(out.stdout.strip(), "procedure published to 3 offices", "publish")
        eq(cl.central("publish", "nonsense", "--office", PROV, f.name, check=False).returncode,
           2, "unknown kind")
    finally:
        os.unlink(f.name)
    page = feed(S["s2"], cuong, since=cursor_b)
    eq([(c["kind"], c["code"], c["version"], c["office"]) for c in page["changes"]],
       [("procedure", "1.001193", 7, B)], "procedure in B's feed")
    # Each change as the feed gives it is its body merged with its seq and
    # office as PostgreSQL merges jsonb (the body's own keys winning), for
    # a body with an office key of its own and quotes, line breaks and
    # Vietnamese in its text as for the dossiers'.
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"name": "bien-nhan", "version": 3, "office": B,
                   "text": "Biên nhận \"hồ sơ\"\n\tsố {so}"}, f, ensure_ascii=False)
    try:
        cl.central("publish", "slip_template", "--office", B, f.name)
    finally:
        os.unlink(f.name)
    whole, cursor = [], None
    while True:
        page = feed(S["s1"], cuong, limit=7, since=cursor)
        whole += page["changes"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    merged = [json.loads(line) for line in cl.psql(
        "SELECT (jsonb_build_object ('seq', seq, 'office', office) || body)::text"
        " FROM change WHERE office = '%s' ORDER BY seq" % B).split("\n")]
    check(len(merged) > 25, "B's feed read whole: %d changes" % len(merged))
    eq(whole, merged, "each change is its body with its seq and office")
    status, body, _, _ = S["s1"].request("GET", "/v1/changes?limit=0", token=cuong)
    eq((status, body["error"]), (400, "bad_request"), "limit 0")
    status, body, _, _ = S["s1"].request("GET", "/v1/changes?since=%%%%", token=cuong)
    eq(status, 400, "bad cursor")


def put_blob(server, tok, data, name=None, ctype="application/octet-stream"):
    h = name or hashlib.sha256(data).hexdigest()
    return server.request("PUT", "/v1/blobs/" + h, body=data, token=tok,
                          headers={"Content-Type": ctype})


def test_blobs():
    lan = S["s1"].token("lan", PW["lan"])["access_token"]
    cuong = S["s2"].token("cuong", PW["cuong"])["access_token"]
    data = os.urandom(300000)
    h = hashlib.sha256(data).hexdigest()
    eq(put_blob(S["s1"], lan, data)[0], 201, "PUT stored")
    eq(put_blob(S["s2"], lan, data)[0], 200, "PUT again")
    status, _, _, resp = S["s2"].request("HEAD", "/v1/blobs/" + h, token=lan)
    eq((status, resp.getheader("Content-Length")), (200, str(len(data))), "HEAD whole")
    status, _, got, _ = S["s1"].request("GET", "/v1/blobs/" + h, token=lan)
    eq((status, got == data), (200, True), "GET bytes")
    status, _, got, resp = S["s1"].request("GET", "/v1/blobs/" + h, token=lan,
                                           headers={"Range": "bytes=100-199"})
    eq((status, got, resp.getheader("Content-Range")),
       (206, data[100:200], "bytes 100-199/%d" % len(data)), "Range")
    path = os.path.join(cl.blob_dir, "blobs", h)
    eq(stat.S_IMODE(os.stat(path).st_mode), 0o600, "blob file 0600")
    eq(stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode), 0o700, "blob dir 0700")
    # Another office cannot read it, not even learn it exists.
    eq(S["s1"].request("GET", "/v1/blobs/" + h, token=cuong)[0], 404, "other office GET")
    eq(S["s1"].request("HEAD", "/v1/blobs/" + h, token=cuong)[0], 404, "other office HEAD")
    # A wrong hash keeps nothing.
    other = hashlib.sha256(b"something else").hexdigest()
    status, body, _, _ = put_blob(S["s1"], lan, data, name=other)
    eq((status, body["error"]), (422, "hash_mismatch"), "PUT hash mismatch")
    eq(S["s1"].request("HEAD", "/v1/blobs/" + other, token=lan)[0], 404, "nothing kept")
    eq(put_blob(S["s1"], lan, data, name="ABC")[0], 400, "malformed hash")
    eq(put_blob(S["s1"], lan, data, ctype="text/plain")[0], 415, "PUT content type")
    # A body over the limit is refused from its headers, before it is sent.
    import socket
    with socket.create_connection((S["s1"].host, S["s1"].port), timeout=60) as sock:
        sock.sendall(("PUT /v1/blobs/%s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                      "Content-Type: application/octet-stream\r\n"
                      "Content-Length: 300000000\r\n\r\n" % (h, lan)).encode())
        answer = b""
        while True:
            part = sock.recv(4096)
            if not part:
                break
            answer += part
    head, _, rest = answer.partition(b"\r\n\r\n")
    first = head.decode("latin-1").split("\r\n")[0]
    eq(first.split(" ")[1], "413", "over-limit body refused early: " + first)
    eq(json.loads(rest)["error"], "too_large", "413 body")

    # Resumable upload, chunks alternating between the two processes.
    big = os.urandom(1000000)
    hb = hashlib.sha256(big).hexdigest()

    def patch(server, offset, chunk, length=len(big), name=hb):
        return server.request("PATCH", "/v1/blobs/" + name, body=chunk, token=lan, headers={
            "Content-Type": "application/offset+octet-stream",
            "Upload-Offset": str(offset), "Upload-Length": str(length)})

    status, _, _, resp = patch(S["s1"], 0, big[:400000])
    eq((status, resp.getheader("Upload-Offset")), (204, "400000"), "first chunk")
    status, _, _, resp = S["s2"].request("HEAD", "/v1/blobs/" + hb, token=lan)
    eq((status, resp.getheader("Upload-Offset"), resp.getheader("Upload-Length")),
       (200, "400000", str(len(big))), "HEAD partial")
    status, body, _, resp = patch(S["s2"], 0, big[:400000])
    eq((status, body["error"], resp.getheader("Upload-Offset")),
       (422, "offset_mismatch", "400000"), "replayed chunk")
    status, _, _, resp = patch(S["s2"], 400000, big[400000:800000])
    eq((status, resp.getheader("Upload-Offset")), (204, "800000"), "second chunk")
    status, _, _, resp = patch(S["s1"], 800000, big[800000:])
    eq(status, 201, "last chunk accepted")
    # The last chunk again (its answer lost, or sent twice): the same
    # success, not an offset mismatch at 0 that restarts the whole upload.
    status, _, _, resp = patch(S["s2"], 800000, big[800000:])
    eq((status, resp.getheader("Upload-Offset")), (200, str(len(big))), "last chunk sent again")
    eq(cl.psql("SELECT count(*) FROM upload"), "0", "no upload row left behind")
    status, _, got, _ = S["s2"].request("GET", "/v1/blobs/" + hb, token=lan)
    eq(got == big, True, "resumed blob intact")
    # A resumable upload whose bytes do not match is discarded.
    fake = hashlib.sha256(b"fake").hexdigest()
    eq(patch(S["s1"], 0, big[:500], length=1000, name=fake)[0], 204, "fake first chunk")
    status, body, _, _ = patch(S["s2"], 500, big[500:1000], length=1000, name=fake)
    eq((status, body["error"]), (422, "hash_mismatch"), "PATCH hash mismatch")
    eq(S["s1"].request("HEAD", "/v1/blobs/" + fake, token=lan)[0], 404, "partial discarded")
    S["blob"] = (h, data)


def portal_token(server):
    status, body, _, _ = server.request("POST", "/v1/auth/token", form={
        "grant_type": "client_credentials", "client_id": "portal-connector",
        "client_secret": PORTAL_SECRET})
    eq(status, 200, "connector token")
    check("refresh_token" not in body, "no refresh token for a client")
    return body["access_token"]


def test_portal():
    s = S["s1"]
    status, body, _, _ = s.request("POST", "/v1/auth/token", form={
        "grant_type": "client_credentials", "client_id": "portal-connector",
        "client_secret": "wrong-secret-wrong-secret"})
    eq((status, body["error"]), (401, "invalid_client"), "wrong client secret")
    tok = portal_token(s)
    cuong = s.token("cuong", PW["cuong"])["access_token"]
    data = os.urandom(5000)
    h = hashlib.sha256(data).hexdigest()
    code = A + "-261207-0500"
    d = {"MaHoSo": code, "MaTTHC": "1.001193", "TenTTHC": "Đăng ký khai sinh",
         "KenhThucHien": 2, "ChuHoSo": "Đặng Thị Hòa", "MaDoiTuong": "1",
         "SoDinhDanh": "079301001234", "SoDienThoai": "0912345678",
         "DiaChi": "Số 5, ấp Tân Hòa", "NgayNopHoSo": "20261207083015",
         "TaiLieuNop": [{"TepDinhKemId": "a1", "TenTepDinhKem": "to-khai.pdf",
                         "DuongDanTaiTepTin": "blob:" + h}]}
    status, body, _, _ = s.request("POST", "/v1/portal/dossiers", token=tok, json_body=d)
    eq((status, body["error"]), (422, "missing_blob"), "blob not uploaded yet")
    check(h in body["message"], "names the blob")
    eq(put_blob(S["s2"], cuong, data)[0], 201, "connector's blob uploaded (by B)")
    status, body, _, _ = s.request("POST", "/v1/portal/dossiers", token=tok, json_body=d)
    eq((status, body), (201, {"MaHoSo": code, "status": "accepted", "office": A}), "accepted")
    status, body, _, _ = S["s2"].request("POST", "/v1/portal/dossiers", token=tok, json_body=d)
    eq(status, 200, "same dossier again")
    status, body, _, _ = s.request("POST", "/v1/portal/dossiers", token=tok,
                                   json_body=dict(d, ChuHoSo="Người khác"))
    eq((status, body["error"]), (409, "exists"), "other content")
    status, body, _, _ = s.request("POST", "/v1/portal/dossiers", token=tok,
                                   json_body=dict(d, MaHoSo="999.99.99.X00-261207-0001"))
    eq((status, body["error"]), (422, "unknown_office"), "unknown office")
    status, body, _, _ = s.request("POST", "/v1/portal/dossiers", token=tok,
                                   json_body=dict(d, MaHoSo=A + "-261207-0501", MaTTHC="abc"))
    eq((status, body["error"]), (422, "unknown_procedure"), "bad procedure")
    # The office's desks see it in the feed, state 1, channel 2, and may read its file.
    lan = s.token("lan", PW["lan"])["access_token"]
    cursor, found = None, None
    while True:
        page = feed(s, lan, limit=1000, since=cursor)
        found = next((c for c in page["changes"] if c.get("dossier_code") == code), found)
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    check(found is not None, "online dossier in A's feed")
    eq((found["dossier"]["TrangThaiHoSo"], found["dossier"]["KenhThucHien"], found["op_id"]),
       (1, 2, None), "submitted online")
    status, _, got, _ = s.request("GET", "/v1/blobs/" + h, token=lan)
    eq((status, got == data), (200, True), "A reads the attached file")
    # The connector token does nothing else; a desk token cannot submit.
    eq(s.request("GET", "/v1/changes", token=tok)[0], 403, "connector reads no feed")
    status, body, _, _ = s.request("POST", "/v1/portal/dossiers", token=lan, json_body=d)
    eq((status, body["error"]), (403, "forbidden_role"), "desk token on the portal endpoint")
    # The command line runs the same intake.
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(dict(d, MaHoSo=A + "-261207-0502", TaiLieuNop=[]), f)
    try:
        out = cl.central("portal", "submit", f.name)
        check("accepted" in out.stdout, "CLI intake: " + out.stdout)
        out = cl.central("portal", "submit", f.name)
        check("already" in out.stdout, "CLI intake again")
    finally:
        os.unlink(f.name)
    eq(cl.psql("SELECT state FROM dossier WHERE code = '%s-261207-0502'" % A), "1",
       "CLI dossier stored")


def test_authorisation():
    s = S["s2"]
    cuong = s.token("cuong", PW["cuong"])["access_token"]
    h, _ = S["blob"]
    endpoints = [("POST", "/v1/ops", {"json_body": batch([op(A + "-261207-0001", 1, "forward")])}),
                 ("GET", "/v1/changes", {}),
                 ("POST", "/v1/sequences/lease", {"json_body": {
                     "request_id": str(uuid.uuid4()), "office": A, "day": "261207", "count": 1}}),
                 ("POST", "/v1/portal/dossiers", {"json_body": {"MaHoSo": "x"}}),
                 ("HEAD", "/v1/blobs/" + h, {}),
                 ("GET", "/v1/blobs/" + h, {}),
                 ("PUT", "/v1/blobs/" + h, {"body": b"x"}),
                 ("PATCH", "/v1/blobs/" + h, {"body": b"x"})]
    for method, path, kw in endpoints:
        eq(s.request(method, path, **kw)[0], 401, "%s %s without a token" % (method, path))
        eq(s.request(method, path, token="mca_" + "A" * 43, **kw)[0], 401,
           "%s %s with an unknown token" % (method, path))
    # With another office's token.
    status, body, _, _ = s.request("POST", "/v1/ops", token=cuong, **endpoints[0][2])
    eq((status, body["results"][0]["reason"]), (200, "forbidden_office"), "ops of A by B")
    page = feed(s, cuong, limit=1000)
    check(all(c["office"] == B for c in page["changes"]), "B's feed holds nothing of A")
    status, body, _, _ = s.request("POST", "/v1/sequences/lease", token=cuong, **endpoints[2][2])
    eq((status, body["error"]), (403, "forbidden_office"), "lease of A by B")
    eq(s.request("HEAD", "/v1/blobs/" + h, token=cuong)[0], 404, "HEAD A's blob by B")
    eq(s.request("GET", "/v1/blobs/" + h, token=cuong)[0], 404, "GET A's blob by B")
    status, body, _, _ = s.request("POST", "/v1/portal/dossiers", token=cuong, **endpoints[3][2])
    eq(status, 403, "portal by a desk")
    eq(s.request("GET", "/v1/nothing", token=cuong)[0], 404, "unknown path")


def test_https():
    tmp = tempfile.mkdtemp(prefix="mc-central-tls-")
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)
        srv = cl.serve("--tls-cert", cert, "--tls-key", key)
        eq(srv.scheme, "https", "serves HTTPS")
        tls = Server("https", srv.host, srv.port, srv.proc, cafile=cert)
        status, body, _, _ = tls.request("POST", "/v1/auth/token", form={
            "grant_type": "password", "client_id": "motcua-desk",
            "username": "lan", "password": PW["lan"]})
        eq(status, 200, "sign-in over HTTPS, certificate verified")
        bad = Server("https", srv.host, srv.port, srv.proc, cafile=None)
        try:
            bad.request("GET", "/v1/changes")
            raise AssertionError("an unknown certificate was accepted")
        except OSError as e:
            check("CERTIFICATE_VERIFY_FAILED" in str(e), "verification failure: %s" % e)
    finally:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)


tap.run("setup: init, offices, officers, connector, two servers", setup)
if tap.failed:
    sys.exit(tap.done())
tap.run("auth: password, refresh rotation, reuse revokes family, lockout", test_auth)
tap.run("ops: applied, duplicate, conflict, rejected, audit", test_ops)
tap.run("ops: same batch to two processes at once, applied exactly once", test_exactly_once)
tap.run("leases: disjoint across processes, idempotent, exhaustion", test_leases)
tap.run("changes: paging, per office, province tree", test_changes)
tap.run("blobs: PUT, HEAD, GET, Range, resumable PATCH, hash mismatch", test_blobs)
tap.run("portal intake: HTTP and CLI", test_portal)
tap.run("authorisation: every endpoint, no token and another office's", test_authorisation)
tap.run("HTTPS with a certificate from files", test_https)


def test_stop():
    for proc in cl.servers:
        proc.terminate()
    for proc in cl.servers:
        eq(proc.wait(), 0, "server exit status after SIGTERM")


tap.run("servers stop cleanly on SIGTERM", test_stop)
code = tap.done()
cl.stop()
sys.exit(code)
