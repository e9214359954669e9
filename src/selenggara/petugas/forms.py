"""The officer search form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from selenggara.web.forms import POLA_HTML_TANPA_NIK
from selenggara.wilayah.forms import CariTPSForm

from .models import Peran


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
