"""Behaviour shared by the admin classes of wilayah, pemilihan, petugas and pemilih.

- Scope: a staff account that is also an officer sees only its own area in the admin, through
  the same ``petugas.scope`` helper as the pages; only a superuser sees everything.
- Audit: the admin writes to the database directly, so it appends the audit record itself
  (DESIGN.md: every change is audited, in the same transaction; the admin's change view
  already runs inside ``transaction.atomic``).
- Privacy: a search term holding a full NIK/NKK is refused, because the admin searches with GET
  and the term would land in the URL and the access logs.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect

from selenggara.audit.services import record, snapshot
from selenggara.petugas.scope import scoped

from .forms import PESAN_NIK_PENUH, berisi_nik_penuh


class ScopedAdminMixin:
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return scoped(qs, request.user)


class AuditedAdminMixin:
    def _label(self, obj) -> str:
        return obj._meta.label_lower

    def save_model(self, request, obj, form, change):
        sebelum = None
        if change and obj.pk is not None:
            lama = type(obj)._default_manager.filter(pk=obj.pk).first()
            sebelum = snapshot(lama) if lama is not None else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(f"{self._label(obj)}.{'ubah' if change else 'tambah'}.admin", user=request.user,
                   objek=obj, sebelum=sebelum, sesudah=snapshot(obj))

    def delete_model(self, request, obj):
        with transaction.atomic():
            sebelum, pk = snapshot(obj), obj.pk
            super().delete_model(request, obj)
            record(f"{self._label(obj)}.hapus.admin", user=request.user,
                   objek_tipe=self._label(obj), objek_id=pk, sebelum=sebelum)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class NoFullNikSearchMixin:
    def changelist_view(self, request, extra_context=None):
        q = request.GET.get("q", "")
        if q and berisi_nik_penuh(q):
            params = request.GET.copy()
            params.pop("q", None)
            self.message_user(request, PESAN_NIK_PENUH, messages.WARNING)
            return HttpResponseRedirect(request.path + (f"?{params.urlencode()}" if params else ""))
        return super().changelist_view(request, extra_context)


class SelenggaraAdmin(ScopedAdminMixin, AuditedAdminMixin, NoFullNikSearchMixin):
    """Mixins in one: put first in the bases, before ``admin.ModelAdmin``."""

    show_full_result_count = False  # the extra COUNT(*) over 222k voters buys nothing
    list_per_page = 50
