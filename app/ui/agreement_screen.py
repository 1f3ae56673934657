"""The agreement screen: heading, then two tabs: the framework editor on the left with the indicator
editor on the right, and ข้อมูลคำรับรอง (parties, signing dates, clauses, rounds, context)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.services.thai_format import date_short
from app.ui.agreement_framework import FrameworkEditor
from app.ui.agreement_header import AgreementHeader
from app.ui.agreement_model import AgreementModel, plain_number
from app.ui.indicator_editor import IndicatorEditor


class AgreementScreen(QWidget):
    sig_message = Signal(str)    # status-bar text
    sig_changed = Signal()       # something was committed (names, numbers and weights may differ)

    def __init__(self, model: AgreementModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.heading = QLabel()
        self.heading.setObjectName("agreementHeading")
        self.heading.setWordWrap(True)
        self.framework = FrameworkEditor(model)
        self.indicator_editor = IndicatorEditor(model)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.framework)
        splitter.addWidget(self.indicator_editor)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([430, 700])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.header = AgreementHeader(model)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(splitter, "กรอบการประเมินและตัวชี้วัด")
        self.tabs.addTab(self.header, "ข้อมูลคำรับรอง")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)

        self.framework.sig_indicator_chosen.connect(self.indicator_editor.show_indicator)
        self.framework.sig_message.connect(self.sig_message)
        self.indicator_editor.sig_message.connect(self.sig_message)
        self.header.sig_message.connect(self.sig_message)
        model.sig_changed.connect(self.sig_changed)
        model.sig_changed.connect(self._refresh_heading)   # names and rounds may have changed
        self._refresh_heading()
        indicators = model.agreement.indicators
        if indicators:  # open on the first indicator rather than an empty editor
            self.show_indicator(indicators[0].id)

    @property
    def agreement_id(self) -> int:
        return self.model.agreement_id

    def _refresh_heading(self) -> None:
        a = self.model.agreement
        people = []
        if a.maker:
            people.append(f"ผู้ทำคำรับรอง {a.maker.name} {a.maker_position}")
        if a.receiver:
            people.append(f"ผู้รับคำรับรอง {a.receiver.name} {a.receiver_position}")
        rounds = " ".join(r.label for r in a.rounds)
        self.heading.setText(
            f"<b>{self.model.title()}</b><br>{' · '.join(people)}<br>"
            f"ระยะเวลา {date_short(a.period_start)} – {date_short(a.period_end)}"
            + (f" · รอบการประเมิน: {rounds}" if rounds else ""))

    def show_indicator(self, indicator_id: int) -> None:
        """Select the indicator in the framework and open it in the indicator editor."""
        self.tabs.setCurrentWidget(self.splitter)
        self.framework.select("indicator", indicator_id)
        self.indicator_editor.show_indicator(indicator_id)

    def summary(self) -> str:
        count = len(self.model.agreement.indicators)
        total = f"น้ำหนักรวม {plain_number(self.model.total_weight())}"
        problems = len(self.model.weight_problems())
        return f"{total} · {count:,} ตัวชี้วัด" + (f" · น้ำหนักไม่ลงตัว {problems} จุด" if problems else "")
