"""The README's apt line names every Debian package Qt's xcb platform plugin links."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("dpkg") is None or shutil.which("ldd") is None,
                    reason="needs a Debian-style system (dpkg, ldd)")
@pytest.mark.slow  # ldd over every library the xcb plugin links
def test_readme_apt_line_covers_the_xcb_plugin() -> None:
    result = subprocess.run([sys.executable, str(ROOT / ".ci" / "check-xcb-libs"), sys.executable],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "covers the" in result.stdout
