"""Login throttling: slow an attacker down without letting one lock an officer out.

Two limits, counted apart (``web.batas``, shared by every server process):

- **Per account** (whoever asks, from wherever): after ``MAKS_GAGAL_AKUN`` failed passwords the
  account is held for ``TAHAN_DETIK``; during the hold even the right password is refused,
  *except* from a browser that has logged in to that account before (a signed device cookie
  set at each successful login). So an attacker guessing one password from many addresses is
  stopped, while the PPS on their own phone on polling night still gets in.
- **Per client address** (real address behind a configured proxy, ``web.alamat``): after
  ``MAKS_GAGAL_ALAMAT`` failures across any usernames the address is held: password spraying
  (a few tries on each of many accounts) stops there.

Every failure, hold and success is recorded in the audit log (the address only as a keyed
hash plus its network prefix; the username as typed when the account does not exist, so an
administrator sees what was tried).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import record

from . import batas
from .alamat import alamat_klien

MAKS_GAGAL_AKUN = int(getattr(settings, "LOGIN_FAILURE_LIMIT", 5))
MAKS_GAGAL_ALAMAT = int(getattr(settings, "LOGIN_FAILURE_LIMIT_PER_ALAMAT", 30))
TAHAN_DETIK = 15 * 60
JENDELA_DETIK = 15 * 60
COOKIE = "selenggara_perangkat"
_SALT = "selenggara.perangkat"
_UMUR_COOKIE = 90 * 24 * 3600


def _awalan_jaringan(addr: str) -> str:
    """203.0.113.7 -> 203.0.113.0/24 (IPv6: /48): enough to see a pattern, not a person."""
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return ""
    panjang = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{addr}/{panjang}", strict=False))


class Penjaga:
    """The throttle for one login request (``username`` as typed)."""

    def __init__(self, request, username: str):
        self.request = request
        self.username = (username or "").strip()[:150]
        self.alamat = alamat_klien(request)
        self.k_akun = batas.kunci("masuk-akun", self.username.lower())
        self.k_alamat = batas.kunci("masuk-alamat", self.alamat)

    # -- device cookie ---------------------------------------------------------------------------
    def _perangkat(self) -> list[str]:
        raw = self.request.COOKIES.get(COOKIE)
        if not raw:
            return []
        try:
            nilai = signing.loads(raw, salt=_SALT, max_age=_UMUR_COOKIE)
        except signing.BadSignature:
            return []
        return nilai if isinstance(nilai, list) else []

    def perangkat_dikenal(self) -> bool:
        return self.username.lower() in self._perangkat()

    # -- the checks ------------------------------------------------------------------------------
    def tertahan(self) -> int:
        """Seconds this attempt must wait (0: go ahead and check the password)."""
        sisa_alamat = batas.ditahan(self.k_alamat)
        if sisa_alamat:
            return sisa_alamat
        if self.perangkat_dikenal():
            return 0
        return batas.ditahan(self.k_akun)

    def gagal(self) -> int:
        """Count a failed password; the seconds of a hold it started (0 if none)."""
        akun = batas.hitung(self.k_akun, n=MAKS_GAGAL_AKUN, detik=JENDELA_DETIK)
        alamat = batas.hitung(self.k_alamat, n=MAKS_GAGAL_ALAMAT, detik=JENDELA_DETIK)
        user = get_user_model().objects.filter(username=self.username).only("id").first()
        objek = {"objek_tipe": "auth.user", "objek_id": user.pk if user else ""}
        rincian = {"username": self.username if user is None else "",
                   "alamat": _awalan_jaringan(self.alamat),
                   "alamat_kunci": self.k_alamat.split(":")[-1][:12],
                   "gagal_akun": akun.jumlah, "gagal_alamat": alamat.jumlah}
        record(AksiAudit.MASUK_GAGAL, **objek, sesudah=rincian)
        ditahan = 0
        if alamat.jumlah >= MAKS_GAGAL_ALAMAT:
            batas.tahan(self.k_alamat, TAHAN_DETIK)
            record(AksiAudit.MASUK_DITAHAN, **objek, sesudah={**rincian, "oleh": "alamat"})
            ditahan = TAHAN_DETIK
        if akun.jumlah >= MAKS_GAGAL_AKUN:
            batas.tahan(self.k_akun, TAHAN_DETIK)
            record(AksiAudit.MASUK_DITAHAN, **objek, sesudah={**rincian, "oleh": "akun"})
            if not self.perangkat_dikenal():
                ditahan = TAHAN_DETIK
        return ditahan

    def berhasil(self, response, user) -> None:
        """A successful login: remember this browser for the account, audit it."""
        dikenal = [u for u in self._perangkat() if u != user.get_username().lower()]
        dikenal = [user.get_username().lower(), *dikenal][:5]
        response.set_cookie(COOKIE, signing.dumps(dikenal, salt=_SALT), max_age=_UMUR_COOKIE,
                            httponly=True, samesite="Lax",
                            secure=getattr(settings, "SESSION_COOKIE_SECURE", False))
        record(AksiAudit.MASUK_BERHASIL, user=user, objek=user,
               sesudah={"alamat": _awalan_jaringan(self.alamat),
                        "perangkat_dikenal": self.perangkat_dikenal()})
