#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reference data from the centre is loaded by the desk, not just stored:
# against the real central server (PostgreSQL 15 in a temporary directory,
# central_harness.py) and a real Secret Service (gnome-keyring in its own
# D-Bus session, sync_harness.py), `motcua-central publish` sends a new
# procedure, a new version of a bundled one, a future-dated version, a
# holiday table adding a day, a slip template, and broken ones; after
# `motcua-cli sync now` the desk receives dossiers under the new procedure,
# a time limit across the new holiday ends one working day later (and
# `motcua-cli deadline` and `calendar` on the workspace count with it), the
# future-dated version is used only from its date (receptions with --at),
# the broken ones are refused with their reason and the versions before
# them stay in use, and all of it holds with the server stopped (every
# motcua-cli run is a fresh start of the desk). Output is TAP.

import datetime
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from sync_test_harness import DESK_PW, OFFICE, OFFICE_NAME, SyncTest, check, eq, ok  # noqa: E402

t = SyncTest("mc-sync-ref-test-")
cl, tmp = t.cl, t.tmp
SOURCE = os.environ.get("MOTCUA_SOURCE_DIR", os.path.join(HERE, "..", "..", ".."))

PW = "lan-mat-khau-1"
BUNDLED = "1.001022"    # 3 working days in data/procedures
NEW = "1.999901"        # not in data/procedures

ws = os.path.join(tmp, "desk")
state = {}


def cli(*args, stdin=None):
    return t.cli(ws, *args, stdin=stdin)


def sync_now():
    out = ok(cli("--json", "sync", "now"), "sync now")
    return json.loads(out.stdout), out.stderr


def reference(at=None):
    args = ["--json", "sync", "reference"] + (["--at", at] if at else [])
    return json.loads(ok(cli(*args), "sync reference").stdout)


def ref_state(kind, key, version, at=None):
    for item in reference(at):
        if (item["kind"], item["key"], item["version"]) == (kind, key, version):
            return item
    raise AssertionError("%s %s version %d not kept" % (kind, key, version))


def due_of(code):
    return t.desk_db(ws, "SELECT due_at FROM dossier WHERE code = ?", (code,))[0][0]


def receive(procedure, at):
    return t.receive(ws, "lan", "--at", at, procedure=procedure)


def publish(kind, body, name):
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        json.dump(body, f, ensure_ascii=False)
    cl.central("publish", kind, "--office", OFFICE, path)


def definition(code, name, days):
    with open(os.path.join(SOURCE, "data", "procedures", BUNDLED + ".json")) as f:
        d = json.load(f)
    d.update(code=code, name=name, working_days=days, sample=False)
    return d


def working_week():
    """A Monday at least two weeks ahead whose Monday to Friday are all
    working days in the shipped calendar, so that one more day off moves a
    time limit in that week by exactly one day."""
    day = datetime.date.today() + datetime.timedelta(days=14)
    day += datetime.timedelta(days=(7 - day.weekday()) % 7)
    while True:
        cal = json.loads(ok(cli("--json", "calendar", "--year", str(day.year)), "calendar").stdout)
        off = {d["date"] for d in cal["days"]}
        week = [(day + datetime.timedelta(days=i)).isoformat() for i in range(5)]
        if not off.intersection(week) and day.year == (day + datetime.timedelta(days=4)).year:
            return day
        day += datetime.timedelta(days=7)


def setup():
    cl.central("init")
    cl.central("office", "add", "--code", OFFICE, "--name", OFFICE_NAME)
    cl.central("user", "add", "--login", "lan", "--name", "Lan", "--office", OFFICE,
               "--role", "reception", "--password-stdin", stdin=PW + "\n")
    t.start_server(0)
    t.make_desk("desk")
    # Numbers for the days the test receives on, while the desk has no
    # passwords yet (then a lease needs no officer).
    monday = working_week()
    state["monday"] = monday
    far = monday + datetime.timedelta(days=120)
    state["far"] = far
    for day in (monday, far):
        ok(cli("lease", "add", "--date", day.isoformat(), "--first", "9000", "--last", "9099"),
           "lease for " + day.isoformat())
    t.add_officer(ws, "lan")
    ok(t.sync_login(ws, t.url(0), "lan", PW), "login")
    sync_now()
    eq(reference(), [], "nothing from the centre yet")


