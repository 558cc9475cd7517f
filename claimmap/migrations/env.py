"""Alembic environment: migrations run on the connection `Store.open` hands over.

The store runs them programmatically (no alembic.ini). Maintainers writing a new
revision can point the alembic command at a database with `-x url=...`.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine


def run(connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things in place, batch mode recreates the table.
    context.configure(connection=connection, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if (handed_over := context.config.attributes.get("connection")) is not None:
    run(handed_over)
else:
    with create_engine(context.get_x_argument(as_dictionary=True)["url"]).begin() as connection:
        run(connection)
