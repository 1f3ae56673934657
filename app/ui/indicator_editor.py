"""The indicator editor: the KPI template (รายละเอียดตัวชี้วัด) of one indicator on tabs, and the
"what if" box under them.

Every field commits on its own when editing is finished (one transaction, one undoable step);
a refused value leaves the database as it was and the Thai message stays under the field.
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFormLayout, QLabel, QScrollArea, QTabWidget, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from app.models import IndicatorKind
from app.services import scoring
from app.services.errors import PlanDeskError, ValidationError
from app.ui.agreement_commands import SetIndicatorCommand, push
from app.ui.agreement_model import AgreementModel, indicator_label, plain_number
from app.ui.indicator_fields import ComboField, Field, LineField, TextField
from app.ui.indicator_rounds import RoundsTab
from app.ui.indicator_scheme import SchemeTab
from app.ui.indicator_tables import TableField
from app.ui.indicator_whatif import WhatIfBox

KINDS = [(IndicatorKind.CONTINUING.value, "ตัวชี้วัดต่อเนื่อง"), (IndicatorKind.NEW.value, "ตัวชี้วัดใหม่"),
         ("", "ไม่ระบุ")]
DIRECTIONS = [("higher", "ยิ่งมากยิ่งดี"), ("lower", "ยิ่งน้อยยิ่งดี")]
NUMBER_FIELDS = ("weight", "deduction_points")   # shown as plain numbers, "" for none
EMPTY_IS_NONE = ("kind", "deduction_points")
PEOPLE_WIDTHS = (110, 220, 260)
TAB_TITLES = ("นิยามและสูตร", "เป้าหมายและเกณฑ์", "ข้อมูลพื้นฐานและค่าเป้าหมายระยะยาว", "รอบและขั้นตอน",
              "ผู้รับผิดชอบ")


def scroll_page(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(content)
    return area


def form_page() -> tuple[QWidget, QFormLayout]:
    page = QWidget()
    form = QFormLayout(page)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    return page, form


def _shown(field: str, value):
    """A stored value as its field shows it."""
    if field in NUMBER_FIELDS:
        return plain_number(value)
    if isinstance(value, tuple):
        return list(value)
    return "" if value is None else value


def _same(field: str, stored, shown) -> bool:
    if field in NUMBER_FIELDS and shown and stored is not None:
        try:
            return scoring.decimal(shown) == Decimal(stored)
        except PlanDeskError:
            return False
    return _shown(field, stored) == shown


class IndicatorEditor(QWidget):
    sig_message = Signal(str)   # status-bar text

    def __init__(self, model: AgreementModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.indicator_id: int | None = None
        self.fields: dict[str, Field] = {}

        self.heading = QLabel()
        self.heading.setObjectName("indicatorHeading")
        self.heading.setWordWrap(True)
        self.tabs = QTabWidget()
        self.scheme_tab = SchemeTab(self)
        self.rounds_tab = RoundsTab(self)
        self.people = QTreeWidget()
        self.people.setHeaderLabels(["บทบาท", "ชื่อ", "ตำแหน่ง", "โทรศัพท์"])
        self.people.setRootIsDecorated(False)
        for page, title in zip((self._definition_page(), self.scheme_tab.build(), self._history_page(),
                                self.rounds_tab.build(), self._people_page()), TAB_TITLES):
            self.tabs.addTab(page, title)
        self.what_if = WhatIfBox()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.what_if)
        model.sig_changed.connect(self.reload)
        self.show_indicator(None)

    # ---- pages -------------------------------------------------------------------------
    def _add(self, form: QFormLayout, name: str, label: str, field: Field) -> Field:
        self.fields[name] = field
        field.sig_commit.connect(lambda: self.commit_field(name))
        form.addRow(label, field)
        return field

    def _definition_page(self) -> QWidget:
        page, form = form_page()
        a = self._add
        a(form, "number", "ตัวชี้วัดที่", LineField("เช่น 4 หรือ 1.2"))
        a(form, "name", "ชื่อตัวชี้วัด", TextField(2, enter_commits=True))
        a(form, "kind", "ประเภท", ComboField(KINDS))
        a(form, "weight", "น้ำหนัก (ร้อยละ)", LineField("0–100"))
        a(form, "owner_unit", "หน่วยงานเจ้าภาพ", LineField())
        a(form, "description", "คำอธิบาย", TextField(4))
        a(form, "definitions", "นิยาม (บรรทัดละข้อ)", TextField(3, as_list=True))
        a(form, "formula", "สูตรการคำนวณ", TextField(2, enter_commits=True))
        a(form, "unit_of_measure", "หน่วยวัด", LineField("เช่น ร้อยละ ระดับ ครั้ง"))
        a(form, "direction", "ทิศทาง", ComboField(DIRECTIONS))
        a(form, "data_source", "แหล่งข้อมูล", TextField(2, enter_commits=True))
        a(form, "benefits", "ประโยชน์ที่จะได้รับ (บรรทัดละข้อ)", TextField(2, as_list=True))
        a(form, "remarks", "หมายเหตุ", TextField(2))
        return scroll_page(page)

    def _history_page(self) -> QWidget:
        page, form = form_page()
        self.baseline = TableField([("year", "ปีงบประมาณ", True), ("result", "ผลการดำเนินงาน", True),
                                    ("unit", "หน่วย", True)], "เพิ่มปี", "ลบปีที่เลือก", stretch=1)
        self.roadmap = TableField([("year", "ปีงบประมาณ", True), ("target", "ค่าเป้าหมาย", True)],
                                  "เพิ่มปี", "ลบปีที่เลือก")
        for name, label, table in (("baseline", "ข้อมูลพื้นฐาน", self.baseline),
                                   ("roadmap", "แผนระยะยาว / Roadmap", self.roadmap)):
            self.fields[name] = table
            table.sig_commit.connect(lambda name=name: self.commit_years(name))
            table.add_button.clicked.connect(lambda _=False, name=name: self.add_year(name))
            form.addRow(QLabel(f"<b>{label}</b>"))
            form.addRow(table)
        return scroll_page(page)

    def _people_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel("ผู้กำกับดูแลตัวชี้วัดและผู้จัดเก็บข้อมูล (ดูอย่างเดียว)")
        layout.addWidget(note)
        layout.addWidget(self.people, 1)
        return page

    # ---- showing -----------------------------------------------------------------------
    def indicator(self):
        if self.indicator_id is None or not self.model.has_indicator(self.indicator_id):
            return None
        return self.model.indicator(self.indicator_id)

    def show_indicator(self, indicator_id: int | None) -> None:
        if indicator_id != self.indicator_id:
            focus = self.focusWidget()
            if focus is not None and self.isAncestorOf(focus):
                focus.clearFocus()  # commits a field being typed in, to the indicator it belongs to
            for field in self._all_fields():
                field.clear_error()
        self.indicator_id = indicator_id
        self.reload()

    def _all_fields(self) -> list[Field]:
        return list(self.fields.values()) + self.scheme_tab.fields() + self.rounds_tab.fields()

    def reload(self) -> None:
        indicator = self.indicator()
        self.tabs.setEnabled(indicator is not None)
        self.what_if.setEnabled(indicator is not None)
        self.what_if.set_indicator(indicator)
        if indicator is None:
            self.heading.setText("<b>เลือกตัวชี้วัดจากกรอบการประเมินด้านซ้ายเพื่อแก้ไขรายละเอียด</b>")
            return
        category = self.model.category(indicator.category_id)
        kind = dict(KINDS).get(indicator.kind or "", "")
        self.heading.setText(f"<b>ตัวชี้วัดที่ {indicator_label(indicator)}</b><br>"
                             f"{category.name} · น้ำหนัก {plain_number(indicator.weight)}"
                             + (f" · {kind}" if indicator.kind else ""))
        for name, field in self.fields.items():
            if name in ("baseline", "roadmap"):
                field.set_value([dict(r) for r in getattr(indicator, name)])
            else:
                field.set_value(_shown(name, getattr(indicator, name)))
        self.scheme_tab.load(indicator)
        self.rounds_tab.load(indicator)
        self.people.clear()
        for role, people in (("ผู้กำกับดูแล", indicator.supervisors), ("ผู้จัดเก็บข้อมูล", indicator.collectors)):
            for person in people:
                phones = " / ".join(p for p in (person.phone_office, person.phone_mobile) if p)
                QTreeWidgetItem(self.people, [role, person.name, person.position, phones])
        if not self.people.topLevelItemCount():
            QTreeWidgetItem(self.people, ["", "ยังไม่ได้ระบุผู้กำกับดูแลหรือผู้จัดเก็บข้อมูล", "", ""]).setDisabled(True)
        for column, least in enumerate(PEOPLE_WIDTHS):
            self.people.setColumnWidth(column, max(least, self.people.sizeHintForColumn(column)))

    # ---- committing --------------------------------------------------------------------
    def push_fields(self, fields: dict, widget: Field, text: str | None = None) -> bool:
        """One undoable change of this indicator; a refusal is shown under `widget`."""
        if self.indicator() is None:
            return False
        if push(self.model.undo_stack, SetIndicatorCommand(self.model, self.indicator_id, fields, text)):
            widget.clear_error()
            return True
        self.refuse(widget, self.model.last_error)
        return False

    def refuse(self, widget: Field, message: str) -> None:
        widget.show_error(message)
        self.sig_message.emit(message)

    def commit_field(self, name: str) -> bool:
        indicator = self.indicator()
        if indicator is None:
            return False
        field = self.fields[name]
        shown = field.value()
        if _same(name, getattr(indicator, name), shown):
            field.clear_error()
            return False
        value = None if name in EMPTY_IS_NONE and shown == "" else shown
        return self.push_fields({name: value}, field)

    def commit_years(self, name: str) -> bool:
        indicator = self.indicator()
        if indicator is None:
            return False
        table = self.fields[name]
        try:
            rows = [dict(row, year=_be_year(row.get("year"))) for row in table.value()]
        except ValidationError as exc:
            self.refuse(table, exc.message)
            return False
        if rows == [dict(r) for r in getattr(indicator, name)]:
            table.clear_error()
            return False
        return self.push_fields({name: rows}, table)

    def add_year(self, name: str) -> None:
        indicator = self.indicator()
        if indicator is None:
            return
        years = [r.get("year") for r in getattr(indicator, name) if isinstance(r.get("year"), int)]
        be_year = self.model.agreement.be_year
        default = be_year - 1 if name == "baseline" else be_year
        row = {"year": max(years) + 1 if years else default}
        row.update({"result": "", "unit": ""} if name == "baseline" else {"target": ""})
        self.fields[name].append(row)


def _be_year(value) -> int:
    text = str(value if value is not None else "").strip().translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    if not text.isdigit() or not 2400 <= int(text) <= 2800:
        raise ValidationError(f"ปีงบประมาณ “{value}” ต้องเป็นปี พ.ศ. สี่หลัก เช่น 2566")
    return int(text)
