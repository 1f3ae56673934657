"""Agreements (คำรับรองการปฏิบัติราชการ): rounds, framework categories, indicators, their people
and per-round targets.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

from app.models.base import Money


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year_id', sa.Integer(), nullable=False),
    sa.Column('receiver_id', sa.Integer(), nullable=True),
    sa.Column('receiver_position', sa.String(length=300), nullable=False),
    sa.Column('maker_id', sa.Integer(), nullable=True),
    sa.Column('maker_position', sa.String(length=300), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('receiver_signed', sa.Date(), nullable=True),
    sa.Column('maker_signed', sa.Date(), nullable=True),
    sa.Column('clauses', sa.JSON(), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['fiscal_year_id'], ['fiscal_year.id'], name=op.f('fk_agreement_fiscal_year_id_fiscal_year'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['maker_id'], ['person.id'], name=op.f('fk_agreement_maker_id_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['receiver_id'], ['person.id'], name=op.f('fk_agreement_receiver_id_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_agreement_unit_id_org_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement'))
    )
    op.create_table('evaluation_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('months', sa.Integer(), nullable=True),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('cutoff', sa.Date(), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_evaluation_round_agreement_id_agreement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_round'))
    )
    op.create_table('framework_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('weight', Money(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_framework_category_agreement_id_agreement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_framework_category'))
    )
    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('weight', Money(), nullable=False),
    sa.Column('owner_unit', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('definitions', sa.JSON(), nullable=False),
    sa.Column('formula', sa.Text(), nullable=False),
    sa.Column('unit_of_measure', sa.String(length=100), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('data_source', sa.Text(), nullable=False),
    sa.Column('scheme', sa.JSON(), nullable=False),
    sa.Column('criteria_text', sa.Text(), nullable=False),
    sa.Column('targets_remark', sa.Text(), nullable=False),
    sa.Column('conditions', sa.JSON(), nullable=False),
    sa.Column('deduction_points', Money(), nullable=True),
    sa.Column('deduction_rule', sa.Text(), nullable=False),
    sa.Column('benefits', sa.JSON(), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('roadmap', sa.JSON(), nullable=False),
    sa.Column('baseline', sa.JSON(), nullable=False),
    sa.CheckConstraint("direction IN ('higher', 'lower')", name=op.f('ck_indicator_direction')),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_indicator_agreement_id_agreement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['category_id'], ['framework_category.id'], name=op.f('fk_indicator_category_id_framework_category'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator'))
    )
    op.create_table('indicator_person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('supervisor', 'collector')", name=op.f('ck_indicator_person_role')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_person_indicator_id_indicator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_indicator_person_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_person'))
    )
    op.create_table('round_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('steps', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_round_target_indicator_id_indicator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['evaluation_round.id'], name=op.f('fk_round_target_round_id_evaluation_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_target')),
    sa.UniqueConstraint('indicator_id', 'round_id', name='uq_round_target_indicator_round')
    )


def downgrade() -> None:
    op.drop_table('round_target')
    op.drop_table('indicator_person')
    op.drop_table('indicator')
    op.drop_table('framework_category')
    op.drop_table('evaluation_round')
    op.drop_table('agreement')
