"""The ข้อมูลคำรับรอง tab: who receives and makes the agreement, the signing dates, the six clauses,
the evaluation rounds and the context pages (vision, missions, …).

Like the indicator editor, each field commits on its own (one transaction, one undoable step); a
refused value leaves the database as it was and the Thai message stays under the field.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from app.services.agreements import CONTEXT_LABELS, CONTEXT_LISTS
from app.services.thai_format import thai_digits
from app.ui.agreement_commands import SetAgreementCommand, push
from app.ui.agreement_model import AgreementModel
from app.ui.agreement_rounds import RoundsEditor
from app.ui.be_date import BEDateEdit
from app.ui.indicator_fields import Field, LineField, TextField

NOT_SIGNED = "ยังไม่ลงนาม"
PARTY_FIELDS = ("receiver_name", "receiver_position", "maker_name", "maker_position")


def _years_from(d: dt.date, years: int) -> dt.date:
    return d.replace(year=d.year + years, day=min(d.day, 28) if d.month == 2 else d.day)


class SigningField(Field):
    """A BE date with a "ยังไม่ลงนาม" button; commits on Enter, on leaving it, on a calendar pick."""

    def __init__(self, earliest: dt.date, latest: dt.date, parent=None):
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.date_edit = BEDateEdit(earliest, latest, NOT_SIGNED)
        self.date_edit.setMinimumWidth(150)
        self.clear_button = QPushButton("ล้างวันที่")
        self.clear_button.setToolTip("ล้างวันที่ลงนาม")
        row.addWidget(self.date_edit)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        super().__init__(box, parent)
        self.date_edit.editingFinished.connect(self.sig_commit)
        self.date_edit.calendarWidget().clicked.connect(lambda _: self.sig_commit.emit())
        self.clear_button.clicked.connect(self._clear)

    def _clear(self) -> None:
        self.date_edit.set_date_value(None)
        self.sig_commit.emit()

    def value(self) -> dt.date | None:
        return self.date_edit.date_value()

    def set_value(self, value) -> None:
        self.date_edit.set_date_value(value)


def group(title: str) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    return box, form


class AgreementHeader(QWidget):
    sig_message = Signal(str)   # status-bar text

    def __init__(self, model: AgreementModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.fields: dict[str, Field] = {}
        a = model.agreement
        earliest, latest = _years_from(a.period_start, -1), _years_from(a.period_end, 1)

        parties, form = group("ผู้รับคำรับรองและผู้ทำคำรับรอง")
        for name, label in zip(PARTY_FIELDS, ("ผู้รับคำรับรอง", "ตำแหน่ง", "ผู้ทำคำรับรอง", "ตำแหน่ง")):
            field = LineField("ชื่อ-นามสกุล" if name.endswith("_name") else "ตำแหน่ง")
            self._add(form, name, label, field, lambda n=name: self.commit_parties(n))

        signing, form = group("การลงนาม (ปี พ.ศ.)")
        for name, label in (("receiver", "ผู้รับคำรับรองลงนาม"), ("maker", "ผู้ทำคำรับรองลงนาม")):
            self._add(form, f"signed_{name}", label, SigningField(earliest, latest),
                      lambda n=name: self.commit_signing(n))

        self.rounds = RoundsEditor(model)
        self.rounds.sig_message.connect(self.sig_message)
        rounds_box = QGroupBox("รอบการประเมิน")
        QVBoxLayout(rounds_box).addWidget(self.rounds)

        clauses, form = group("ข้อความคำรับรอง ๖ ข้อ")
        self.standard_button = QPushButton("ใช้ข้อความมาตรฐาน")
        self.standard_button.setToolTip("แทนทั้ง ๖ ข้อด้วยข้อความมาตรฐาน โดยใส่ชื่อและตำแหน่งปัจจุบัน")
        self.standard_button.clicked.connect(self.use_standard_clauses)
        form.addRow(self.standard_button)
        for number in range(1, 7):
            self._add(form, f"clause_{number}", f"ข้อ {thai_digits(str(number))}",
                      TextField(5 if number == 4 else 3),
                      lambda n=number: self.commit_clause(n))

        context, form = group("บริบท: วิสัยทัศน์ พันธกิจ ประเด็นยุทธศาสตร์ กลยุทธ์")
        self.context_combo = QComboBox()
        self.context_combo.currentIndexChanged.connect(lambda _: self.show_context())
        self.add_context_button = QPushButton("เพิ่มชุด")
        self.add_context_button.clicked.connect(self.add_context)
        self.delete_context_button = QPushButton("ลบชุดนี้")
        self.delete_context_button.clicked.connect(self.delete_context)
        chooser = QWidget()
        row = QHBoxLayout(chooser)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.context_combo, 1)
        row.addWidget(self.add_context_button)
        row.addWidget(self.delete_context_button)
        form.addRow("ชุดที่", chooser)
        self._add(form, "context_owner", "เจ้าของ", LineField("เช่น ชื่อหน่วยงาน"),
                  lambda: self.commit_context("owner"))
        self._add(form, "context_title", "หัวเรื่อง", LineField(), lambda: self.commit_context("title"))
        for key in CONTEXT_LISTS:
            self._add(form, f"context_{key}", f"{CONTEXT_LABELS[key]}\n(บรรทัดละข้อ)", TextField(3, as_list=True),
                      lambda k=key: self.commit_context(k))

        content = QWidget()
        columns = QHBoxLayout(content)
        left, right = QVBoxLayout(), QVBoxLayout()
        for box in (parties, signing, rounds_box):
            left.addWidget(box)
        left.addStretch(1)
        for box in (clauses, context):
            right.addWidget(box)
        right.addStretch(1)
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(area)
        model.sig_changed.connect(self.reload)
        self.reload()

    def _add(self, form: QFormLayout, name: str, label: str, field: Field, commit) -> None:
        self.fields[name] = field
        field.sig_commit.connect(commit)
        form.addRow(label, field)

    # ---- showing -----------------------------------------------------------------------
    def reload(self) -> None:
        parties = self.model.agreement_value("parties")
        for name in PARTY_FIELDS:
            self.fields[name].set_value(parties[name])
        signing = self.model.agreement_value("signing")
        for name in ("receiver", "maker"):
            self.fields[f"signed_{name}"].set_value(signing[name])
        clauses = list(self.model.agreement.clauses) + [""] * 6
        for number in range(1, 7):
            self.fields[f"clause_{number}"].set_value(clauses[number - 1])
        self._fill_context_combo()
        self.rounds.reload()

    def _fill_context_combo(self) -> None:
        context = self.model.agreement.context
        current = max(self.context_combo.currentIndex(), 0)
        labels = [f"{thai_digits(str(n))}. {e.get('owner') or e.get('title') or ''}" for n, e in enumerate(context, 1)]
        if [self.context_combo.itemText(i) for i in range(self.context_combo.count())] != labels:
            self.context_combo.blockSignals(True)
            self.context_combo.clear()
            self.context_combo.addItems(labels)
            self.context_combo.setCurrentIndex(min(current, len(labels) - 1))
            self.context_combo.blockSignals(False)
        self.show_context()

    def context_index(self) -> int | None:
        index = self.context_combo.currentIndex()
        return index if 0 <= index < len(self.model.agreement.context) else None

    def show_context(self) -> None:
        index = self.context_index()
        entry = self.model.agreement.context[index] if index is not None else {}
        for name in ("owner", "title", *CONTEXT_LISTS):
            field = self.fields[f"context_{name}"]
            field.setEnabled(index is not None)
            value = entry.get(name)
            field.set_value(list(value or []) if name in CONTEXT_LISTS else (value or ""))
        self.delete_context_button.setEnabled(index is not None)

    # ---- committing --------------------------------------------------------------------
    def push_value(self, field: str, value, widget: Field | None, text: str | None = None) -> bool:
        if value == self.model.agreement_value(field):
            if widget is not None:
                widget.clear_error()
            return False
        if push(self.model.undo_stack, SetAgreementCommand(self.model, field, value, text)):
            if widget is not None:
                widget.clear_error()
            return True
        if widget is not None:
            widget.show_error(self.model.last_error)
        self.sig_message.emit(self.model.last_error)
        return False

    def commit_parties(self, name: str) -> bool:
        value = self.model.agreement_value("parties")
        value[name] = self.fields[name].value()
        return self.push_value("parties", value, self.fields[name])

    def commit_signing(self, name: str) -> bool:
        field = self.fields[f"signed_{name}"]
        value = self.model.agreement_value("signing")
        value[name] = field.value()
        return self.push_value("signing", value, field)

    def commit_clause(self, number: int) -> bool:
        value = self.model.agreement_value("clauses")
        value += [""] * (6 - len(value))
        value[number - 1] = self.fields[f"clause_{number}"].value()
        return self.push_value("clauses", value, self.fields[f"clause_{number}"], f"แก้ไขข้อ {number} ของคำรับรอง")

    def use_standard_clauses(self) -> bool:
        standard = self.model.standard_clauses()
        if standard is None:
            self.sig_message.emit(self.model.last_error)
            return False
        done = self.push_value("clauses", standard, None, "ใช้ข้อความมาตรฐาน")
        for number in range(1, 7):
            self.fields[f"clause_{number}"].clear_error()
        self.sig_message.emit("ใช้ข้อความมาตรฐานแล้ว" if done else "ข้อความเป็นข้อความมาตรฐานอยู่แล้ว")
        return done

    def commit_context(self, key: str) -> bool:
        index = self.context_index()
        if index is None:
            return False
        field = self.fields[f"context_{key}"]
        value = self.model.agreement_value("context")
        value[index] = dict(value[index], **{key: field.value()})
        return self.push_value("context", value, field)

    def add_context(self) -> bool:
        value = self.model.agreement_value("context")
        value.append({"owner": self.model.agreement.unit_name, "title": "", **{k: [] for k in CONTEXT_LISTS}})
        if self.push_value("context", value, None, "เพิ่มชุดบริบท"):
            self.context_combo.setCurrentIndex(len(value) - 1)
            return True
        return False

    def delete_context(self) -> bool:
        index = self.context_index()
        if index is None:
            return False
        value = self.model.agreement_value("context")
        del value[index]
        return self.push_value("context", value, None, "ลบชุดบริบท")
