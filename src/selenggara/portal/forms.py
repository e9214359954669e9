"""Search and filter forms of the officer pages. Choices always come from the caller's scope."""

from __future__ import annotations

import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from selenggara.petugas.models import Peran
from selenggara.petugas.scope import Scope, scoped
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

# A NIK or NKK typed into a search box would land in the URL (GET), the browser history and
# every access log on the way. Seven digits or more in a row (spaces, dots and dashes between
# digits ignored, as people type "3571 0112...") is more than the 4-6 digit tail we accept.
_PEMISAH = re.compile(r"(?<=\d)[\s.\-]+(?=\d)")
_DIGIT_PANJANG = re.compile(r"\d{7,}")
_DIGIT = re.compile(r"\d+")

# The same rule for the browser (HTML ``pattern``, matched against the whole value): at most
# 6 digits in total, so a NIK is refused before the form is even sent.
POLA_HTML_TANPA_NIK = r"[^0-9]*([0-9][^0-9]*){0,6}"

PESAN_NIK_PENUH = _(
    "Demi perlindungan data pribadi, jangan mengetik NIK atau NKK lengkap di kotak pencarian: "
    "isi pencarian tercatat di alamat halaman. Ketik nama pemilih atau 4 sampai 6 digit "
    "terakhir NIK saja."
)


def berisi_nik_penuh(q: str) -> bool:
    """True when ``q`` holds 7 or more digits in a row (a full or partial NIK/NKK)."""
    return bool(_DIGIT_PANJANG.search(_PEMISAH.sub("", q)))


def _label_tps(t: TPS) -> str:
    return f"TPS {t.nomor:03d} {t.kelurahan.nama}"


class TPSChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _label_tps(obj)


class KelurahanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.nama


def kelurahan_qs(scope: Scope):
    return scoped(Wilayah.objects.filter(tingkat=Tingkat.KELURAHAN), scope).order_by("nama")


def tps_qs(scope: Scope, kelurahan: Wilayah | None = None):
    qs = scoped(TPS.objects.select_related("kelurahan"), scope)
    if kelurahan is not None:
        qs = qs.filter(kelurahan=kelurahan)
    return qs.order_by("kelurahan__nama", "nomor")


class CariPemilihForm(forms.Form):
    q = forms.CharField(
        label=_("Cari nama atau 4-6 digit terakhir NIK"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "pattern": POLA_HTML_TANPA_NIK,
                "title": _("Ketik nama, atau 4 sampai 6 digit terakhir NIK (bukan NIK lengkap)."),
                "placeholder": _("mis. Siti, atau 4 digit terakhir NIK"),
            }
        ),
    )
    kelurahan = KelurahanChoiceField(
        label=_("Kelurahan/desa"),
        required=False,
        queryset=Wilayah.objects.none(),
        empty_label=_("Semua kelurahan/desa"),
    )
    tps = TPSChoiceField(
        label=_("TPS"),
        required=False,
        queryset=TPS.objects.none(),
        empty_label=_("Semua TPS"),
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        kel = kelurahan_qs(scope)
        self.fields["kelurahan"].queryset = kel
        # Officers of one TPS or one kelurahan have nothing to choose between.
        if scope.tps_id is not None:
            del self.fields["kelurahan"], self.fields["tps"]
            return
        if scope.tingkat == Tingkat.KELURAHAN and not scope.semua:
            del self.fields["kelurahan"]
        self.fields["tps"].queryset = tps_qs(scope)
        if "kelurahan" in self.fields:
            # Progressive enhancement: with htmx loaded, choosing a kelurahan reloads the TPS
            # options; without it the form still works (the server narrows them on submit).
            self.fields["kelurahan"].widget.attrs.update(
                {
                    "hx-get": reverse("tps_pilihan"),
                    "hx-target": "#id_tps",
                    "hx-trigger": "change",
                    "hx-swap": "innerHTML",
                }
            )
        # With a kelurahan chosen, offer only its TPS (htmx refreshes the list on change).
        kel_id = self.data.get("kelurahan") if self.is_bound else None
        if kel_id and "kelurahan" in self.fields:
            chosen = kel.filter(pk=kel_id).first() if str(kel_id).isdigit() else None
            if chosen is not None:
                self.fields["tps"].queryset = tps_qs(scope, chosen)

    def clean_q(self):
        q = " ".join(self.cleaned_data["q"].split())
        if berisi_nik_penuh(q):
            # The view redirects before rendering; this is the safety net for other callers.
            raise forms.ValidationError(PESAN_NIK_PENUH)
        for angka in _DIGIT.findall(q):
            if len(angka) < 4:
                raise forms.ValidationError(
                    _("Untuk mencari dengan NIK, ketik 4 sampai 6 digit terakhir NIK.")
                )
        return q

    def terms(self) -> tuple[list[str], list[str]]:
        """(name words, NIK tails) of a valid query."""
        q = self.cleaned_data.get("q", "")
        tails = _DIGIT.findall(q)
        words = [w for w in _DIGIT.sub(" ", q).split() if w]
        return words, tails


class CariTPSForm(forms.Form):
    kelurahan = KelurahanChoiceField(
        label=_("Kelurahan/desa"),
        required=False,
        queryset=Wilayah.objects.none(),
        empty_label=_("Semua kelurahan/desa"),
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].queryset = kelurahan_qs(scope)


class CariPetugasForm(CariTPSForm):
    field_order = ["q", "peran", "kelurahan"]

    q = forms.CharField(
        label=_("Cari nama"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "pattern": POLA_HTML_TANPA_NIK}
        ),
    )
    peran = forms.ChoiceField(
        label=_("Peran"), required=False, choices=[("", _("Semua peran")), *Peran.choices]
    )
