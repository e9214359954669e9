"""The voter search form: name or the last NIK digits, never a full NIK."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from selenggara.web.forms import _DIGIT, PESAN_NIK_PENUH, POLA_HTML_TANPA_NIK, berisi_nik_penuh
from selenggara.web.scope import Scope
from selenggara.wilayah.forms import KelurahanChoiceField, TPSChoiceField, kelurahan_qs, tps_qs
from selenggara.wilayah.models import TPS, Tingkat, Wilayah


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


