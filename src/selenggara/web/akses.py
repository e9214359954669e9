"""Access decorators and small helpers shared by the officer pages."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from selenggara.errors import Jenis, ServiceError

from .scope import get_scope

PER_HALAMAN = 50


def petugas_required(*peran: str, template: str = "portal/tanpa_peran.html"):
    """Only officers with one of ``peran`` (or a superuser) get in.

    The public is sent to the login page; a signed-in account without one of those roles gets
    a 403 page (``template``) that says so, instead of an empty list that looks like missing
    data. A ``PermissionDenied`` raised by the view itself (a service refusing the caller's
    role, or a ``ServiceError`` of kind ``DITOLAK``) gets the same 403 page, with the
    exception's message as ``pesan``.
    Pages behind this decorator show personal data, so they are never cached (``no-store``):
    a shared office computer must not keep voter pages in its browser cache.
    The caller's scope is put on ``request.scope`` for the view.
    """

    def tolak(request, pesan: str = ""):
        return render(request, template, {"pesan": pesan}, status=403)

    def decorator(view):
        @wraps(view)
        @never_cache
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            scope = get_scope(request.user)
            if not scope.has_role(*peran):
                return tolak(request)
            request.scope = scope
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied as exc:
                return tolak(request, str(exc))
            except ServiceError as exc:
                # A refusal no view handled itself: the role may not (403 page) or the object
                # is outside the caller's area (404). Other kinds are the view's to show.
                if exc.jenis == Jenis.DITOLAK:
                    return tolak(request, exc.pesan)
                if exc.jenis == Jenis.TIDAK_DITEMUKAN:
                    raise Http404(exc.pesan) from None
                raise

        return wrapper

    return decorator


class Terhitung:
    """A queryset whose size is already known (from a counter), so the paginator never runs
    ``COUNT(*)`` over a list of millions; slicing still reads only the page asked for."""

    def __init__(self, qs, total: int):
        self.qs, self.total = qs, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        return self.qs[key]

    @property
    def ordered(self) -> bool:
        return True


def paginate(request, qs, per_page: int = PER_HALAMAN):
    """One page of ``qs``; a bad or too large ``page`` gives the nearest valid page."""
    paginator = Paginator(qs, per_page)
    return paginator.get_page(request.GET.get("page"))


def query_tanpa_page(request) -> str:
    """The current query string without ``page``, for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
