"""The one error type every service raises, built from :class:`rules.problem.Problem`.

A service refuses a request for one of a few reasons (``jenis``): the data are invalid, the
caller may not do this, the object is not in the caller's area, or the state has moved on
(someone decided it a moment ago, the record changed). Each refusal carries the problems in the
shape the rules already use (field, code, Indonesian message with parameters), so one mapping
turns any of them into form errors, an API answer or a row of an import report
(:mod:`selenggara.web.errors`). Messages are translated when they are read, not when raised.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext as _

from selenggara.rules.problem import Problem, gettext_noop


class Jenis(StrEnum):
    TIDAK_VALID = "tidak_valid"  # 422: the data break a rule; per-field problems say which
    DITOLAK = "ditolak"  # 403: the caller's role may not do this
    TIDAK_DITEMUKAN = "tidak_ditemukan"  # 404: not in the caller's area (or not at all)
    KONFLIK = "konflik"  # 409: the state changed (already decided, record moved on)
    TERLALU_BANYAK = "terlalu_banyak"  # 429: a limit was reached; try again later
    TERLALU_BESAR = "terlalu_besar"  # 413: a file or field above its size limit
    TIPE_SALAH = "tipe_salah"  # 415: a file of a type that is not accepted


STATUS_HTTP = {
    Jenis.TIDAK_VALID: 422,
    Jenis.DITOLAK: 403,
    Jenis.TIDAK_DITEMUKAN: 404,
    Jenis.KONFLIK: 409,
    Jenis.TERLALU_BANYAK: 429,
    Jenis.TERLALU_BESAR: 413,
    Jenis.TIPE_SALAH: 415,
}

_RINGKASAN = {
    Jenis.TIDAK_VALID: gettext_noop("Data belum dapat disimpan: periksa isian yang ditandai."),
    Jenis.DITOLAK: gettext_noop("Peran Anda tidak dapat melakukan ini."),
    Jenis.TIDAK_DITEMUKAN: gettext_noop("Data tidak ditemukan di wilayah Anda."),
    Jenis.KONFLIK: gettext_noop("Data sudah berubah; muat ulang lalu ulangi bila masih perlu."),
    Jenis.TERLALU_BANYAK: gettext_noop("Terlalu banyak permintaan; coba lagi nanti."),
    Jenis.TERLALU_BESAR: gettext_noop("Terlalu besar."),
    Jenis.TIPE_SALAH: gettext_noop("Jenis berkas tidak diterima."),
}


def teks(p: Problem) -> str:
    """A problem as a translated sentence (parameters filled in only when there are any, so a
    literal ``%`` in a parameterless message never breaks)."""
    msg = _(p.message)
    return msg % p.params if p.params else msg


def masalah(field: str, code: str, message: str, /, **params) -> Problem:
    """A problem raised by a service rather than a rule (``message`` marked with
    ``gettext_noop`` so it is extracted for translation)."""
    return Problem(field=field, code=code, message=message, params=params)


class ServiceError(Exception):
    """A refused request: ``jenis`` says why, ``problems`` what exactly, ``pesan`` in one line."""

    def __init__(self, problems: list[Problem] | Problem | None = None, pesan: str = "", *,
                 jenis: Jenis = Jenis.TIDAK_VALID):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems or [])
        self.jenis = Jenis(jenis)
        self.pesan = str(pesan) if pesan else _(_RINGKASAN[self.jenis])
        super().__init__(self.pesan)

    @classmethod
    def satu(cls, field: str, code: str, message: str, /, *, jenis: Jenis = Jenis.TIDAK_VALID,
             pesan: str = "", **params) -> ServiceError:
        """One problem on one field: ``ServiceError.satu("rt", "rt_rw", gettext_noop(...))``."""
        return cls([masalah(field, code, message, **params)], pesan, jenis=jenis)

    @classmethod
    def keadaan(cls, pesan: str, *, jenis: Jenis = Jenis.KONFLIK, code: str = "keadaan"
                ) -> ServiceError:
        """A refusal about the state of things rather than a field (already decided, moved)."""
        return cls([Problem(field="", code=code, message=pesan, params={})], pesan, jenis=jenis)

    @property
    def untuk_form(self) -> bool:
        """True when the refusal is about the submitted values (show it on the form), not about
        the state of things (show it as a message and go back)."""
        return self.jenis == Jenis.TIDAK_VALID and (
            not self.problems or any(p.field for p in self.problems))

    @property
    def status_http(self) -> int:
        return STATUS_HTTP[self.jenis]

    @property
    def galat(self) -> dict[str, list[str]]:
        """Translated messages per field (``""`` for problems that belong to no field)."""
        out: dict[str, list[str]] = {}
        for p in self.problems:
            if p.field or p.message != self.pesan:
                out.setdefault(p.field, []).append(teks(p))
        return out

    @property
    def baris(self) -> list[GalatBaris]:
        """Problems located in an uploaded sheet (params ``baris`` and ``kolom``), by row."""
        return sorted((GalatBaris.dari(p) for p in self.problems),
                      key=lambda g: (g.baris, g.kolom))

    def kode(self) -> list[str]:
        return [p.code for p in self.problems]


class GalatBaris:
    """One problem of an uploaded file, as the import report shows it: row, column, message."""

    __slots__ = ("baris", "kolom", "nama_kolom", "pesan")

    def __init__(self, baris: int, kolom: str, nama_kolom: str, pesan: str):
        self.baris, self.kolom, self.nama_kolom, self.pesan = baris, kolom, nama_kolom, pesan

    @classmethod
    def dari(cls, p: Problem) -> GalatBaris:
        return cls(int(p.params.get("baris") or 0), str(p.params.get("kolom") or ""), p.field,
                   teks(p))

    def __str__(self) -> str:
        if not self.baris:
            return self.pesan
        if not self.kolom:
            return _("Baris %(baris)s: %(pesan)s") % {"baris": self.baris, "pesan": self.pesan}
        return _("Baris %(baris)s, kolom %(kolom)s (%(nama)s): %(pesan)s") % {
            "baris": self.baris, "kolom": self.kolom, "nama": self.nama_kolom,
            "pesan": self.pesan}

    def __repr__(self) -> str:
        return f"GalatBaris({self.baris}, {self.kolom!r}, {self.nama_kolom!r}, {self.pesan!r})"


def di_baris(p: Problem, baris: int, kolom: str = "") -> Problem:
    """``p`` located at a row (and column letter) of an uploaded sheet."""
    return Problem(field=p.field, code=p.code, message=p.message,
                   params={**p.params, "baris": baris, "kolom": kolom}, severity=p.severity)
