"""Area and TPS choices for the officer pages, always from the caller's scope."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from selenggara.web.scope import Scope, scoped

from .models import TPS, Tingkat, Wilayah


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


