"""Initial schema: accounts, research (sources, captures, facts, people, news), committee, calls.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 05:32:45.661368
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('domain', sa.String(length=253), nullable=True),
    sa.Column('website', sa.String(length=2000), nullable=False),
    sa.Column('industry', sa.String(length=200), nullable=False),
    sa.Column('tier', sa.Enum('A', 'B', 'C', name='tier', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('stage', sa.Enum('prepare', 'prospect', 'progress', 'close', name='stage', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('last_researched_at', sa.DateTime(), nullable=True),
    sa.Column('required_roles', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('domain', name=op.f('uq_account_domain'))
    )
    op.create_table('bank_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_kind', sa.Enum('cold_call', 'discovery', 'follow_up', 'demo', 'proposal', 'negotiation', name='call_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('topic', sa.String(length=60), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_question'))
    )
    with op.batch_alter_table('bank_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_question_call_kind'), ['call_kind'], unique=False)

    op.create_table('call',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('scheduled_at', sa.DateTime(), nullable=True),
    sa.Column('kind', sa.Enum('cold_call', 'discovery', 'follow_up', 'demo', 'proposal', 'negotiation', name='call_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('objective', sa.Text(), nullable=False),
    sa.Column('commitment_best', sa.Text(), nullable=False),
    sa.Column('commitment_minimum', sa.Text(), nullable=False),
    sa.Column('value_hypothesis', sa.Text(), nullable=False),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('objections', sa.JSON(), nullable=False),
    sa.Column('talking_points', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('next_step', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_call_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call'))
    )
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_scheduled_at'), ['scheduled_at'], unique=False)

    op.create_table('fact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('source_url', sa.String(length=2000), nullable=False),
    sa.Column('found_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_fact_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fact'))
    )
    with op.batch_alter_table('fact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fact_account_id'), ['account_id'], unique=False)

    op.create_table('research_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_research_run_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_research_run'))
    )
    with op.batch_alter_table('research_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_research_run_account_id'), ['account_id'], unique=False)

    op.create_table('source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('page_kind', sa.String(length=40), nullable=False),
    sa.Column('added_by_user', sa.Boolean(), nullable=False),
    sa.Column('etag', sa.String(length=500), nullable=True),
    sa.Column('last_modified', sa.String(length=100), nullable=True),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_fetched_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_source_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source')),
    sa.UniqueConstraint('account_id', 'url', name=op.f('uq_source_account_id'))
    )
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_account_id'), ['account_id'], unique=False)

    op.create_table('stakeholder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('phone', sa.String(length=60), nullable=False),
    sa.Column('profile_url', sa.String(length=2000), nullable=False),
    sa.Column('role', sa.Enum('economic_buyer', 'champion', 'coach', 'technical_evaluator', 'user', 'influencer', 'blocker', 'gatekeeper', 'unknown', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attitude', sa.Integer(), nullable=True),
    sa.Column('influence', sa.Enum('high', 'medium', 'low', name='influence', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('needs', sa.Text(), nullable=False),
    sa.Column('dissatisfaction', sa.Text(), nullable=False),
    sa.Column('personal_win', sa.Text(), nullable=False),
    sa.Column('plan', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('last_contact', sa.Date(), nullable=True),
    sa.Column('origin', sa.String(length=2000), nullable=False),
    sa.Column('x', sa.Float(), nullable=True),
    sa.Column('y', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('attitude BETWEEN -2 AND 2', name=op.f('ck_stakeholder_attitude_range')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_stakeholder_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholder'))
    )
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholder_account_id'), ['account_id'], unique=False)

    op.create_table('call_attendee',
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('stakeholder_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_call_attendee_call_id_call'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholder.id'], name=op.f('fk_call_attendee_stakeholder_id_stakeholder'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('call_id', 'stakeholder_id', name=op.f('pk_call_attendee'))
    )
    op.create_table('found_person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('source_url', sa.String(length=2000), nullable=False),
    sa.Column('stakeholder_id', sa.Integer(), nullable=True),
    sa.Column('found_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_found_person_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholder.id'], name=op.f('fk_found_person_stakeholder_id_stakeholder'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_found_person')),
    sa.UniqueConstraint('account_id', 'name', name=op.f('uq_found_person_account_id'))
    )
    with op.batch_alter_table('found_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_found_person_account_id'), ['account_id'], unique=False)

    op.create_table('news_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('dedupe_key', sa.String(length=2000), nullable=False),
    sa.Column('guid', sa.String(length=2000), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('title', sa.String(length=1000), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('read', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_news_item_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_news_item_source_id_source'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_news_item')),
    sa.UniqueConstraint('account_id', 'dedupe_key', name=op.f('uq_news_item_account_id'))
    )
    with op.batch_alter_table('news_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_item_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_item_published_at'), ['published_at'], unique=False)

    op.create_table('page_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('captured_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=1000), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_page_snapshot_source_id_source'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_page_snapshot'))
    )
    with op.batch_alter_table('page_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_page_snapshot_source_id'), ['source_id'], unique=False)

    op.create_table('relationship',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('reports_to', 'influences', name='relation_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_relationship_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['stakeholder.id'], name=op.f('fk_relationship_source_id_stakeholder'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['stakeholder.id'], name=op.f('fk_relationship_target_id_stakeholder'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relationship'))
    )
    with op.batch_alter_table('relationship', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_relationship_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relationship_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relationship_target_id'), ['target_id'], unique=False)

    op.create_table('news_trigger',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('news_item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['news_item_id'], ['news_item.id'], name=op.f('fk_news_trigger_news_item_id_news_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_news_trigger'))
    )
    with op.batch_alter_table('news_trigger', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_trigger_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_trigger_news_item_id'), ['news_item_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('news_trigger', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_news_trigger_news_item_id'))
        batch_op.drop_index(batch_op.f('ix_news_trigger_kind'))

    op.drop_table('news_trigger')
    with op.batch_alter_table('relationship', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_relationship_target_id'))
        batch_op.drop_index(batch_op.f('ix_relationship_source_id'))
        batch_op.drop_index(batch_op.f('ix_relationship_account_id'))

    op.drop_table('relationship')
    with op.batch_alter_table('page_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_page_snapshot_source_id'))

    op.drop_table('page_snapshot')
    with op.batch_alter_table('news_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_news_item_published_at'))
        batch_op.drop_index(batch_op.f('ix_news_item_account_id'))

    op.drop_table('news_item')
    with op.batch_alter_table('found_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_found_person_account_id'))

    op.drop_table('found_person')
    op.drop_table('call_attendee')
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholder_account_id'))

    op.drop_table('stakeholder')
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_account_id'))

    op.drop_table('source')
    with op.batch_alter_table('research_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_research_run_account_id'))

    op.drop_table('research_run')
    with op.batch_alter_table('fact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fact_account_id'))

    op.drop_table('fact')
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_scheduled_at'))
        batch_op.drop_index(batch_op.f('ix_call_account_id'))

    op.drop_table('call')
    with op.batch_alter_table('bank_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_question_call_kind'))

    op.drop_table('bank_question')
    op.drop_table('account')
