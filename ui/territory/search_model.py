"""The search dialog's model: hits grouped by kind, a header row before each group."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from workbench import search
from workbench.search import SearchHit
from workbench.territory.search_service import HitGroup, target_of

HitRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2
SnippetRole = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class _Row:
    header: str = ""
    hit: SearchHit | None = None


def _plain(snippet: str) -> str:
    return snippet.replace(search.MARK_START, "").replace(search.MARK_END, "")


class SearchResultsModel(QAbstractListModel):
    """Rows: a header per kind ("People (3)"), then that kind's hits; headers cannot be selected."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[_Row] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_groups(self, groups: list[HitGroup]) -> None:
        self.beginResetModel()
        self.rows = []
        for group in groups:
            self.rows.append(_Row(header=f"{group.label} ({len(group.hits)})"))
            self.rows.extend(_Row(hit=hit) for hit in group.hits)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return Qt.ItemFlag.NoItemFlags
        if self.rows[index.row()].hit is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        hit = row.hit
        if hit is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return row.header
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            title = hit.title or "(untitled)"
            where = "" if hit.kind == "account" else f"  —  {hit.account_name}"
            # The snippet keeps its «marks»: the matched words stand out in any view.
            shown = hit.snippet if _plain(hit.snippet) != title else ""
            return f"{title}{where}" + (f"\n    {shown}" if shown else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return _plain(hit.snippet)
        if role == HitRole:
            return hit
        if role == KindRole:
            return hit.kind
        if role == SnippetRole:
            return hit.snippet
        return None

    def first_hit_row(self) -> int:
        return next((i for i, r in enumerate(self.rows) if r.hit is not None), -1)

    def hit_rows(self) -> list[int]:
        return [i for i, r in enumerate(self.rows) if r.hit is not None]

    def target(self, row: int) -> Any:
        hit = self.rows[row].hit if 0 <= row < len(self.rows) else None
        return None if hit is None else target_of(hit)
