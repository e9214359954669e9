"""Access decorators and small helpers shared by the officer pages."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from selenggara.petugas.scope import get_scope

PER_HALAMAN = 50


def petugas_required(*peran: str):
    """Only officers with one of ``peran`` (or a superuser) get in.

    The public is sent to the login page; a signed-in account without an active officer
    record gets a 403 page that says so, instead of an empty list that looks like missing data.
    Pages behind this decorator show personal data, so they are never cached (``no-store``):
    a shared office computer must not keep voter pages in its browser cache.
    """

    def decorator(view):
        @wraps(view)
        @never_cache
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            scope = get_scope(request.user)
            if not scope.has_role(*peran):
                return render(request, "portal/tanpa_peran.html", status=403)
            request.scope = scope
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def paginate(request, qs, per_page: int = PER_HALAMAN):
    """One page of ``qs``; a bad or too large ``page`` gives the nearest valid page."""
    paginator = Paginator(qs, per_page)
    return paginator.get_page(request.GET.get("page"))


def query_tanpa_page(request) -> str:
    """The current query string without ``page``, for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
