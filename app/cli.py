"""The `plandesk` command: no subcommand opens the window; subcommands work headless."""
from __future__ import annotations

import argparse
import json
import gc
import os
import sys
from pathlib import Path

from app import __version__


# Forms of a round or plan, each made by `module:function(session, args, thai_digits) -> (pdf bytes, pages, what)`;
# thai_digits is None when neither --thai-digits nor --arabic-digits was given (the form's own default).
ROUND_FORMS = {
    "round-reports": "app.services.printing.report_pdf:export_round_reports",
    "round-summary": "app.services.printing.summary_pdf:export_round_summary",
    "progress": "app.services.printing.progress_pdf:export_progress",
    "strategy": "app.services.printing.strategy_pdf:export_strategy",
    "memo": "app.services.printing.memo_pdf:export_memos",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plandesk", description="PlanDesk — แผนปฏิบัติการประจำปีงบประมาณ ตัวชี้วัด และคำรับรองการปฏิบัติราชการ")
    parser.add_argument("--version", action="version", version=f"PlanDesk {__version__}")
    parser.add_argument("--db", help="ไฟล์พื้นที่ทำงาน หรือ SQLAlchemy URL (ค่าเริ่มต้น: ในโฟลเดอร์ข้อมูลผู้ใช้)")
    parser.add_argument("--demo", action="store_true",
                        help="เปิดพื้นที่ทำงานตัวอย่าง (แผนปี 2567 ของกลุ่มพัฒนาระบบบริหาร)")
    parser.add_argument("--selftest", action="store_true",
                        help="ทดสอบว่าโปรแกรมทำงานได้บนเครื่องนี้ (พื้นที่ทำงานตัวอย่างชั่วคราว หน้าต่างหลัก "
                             "และพิมพ์ PDF) แล้วจบด้วยรหัส 0 เมื่อผ่าน")
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo", help="สร้างพื้นที่ทำงานตัวอย่างที่มีแผนปี 2567")
    demo.add_argument("--db", dest="sub_db", help="ไฟล์พื้นที่ทำงานปลายทาง")
    info = sub.add_parser("info", help="แสดงแผนในพื้นที่ทำงาน")
    info.add_argument("--db", dest="sub_db")
    info.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    export = sub.add_parser("export", help="ส่งออกเอกสาร (PDF หรือ Excel)")
    export.add_argument("what", choices=["plan", "agreement", "kpi-templates", *ROUND_FORMS],
                        help="plan: แผนปฏิบัติการประจำปี; agreement: คำรับรองการปฏิบัติราชการ; "
                             "kpi-templates: รายละเอียดตัวชี้วัด (KPI Template) ทุกตัวชี้วัดของคำรับรอง; "
                             "round-reports: รายงานผลตัวชี้วัดทุกตัวของรอบ (--round); "
                             "round-summary: สรุปผลคะแนนของรอบพร้อมกราฟ (--round); "
                             "progress: รายงานผลการดำเนินงานตามแผน (มาตรการ/กิจกรรม); "
                             "strategy: ผลการดำเนินงานตามแผนกลยุทธ์รายมิติ (--round); "
                             "memo: บันทึกข้อความแจ้งคะแนนและบันทึกขออุทธรณ์ของรอบ (--round)")
    export.add_argument("--db", dest="sub_db")
    export.add_argument("--year", type=int, help="ปีงบประมาณ พ.ศ. เช่น 2567 (ต้องระบุ)")
    export.add_argument("--unit", help="ชื่อหรือชื่อย่อหน่วยงาน เมื่อปีนั้นมีหลายแผน")
    export.add_argument("--plan", type=int, help="รหัสแผน (จาก plandesk info) เมื่อยังเลือกไม่ได้")
    export.add_argument("--round", help="ชื่อรอบ เช่น \"รอบ 6 เดือน\" (เลขไทยหรืออารบิกก็ได้)")
    export.add_argument("--indicator", help="round-reports: เฉพาะตัวชี้วัดเลขที่นี้")
    export.add_argument("--as-of", dest="as_of", metavar="MONTH",
                        help="progress: ข้อมูล ณ เดือนนี้ (พิมพ์ “ประจำเดือน…” ต่อท้ายบรรทัดรอบ) "
                             "เป็น ปี ค.ศ.-เดือน เช่น 2024-03 หรือ เดือน/ปี พ.ศ. เช่น 03/2567")
    export.add_argument("--kind", choices=["announcement", "appeal", "all"], default="all",
                        help="memo: announcement = บันทึกแจ้งคะแนน, appeal = บันทึกขออุทธรณ์ (ค่าเริ่มต้น: ทั้งหมด)")
    export.add_argument("--out", required=True,
                        help="ไฟล์ปลายทาง .pdf หรือ .xlsx (Excel: plan, agreement, round-summary) — ชนิดไฟล์ตามนามสกุล")
    export.add_argument("--thai-digits", action="store_true", help="พิมพ์ตัวเลขเป็นเลขไทย")
    export.add_argument("--arabic-digits", action="store_true",
                        help="คำรับรองและ KPI Template: พิมพ์ตัวเลขอารบิก (ค่าเริ่มต้นเป็นเลขไทย)")
    export.add_argument("--subtotals", action="store_true", help="แสดงยอดรวมงบประมาณของหัวข้อ")
    export.add_argument("--bundled-font", action="store_true",
                        help="ใช้ฟอนต์ Sarabun ที่มากับโปรแกรม แม้จะติดตั้ง TH Sarabun ไว้")
    imp = sub.add_parser("import-plan", help="นำเข้าแผนจากไฟล์ Excel (.xlsx) ของสำนักงาน")
    imp.add_argument("file", help="ไฟล์ .xlsx")
    imp.add_argument("--db", dest="sub_db", help="ไฟล์พื้นที่ทำงานปลายทาง")
    imp.add_argument("--sheet", help="ชื่อชีตที่มีแผน (ค่าเริ่มต้น: ชีตแรกที่พบแผน)")
    imp.add_argument("--plan-index", type=int, default=1, help="แผนลำดับที่เท่าใดในไฟล์ เมื่อมีหลายแผน (เริ่มที่ 1)")
    imp.add_argument("--year", type=int, help="ปีงบประมาณ พ.ศ. (ค่าเริ่มต้น: ตามชื่อแผนหรือหัวตาราง)")
    imp.add_argument("--unit", help="หน่วยงานเจ้าของแผน (ค่าเริ่มต้น: ตามชื่อแผน)")
    imp.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    score = sub.add_parser(
        "score", help="คำนวณคะแนนตัวชี้วัด (ผลลัพธ์เป็น JSON)",
        description="คะแนนของผลการดำเนินงานตามเกณฑ์: --targets 5 ค่า = คะแนน 1–5, 3 ค่า = 50/75/100 "
                    "(คิดคะแนนแบบเทียบสัดส่วนระหว่างระดับเป็นค่าเริ่มต้น); หรือ --steps สำหรับเกณฑ์แบบขั้นตอน, "
                    "--percent เมื่อร้อยละที่ได้คือคะแนน. ผลลัพธ์มาจาก --result, --numerator/--denominator "
                    "(× 100) หรือ --parts (ค่าเฉลี่ยร้อยละของกิจกรรมย่อย)")
    score.add_argument("--targets", help="ค่าเป้าหมายของแต่ละระดับ คั่นด้วยจุลภาค เช่น 60,65,70,75,80")
    score.add_argument("--result", help="ผลการดำเนินงาน")
    score.add_argument("--numerator", help="ตัวตั้งของสูตร (ผล = ตัวตั้ง × 100 / ตัวหาร)")
    score.add_argument("--denominator", help="ตัวหารของสูตร")
    score.add_argument("--parts", help="ร้อยละของกิจกรรมย่อย คั่นด้วยจุลภาค (ตัวชี้วัดแบบผสม)")
    score.add_argument("--steps", help="ขั้นตอนที่ทำแล้ว เช่น 1,1,0,0,0 (เกณฑ์แบบขั้นตอน)")
    score.add_argument("--percent", action="store_true", help="ร้อยละที่ได้คือคะแนน (0–100)")
    score.add_argument("--weight", default="0", help="น้ำหนักของตัวชี้วัด (ร้อยละ)")
    score.add_argument("--whole-levels", action="store_true", help="ให้คะแนนเต็มระดับ ไม่เทียบสัดส่วน")
    score.add_argument("--lower-is-better", action="store_true", help="ค่ายิ่งน้อยยิ่งดี")
    score.add_argument("--scale", choices=["1-5", "50-100"], help="มาตราคะแนนของเกณฑ์แบบขั้นตอน (ค่าเริ่มต้น 1-5)")
    score.add_argument("--deduct", help="คะแนนที่หักในรอบนี้ (เช่น 10 เมื่อทำขั้นตอนไม่ครบ)")
    _backup_parsers(sub)
    return parser


def _backup_parsers(sub) -> None:
    """backup / restore / archive / unarchive: app/services/backups.py and workspace_archive.py."""
    backup = sub.add_parser("backup", help="สำรองพื้นที่ทำงาน (SQLite) ลงโฟลเดอร์ <ชื่อ>.backups ข้างไฟล์",
                            description="สำรองข้อมูลด้วย SQLite backup API; เก็บ 10 ชุดล่าสุดและชุดล่าสุดของทุกเดือน "
                                        "(โปรแกรมสำรองให้เองทุกครั้งที่เปิดพื้นที่ทำงานที่มีการเปลี่ยนแปลง)")
    backup.add_argument("--db", dest="sub_db")
    backup.add_argument("--list", action="store_true", help="แสดงรายการสำเนาที่มี แทนการสำรองใหม่")
    restore = sub.add_parser("restore", help="กู้คืนพื้นที่ทำงานจากไฟล์สำรอง (สำรองข้อมูลปัจจุบันไว้ก่อนเสมอ)",
                             description="แทนที่ข้อมูลในพื้นที่ทำงานด้วยไฟล์สำรอง; ปฏิเสธไฟล์ที่ไม่ใช่พื้นที่ทำงาน "
                                         "PlanDesk หรือมาจากรุ่นที่ใหม่กว่า. ปิดโปรแกรมที่เปิดพื้นที่ทำงานนี้อยู่ก่อน")
    restore.add_argument("source", help="ไฟล์สำรอง .plandesk")
    restore.add_argument("--db", dest="sub_db")
    archive = sub.add_parser("archive", help="ส่งออกพื้นที่ทำงานเป็นไฟล์เดียว (.zip) เพื่อย้ายไปเครื่องอื่น")
    archive.add_argument("out", help="ไฟล์ปลายทาง .zip")
    archive.add_argument("--db", dest="sub_db")
    archive.add_argument("--force", action="store_true", help="เขียนทับไฟล์ปลายทางที่มีอยู่แล้ว")
    unarchive = sub.add_parser("unarchive", help="นำเข้าพื้นที่ทำงานจากไฟล์ .zip ที่ส่งออกไว้",
                               description="ตรวจค่า sha256 และรุ่นก่อนนำเข้า; ไม่เขียนทับไฟล์ที่มีอยู่แล้ว "
                                           "เว้นแต่ระบุ --force (ข้อมูลเดิมถูกสำรองไว้ก่อน)")
    unarchive.add_argument("archive", help="ไฟล์ .zip ที่ส่งออกจาก PlanDesk")
    unarchive.add_argument("target", help="ไฟล์พื้นที่ทำงานที่จะสร้าง .plandesk")
    unarchive.add_argument("--force", action="store_true", help="เขียนทับพื้นที่ทำงานที่มีอยู่แล้ว")


def _fail(message: str) -> int:
    print(f"plandesk: {message}", file=sys.stderr)
    return 1


def cmd_demo(db: str | None) -> int:
    from app.services.demo import build_demo_all, demo_workspace_path
    from app.services.workspace import open_workspace

    ws = open_workspace(db or demo_workspace_path())
    try:
        with ws.transaction() as session:
            plan_id = build_demo_all(session)
    finally:
        ws.close()
    where = ws.display_name
    print(f"สร้างแผนตัวอย่างใน {where} แล้ว" if plan_id else f"{where} มีแผนตัวอย่างอยู่แล้ว")
    return 0


def cmd_info(db: str | None, as_json: bool) -> int:
    from app.services import plans
    from app.services.money import format_money, money_str
    from app.services.workspace import open_workspace

    ws = open_workspace(db, create=False)
    try:
        with ws.session() as session:
            summaries = plans.list_plans(session)
    finally:
        ws.close()
    if as_json:
        print(json.dumps({"workspace": ws.display_name, "plans": [
            {"id": p.id, "title": p.title, "fiscal_year": p.be_year, "unit": p.unit_name,
             "activities": p.activity_count, "budget_total": money_str(p.budget_total)}
            for p in summaries]}, ensure_ascii=False, indent=2))
    else:
        print(f"พื้นที่ทำงาน: {ws.display_name}")
        for p in summaries:
            print(f"  [{p.id}] ปีงบประมาณ {p.be_year} · {p.title} · {p.activity_count} กิจกรรม · "
                  f"รวม {format_money(p.budget_total)} บาท")
        if not summaries:
            print("  (ยังไม่มีแผน)")
    return 0


def cmd_export(db: str | None, args) -> int:
    from app.services.errors import ValidationError
    from app.services.printing.document import PrintOptions
    from app.services.printing.plan_pdf import find_plan, write_plan_pdf
    from app.services.workspace import open_workspace

    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".xlsx"):
        raise ValidationError(f"ส่งออกได้เป็นไฟล์ .pdf หรือ .xlsx (Excel) เท่านั้น (ได้รับ “{out.name}”)")
    if args.year is None:
        raise ValidationError("กรุณาระบุปีงบประมาณ พ.ศ. ด้วย --year เช่น --year 2567")
    if getattr(args, "as_of", None):
        from app.services.month_text import parse_month

        args.as_of = parse_month(args.as_of, "เดือนของ --as-of")
    if out.suffix.lower() == ".xlsx":
        return cmd_export_xlsx(db, args, out)
    if args.what in ROUND_FORMS:
        return cmd_export_form(db, args, out)
    if args.what != "plan":
        return cmd_export_agreement(db, args, out)
    gc.disable()  # a one-shot command that ends right after: see document.gc_paused
    ws = open_workspace(db, create=False)
    try:
        with ws.session() as session:
            plan_id = find_plan(session, args.year, args.unit, args.plan)
            options = PrintOptions(thai_digits=args.thai_digits, heading_subtotals=args.subtotals,
                                   prefer_th_sarabun=not args.bundled_font)
            try:
                with out.open("wb") as fh:
                    pages = write_plan_pdf(session, plan_id, fh, options)
            except OSError as exc:
                raise ValidationError(f"เขียนไฟล์ “{out}” ไม่ได้: {exc.strerror or exc}")
    finally:
        ws.close()
    print(f"ส่งออกแผนเป็น {out} แล้ว ({pages} หน้า)")
    return 0


