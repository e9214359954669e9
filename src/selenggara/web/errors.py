"""Service errors mapped, once, to what a page or an API answers.

- A form: each problem goes to its field (or to the form as a whole), :func:`ke_form`.
- A page: the one-line ``pesan`` as a message, :func:`ke_pesan`.
- The JSON API: ``{"detail", "jenis", "galat"}`` with the status of its ``jenis`` (``detail``
  as in django-ninja's own errors, so a client reads every error the same way)
  (:func:`jawaban_api`, installed as django-ninja's handler in ``selenggara.api``).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages

from selenggara.errors import Jenis, ServiceError


def ke_form(form: forms.Form, exc: ServiceError) -> None:
    """Put every problem of ``exc`` on ``form``: per field where the form has that field."""
    galat = exc.galat
    for name, pesan in galat.items():
        for m in pesan:
            form.add_error(name if name in form.fields else None, m)
    if not galat:
        form.add_error(None, exc.pesan)


def ke_pesan(request, exc: ServiceError) -> None:
    """Show a refusal as a message on the next page. A refusal of the caller's role or area is
    not a message: it is raised again, so ``petugas_required`` answers the 403 page or 404."""
    if exc.jenis in (Jenis.DITOLAK, Jenis.TIDAK_DITEMUKAN):
        raise exc
    messages.error(request, exc.pesan)


def isi_api(exc: ServiceError) -> dict:
    return {"detail": exc.pesan, "jenis": str(exc.jenis), "galat": exc.galat}
