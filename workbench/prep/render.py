"""Sheets as HTML from Jinja2 templates (autoescaped), shipped or the rep's own (Qt-free).

Templates live in `resources/templates/`; a `templates` folder in the user's
config folder can add templates or override a shipped one by using its name.
A template names its page limit and budget in its first line, e.g.
`{# sheet: max_pages=1 budget=one_page #}`; it must stay within the HTML subset
Qt's rich text draws (tables, not floats or borders on divs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from workbench import errors, paths
from workbench.prep.context import SheetData
from workbench.prep.fit import Budget, levels_for
from workbench.prep.shaping import shape_sheet

DEFAULT_TEMPLATE = "one_page"
SUFFIX = ".html"
_META = re.compile(r"\{#\s*sheet:(?P<body>[^#]*)#\}")


def builtin_templates_dir() -> Path:
    return paths.resources_dir() / "templates"


def user_templates_dir() -> Path:
    return paths.config_dir() / "templates"


@lru_cache(maxsize=8)
def _environment(user_dir: Path, builtin_dir: Path) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(user_dir)),
                                  jinja2.FileSystemLoader(str(builtin_dir))])
    # Every value is escaped: a name like "<script>" prints as text, never as markup.
    # Sandboxed: a template in the config folder is text anyone could have put there, and
    # a plain environment lets it reach Python (``cycler.__init__.__globals__.os``).
    return SandboxedEnvironment(loader=loader, autoescape=True,
                                undefined=jinja2.StrictUndefined,
                                trim_blocks=True, lstrip_blocks=True)


def environment() -> jinja2.Environment:
    return _environment(user_templates_dir(), builtin_templates_dir())


def list_templates() -> list[str]:
    """Sheet template names (without `.html`), the rep's own included; partials start with _."""
    names: set[str] = set()
    for folder in (builtin_templates_dir(), user_templates_dir()):
        if folder.is_dir():
            names.update(p.stem for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith("_"))
    return sorted(names)


@dataclass(frozen=True)
class TemplateInfo:
    """What a template promises: how many pages, which budgets to step through."""

    name: str
    max_pages: int
    levels: tuple[Budget, ...]


def template_info(name: str) -> TemplateInfo:
    if name.endswith(SUFFIX):
        name = name[: -len(SUFFIX)]
    if not name or name.startswith("_") or name not in list_templates():
        raise errors.NotFound(f"There is no sheet template “{name}”.",
                              hint=f"Templates: {', '.join(list_templates())}.")
    env = environment()
    try:
        source = env.loader.get_source(env, name + SUFFIX)[0]  # type: ignore[union-attr]
    except (OSError, UnicodeDecodeError) as exc:
        raise errors.InvalidInput(f"The template “{name}” cannot be read: {exc}.") from exc
    meta: dict[str, str] = {}
    found = _META.search(source)
    if found:
        meta = dict(part.split("=", 1) for part in found.group("body").split() if "=" in part)
    try:
        max_pages = max(1, int(meta.get("max_pages", "2")))
    except ValueError:
        max_pages = 2
    return TemplateInfo(name, max_pages, levels_for(meta.get("budget", name)))


def render_html(data: SheetData, template: str, budget: Budget, *,
                map_src: str | None = None, extra: dict[str, Any] | None = None) -> str:
    """The sheet as HTML at one level of detail; `map_src` names the map picture, if any."""
    variables: dict[str, Any] = {
        "sheet": shape_sheet(data, budget),
        "map_src": map_src if budget.show_map else None,
        "map_left_out": bool(map_src) and not budget.show_map,
    }
    variables.update(extra or {})
    try:
        return environment().get_template(template + SUFFIX).render(variables)
    except SecurityError as exc:
        raise errors.InvalidInput(
            f"The sheet template “{template}” tries something templates may not do "
            f"({exc}); it was not used.") from exc
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        raise errors.InvalidInput(
            f"The sheet template “{template}” has an error{where}: {exc.message}.") from exc
