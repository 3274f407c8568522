"""Notes typed and not yet saved survive a crash, and are offered again on the next start."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from tests.safety.helpers import ROOT
from ui.safety.draft_guard import DraftGuard
from workbench.safety.drafts import DraftStore

TYPE_THEN_CRASH = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit
    from ui.safety.draft_guard import DraftGuard
    from workbench.safety.drafts import DraftStore

    app = QApplication([])
    editor = QPlainTextEdit()
    editor.show()
    guard = DraftGuard(DraftStore(Path(sys.argv[1])), editor, pause_ms=50)
    guard.attach("account/7/notes", "Met the CFO in March.")
    guard.set_text_quietly("Met the CFO in March.")
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    QTest.keyClicks(editor, " Budget frozen until Q3!")
    QTest.qWait(300)  # a pause in typing: the draft is written
    QTest.keyClicks(editor, " (lost: typed in the last instant)")
    os.kill(os.getpid(), signal.SIGKILL)  # the crash, before the form saved anything
""")


def test_typed_notes_survive_a_crash_and_are_offered_on_the_next_start(
        tmp_path: Path, qtbot) -> None:
    folder = tmp_path / "drafts"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", TYPE_THEN_CRASH, str(folder)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == -9, done.stderr

    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    guard = DraftGuard(DraftStore(folder), editor)
    recovered = guard.attach("account/7/notes", "Met the CFO in March.")
    assert recovered == "Met the CFO in March. Budget frozen until Q3!"


def test_a_saved_field_leaves_no_draft_and_unchanged_text_none(tmp_path: Path, qtbot) -> None:
    store = DraftStore(tmp_path)
    editor = QLineEdit()
    qtbot.addWidget(editor)
    guard = DraftGuard(store, editor, pause_ms=10)
    assert guard.attach("stakeholder/3/needs", "faster audits") is None
    guard.set_text_quietly("faster audits")
    assert store.pending() == []  # loading a record is not typing
    QTest.keyClicks(editor, " and fewer tools")
    with qtbot.waitSignal(guard.draft_saved, timeout=2000):
        pass
    assert [d.text for d in store.pending()] == ["faster audits and fewer tools"]
    guard.saved()  # the form wrote it to the database
    assert store.pending() == []
    assert guard.attach("stakeholder/3/needs", "faster audits and fewer tools") is None


def test_switching_records_keeps_the_draft_of_the_one_left(tmp_path: Path, qtbot) -> None:
    store = DraftStore(tmp_path)
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    guard = DraftGuard(store, editor, pause_ms=10_000)  # no pause: only flush() writes
    guard.attach("account/1/notes", "")
    QTest.keyClicks(editor, "half a thought")
    guard.attach("account/2/notes", "other")  # switching flushes the pending draft
    assert store.load("account/1/notes").text == "half a thought"


def test_an_unreadable_draft_file_is_ignored(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save("account/1/notes", "keep", base="")
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    assert [d.text for d in store.pending()] == ["keep"]


TYPE_STEADILY_THEN_CRASH = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit
    from ui.safety.draft_guard import DraftGuard
    from workbench.safety.drafts import DraftStore

    app = QApplication([])
    editor = QPlainTextEdit()
    editor.show()
    guard = DraftGuard(DraftStore(Path(sys.argv[1])), editor)
    guard.attach("account/7/notes", "")
    started = time.monotonic()
    n = 0
    while time.monotonic() - started < float(sys.argv[2]):
        QTest.keyClicks(editor, f"w{n} ")
        print(f"{n} {time.monotonic():.3f}", flush=True)
        n += 1
        QTest.qWait(120)  # never a pause long enough for the pause timer
    print(f"end {time.monotonic():.3f}", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_steady_typing_loses_at_most_the_last_two_seconds_on_a_crash(tmp_path: Path,
                                                                     qtbot) -> None:
    folder = tmp_path / "drafts"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", TYPE_STEADILY_THEN_CRASH, str(folder), "5"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == -9, done.stderr
    lines = done.stdout.split()
    end = float(lines[lines.index("end") + 1])
    typed = {int(n): float(t) for n, t in zip(lines[0:-2:2], lines[1:-2:2], strict=True)}
    draft = DraftStore(folder).load("account/7/notes")
    assert draft is not None  # before: the pause timer never fired, nothing was saved
    kept = {int(word[1:]) for word in draft.text.split()}
    lost = [n for n in typed if n not in kept]
    assert all(end - typed[n] <= 2.0 for n in lost), (len(typed), lost)
