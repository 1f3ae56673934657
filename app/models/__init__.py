"""SQLAlchemy ORM for the PlanDesk workspace. No Qt here."""
from app.models.base import Base, Money
from app.models.org import OrgUnit, Person
from app.models.plan import FiscalYear, ItemKind, Plan, PlanItem, PlanItemMonth, WorkspaceInfo
from app.models.report import AttachmentBlob, AuditEntry, ReportAttachment, ReportEvidence, RoundReport
from app.models.progress import PlanItemActualMonth, PlanItemProgress
from app.models.strategy import (StrategyDimension, StrategyGoal, StrategyKpi, StrategyPlan, StrategyProject,
                                 StrategyResult, StrategyRound)
from app.models.appeal import Appeal, Memo
from app.models.users import UserRole, WorkspaceUser
from app.models.agreement import (Agreement, EvaluationRound, FrameworkCategory, Indicator, IndicatorKind,
                                  IndicatorPerson, RoundTarget)

__all__ = [
    "Base", "Money", "OrgUnit", "Person", "FiscalYear", "ItemKind", "Plan", "PlanItem",
    "PlanItemMonth", "WorkspaceInfo", "Agreement", "EvaluationRound", "FrameworkCategory", "Indicator",
    "IndicatorKind", "IndicatorPerson", "RoundTarget", "RoundReport", "ReportEvidence", "AuditEntry",
    "AttachmentBlob", "ReportAttachment", "PlanItemProgress", "PlanItemActualMonth", "StrategyPlan",
    "StrategyRound", "StrategyDimension", "StrategyGoal", "StrategyProject", "StrategyKpi", "StrategyResult",
    "Appeal", "Memo", "UserRole", "WorkspaceUser",
]
