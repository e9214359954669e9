from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from selenggara.web.admin import (
    AuditedInlinesMixin,
    AuditedModelAdmin,
    HapusTerbatasMixin,
    ScopedAdminMixin,
    ScopedChoicesMixin,
)

from .models import Kontestasi, Paslon, Pemilihan, Tahapan


# Inline rows are forms of their own: without ScopedChoicesMixin a contest added inside an
# election would accept an area of another kab/kota.
class KontestasiInline(ScopedChoicesMixin, admin.TabularInline):
    model = Kontestasi
    extra = 0
    autocomplete_fields = ["wilayah"]
    show_change_link = True


class TahapanInline(ScopedChoicesMixin, admin.TabularInline):
    model = Tahapan
    extra = 0


class PaslonInline(ScopedChoicesMixin, admin.TabularInline):
    model = Paslon
    extra = 0


# Elections, contests, stages and candidates belong to one election: an officer's account sees
# and changes its own election's only (petugas.scope), a superuser every election.
@admin.register(Pemilihan)
class PemilihanAdmin(HapusTerbatasMixin, ScopedAdminMixin, AuditedInlinesMixin, AuditedModelAdmin,
                     admin.ModelAdmin):
    tolak_hapus_bila = (
        ("pemilih.Pemilih", "pemilihan_id", _(
            "pemilihan ini sudah memiliki daftar pemilih, jadi tidak dapat dihapus. Pemilihan "
            "ditutup, tidak dihapus; hubungi pengembang bila data uji perlu dibuang.")),
        ("petugas.Petugas", "pemilihan_id", _(
            "pemilihan ini sudah memiliki petugas, jadi tidak dapat dihapus.")),
    )
    list_display = ["nama", "tahun", "wilayah", "hari_pemungutan", "maks_pemilih_per_tps"]
    search_fields = ["nama"]
    autocomplete_fields = ["wilayah"]
    inlines = [KontestasiInline, TahapanInline]


@admin.register(Kontestasi)
class KontestasiAdmin(ScopedAdminMixin, AuditedInlinesMixin, AuditedModelAdmin,
                      admin.ModelAdmin):
    list_display = ["nama", "jenis", "pemilihan", "wilayah", "urutan"]
    list_filter = ["jenis"]
    search_fields = ["nama"]
    autocomplete_fields = ["wilayah"]
    inlines = [PaslonInline]


@admin.register(Paslon)
class PaslonAdmin(ScopedAdminMixin, AuditedModelAdmin, admin.ModelAdmin):
    list_display = ["nomor_urut", "nama_kepala", "nama_wakil", "kontestasi", "sirekap_id"]
    list_filter = ["kontestasi"]
    search_fields = ["nama_kepala", "nama_wakil"]


@admin.register(Tahapan)
class TahapanAdmin(ScopedAdminMixin, AuditedModelAdmin, admin.ModelAdmin):
    list_display = ["nama", "kode", "mulai", "selesai", "pemilihan"]
    list_filter = ["pemilihan"]
    search_fields = ["nama", "kode"]
    ordering = ["pemilihan", "mulai", "urutan"]