def procedures():
    at = state["monday"].isoformat() + "T08:00"
    before = due_of(receive(BUNDLED, at))
    # The new procedure is unknown before it is published.
    out = cli("receive", "--procedure", NEW, "--name", "Đặng Thị Hòa", "--id", "001190012345",
              "--at", at, "--as", "lan", "--password-stdin", stdin=DESK_PW + "\n")
    eq(out.returncode, 1, "an unknown procedure is refused")

    publish("procedure", {"code": NEW, "version": 1,
                          "definition": definition(NEW, "Thủ tục mới theo nghị định", 2)}, "new")
    publish("procedure", {"code": BUNDLED, "version": 2, "effective_from": "2025-07-01",
                          "definition": definition(BUNDLED, "Thủ tục sửa đổi", 4)}, "bundled-v2")
    r, _ = sync_now()
    eq(r["reference"], 2, "both procedures taken in")
    eq(ref_state("procedure", NEW, 1)["state"], "in-force", "the new procedure is in force")
    eq(ref_state("procedure", BUNDLED, 2)["state"], "in-force", "the new version is in force")

    code = receive(NEW, at)
    show = json.loads(ok(cli("--json", "show", code), "show").stdout)
    eq(show["procedure_name"], "Thủ tục mới theo nghị định", "the dossier has the new procedure")
    after = due_of(receive(BUNDLED, at))
    eq(after - before, 86400, "4 working days instead of 3: the appointment is a day later")
    state["bundled_due"] = after


def future_version():
    publish("procedure", {"code": BUNDLED, "version": 3,
                          "effective_from": state["far"].isoformat(),
                          "definition": definition(BUNDLED, "Thủ tục từ ngày sau", 1)}, "bundled-v3")
    r, _ = sync_now()
    eq(r["reference"], 1, "the future version arrives")
    eq(ref_state("procedure", BUNDLED, 3)["state"], "waiting", "waiting for its date")
    eq(ref_state("procedure", BUNDLED, 2)["state"], "in-force", "version 2 still in force")
    at = state["monday"].isoformat() + "T08:00"
    eq(due_of(receive(BUNDLED, at)), state["bundled_due"], "before its date: version 2's time limit")
    far = state["far"].isoformat() + "T08:00"
    eq(ref_state("procedure", BUNDLED, 3, at=far)["state"], "in-force", "in force from its date")
    code = receive(BUNDLED, far)
    show = json.loads(ok(cli("--json", "show", code), "show").stdout)
    eq(show["procedure_name"], "Thủ tục từ ngày sau", "from its date the new version is used")


def holidays():
    monday = state["monday"]
    at = monday.isoformat() + "T08:00"
    # The new procedure's 2 working days from Monday 08:00 end on
    # Wednesday; a Tuesday off moves them to Thursday.
    before = due_of(receive(NEW, at))
    year = monday.year
    shipped = os.path.join(SOURCE, "data", "holidays", "%d.ini" % year)
    if os.path.exists(shipped):
        with open(shipped) as f:
            table = f.read()
    else:
        table = "[year]\nyear = %d\nsource = Bảng thử nghiệm\n" % year
    tuesday = (monday + datetime.timedelta(days=1)).isoformat()
    table += "\n[day %s]\nkind = holiday\nname = Ngày nghỉ theo quyết định mới\nsource = Quyết định thử nghiệm\n" % tuesday
    publish("holidays", {"year": year, "version": 2, "table": table}, "holidays")
    r, _ = sync_now()
    eq(r["reference"], 1, "the holiday table arrives")
    eq(ref_state("holidays", str(year), 2)["state"], "in-force", "in force")
    after = due_of(receive(NEW, at))
    eq(after - before, 86400, "a time limit across the new holiday ends one working day later")
    state["holiday_due"] = due_of(receive(BUNDLED, at))
    check(state["holiday_due"] > state["bundled_due"], "the other procedure's limit moves too")
    # `motcua-cli calendar` and `deadline` on this workspace count with the
    # desk's calendar, the published table included, as receptions do.
    days = json.loads(ok(cli("--json", "calendar", "--year", str(year)), "calendar").stdout)["days"]
    eq([(d["kind"], d["name"]) for d in days if d["date"] == tuesday],
       [("holiday", "Ngày nghỉ theo quyết định mới")], "calendar lists the published holiday")
    due = json.loads(ok(cli("--json", "deadline", "--from", at, "--days", "2"), "deadline").stdout)
    eq(due["due_unix"], after, "deadline across the published holiday: the dossier's appointment")


