"""The ranked signals as a table model, shared by the Signals view and Today."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from workbench.signals.model import RankedSignal, kind_label

SignalIdRole = Qt.ItemDataRole.UserRole + 1
AccountIdRole = Qt.ItemDataRole.UserRole + 2

COLUMNS = ("Score", "Account", "Signal", "What happened", "When", "Sources")


def score_text(score: float) -> str:
    """Whole points, with a decimal below 10 so old signals still read in order."""
    return f"{score:.0f}" if score >= 10 else f"{score:.1f}"


class SignalsModel(QAbstractTableModel):
    """One row per signal, best first; unseen ones in bold."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RankedSignal] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[RankedSignal]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        ranked = self.rows[index.row()]
        s = ranked.signal
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (score_text(ranked.score), f"{s.account_name} ({s.tier})", kind_label(s.kind),
                    s.title, f"{s.occurred_at.astimezone():%d %b %Y}",
                    str(s.source_count))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Why it ranks here:\n" + "\n".join(ranked.reasons) + (
                f"\n\n“{s.evidence}”" if s.evidence else "")
        if role == Qt.ItemDataRole.FontRole and not s.seen:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SignalIdRole:
            return s.id
        if role == AccountIdRole:
            return s.account_id
        return None

    def row_of(self, signal_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.signal.id == signal_id), -1)

    def ranked(self, row: int) -> RankedSignal | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None
