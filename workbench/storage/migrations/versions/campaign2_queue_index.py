"""The day's queue reads its planned touches from one covering index.

The queue (due by a date, across the territory) needs, of each planned touch, only
the columns below; with them all in the index the read never visits the table rows,
whose script texts are most of their bytes. It replaces the (state, due_date) index,
whose leading columns it keeps.

Revision ID: campaign2
Revises: signals1
Create Date: 2026-12-02 00:20:00
"""

from alembic import op

revision = 'campaign2'
down_revision = 'signals1'
branch_labels = None
depends_on = None

QUEUE_COLUMNS = ['state', 'due_date', 'enrolment_id', 'channel', 'title', 'item', 'cost',
                 'lead_days']


def upgrade() -> None:
    with op.batch_alter_table('planned_touch', schema=None) as batch_op:
        batch_op.drop_index('ix_planned_touch_state_due_date')
        batch_op.create_index('ix_planned_touch_queue', QUEUE_COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('planned_touch', schema=None) as batch_op:
        batch_op.drop_index('ix_planned_touch_queue')
        batch_op.create_index('ix_planned_touch_state_due_date', ['state', 'due_date'],
                              unique=False)
