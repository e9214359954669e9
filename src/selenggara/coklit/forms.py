"""Forms of the PPS pages. Validation of the data is the services' (``rules/``); these forms only
carry the values and offer the caller's own TPS and kelurahan as choices."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from selenggara.pemilih.models import Pemilih
from selenggara.petugas import services as akun
from selenggara.petugas.scope import scoped
from selenggara.rules import kode
from selenggara.rules.pemilih import FIELDS
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from .keputusan import MAKS_CATATAN

TAB_JENIS = (
    ("SEMUA", gettext_lazy("Semua")),
    ("TMS", gettext_lazy("TMS")),
    ("UBAH", gettext_lazy("Ubah")),
    ("BARU", gettext_lazy("Baru")),
    ("KONFLIK", gettext_lazy("Konflik")),
    ("DIKEMBALIKAN", gettext_lazy("Dikembalikan")),
)


class SaringForm(forms.Form):
    jenis = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=TAB_JENIS, required=False)
    tps = forms.TypedChoiceField(label=gettext_lazy("TPS"), coerce=int, required=False,
                                 empty_value=None)

    def __init__(self, *args, scope, kelurahan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not (scope.tingkat == Tingkat.KELURAHAN and scope.tps_id is None):
            # KPU and PPK choose a kelurahan first; the TPS list follows it.
            pilihan = scoped(Wilayah.objects.filter(tingkat=Tingkat.KELURAHAN), scope)
            self.fields["kelurahan"] = forms.TypedChoiceField(
                label=_("Kelurahan/desa"), coerce=int, required=False, empty_value=None,
                choices=[("", _("Semua kelurahan/desa"))]
                + [(w.id, w.nama) for w in pilihan.order_by("nama")])
        qs = scoped(TPS.objects.select_related("kelurahan"), scope)
        if kelurahan is not None:
            qs = qs.filter(kelurahan=kelurahan)
        self.fields["tps"].choices = [("", _("Semua TPS"))] + [
            (t.id, f"TPS {t.nomor:03d} {t.kelurahan.nama}")
            for t in qs.order_by("kelurahan__nama", "nomor")]


class KembalikanForm(forms.Form):
    catatan = forms.CharField(
        label=gettext_lazy("Catatan untuk Pantarlih"), max_length=MAKS_CATATAN,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAKS_CATATAN}),
        help_text=gettext_lazy("Wajib. Tulis apa yang harus diperiksa ulang, mis. \"Cek tanggal "
                               "lahir di KK, tampaknya 1985 bukan 1958\"."))


def _pilihan(pairs, kosong=False):
    out = [(k, f"{k} · {_(label)}") for k, label in pairs]
    return [("", "–"), *out] if kosong else out


class KoreksiForm(forms.Form):
    """The voter's data elements; validation is the service's (rules.pemilih), per field."""

    nik = forms.CharField(label="NIK", max_length=16, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))
    nkk = forms.CharField(label="NKK", max_length=16, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))
    nama = forms.CharField(label=gettext_lazy("Nama"), max_length=150, required=False)
    jenis_kelamin = forms.ChoiceField(label=gettext_lazy("Jenis kelamin"), required=False)
    tempat_lahir = forms.CharField(label=gettext_lazy("Tempat lahir"), max_length=80,
                                   required=False)
    tanggal_lahir = forms.CharField(label=gettext_lazy("Tanggal lahir"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    status_kawin = forms.ChoiceField(label=gettext_lazy("Status perkawinan"), required=False)
    alamat = forms.CharField(label=gettext_lazy("Alamat"), max_length=200, required=False)
    rt = forms.CharField(label="RT", max_length=3, required=False,
                         widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}))
    rw = forms.CharField(label="RW", max_length=3, required=False,
                         widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}))
    disabilitas = forms.ChoiceField(label=gettext_lazy("Disabilitas"), required=False)
    ktp_el = forms.ChoiceField(label=gettext_lazy("KTP-el"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis_kelamin"].choices = _pilihan(kode.JENIS_KELAMIN)
        self.fields["status_kawin"].choices = _pilihan(kode.STATUS_KAWIN)
        self.fields["disabilitas"].choices = _pilihan(kode.DISABILITAS)
        self.fields["ktp_el"].choices = _pilihan(kode.KTP_EL)

    @staticmethod
    def awal(p: Pemilih) -> dict:
        data = {name: getattr(p, name) for name in FIELDS}
        data["tanggal_lahir"] = p.tanggal_lahir.isoformat()
        return data


class PantarlihForm(forms.Form):
    nama = forms.CharField(label=gettext_lazy("Nama lengkap"), max_length=150)
    nik = forms.CharField(label="NIK", max_length=40,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}),
                          help_text=gettext_lazy("16 digit, dari KTP-el."))
    jenis_kelamin = forms.ChoiceField(label=gettext_lazy("Jenis kelamin"),
                                      widget=forms.RadioSelect)
    telepon = forms.CharField(label=gettext_lazy("Nomor HP"), max_length=20, required=False,
                              widget=forms.TextInput(attrs={"inputmode": "tel"}))
    tps = forms.CharField(label=gettext_lazy("TPS"), widget=forms.Select)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis_kelamin"].choices = [(k, _(v)) for k, v in kode.JENIS_KELAMIN]
        # A plain field, not a model choice: a TPS id outside the kelurahan must reach the
        # service and get its 404, as any object outside the caller's area.
        self.fields["tps"].widget.choices = [("", "–")] + [
            (t["tps"].id, f"TPS {t['tps'].nomor:03d} · {t['aktif']}/{t['perlu']} Pantarlih")
            for t in akun.ringkasan_tps(scope)]


class UnggahForm(forms.Form):
    berkas = forms.FileField(label=gettext_lazy("Berkas XLSX yang sudah diisi"),
                             widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
