"""Admin base classes shared by every app (wilayah, pemilihan, petugas, pemilih, ...).

- Scope: a staff account that is also an officer sees only its own area in the admin, through
  the same ``petugas.scope`` helper as the pages; only a superuser sees everything. The same
  helper limits what a form accepts in a foreign key (select, raw id or autocomplete), so such
  an account cannot put a voter, officer or TPS into another area either.
- Audit: the admin writes through the ORM, so :class:`AuditedModelAdmin` appends the audit
  record in the same transaction. Lock order: like every auditing writer (see
  :class:`~selenggara.audit.services.Appender`), it locks the audit chain head FIRST and only
  then reads and writes the row; the other order can deadlock two writers on PostgreSQL.
- Privacy: a search term holding a full NIK/NKK is refused, because the admin searches with GET
  and the term would land in the URL and the access logs.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponseRedirect

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender, snapshot

from .forms import PESAN_NIK_PENUH, berisi_nik_penuh
from .scope import get_scope, has_rule, scoped


def pilihan_dalam_wilayah(qs: QuerySet, user) -> QuerySet:
    """The choices a form may offer ``user`` for a foreign key to ``qs.model``.

    A model with a scope rule (areas, TPS, officers, voters) is limited to the caller's area,
    exactly like the lists; a model without one (elections, user accounts) is left as it is. A
    superuser chooses from everything, as in :meth:`ScopedAdminMixin.get_queryset`.
    """
    if user.is_superuser:
        return qs
    if not has_rule(qs.model):
        return qs
    return scoped(qs, get_scope(user))


class AuditedModelAdmin:
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            appender = Appender()
            before = None
            if change and obj.pk is not None:
                previous = type(obj)._default_manager.filter(pk=obj.pk).first()
                before = snapshot(previous) if previous is not None else None
            super().save_model(request, obj, form, change)
            appender.add(AksiAudit.ADMIN_UBAH if change else AksiAudit.ADMIN_TAMBAH,
                         user=request.user, objek=obj, sebelum=before, sesudah=snapshot(obj))
            appender.flush()

    def delete_model(self, request, obj):
        with transaction.atomic():
            appender = Appender()
            before, pk = snapshot(obj), obj.pk
            label = obj._meta.label_lower
            super().delete_model(request, obj)
            appender.add(AksiAudit.ADMIN_HAPUS, user=request.user, objek_tipe=label, objek_id=pk,
                         sebelum=before)
            appender.flush()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            # Lock the head before the rows are read and deleted; each delete_model below
            # takes the same (already held) lock again and appends its own record.
            Appender()
            for obj in queryset:
                self.delete_model(request, obj)


class ScopedChoicesMixin:
    """Foreign-key choices limited to the caller's area. The form field's queryset is what
    Django validates a submitted id against, whatever the widget (select, raw id input or
    autocomplete), so an id from another area is refused as "not one of the choices"."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and getattr(formfield, "queryset", None) is not None:
            formfield.queryset = pilihan_dalam_wilayah(formfield.queryset, request.user)
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and getattr(formfield, "queryset", None) is not None:
            formfield.queryset = pilihan_dalam_wilayah(formfield.queryset, request.user)
        return formfield


class ScopedAdminMixin(ScopedChoicesMixin):
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return scoped(qs, request.user)

    def get_list_filter(self, request):
        # Django's filter on a relation (``list_filter = ["pemilihan"]``) lists every row of
        # the related table, whoever asks: another kab/kota's election or contest by name in
        # the sidebar. Outside a superuser, offer only the values of the rows the caller sees.
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [self._filter_dalam_wilayah(f) for f in filters]

    def _filter_dalam_wilayah(self, spec):
        if isinstance(spec, str):
            name = spec
        elif isinstance(spec, tuple | list) and spec[1] is admin.RelatedFieldListFilter:
            name = spec[0]
        else:
            return spec  # a filter class of its own decides its own choices
        try:
            field = get_fields_from_path(self.model, name)[-1]
        except FieldDoesNotExist:
            return spec
        return (name, admin.RelatedOnlyFieldListFilter) if field.is_relation else spec


class NoFullNikSearchMixin:
    def changelist_view(self, request, extra_context=None):
        q = request.GET.get("q", "")
        if q and berisi_nik_penuh(q):
            params = request.GET.copy()
            params.pop("q", None)
            self.message_user(request, PESAN_NIK_PENUH, messages.WARNING)
            return HttpResponseRedirect(request.path + (f"?{params.urlencode()}" if params else ""))
        return super().changelist_view(request, extra_context)


class SelenggaraAdmin(ScopedAdminMixin, AuditedModelAdmin, NoFullNikSearchMixin):
    """Scope, audit and the NIK search guard in one: put first in the bases, before
    ``admin.ModelAdmin``."""

    show_full_result_count = False  # the extra COUNT(*) over 222k voters buys nothing
    list_per_page = 50


class AuditedInlinesMixin:
    """Inline rows (contests, stages, candidate pairs) are changes too: audit each one.

    ``AuditedModelAdmin`` covers the parent object; Django saves inline formsets separately
    through ``save_formset``, inside the same change-view transaction. Like every auditing
    writer, it takes the audit head lock (``Appender``) BEFORE writing any row, so it queues
    behind services that do the same instead of deadlocking against them on PostgreSQL.
    """

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            appender = Appender()
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                sebelum, pk, label = snapshot(obj), obj.pk, obj._meta.label_lower
                obj.delete()
                appender.add(AksiAudit.ADMIN_HAPUS, user=request.user, objek_tipe=label,
                             objek_id=pk, sebelum=sebelum)
            for obj in instances:
                lama = None
                if obj.pk is not None:
                    lama = type(obj)._default_manager.filter(pk=obj.pk).first()
                obj.save()
                appender.add(
                    AksiAudit.ADMIN_UBAH if lama is not None else AksiAudit.ADMIN_TAMBAH,
                    user=request.user,
                    objek=obj,
                    sebelum=snapshot(lama) if lama is not None else None,
                    sesudah=snapshot(obj),
                )
            formset.save_m2m()
            appender.flush()


class HapusTerbatasMixin:
    """Deleting an object that has register data beneath it is refused with a message.

    Django's delete page first collects every related row to list it: for an election that is
    every voter (45 s and 300 MB for a city), and it is never what an operator wants anyway.
    ``tolak_hapus_bila`` names, per admin, the related rows that forbid a delete as
    ``(model label, lookup to this object's id, message)``; each is one ``EXISTS`` query, and
    a refused object is reported as "protected" without anything being collected (the
    single delete page and the bulk "delete selected" action alike).
    """

    tolak_hapus_bila: tuple[tuple[str, str, str], ...] = ()

    def alasan_tolak_hapus(self, obj) -> str | None:
        from django.apps import apps

        for label, lookup, pesan in self.tolak_hapus_bila:
            model = apps.get_model(label)
            if model._default_manager.filter(**{lookup: obj.pk}).exists():
                return str(pesan)
        return None

    def get_deleted_objects(self, objs, request):
        alasan = [f"{obj}: {a}" for obj in objs if (a := self.alasan_tolak_hapus(obj))]
        if alasan:
            return [], {}, set(), alasan
        return super().get_deleted_objects(objs, request)
