from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from selenggara.web.admin import HapusTerbatasMixin, SelenggaraAdmin

from .models import TPS, Wilayah


@admin.register(Wilayah)
class WilayahAdmin(HapusTerbatasMixin, SelenggaraAdmin, admin.ModelAdmin):
    tolak_hapus_bila = (
        ("wilayah.Wilayah", "induk_id", _("wilayah ini masih memiliki wilayah di bawahnya.")),
        ("wilayah.TPS", "kelurahan_id", _("wilayah ini masih memiliki TPS.")),
        ("pemilih.Pemilih", "kelurahan_id", _("wilayah ini masih memiliki pemilih.")),
        ("pemilih.Pemilih", "kecamatan_id", _("wilayah ini masih memiliki pemilih.")),
    )
    list_display = ["kode", "nama", "tingkat", "induk"]
    list_filter = ["tingkat"]
    search_fields = ["kode", "nama"]
    ordering = ["kode"]
    list_select_related = ["induk"]
    # ~83,700 areas nationwide: a plain <select> for the parent would be unusable.
    autocomplete_fields = ["induk"]


@admin.register(TPS)
class TPSAdmin(HapusTerbatasMixin, SelenggaraAdmin, admin.ModelAdmin):
    tolak_hapus_bila = (
        ("pemilih.Pemilih", "tps_id", _("TPS ini masih memiliki pemilih; pindahkan dulu.")),
        ("petugas.Petugas", "tps_id", _("TPS ini masih memiliki petugas.")),
    )
    list_display = ["__str__", "kode_tps", "jenis", "kelurahan", "alamat"]
    list_filter = ["jenis"]
    search_fields = ["kelurahan__nama", "kelurahan__kode", "nama", "alamat"]
    list_select_related = ["kelurahan"]
    autocomplete_fields = ["kelurahan"]
    ordering = ["kelurahan__kode", "nomor"]

    def get_readonly_fields(self, request, obj=None):
        # Voters and coklit rows copy their TPS's kelurahan and kecamatan (indexed columns
        # every scoped query filters on): moving an existing TPS to another kelurahan would
        # leave them in the old area, outside the new one's scope. A TPS set up in the wrong
        # kelurahan is replaced by a new one in the right kelurahan, and its voters moved.
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and "kelurahan" not in readonly:
            readonly.append("kelurahan")
        return readonly

    @admin.display(description="Kode TPS")
    def kode_tps(self, obj):
        return obj.kode
