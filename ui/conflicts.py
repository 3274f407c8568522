"""When an edit clashes with someone else's: show both versions and let the user choose.

A write with compare-and-set raises `errors.Conflict` (nothing was saved). The pane
calls `resolve(parent, conflict)`; the answer is KEEP_MINE (write again over theirs,
knowingly) or TAKE_THEIRS (drop the edit and show what is stored). Never silently.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import Conflict

KEEP_MINE = "mine"
TAKE_THEIRS = "theirs"


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(getattr(value, "label", value))


class ConflictDialog(QDialog):
    """Both versions side by side, per field; two buttons."""

    def __init__(self, conflict: Conflict, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="conflict_dialog")
        self.setWindowTitle("Changed elsewhere")
        self.choice = TAKE_THEIRS
        layout = QVBoxLayout(self)
        intro = QLabel(f"{conflict.message} {conflict.hint}", wordWrap=True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Theirs (stored now)</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Yours</b>"), 0, 2)
        self.theirs: dict[str, QPlainTextEdit] = {}
        self.mine: dict[str, QPlainTextEdit] = {}
        for row, (name, (theirs, mine)) in enumerate(sorted(conflict.fields.items()), 1):
            grid.addWidget(QLabel(name.replace("_", " ").capitalize()), row, 0)
            for column, value, store in ((1, theirs, self.theirs), (2, mine, self.mine)):
                box = QPlainTextEdit(_text(value), readOnly=True,
                                     objectName=f"{'theirs' if column == 1 else 'mine'}_{name}")
                box.setMaximumHeight(160)
                grid.addWidget(box, row, column)
                store[name] = box
        layout.addLayout(grid)
        buttons = QDialogButtonBox()
        self.keep_button = QPushButton("&Keep mine", objectName="keep_mine")
        self.take_button = QPushButton("&Take theirs", objectName="take_theirs")
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.take_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.clicked.connect(lambda: self._choose(KEEP_MINE))
        self.take_button.clicked.connect(lambda: self._choose(TAKE_THEIRS))
        layout.addWidget(buttons)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def resolve(parent: QWidget | None, conflict: Conflict) -> str:
    """Ask the user; closing the dialog takes theirs (nothing of theirs is lost)."""
    dialog = ConflictDialog(conflict, parent)
    dialog.exec()
    return dialog.choice
