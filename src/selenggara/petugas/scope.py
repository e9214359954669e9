"""Who the caller is, and what areas, TPS and officers it may see: the one place that scopes.

Every view, API endpoint and admin page reads through :func:`scoped` (or fetches one object
with :func:`get_scoped_or_404`): it gets the rows of the caller's area **and** election, and
a request for another area's object is answered 404, so the existence of the row is not
revealed either. The mechanism is in :mod:`selenggara.web.scope` (the ground floor, so the
admin base classes of the lowest apps can use it); this module is the policy: it turns an
account into a :class:`Scope` and holds the rules of the areas, TPS, elections, officers and
the audit log. Each app above registers its own models in its ``scope_rules.py``.

| peran      | area                          |
|------------|-------------------------------|
| KPU        | its kab/kota                  |
| PPK        | its kecamatan                 |
| PPS        | its kelurahan/desa            |
| Pantarlih  | its TPS                       |
| KPPS       | its TPS                       |
| public     | nothing here (the portal publishes aggregates and masked data) |

An officer is appointed for one election: rows of another election in the same area (the next
Pilkada in the same database) are not theirs either.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db.models import Q

from selenggara.audit.models import AuditRecord
from selenggara.pemilihan.models import Kontestasi, Paslon, Pemilihan, Tahapan
from selenggara.web.scope import (
    PUBLIC,
    Scope,
    get_scoped_or_404,
    register,
    scope_q,
    scoped,
    set_resolver,
    unscoped,
)
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from .models import BadanAdhoc, Peran, Petugas

__all__ = [
    "PUBLIC",
    "ROLES_WITH_VOTER_ACCESS",
    "Scope",
    "area_rule",
    "get_scope",
    "get_scoped_or_404",
    "register",
    "scope_petugas",
    "scope_q",
    "scoped",
    "tps_rule",
    "unscoped",
]


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
        # The election it chose on /pilih/ (PilihanSuperuser puts it on the user), if any.
        scope = Scope(semua=True, pemilihan_id=getattr(user, "_pilihan_pemilihan", None))
    else:
        scope = PUBLIC
    user._selenggara_scope = scope
    return scope


set_resolver(get_scope)


def scope_petugas(petugas: Petugas) -> Scope:
    """The scope an officer record gives (for services handed the officer, not the account)."""
    return Scope(peran=petugas.peran, wilayah_id=petugas.wilayah_id,
                 tingkat=petugas.wilayah.tingkat, tps_id=petugas.tps_id,
                 petugas_id=petugas.id, pemilihan_id=petugas.pemilihan_id)


def _none() -> Q:
    return Q(pk__in=[])


def area_rule(prefixes: dict[int, str]) -> Callable[[Scope], Q]:
    """Filter on the field that holds the caller's area level (e.g. kecamatan for PPK):
    ``prefixes`` maps an area level (Tingkat) to the lookup of that level's id on the row."""

    def rule(scope: Scope) -> Q:
        field = prefixes.get(scope.tingkat)
        return Q(**{field: scope.wilayah_id}) if field else _none()

    return rule


def tps_rule(tps: str, kelurahan: str) -> Callable[[Scope], Q]:
    """The rule for rows that belong to a TPS: ``tps`` is the lookup of the row's TPS id,
    ``kelurahan`` the lookup of its kelurahan (the TPS's own, or a denormalised copy)."""
    by_area = area_rule({Tingkat.KABKOTA: f"{kelurahan}__induk__induk_id",
                         Tingkat.KECAMATAN: f"{kelurahan}__induk_id",
                         Tingkat.KELURAHAN: f"{kelurahan}_id"})

    def rule(scope: Scope) -> Q:
        if scope.tps_id is not None:
            return Q(**{tps: scope.tps_id})
        return by_area(scope)

    return rule


def _wilayah_q(scope: Scope) -> Q:
    # A TPS officer sees its own kelurahan; an area officer sees its area and what lies below.
    if scope.tps_id is not None:
        return Q(pk=scope.wilayah_id)
    area = scope.wilayah_id
    return (Q(pk=area) | Q(induk_id=area) | Q(induk__induk_id=area)
            | Q(induk__induk__induk_id=area))


def officer_rule(prefix: str = "") -> Callable[[Scope], Q]:
    """Officers (or rows that name one through ``prefix``, e.g. ``user__petugas__``): a TPS
    officer sees its TPS's, an area officer its area's and those below it."""

    def rule(scope: Scope) -> Q:
        if scope.tps_id is not None:
            return Q(**{f"{prefix}tps_id": scope.tps_id})
        area = scope.wilayah_id
        return (Q(**{f"{prefix}wilayah_id": area}) | Q(**{f"{prefix}wilayah__induk_id": area})
                | Q(**{f"{prefix}wilayah__induk__induk_id": area}))

    return rule


def _semua(scope: Scope) -> Q:
    """Rows that only belong to an election (its contests, calendar): the election filter
    that :func:`scoped` adds is the whole rule."""
    return Q()


register(Wilayah, _wilayah_q, pemilihan=None)
register(TPS, tps_rule("pk", "kelurahan"), pemilihan=None)
register(Petugas, officer_rule(), pemilihan="pemilihan_id")
register(BadanAdhoc, officer_rule(), pemilihan="pemilihan_id")
register(Pemilihan, _semua, pemilihan="pk")
register(Kontestasi, _semua, pemilihan="pemilihan_id")
register(Tahapan, _semua, pemilihan="pemilihan_id")
register(Paslon, _semua, pemilihan="kontestasi__pemilihan_id")
# Accounts and the audit log, as KPU staff see them in the admin: those of the officers of the
# caller's area and election. An account without an officer record, and what it did (the
# system, a superuser), is seen by a superuser only.
register(get_user_model(), officer_rule("petugas__"), pemilihan="petugas__pemilihan_id")
register(AuditRecord, officer_rule("user__petugas__"), pemilihan="user__petugas__pemilihan_id")

ROLES_WITH_VOTER_ACCESS = (Peran.KPU, Peran.PPK, Peran.PPS, Peran.PANTARLIH, Peran.KPPS)
