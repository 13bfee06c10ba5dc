"""Walking every table of the metadata for anything that still points at one resident.

A row points at a resident when a chain of foreign keys leads from it to the resident's
row (a conversation, a response, an answer of that response…), or when any of its values
holds something that identifies them: their number in any spelling, its lookup hash,
their pseudonym, a MessageSid of theirs, a registration code of theirs, or a ciphertext
that decrypts to their number. The walk reads ``Base.metadata``, so a table added later
is walked too, whether or not anyone remembered it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from feedback_bot.db import Base
from feedback_bot.phones import national_form


@dataclass
class Trace:
    """What identifies one resident: the rows that point at them, the strings that name them."""

    keys: set[tuple[str, str, Any]] = field(default_factory=set)  # (table, column, value)
    rows: dict[str, set[Any]] = field(default_factory=dict)  # table -> primary keys
    contents: set[str] = field(default_factory=set)  # the resident's rows, whole
    tokens: set[str] = field(default_factory=set)
    phone: str | None = None


def snapshot(runtime) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table of the metadata, as plain dicts."""
    with runtime.engine.connect() as connection:
        return {
            table.name: [dict(row._mapping) for row in connection.execute(select(table))]
            for table in Base.metadata.sorted_tables
        }


def _pk(table, row: dict[str, Any]) -> Any:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _referred_columns() -> dict[str, set[str]]:
    referred: dict[str, set[str]] = {}
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            referred.setdefault(fk.column.table.name, set()).add(fk.column.name)
    return referred


def trace_of(runtime, resident_ids: Iterable[int], *, phone: str, tokens: Iterable[str] = ()):
    """Follow foreign keys from the residents' rows, to a fixed point; collect their tokens."""
    data = snapshot(runtime)
    referred = _referred_columns()
    trace = Trace(phone=phone)
    tables = {t.name: t for t in Base.metadata.sorted_tables}

    def link(table_name: str, row: dict[str, Any]) -> bool:
        pk = _pk(tables[table_name], row)
        if pk in trace.rows.setdefault(table_name, set()):
            return False
        trace.rows[table_name].add(pk)
        trace.contents.add(_fingerprint(table_name, row))
        for column in referred.get(table_name, ()):
            trace.keys.add((table_name, column, row[column]))
        return True

    for row in data["residents"]:
        if row["id"] in set(resident_ids):
            link("residents", row)
            trace.tokens |= {row["phone_lookup"], row["respondent_id"]}
    changed = True
    while changed:
        changed = False
        for table in Base.metadata.sorted_tables:
            for row in data[table.name]:
                for fk in table.foreign_keys:
                    key = (fk.column.table.name, fk.column.name, row[fk.parent.name])
                    if key in trace.keys and link(table.name, row):
                        changed = True
    for row in data.get("registrations", []):
        if _pk(tables["registrations"], row) in trace.rows.get("registrations", set()):
            trace.tokens.add(row["code"])
    trace.tokens |= set(tokens) | _spellings(phone)
    return trace


def _spellings(phone: str) -> set[str]:
    national = national_form(phone)  # 07701234567
    return {phone, phone.lstrip("+"), national, national[1:]}


def _fingerprint(table_name: str, row: dict[str, Any]) -> str:
    # Whole rows, not primary keys: SQLite hands a deleted row's id to the next insert.
    return json.dumps([table_name, sorted(row.items())], default=str, ensure_ascii=False)


def _text(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def leftovers(runtime, trace: Trace) -> list[str]:
    """Every row that still points at the traced resident, described (empty when none)."""
    found = []
    vault = runtime.vault
    data = snapshot(runtime)
    for table in Base.metadata.sorted_tables:
        for row in data[table.name]:
            pk = _pk(table, row)
            where = f"{table.name} {pk}"
            if _fingerprint(table.name, row) in trace.contents:
                found.append(f"{where}: a row of the resident's is still there")
                continue
            for fk in table.foreign_keys:
                if (fk.column.table.name, fk.column.name, row[fk.parent.name]) in trace.keys:
                    found.append(f"{where}: {fk.parent.name} refers to a row of the resident's")
            for column, value in row.items():
                text = _text(value)
                hits = [token for token in trace.tokens if token and token in text]
                if hits:
                    found.append(f"{where}: {column} holds {len(hits)} identifier(s)")
                if isinstance(value, str) and value.startswith("gAAAA"):
                    try:
                        clear = vault.decrypt(value)
                    except ValueError:
                        continue
                    if clear == trace.phone:
                        found.append(f"{where}: {column} is the number, encrypted")
    return found


def tables_reaching_residents() -> set[str]:
    """Every table from which a chain of foreign keys leads to ``residents``."""
    reaching = {"residents"}
    changed = True
    while changed:
        changed = False
        for table in Base.metadata.sorted_tables:
            if table.name in reaching:
                continue
            if any(fk.column.table.name in reaching for fk in table.foreign_keys):
                reaching.add(table.name)
                changed = True
    return reaching
