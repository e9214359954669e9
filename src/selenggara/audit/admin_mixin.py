"""Audit for writes made in the Django admin by KPU staff.

The admin saves through the ORM, not through our service functions, so this mixin appends the
audit record itself, in the same transaction as the change.

Lock order: like every auditing writer (see :class:`~selenggara.audit.services.Appender`), it
locks the audit chain head FIRST and only then reads and writes the row. Writing the row first
and locking the head afterwards would invert the order the services use (head, then rows), and
on PostgreSQL two such writers can deadlock.
"""

from django.db import transaction

from .services import Appender, snapshot


class AuditedModelAdmin:
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            appender = Appender()
            before = None
            if change and obj.pk is not None:
                previous = type(obj)._default_manager.filter(pk=obj.pk).first()
                before = snapshot(previous) if previous is not None else None
            super().save_model(request, obj, form, change)
            appender.add("admin.ubah" if change else "admin.tambah", user=request.user,
                         objek=obj, sebelum=before, sesudah=snapshot(obj))
            appender.flush()

    def delete_model(self, request, obj):
        with transaction.atomic():
            appender = Appender()
            before, pk = snapshot(obj), obj.pk
            label = obj._meta.label_lower
            super().delete_model(request, obj)
            appender.add("admin.hapus", user=request.user, objek_tipe=label, objek_id=pk,
                         sebelum=before)
            appender.flush()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            # Lock the head before the rows are read and deleted; each delete_model below
            # takes the same (already held) lock again and appends its own record.
            Appender()
            for obj in queryset:
                self.delete_model(request, obj)
