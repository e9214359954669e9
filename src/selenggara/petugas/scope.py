"""The one place that decides which rows a caller may see.

Every view and API endpoint that reads areas, TPS, officers or voters passes its queryset
through :func:`scoped` (or fetches one object with :func:`get_scoped_or_404`). A role sees
its own area and everything under it, nothing beside it; a request for another area's object
is answered 404, so the existence of the row is not revealed either.

| peran      | area                          |
|------------|-------------------------------|
| KPU        | its kab/kota                  |
| PPK        | its kecamatan                 |
| PPS        | its kelurahan/desa            |
| Pantarlih  | its TPS                       |
| KPPS       | its TPS                       |
| public     | nothing here (the portal publishes aggregates and masked data) |
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from selenggara.pemilih.models import Pemilih
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from .models import Peran, Petugas


@dataclass(frozen=True)
class Scope:
    """What a caller is: a role with an area (or a TPS), or the public."""

    peran: str | None = None
    wilayah_id: int | None = None
    tingkat: int | None = None
    tps_id: int | None = None
    petugas_id: int | None = None
    pemilihan_id: int | None = None
    semua: bool = False  # a superuser without an officer record: the whole database

    @property
    def is_public(self) -> bool:
        return self.peran is None and not self.semua

    def has_role(self, *peran: str) -> bool:
        return self.semua or self.peran in peran


PUBLIC = Scope()


def get_scope(user) -> Scope:
    """The caller's scope; cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC
    cached = getattr(user, "_selenggara_scope", None)
    if cached is not None:
        return cached
    petugas = (Petugas.objects.filter(user=user, aktif=True)
               .select_related("wilayah").only("id", "peran", "wilayah__tingkat", "wilayah_id",
                                               "tps_id", "pemilihan_id").first())
    if petugas is not None:
        scope = Scope(peran=petugas.peran, wilayah_id=petugas.wilayah_id,
                      tingkat=petugas.wilayah.tingkat, tps_id=petugas.tps_id,
                      petugas_id=petugas.id, pemilihan_id=petugas.pemilihan_id)
    elif user.is_superuser:
        scope = Scope(semua=True)
    else:
        scope = PUBLIC
    user._selenggara_scope = scope
    return scope


def _area_q(prefixes: dict[int, str], scope: Scope) -> Q:
    """Filter on the field that holds the caller's area level (e.g. kecamatan for PPK)."""
    field = prefixes.get(scope.tingkat)
    if field is None:
        return Q(pk__in=[])
    return Q(**{field: scope.wilayah_id})


def _pemilih_q(scope: Scope) -> Q:
    if scope.tps_id is not None:
        return Q(tps_id=scope.tps_id)
    if scope.tingkat == Tingkat.KABKOTA:
        # A subquery of the kota's few kecamatan lets the database use the voter table's
        # kecamatan index instead of joining the area table on every voter row (5x faster).
        return Q(kecamatan_id__in=Wilayah.objects.filter(induk_id=scope.wilayah_id)
                 .values("id"))
    return _area_q({Tingkat.KECAMATAN: "kecamatan_id", Tingkat.KELURAHAN: "kelurahan_id"},
                   scope)


def tps_rule(tps: str, kelurahan: str) -> Callable[[Scope], Q]:
    """The rule for rows that belong to a TPS: ``tps`` is the lookup of the row's TPS id,
    ``kelurahan`` the lookup of its kelurahan (the TPS's own, or a denormalised copy)."""
    prefixes = {Tingkat.KABKOTA: f"{kelurahan}__induk__induk_id",
                Tingkat.KECAMATAN: f"{kelurahan}__induk_id",
                Tingkat.KELURAHAN: f"{kelurahan}_id"}

    def rule(scope: Scope) -> Q:
        if scope.tps_id is not None:
            return Q(**{tps: scope.tps_id})
        return _area_q(prefixes, scope)

    return rule


_tps_q = tps_rule("pk", "kelurahan")


def _wilayah_q(scope: Scope) -> Q:
    # A TPS officer sees its own kelurahan; an area officer sees its area and what lies below.
    if scope.tps_id is not None:
        return Q(pk=scope.wilayah_id)
    area = scope.wilayah_id
    return (Q(pk=area) | Q(induk_id=area) | Q(induk__induk_id=area)
            | Q(induk__induk__induk_id=area))


def _petugas_q(scope: Scope) -> Q:
    if scope.tps_id is not None:
        return Q(tps_id=scope.tps_id)
    area = scope.wilayah_id
    return Q(wilayah_id=area) | Q(wilayah__induk_id=area) | Q(wilayah__induk__induk_id=area)


_RULES: dict[type[Model], Callable[[Scope], Q]] = {
    Pemilih: _pemilih_q,
    TPS: _tps_q,
    Wilayah: _wilayah_q,
    Petugas: _petugas_q,
}


def register(model: type[Model], rule: Callable[[Scope], Q]) -> None:
    """Later apps (coklit, rekap) register how their rows map to an area."""
    _RULES[model] = rule


def scope_q(model: type[Model], scope: Scope) -> Q:
    if model not in _RULES:
        raise LookupError(f"{model.__name__} has no scope rule; register one in petugas.scope")
    return _RULES[model](scope)


def scoped(qs: QuerySet | type[Model], scope_or_user) -> QuerySet:
    """Restrict a queryset to what the caller may see."""
    if not isinstance(qs, QuerySet):
        qs = qs._default_manager.all()
    scope = scope_or_user if isinstance(scope_or_user, Scope) else get_scope(scope_or_user)
    if scope.semua:
        return qs
    if scope.is_public:
        return qs.none()
    return qs.filter(scope_q(qs.model, scope))


def get_scoped_or_404(qs: QuerySet | type[Model], scope_or_user, **lookup) -> Model:
    """One object inside the caller's scope, or 404 (never a 403 that confirms it exists)."""
    qs = scoped(qs, scope_or_user)
    try:
        return qs.get(**lookup)
    except qs.model.DoesNotExist:
        raise Http404(_("Data tidak ditemukan di wilayah Anda.")) from None


ROLES_WITH_VOTER_ACCESS = (Peran.KPU, Peran.PPK, Peran.PPS, Peran.PANTARLIH, Peran.KPPS)
