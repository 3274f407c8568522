"""The Committee tab: the buying-committee map editor, its panels and its exports."""

from __future__ import annotations

import ctypes
import sys

if sys.version_info < (3, 12):  # pragma: no branch - depends on the interpreter
    # PySide6/shiboken6 6.12.0 on Python 3.11 returns None from every void method
    # (setPos, setToolTip, setObjectName, ...) without taking a reference, so each
    # call drops None's reference count by one; a map of 60 cards rebuilt a few
    # dozen times brings it to zero and the interpreter aborts ("none_dealloc").
    # Python 3.12 made None immortal; on 3.11 we give it a reference count no
    # session can exhaust. ob_refcnt is the first field of every object.
    # TODO(lead): move this to the program's start (ui/__init__.py) or pin PySide6.
    _refcnt = ctypes.c_ssize_t.from_address(id(None))
    if _refcnt.value < (1 << 40):
        _refcnt.value += 1 << 40
