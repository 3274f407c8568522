"""Load and configure every stored model ahead of the first query, off the GUI thread.

SQLAlchemy configures its mappers at the first query; done then, on the GUI thread, it
stalls the first paint. The start-up worker calls `configure_models()` instead, so the
UI never imports SQLAlchemy or the models itself.
"""

from __future__ import annotations


def configure_models() -> None:
    """Import every model and configure all mappers (cheap when already done)."""
    from sqlalchemy.orm import configure_mappers

    import workbench.storage.models  # noqa: F401 - every model, so all are configured

    configure_mappers()