def slip_text(code):
    pdf = os.path.join(tmp, "receipt.pdf")
    ok(cli("slip", "receipt", code, "-o", pdf), "slip receipt")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                         text=True, check=True)
    return " ".join(out.stdout.split()).lower()


def slip_template():
    code = receive(NEW, state["monday"].isoformat() + "T08:00")
    heading = "giấy tiếp nhận hồ sơ theo mẫu công bố mới"
    check(heading not in slip_text(code), "the shipped template before")
    with open(os.path.join(SOURCE, "data", "slips", "receipt.json")) as f:
        tmpl = json.load(f)
    for block in tmpl["blocks"]:
        if block.get("type") == "heading":
            block["text"] = "Giấy tiếp nhận hồ sơ theo mẫu công bố mới"
    publish("slip_template", {"name": "receipt", "version": 2, "template": tmpl}, "receipt")
    r, _ = sync_now()
    eq(r["reference"], 1, "the template arrives")
    eq(ref_state("slip_template", "receipt", 2)["state"], "in-force", "a good template is taken in")
    check(heading in slip_text(code), "the receipt slip prints with the published template")
    # Kept for people to look at.
    logs = os.environ.get("MOTCUA_TEST_LOG_DIR")
    if logs:
        shutil.copy(os.path.join(tmp, "receipt.pdf"), os.path.join(logs, "sync-reference-receipt.pdf"))
    state["slip_code"] = code


def refused():
    publish("procedure", {"code": BUNDLED, "version": 4,
                          "definition": {"code": BUNDLED, "name": "Thiếu mọi thứ"}}, "broken")
    broken = definition(BUNDLED, "Sai ngày hiệu lực", 9)
    publish("procedure", {"code": BUNDLED, "version": 5, "effective_from": "15/12/2026",
                          "definition": broken}, "bad-date")
    publish("holidays", {"year": state["monday"].year, "version": 3,
                         "table": "[year]\nyear = 1999\n"}, "bad-holidays")
    tmpl = {"kind": "apology", "name": "Không đủ"}
    publish("slip_template", {"name": "receipt", "version": 3, "template": tmpl}, "bad-template")
    r, err = sync_now()
    eq(r["reference"], 0, "none of them is taken in")
    for kind, key, version in (("procedure", BUNDLED, 4), ("procedure", BUNDLED, 5),
                               ("holidays", str(state["monday"].year), 3),
                               ("slip_template", "receipt", 3)):
        item = ref_state(kind, key, version)
        eq(item["state"], "refused", "%s %s %d refused" % (kind, key, version))
        check(item["reason"], "with its reason")
        print("# refused %s %s %d: %s" % (kind, key, version, item["reason"]), flush=True)
        check("Refused %s %s version %d" % (kind, key, version) in err,
              "the reason is logged: %r" % err)
    eq(ref_state("procedure", BUNDLED, 2)["state"], "in-force", "the last good version is kept")
    eq(ref_state("holidays", str(state["monday"].year), 2)["state"], "in-force", "table kept")
    eq(ref_state("slip_template", "receipt", 2)["state"], "in-force", "template kept")
    check("giấy tiếp nhận hồ sơ theo mẫu công bố mới" in slip_text(state["slip_code"]),
          "slips print with the last good template")
    at = state["monday"].isoformat() + "T08:00"
    eq(due_of(receive(BUNDLED, at)), state["holiday_due"], "the desk works as before")


def offline_start():
    t.stop_server(0)
    out = cli("sync", "now")
    eq(out.returncode, 1, "the server is gone")
    at = state["monday"].isoformat() + "T08:00"
    eq(due_of(receive(BUNDLED, at)), state["holiday_due"],
       "offline, at the next start: the same procedure version and holidays")
    code = receive(NEW, at)
    eq(json.loads(ok(cli("--json", "show", code), "show").stdout)["procedure_name"],
       "Thủ tục mới theo nghị định", "offline: the new procedure is still there")


sys.exit(t.run([
    ("setup: PostgreSQL, a server, keyring, a desk signed in", setup),
    ("a new procedure and a new version of a bundled one are used", procedures),
    ("a future-dated version waits for its date", future_version),
    ("a holiday table adding a day moves a time limit by one working day", holidays),
    ("a slip template is checked and taken in", slip_template),
    ("broken reference data is refused with its reason; the last good is kept", refused),
    ("offline at the next start the desk keeps the last versions", offline_start),
]))
