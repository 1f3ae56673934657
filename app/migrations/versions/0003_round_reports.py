"""Round reports on indicators (seed 001), their evidence references, and the audit log.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

from app.models.base import Money


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=200), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_table('round_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('result', sa.String(length=200), nullable=False),
    sa.Column('numerator', sa.String(length=50), nullable=False),
    sa.Column('denominator', sa.String(length=50), nullable=False),
    sa.Column('parts', sa.JSON(), nullable=False),
    sa.Column('steps_done', sa.JSON(), nullable=False),
    sa.Column('deduct', sa.Boolean(), nullable=False),
    sa.Column('levels_done', sa.JSON(), nullable=False),
    sa.Column('actions', sa.Text(), nullable=False),
    sa.Column('supporting_factors', sa.Text(), nullable=False),
    sa.Column('obstacles', sa.Text(), nullable=False),
    sa.Column('suggestions', sa.Text(), nullable=False),
    sa.Column('budget_disbursed', Money(), nullable=True),
    sa.Column('preparer_name', sa.String(length=300), nullable=False),
    sa.Column('preparer_position', sa.String(length=300), nullable=False),
    sa.Column('prepared_on', sa.Date(), nullable=True),
    sa.Column('score', sa.String(length=30), nullable=False),
    sa.Column('weighted', sa.String(length=30), nullable=False),
    sa.CheckConstraint("state IN ('draft', 'submitted', 'reviewed')", name=op.f('ck_round_report_state')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_round_report_indicator_id_indicator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['evaluation_round.id'], name=op.f('fk_round_report_round_id_evaluation_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_report')),
    sa.UniqueConstraint('indicator_id', 'round_id', name='uq_round_report_indicator_round')
    )
    op.create_table('report_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('reference', sa.String(length=300), nullable=False),
    sa.Column('dated', sa.Date(), nullable=True),
    sa.Column('link', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['round_report.id'], name=op.f('fk_report_evidence_report_id_round_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_evidence'))
    )


def downgrade() -> None:
    op.drop_table('report_evidence')
    op.drop_table('round_report')
    op.drop_table('audit_log')
