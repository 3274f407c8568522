"""The Calls tab and the printed call-prep sheet: list, editor, preview, print and PDF."""
