"""`flask --app journal backup PATH`: a consistent copy while the app serves.

SQLite's online backup API copies the database page by page and restarts if
a writer changes it mid-copy, so the copy is always a consistent snapshot,
WAL contents included; copying the file with `cp` while the app runs is not.
"""

import os
import sqlite3
from pathlib import Path

import click
from flask import Flask, current_app


def backup(source_path: str, target_path: str | Path) -> Path:
    """Copy the database at `source_path` to a new file at `target_path`."""
    target = Path(target_path)
    if target.exists():
        raise FileExistsError(f"{target} already exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path, timeout=30)
    # A copy of health data: readable by this user only.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    destination = sqlite3.connect(str(target))
    try:
        with destination:
            source.backup(destination, pages=1024)
        # A self-contained file: no -wal next to it to lose in a copy.
        destination.execute("PRAGMA journal_mode = DELETE")
        check = destination.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        destination.close()
        source.close()
    if check != "ok":
        raise RuntimeError(f"backup failed its integrity check: {check}")
    return target


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path: str) -> None:
    """Write a consistent copy of the database to PATH (a new file)."""
    try:
        target = backup(current_app.config["DATABASE"], path)
    except FileExistsError as error:
        raise click.ClickException(str(error))
    click.echo(f"Backed up {current_app.config['DATABASE']} to {target}")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