def cmd_export_xlsx(db: str | None, args, out: Path) -> int:
    """A plan, an agreement's framework or a round's scores as an Excel workbook (issue 6); the
    file is written only once the workbook is whole."""
    from app.services.errors import ValidationError
    from app.services.excel_export import export_for_cli
    from app.services.workspace import open_workspace

    ws = open_workspace(db, create=False)
    try:
        with ws.session() as session:
            data, what = export_for_cli(session, args)
    finally:
        ws.close()
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise ValidationError(f"เขียนไฟล์ “{out}” ไม่ได้: {exc.strerror or exc}")
    print(f"ส่งออก{what}เป็น {out} แล้ว (Excel)")
    return 0


def cmd_export_agreement(db: str | None, args, out: Path) -> int:
    """The agreement or its KPI templates (Thai digits unless --arabic-digits); the file is
    written only once the whole PDF is made, so a failure leaves nothing behind."""
    import io

    from app.services.agreements import find_agreement
    from app.services.errors import ValidationError
    from app.services.printing.agreement_pdf import write_agreement_pdf, write_kpi_templates_pdf
    from app.services.printing.document import PrintOptions
    from app.services.workspace import open_workspace

    gc.disable()  # a one-shot command that ends right after: see document.gc_paused
    writer = write_agreement_pdf if args.what == "agreement" else write_kpi_templates_pdf
    options = PrintOptions(thai_digits=not args.arabic_digits, prefer_th_sarabun=not args.bundled_font)
    buffer = io.BytesIO()
    ws = open_workspace(db, create=False)
    try:
        with ws.session() as session:
            pages = writer(session, find_agreement(session, args.year, args.unit), buffer, options)
    finally:
        ws.close()
    try:
        out.write_bytes(buffer.getvalue())
    except OSError as exc:
        raise ValidationError(f"เขียนไฟล์ “{out}” ไม่ได้: {exc.strerror or exc}")
    what = "คำรับรอง" if args.what == "agreement" else "รายละเอียดตัวชี้วัด"
    print(f"ส่งออก{what}เป็น {out} แล้ว ({pages} หน้า)")
    return 0


