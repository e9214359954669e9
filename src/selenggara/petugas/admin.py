from django.contrib import admin

from selenggara.audit.admin_mixin import AuditedModelAdmin
from selenggara.portal.admin_mixins import ScopedChoicesMixin, SelenggaraAdmin

from .models import BadanAdhoc, Petugas


# Ad hoc bodies have no scope rule of their own (the list shows every body), but their area
# and TPS are chosen from the caller's area only.
@admin.register(BadanAdhoc)
class BadanAdhocAdmin(ScopedChoicesMixin, AuditedModelAdmin, admin.ModelAdmin):
    list_display = ["__str__", "jenis", "wilayah", "tps", "pemilihan", "masa_mulai", "masa_selesai"]
    list_filter = ["jenis"]
    search_fields = ["wilayah__nama", "wilayah__kode"]
    list_select_related = ["wilayah", "tps", "tps__kelurahan", "pemilihan"]
    autocomplete_fields = ["wilayah", "tps"]


@admin.register(Petugas)
class PetugasAdmin(SelenggaraAdmin, admin.ModelAdmin):
    list_display = ["nama", "peran", "jabatan", "wilayah", "tps", "user", "aktif"]
    list_filter = ["peran", "jabatan", "aktif"]
    search_fields = ["nama", "user__username", "wilayah__nama", "wilayah__kode"]
    list_select_related = ["wilayah", "tps", "tps__kelurahan", "user"]
    # Thousands of officers and TPS: search boxes instead of long <select>s.
    autocomplete_fields = ["wilayah", "tps", "user", "badan"]
