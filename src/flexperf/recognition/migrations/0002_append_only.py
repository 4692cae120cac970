"""The ledger in the database itself: entries and transactions refuse UPDATE (SQLite and
PostgreSQL) and DELETE of single rows (PostgreSQL; a whole-database flush stays possible, as for
the audit trail). On PostgreSQL a deferred constraint trigger also refuses, at commit, any
transaction whose entries do not sum to zero or that has fewer than two entries."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER recognition_entry_no_update BEFORE UPDATE ON recognition_entry
       BEGIN SELECT RAISE(ABORT, 'points entries are append-only'); END""",
    """CREATE TRIGGER recognition_txn_no_update BEFORE UPDATE ON recognition_txn
       BEGIN SELECT RAISE(ABORT, 'points transactions are append-only'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS recognition_entry_no_update",
                  "DROP TRIGGER IF EXISTS recognition_txn_no_update"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION recognition_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'points ledger rows are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER recognition_entry_no_change BEFORE UPDATE OR DELETE ON recognition_entry
       FOR EACH ROW EXECUTE FUNCTION recognition_append_only()""",
    """CREATE TRIGGER recognition_txn_no_change BEFORE UPDATE OR DELETE ON recognition_txn
       FOR EACH ROW EXECUTE FUNCTION recognition_append_only()""",
    """CREATE OR REPLACE FUNCTION recognition_txn_balanced() RETURNS trigger AS $$
       DECLARE total bigint; n integer;
       BEGIN
         SELECT COALESCE(SUM(amount), 0), COUNT(*) INTO total, n
           FROM recognition_entry WHERE txn_id = NEW.txn_id;
         IF total <> 0 OR n < 2 THEN
           RAISE EXCEPTION USING MESSAGE = 'points transaction ' || NEW.txn_id
             || ' is unbalanced (sum ' || total || ', ' || n || ' entries)';
         END IF;
         RETURN NULL;
       END; $$ LANGUAGE plpgsql""",
    """CREATE CONSTRAINT TRIGGER recognition_entry_balanced AFTER INSERT ON recognition_entry
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
       EXECUTE FUNCTION recognition_txn_balanced()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS recognition_entry_balanced ON recognition_entry",
    "DROP FUNCTION IF EXISTS recognition_txn_balanced()",
    "DROP TRIGGER IF EXISTS recognition_entry_no_change ON recognition_entry",
    "DROP TRIGGER IF EXISTS recognition_txn_no_change ON recognition_txn",
    "DROP FUNCTION IF EXISTS recognition_append_only()",
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
    dependencies = [("recognition", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
