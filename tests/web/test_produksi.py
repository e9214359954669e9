"""The production profile and the headers every profile sends."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

SELENGGARA = Path(sys.executable).with_name("selenggara")


def _jalankan(tmp_path, **env):
    base = {"PATH": os.environ.get("PATH", ""), "SELENGGARA_DATA_DIR": str(tmp_path),
            "DATABASE_URL": ""}
    return subprocess.run([str(SELENGGARA), "check", "--deploy"], capture_output=True,
                          text=True, env={**base, **env}, timeout=120)


def test_check_deploy_is_clean_under_the_production_profile(tmp_path):
    r = _jalankan(tmp_path, SELENGGARA_PROFIL="produksi",
                  SELENGGARA_SECRET_KEY=secrets.token_urlsafe(64),
                  SELENGGARA_AUDIT_KEY=secrets.token_urlsafe(48),
                  SELENGGARA_ALLOWED_HOSTS="kpu.example.go.id")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "System check identified no issues" in r.stdout, r.stdout + r.stderr


def test_the_production_profile_wants_the_audit_key_configured(tmp_path):
    r = _jalankan(tmp_path, SELENGGARA_PROFIL="produksi",
                  SELENGGARA_SECRET_KEY=secrets.token_urlsafe(64),
                  SELENGGARA_ALLOWED_HOSTS="kpu.example.go.id",
                  XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    assert r.returncode != 0 and "selenggara.audit.E001" in r.stderr + r.stdout


def test_the_production_profile_refuses_a_key_from_the_data_folder(tmp_path):
    r = _jalankan(tmp_path, SELENGGARA_PROFIL="produksi",
                  SELENGGARA_ALLOWED_HOSTS="kpu.example.go.id")
    assert r.returncode != 0 and "SELENGGARA_SECRET_KEY wajib" in r.stderr
    r = _jalankan(tmp_path, SELENGGARA_PROFIL="produksi",
                  SELENGGARA_SECRET_KEY=secrets.token_urlsafe(64))
    assert r.returncode != 0 and "SELENGGARA_ALLOWED_HOSTS" in r.stderr


def test_sessions_end_with_the_browser_and_the_working_day():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


@pytest.mark.django_db
def test_every_page_sends_a_csp_without_inline_scripts(client):
    r = client.get("/masuk/")
    csp = r["Content-Security-Policy"]
    script = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script and "unsafe-inline" not in script and "unsafe-eval" not in script
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp


@pytest.mark.django_db
def test_personal_data_is_never_cached(kediri_mini, client_as):
    ns = kediri_mini
    r = client_as(ns.pantarlih).get("/api/coklit/daftar")
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    for url in ("/", f"/pemilih/{ns.pemilih['Ahmad Fauzi'].pk}/", "/pps/"):
        r = client_as(ns.pps_bl).get(url)
        assert "no-store" in r["Cache-Control"], url
    # Public, personal-data-free files keep their own caching.
    assert "no-store" not in client_as(ns.pps_bl).get("/favicon.ico")["Cache-Control"]
