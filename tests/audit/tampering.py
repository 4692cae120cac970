"""Changing stored audit rows the way someone with DDL rights could, to prove it is caught."""

from __future__ import annotations

from django.db import connection


def tamper(sql: str, params: list[object]) -> None:
    """Run `sql` against the audit table with its append-only trigger out of the way."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_change")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")
            cursor.execute(sql, params)
