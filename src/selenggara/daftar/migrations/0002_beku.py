"""The frozen list refuses updates in the database itself, not only in the services.

SQLite and PostgreSQL both get a trigger that aborts any UPDATE of a list row (BarisDaftar) and
any change of a set list's count or hash (DaftarTetap) once written. PostgreSQL also refuses a
DELETE of list rows (TRUNCATE, which the test runner uses to empty tables, fires no row
trigger); on SQLite a DELETE trigger would also stop the test runner's flush, so there the
services refuse it and ``selenggara daftar snapshot --periksa`` recomputes the published hash.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER daftar_baris_beku BEFORE UPDATE ON daftar_barisdaftar
       BEGIN SELECT RAISE(ABORT, 'daftar beku: baris daftar yang ditetapkan tidak dapat diubah'); END""",
    """CREATE TRIGGER daftar_tetap_beku BEFORE UPDATE OF jumlah, sha256, tahap, pemilihan_id
       ON daftar_daftartetap WHEN OLD.sha256 <> 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
       BEGIN SELECT RAISE(ABORT, 'daftar beku: daftar yang ditetapkan tidak dapat diubah'); END""",
]
SQLITE_MUNDUR = ["DROP TRIGGER IF EXISTS daftar_baris_beku",
                 "DROP TRIGGER IF EXISTS daftar_tetap_beku"]

PG = [
    """CREATE OR REPLACE FUNCTION daftar_tolak_ubah() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'daftar beku: baris daftar yang ditetapkan tidak dapat diubah'; END;
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER daftar_baris_beku BEFORE UPDATE OR DELETE ON daftar_barisdaftar
       FOR EACH ROW EXECUTE FUNCTION daftar_tolak_ubah()""",
    """CREATE OR REPLACE FUNCTION daftar_tetap_tolak_ubah() RETURNS trigger AS $$
       BEGIN
         IF OLD.sha256 <> 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
            AND (NEW.jumlah, NEW.sha256, NEW.tahap, NEW.pemilihan_id)
                IS DISTINCT FROM (OLD.jumlah, OLD.sha256, OLD.tahap, OLD.pemilihan_id) THEN
           RAISE EXCEPTION 'daftar beku: daftar yang ditetapkan tidak dapat diubah';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER daftar_tetap_beku BEFORE UPDATE ON daftar_daftartetap
       FOR EACH ROW EXECUTE FUNCTION daftar_tetap_tolak_ubah()""",
]
PG_MUNDUR = ["DROP TRIGGER IF EXISTS daftar_baris_beku ON daftar_barisdaftar",
             "DROP TRIGGER IF EXISTS daftar_tetap_beku ON daftar_daftartetap",
             "DROP FUNCTION IF EXISTS daftar_tolak_ubah()",
             "DROP FUNCTION IF EXISTS daftar_tetap_tolak_ubah()"]


def maju(apps, schema_editor):
    sqls = PG if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in sqls:
        schema_editor.execute(sql)


def mundur(apps, schema_editor):
    sqls = PG_MUNDUR if schema_editor.connection.vendor == "postgresql" else SQLITE_MUNDUR
    for sql in sqls:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("daftar", "0001_initial")]
    operations = [migrations.RunPython(maju, mundur)]
