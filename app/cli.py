"""The `plandesk` command: no subcommand opens the window; subcommands work headless."""
from __future__ import annotations

import argparse
import json
import sys

from app import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plandesk", description="PlanDesk — แผนปฏิบัติการประจำปีงบประมาณ ตัวชี้วัด และคำรับรองการปฏิบัติราชการ")
    parser.add_argument("--version", action="version", version=f"PlanDesk {__version__}")
    parser.add_argument("--db", help="ไฟล์พื้นที่ทำงาน หรือ SQLAlchemy URL (ค่าเริ่มต้น: ในโฟลเดอร์ข้อมูลผู้ใช้)")
    parser.add_argument("--demo", action="store_true",
                        help="เปิดพื้นที่ทำงานตัวอย่าง (แผนปี 2567 ของกลุ่มพัฒนาระบบบริหาร)")
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo", help="สร้างพื้นที่ทำงานตัวอย่างที่มีแผนปี 2567")
    demo.add_argument("--db", dest="sub_db", help="ไฟล์พื้นที่ทำงานปลายทาง")
    info = sub.add_parser("info", help="แสดงแผนในพื้นที่ทำงาน")
    info.add_argument("--db", dest="sub_db")
    info.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    return parser


def _fail(message: str) -> int:
    print(f"plandesk: {message}", file=sys.stderr)
    return 1


def cmd_demo(db: str | None) -> int:
    from app.services.demo import build_demo, demo_workspace_path
    from app.services.workspace import open_workspace

    ws = open_workspace(db or demo_workspace_path())
    try:
        with ws.transaction() as session:
            plan_id = build_demo(session)
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db = getattr(args, "sub_db", None) or args.db
    from app.services.errors import PlanDeskError

    try:
        if args.command == "demo":
            return cmd_demo(db)
        if args.command == "info":
            return cmd_info(db, args.json)
    except PlanDeskError as exc:
        return _fail(exc.message)
    from app.ui.application import run_gui

    return run_gui(db=db, demo=args.demo)


def gui_main() -> int:
    return main()
