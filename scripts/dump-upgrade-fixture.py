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
shadow = {name for name, _ in tables for v in virtual if name.startswith(v + "_")}


def columns(table):
    return [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]


def rows(table, names):
    quoted = ", ".join(f'quote("{n}")' for n in names)
    return db.execute(f'SELECT {quoted} FROM "{table}" ORDER BY rowid')


for name, sql in tables:
    if name in shadow:
        continue
    out.write(" ".join(sql.split("\n")) + ";\n")
    names = (["rowid"] if name in virtual else []) + columns(name)
    column_list = ", ".join(f'"{n}"' for n in names)
    for values in rows(name, names):
        text = ", ".join(v.replace("\n", "' || char(10) || '") for v in values)
        out.write(f'INSERT INTO "{name}" ({column_list}) VALUES ({text});\n')
for (sql,) in db.execute("SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid"):
    out.write(" ".join(sql.split("\n")) + ";\n")
