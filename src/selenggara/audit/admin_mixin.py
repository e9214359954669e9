"""Audit for writes made in the Django admin by KPU staff.

The admin saves through the ORM, not through our service functions, so this mixin appends the
audit record itself. Django runs each admin change view inside one transaction, so the change
and its record still commit together.
"""

from django.db import transaction

from . import record
from .services import snapshot


class AuditedModelAdmin:
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = None
            if change and obj.pk is not None:
                previous = type(obj)._default_manager.filter(pk=obj.pk).first()
                before = snapshot(previous) if previous is not None else None
            super().save_model(request, obj, form, change)
            record("admin.ubah" if change else "admin.tambah", user=request.user, objek=obj,
                   sebelum=before, sesudah=snapshot(obj))

    def delete_model(self, request, obj):
        with transaction.atomic():
            before, pk = snapshot(obj), obj.pk
            label = obj._meta.label_lower
            super().delete_model(request, obj)
            record("admin.hapus", user=request.user, objek_tipe=label, objek_id=pk,
                   sebelum=before)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)
