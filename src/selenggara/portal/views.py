"""Home page per role, area pages and TPS pages.

Every query goes through ``petugas.scope`` (``scoped`` / ``get_scoped_or_404``): an object of
another area answers 404, so not even its existence is revealed.
"""

from __future__ import annotations

from django.contrib.auth.views import LoginView, redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from selenggara.pemilihan.models import Pemilihan
from selenggara.petugas.middleware import SESI_PEMILIHAN, SESI_WILAYAH
from selenggara.petugas.models import Peran, Petugas
from selenggara.petugas.scope import (
    ROLES_WITH_VOTER_ACCESS,
    Scope,
    get_scope,
    get_scoped_or_404,
    scoped,
    unscoped,
)
from selenggara.web.akses import paginate, petugas_required, query_tanpa_page
from selenggara.web.masuk import MAKS_GAGAL_AKUN, Penjaga
from selenggara.wilayah.forms import CariTPSForm, kelurahan_qs, tps_qs
from selenggara.wilayah.hierarki import TINGKAT_TPS
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from .ringkasan import URUTAN_JABATAN, Jumlah, jumlah_rekap, tabel_tps, tabel_wilayah

SEMUA_PERAN = ROLES_WITH_VOTER_ACCESS


def beranda_peran(scope: Scope) -> str:
    """Where a role's work starts: the field app for a Pantarlih, the home page otherwise."""
    if scope.peran == Peran.PANTARLIH:
        return reverse("coklit:app")
    return reverse("beranda")


