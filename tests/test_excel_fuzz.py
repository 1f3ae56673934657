"""The reader on workbooks hypothesis makes up and on broken files: it may refuse them (a Thai
ValidationError) but never crash with anything else, and an import is all or nothing."""
from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from sqlalchemy import func, select

from app.models import ItemKind, Plan, PlanItem
from app.services.errors import ValidationError
from app.services.excel_import import import_plan, read_workbook
from tests.excel_support import office_workbook

MONTHS = ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."]
TEXTS = ["1) ก", "1.1) ข", "1.1.1) ค", "2.", "- ย่อย", "รวม", "รวมทั้งสิ้น", "ต่อข้อความ", "กิจกรรม/ขั้นตอน",
         "งบประมาณ", "ผู้รับผิดชอบ", "→", "➔", "✓", "x", "-", "1,050.00", "12.5.", "ปี พ.ศ.", "2567", "ต.ค.",
         "=SUM(A1:A3)", "ประจำปีงบประมาณ พ.ศ. 2567", "๑) เลขไทย", "", " "]
cell_values = st.one_of(
    st.none(), st.sampled_from(TEXTS), st.sampled_from(MONTHS), st.text(max_size=12),
    st.integers(min_value=-10**15, max_value=10**15), st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 1, 1)),
)
# openpyxl refuses control characters in cell text; those are not the reader's business.
_ILLEGAL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}


def _clean(value):
    if isinstance(value, str):
        return "".join(ch for ch in value if ch not in _ILLEGAL and not 0xD800 <= ord(ch) <= 0xDFFF)
    return value


sheet_rows = st.lists(st.lists(cell_values, max_size=18), max_size=25)


def _header_prefix(draw_months: int) -> list[list]:
    return [["แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. 2567 ของกลุ่มทดสอบ"],
            ["กิจกรรม/ขั้นตอน", "ปี พ.ศ.", *[None] * (draw_months - 1), "ผลลัพธ์ของงาน", "งบประมาณ"],
            [None, 2566, None, None, 2567],
            [None, *(MONTHS * 2)[:draw_months]]]


def _workbook(rows, with_header: bool, months: int, fills, merges) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "แผน"
    for values in (_header_prefix(months) if with_header else []) + rows:
        ws.append([_clean(v) for v in values])
    for row, col in fills:
        ws.cell(row, col).fill = PatternFill("solid", fgColor="FFC000")
    for row, col, height, width in merges:
        try:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + height, end_column=col + width)
        except ValueError:
            pass
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _check_reading(reading) -> None:
    for plan in reading.plans:
        for item in plan.walk():
            assert isinstance(item.kind, ItemKind)
            assert item.budget is None or (isinstance(item.budget, Decimal) and item.budget >= 0)
            assert plan.window is None or all(plan.window[0] <= m <= plan.window[1] for m in item.months)
            if item.kind == ItemKind.HEADING:
                assert item.budget is None and not item.months
    for message in reading.errors + reading.warnings:
        assert isinstance(message, str) and message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(rows=sheet_rows, with_header=st.booleans(), months=st.integers(min_value=6, max_value=16),
       fills=st.lists(st.tuples(st.integers(1, 30), st.integers(1, 20)), max_size=10),
       merges=st.lists(st.tuples(st.integers(1, 30), st.integers(1, 20), st.integers(0, 2), st.integers(0, 4)),
                       max_size=4))
def test_made_up_workbooks_are_read_or_refused(tmp_path_factory, rows, with_header, months, fills, merges):
    path = tmp_path_factory.mktemp("fuzz") / "f.xlsx"
    path.write_bytes(_workbook(rows, with_header, months, fills, merges))
    try:
        reading = read_workbook(path)
    except ValidationError:
        return
    _check_reading(reading)


@functools.lru_cache(maxsize=1)
def _good_bytes() -> bytes:
    """Made once: a saved workbook carries its save time, and hypothesis replays need the same bytes."""
    good = io.BytesIO()
    office_workbook().save(good)
    return good.getvalue()


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_broken_files_are_refused_not_crashed(tmp_path_factory, data):
    raw = _good_bytes()
    kind = data.draw(st.sampled_from(["truncate", "flip", "random", "csv", "shuffle_zip"]))
    if kind == "truncate":
        broken = raw[:data.draw(st.integers(0, len(raw) - 1))]
    elif kind == "flip":
        broken = bytearray(raw)
        for _ in range(data.draw(st.integers(1, 20))):
            broken[data.draw(st.integers(0, len(raw) - 1))] ^= data.draw(st.integers(1, 255))
        broken = bytes(broken)
    elif kind == "random":
        broken = data.draw(st.binary(max_size=4000))
    elif kind == "csv":
        broken = "กิจกรรม,ต.ค.,พ.ย.\n1) ก,→,\n".encode() * data.draw(st.integers(0, 50))
    else:  # a valid zip whose parts are damaged or missing
        source = zipfile.ZipFile(io.BytesIO(raw))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name in source.namelist():
                choice = data.draw(st.sampled_from(["keep", "drop", "garble"]))
                if choice == "keep":
                    target.writestr(name, source.read(name))
                elif choice == "garble":
                    target.writestr(name, data.draw(st.binary(max_size=200)))
        broken = out.getvalue()
    path = tmp_path_factory.mktemp("broken") / "b.xlsx"
    path.write_bytes(broken)
    try:
        reading = read_workbook(path)
    except ValidationError as exc:
        assert exc.message
        return
    _check_reading(reading)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(rows=sheet_rows, months=st.integers(min_value=12, max_value=14))
def test_import_of_made_up_plans_is_all_or_nothing(tmp_path_factory, sqlite_template, rows, months):
    import shutil

    from app.services.workspace import open_workspace

    folder = tmp_path_factory.mktemp("imp")
    db = folder / "ws.plandesk"
    shutil.copyfile(sqlite_template, db)
    path = folder / "f.xlsx"
    path.write_bytes(_workbook([["1) เริ่ม", "→"], *rows], True, months, [], []))
    try:
        reading = read_workbook(path)
    except ValidationError:
        return
    _check_reading(reading)
    ws = open_workspace(db)
    try:
        try:
            with ws.transaction() as session:
                result = import_plan(session, reading)
        except ValidationError:
            result = None
        with ws.session() as session:
            plans = session.scalar(select(func.count()).select_from(Plan))
            items = session.scalar(select(func.count()).select_from(PlanItem))
        if result is None:
            assert (plans, items) == (0, 0)
        else:
            assert plans == 1 and items == sum(1 for _ in reading.plans[0].walk())
    finally:
        ws.close()
