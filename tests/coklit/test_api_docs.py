"""The sync API is documented at /api/docs (OpenAPI)."""

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_lists_the_coklit_endpoints(client):
    assert client.get("/api/docs").status_code == 200
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/coklit/sinkron", "/api/coklit/daftar", "/api/coklit/cek-nik",
            "/api/coklit/foto", "/api/coklit/foto/{foto_id}"} <= paths
    statuses = spec["components"]["schemas"]["AnswerOut"]["properties"]["status"]
    assert "already_applied" in statuses["description"]


def test_docs_page_loads_nothing_from_the_internet(client):
    html = client.get("/api/docs").content.decode()
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
