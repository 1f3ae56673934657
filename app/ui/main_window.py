"""The main window: assembles the navigator, the plan editor, menus, toolbar and status bar."""
from __future__ import annotations

import datetime as dt
import importlib

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QSplitter,
                               QStackedWidget, QUndoView, QWidget)

from app import APP_NAME, __version__
from app.models import ItemKind, OrgUnit
from app.services import agreements, fiscal, plans
from app.services.errors import PlanDeskError
from app.services.workspace import Workspace, open_workspace
from app.ui.agreement_model import AgreementModel, indicator_label
from app.ui.agreement_screen import AgreementScreen
from app.ui.dialogs import NewPlanDialog, WindowDialog
from app.ui.navigator import Navigator
from app.ui.plan_commands import WindowCommand
from app.ui.undo import push
from app.ui.plan_editor import PlanEditor
from app.ui.plan_model import PlanItemModel


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, parent=None):
        super().__init__(parent)
        self.ws = workspace
        self.models: dict[int, PlanItemModel] = {}
        self.editors: dict[int, PlanEditor] = {}
        self.agreement_screens: dict[int, AgreementScreen] = {}
        self.round_screens: dict[int, QWidget] = {}   # round id → RoundScreen
        self.undo_group = QUndoGroup(self)
        self.resize(1400, 860)

        self.navigator = Navigator()
        self.stack = QStackedWidget()
        self.placeholder = QLabel("เลือกแผนจากรายการด้านซ้าย หรือสร้างแผนใหม่ (Ctrl+N)")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)
        splitter = QSplitter()
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 1140])
        self.setCentralWidget(splitter)

        self.history = QDockWidget("ประวัติการแก้ไข", self)
        self.history.setObjectName("historyDock")
        undo_view = QUndoView(self.undo_group)
        undo_view.setEmptyLabel("<เปิดแผนหรือคำรับรอง>")
        self.history.setWidget(undo_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history)
        self.history.hide()

        self.total_label = QLabel()
        self.saved_label = QLabel()
        self.statusBar().addPermanentWidget(self.total_label)
        self.statusBar().addPermanentWidget(self.saved_label)

        self._build_actions()
        self.navigator.sig_plan_selected.connect(self.open_plan)
        self.navigator.sig_agreement_selected.connect(self.open_agreement)
        self.navigator.sig_indicator_selected.connect(self.open_indicator)
        self.navigator.sig_round_selected.connect(self.open_round)
        self.navigator.sig_strategy_selected.connect(self.open_strategy)
        self._set_title()
        self.refresh_navigator(select_first=True)
        self._watch_workspace()

    # ---- other users (issue 7) -----------------------------------------------------------
    def _watch_workspace(self) -> None:
        from app.ui.refresh import NOTICE, DataVersionWatcher

        if getattr(self, "watcher", None) is not None:
            self.watcher.stop()
        self.watcher = DataVersionWatcher(self.ws, self)
        self.watcher.sig_external_change.connect(lambda: self.statusBar().showMessage(NOTICE, 15000))

    def refresh_screen(self) -> None:
        """มุมมอง › รีเฟรช (F5): the screen and the navigator again from the database."""
        from app.ui.refresh import refresh_widget

        try:
            refresh_widget(self.stack.currentWidget())
        except PlanDeskError as exc:   # what was on screen is gone (deleted by someone else)
            QMessageBox.warning(self, APP_NAME, exc.message)
        editor, agreement = self.current_editor(), self.current_agreement_screen()
        self.refresh_navigator(select_plan_id=editor.model.plan_id if editor else None,
                               select_agreement_id=agreement.agreement_id if agreement else None)
        self._update_plan_actions()
        self._update_summary()
        self.statusBar().showMessage("แสดงข้อมูลล่าสุดแล้ว", 5000)

    # ---- actions -----------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text)
        action.triggered.connect(slot)
        return action

    def _editor_call(self, method: str, *args):
        def run():
            editor = self.current_editor()
            if editor is None:
                self.statusBar().showMessage("ยังไม่ได้เปิดแผน", 4000)
                return None
            return getattr(editor, method)(*args)
        return run

    def _print_call(self, module: str, name: str):
        """app.ui.<module>.<name>(window, workspace, plan info) for the plan on screen; imported
        on first use, which keeps the PDF engine out of start-up."""
        def run():
            editor = self.current_editor()
            if editor is None:
                return None
            function = getattr(importlib.import_module(f"app.ui.{module}"), name)
            return function(self, self.ws, editor.model.info)
        return run

    def _build_actions(self) -> None:
        a = self._action
        self.act_open = a("เปิดพื้นที่ทำงาน…", self.choose_workspace, QKeySequence.StandardKey.Open)
        self.act_new_ws = a("สร้างพื้นที่ทำงานใหม่…", self.create_workspace)
        self.act_demo = a("เปิดพื้นที่ทำงานตัวอย่าง", self.open_demo)
        self.act_new_plan = a("แผนใหม่…", self.new_plan, QKeySequence.StandardKey.New)
        self.act_new_agreement = a("คำรับรองใหม่…", self.new_agreement,
                                   tip="สร้างคำรับรองการปฏิบัติราชการของหน่วยงานสำหรับปีงบประมาณ")
        self.act_import_excel = a("นำเข้าแผนจาก Excel…", self.import_excel,
                                  tip="อ่านแผนจากไฟล์ .xlsx ของสำนักงาน ดูตัวอย่างก่อน แล้วนำเข้าทั้งแผนในครั้งเดียว")
        self.act_copy_next = a("คัดลอกแผนไปปีงบประมาณถัดไป", self.copy_to_next_year,
                               tip="สร้างแผนปีถัดไปจากแผนนี้: เดือนเลื่อนไป 12 เดือน งบประมาณคงเดิม")
        self.act_window = a("ช่วงเดือนของแผน…", self.change_window)
        self.act_rename = a("เปลี่ยนชื่อแผน…", self.rename_plan)
        self.act_delete_plan = a("ลบแผน…", self.delete_plan)
        self.act_preview = a("ตัวอย่างก่อนพิมพ์…", self._print_call("print_preview", "open_preview"),
                             "Ctrl+Shift+P")
        self.act_export_pdf = a("ส่งออก PDF…", self._print_call("print_jobs", "export_plan_pdf"), "Ctrl+E")
        self.act_print = a("พิมพ์…", self._print_call("print_jobs", "print_plan"), QKeySequence.StandardKey.Print)
        self.act_export_excel = a("ส่งออก Excel…", lambda: importlib.import_module("app.ui.excel_exports")
                                  .export_current(self),
                                  tip="แผน กรอบการประเมินของคำรับรอง หรือผลคะแนนของรอบที่เปิดอยู่ เป็นไฟล์ .xlsx")
        self.act_export_agreement = a("ส่งออกคำรับรองเป็น PDF…", self._agreement_export("agreement"),
                                      tip="คำรับรองการปฏิบัติราชการพร้อมลงนาม (เลขไทย)")
        self.act_export_kpi = a("ส่งออกรายละเอียดตัวชี้วัดเป็น PDF…", self._agreement_export("kpi-templates"),
                                tip="รายละเอียดตัวชี้วัด (KPI Template) ทุกตัว หน้าละตัว")
        # Issue 5: app/ui/progress_exports.py and app/ui/strategy_tree_edit.py, imported on first use.
        self.act_export_progress = a("ส่งออกรายงานผลการดำเนินงานตามแผน (PDF)…",
                                     self._print_call("progress_exports", "export_progress_pdf"),
                                     tip="มาตรการ/กิจกรรมของแผน ผลการดำเนินงาน ระยะเวลา และสถานะ (แบบฟอร์มต้นฉบับ 003)")
        self.act_new_strategy = a("สร้างแผนกลยุทธ์ใหม่…", lambda: importlib.import_module(
            "app.ui.strategy_tree_edit").new_strategy_plan(self),
            tip="แผนกลยุทธ์ (มิติ › เป้าประสงค์ › โครงการ › ตัวชี้วัด) ของหน่วยงานสำหรับปีงบประมาณ")
        self.act_progress_view = a("แสดงผลการดำเนินงาน", self._set_progress_view,
                                   tip="ตารางแผนแสดงเดือนที่ดำเนินการจริงและสถานะของกิจกรรม (Ctrl+Shift+R)")
        self.act_progress_view.setCheckable(True)
        self.act_quit = a("ออก", self.close, QKeySequence.StandardKey.Quit)
        # Issue 7: app/ui/backup_dialogs.py, imported on first use.
        self.backup_actions = [
            a("สำรองข้อมูลเดี๋ยวนี้", self._backup_call("back_up_now"),
              tip="สำเนาพื้นที่ทำงานลงโฟลเดอร์ <ชื่อ>.backups ข้างไฟล์ (สำรองให้เองทุกครั้งที่เปิดด้วย)"),
            a("กู้คืนจากสำเนา…", self._backup_call("restore_from_backup"),
              tip="นำสำเนากลับมาใช้แทนข้อมูลปัจจุบัน ข้อมูลปัจจุบันถูกสำรองไว้ก่อน"),
            a("ส่งออกพื้นที่ทำงานเป็นไฟล์เดียว…", self._backup_call("export_workspace"),
              tip="ไฟล์ .zip ไฟล์เดียวที่มีข้อมูลและหลักฐานทั้งหมด เพื่อย้ายไปเครื่องอื่น"),
            a("นำเข้าพื้นที่ทำงานจากไฟล์…", self._backup_call("import_workspace"),
              tip="เปิดไฟล์ .zip ที่ส่งออกจาก PlanDesk เป็นพื้นที่ทำงาน")]

        self.act_undo = self.undo_group.createUndoAction(self, "เลิกทำ")
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = self.undo_group.createRedoAction(self, "ทำซ้ำ")
        self.act_redo.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Y")])
        self.act_history = self.history.toggleViewAction()
        self.act_history.setText("ประวัติการแก้ไข")
        self.act_copy = a("คัดลอกแถว", self._editor_call("copy_rows"), QKeySequence.StandardKey.Copy)
        self.act_paste = a("วาง", self._editor_call("paste"), QKeySequence.StandardKey.Paste)
        self.act_find = a("ค้นหา/กรอง", self.focus_filter, QKeySequence.StandardKey.Find)

        self.act_insert_above = a("แทรกแถวด้านบน", self._editor_call("insert_row", "above"), "Shift+Insert")
        self.act_insert_below = a("แทรกแถวด้านล่าง", self._editor_call("insert_row", "below"), "Insert")
        self.act_add_child = a("เพิ่มรายการย่อย", self._editor_call("insert_row", "child"), "Ctrl+Insert")
        self.act_duplicate = a("ทำสำเนาแถว", self._editor_call("duplicate"), "Ctrl+D")
        self.act_delete = a("ลบแถว", self._editor_call("delete_rows"), "Ctrl+Delete")
        self.act_up = a("เลื่อนขึ้น", self._editor_call("move_up"), "Alt+Shift+Up")
        self.act_down = a("เลื่อนลง", self._editor_call("move_down"), "Alt+Shift+Down")
        self.act_indent = a("เยื้องเข้า", self._editor_call("indent"), "Alt+Shift+Right")
        self.act_outdent = a("เยื้องออก", self._editor_call("outdent"), "Alt+Shift+Left")
        self.act_kinds = {kind: a(label, self._editor_call("set_kind", kind)) for kind, label in (
            (ItemKind.HEADING, "หัวข้อ (มีเลขลำดับ ไม่มีเดือน/งบของตัวเอง)"),
            (ItemKind.ACTIVITY, "กิจกรรม/ขั้นตอน (มีเลขลำดับ)"),
            (ItemKind.BULLET, "รายการย่อย “-” (ไม่มีเลขลำดับ)"))}
        self.act_expand = a("ขยายทั้งหมด", self._editor_call_view("expandAll"))
        self.act_collapse = a("ยุบทั้งหมด", self._editor_call_view("collapseAll"))
        self.act_about = a("เกี่ยวกับ PlanDesk", self.about)

        # Issue 7: other users' changes (app/ui/refresh.py) and who may do what (app/ui/users_dialog.py).
        self.act_refresh = a("รีเฟรช", self.refresh_screen, "F5",
                             tip="แสดงข้อมูลล่าสุดจากฐานข้อมูล รวมถึงการแก้ไขของผู้ใช้อื่น")
        self.act_users = a("ผู้ใช้และสิทธิ์…", lambda: importlib.import_module("app.ui.users_dialog")
                           .open_users_dialog(self), tip="ผู้วางแผนและเจ้าหน้าที่ที่ใช้ฐานข้อมูลร่วมกัน")
        menu = self.menuBar()
        file_menu = menu.addMenu("ไฟล์")
        for act in (self.act_open, self.act_new_ws, self.act_demo, None, self.act_new_plan, self.act_new_agreement, self.act_new_strategy, self.act_import_excel, self.act_copy_next,
                    self.act_window, self.act_rename, self.act_delete_plan, None, self.act_preview,
                    self.act_export_pdf, self.act_export_excel, self.act_print, self.act_export_progress, None,
                    self.act_export_agreement,
                    self.act_export_kpi,
                    None, *self.backup_actions, None, self.act_users, None, self.act_quit):
            file_menu.addSeparator() if act is None else file_menu.addAction(act)
        edit_menu = menu.addMenu("แก้ไข")
        for act in (self.act_undo, self.act_redo, self.act_history, None, self.act_copy, self.act_paste,
                    None, self.act_find):
            edit_menu.addSeparator() if act is None else edit_menu.addAction(act)
        row_menu = menu.addMenu("แถว")
        for act in (self.act_insert_above, self.act_insert_below, self.act_add_child, self.act_duplicate,
                    self.act_delete, None, self.act_up, self.act_down, self.act_indent, self.act_outdent):
            row_menu.addSeparator() if act is None else row_menu.addAction(act)
        kind_menu = row_menu.addMenu("เปลี่ยนประเภทแถว")
        for act in self.act_kinds.values():
            kind_menu.addAction(act)
        view_menu = menu.addMenu("มุมมอง")
        view_menu.addAction(self.act_expand)
        view_menu.addAction(self.act_collapse)
        view_menu.addSeparator()
        view_menu.addAction(self.act_progress_view)
        view_menu.addSeparator()
        view_menu.addAction(self.act_refresh)
        menu.addMenu("ช่วยเหลือ").addAction(self.act_about)

        toolbar = self.addToolBar("เครื่องมือ")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (self.act_new_plan, None, self.act_preview, self.act_export_pdf, None, self.act_undo,
                    self.act_redo, None, self.act_insert_below, self.act_add_child, self.act_delete, None,
                    self.act_up, self.act_down, self.act_outdent, self.act_indent):
            toolbar.addSeparator() if act is None else toolbar.addAction(act)
        self._update_plan_actions()

    def _backup_call(self, name: str):
        def run():
            from app.ui import backup_dialogs

            return getattr(backup_dialogs, name)(self)
        return run

    def _editor_call_view(self, method: str):
        def run():
            editor = self.current_editor()
            if editor is not None:
                getattr(editor.view, method)()
        return run

    def _update_plan_actions(self) -> None:
        has_plan = self.current_editor() is not None
        for act in (self.act_copy_next, self.act_window, self.act_rename, self.act_delete_plan, self.act_preview,
                    self.act_export_pdf, self.act_print, self.act_copy,
                    self.act_paste, self.act_insert_above, self.act_insert_below, self.act_add_child,
                    self.act_duplicate, self.act_delete, self.act_up, self.act_down, self.act_indent,
                    self.act_outdent, self.act_find, *self.act_kinds.values(), self.act_export_progress,
                    self.act_progress_view):
            act.setEnabled(has_plan)
        editor = self.current_editor()
        if editor is not None and editor.model.read_only_reason:   # issue 7: an officer may only read plans
            for act in (self.act_copy_next, self.act_window, self.act_rename, self.act_delete_plan, self.act_paste,
                        self.act_insert_above, self.act_insert_below, self.act_add_child, self.act_duplicate,
                        self.act_delete, self.act_up, self.act_down, self.act_indent, self.act_outdent,
                        *self.act_kinds.values()):
                act.setEnabled(False)
        self._sync_progress_view()
        has_agreement = self.current_agreement_screen() is not None
        for act in (self.act_export_agreement, self.act_export_kpi):
            act.setEnabled(has_agreement)
        self.act_export_excel.setEnabled(has_plan or has_agreement
                                         or isinstance(getattr(self.stack.currentWidget(), "round_id", None), int))

    def _set_progress_view(self, on: bool) -> None:
        editor = self.current_editor()
        if editor is not None:
            editor.act_progress.setChecked(on)   # the editor's own toggle; it calls back _sync_progress_view

    def _sync_progress_view(self, *_) -> None:
        """มุมมอง › แสดงผลการดำเนินงาน shows the toggle of the plan on screen."""
        editor = self.current_editor()
        self.act_progress_view.blockSignals(True)
        self.act_progress_view.setChecked(editor is not None and editor.act_progress.isChecked())
        self.act_progress_view.blockSignals(False)

    # ---- plans -------------------------------------------------------------------------
    def current_editor(self) -> PlanEditor | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, PlanEditor) else None

    def refresh_navigator(self, select_plan_id: int | None = None, select_first: bool = False,
                          select_agreement_id: int | None = None) -> None:
        with self.ws.session() as session:
            summaries = plans.list_plans(session)
            agreement_entries = [
                (a, [(i.id, indicator_label(i)) for i in agreements.load_agreement(session, a.id).indicators])
                for a in agreements.list_agreements(session)]
            from app.ui.round_screen import navigator_rounds
            rounds = navigator_rounds(session)
            from app.services import strategy
            strategies = strategy.list_plans(session)
        if select_plan_id is None and select_agreement_id is None and select_first and summaries:
            select_plan_id = summaries[0].id
        self.navigator.show_plans(summaries, select_plan_id, agreement_entries, select_agreement_id, rounds=rounds,
                                  strategies=strategies)

    def open_plan(self, plan_id: int) -> PlanEditor | None:
        editor = self.editors.get(plan_id)
        if editor is None:
            try:
                model = PlanItemModel(self.ws, plan_id)
            except PlanDeskError as exc:
                QMessageBox.warning(self, APP_NAME, exc.message)
                self.refresh_navigator()
                return None
            editor = PlanEditor(model)
            editor.sig_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            editor.sig_changed.connect(self._on_committed)
            editor.act_progress.toggled.connect(self._sync_progress_view)
            editor.set_context_actions([
                self.act_insert_above, self.act_insert_below, self.act_add_child, self.act_duplicate,
                None, self.act_copy, self.act_paste, None, self.act_up, self.act_down, self.act_indent,
                self.act_outdent, None, *self.act_kinds.values(), None, self.act_delete])
            model.undo_stack.setUndoLimit(0)
            self.undo_group.addStack(model.undo_stack)
            self.models[plan_id], self.editors[plan_id] = model, editor
            self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        self.undo_group.setActiveStack(editor.model.undo_stack)
        self._update_plan_actions()
        self._update_summary()
        return editor

    def _on_committed(self) -> None:
        self.saved_label.setText(f"บันทึกแล้ว {dt.datetime.now():%H:%M:%S}")
        self._update_summary()

    def _update_summary(self) -> None:
        screen = self.stack.currentWidget()
        self.total_label.setText(screen.summary() if hasattr(screen, "summary") else "")

    # ---- agreements --------------------------------------------------------------------
    def _agreement_export(self, document: str):
        def run():
            screen = self.current_agreement_screen()
            if screen is None:
                self.statusBar().showMessage("เปิดคำรับรองก่อนส่งออก", 4000)
                return None
            from app.ui.agreement_exports import export_agreement_document

            agreement = screen.model.agreement
            return export_agreement_document(self, self.ws, agreement.id, agreement.be_year, agreement.unit_name,
                                             document)
        return run

    def current_agreement_screen(self) -> AgreementScreen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, AgreementScreen) else None

    def open_agreement(self, agreement_id: int) -> AgreementScreen | None:
        screen = self.agreement_screens.get(agreement_id)
        if screen is None:
            try:
                model = AgreementModel(self.ws, agreement_id)
            except PlanDeskError as exc:
                QMessageBox.warning(self, APP_NAME, exc.message)
                self.refresh_navigator()
                return None
            screen = AgreementScreen(model)
            screen.sig_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            screen.sig_changed.connect(self._on_committed)
            screen.sig_changed.connect(lambda: self._agreement_changed(agreement_id))
            model.undo_stack.setUndoLimit(0)
            self.undo_group.addStack(model.undo_stack)
            self.agreement_screens[agreement_id] = screen
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self.undo_group.setActiveStack(screen.model.undo_stack)
        self._update_plan_actions()
        self._update_summary()
        return screen

    def open_strategy(self, plan_id: int):
        """A strategy plan (seed 004) on its own screen, kept like agreements are."""
        from app.ui.strategy_screen import StrategyScreen

        screens = self.__dict__.setdefault("strategy_screens", {})
        screen = screens.get(plan_id)
        if screen is None:
            try:
                screen = StrategyScreen(self.ws, plan_id)
            except PlanDeskError as exc:
                QMessageBox.warning(self, APP_NAME, exc.message)
                self.refresh_navigator()
                return None
            screen.sig_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            screen.sig_changed.connect(self._on_committed)
            screen.undo_stack.setUndoLimit(0)
            self.undo_group.addStack(screen.undo_stack)
            screens[plan_id] = screen
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self.undo_group.setActiveStack(screen.undo_stack)
        self._update_plan_actions()
        self._update_summary()
        return screen

    def open_indicator(self, agreement_id: int, indicator_id: int) -> AgreementScreen | None:
        screen = self.open_agreement(agreement_id)
        if screen is not None and screen.model.has_indicator(indicator_id):
            screen.show_indicator(indicator_id)
        return screen

    def _agreement_changed(self, agreement_id: int) -> None:
        """Numbers and names of indicators may differ: the navigator shows them again."""
        screen = self.agreement_screens.get(agreement_id)
        if screen is not None:
            self.navigator.set_indicators(
                agreement_id, [(i.id, indicator_label(i)) for i in screen.model.agreement.indicators])
            from app.ui.round_screen import round_tooltip

            rounds = screen.model.agreement.rounds
            self.navigator.set_rounds(agreement_id, [(r.id, r.label, round_tooltip(r.label, r.start, r.cutoff, r.due))
                                                     for r in rounds])
            kept = {r.id for r in rounds}
            for round_id in [r for r in self.round_screens if r not in kept
                             and self.round_screens[r].agreement_id == agreement_id]:
                self._close_round(round_id)   # its round was deleted (or its adding undone)

    # ---- rounds (round reports) ---------------------------------------------------------
    def open_round(self, round_id: int):
        """The round screen (dashboard and the indicators' reports) in the central area."""
        from app.ui.round_screen import RoundScreen

        screen = self.round_screens.get(round_id)
        if screen is None:
            try:
                screen = RoundScreen(self.ws, round_id)
            except PlanDeskError as exc:
                QMessageBox.warning(self, APP_NAME, exc.message)
                self.refresh_navigator()
                return None
            screen.sig_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            screen.sig_changed.connect(self._on_committed)
            screen.undo_stack.setUndoLimit(0)
            self.undo_group.addStack(screen.undo_stack)
            self.round_screens[round_id] = screen
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self.undo_group.setActiveStack(screen.undo_stack)
        self._update_plan_actions()
        self._update_summary()
        return screen

    def _close_round(self, round_id: int) -> None:
        screen = self.round_screens.pop(round_id, None)
        if screen is not None:
            self.undo_group.removeStack(screen.undo_stack)
            self.stack.removeWidget(screen)
            screen.deleteLater()

    def _close_agreement(self, agreement_id: int) -> None:
        screen = self.agreement_screens.pop(agreement_id, None)
        if screen is not None:
            self.undo_group.removeStack(screen.model.undo_stack)
            self.stack.removeWidget(screen)
            screen.deleteLater()
        self.stack.setCurrentWidget(self.placeholder)

    def _close_plan(self, plan_id: int) -> None:
        editor = self.editors.pop(plan_id, None)
        model = self.models.pop(plan_id, None)
        if editor is not None:
            self.undo_group.removeStack(model.undo_stack)
            self.stack.removeWidget(editor)
            editor.deleteLater()
        self.stack.setCurrentWidget(self.placeholder)
        self._update_plan_actions()

    def _plan_call(self, action) -> object | None:
        try:
            with self.ws.transaction() as session:
                return action(session)
        except PlanDeskError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message)
            return None

    def new_plan(self) -> None:
        with self.ws.session() as session:
            units = sorted({u.name for u in session.query(OrgUnit)})
        editor = self.current_editor()
        default_unit = editor.model.info.unit_name if editor else (units[0] if units else "")
        dialog = NewPlanDialog(units, default_unit, fiscal.fiscal_year_of(dt.date.today()), self)
        if dialog.exec() != NewPlanDialog.DialogCode.Accepted:
            return
        unit_name, be_year, title = dialog.values()

        def create(session):
            return plans.create_plan(session, plans.get_or_create_unit(session, unit_name), be_year, title)

        plan_id = self._plan_call(create)
        if plan_id:
            self.refresh_navigator(plan_id)

    def new_agreement(self) -> int | None:
        from app.ui.agreement_dialogs import NewAgreementDialog, create_from_dialog

        with self.ws.session() as session:
            units = sorted({u.name for u in session.query(OrgUnit)})
        screen = self.current_agreement_screen()
        default_unit = screen.model.agreement.unit_name if screen else (units[0] if units else "")
        dialog = NewAgreementDialog(units, default_unit, fiscal.fiscal_year_of(dt.date.today()), self)
        if dialog.exec() != NewAgreementDialog.DialogCode.Accepted:
            return None
        values = dialog.values()
        agreement_id = self._plan_call(lambda s: create_from_dialog(s, values))
        if agreement_id:
            self.refresh_navigator(select_agreement_id=agreement_id)
            self.open_agreement(agreement_id)
        return agreement_id

    def import_excel(self) -> int | None:
        from app.ui.import_dialog import open_import_dialog

        return open_import_dialog(self)

    def copy_to_next_year(self) -> int | None:
        editor = self.current_editor()
        if editor is None:
            return None
        new_id = self._plan_call(lambda s: plans.copy_to_next_year(s, editor.model.plan_id))
        if new_id:
            self.refresh_navigator(new_id)
            self.statusBar().showMessage("คัดลอกแผนไปปีงบประมาณถัดไปแล้ว", 8000)
        return new_id

    def change_window(self) -> None:
        editor = self.current_editor()
        if editor is None:
            return
        info = editor.model.info
        dialog = WindowDialog(info.be_year, info.window_start, info.window_end, self)
        if dialog.exec() == WindowDialog.DialogCode.Accepted:
            start, end = dialog.window()
            if (start, end) != (info.window_start, info.window_end):
                push(editor.model.undo_stack, WindowCommand(editor.model, start, end))

    def rename_plan(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        editor = self.current_editor()
        if editor is None:
            return
        title, ok = QInputDialog.getText(self, "เปลี่ยนชื่อแผน", "ชื่อแผน", text=editor.model.info.title)
        if ok and self._plan_call(lambda s: plans.rename_plan(s, editor.model.plan_id, title)) is not False:
            editor.model.reload()
            self.refresh_navigator(editor.model.plan_id)

    def delete_plan(self) -> None:
        editor = self.current_editor()
        if editor is None:
            return
        info = editor.model.info
        answer = QMessageBox.question(
            self, "ลบแผน", f"ลบแผน “{info.title}” ทั้งแผนหรือไม่?\nการลบแผนเลิกทำไม่ได้")
        if answer == QMessageBox.StandardButton.Yes:
            self._plan_call(lambda s: plans.delete_plan(s, info.id))
            self._close_plan(info.id)
            self.refresh_navigator(select_first=True)

    def focus_filter(self) -> None:
        editor = self.current_editor()
        if editor is not None:
            editor.filter_edit.setFocus()
            editor.filter_edit.selectAll()

    # ---- workspaces --------------------------------------------------------------------
    def _set_title(self) -> None:
        self.setWindowTitle(f"{APP_NAME} — {self.ws.display_name}")
        if self.ws.backup_path:
            QTimer.singleShot(0, lambda: self.statusBar().showMessage(
                f"ปรับรุ่นพื้นที่ทำงานแล้ว สำรองไฟล์เดิมไว้ที่ {self.ws.backup_path}", 15000))

    def switch_workspace(self, db) -> bool:
        try:
            workspace = open_workspace(db)
        except PlanDeskError as exc:
            QMessageBox.critical(self, APP_NAME, exc.message)
            return False
        for plan_id in list(self.editors):
            self._close_plan(plan_id)
        for round_id in list(self.round_screens):
            self._close_round(round_id)
        for agreement_id in list(self.agreement_screens):
            self._close_agreement(agreement_id)
        self.ws.close()
        self.ws = workspace
        if workspace.path:
            QSettings().setValue("workspace/last", str(workspace.path))
        self._set_title()
        self.refresh_navigator(select_first=True)
        self._watch_workspace()
        return True

    def choose_workspace(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "เปิดพื้นที่ทำงาน", "",
                                              "พื้นที่ทำงาน PlanDesk (*.plandesk);;ทุกไฟล์ (*)")
        if path:
            self.switch_workspace(path)

    def create_workspace(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "สร้างพื้นที่ทำงานใหม่", "งานแผน.plandesk",
                                              "พื้นที่ทำงาน PlanDesk (*.plandesk)")
        if path:
            if not path.endswith(".plandesk"):
                path += ".plandesk"
            self.switch_workspace(path)

    def open_demo(self) -> None:
        from app.services.demo import ensure_demo_workspace

        try:
            path = ensure_demo_workspace()
        except PlanDeskError as exc:
            QMessageBox.critical(self, APP_NAME, exc.message)
            return
        self.switch_workspace(path)

    def about(self) -> None:
        QMessageBox.about(self, "เกี่ยวกับ PlanDesk",
                          f"<b>PlanDesk {__version__}</b><br>แผนปฏิบัติการประจำปีงบประมาณ ตัวชี้วัด "
                          "และคำรับรองการปฏิบัติราชการ<br>สำหรับกลุ่มพัฒนาระบบบริหาร<br><br>"
                          f"พื้นที่ทำงาน: {self.ws.display_name}<br>ทุกการแก้ไขบันทึกทันที ไม่ต้องกดบันทึก")

    def closeEvent(self, event) -> None:
        # Every edit is already committed; closing only releases the database.
        self.watcher.stop()
        self.ws.close()
        super().closeEvent(event)
