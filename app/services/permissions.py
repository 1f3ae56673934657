"""Roles on a shared workspace (issue 7): planners do everything, officers fill their own reports.

Who is who: the `workspace_user` table (login, display name, role, unit), managed by planners in
the "ผู้ใช้และสิทธิ์" dialog. The current user is the OS login (`reports.current_user()`, which the
PLANDESK_USER environment variable overrides — tests and shared accounts).

Rules:
- No users defined at all → everyone is a planner (single-user offices keep working unchanged).
- Users defined, login not among them → may read, may change nothing (an officer of no unit).
- planner (ผู้วางแผน): everything, including review/lock and reopen, plans, agreements, strategy
  plans, appeals, memos and the user list.
- officer (เจ้าหน้าที่): only the round reports (with their evidence and attached files) of
  indicators that are theirs: the indicator's owner unit (ผู้รับผิดชอบ) is the officer's unit —
  the same text, or one of several units written in it separated by "," "/" ";" or "และ" — or the
  officer's display name is one of the indicator's data collectors or supervisors (seed 001 names
  them: they are the people who fill the form). An officer may submit such a report, never
  review/lock it or reopen it. A reviewed (locked) report, and any agreement (signed or not), can
  only be changed by a planner.

Enforced for every unit of work, not by the screens: a `before_flush` hook checks every row a
session is about to write, and a `do_orm_execute` hook checks bulk INSERT/UPDATE/DELETE statements,
so no service can write past the rules; refusals are a Thai PermissionDenied (nothing is changed).
The screens ask `who()` / `report_refusal()` to disable what the role cannot do and say why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.models import (Indicator, IndicatorPerson, Person, ReportAttachment, ReportEvidence, RoundReport, UserRole,
                        WorkspaceUser)
from app.services.errors import NotFoundError, PermissionDenied, ValidationError

ROLE_LABELS = {UserRole.PLANNER.value: "ผู้วางแผน (planner)", UserRole.OFFICER.value: "เจ้าหน้าที่ (officer)"}
# Rows an officer may write at all (which reports exactly is checked row by row).
OFFICER_TABLES = {"round_report", "report_evidence", "report_attachment", "attachment_blob", "audit_log"}
TABLE_WHAT = {
    "plan": "แผนปฏิบัติการ", "plan_item": "แผนปฏิบัติการ", "plan_item_month": "แผนปฏิบัติการ",
    "plan_item_progress": "ผลการดำเนินงานตามแผน", "plan_item_actual_month": "ผลการดำเนินงานตามแผน",
    "agreement": "คำรับรองการปฏิบัติราชการ", "evaluation_round": "รอบการประเมิน", "framework_category": "กรอบการประเมิน",
    "indicator": "ตัวชี้วัด", "indicator_person": "ตัวชี้วัด", "round_target": "เป้าหมายของรอบ",
    "workspace_user": "รายชื่อผู้ใช้และสิทธิ์", "appeal": "อุทธรณ์", "memo": "บันทึกข้อความ",
}
_INFO_KEY = "plandesk_who"
_SPLIT = re.compile(r"\s*(?:,|/|;|\n|\bและ)\s*")


@dataclass(frozen=True)
class Who:
    login: str
    role: str            # "planner" or "officer"
    unit: str = ""
    display_name: str = ""
    defined: bool = False   # the workspace has a user list at all
    known: bool = False     # this login is on it

    @property
    def is_planner(self) -> bool:
        return self.role == UserRole.PLANNER.value

    @property
    def label(self) -> str:
        """“somchai — เจ้าหน้าที่ (officer) กองการเจ้าหน้าที่” for the status bar."""
        if not self.defined:
            return f"{self.login} — {ROLE_LABELS['planner']} (ยังไม่ได้กำหนดผู้ใช้)"
        if not self.known:
            return f"{self.login} — ไม่อยู่ในรายชื่อผู้ใช้ (ดูได้อย่างเดียว)"
        unit = f" {self.unit}" if self.unit and not self.is_planner else ""
        return f"{self.display_name or self.login} — {ROLE_LABELS[self.role]}{unit}"


def current_login() -> str:
    from app.services.reports import current_user

    return current_user()


def _norm(text: str) -> str:
    return " ".join((text or "").split())


def who(session: Session, login: str | None = None) -> Who:
    """The role of `login` (default: the current user) on this workspace."""
    login = login or current_login()
    cache = session.info.setdefault(_INFO_KEY, {})
    if login in cache:
        return cache[login]
    with session.no_autoflush:
        row = session.execute(select(WorkspaceUser.role, WorkspaceUser.unit, WorkspaceUser.display_name)
                              .where(WorkspaceUser.login == login)).first()
        if row is not None:
            found = Who(login, row.role, row.unit, row.display_name, defined=True, known=True)
        elif session.scalar(select(WorkspaceUser.login).limit(1)) is None:
            found = Who(login, UserRole.PLANNER.value)
        else:
            found = Who(login, UserRole.OFFICER.value, defined=True)
    cache[login] = found
    return found


def forget(session: Session) -> None:
    """The user list changed within this session: look roles up again."""
    session.info.pop(_INFO_KEY, None)


def planner_only(user: Who, what: str) -> str:
    if not user.known:
        return (f"ผู้ใช้ “{user.login}” ไม่อยู่ในรายชื่อผู้ใช้ของพื้นที่ทำงานนี้ จึงแก้ไข{what}ไม่ได้ "
                "— ขอให้ผู้วางแผนเพิ่มชื่อในเมนู ผู้ใช้และสิทธิ์")
    return (f"แก้ไข{what}ได้เฉพาะผู้วางแผน (planner) — ผู้ใช้ “{user.login}” เป็นเจ้าหน้าที่ (officer)")


def require_planner(session: Session, what: str) -> None:
    user = who(session)
    if not user.is_planner:
        raise PermissionDenied(planner_only(user, what))


# ---- reports ------------------------------------------------------------------------------------
def unit_matches(user_unit: str, owner_unit: str) -> bool:
    """The officer's unit is the indicator's owner unit, or one of the units written in it."""
    unit = _norm(user_unit)
    if not unit:
        return False
    owner = _norm(owner_unit)
    return unit == owner or unit in {_norm(part) for part in _SPLIT.split(owner) if part.strip()}


def indicator_refusal(session: Session, indicator_id: int, user: Who | None = None) -> str | None:
    """Why the user may not fill this indicator's reports (None: they may)."""
    user = user or who(session)
    if user.is_planner:
        return None
    if not user.known:
        return planner_only(user, "รายงานผลตัวชี้วัด")
    with session.no_autoflush:
        indicator = session.get(Indicator, indicator_id)
        if indicator is None:
            raise NotFoundError("ไม่พบตัวชี้วัดนี้ (อาจถูกลบไปแล้ว)")
        if unit_matches(user.unit, indicator.owner_unit):
            return None
        names = {_norm(n) for n in session.scalars(select(Person.name).join(IndicatorPerson,
                                                                             IndicatorPerson.person_id == Person.id)
                                                    .where(IndicatorPerson.indicator_id == indicator_id))}
    if user.display_name and _norm(user.display_name) in names:
        return None
    owner = indicator.owner_unit.strip() or "ไม่ได้ระบุหน่วยงาน"
    return (f"รายงานของตัวชี้วัด “{indicator.number} {indicator.name[:60]}” เป็นของ{owner} — เจ้าหน้าที่ "
            f"“{user.login}” ({user.unit or 'ไม่ได้ระบุหน่วยงาน'}) แก้ไขได้เฉพาะรายงานของหน่วยงานตนเอง "
            "หรือที่ตนเป็นผู้จัดเก็บข้อมูล/ผู้กำกับดูแล")


