"""Qt pieces that keep the rep's data safe: backup/restore/export/import actions, the
read-only banner, the damaged-file dialog and the draft guard for notes fields."""
