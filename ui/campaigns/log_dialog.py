"""The log-touch dialog: channel, outcome, a note, the return date for out of office."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from workbench.vocabulary import Channel, Outcome

# The outcome offered first for each channel (a letter is "sent", a call often a voicemail).
DEFAULT_OUTCOME = {Channel.PHONE: Outcome.VOICEMAIL, Channel.EMAIL: Outcome.SENT,
                   Channel.SOCIAL: Outcome.SENT, Channel.MEETING: Outcome.SENT}


class LogTouchDialog(QDialog):
    """Ask what happened with one person; `values()` gives the answers."""

    def __init__(self, person_name: str, channel: Channel = Channel.PHONE,
                 parent: QWidget | None = None, *, can_stop_account: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Log a touch with {person_name}")
        self.channel = QComboBox()
        for c in Channel:
            self.channel.addItem(c.label, c)
        self.channel.setCurrentIndex(list(Channel).index(channel))
        self.outcome = QComboBox()
        for o in Outcome:
            self.outcome.addItem(o.label, o)
        self.until = QDateEdit(QDate.currentDate().addDays(7))
        self.until.setCalendarPopup(True)
        self.until_label = QLabel("Back on")
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("What was said, what to do next")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        self.stop_account = QCheckBox("Stop every campaign on this account")
        self.stop_account.setVisible(can_stop_account)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Log")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Channel", self.channel)
        form.addRow("Outcome", self.outcome)
        form.addRow(self.until_label, self.until)
        form.addRow("Note", self.note)
        form.addRow(self.stop_account)
        form.addRow(buttons)
        self.channel.currentIndexChanged.connect(self.on_channel_changed)
        self.outcome.currentIndexChanged.connect(self.on_outcome_changed)
        self.on_channel_changed()
        self.outcome.setFocus()

    def on_channel_changed(self, _index: int = 0) -> None:
        channel = Channel(self.channel.currentData())
        default = DEFAULT_OUTCOME.get(channel, Outcome.SENT if channel.physical
                                      else Outcome.CONNECTED)
        self.outcome.setCurrentIndex(list(Outcome).index(default))
        self.on_outcome_changed()

    def on_outcome_changed(self, _index: int = 0) -> None:
        outcome = Outcome(self.outcome.currentData())
        away = outcome is Outcome.OUT_OF_OFFICE
        self.until.setVisible(away)
        self.until_label.setVisible(away)
        self.stop_account.setEnabled(outcome in (Outcome.REPLIED, Outcome.MEETING_BOOKED))

    def values(self) -> dict[str, object]:
        outcome = Outcome(self.outcome.currentData())
        until = self.until.date().toPython() if outcome is Outcome.OUT_OF_OFFICE else None
        assert until is None or isinstance(until, date)
        return {"channel": Channel(self.channel.currentData()), "outcome": outcome,
                "note": self.note.toPlainText(), "out_of_office_until": until,
                "stop_account": self.stop_account.isEnabled() and self.stop_account.isChecked()}