def cmd_export_form(db: str | None, args, out: Path) -> int:
    """A round or progress form; like the agreement, the file is written only once the PDF is whole."""
    import importlib

    from app.services.errors import ValidationError
    from app.services.workspace import open_workspace

    gc.disable()  # a one-shot command that ends right after: see document.gc_paused
    module, name = ROUND_FORMS[args.what].split(":")
    exporter = getattr(importlib.import_module(module), name)
    thai_digits = True if args.thai_digits else False if args.arabic_digits else None
    ws = open_workspace(db, create=False)
    try:
        with ws.session() as session:
            data, pages, what = exporter(session, args, thai_digits)
    finally:
        ws.close()
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise ValidationError(f"เขียนไฟล์ “{out}” ไม่ได้: {exc.strerror or exc}")
    print(f"ส่งออก{what}เป็น {out} แล้ว ({pages} หน้า)")
    return 0


def cmd_import_plan(db: str | None, args) -> int:
    from app.services.excel_import import import_plan, read_workbook, summary_text
    from app.services.money import money_str
    from app.services.workspace import open_workspace

    reading = read_workbook(args.file, args.sheet, be_year=args.year)
    if reading.errors:
        for error in reading.errors:
            print(f"plandesk: {error}", file=sys.stderr)
        print("plandesk: ไม่ได้นำเข้าแผน (พื้นที่ทำงานไม่เปลี่ยนแปลง)", file=sys.stderr)
        return 1
    ws = open_workspace(db)
    try:
        with ws.transaction() as session:
            result = import_plan(session, reading, args.plan_index - 1, unit=args.unit, be_year=args.year)
    finally:
        ws.close()
    if args.json:
        print(json.dumps({"plan_id": result.plan_id, "title": result.title, "fiscal_year": result.be_year,
                          "unit": result.unit_name, "activities": result.activities, "headings": result.headings,
                          "budget_total": money_str(result.budget_total),
                          "window": [d.isoformat() for d in result.window], "plans_in_file": len(reading.plans),
                          "warnings": list(result.warnings)}, ensure_ascii=False, indent=2))
    else:
        for warning in result.warnings:
            print(f"คำเตือน: {warning}")
        print(summary_text(result))
    return 0


