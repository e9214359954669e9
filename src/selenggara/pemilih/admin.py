from django.contrib import admin
from django.db.models import Q

from selenggara.portal.admin_mixins import SelenggaraAdmin
from selenggara.rules.nik import mask_nik_tail

from .models import Pemilih


@admin.register(Pemilih)
class PemilihAdmin(SelenggaraAdmin, admin.ModelAdmin):
    list_display = ["nama", "nik_tersamar", "jenis_kelamin", "tanggal_lahir", "kelurahan", "tps",
                    "tahap", "tms_kode"]
    list_filter = ["tahap", "tms_kode", "jenis_kelamin", "disabilitas", "ktp_el", "sumber"]
    search_fields = ["nama"]
    search_help_text = "Nama, atau 4-6 digit terakhir NIK (jangan NIK lengkap)."
    list_select_related = ["kelurahan", "tps", "tps__kelurahan"]
    # 222k voters in a city, hundreds of thousands of areas nationwide: ids, never <select>s.
    raw_id_fields = ["pemilihan", "kecamatan", "kelurahan", "tps"]
    readonly_fields = ["versi", "diubah"]

    @admin.display(description="NIK", ordering="nik")
    def nik_tersamar(self, obj):
        return mask_nik_tail(obj.nik)

    def get_search_results(self, request, queryset, search_term):
        # A 4-6 digit term is a NIK tail (endswith); longer digit runs never get here, the
        # changelist refuses them before searching (NoFullNikSearchMixin).
        term = search_term.strip()
        if term.isdigit() and 4 <= len(term) <= 6:
            return queryset.filter(Q(nik__endswith=term)), False
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request, obj, form, change):
        if change:
            # Offline clients compare versions: an admin edit must invalidate their copy too.
            obj.versi += 1
        super().save_model(request, obj, form, change)
