"""ผู้ใช้และสิทธิ์: the workspace's users and roles (issue 7; rules in app/services/permissions.py).

Everyone sees the list and their own role; only planners change it (the buttons say why when
disabled). Each change is one unit of work; a refused one leaves the list as it was.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app.services import permissions
from app.services.errors import PlanDeskError
from app.services.workspace import Workspace

HEADERS = ("ชื่อเข้าระบบ", "ชื่อ-นามสกุล", "สิทธิ์", "หน่วยงาน")
HELP = ("ยังไม่มีรายชื่อ: ทุกคนที่เปิดพื้นที่ทำงานนี้เป็นผู้วางแผน (ใช้คนเดียว) — เพิ่มตัวคุณเองเป็นผู้วางแผนก่อน "
        "แล้วจึงเพิ่มเจ้าหน้าที่ของหน่วยงาน")
RULES = ("ผู้วางแผน: แก้ไขได้ทุกอย่าง ตรวจ/ล็อกและเปิดแก้ไขรายงาน จัดการรายชื่อผู้ใช้\n"
         "เจ้าหน้าที่: กรอกและส่งรายงานผลตัวชี้วัดของหน่วยงานตนเอง (หน่วยงานตรงกับผู้รับผิดชอบตัวชี้วัด) "
         "หรือที่ตนเป็นผู้จัดเก็บข้อมูล/ผู้กำกับดูแล (ชื่อ-นามสกุลตรงกัน) เท่านั้น")


class UserForm(QDialog):
    def __init__(self, parent=None, user: permissions.UserData | None = None):
        super().__init__(parent)
        self.setWindowTitle("แก้ไขผู้ใช้" if user else "เพิ่มผู้ใช้")
        self.login = QLineEdit(user.login if user else "")
        self.login.setReadOnly(user is not None)
        self.login.setPlaceholderText("ชื่อผู้ใช้ของเครื่อง เช่น somchai")
        self.name = QLineEdit(user.display_name if user else "")
        self.role = QComboBox()
        for value, label in permissions.ROLE_LABELS.items():
            self.role.addItem(label, value)
        if user:
            self.role.setCurrentIndex(self.role.findData(user.role))
        self.unit = QLineEdit(user.unit if user else "")
        self.unit.setPlaceholderText("ตามที่เขียนในช่องผู้รับผิดชอบของตัวชี้วัด")
        form = QFormLayout(self)
        form.addRow("ชื่อเข้าระบบ", self.login)
        form.addRow("ชื่อ-นามสกุล", self.name)
        form.addRow("สิทธิ์", self.role)
        form.addRow("หน่วยงาน", self.unit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict:
        return dict(login=self.login.text(), display_name=self.name.text(), role=self.role.currentData(),
                    unit=self.unit.text())


class UsersDialog(QDialog):
    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle("ผู้ใช้และสิทธิ์")
        self.resize(720, 420)
        self.me = QLabel()
        self.me.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.doubleClicked.connect(lambda _i: self.edit_user())
        self.help = QLabel()
        self.help.setWordWrap(True)
        rules = QLabel(RULES)
        rules.setWordWrap(True)
        self.add_button = QPushButton("เพิ่ม…")
        self.edit_button = QPushButton("แก้ไข…")
        self.remove_button = QPushButton("ลบ")
        self.add_button.clicked.connect(lambda: self.add_user())
        self.edit_button.clicked.connect(lambda: self.edit_user())
        self.remove_button.clicked.connect(lambda: self.remove_user())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        bar = QWidget()
        bar.setLayout(row)
        layout = QVBoxLayout(self)
        for widget in (self.me, self.table, self.help, rules, bar):
            layout.addWidget(widget)
        self.users: list[permissions.UserData] = []
        self.reload()

    def reload(self) -> None:
        with self.ws.session() as session:
            self.users = permissions.list_users(session)
            user = permissions.who(session)
        self.me.setText(f"คุณคือ: {user.label}")
        self.table.setRowCount(len(self.users))
        for row, u in enumerate(self.users):
            for column, value in enumerate((u.login, u.display_name, u.role_label, u.unit)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.help.setText(HELP if not self.users else "")
        self.help.setVisible(not self.users)
        why = "" if user.is_planner else permissions.planner_only(user, "รายชื่อผู้ใช้และสิทธิ์")
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setEnabled(user.is_planner)
            button.setToolTip(why)

    def selected(self) -> permissions.UserData | None:
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def _run(self, action) -> bool:
        try:
            with self.ws.transaction() as session:
                action(session)
        except PlanDeskError as exc:
            QMessageBox.warning(self, "ผู้ใช้และสิทธิ์", exc.message)
            return False
        self.reload()
        return True

    def save(self, values: dict) -> bool:
        return self._run(lambda s: permissions.set_user(s, **values))

    def add_user(self, values: dict | None = None) -> bool:
        if values is None:
            form = UserForm(self)
            if form.exec() != QDialog.DialogCode.Accepted:
                return False
            values = form.values()
        return self.save(values)

    def edit_user(self, values: dict | None = None) -> bool:
        user = self.selected()
        if user is None:
            return False
        if values is None:
            form = UserForm(self, user)
            if form.exec() != QDialog.DialogCode.Accepted:
                return False
            values = form.values()
        return self.save(values)

    def remove_user(self, confirm: bool = True) -> bool:
        user = self.selected()
        if user is None:
            return False
        if confirm and QMessageBox.question(self, "ผู้ใช้และสิทธิ์", f"ลบผู้ใช้ “{user.login}”?") \
                != QMessageBox.StandardButton.Yes:
            return False
        return self._run(lambda s: permissions.remove_user(s, user.login))


def open_users_dialog(window) -> None:
    UsersDialog(window.ws, window).exec()
