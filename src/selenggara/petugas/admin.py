from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from selenggara.audit.models import AuditRecord
from selenggara.web.admin import HapusTerbatasMixin, ScopedAdminMixin, SelenggaraAdmin

from .models import BadanAdhoc, Petugas


@admin.register(BadanAdhoc)
class BadanAdhocAdmin(SelenggaraAdmin, admin.ModelAdmin):
    list_display = ["__str__", "jenis", "wilayah", "tps", "pemilihan", "masa_mulai", "masa_selesai"]
    list_filter = ["jenis"]
    search_fields = ["wilayah__nama", "wilayah__kode"]
    list_select_related = ["wilayah", "tps", "tps__kelurahan", "pemilihan"]
    autocomplete_fields = ["wilayah", "tps"]


@admin.register(Petugas)
class PetugasAdmin(HapusTerbatasMixin, SelenggaraAdmin, admin.ModelAdmin):
    tolak_hapus_bila = (
        ("coklit.Perubahan", "petugas_id", _(
            "petugas ini sudah mengirim hasil coklit; nonaktifkan, jangan hapus.")),
    )
    list_display = ["nama", "peran", "jabatan", "wilayah", "tps", "user", "aktif"]
    list_filter = ["peran", "jabatan", "aktif"]
    search_fields = ["nama", "user__username", "wilayah__nama", "wilayah__kode"]
    list_select_related = ["wilayah", "tps", "tps__kelurahan", "user"]
    # Thousands of officers and TPS: search boxes instead of long <select>s.
    autocomplete_fields = ["wilayah", "tps", "user", "badan"]


# The audit log is registered here, not in the audit app: what a KPU account may see of it is
# the records of the officers of its own area and election (the rule in petugas.scope), and
# the audit app sits below the officers. Read-only for everyone.
@admin.register(AuditRecord)
class AuditRecordAdmin(SelenggaraAdmin, admin.ModelAdmin):
    list_display = ["seq", "waktu", "username", "aksi", "objek_tipe", "objek_id"]
    list_filter = ["aksi", "objek_tipe"]
    search_fields = ["username", "aksi", "objek_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Accounts: Django's own UserAdmin lists every account of the database to anyone with the view
# right (which the officer form's account search needs). Scoped like the rest: a KPU account
# sees the accounts of its own area's and election's officers (the rule in petugas.scope), a
# superuser all. Registered here for the same reason as the audit log: the rule is the officers'.
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AkunAdmin(ScopedAdminMixin, UserAdmin):
    pass
