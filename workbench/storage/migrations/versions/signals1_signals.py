"""Signals: trigger events per account with their sources, and kinds muted per account.

Revision ID: signals1
Revises: search1
Create Date: 2026-12-01 21:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'signals1'
down_revision = 'facts1'
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table('signal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=1000), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('seen', sa.Boolean(), nullable=False),
    sa.Column('dismissed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'],
                            name=op.f('fk_signal_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signal'))
    )
    with op.batch_alter_table('signal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signal_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_signal_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_signal_occurred_at'), ['occurred_at'], unique=False)
    op.create_table('signal_mute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('muted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'],
                            name=op.f('fk_signal_mute_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signal_mute')),
    sa.UniqueConstraint('account_id', 'kind', name=op.f('uq_signal_mute_account_id'))
    )
    with op.batch_alter_table('signal_mute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signal_mute_account_id'), ['account_id'], unique=False)
    op.create_table('signal_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('signal_id', sa.Integer(), nullable=False),
    sa.Column('news_item_id', sa.Integer(), nullable=True),
    sa.Column('snapshot_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('reporter', sa.String(length=2000), nullable=False),
    sa.Column('title', sa.String(length=1000), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['news_item_id'], ['news_item.id'],
                            name=op.f('fk_signal_source_news_item_id_news_item'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['signal_id'], ['signal.id'],
                            name=op.f('fk_signal_source_signal_id_signal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['snapshot_id'], ['page_snapshot.id'],
                            name=op.f('fk_signal_source_snapshot_id_page_snapshot'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signal_source')),
    sa.UniqueConstraint('signal_id', 'url', name=op.f('uq_signal_source_signal_id'))
    )
    with op.batch_alter_table('signal_source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signal_source_news_item_id'), ['news_item_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_signal_source_signal_id'), ['signal_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_signal_source_snapshot_id'), ['snapshot_id'],
                              unique=False)


def downgrade() -> None:
    op.drop_table('signal_source')
    op.drop_table('signal_mute')
    op.drop_table('signal')
