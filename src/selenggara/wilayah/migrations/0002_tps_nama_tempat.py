"""TPS.nama is the place a TPS serves ("Lapas Kelas IIA Kediri"), not its label: databases loaded
by earlier demos stored "TPS 001" or "TPS 901 Lapas Kelas IIA Kediri" there, which pages then
showed twice ("TPS 001 TPS 001"). Keep only the place name."""

import re

from django.db import migrations, models


def _tempat(apps, schema_editor):
    TPS = apps.get_model("wilayah", "TPS")
    for tps in TPS.objects.filter(nama__startswith="TPS ").only("id", "nomor", "nama"):
        tempat = re.sub(rf"^TPS 0*{tps.nomor}\b\s*", "", tps.nama)
        if tempat != tps.nama:
            TPS.objects.filter(pk=tps.pk).update(nama=tempat)


class Migration(migrations.Migration):

    dependencies = [
        ("wilayah", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="tps",
            name="nama",
            field=models.CharField(blank=True, max_length=120, verbose_name="nama tempat"),
        ),
        migrations.RunPython(_tempat, migrations.RunPython.noop),
    ]
