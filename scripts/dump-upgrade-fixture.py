#!/usr/bin/env python3
"""Writes an SQLite database as one SQL statement per line, the form the upgrade test replays.

Usage: scripts/dump-upgrade-fixture.py DATABASE > Tests/AppTests/Fixtures/<name>.sql

Full-text tables are written as `CREATE VIRTUAL TABLE` plus inserts through the table itself
(their shadow tables are rebuilt by SQLite), so replaying needs no writable schema.
"""
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
out = sys.stdout
tables = db.execute(
    "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
).fetchall()
virtual = [name for name, sql in tables if sql.upper().startswith("CREATE VIRTUAL TABLE")]
# FTS5's own shadow tables only: a table of ours may share the prefix (member_search_fts_ids).
FTS5_SHADOWS = ("data", "idx", "content", "docsize", "config")
shadow = {f"{v}_{suffix}" for v in virtual for suffix in FTS5_SHADOWS}


def columns(table):
    return [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]


def rows(table, names, sql):
    quoted = ", ".join(f'quote("{n}")' for n in names)
    order = "1" if "WITHOUT ROWID" in sql.upper() else "rowid"
    return db.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {order}')


for name, sql in tables:
    if name in shadow:
        continue
    out.write(" ".join(sql.split("\n")) + ";\n")
    names = (["rowid"] if name in virtual else []) + columns(name)
    column_list = ", ".join(f'"{n}"' for n in names)
    for values in rows(name, names, sql):
        text = ", ".join(v.replace("\n", "' || char(10) || '") for v in values)
        out.write(f'INSERT INTO "{name}" ({column_list}) VALUES ({text});\n')
for (sql,) in db.execute("SELECT sql FROM sqlite_schema WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, rowid"):
    out.write(" ".join(sql.split("\n")) + ";\n")
