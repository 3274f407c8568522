"""The rep's refresh schedule: on or off, days between refreshes per tier, notifications a day."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.territory.schedule import RefreshSchedule, load_schedule, save_schedule


class ScheduleDialog(QDialog):
    """Edits `refresh_schedule.json` (shared with `workbench refresh --due`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="schedule_dialog")
        self.setWindowTitle("Background refresh")
        schedule = load_schedule()
        self.enabled = QCheckBox("Refresh accounts in the background while the program is open",
                                 objectName="schedule_enabled", checked=schedule.enabled)
        self.days: dict[str, QSpinBox] = {}
        form = QFormLayout()
        for tier in ("A", "B", "C"):
            box = QSpinBox(objectName=f"schedule_days_{tier}", minimum=0, maximum=365,
                           value=schedule.days.get(tier, 0), suffix=" days",
                           specialValueText="never")
            self.days[tier] = box
            form.addRow(f"Tier {tier} accounts every", box)
        self.notify = QSpinBox(objectName="schedule_notify", minimum=0, maximum=50,
                               value=schedule.notify_per_day)
        form.addRow("Desktop notifications a day, at most", self.notify)
        note = QLabel("Refresh uses the network, politely (robots rules, a few requests per "
                      "site at a time). Leave it off on a metered connection; "
                      "`workbench refresh --due` does the same from a timer.", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def schedule(self) -> RefreshSchedule:
        return RefreshSchedule({tier: box.value() for tier, box in self.days.items()},
                               self.enabled.isChecked(), self.notify.value())

    def accept(self) -> None:
        save_schedule(self.schedule())
        super().accept()
