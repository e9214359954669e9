from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender, snapshot
from selenggara.errors import teks
from selenggara.rules.eligibility import SYARAT_KE_TMS
from selenggara.rules.nik import mask_nik_tail
from selenggara.rules.pemilih import FIELDS, clean_fields, validate_record
from selenggara.rules.problem import errors
from selenggara.web import jam
from selenggara.web.admin import SelenggaraAdmin, pilihan_dalam_wilayah
from selenggara.wilayah.models import Tingkat, Wilayah

from .models import Pemilih
from .services import PenulisPemilih

# The data elements the whole-record rules look at (rules.pemilih.validate_record).
_ELEMEN_RECORD = ("nik", "nkk", "tanggal_lahir", "jenis_kelamin", "status_kawin")


class PemilihAdminForm(forms.ModelForm):
    # No Meta: ModelAdmin.get_form() builds it with the model and the admin's own field list.

    # The version the form was opened on: a Pantarlih may sync a change to this voter while
    # the form is open, and saving must not silently overwrite it.
    versi_awal = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("versi_awal", self.instance.versi)

    def clean(self):
        data = super().clean()
        self._normalkan(data)
        awal = data.get("versi_awal")
        if self.instance.pk is not None and awal is not None and awal != self.instance.versi:
            raise forms.ValidationError(_(
                "Data pemilih ini sudah diubah (mis. lewat e-coklit) sejak formulir dibuka. "
                "Perubahan Anda belum disimpan: muat ulang halaman untuk melihat data terbaru, "
                "lalu ulangi perubahan bila masih perlu."))
        # kecamatan and kelurahan repeat what the TPS implies (see the model); with raw id
        # inputs an operator can easily type a TPS of another kelurahan, so check they agree.
        tps, kel, kec = data.get("tps"), data.get("kelurahan"), data.get("kecamatan")
        if tps and kel and tps.kelurahan_id != kel.id:
            self.add_error("tps", _("TPS ini tidak berada di kelurahan/desa yang dipilih."))
        if kel and kec and kel.induk_id != kec.id:
            self.add_error(
                "kelurahan", _("Kelurahan/desa ini tidak berada di kecamatan yang dipilih.")
            )
        self._periksa_record(data, kec)
        return data

    def _normalkan(self, data):
        """The same normalisation as every other writer (``rules.pemilih.clean_fields``): names
        in capitals with single spaces, RT/RW as three digits; a value it refuses is an error
        on its field."""
        given = {k: data[k] for k in FIELDS if k in data and data[k] not in (None, "")}
        clean, problems = clean_fields(given)
        for p in problems:
            if p.field in self.fields:
                self.add_error(p.field, teks(p))
        for k, v in clean.items():
            data[k] = v
            self.cleaned_data[k] = v

    def _periksa_record(self, data, kec):
        """The same whole-record rules as e-coklit and the imports (``rules.pemilih``): NIK and
        NKK structure, NIK against birth date and sex, no birth date in the future, and
        eligibility on the election's polling day."""
        pemilihan = data.get("pemilihan")
        if pemilihan is None:
            return
        record = {k: data[k] for k in _ELEMEN_RECORD if data.get(k)}
        kode_kecamatan = kec.kode if kec is not None and kec.tingkat == Tingkat.KECAMATAN else None
        problems = validate_record(record, hari_pemungutan=pemilihan.hari_pemungutan,
                                   kode_kecamatan=kode_kecamatan,
                                   hari_ini=jam.hari_ini())
        tms = data.get("tms_kode") or ""
        for p in errors(problems):
            # A voter already marked TMS for exactly this reason (e.g. code 3, under age) is
            # recorded correctly: the failed condition is why they are TMS, not a typo.
            if tms and tms in SYARAT_KE_TMS.get(p.code, ()):
                continue
            field = p.field if p.field in self.fields else None
            self.add_error(field, teks(p))


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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # The right level only: a kecamatan code where a kecamatan belongs, and so on.
        if db_field.name == "kelurahan":
            formfield.queryset = formfield.queryset.filter(tingkat=Tingkat.KELURAHAN)
        elif db_field.name == "kecamatan":
            kecamatan = Wilayah.objects.filter(tingkat=Tingkat.KECAMATAN)
            if not request.user.is_superuser:
                # A PPS (or TPS officer) account's area is a kelurahan, so its kecamatan lies
                # above its scope; it may name the kecamatan of a kelurahan it may name.
                kelurahan = pilihan_dalam_wilayah(
                    Wilayah.objects.filter(tingkat=Tingkat.KELURAHAN), request.user)
                kecamatan = kecamatan.filter(pk__in=kelurahan.values("induk_id"))
            formfield.queryset = kecamatan
        return formfield

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
        # One more writer of the voter-write protocol (pemilih.services): lock the audit head
        # first, versi + 1, rev = audit sequence, and a tombstone when the TPS changes, so an
        # offline copy edited meanwhile is detected as a conflict, not silently overwritten.
        with transaction.atomic():
            appender = Appender()
            penulis = PenulisPemilih(appender)
            if not change:
                penulis.tambah(obj, aksi=AksiAudit.ADMIN_TAMBAH, user=request.user)
            else:
                lama = Pemilih.objects.select_for_update().get(pk=obj.pk)
                sebelum = snapshot(lama)
                kolom = [f.attname for f in Pemilih._meta.concrete_fields if not f.primary_key
                         and f.attname not in ("versi", "rev", "diubah")]
                changed = {k: getattr(obj, k) for k in kolom if getattr(obj, k) != getattr(lama, k)}
                penulis.ubah(lama, changed, aksi=AksiAudit.ADMIN_UBAH, user=request.user,
                             sebelum=sebelum, sesudah=snapshot(obj))
                obj.versi, obj.rev, obj.diubah = lama.versi, lama.rev, lama.diubah
            penulis.flush()
            appender.flush()