def report_refusal(session: Session, report_id: int) -> str | None:
    """Why the current user may not change this report now (None: they may)."""
    report = session.get(RoundReport, report_id)
    if report is None:
        raise NotFoundError("ไม่พบรายงานนี้ (อาจถูกลบไปแล้ว)")
    return indicator_refusal(session, report.indicator_id)


def _check_report(session: Session, user: Who, report: RoundReport | None) -> None:
    if report is None:
        return
    reason = indicator_refusal(session, report.indicator_id, user)
    if reason:
        raise PermissionDenied(reason)
    state = inspect(report).attrs.state.history
    before = state.deleted[0] if state.deleted else (state.unchanged[0] if state.unchanged else None)
    after = report.state
    if after == "reviewed" and before != "reviewed":
        raise PermissionDenied(f"ตรวจและล็อกรายงานได้เฉพาะผู้วางแผน (planner) — ผู้ใช้ “{user.login}” เป็นเจ้าหน้าที่ (officer)")
    if before in ("submitted", "reviewed") and after == "draft":
        raise PermissionDenied(f"เปิดแก้ไขรายงานที่ส่งหรือตรวจแล้วได้เฉพาะผู้วางแผน (planner) — ผู้ใช้ “{user.login}” "
                               "เป็นเจ้าหน้าที่ (officer)")
    if before == "reviewed":
        raise PermissionDenied("รายงานนี้ตรวจแล้วและถูกล็อก — เปลี่ยนแปลงได้เฉพาะผู้วางแผน (planner)")


