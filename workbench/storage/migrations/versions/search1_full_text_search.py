"""Full-text search: FTS5 indexes over accounts, stakeholders, news, pages and calls,
kept in sync by triggers, plus indexes the account list and a workspace need at scale.

Revision ID: search1
Revises: 0001
Create Date: 2026-11-22 05:50:00

The FTS5 tables are "external content" tables: they hold only the index, the text
stays in its own table, so a 100,000-page database does not store its pages twice.
Triggers keep each index in step with its table on insert, update and delete
(including the deletes that cascade from an account). On PostgreSQL there is no
FTS5: only the ordinary indexes are created and search falls back to ILIKE.

The statements are spelled out here, not imported from `workbench.search`, so this
migration keeps doing what it did when the code around it changes.
"""

import sqlalchemy as sa
from alembic import op

revision = 'search1'
down_revision = '0001'
branch_labels = None
depends_on = None

# (FTS table, content table, indexed columns)
FTS_TABLES = (
    ("search_account", "account", ("name", "industry", "notes")),
    ("search_stakeholder", "stakeholder",
     ("name", "title", "needs", "dissatisfaction", "personal_win", "plan", "notes")),
    ("search_news", "news_item", ("title", "summary", "text")),
    ("search_page", "page_snapshot", ("title", "text")),
    ("search_call", "call", ("objective", "notes", "outcome", "next_step")),
)


def _fts_statements(fts: str, content: str, columns: tuple[str, ...]) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        # prefix='2 3': as-you-type prefix queries read a prefix index, not every term.
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{content}', "
        f"content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        f"CREATE TRIGGER {fts}_after_insert AFTER INSERT ON \"{content}\" BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_after_delete AFTER DELETE ON \"{content}\" BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_after_update AFTER UPDATE OF {cols} ON \"{content}\" BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
    ]


def upgrade() -> None:
    # A workspace lists an account's news newest first: one index answers it without a sort.
    with op.batch_alter_table('news_item', schema=None) as batch_op:
        batch_op.create_index('ix_news_item_account_id_published_at',
                              ['account_id', 'published_at'], unique=False)
    # The account list's "next call" column: the first future call of each account.
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.create_index('ix_call_account_id_scheduled_at',
                              ['account_id', 'scheduled_at'], unique=False)
    if op.get_bind().dialect.name != "sqlite":
        return
    for fts, content, columns in FTS_TABLES:
        for statement in _fts_statements(fts, content, columns):
            op.execute(sa.text(statement))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for fts, _content, _columns in FTS_TABLES:
            for suffix in ("insert", "delete", "update"):
                op.execute(sa.text(f"DROP TRIGGER IF EXISTS {fts}_after_{suffix}"))
            op.execute(sa.text(f"DROP TABLE IF EXISTS {fts}"))
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.drop_index('ix_call_account_id_scheduled_at')
    with op.batch_alter_table('news_item', schema=None) as batch_op:
        batch_op.drop_index('ix_news_item_account_id_published_at')
