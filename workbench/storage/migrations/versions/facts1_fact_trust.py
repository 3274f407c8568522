"""Facts: where each value was read (structured data or page text), and the value the
rep picked for a kind, kept across refreshes.

Revision ID: facts1
Revises: search1
Create Date: 2026-12-01 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'facts1'
down_revision = 'team1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fact") as batch:
        batch.add_column(sa.Column("origin", sa.String(20), nullable=False, server_default="page"))
    op.create_table(
        "fact_pick",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("picked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name=op.f("fk_fact_pick_account_id_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_pick")),
        sa.UniqueConstraint("account_id", "kind", name=op.f("uq_fact_pick_account_id")),
    )
    op.create_index("ix_fact_pick_account_id", "fact_pick", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_fact_pick_account_id", table_name="fact_pick")
    op.drop_table("fact_pick")
    with op.batch_alter_table("fact") as batch:
        batch.drop_column("origin")
