"""Templates from the config folder run sandboxed: they can print the sheet, never reach
Python (a template that tries is refused with a message, and its command never runs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench import errors, paths
from workbench.prep import calls
from workbench.prep.context import load_sheet
from workbench.prep.fit import ONE_PAGE_LEVELS
from workbench.prep.render import environment, render_html
from workbench.storage.database import Database


@pytest.mark.parametrize("payload", [
    "{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}",
    "{{{{ sheet.__class__.__init__.__globals__['__builtins__']['open']('{marker}', 'w') }}}}",
    "{{{{ ''.__class__.__mro__[1].__subclasses__() }}}}{{{{ lipsum.__globals__.os.popen("
    "'touch {marker}') }}}}",
])
def test_a_user_template_cannot_run_commands(db: Database, demo: int, tmp_path: Path,
                                              payload: str) -> None:
    marker = tmp_path / "ran"
    folder = paths.config_dir() / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "evil.html").write_text(payload.format(marker=marker), encoding="utf-8")
    data = load_sheet(db, calls.next_call_id(db, demo))
    with pytest.raises(errors.InvalidInput, match="evil"):
        render_html(data, "evil", ONE_PAGE_LEVELS[0])
    assert not marker.exists()


def test_every_template_is_sandboxed_and_escaped() -> None:
    env = environment()
    assert env.is_safe_attribute is not None and env.sandboxed
    assert env.autoescape
