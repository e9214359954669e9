"""The mechanism that scopes every read by role, area and election.

This module is the machinery; the policy lives above it. ``petugas.scope`` says who a caller is
(:func:`get_scope` turns an account into a :class:`Scope`) and how areas, TPS and officers map
to an area; each app registers its own models in its ``scope_rules.py``. Pages, APIs and the
admin then ask one question, :func:`scoped`, and get the rows of the caller's area **and**
election, nothing beside them. A request for another area's object is a 404
(:func:`get_scoped_or_404`), so the existence of the row is not revealed either.

A read that must not be scoped (a public aggregate, a lock, a lookup that the rules of the
domain allow across areas, such as the TPS a Pantarlih may move a voter to) goes through
:func:`unscoped` with a reason, so every such read can be found with one grep.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Manager, Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Scope:
    """What a caller is: a role with an area (or a TPS) in one election, or the public."""

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


@dataclass(frozen=True)
class Aturan:
    """How one model's rows map to a caller: ``area`` builds the area filter, ``pemilihan`` is
    the lookup of the row's election id (None for rows that belong to no election, e.g. areas)."""

    area: Callable[[Scope], Q]
    pemilihan: str | None


_RULES: dict[type[Model], Aturan] = {}
_resolver: Callable[[object], Scope] | None = None


def register(model: type[Model], area: Callable[[Scope], Q], *, pemilihan: str | None) -> None:
    """Declare how ``model``'s rows map to an area and an election (each app, once)."""
    _RULES[model] = Aturan(area=area, pemilihan=pemilihan)


def has_rule(model: type[Model]) -> bool:
    return model in _RULES


def registered() -> dict[type[Model], Aturan]:
    return dict(_RULES)


def set_resolver(resolver: Callable[[object], Scope]) -> None:
    """``petugas.scope`` installs the function that turns an account into a :class:`Scope`."""
    global _resolver
    _resolver = resolver


def get_scope(user) -> Scope:
    if _resolver is None:
        raise RuntimeError("No scope resolver: selenggara.petugas is not installed")
    return _resolver(user)


def _qs(source) -> QuerySet:
    """A queryset from a queryset, a manager (``Model.objects``) or a model class."""
    if isinstance(source, QuerySet):
        return source
    if isinstance(source, Manager):
        return source.all()
    return source._default_manager.all()


def _as_scope(scope_or_user) -> Scope:
    return scope_or_user if isinstance(scope_or_user, Scope) else get_scope(scope_or_user)


def scope_q(model: type[Model], scope: Scope) -> Q:
    """The filter for ``model`` and a caller with an area (not the public, not a superuser)."""
    try:
        aturan = _RULES[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no scope rule; register one in its app's "
                          "scope_rules.py") from None
    q = aturan.area(scope)
    if aturan.pemilihan is not None and scope.pemilihan_id is not None:
        q &= Q(**{aturan.pemilihan: scope.pemilihan_id})
    return q


def scoped(qs: QuerySet | Manager | type[Model], scope_or_user) -> QuerySet:
    """Restrict a queryset to what the caller may see: its area and its election."""
    qs = _qs(qs)
    scope = _as_scope(scope_or_user)
    if scope.semua:
        # A superuser sees every area; once it chose an election, that election only.
        aturan = _RULES.get(qs.model)
        if scope.pemilihan_id is not None and aturan is not None and aturan.pemilihan:
            return qs.filter(**{aturan.pemilihan: scope.pemilihan_id})
        return qs
    if scope.is_public:
        return qs.none()
    return qs.filter(scope_q(qs.model, scope))


def get_scoped_or_404(qs: QuerySet | Manager | type[Model], scope_or_user, **lookup) -> Model:
    """One object inside the caller's scope, or 404 (never a 403 that confirms it exists)."""
    qs = scoped(qs, scope_or_user)
    try:
        return qs.get(**lookup)
    except qs.model.DoesNotExist:
        raise Http404(_("Data tidak ditemukan di wilayah Anda.")) from None


def unscoped(qs: QuerySet | Manager | type[Model], alasan: str) -> QuerySet:
    """A deliberate read outside the caller's scope. ``alasan`` says why it is allowed (it is
    not used at run time; it is there for the reader and the reviewer)."""
    if not alasan:
        raise ValueError("unscoped() needs a reason")
    return _qs(qs)
