"""Alembic environment: runs on the connection the program hands over, in batch mode for SQLite."""

from alembic import context

from workbench.storage.models import Base
from workbench.storage.schema import include_name

config = context.config
connection = config.attributes.get("connection")

if connection is None:
    # `alembic` run by hand (autogenerate while developing): open the URL it was given.
    from workbench.storage.database import create_db_engine, resolve_url

    url = config.get_main_option("sqlalchemy.url") or resolve_url(None)[0]
    engine = create_db_engine(url)
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True,
                          include_name=include_name)
        context.run_migrations()
else:
    # On PostgreSQL, the version table of the connection's own schema: Alembic would
    # otherwise find another schema's (`public`) through the search path and skip.
    version_schema = (connection.exec_driver_sql("SELECT current_schema()").scalar()
                      if connection.dialect.name == "postgresql" else None)
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                      include_name=include_name, version_table_schema=version_schema)
    with context.begin_transaction():
        context.run_migrations()
