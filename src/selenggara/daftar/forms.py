"""The plenary form (the minutes) and the members-present formset."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy

from selenggara.choices import text_choices
from selenggara.rules import kode

from .pleno import DataPleno

JabatanPilihan = text_choices("JabatanPilihan", kode.JABATAN)
MAKS_ORANG = 30


class PlenoForm(forms.Form):
    tanggal = forms.DateField(label=gettext_lazy("Tanggal pleno"),
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    tempat = forms.CharField(label=gettext_lazy("Tempat"), max_length=200, required=False,
                             help_text=gettext_lazy("Mis. Aula Kantor Kelurahan Bandar Lor."))
    nomor_ba = forms.CharField(label=gettext_lazy("Nomor berita acara"), max_length=80,
                               required=False,
                               help_text=gettext_lazy("Kosongkan untuk nomor otomatis."))
    saksi = forms.CharField(
        label=gettext_lazy("Saksi yang hadir"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Satu orang per baris: nama; unsur (mis. Bambang; Paslon 1)."))
    pengawas = forms.CharField(
        label=gettext_lazy("Bawaslu/Panwaslu yang hadir"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Satu orang per baris: nama; jabatan."))
    catatan = forms.CharField(label=gettext_lazy("Catatan"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    keberatan = forms.CharField(label=gettext_lazy("Keberatan"), required=False,
                                max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class HadirForm(forms.Form):
    nama = forms.CharField(label=gettext_lazy("Nama"), max_length=120, required=False)
    jabatan = forms.ChoiceField(label=gettext_lazy("Jabatan"), required=False,
                                choices=[("", "-"), *JabatanPilihan.choices])
    tanda_tangan = forms.BooleanField(label=gettext_lazy("Menandatangani"), required=False)


HadirFormSet = formset_factory(HadirForm, extra=2, max_num=MAKS_ORANG, absolute_max=MAKS_ORANG,
                               validate_max=True)


def _baris_orang(teks: str, kunci: str) -> list[dict]:
    out = []
    for line in (teks or "").splitlines()[:MAKS_ORANG]:
        nama, _sep, lain = line.partition(";")
        if nama.strip():
            out.append({"nama": nama.strip(), kunci: lain.strip()})
    return out


def data_pleno(form: PlenoForm, hadir: HadirFormSet) -> DataPleno:
    """The service's input from the two valid forms (empty member rows skipped)."""
    c = form.cleaned_data
    anggota = [{"nama": f.cleaned_data["nama"], "jabatan": f.cleaned_data.get("jabatan", ""),
                "tanda_tangan": f.cleaned_data.get("tanda_tangan", False)}
               for f in hadir.forms if f.cleaned_data.get("nama")]
    return DataPleno(tempat=c["tempat"], hadir=anggota, tanggal=c["tanggal"],
                     saksi=_baris_orang(c["saksi"], "unsur"),
                     pengawas=_baris_orang(c["pengawas"], "jabatan"), catatan=c["catatan"],
                     keberatan=c["keberatan"], nomor_ba=c["nomor_ba"])
