"""Refuse UPDATE of badge chain entries in the database itself (and DELETE of single rows on
PostgreSQL), as the audit trail does. SQLite keeps DELETE possible for a whole-database flush
and restore; the hash chain, the signatures and the chain head catch anything removed."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER badges_chain_no_update BEFORE UPDATE ON badges_chainentry
       BEGIN SELECT RAISE(ABORT, 'badge chain entries are append-only'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS badges_chain_no_update"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION badges_chain_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'badge chain entries are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER badges_chain_no_change BEFORE UPDATE OR DELETE ON badges_chainentry
       FOR EACH ROW EXECUTE FUNCTION badges_chain_append_only()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS badges_chain_no_change ON badges_chainentry",
    "DROP FUNCTION IF EXISTS badges_chain_append_only()",
]


def install(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    statements = (POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql"
                  else SQLITE_REVERSE)
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("badges", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
