"""The PySide6 desktop program: windows, panes, item models, the map editor, printing."""
