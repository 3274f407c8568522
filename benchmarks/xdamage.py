"""Watching an X server for the first drawing on screen, through the DAMAGE extension (ctypes).

Used by the cold-start measurement to time programs it cannot instrument (QuiteRSS,
RSS Guard) and, the same way, the workbench and a bare window: the clock runs from
just before the program is started to the first damage event on the root window
large enough to be a window's contents (`min_area`), as the X server reports it.
Needs libX11 and libXdamage; `available()` says whether they load.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import select
import time
from collections.abc import Callable

X_DAMAGE_NOTIFY = 0
REPORT_RAW_RECTANGLES = 0


class XRectangle(ctypes.Structure):
    _fields_ = [("x", ctypes.c_short), ("y", ctypes.c_short),
                ("width", ctypes.c_ushort), ("height", ctypes.c_ushort)]


class XDamageNotifyEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong),
                ("send_event", ctypes.c_int), ("display", ctypes.c_void_p),
                ("drawable", ctypes.c_ulong), ("damage", ctypes.c_ulong),
                ("level", ctypes.c_int), ("more", ctypes.c_int),
                ("timestamp", ctypes.c_ulong), ("area", XRectangle),
                ("geometry", XRectangle)]


class XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("damage", XDamageNotifyEvent),
                ("pad", ctypes.c_long * 24)]


def _libraries() -> tuple[ctypes.CDLL, ctypes.CDLL] | None:
    x11 = ctypes.util.find_library("X11") or "libX11.so.6"
    damage = ctypes.util.find_library("Xdamage") or "libXdamage.so.1"
    try:
        return ctypes.CDLL(x11), ctypes.CDLL(damage)
    except OSError:
        return None


def available() -> bool:
    return _libraries() is not None


class DamageWatch:
    """Damage on the root window of `display` (":15"), read from now on."""

    def __init__(self, display: str) -> None:
        libs = _libraries()
        if libs is None:
            raise RuntimeError("libX11 or libXdamage is not installed")
        self.x11, self.xdamage = libs
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x11.XConnectionNumber.argtypes = [ctypes.c_void_p]
        self.x11.XPending.argtypes = [ctypes.c_void_p]
        self.x11.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(XEvent)]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xdamage.XDamageQueryExtension.argtypes = [
            ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int)]
        self.xdamage.XDamageCreate.restype = ctypes.c_ulong
        self.xdamage.XDamageCreate.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int]
        self.xdamage.XDamageDestroy.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.dpy = None
        deadline = time.monotonic() + 10
        while not self.dpy and time.monotonic() < deadline:
            # A server just started may announce its number before it takes connections.
            self.dpy = self.x11.XOpenDisplay(display.encode())
            if not self.dpy:
                time.sleep(0.05)
        if not self.dpy:
            raise RuntimeError(f"cannot open X display {display}")
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not self.xdamage.XDamageQueryExtension(self.dpy, ctypes.byref(event_base),
                                                  ctypes.byref(error_base)):
            self.x11.XCloseDisplay(self.dpy)
            raise RuntimeError(f"the X server {display} has no DAMAGE extension")
        self.notify_type = event_base.value + X_DAMAGE_NOTIFY
        root = self.x11.XDefaultRootWindow(self.dpy)
        self.damage = self.xdamage.XDamageCreate(self.dpy, root, REPORT_RAW_RECTANGLES)
        self.x11.XSync(self.dpy, 0)
        self.drain()

    def drain(self) -> None:
        event = XEvent()
        while self.x11.XPending(self.dpy):
            self.x11.XNextEvent(self.dpy, ctypes.byref(event))

    def first_drawing(self, min_area: int, timeout_s: float,
                      alive: Callable[[], bool] = lambda: True) -> float | None:
        """The monotonic time of the first damage of at least `min_area` pixels, or None."""
        fd = self.x11.XConnectionNumber(self.dpy)
        deadline = time.monotonic() + timeout_s
        event = XEvent()
        while time.monotonic() < deadline:
            while self.x11.XPending(self.dpy):
                self.x11.XNextEvent(self.dpy, ctypes.byref(event))
                if event.type == self.notify_type:
                    area = event.damage.area
                    if area.width * area.height >= min_area:
                        return time.monotonic()
            if not alive():
                return None
            select.select([fd], [], [], 0.02)
        return None

    def close(self) -> None:
        self.xdamage.XDamageDestroy(self.dpy, self.damage)
        self.x11.XCloseDisplay(self.dpy)
