"""The search-everywhere dialog (Ctrl+K): type, see hits grouped by kind, Enter opens one.

The query runs on the GUI thread: the core answers a keystroke in a few milliseconds
at a territory's scale (benchmarks/bench_territory.py measures it through this
dialog), far less than a worker's hand-off would cost; keystrokes typed while one
search runs are coalesced by a zero-delay timer, so typing never queues searches.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from ui.territory.search_model import SearchResultsModel
from workbench import errors
from workbench.storage.database import Database
from workbench.territory.search_service import KIND_LABELS, Target, search_grouped


class SearchDialog(QDialog):
    """Signals:
        open_requested(object): the rep chose a hit; carries its `Target`.
    """

    open_requested = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="search_dialog")
        self.db = db
        self.setWindowTitle("Search everything")
        self.resize(720, 520)
        self.query = QLineEdit(objectName="search_query",
                               placeholderText="Search accounts, people, news, pages, calls, notes")
        self.query.setClearButtonEnabled(True)
        self.kind = QComboBox(objectName="search_kind")
        self.kind.addItem("Everything", None)
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.model = SearchResultsModel(self)
        self.results = QListView(objectName="search_results")
        self.results.setModel(self.model)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setUniformItemSizes(False)
        self.results.setWordWrap(True)
        self.hint = QLabel(objectName="search_hint", wordWrap=True)
        self.hint.setText("↑↓ to choose, Enter to open it on its account's tab, Esc to close.")

        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.kind)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)

        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self.run_search)
        self.query.textChanged.connect(self._pending.start)
        self.kind.currentIndexChanged.connect(self.run_search)
        self.query.installEventFilter(self)
        self.results.activated.connect(self.on_activated)

    def run_search(self) -> None:
        """Search for what the box holds now and show the hits, the best one selected."""
        self._pending.stop()
        text = self.query.text()
        kind = self.kind.currentData()
        try:
            groups = search_grouped(self.db, text, kinds=[kind] if kind else None, limit=60)
        except errors.KnownError as exc:
            self.hint.setText(str(exc))
            groups = []
        self.model.set_groups(groups)
        first = self.model.first_hit_row()
        if first >= 0:
            self.results.setCurrentIndex(self.model.index(first, 0))
            self.hint.setText(f"{len(self.model.hit_rows())} found. Enter opens the selected one.")
        elif text.strip():
            self.hint.setText(f"Nothing matches “{text.strip()}”.")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Up/Down/Enter in the query box move through and open the results.
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._pending.isActive():
                    self.run_search()
                self.on_activated(self.results.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        rows = self.model.hit_rows()
        if not rows:
            return
        current = self.results.currentIndex().row()
        at = rows.index(current) if current in rows else -1
        at = min(max(at + step, 0), len(rows) - 1)
        self.results.setCurrentIndex(self.model.index(rows[at], 0))

    def on_activated(self, index: QModelIndex) -> None:
        target: Target | None = self.model.target(index.row()) if index.isValid() else None
        if target is None:
            return
        self.accept()
        self.open_requested.emit(target)

