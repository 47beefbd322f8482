"""One SQLite connection per request, kept on `g`; migrations run at start-up."""

import contextlib
import fcntl
import os
import sqlite3
from collections.abc import Generator, Sequence
from typing import Any

import click
from flask import Flask, Response, current_app, g
from sqlite_utils import Database
from sqlite_utils.db import dedupe_keys

from journal.web.migrations import migrations

BUSY_TIMEOUT_SECONDS = 5


class JournalDatabase(Database):
    """sqlite-utils' Database, with plain reads.

    sqlite-utils runs every `query()` inside SAVEPOINT ... RELEASE, so that a
    statement that turns out not to return rows can be rolled back; outside a
    transaction that is a BEGIN and a COMMIT around each read, three
    statements for one. A plain SELECT cannot write, so it goes straight to
    the connection (13-15% off Today and the Summary, measured); anything
    else keeps the guard.
    """

    def query(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
    ) -> Generator[dict[str, Any], None, None]:
        if not sql.lstrip().upper().startswith("SELECT"):
            return super().query(sql, params)
        cursor = self.conn.execute(sql, params if params is not None else ())
        keys = dedupe_keys(d[0] for d in cursor.description)
        return (dict(zip(keys, row)) for row in cursor)

    @contextlib.contextmanager
    def atomic(self) -> Generator["JournalDatabase", None, None]:
        """sqlite-utils' `atomic()`, except that a new transaction takes the
        write lock at once (BEGIN IMMEDIATE), waiting its turn behind other
        writers. A deferred transaction that reads first (an edit reads the
        check-in's old date) fails at once with "database is locked" when
        another connection wrote in between; the busy timeout can't help it."""
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


def connect(path: str) -> JournalDatabase:
    """Open `path` with the settings every connection needs."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)
    db = JournalDatabase(conn)
    # Off by default in SQLite; without it ON DELETE CASCADE does nothing.
    db.execute("PRAGMA foreign_keys = ON")
    # WAL is durable with NORMAL: a power cut can lose the last commits
    # but never corrupts the file.
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def get_db() -> JournalDatabase:
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
        if current_app.config.get("COUNT_QUERIES"):
            g.query_count = 0
            g.db.conn.set_trace_callback(_count_query)
    return g.db


# Transaction control that sqlite-utils wraps around each query is not a query.
_NOT_QUERIES = ("PRAGMA", "SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK")


def _count_query(statement: str) -> None:
    if not statement.lstrip().upper().startswith(_NOT_QUERIES):
        g.query_count = g.get("query_count", 0) + 1


def close_db(exception: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def migrate(path: str) -> None:
    """Create or upgrade the database at `path`; safe to run again, and safe
    when several server workers start at once."""
    if path == ":memory:":
        _apply_migrations(path)
        return
    if not os.path.exists(path):
        # Health data: readable by this user only (SQLite gives the -wal and
        # -shm files the same permissions).
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    # Two gunicorn workers booting on a new database would both see the same
    # migration pending; the second would then fail on "table already
    # exists". An exclusive lock on a file beside the database makes them
    # take turns (a lock on the database file itself could drop SQLite's own
    # locks when closed). The second finds nothing left to do.
    lock_fd = os.open(f"{path}.migrate-lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX)
        _apply_migrations(path)
    finally:
        os.close(lock_fd)


def _apply_migrations(path: str) -> None:
    db = connect(path)
    try:
        migrations.apply(db)
    finally:
        db.conn.close()


def health_problem(path: str) -> str | None:
    """What stops the database at `path` serving, or None when it can: the
    file is there, SQLite reads it, and no migration is pending.

    It never creates the file: sqlite3.connect would make an empty database
    where one went missing, and report it healthy.
    """
    if not os.path.isfile(path):
        return "database missing"
    try:
        db = connect(path)
        try:
            pending = migrations.pending(db)
        finally:
            db.conn.close()
    except sqlite3.Error:
        return "database unreadable"
    if pending:
        return "migrations pending"
    return None


@click.command("migrate")
def migrate_command() -> None:
    """Create or upgrade the database."""
    migrate(current_app.config["DATABASE"])
    click.echo(f"Database is up to date: {current_app.config['DATABASE']}")


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
    app.cli.add_command(migrate_command)
    migrate(app.config["DATABASE"])

    if app.config.get("COUNT_QUERIES"):

        @app.after_request
        def report_query_count(response: Response) -> Response:
            response.headers["X-Query-Count"] = str(g.get("query_count", 0))
            return response