def cmd_score(args) -> int:
    from app.services import scoring
    from app.services.errors import ValidationError

    def numbers(text: str, what: str):
        return [scoring.decimal(part, what) for part in text.split(",") if part.strip()]

    if args.steps:
        done = [part.strip() not in ("0", "", "false", "no") for part in args.steps.split(",")]
        points = scoring.SCALE_50_100 if args.scale == "50-100" else scoring.SCALE_1_5
        value = scoring.milestone_score(done, points)
        out = {"scheme": "milestones", "level": scoring.milestone_level(done)}
    else:
        if args.parts:
            result = scoring.composite(numbers(args.parts, "ผลของกิจกรรมย่อย"))
        elif args.numerator is not None or args.denominator is not None:
            if args.numerator is None or args.denominator is None:
                raise ValidationError("ต้องระบุทั้ง --numerator และ --denominator")
            result = scoring.ratio(args.numerator, args.denominator)
        elif args.result is not None:
            result = scoring.decimal(args.result, "ผลการดำเนินงาน")
        else:
            raise ValidationError("ต้องระบุผลการดำเนินงาน: --result, --numerator/--denominator, --parts หรือ --steps")
        if args.percent:
            value = scoring.percent_score(result)
            out = {"scheme": "percent", "result": str(result)}
        else:
            if not args.targets:
                raise ValidationError("ต้องระบุ --targets (5 ค่า = คะแนน 1–5, 3 ค่า = 50/75/100) หรือ --percent")
            scheme = scoring.LevelScheme.of(
                numbers(args.targets, "ค่าเป้าหมาย"), interpolate=not args.whole_levels,
                direction=scoring.Direction.LOWER if args.lower_is_better else scoring.Direction.HIGHER)
            value = scheme.score(result)
            out = {"scheme": "levels", "scale": "1-5" if len(scheme.points) == 5 else "50-100",
                   "result": str(result)}
    if args.deduct:
        value = scoring.deduct(value, args.deduct, applies=True)
        out["deducted"] = str(scoring.decimal(args.deduct, "คะแนนที่หัก"))
    out["score"] = str(value)
    out["weight"] = str(scoring.decimal(args.weight, "น้ำหนัก"))
    out["weighted"] = str(scoring.weighted(value, args.weight))
    print(json.dumps(out, ensure_ascii=False))
    return 0


