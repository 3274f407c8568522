"""Prospecting campaigns: cadence templates and steps, enrolments, planned and logged touches,
the rep's days off.

Revision ID: campaign1
Revises: search1
Create Date: 2026-12-01 21:16:50

The built-in templates are not written here: the program adds them the first time
campaigns are used, so a template the rep edits stays theirs.
"""

import sqlalchemy as sa
from alembic import op

revision = 'campaign1'
down_revision = 'search1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cadence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('tier', sa.Enum('A', 'B', 'C', name='tier', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cadence')),
    sa.UniqueConstraint('name', name=op.f('uq_cadence_name'))
    )
    op.create_table('day_off',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_day_off'))
    )
    op.create_table('cadence_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadence_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('day_offset', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('phone', 'email', 'letter', 'courier', 'gift', 'book', 'social', 'meeting', 'other', name='channel', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('script', sa.Text(), nullable=False),
    sa.Column('item', sa.String(length=200), nullable=False),
    sa.Column('cost', sa.Float(), nullable=False),
    sa.Column('lead_days', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cadence_id'], ['cadence.id'], name=op.f('fk_cadence_step_cadence_id_cadence'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cadence_step'))
    )
    with op.batch_alter_table('cadence_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cadence_step_cadence_id'), ['cadence_id'], unique=False)

    op.create_table('enrolment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('stakeholder_id', sa.Integer(), nullable=False),
    sa.Column('cadence_id', sa.Integer(), nullable=True),
    sa.Column('cadence_name', sa.String(length=120), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('state', sa.Enum('active', 'paused', 'stopped', 'finished', name='enrolment_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('paused_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_enrolment_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cadence_id'], ['cadence.id'], name=op.f('fk_enrolment_cadence_id_cadence'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholder.id'], name=op.f('fk_enrolment_stakeholder_id_stakeholder'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolment'))
    )
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolment_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolment_cadence_id'), ['cadence_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolment_stakeholder_id'), ['stakeholder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolment_state'), ['state'], unique=False)

    op.create_table('touch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('stakeholder_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('phone', 'email', 'letter', 'courier', 'gift', 'book', 'social', 'meeting', 'other', name='channel', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('outcome', sa.Enum('connected', 'voicemail', 'no_answer', 'sent', 'replied', 'meeting_booked', 'bounced', 'not_interested', 'out_of_office', name='outcome', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('out_of_office_until', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_touch_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholder.id'], name=op.f('fk_touch_stakeholder_id_stakeholder'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_touch'))
    )
    with op.batch_alter_table('touch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_touch_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_touch_stakeholder_id_at', ['stakeholder_id', 'at'], unique=False)

    op.create_table('planned_touch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('channel', sa.Enum('phone', 'email', 'letter', 'courier', 'gift', 'book', 'social', 'meeting', 'other', name='channel', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('script', sa.Text(), nullable=False),
    sa.Column('item', sa.String(length=200), nullable=False),
    sa.Column('cost', sa.Float(), nullable=False),
    sa.Column('lead_days', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('planned', 'done', 'skipped', 'cancelled', name='planned_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('touch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolment.id'], name=op.f('fk_planned_touch_enrolment_id_enrolment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['touch_id'], ['touch.id'], name=op.f('fk_planned_touch_touch_id_touch'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planned_touch'))
    )
    with op.batch_alter_table('planned_touch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planned_touch_enrolment_id'), ['enrolment_id'], unique=False)
        batch_op.create_index('ix_planned_touch_state_due_date', ['state', 'due_date'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('planned_touch', schema=None) as batch_op:
        batch_op.drop_index('ix_planned_touch_state_due_date')
        batch_op.drop_index(batch_op.f('ix_planned_touch_enrolment_id'))

    op.drop_table('planned_touch')
    with op.batch_alter_table('touch', schema=None) as batch_op:
        batch_op.drop_index('ix_touch_stakeholder_id_at')
        batch_op.drop_index(batch_op.f('ix_touch_account_id'))

    op.drop_table('touch')
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolment_state'))
        batch_op.drop_index(batch_op.f('ix_enrolment_stakeholder_id'))
        batch_op.drop_index(batch_op.f('ix_enrolment_cadence_id'))
        batch_op.drop_index(batch_op.f('ix_enrolment_account_id'))

    op.drop_table('enrolment')
    with op.batch_alter_table('cadence_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cadence_step_cadence_id'))

    op.drop_table('cadence_step')
    op.drop_table('day_off')
    op.drop_table('cadence')
