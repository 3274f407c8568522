"""The cadence template editor: the templates, a template's steps, one step's script and item."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.campaigns.headed_table import HeadedTableModel
from workbench import errors
from workbench.campaigns.cadences import CadenceSpec, StepSpec
from workbench.campaigns.fields import FIELD_HELP
from workbench.storage.database import Database
from workbench.vocabulary import Channel, Tier
from workbench.workbook import Workbook

_Index = QModelIndex | QPersistentModelIndex


class StepsModel(HeadedTableModel):
    """A template's steps while they are edited (saved as a whole)."""

    HEADERS = ("Day", "Channel", "Step", "Item", "Cost", "Lead")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.steps: list[StepSpec] = []

    def set_steps(self, steps: list[StepSpec]) -> None:
        self.beginResetModel()
        self.steps = list(steps)
        self.endResetModel()

    def replace_step(self, row: int, step: StepSpec) -> None:
        self.steps[row] = step
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def insert_step(self, row: int, step: StepSpec) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self.steps.insert(row, step)
        self.endInsertRows()

    def remove_step(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.steps[row]
        self.endRemoveRows()

    def _items(self) -> Sequence[Any]:
        return self.steps

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        s = self.steps[index.row()]
        physical = s.channel.physical
        return (f"+{s.day_offset}", s.channel.label, s.title, s.item if physical else "",
                f"{s.cost:.2f}" if physical and s.cost else "",
                f"{s.lead_days} d" if physical and s.lead_days else "")[index.column()]


class TemplateEditor(QWidget):
    """Edit the campaign templates (the built-ins too; they can be reset).

    Signals:
        status_message(str): what was saved.
        wrote(object): the `Changes` of a template saved, added, reset or removed.
    """

    status_message = Signal(str)
    wrote = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.book = Workbook.of(db)
        self.specs: list[CadenceSpec] = []
        self.current_id: int | None = None
        self._filling = False
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self.on_template_chosen)
        self.name = QLineEdit()
        self.tier = QComboBox()
        self.tier.addItem("Any tier", None)
        for t in Tier:
            self.tier.addItem(f"Tier {t.value}", t)
        self.description = QLineEdit()
        self.summary = QLabel()
        self.model = StepsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self.on_step_chosen)
        self.day = QSpinBox()
        self.day.setRange(0, 120)
        self.day.setSuffix(" working days after the start")
        self.channel = QComboBox()
        for c in Channel:
            self.channel.addItem(c.label, c)
        self.title = QLineEdit()
        self.item = QLineEdit()
        self.cost = QDoubleSpinBox()
        self.cost.setRange(0, 100000)
        self.lead = QSpinBox()
        self.lead.setRange(0, 60)
        self.lead.setSuffix(" working days")
        self.script = QPlainTextEdit()
        self.script.setPlaceholderText("The call script, or the email or letter (an email's "
                                       "first line may be “Subject: …”)")
        fields = ", ".join("{" + k + "}" for k in FIELD_HELP)
        help_label = QLabel(f"Fields: {fields}")
        help_label.setWordWrap(True)
        help_label.setToolTip("\n".join(f"{{{k}}}: {v}" for k, v in FIELD_HELP.items()))
        for w in (self.day, self.lead):
            w.valueChanged.connect(self.on_step_edited)
        self.cost.valueChanged.connect(self.on_step_edited)
        self.channel.currentIndexChanged.connect(self.on_step_edited)
        for e in (self.title, self.item):
            e.textEdited.connect(self.on_step_edited)
        self.script.textChanged.connect(self.on_step_edited)

        self.new_button = QPushButton("&New")
        self.copy_button = QPushButton("D&uplicate")
        self.delete_button = QPushButton("&Delete")
        self.reset_button = QPushButton("Reset &built-in")
        self.add_step = QPushButton("&Add step")
        self.remove_step = QPushButton("&Remove step")
        self.save_button = QPushButton("&Save template")
        self.new_button.clicked.connect(self.on_new)
        self.copy_button.clicked.connect(self.on_duplicate)
        self.delete_button.clicked.connect(self.on_delete)
        self.reset_button.clicked.connect(self.on_reset)
        self.add_step.clicked.connect(self.on_add_step)
        self.remove_step.clicked.connect(self.on_remove_step)
        self.save_button.clicked.connect(self.on_save)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        for b in (self.new_button, self.copy_button, self.delete_button):
            row.addWidget(b)
        left_layout.addLayout(row)
        left_layout.addWidget(self.reset_button)
        right = QWidget()
        head = QFormLayout()
        head.addRow("Name", self.name)
        head.addRow("For", self.tier)
        head.addRow("About", self.description)
        step_form = QFormLayout()
        step_form.addRow("When", self.day)
        step_form.addRow("Channel", self.channel)
        step_form.addRow("Step", self.title)
        step_form.addRow("Item", self.item)
        step_form.addRow("Cost", self.cost)
        step_form.addRow("Order ahead", self.lead)
        step_buttons = QHBoxLayout()
        step_buttons.addWidget(self.add_step)
        step_buttons.addWidget(self.remove_step)
        step_buttons.addWidget(self.summary, 1)
        step_buttons.addWidget(self.save_button)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(head)
        right_layout.addWidget(self.table, 2)
        right_layout.addLayout(step_buttons)
        right_layout.addLayout(step_form)
        right_layout.addWidget(self.script, 2)
        right_layout.addWidget(help_label)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.reload()

    # -- data ---------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        self.specs = self.book.campaigns.templates()
        self.list.blockSignals(True)
        self.list.clear()
        for spec in self.specs:
            self.list.addItem(spec.name + ("  (built-in)" if spec.builtin else ""))
        self.list.blockSignals(False)
        ids = [s.id for s in self.specs]
        row = ids.index(select_id) if select_id in ids else (0 if ids else -1)
        self.list.setCurrentRow(row)
        self.on_template_chosen(row)

    def on_template_chosen(self, row: int) -> None:
        spec = self.specs[row] if 0 <= row < len(self.specs) else None
        self.current_id = spec.id if spec else None
        self._filling = True
        self.name.setText(spec.name if spec else "")
        self.tier.setCurrentIndex(0 if spec is None or spec.tier is None
                                  else list(Tier).index(spec.tier) + 1)
        self.description.setText(spec.description if spec else "")
        self.model.set_steps(list(spec.steps) if spec else [])
        self._filling = False
        self.reset_button.setEnabled(bool(spec and spec.builtin))
        self.delete_button.setEnabled(spec is not None)
        self.table.resizeColumnsToContents()
        if self.model.steps:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        else:
            self.on_step_chosen(QModelIndex())
        self._update_summary()

    def _update_summary(self) -> None:
        steps = self.model.steps
        span = max((s.day_offset for s in steps), default=0)
        cost = sum(s.cost for s in steps)
        self.summary.setText(f"{len(steps)} touches over {span} working days"
                             + (f", items {cost:.2f}" if cost else ""))

    def on_step_chosen(self, current: QModelIndex, _previous: Any = None) -> None:
        step = self.model.steps[current.row()] if current.isValid() else None
        self._filling = True
        for w in (self.day, self.channel, self.title, self.item, self.cost, self.lead,
                  self.script, self.remove_step):
            w.setEnabled(step is not None)
        if step is not None:
            self.day.setValue(step.day_offset)
            self.channel.setCurrentIndex(list(Channel).index(step.channel))
            self.title.setText(step.title)
            self.item.setText(step.item)
            self.cost.setValue(step.cost)
            self.lead.setValue(step.lead_days)
            self.script.setPlainText(step.script)
        self._physical(step.channel if step else Channel.PHONE)
        self._filling = False

    def _physical(self, channel: Channel) -> None:
        for w in (self.item, self.cost, self.lead):
            w.setEnabled(channel.physical)

    def on_step_edited(self, *_args: Any) -> None:
        if self._filling:
            return
        row = self.table.currentIndex().row()
        if row < 0:
            return
        channel = Channel(self.channel.currentData())
        self._physical(channel)
        self.model.replace_step(row, StepSpec(
            self.day.value(), channel, self.title.text(), self.script.toPlainText(),
            self.item.text(), self.cost.value(), self.lead.value()))
        self._update_summary()

    def edited_spec(self) -> CadenceSpec:
        tier = self.tier.currentData()
        return CadenceSpec(self.name.text(), Tier(tier) if tier else None, self.description.text(),
                           tuple(self.model.steps), self.current_id)

    # -- actions ------------------------------------------------------------------------
    def on_add_step(self) -> None:
        row = self.table.currentIndex().row() + 1 if self.model.steps else 0
        last = self.model.steps[row - 1].day_offset if row else 0
        self.model.insert_step(row, StepSpec(last + 2, Channel.PHONE, "Call"))
        self.table.selectRow(row)
        self._update_summary()

    def on_remove_step(self) -> None:
        row = self.table.currentIndex().row()
        if row >= 0:
            self.model.remove_step(row)
            self._update_summary()

    def _save(self, spec: CadenceSpec, message: str) -> None:
        try:
            changes = self.book.campaigns.save_template(spec)
        except errors.KnownError as exc:
            self.status_message.emit(str(exc))
            return
        self.reload(changes.result)
        self.status_message.emit(message)
        self.wrote.emit(changes)

    def on_save(self) -> None:
        spec = self.edited_spec()
        self._save(spec, f"Saved the template “{spec.name.strip()}”. Running campaigns keep "
                         "the steps they started with.")

    def on_new(self) -> None:
        self._save(CadenceSpec(self._free_name("My campaign"), None, "",
                               (StepSpec(0, Channel.PHONE, "Call"),)), "Added a template.")

    def on_duplicate(self) -> None:
        spec = self.edited_spec()
        self._save(replace(spec, id=None, name=self._free_name(spec.name + " (copy)")),
                   "Duplicated the template.")

    def _free_name(self, base: str) -> str:
        names = {s.name.lower() for s in self.specs}
        name, n = base, 2
        while name.lower() in names:
            name, n = f"{base} {n}", n + 1
        return name

    def on_delete(self) -> None:
        if self.current_id is None:
            return
        try:
            changes = self.book.campaigns.delete_template(self.current_id)
        except errors.KnownError as exc:
            self.status_message.emit(str(exc))
            return
        self.reload()
        self.status_message.emit("Deleted the template; campaigns already running keep going.")
        self.wrote.emit(changes)

    def on_reset(self) -> None:
        if self.current_id is None:
            return
        try:
            changes = self.book.campaigns.reset_template(self.current_id)
        except errors.KnownError as exc:
            self.status_message.emit(str(exc))
            return
        self.reload(self.current_id)
        self.status_message.emit("The built-in template is back as shipped.")
        self.wrote.emit(changes)
