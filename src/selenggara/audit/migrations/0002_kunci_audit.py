"""The keyed chain (versi_hash 2), row fingerprints, the head's MAC, and the re-key of old chains.

Until now a record's hash was an unkeyed SHA-256 without ``user_id`` (versi_hash 1), and the
NIK/NKK in records were redacted with an HMAC under ``SECRET_KEY``, which lives in the data
folder by default. This migration:

1. adds ``versi_hash`` (1 for the existing records), ``sidik_sebelum``/``sidik_sesudah`` and the
   head's ``mac``; stops the user id from being rewritten when an account is removed;
2. walks the old chain and checks it (seq, prev_hash, SHA-256, head). If it is broken, it stops
   and says where: re-keying would launder the tampering. ``SELENGGARA_AUDIT_KUNCI_ULANG=paksa``
   re-keys anyway and keeps the problems in the re-key record;
3. replaces each old redacted NIK/NKK ``######**********#<12 hex>`` by one keyed with the audit
   key (an HMAC of the old digest: equal values stay equal, and the data folder no longer
   opens them), and re-hashes every record as versi_hash 2 under the audit key;
4. appends an ``audit.kunci_ulang`` record naming the old head (seq and SHA-256 hash), so a
   head printed before the upgrade can still be matched, and sets the head with its MAC.

The hash functions are copied here, frozen: later versions of ``chain.py`` must not change
what this migration computed. Irreversible (the old hashes are gone); going back is a no-op.
"""

import hashlib
import json
import os
import re
from datetime import UTC

import django.db.models.deletion
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations, models
from django.utils import timezone

GENESIS = "0" * 64
ENV_PAKSA = "SELENGGARA_AUDIT_KUNCI_ULANG"
LAMA = re.compile(r"^(\d{6})\*{10}#([0-9a-f]{12})$")


def _blob(content):
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _waktu(w):
    return w.astimezone(UTC).isoformat(timespec="microseconds")


def _v1(r):
    return hashlib.sha256(_blob({
        "seq": r.seq, "waktu": _waktu(r.waktu), "username": r.username, "aksi": r.aksi,
        "objek_tipe": r.objek_tipe, "objek_id": r.objek_id, "sebelum": r.sebelum,
        "sesudah": r.sesudah, "prev_hash": r.prev_hash})).hexdigest()


def _v2(r):
    from selenggara.audit import kunci

    return kunci.mac("rantai/2", _blob({
        "versi_hash": 2, "seq": r.seq, "waktu": _waktu(r.waktu), "user_id": r.user_id,
        "username": r.username, "aksi": r.aksi, "objek_tipe": r.objek_tipe,
        "objek_id": r.objek_id, "sebelum": r.sebelum, "sesudah": r.sesudah,
        "sidik_sebelum": r.sidik_sebelum, "sidik_sesudah": r.sidik_sesudah,
        "prev_hash": r.prev_hash})).hex()


def _head_mac(seq, hash_):
    from selenggara.audit import kunci

    return kunci.mac("ujung/1", f"{seq}:{hash_}".encode()).hex()


def _nik_ulang(value):
    from selenggara.audit import kunci

    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            m = LAMA.match(v) if k in ("nik", "nkk") and isinstance(v, str) else None
            if m:
                digest = kunci.mac("nik/1", b"v1:" + m.group(2).encode()).hex()
                out[k] = f"{m.group(1)}**********#{digest[:12]}"
            else:
                out[k] = _nik_ulang(v)
        return out
    if isinstance(value, list):
        return [_nik_ulang(v) for v in value]
    return value


def kunci_ulang(apps, schema_editor):
    Record = apps.get_model("audit", "AuditRecord")
    Head = apps.get_model("audit", "AuditHead")
    db = schema_editor.connection.alias
    records = Record.objects.using(db)
    head = Head.objects.using(db).filter(pk=1).first()
    if not records.exists():
        if head is not None:
            head.mac = _head_mac(head.seq, head.hash)
            head.save(update_fields=["mac"])
        return
    problems = []
    prev_old = prev_new = GENESIS
    expected, last, count = 1, 0, 0
    while True:
        batch = list(records.filter(seq__gt=last).order_by("seq")[:2000])
        if not batch:
            break
        for r in batch:
            count += 1
            if r.seq != expected:
                problems.append(f"#{r.seq}: urutan melompat, seharusnya #{expected}")
            if r.prev_hash != prev_old:
                problems.append(f"#{r.seq}: prev_hash tidak cocok dengan catatan sebelumnya")
            if r.versi_hash != 1 or _v1(r) != r.hash:
                problems.append(f"#{r.seq}: isi catatan tidak cocok dengan hash-nya")
            prev_old = r.hash
            r.sebelum, r.sesudah = _nik_ulang(r.sebelum), _nik_ulang(r.sesudah)
            r.versi_hash, r.prev_hash = 2, prev_new
            r.hash = _v2(r)
            prev_new = r.hash
            last, expected = r.seq, r.seq + 1
        records.bulk_update(batch, ["sebelum", "sesudah", "versi_hash", "prev_hash", "hash"],
                            batch_size=500)
    if head is None or head.seq != last or head.hash != prev_old:
        problems.append(f"ujung rantai tercatat #{head.seq if head else '-'}, tetapi catatan "
                        f"terakhir #{last}")
    if problems and os.environ.get(ENV_PAKSA) != "paksa":
        raise RuntimeError(
            "Rantai audit lama RUSAK; kunci ulang dihentikan agar perubahannya tidak tertutup:\n"
            + "\n".join(problems[:20])
            + f"\nPeriksa dulu; untuk tetap mengunci ulang (masalah ini dicatat di rantai), "
            f"setel {ENV_PAKSA}=paksa.")
    rec = Record(
        seq=last + 1, waktu=timezone.now(), user_id=None, username="sistem",
        aksi="audit.kunci_ulang", objek_tipe="audit.auditrecord", objek_id="",
        sebelum=None, sesudah=json.loads(json.dumps({
            "catatan": count, "versi_hash_lama": 1, "versi_hash": 2,
            "ujung_lama": {"seq": head.seq if head else None,
                           "hash": head.hash if head else None},
            "hash_terakhir_lama": prev_old, "masalah": problems[:20],
            "user_id_lama_tidak_dilindungi": True}, cls=DjangoJSONEncoder)),
        sidik_sebelum="", sidik_sesudah="", versi_hash=2, prev_hash=prev_new)
    rec.hash = _v2(rec)
    rec.save(using=db)
    if head is None:
        head = Head(pk=1)
    head.seq, head.hash = rec.seq, rec.hash
    head.mac = _head_mac(head.seq, head.hash)
    head.save(using=db)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditrecord",
            name="versi_hash",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="auditrecord",
            name="versi_hash",
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="sidik_sebelum",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="sidik_sesudah",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="auditrecord",
            name="user",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING,
                                    related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="audithead",
            name="mac",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(kunci_ulang, migrations.RunPython.noop),
    ]
