"""Indexes for the territory's lists: people gone quiet on Today, read in their order.

Revision ID: signals2
Revises: campaign2
Create Date: 2026-12-02 00:40:00

Today lists people on tier A/B accounts not contacted for a while, high influence and
longest silent first, and counts them: `(influence, last_contact)` hands them over in
that order, `(last_contact, account_id)` counts them without reading the people
(leading with the date, so that reading one account's people keeps its own index), and
`account.tier` finds the tier's accounts without reading the accounts.
"""

from alembic import op

revision = 'signals2'
down_revision = 'campaign2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.create_index('ix_stakeholder_influence_last_contact',
                              ['influence', 'last_contact'], unique=False)
        batch_op.create_index('ix_stakeholder_last_contact_account_id',
                              ['last_contact', 'account_id'], unique=False)
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.create_index('ix_account_tier', ['tier'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_index('ix_account_tier')
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.drop_index('ix_stakeholder_last_contact_account_id')
        batch_op.drop_index('ix_stakeholder_influence_last_contact')
