"""Append-only, hash-chained audit log.

Each record carries a keyed hash (HMAC-SHA256 under the audit key, ``kunci.py``) of all its
fields and of the record before it, so editing, inserting, deleting or reordering any record
breaks the chain and ``selenggara audit verify`` finds it, even when the hashes are recomputed
(that needs the key, which is not in the database). The head row remembers the last sequence
number and hash under its own MAC, so cutting records off the end is found too; a chain
emptied or cut back to an earlier state is found against the anchors kept outside the
database (``selenggara audit jangkar``). See ``docs/audit.md``.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditRecord(models.Model):
    seq = models.PositiveBigIntegerField(_("urutan"), unique=True)
    waktu = models.DateTimeField(_("waktu"))
    # The user id is part of the hash, so removing an account must not rewrite it: no
    # database constraint, nothing done on delete (the id then names a removed account).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    # The username is copied: the record must still say who acted after an account is removed.
    username = models.CharField(_("pengguna"), max_length=150)
    aksi = models.CharField(_("aksi"), max_length=80)
    objek_tipe = models.CharField(_("jenis objek"), max_length=80, blank=True)
    objek_id = models.CharField(_("id objek"), max_length=64, blank=True)
    sebelum = models.JSONField(_("sebelum"), null=True, blank=True, encoder=DjangoJSONEncoder)
    sesudah = models.JSONField(_("sesudah"), null=True, blank=True, encoder=DjangoJSONEncoder)
    # Keyed fingerprints of the whole row before and after a change (register rows written
    # through a protocol such as pemilih.services): `audit verify --register` recomputes them.
    sidik_sebelum = models.CharField(max_length=64, blank=True, default="")
    sidik_sesudah = models.CharField(max_length=64, blank=True, default="")
    # How ``hash`` is computed (chain.py): 2 = HMAC-SHA256 of every field.
    versi_hash = models.PositiveSmallIntegerField(default=2)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        ordering = ["seq"]
        indexes = [models.Index(fields=["objek_tipe", "objek_id"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="audit_seq_positif"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.aksi} {self.objek_tipe}:{self.objek_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Catatan audit tidak boleh diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Catatan audit tidak boleh dihapus.")


class AuditHead(models.Model):
    """The single row (id=1) holding the end of the chain; writers lock it to append."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    # HMAC of (seq, hash) under the audit key: moving the head back needs the key.
    mac = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("ujung rantai audit")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
