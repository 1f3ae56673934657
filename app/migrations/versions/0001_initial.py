"""Initial workspace: units, people, fiscal years, plans and plan items.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

from app.models.base import Money

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspace_info",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.bulk_insert(
        sa.table("workspace_info", sa.column("key"), sa.column("value")),
        [{"key": "application", "value": "PlanDesk"}],
    )
    op.create_table(
        "org_unit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("abbreviation", sa.String(60), nullable=True),
        sa.Column("parent_id", sa.Integer(),
                  sa.ForeignKey("org_unit.id", ondelete="RESTRICT",
                                name="fk_org_unit_parent_id_org_unit"), nullable=True),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("position", sa.String(300), nullable=False),
        sa.Column("phone_office", sa.String(100), nullable=False),
        sa.Column("phone_mobile", sa.String(100), nullable=False),
        sa.Column("unit_id", sa.Integer(),
                  sa.ForeignKey("org_unit.id", ondelete="SET NULL",
                                name="fk_person_unit_id_org_unit"), nullable=True),
    )
    op.create_table(
        "fiscal_year",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("be_year", sa.Integer(), nullable=False),
        sa.UniqueConstraint("be_year", name="uq_fiscal_year_be_year"),
        sa.CheckConstraint("be_year BETWEEN 2400 AND 2800", name="ck_fiscal_year_be_range"),
    )
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(),
                  sa.ForeignKey("org_unit.id", ondelete="RESTRICT", name="fk_plan_unit_id_org_unit"),
                  nullable=False),
        sa.Column("fiscal_year_id", sa.Integer(),
                  sa.ForeignKey("fiscal_year.id", ondelete="RESTRICT",
                                name="fk_plan_fiscal_year_id_fiscal_year"), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("window_start", sa.Date(), nullable=False),
        sa.Column("window_end", sa.Date(), nullable=False),
        sa.CheckConstraint("window_start <= window_end", name="ck_plan_window_order"),
    )
    op.create_table(
        "plan_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(),
                  sa.ForeignKey("plan.id", ondelete="CASCADE", name="fk_plan_item_plan_id_plan"),
                  nullable=False),
        sa.Column("parent_id", sa.Integer(),
                  sa.ForeignKey("plan_item.id", ondelete="CASCADE",
                                name="fk_plan_item_parent_id_plan_item"), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("deliverable", sa.Text(), nullable=False),
        sa.Column("budget", Money(), nullable=True),
        sa.Column("responsible", sa.Text(), nullable=False),
        sa.Column("related", sa.Text(), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('heading', 'activity', 'bullet')", name="ck_plan_item_kind"),
    )
    op.create_index("ix_plan_item_plan_parent_pos", "plan_item", ["plan_id", "parent_id", "position"])
    op.create_table(
        "plan_item_month",
        sa.Column("item_id", sa.Integer(),
                  sa.ForeignKey("plan_item.id", ondelete="CASCADE",
                                name="fk_plan_item_month_item_id_plan_item"), primary_key=True),
        sa.Column("month", sa.Date(), primary_key=True),
    )


def downgrade() -> None:
    for table in ("plan_item_month", "plan_item", "plan", "fiscal_year", "person", "org_unit",
                  "workspace_info"):
        op.drop_table(table)
