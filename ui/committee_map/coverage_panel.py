"""The coverage panel beside the map: completeness, required roles and the red flags.

Flags live in a `QStandardItemModel`; clicking one selects its people on the map.

Signals:
    flag_activated(list): the stakeholder ids a clicked flag concerns.
    required_roles_changed(str): the new `Account.required_roles` text.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontMetrics,
    QPainter,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QMenu,
    QProgressBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.committee.coverage import Coverage, format_required_roles
from workbench.vocabulary import Role

IDS_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
ADVICE_ROLE = Qt.ItemDataRole.UserRole + 3
PAD = 6


class FlagDelegate(QStyledItemDelegate):
    """Draws a flag as its message (bold) over its advice, wrapped to the list's width.

    The stock delegate measures wrapped multi-line text against the wrong width
    and cuts the advice off; this one measures and paints with the same width.
    """

    def _parts(self, index: QModelIndex) -> tuple[str, str]:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or ""), str(index.data(ADVICE_ROLE) or "")

    def _width(self, option: QStyleOptionViewItem) -> int:
        view = option.widget
        width = view.viewport().width() if isinstance(view, QListView) else option.rect.width()
        return max(80, width - 2 * PAD)

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, QFont(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        message, advice = self._parts(index)
        width = self._width(option)
        bold, plain = self._fonts(option)
        flags = int(Qt.TextFlag.TextWordWrap)
        height = QFontMetrics(bold).boundingRect(QRect(0, 0, width, 100000), flags, message).height()
        if advice:
            height += QFontMetrics(plain).boundingRect(QRect(0, 0, width, 100000), flags,
                                                       advice).height() + 2
        return QSize(width + 2 * PAD, height + 2 * PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        message, advice = self._parts(index)
        style = option.widget.style() if option.widget else None
        base = QStyleOptionViewItem(option)
        self.initStyleOption(base, index)
        base.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, base, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        color = option.palette.highlightedText().color() if selected else option.palette.text().color()
        bold, plain = self._fonts(option)
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        flags = int(Qt.TextFlag.TextWordWrap)
        painter.save()
        painter.setPen(color)
        painter.setFont(bold)
        used = painter.boundingRect(rect, flags, message)
        painter.drawText(rect, flags, message)
        if advice:
            painter.setFont(plain)
            painter.drawText(rect.adjusted(0, used.height() + 2, 0, 0), flags, advice)
        painter.restore()



class CoveragePanel(QWidget):
    """Completeness and flags for the shown committee (signals in the module docstring)."""

    flag_activated = Signal(list)
    required_roles_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Coverage", self)
        self.heading.setStyleSheet("font-weight: bold")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 100)
        self.bar.setFormat("%p% of required roles filled")
        self.missing = QLabel(self)
        self.missing.setWordWrap(True)
        self.roles_button = QToolButton(self)
        self.roles_button.setText("Required roles…")
        self.roles_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.roles_menu = QMenu(self.roles_button)
        self.role_actions: dict[Role, QAction] = {}
        for role in Role:
            if role is Role.UNKNOWN:
                continue
            action = self.roles_menu.addAction(role.label)
            action.setCheckable(True)
            action.triggered.connect(self.on_role_toggled)
            self.role_actions[role] = action
        self.roles_button.setMenu(self.roles_menu)
        self.model = QStandardItemModel(self)
        self.flags = QListView(self)
        self.flags.setObjectName("coverage_flags")
        self.flags.setModel(self.model)
        self.flags.setWordWrap(True)
        # Re-measure the wrapped rows when the panel is resized, so no advice is cut off.
        self.flags.setResizeMode(QListView.ResizeMode.Adjust)
        self.flags.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.flags.setItemDelegate(FlagDelegate(self.flags))
        self.flags.clicked.connect(self.on_flag_clicked)
        self.flags.activated.connect(self.on_flag_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.bar, self.missing, self.roles_button):
            layout.addWidget(widget)
        layout.addWidget(self.flags, 1)
        self.coverage: Coverage | None = None

    def show_coverage(self, coverage: Coverage | None) -> None:
        """Show a committee's coverage, or nothing (no account chosen)."""
        self.coverage = coverage
        self.model.clear()
        if coverage is None:
            self.bar.setValue(0)
            self.missing.setText("")
            return
        self.bar.setValue(coverage.percent)
        self.missing.setText(
            "Missing: " + ", ".join(r.label.lower() for r in coverage.missing_roles)
            if coverage.missing_roles else "Every required role is filled.")
        for role, action in self.role_actions.items():
            action.setChecked(role in coverage.required_roles)
        for flag in coverage.flags:
            item = QStandardItem(f"⚑ {flag.message}")
            item.setData(f"→ {flag.advice}", ADVICE_ROLE)
            item.setData(list(flag.stakeholder_ids), IDS_ROLE)
            item.setData(flag.code, CODE_ROLE)
            item.setToolTip("Click to select these people on the map"
                            if flag.stakeholder_ids else flag.advice)
            item.setEditable(False)
            self.model.appendRow(item)
        if not coverage.flags:
            item = QStandardItem("No red flags.")
            item.setEditable(False)
            self.model.appendRow(item)
        self.heading.setText(f"Coverage: {coverage.percent}%  ·  {len(coverage.flags)} "
                             f"flag{'s' if len(coverage.flags) != 1 else ''}")

    def flag_codes(self) -> list[str]:
        return [self.model.item(r).data(CODE_ROLE) for r in range(self.model.rowCount())
                if self.model.item(r).data(CODE_ROLE)]

    def on_flag_clicked(self, index: QModelIndex) -> None:
        ids = index.data(IDS_ROLE)
        if ids:
            self.flag_activated.emit(list(ids))

    def on_role_toggled(self) -> None:
        roles = [role for role, action in self.role_actions.items() if action.isChecked()]
        if not roles:
            # At least one role must stay required; put the tick back.
            self.show_coverage(self.coverage)
            return
        self.required_roles_changed.emit(format_required_roles(roles))
