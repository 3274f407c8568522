"""After a log or a skip the territory's queue changes only the rows it must, and ends up
exactly as a fresh read would show it; the day's read uses its covering index."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from tests.campaigns.conftest import Committee
from ui.campaigns.queue_model import QueueModel
from ui.campaigns.queue_view import QueueWidget
from workbench.accounts import create_account
from workbench.campaigns import enrolment
from workbench.campaigns.queue import _due_query, touches_due
from workbench.committee.stakeholders import add_stakeholder
from workbench.storage.database import Database
from workbench.storage.models import Role, Tier
from workbench.vocabulary import Outcome

DAY = date(2026, 11, 30)  # a Monday: campaigns started two weeks before are overdue


def _territory(db: Database, committee: Committee) -> None:
    other = create_account(db, "Aalto Cold Chain", "https://aalto.example", tier=Tier.B)
    for name, role in (("Ada Aalto", Role.CHAMPION), ("Bo Berg", Role.ECONOMIC_BUYER),
                       ("Cy Clay", Role.USER)):
        add_stakeholder(db, other, name, role=role, email=f"{name.split()[0].lower()}@aalto.example",
                        phone="+358 40 100")
    enrolment.enrol(db, committee.account_id, start=DAY - timedelta(days=14))
    enrolment.enrol(db, other, start=DAY - timedelta(days=9))


def _shape(model: QueueModel) -> list[tuple[str, object]]:
    return [("heading", row) if model.touch(model.index(r, 0)) is None
            else ("touch", (row.planned_touch_id, row.due_date))
            for r, row in enumerate(model.rows)]


def _fresh(db: Database) -> list[tuple[str, object]]:
    model = QueueModel()
    model.set_touches(touches_due(db, DAY, scripts=False), DAY)
    return _shape(model)


def test_each_write_leaves_the_queue_as_a_fresh_read_would(
        qtbot, qtmodeltester, db: Database, committee: Committee) -> None:
    _territory(db, committee)
    widget = QueueWidget(db, territory=True)
    qtbot.addWidget(widget)
    widget.reload(DAY)
    widget.show()
    qtmodeltester.check(widget.model)  # stays attached: every insert and remove is checked
    start = widget.model.count
    assert start >= 6 and len(widget.model.heading_rows) >= 2
    resets: list[int] = []
    widget.model.modelReset.connect(lambda: resets.append(1))

    def write(action) -> None:
        before = widget.current()
        assert before is not None
        action()
        assert _shape(widget.model) == _fresh(db)
        after = widget.current()
        assert after is None or after.planned_touch_id != before.planned_touch_id

    write(lambda: widget.log_current(Outcome.VOICEMAIL))
    write(widget.on_skip)
    write(lambda: widget.log_current(Outcome.OUT_OF_OFFICE,
                                     out_of_office_until=DAY + timedelta(days=10)))
    write(lambda: widget.log_current(Outcome.REPLIED))  # the person's campaign stops
    write(lambda: widget.log_current(Outcome.MEETING_BOOKED, stop_account=True))
    assert resets == []  # in place, every time
    assert widget.model.count < start
    # The headings count what is under them.
    for r in widget.model.heading_rows:
        channel = widget.model.rows[r]
        under = sum(1 for row in widget.model.rows
                    if getattr(row, "channel", None) is channel and row is not channel)
        assert widget.model.index(r, 0).data().endswith(f"({under})")


# The planner's statistics of the benchmark territory (20,000 enrolments, a quarter
# active; 153,662 planned touches, most done): with them SQLite, left to itself, starts
# from the active enrolments and reads all their planned touches from the table.
TERRITORY_STATS = (
    ("planned_touch", "ix_planned_touch_queue", "153662 51221 122 1 1 1 1 1 1"),
    ("planned_touch", "ix_planned_touch_enrolment_id", "153662 8"),
    ("enrolment", "ix_enrolment_state", "20000 5000"),
    ("enrolment", "ix_enrolment_stakeholder_id", "20000 1"),
    ("enrolment", "ix_enrolment_cadence_id", "20000 6667"),
    ("enrolment", "ix_enrolment_account_id", "20000 3"),
    ("stakeholder", "ix_stakeholder_account_id", "50000 6"),
)


@pytest.mark.sqlite_only("the query plan is SQLite's")
def test_the_days_queue_reads_the_covering_index(db: Database, committee: Committee) -> None:
    _territory(db, committee)
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
        conn.execute(text("DELETE FROM sqlite_stat1"))
        for table, index, stat in TERRITORY_STATS:
            conn.execute(text("INSERT INTO sqlite_stat1 VALUES (:t, :i, :s)"),
                         {"t": table, "i": index, "s": stat})
    db.engine.dispose()  # a new connection loads those statistics

    def plan(territory: bool) -> str:
        query = _due_query(DAY, territory=territory, scripts=False)
        with db.engine.connect() as conn:
            sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
            return " | ".join(r[3] for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))

    assert "COVERING INDEX ix_planned_touch_queue" in plan(True), plan(True)
    # What the territory's read avoids: the plain join, planned as it would be.
    assert "COVERING INDEX ix_planned_touch_queue" not in plan(False), plan(False)
