"""Rules that must hold however many reps write at once, kept by the database itself.

Revision ID: team1
Revises: search1
Create Date: 2026-12-01 21:30:00

One manager per person (a partial unique index on reporting lines) and no line drawn
twice. The program checked both in Python, which two writers at the same moment both
pass. A database written before this revision may already break them; the newest
reporting line and the first copy of a duplicated line are the ones kept.
(One source per URL and one news item per story were already unique.)
"""

import sqlalchemy as sa
from alembic import op

revision = 'team1'
down_revision = 'campaign1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "DELETE FROM relationship WHERE id NOT IN ("
        " SELECT MIN(id) FROM relationship GROUP BY source_id, target_id, kind)")
    op.execute(
        "DELETE FROM relationship WHERE kind = 'reports_to' AND id NOT IN ("
        " SELECT MAX(id) FROM relationship WHERE kind = 'reports_to' GROUP BY source_id)")
    op.create_index('uq_relationship_line', 'relationship', ['source_id', 'target_id', 'kind'],
                    unique=True)
    op.create_index('uq_relationship_one_manager', 'relationship', ['source_id'], unique=True,
                    sqlite_where=sa.text("kind = 'reports_to'"),
                    postgresql_where=sa.text("kind = 'reports_to'"))


def downgrade() -> None:
    op.drop_index('uq_relationship_one_manager', table_name='relationship')
    op.drop_index('uq_relationship_line', table_name='relationship')