class Masuk(LoginView):
    """The login page; without a ``next`` it sends each role to its own home. Throttled by
    ``web.masuk`` (per account with a device exemption, per client address)."""

    def get_default_redirect_url(self):
        return beranda_peran(get_scope(self.request.user))

    def _ditahan(self, detik: int):
        return render(self.request, "registration/lockout.html",
                      {"menit": max(1, -(-detik // 60)), "batas": MAKS_GAGAL_AKUN}, status=429)

    def post(self, request, *args, **kwargs):
        penjaga = Penjaga(request, request.POST.get("username", ""))
        if sisa := penjaga.tertahan():
            return self._ditahan(sisa)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            penjaga.berhasil(response, request.user)
            return response
        if sisa := penjaga.gagal():
            return self._ditahan(sisa)
        return response


def masuk_admin(request):
    """The admin's own login page would bypass the throttle: send it to the one login page."""
    nxt = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = "/admin/"
    return redirect(f"{reverse('login')}?{urlencode({'next': nxt or '/admin/'})}")


def _pemilihan(scope: Scope) -> Pemilihan | None:
    """The caller's election (a superuser's: the one it chose); for the public, the latest."""
    if scope.pemilihan_id is not None:
        return scoped(Pemilihan.objects.select_related("wilayah"), scope).first()
    if scope.semua:
        return None  # a superuser chooses (/pilih/); nothing is guessed for it
    return (unscoped(Pemilihan.objects, "the public landing page names the latest election")
            .select_related("wilayah").order_by("-tahun", "-id").first())


@never_cache
def pilih(request):
    """A superuser chooses the election (and optionally an area inside it) its pages show;
    the choice is kept in its session."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_superuser:
        return render(request, "portal/tanpa_peran.html", {
            "pesan": _("Hanya administrator tanpa peran petugas yang memilih pemilihan; akun "
                       "petugas selalu melihat pemilihan dan wilayahnya sendiri.")}, status=403)
    daftar = list(unscoped(Pemilihan.objects, "a superuser chooses among every election")
                  .select_related("wilayah").order_by("-tahun", "nama"))
    galat = ""
    if request.method == "POST":
        pilihan = next((p for p in daftar if str(p.pk) == request.POST.get("pemilihan")), None)
        kode = request.POST.get("wilayah", "").strip()
        wilayah = None
        if pilihan is None:
            galat = _("Pilih salah satu pemilihan dari daftar.")
        elif kode:
            wilayah = unscoped(Wilayah.objects, "a superuser may choose any area").filter(
                kode=kode).first()
            if wilayah is None or not _di_dalam(wilayah, pilihan.wilayah):
                galat = _("Wilayah %(kode)s tidak ada di %(nama)s; kosongkan untuk melihat "
                          "seluruh wilayah pemilihan.") % {"kode": kode,
                                                           "nama": pilihan.wilayah.nama}
        if not galat:
            request.session[SESI_PEMILIHAN] = pilihan.pk
            request.session[SESI_WILAYAH] = wilayah.pk if wilayah else None
            return redirect("beranda")
    return render(request, "portal/pilih.html", {
        "daftar": daftar, "galat": galat, "terpilih": request.session.get(SESI_PEMILIHAN)},
        status=422 if galat else 200)


def _di_dalam(wilayah: Wilayah, induk: Wilayah) -> bool:
    """``wilayah`` is ``induk`` or lies below it (at most three levels)."""
    w = wilayah
    for _i in range(4):
        if w is None:
            return False
        if w.pk == induk.pk:
            return True
        w = w.induk
    return False


def _petugas_saya(scope: Scope) -> Petugas | None:
    if scope.petugas_id is None:
        return None
    return (
        scoped(Petugas.objects.select_related("wilayah", "wilayah__induk", "tps", "badan"), scope)
        .filter(pk=scope.petugas_id)
        .first()
    )


def _konteks_wilayah(scope: Scope, wilayah: Wilayah) -> dict:
    """What an area page shows: child table for kab/kota and kecamatan, TPS for kelurahan."""
    ctx: dict = {"wilayah": wilayah}
    if wilayah.tingkat == Tingkat.KELURAHAN:
        rows, total = tabel_tps(scope, scoped(TPS.objects.filter(kelurahan=wilayah), scope))
        ctx.update(
            halaman_kelurahan=True,
            tps_rows=rows,
            tps_total=total,
            anggota_pps=list(
                scoped(Petugas.objects.all(), scope)
                .filter(peran=Peran.PPS, wilayah=wilayah, aktif=True)
                .order_by(URUTAN_JABATAN, "nama")
            ),
        )
    else:
        ctx["tabel"] = tabel_wilayah(scope, wilayah)
    return ctx


@never_cache
@require_GET
def beranda(request):
    """Home: a landing page for the public, the caller's own area for an officer."""
    scope = get_scope(request.user)
    pemilihan = _pemilihan(scope)
    ctx: dict = {"pemilihan": pemilihan}
    if scope.is_public:
        # Signed in but without an officer record: say so rather than show an empty area.
        template = (
            "portal/beranda_tanpa_peran.html"
            if request.user.is_authenticated
            else "portal/beranda_publik.html"
        )
        return render(request, template, ctx)

    ctx["petugas"] = _petugas_saya(scope)
    if scope.tps_id is not None:
        tps = get_scoped_or_404(
            TPS.objects.select_related("kelurahan", "kelurahan__induk"), scope, pk=scope.tps_id
        )
        ctx.update(
            tps=tps,
            jumlah=jumlah_rekap(scope, TINGKAT_TPS, [tps.pk]).get(tps.pk, Jumlah()),
            rekan=list(
                scoped(Petugas.objects.all(), scope)
                .filter(tps=tps, aktif=True)
                .order_by("peran", URUTAN_JABATAN, "nama")
            ),
        )
        return render(request, "portal/beranda_tps.html", ctx)

    if scope.semua:
        if pemilihan is None:
            return redirect("pilih")
        wilayah = (scoped(Wilayah.objects.select_related("induk"), scope)
                   .filter(pk=request.session.get(SESI_WILAYAH)).first() or pemilihan.wilayah)
    else:
        wilayah = get_scoped_or_404(
            Wilayah.objects.select_related("induk"), scope, pk=scope.wilayah_id
        )
    ctx.update(_konteks_wilayah(scope, wilayah))
    ctx["beranda"] = True
    return render(request, "portal/wilayah.html", ctx)


@petugas_required(*SEMUA_PERAN)
@require_GET
def wilayah_detail(request, kode: str):
    scope = request.scope
    wilayah = get_scoped_or_404(
        Wilayah.objects.select_related("induk", "induk__induk"), scope, kode=kode
    )
    ctx = _konteks_wilayah(scope, wilayah)
    ctx["pemilihan"] = _pemilihan(scope)
    return render(request, "portal/wilayah.html", ctx)


@petugas_required(*SEMUA_PERAN)
@require_GET
def tps_list(request):
    scope = request.scope
    form = CariTPSForm(request.GET or None, scope=scope)
    qs = scoped(TPS.objects.all(), scope).order_by("kelurahan__kode", "nomor")
    if form.is_bound and form.is_valid() and form.cleaned_data.get("kelurahan"):
        qs = qs.filter(kelurahan=form.cleaned_data["kelurahan"])
    elif form.is_bound and not form.is_valid():
        qs = qs.none()
    page = paginate(request, qs.values_list("id", flat=True))
    # Counts for the TPS of this page only: one GROUP BY over at most 50 TPS.
    rows, _total = tabel_tps(
        scope,
        scoped(TPS.objects.filter(id__in=list(page.object_list)), scope).order_by(
            "kelurahan__kode", "nomor"),
    )
    return render(
        request,
        "portal/tps_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query_tanpa_page(request),
        },
    )


@petugas_required(*SEMUA_PERAN)
@require_GET
def tps_detail(request, pk: int):
    scope = request.scope
    tps = get_scoped_or_404(
        TPS.objects.select_related("kelurahan", "kelurahan__induk"), scope, pk=pk
    )
    petugas = list(
        scoped(Petugas.objects.filter(tps=tps, aktif=True), scope)
        .order_by("peran", URUTAN_JABATAN, "nama")
    )
    return render(
        request,
        "portal/tps_detail.html",
        {
            "tps": tps,
            "jumlah": jumlah_rekap(scope, TINGKAT_TPS, [tps.pk]).get(tps.pk, Jumlah()),
            "petugas_tps": petugas,
        },
    )


@petugas_required(*SEMUA_PERAN)
@require_GET
def tps_pilihan(request):
    """``<option>`` list of the TPS in one kelurahan, for the htmx filter on the voter list."""
    scope = request.scope
    kel_id = request.GET.get("kelurahan", "")
    kelurahan = kelurahan_qs(scope).filter(pk=kel_id).first() if kel_id.isdigit() else None
    return render(request, "portal/_tps_options.html", {"tps_list": tps_qs(scope, kelurahan)})
