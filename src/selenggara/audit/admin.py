from django.contrib import admin

from .models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ["seq", "waktu", "username", "aksi", "objek_tipe", "objek_id"]
    list_filter = ["aksi", "objek_tipe"]
    search_fields = ["username", "aksi", "objek_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
