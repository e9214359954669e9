"""The e-coklit API fuzzed from its own OpenAPI document (schemathesis), logged in as a Pantarlih.

Every operation is called in process through the WSGI app, in this test's thread and database
transaction (so it sees the ``kediri_mini`` rows and leaves nothing behind), with:

- schemathesis' coverage cases: boundary and just-outside values of every documented
  constraint (2^31, 2^63, empty and over-long strings, wrong types, missing fields...), and
- Hypothesis-generated cases, valid and invalid (``MAX_EXAMPLES`` of each per operation, plus
  valid ones on an upload of this account for the photo operations).

Every answer must be no server error (no 5xx) and within the document: a documented status,
its content type and its schema (which for an error is ``{"detail", "jenis", "galat"}``).
"""

from __future__ import annotations

import time
import uuid

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import GenerationConfig

from selenggara.coklit.models import Foto

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 25  # per operation and generation mode (valid, invalid)
MAX_COVERAGE_CASES = 150  # per operation
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def app(masuk):
    """The WSGI app in this thread. Django closes "old" connections when a request starts and
    finishes, which would end the test's transaction; the test client disconnects that too
    (and connects it again after each request: so this comes after the login)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def masuk(kediri_mini):
    """Log in as pantarlih_bl1 through the login page (CSRF enforced): the session cookie and
    the CSRF token the field app would hold."""
    c = Client(enforce_csrf_checks=True)
    c.get("/masuk/")
    token = c.cookies["csrftoken"].value
    r = c.post("/masuk/", {"username": "pantarlih_bl1", "password": kediri_mini.password,
                           "csrfmiddlewaretoken": token})
    assert r.status_code == 302, r.content[:300]
    cookies = {"sessionid": c.cookies["sessionid"].value, "csrftoken": token}
    return cookies, {"X-CSRFToken": token}


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    ops = [result.ok() for result in schema.get_all_operations()]
    assert len(ops) >= 6
    return schema, ops


def _call(case, cookies, headers, seen):
    response = case.call(cookies=cookies, headers=headers)
    seen.append(response.status_code)
    case.validate_response(response, checks=CHECKS)


def _fuzz(strategy, cookies, headers, got) -> None:
    @given(case=strategy)
    @hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                         derandomize=True, phases=[Phase.generate],
                         suppress_health_check=list(HealthCheck))
    def run(case):
        _call(case, cookies, headers, got)

    run()


def test_the_api_answers_every_generated_request_within_its_document(app, masuk, kediri_mini,
                                                                    settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cookies, headers = masuk
    # An upload of this account, so the photo operations also reach their handlers (offsets,
    # chunks, types) and not only "not found".
    foto = Foto.objects.create(id=uuid.uuid4(), petugas=kediri_mini.petugas_pantarlih,
                               tipe="image/jpeg", ukuran=4096)
    schema, ops = _operations(app)
    started = time.monotonic()
    seen: dict[str, list[int]] = {}
    for op in ops:
        label = f"{op.method.upper()} {op.path}"
        got = seen.setdefault(label, [])
        strategies = [op.as_strategy(generation_mode=mode)
                      for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
        if "{foto_id}" in op.path:
            strategies.append(op.as_strategy(path_parameters={"foto_id": str(foto.id)}))
        coverage = schema.iter_coverage_cases(
            op, generation_modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
            generation_config=GenerationConfig())
        for n, case in enumerate(coverage):
            if n >= MAX_COVERAGE_CASES:
                break
            if case.method.upper() != op.method.upper():
                continue  # a method the path does not have: not this operation's contract
            _call(case, cookies, headers, got)
        for strategy in strategies:
            _fuzz(strategy, cookies, headers, got)
    elapsed = time.monotonic() - started
    # Not only refusals: valid cases reached every handler (a chunk must start with the bytes
    # of a real image to be taken, which random bodies never do).
    assert all(200 in codes for label, codes in seen.items() if not label.startswith("PUT")), \
        {k: sorted(set(v)) for k, v in seen.items()}
    assert elapsed < 120, f"fuzzing took {elapsed:.1f} s: the budget above is too large"
    print({k: sorted(set(v)) for k, v in seen.items()}, f"{sum(map(len, seen.values()))} "
          f"requests in {elapsed:.1f} s")
