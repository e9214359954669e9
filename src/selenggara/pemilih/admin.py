from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Q

from selenggara.audit.services import Appender, snapshot
from selenggara.portal.admin_mixins import SelenggaraAdmin
from selenggara.rules.nik import mask_nik_tail, validate_nik, validate_nkk
from selenggara.rules.problem import errors

from .models import Pemilih


class PemilihAdminForm(forms.ModelForm):
    # No Meta: ModelAdmin.get_form() builds it with the model and the admin's own field list.

    def clean(self):
        data = super().clean()
        # kecamatan and kelurahan repeat what the TPS implies (see the model); with raw id
        # inputs an operator can easily type a TPS of another kelurahan, so check they agree.
        tps, kel, kec = data.get("tps"), data.get("kelurahan"), data.get("kecamatan")
        if tps and kel and tps.kelurahan_id != kel.id:
            self.add_error("tps", "TPS ini tidak berada di kelurahan/desa yang dipilih.")
        if kel and kec and kel.induk_id != kec.id:
            self.add_error(
                "kelurahan", "Kelurahan/desa ini tidak berada di kecamatan yang dipilih."
            )
        for field, problems in (
            (
                "nik",
                validate_nik(
                    data["nik"],
                    tanggal_lahir=data.get("tanggal_lahir"),
                    jenis_kelamin=data.get("jenis_kelamin"),
                )
                if data.get("nik")
                else [],
            ),
            ("nkk", validate_nkk(data["nkk"]) if data.get("nkk") else []),
        ):
            for p in errors(problems):
                target = p.field if p.field in self.fields and p.field != field else field
                self.add_error(target, p.text())
        return data


@admin.register(Pemilih)
class PemilihAdmin(SelenggaraAdmin, admin.ModelAdmin):
    form = PemilihAdminForm
    list_display = [
        "nama",
        "nik_tersamar",
        "jenis_kelamin",
        "tanggal_lahir",
        "kelurahan",
        "tps",
        "tahap",
        "coklit",
        "tms_kode",
    ]
    list_filter = [
        "tahap",
        "coklit",
        "tms_kode",
        "jenis_kelamin",
        "disabilitas",
        "ktp_el",
        "sumber",
    ]
    search_fields = ["nama"]
    search_help_text = "Nama, atau 4-6 digit terakhir NIK (jangan NIK lengkap)."
    list_select_related = ["kelurahan", "tps", "tps__kelurahan"]
    # 222k voters in a city, hundreds of thousands of areas nationwide: ids, never <select>s.
    raw_id_fields = ["pemilihan", "kecamatan", "kelurahan", "tps"]
    readonly_fields = ["versi", "rev", "coklit_waktu", "diubah"]

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

    def has_delete_permission(self, request, obj=None):
        # A voter leaves the list through coklit (TMS with a code and evidence), never by a
        # row deletion that would leave no trace in the list stages or the field apps.
        return False

    def save_model(self, request, obj, form, change):
        # Like the coklit service: lock the audit head first, stamp the row with the audit
        # sequence number (``rev``, what field apps download "since") and bump ``versi`` so an
        # offline copy edited meanwhile is detected as a conflict, not silently overwritten.
        with transaction.atomic():
            appender = Appender()
            sebelum = None
            if change:
                lama = Pemilih.objects.filter(pk=obj.pk).first()
                sebelum = snapshot(lama) if lama is not None else None
                obj.versi = (lama.versi if lama is not None else obj.versi) + 1
            obj.rev = appender.next_seq
            obj.save()
            appender.add(
                "admin.ubah" if change else "admin.tambah",
                user=request.user,
                objek=obj,
                sebelum=sebelum,
                sesudah=snapshot(obj),
            )
            appender.flush()