# ---- the hooks ----------------------------------------------------------------------------------
def _before_flush(session: Session, _context, _instances) -> None:
    pending = [*session.new, *session.dirty, *session.deleted]
    if not pending:
        return
    user = who(session)
    if user.is_planner:
        return
    for obj in pending:
        if obj in session.dirty and not session.is_modified(obj):
            continue
        table = obj.__table__.name
        if table in ("audit_log", "attachment_blob"):
            continue
        if table == "round_report":
            _check_report(session, user, obj)
        elif table in ("report_evidence", "report_attachment"):
            with session.no_autoflush:
                _check_report(session, user, session.get(RoundReport, obj.report_id))
        else:
            raise PermissionDenied(planner_only(user, TABLE_WHAT.get(table, "ข้อมูลนี้")))


def _on_execute(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name is None or name in OFFICER_TABLES:   # row-level rules for these run in _before_flush
        return
    user = who(state.session)
    if not user.is_planner:
        raise PermissionDenied(planner_only(user, TABLE_WHAT.get(name, "ข้อมูลนี้")))


event.listen(Session, "before_flush", _before_flush)
event.listen(Session, "do_orm_execute", _on_execute)


# ---- the user list ------------------------------------------------------------------------------
@dataclass(frozen=True)
class UserData:
    login: str
    display_name: str
    role: str
    unit: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def list_users(session: Session) -> list[UserData]:
    return [UserData(u.login, u.display_name, u.role, u.unit)
            for u in session.scalars(select(WorkspaceUser).order_by(WorkspaceUser.role.desc(), WorkspaceUser.login))]


def _check_list(session: Session, users: dict[str, UserData]) -> None:
    """After a change: either no list at all, or the current user is still a planner on it (so the one
    managing it cannot lock everyone out)."""
    if not users:
        return
    me = current_login()
    if me not in users or users[me].role != UserRole.PLANNER.value:
        raise ValidationError(f"ผู้ใช้ปัจจุบัน “{me}” ต้องอยู่ในรายชื่อเป็นผู้วางแผน (planner) — มิฉะนั้นจะไม่มีใคร"
                              "จัดการรายชื่อผู้ใช้ต่อได้ (ลบรายชื่อทั้งหมดเพื่อกลับไปใช้คนเดียว)")


def set_user(session: Session, login: str, display_name: str = "", role: str = UserRole.OFFICER.value,
             unit: str = "") -> None:
    """Add a user or change one (planners only)."""
    require_planner(session, TABLE_WHAT["workspace_user"])
    login = (login or "").strip()
    if not login or any(c.isspace() for c in login):
        raise ValidationError(f"ชื่อเข้าระบบ “{login}” ต้องไม่ว่างและไม่มีช่องว่าง (ชื่อผู้ใช้ของเครื่อง เช่น somchai)")
    if role not in ROLE_LABELS:
        raise ValidationError(f"สิทธิ์ “{role}” ไม่ถูกต้อง — เลือก ผู้วางแผน หรือ เจ้าหน้าที่")
    unit, display_name = _norm(unit), _norm(display_name)
    if role == UserRole.OFFICER.value and not unit and not display_name:
        raise ValidationError(f"เจ้าหน้าที่ “{login}” ต้องระบุหน่วยงาน หรือชื่อ-นามสกุลตามที่ปรากฏเป็นผู้จัดเก็บข้อมูล")
    users = {u.login: u for u in list_users(session)}
    users[login] = UserData(login, display_name, role, unit)
    _check_list(session, users)
    row = session.get(WorkspaceUser, login)
    if row is None:
        session.add(WorkspaceUser(login=login, display_name=display_name, role=role, unit=unit))
    else:
        row.display_name, row.role, row.unit = display_name, role, unit
    session.flush()
    forget(session)


def remove_user(session: Session, login: str) -> None:
    require_planner(session, TABLE_WHAT["workspace_user"])
    row = session.get(WorkspaceUser, login)
    if row is None:
        raise NotFoundError(f"ไม่พบผู้ใช้ “{login}”")
    users = {u.login: u for u in list_users(session) if u.login != login}
    _check_list(session, users)
    session.delete(row)
    session.flush()
    forget(session)
