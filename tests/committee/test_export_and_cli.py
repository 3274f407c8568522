"""Exports are valid files showing every card, from the tab, the API and `workbench map`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from tests.helpers import run_command
from workbench import errors
from workbench.accounts import create_account
from workbench.committee.records import load_committee


@pytest.fixture(autouse=True)
def app(qapp):
    return qapp


def svg_texts(path: Path) -> str:
    root = ET.parse(path).getroot()  # raises if the SVG does not parse
    assert root.tag.endswith("svg")
    return " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))


def test_render_map_image_has_the_asked_width_and_shows_every_card(db, demo_account) -> None:
    from ui.committee_map.export import natural_size, render_map_image

    image = render_map_image(db, demo_account, 900)
    natural = natural_size(db, demo_account)
    assert image.width() == 900
    assert image.height() == round(900 * natural.height() / natural.width())
    assert image.pixelColor(2, 2) == QColor("#ffffff")
    fixed = render_map_image(db, demo_account, 640, 480)
    assert (fixed.width(), fixed.height()) == (640, 480)
    # Every card's attitude column is painted: count the strong-coloured columns on the image.
    coloured = set()
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = image.pixelColor(x, y)
            if c.saturation() > 90 and c.value() < 230:
                coloured.add((x // 60, y // 60))
    assert len(coloured) >= len(load_committee(db, demo_account).people)


def test_png_svg_and_pdf_files_are_valid_and_show_every_name(db, demo_account, tmp_path) -> None:
    from PySide6.QtGui import QImage

    from ui.committee_map import export

    names = [p.name for p in load_committee(db, demo_account).people]
    size = export.export_png(db, demo_account, tmp_path / "map.png")
    png = QImage(str(tmp_path / "map.png"))
    assert (png.width(), png.height()) == (size.width(), size.height())
    natural = export.natural_size(db, demo_account)
    assert png.width() == round(natural.width() * 2)

    export.export_svg(db, demo_account, tmp_path / "map.svg")
    text = svg_texts(tmp_path / "map.svg")
    assert all(name in text for name in names)
    assert "reports to" in text

    export.export_pdf(db, demo_account, tmp_path / "map.pdf")
    data = (tmp_path / "map.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 1  # exactly one page


def test_an_empty_committee_still_exports_a_picture_that_says_so(db, tmp_path) -> None:
    from ui.committee_map import export

    account = create_account(db, "Empty Co")
    export.export_svg(db, account, tmp_path / "empty.svg")
    assert "No one is on the committee map yet" in svg_texts(tmp_path / "empty.svg")


def test_exporting_into_a_missing_folder_says_so(db, demo_account, tmp_path) -> None:
    from ui.committee_map import export

    with pytest.raises(errors.InvalidInput, match="does not exist"):
        export.export_png(db, demo_account, tmp_path / "nope" / "map.png")
    assert not any(tmp_path.iterdir()) or not (tmp_path / "nope").exists()


def test_the_map_command_writes_each_format(db, db_target, demo_account, tmp_path, capsys) -> None:
    for fmt in ("png", "svg", "pdf"):
        out = tmp_path / f"committee.{fmt}"
        assert run_command(db_target, "map", "Harbor Lane Logistics", f"--{fmt}", str(out)) == 0
        assert out.stat().st_size > 1000
    assert "Wrote" in capsys.readouterr().err
    svg_texts(tmp_path / "committee.svg")


def test_the_map_command_needs_exactly_one_format(db_path, tmp_path) -> None:
    with pytest.raises(SystemExit):
        run_command(db_path, "map", "1")
    with pytest.raises(SystemExit):
        run_command(db_path, "map", "1", "--png", "a.png", "--svg", "b.svg")


def test_the_map_command_names_an_unknown_account(db, db_path, tmp_path) -> None:
    with pytest.raises(errors.NotFound):
        run_command(db_path, "map", "No Such Co", "--png", str(tmp_path / "x.png"))


def test_the_tab_exports_what_it_shows(tab, tmp_path) -> None:
    from PySide6.QtGui import QImage

    tab.add_action.trigger()  # an unsaved-looking edit is already stored, so it is exported
    assert tab.export_to(tmp_path / "tab.png", "png")
    assert not QImage(str(tmp_path / "tab.png")).isNull()
    assert tab.export_to(tmp_path / "tab.svg", "svg")
    assert "New person" in svg_texts(tmp_path / "tab.svg")
    assert not tab.export_to(tmp_path / "missing" / "tab.pdf", "pdf")


ENTRY_POINT_SCRIPT = """
import sys
import workbench.cli as cli
from ui.committee_map.cli import register


class Entry:  # what the `workbench.commands` entry point will give once installed
    name = "map"

    def load(self):
        return register


cli._plugin_commands = lambda: [Entry()]
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.slow  # about 10 s: starts the real program in a subprocess
def test_workbench_map_runs_headless_through_the_real_cli(db, db_target, demo_account,
                                                         tmp_path) -> None:
    import os
    import subprocess
    import sys

    db.dispose()
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = str(root)
    out = tmp_path / "map.png"
    done = subprocess.run([sys.executable, "-c", ENTRY_POINT_SCRIPT, "--db", str(db_target),
                           "map", "Harbor Lane Logistics", "--png", str(out)],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Wrote" in done.stderr and out.stat().st_size > 10_000
    missing = subprocess.run([sys.executable, "-c", ENTRY_POINT_SCRIPT, "--db", str(db_target),
                              "map", "Nobody Inc", "--svg", str(tmp_path / "x.svg")],
                             capture_output=True, text=True, env=env, timeout=120, check=False)
    assert missing.returncode == 1 and "Nobody Inc" in missing.stderr
    assert not (tmp_path / "x.svg").exists()
