"""PindahTPS (the tombstone of a voter's TPS move) is a fact of the register: it moves from coklit
to pemilih. The rows are copied to the new table before the old one is dropped."""

from django.db import migrations

_KOLOM = "id, rev, pemilih_id, tps_asal_id, tps_tujuan_id"


def _salin(dari: str, ke: str):
    def run(apps, schema_editor):
        conn = schema_editor.connection
        with conn.cursor() as cursor:
            cursor.execute(f"INSERT INTO {ke} ({_KOLOM}) SELECT {_KOLOM} FROM {dari}")
            if conn.vendor == "postgresql":
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{ke}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {ke}), 1), "
                    f"(SELECT COUNT(*) > 0 FROM {ke}))")

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("coklit", "0001_initial"),
        ("pemilih", "0003_pindahtps"),
    ]

    operations = [
        migrations.RunPython(_salin("coklit_pindahtps", "pemilih_pindahtps"),
                             _salin("pemilih_pindahtps", "coklit_pindahtps")),
        migrations.DeleteModel(name="PindahTPS"),
    ]
