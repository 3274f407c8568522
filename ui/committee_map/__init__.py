"""The Committee tab: the buying-committee map editor, its panels and its exports."""
