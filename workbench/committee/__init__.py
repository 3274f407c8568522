"""The buying committee, Qt-free: people, lines, coverage, loop check, layout and imports."""