def cmd_backup(db: str | None, args) -> int:
    from app.services import backups, workspace_archive
    from app.services.errors import WorkspaceError
    from app.services.thai_format import date_short
    from app.services.workspace import _sqlite_path, resolve_url

    if args.command == "unarchive":
        manifest = workspace_archive.import_archive(Path(args.archive), Path(args.target), overwrite=args.force)
        print(f"นำเข้าพื้นที่ทำงานเป็น {args.target} แล้ว (ส่งออกเมื่อ {manifest.created_at} "
              f"จาก PlanDesk {manifest.app_version})")
        return 0
    path = _sqlite_path(resolve_url(db))
    if path is None:
        raise WorkspaceError(backups.PG_NOTE)
    if args.command == "archive":
        workspace_archive.export_archive(path, Path(args.out), overwrite=args.force)
        print(f"ส่งออกพื้นที่ทำงาน {path} เป็น {args.out} แล้ว")
    elif args.command == "restore":
        safety = backups.restore(path, Path(args.source))
        print(f"กู้คืน {path} จาก {args.source} แล้ว — ข้อมูลก่อนกู้คืนสำรองไว้ที่ {safety.path}")
    elif args.list:
        found = backups.list_backups(path)
        print(f"สำเนาของ {path} ใน {backups.backup_dir(path)}:")
        for info in found:
            print(f"  {info.path.name} · {date_short(info.taken_at.date())} {info.taken_at:%H:%M:%S} · "
                  f"{info.reason_label} · {info.size:,} ไบต์")
        if not found:
            print("  (ยังไม่มีสำเนา)")
    else:
        backups.check_workspace_file(path)
        info = backups.create_backup(path, "manual")
        print(f"สำรองข้อมูลไว้ที่ {info.path} แล้ว")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db = getattr(args, "sub_db", None) or args.db
    from app.services.errors import PlanDeskError

    if args.selftest:
        from app.selftest import run_selftest

        return run_selftest()
    try:
        if args.command == "demo":
            return cmd_demo(db)
        if args.command == "info":
            return cmd_info(db, args.json)
        if args.command == "export":
            return cmd_export(db, args)
        if args.command == "score":
            return cmd_score(args)
        if args.command == "import-plan":
            return cmd_import_plan(db, args)
        if args.command in ("backup", "restore", "archive", "unarchive"):
            return cmd_backup(db, args)
    except PlanDeskError as exc:
        return _fail(exc.message)
    from app.ui.application import run_gui

    return run_gui(db=db, demo=args.demo)


def gui_main() -> int:
    return main()


def entry() -> None:
    """The `plandesk` command itself. After an export, whose output is written and closed, the
    process ends without tearing the interpreter down: freeing the print engine's objects one by
    one took a fifth of the time of exporting a large plan."""
    argv = sys.argv[1:]
    code = main(argv)
    if argv[:1] == ["export"]:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise SystemExit(code)
