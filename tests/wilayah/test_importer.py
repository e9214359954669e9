"""The Kemendagri area importer: loading, idempotent re-runs, validation, --prefix, the command."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from selenggara.audit.models import AuditRecord
from selenggara.audit.services import verify
from selenggara.wilayah.importer import MAX_ERRORS, WilayahImportError, import_wilayah
from selenggara.wilayah.models import Tingkat, Wilayah

REPO_DATA = Path(__file__).resolve().parents[2] / "data" / "wilayah"

# A small but complete tree: 1 provinsi, 2 kota, 4 kecamatan, 8 kelurahan (real codes/names).
BASE = {
    "provinces.csv": ["code,name", "35,Jawa Timur"],
    "regencies.csv": ["code,province_code,name", "35.71,35,Kota Kediri", "35.72,35,Kota Blitar"],
    "districts.csv": [
        "code,regency_code,name",
        "35.71.01,35.71,Mojoroto",
        "35.71.02,35.71,Kota",
        "35.72.01,35.72,Kepanjenkidul",
        "35.72.02,35.72,Sukorejo",
    ],
    "villages.csv": [
        "code,district_code,name",
        "35.71.01.1001,35.71.01,Bandar Lor",
        "35.71.01.1002,35.71.01,Bandar Kidul",
        "35.71.01.1004,35.71.01,Pojok",
        "35.71.02.1001,35.71.02,Semampir",
        "35.71.02.1002,35.71.02,Balowerti",
        "35.72.01.1001,35.72.01,Kepanjenkidul",
        "35.72.02.1001,35.72.02,Pakunden",
        "35.72.02.1002,35.72.02,Blitar",
    ],
}
BASE_COUNTS = {1: 1, 2: 2, 3: 4, 4: 8}
BASE_TOTAL = sum(BASE_COUNTS.values())

# Valid new rows put BEFORE a bad row in villages.csv: if they were written, the import would
# have half-loaded.
NEW_VALID_VILLAGES = [
    "35.71.01.1003,35.71.01,Banjarmlati",
    "35.71.02.1003,35.71.02,Dandangan",
    "35.72.01.1002,35.72.01,Ngadirejo",
]


def write_set(folder: Path, files: dict[str, list[str] | bytes | None] | None = None) -> Path:
    """Write the BASE files to ``folder``; ``files`` replaces some (None = leave the file out)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in {**BASE, **(files or {})}.items():
        path = folder / name
        if path.exists():
            path.unlink()
        if content is None:
            continue
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text("\n".join(content) + "\n", encoding="utf-8")
    return folder


def with_villages(*extra: str) -> dict[str, list[str]]:
    return {"villages.csv": BASE["villages.csv"] + list(extra)}


def kode_set() -> set[str]:
    return set(Wilayah.objects.values_list("kode", flat=True))


@pytest.fixture
def loaded(tmp_path):
    """The BASE set already imported once."""
    import_wilayah(write_set(tmp_path / "base"))
    return kode_set()


# --- loading -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_counts_and_parent_links(tmp_path):
    result = import_wilayah(write_set(tmp_path))

    assert {t: c.inserted for t, c in result.levels.items()} == BASE_COUNTS
    assert result.updated == 0 and result.unchanged == 0 and result.not_in_files == 0
    assert result.seconds > 0
    assert Wilayah.objects.count() == BASE_TOTAL
    for tingkat, n in BASE_COUNTS.items():
        assert Wilayah.objects.filter(tingkat=tingkat).count() == n

    pojok = Wilayah.objects.select_related("induk__induk__induk").get(kode="35.71.01.1004")
    assert pojok.nama == "Pojok" and pojok.tingkat == Tingkat.KELURAHAN
    assert pojok.induk.kode == "35.71.01" and pojok.induk.nama == "Mojoroto"
    assert pojok.induk.induk.kode == "35.71" and pojok.induk.induk.nama == "Kota Kediri"
    assert pojok.induk.induk.induk.kode == "35" and pojok.induk.induk.induk.induk_id is None
    # Every non-province row points at the row whose code is its own code's prefix.
    for w in Wilayah.objects.select_related("induk").exclude(tingkat=Tingkat.PROVINSI):
        assert w.induk.kode == w.kode.rpartition(".")[0]
        assert w.induk.tingkat == w.tingkat - 1

    rec = AuditRecord.objects.get()
    assert rec.aksi == "wilayah.import" and rec.username == "sistem"
    assert rec.sesudah["ditambah"]["kelurahan/desa"] == 8
    assert set(rec.sesudah["berkas"]) == set(BASE)
    assert result.audit_seq == rec.seq
    assert verify().ok


@pytest.mark.django_db
def test_rerun_changes_nothing_and_writes_no_audit(tmp_path, loaded):
    audits = AuditRecord.objects.count()
    ids = dict(Wilayah.objects.values_list("kode", "id"))

    result = import_wilayah(write_set(tmp_path / "again"))

    assert result.inserted == 0 and result.updated == 0 and not result.changed
    assert {t: c.unchanged for t, c in result.levels.items()} == BASE_COUNTS
    assert result.audit_seq is None
    assert AuditRecord.objects.count() == audits
    assert dict(Wilayah.objects.values_list("kode", "id")) == ids


@pytest.mark.django_db
def test_changed_name_is_one_update_with_audit(tmp_path, loaded):
    villages = [line.replace("Pojok", "Pojok Baru") for line in BASE["villages.csv"]]
    audits = AuditRecord.objects.count()

    result = import_wilayah(write_set(tmp_path / "renamed", {"villages.csv": villages}))

    assert result.levels[Tingkat.KELURAHAN].updated == 1
    assert result.updated == 1 and result.inserted == 0
    assert result.unchanged == BASE_TOTAL - 1
    assert Wilayah.objects.get(kode="35.71.01.1004").nama == "Pojok Baru"
    assert AuditRecord.objects.count() == audits + 1
    rec = AuditRecord.objects.order_by("-seq").first()
    assert rec.sebelum["diubah"]["35.71.01.1004"]["nama"] == "Pojok"
    assert rec.sesudah["diubah"]["35.71.01.1004"]["nama"] == "Pojok Baru"
    assert verify().ok


@pytest.mark.django_db
def test_areas_absent_from_files_are_kept_and_counted(tmp_path, loaded):
    villages = [line for line in BASE["villages.csv"] if not line.startswith("35.72.02.1002")]

    result = import_wilayah(write_set(tmp_path / "fewer", {"villages.csv": villages}))

    assert result.not_in_files == 1
    assert not result.changed
    assert Wilayah.objects.filter(kode="35.72.02.1002").exists()


@pytest.mark.django_db
def test_parent_already_in_database_is_enough(tmp_path, loaded):
    # Only new villages; the parent files hold just their header.
    files = {
        "provinces.csv": ["code,name"],
        "regencies.csv": ["code,province_code,name"],
        "districts.csv": ["code,regency_code,name"],
        "villages.csv": ["code,district_code,name", *NEW_VALID_VILLAGES],
    }
    result = import_wilayah(write_set(tmp_path / "only-villages", files))

    assert result.levels[Tingkat.KELURAHAN].inserted == 3
    assert Wilayah.objects.get(kode="35.71.02.1003").induk.kode == "35.71.02"
    assert result.not_in_files == BASE_TOTAL


@pytest.mark.django_db
def test_bom_undotted_codes_and_crlf_are_accepted(tmp_path):
    villages = ("\r\n".join(BASE["villages.csv"]) + "\r\n").encode("utf-8")
    villages = b"\xef\xbb\xbf" + villages.replace(b"35.71.01.1004,", b"3571011004,")
    result = import_wilayah(write_set(tmp_path, {"villages.csv": villages}))

    assert result.levels[Tingkat.KELURAHAN].inserted == 8
    assert Wilayah.objects.filter(kode="35.71.01.1004").exists()


@pytest.mark.django_db
def test_name_with_comma_in_quotes_and_inner_quote(tmp_path):
    # Both occur in the real table: 'Ra"as' (a bare quote inside a field) and quoted names.
    result = import_wilayah(
        write_set(
            tmp_path,
            with_villages('35.71.01.1003,35.71.01,"Banjar, Mlati"', '35.71.02.1003,35.71.02,Ra"as'),
        )
    )

    assert result.levels[Tingkat.KELURAHAN].inserted == 10
    assert Wilayah.objects.get(kode="35.71.01.1003").nama == "Banjar, Mlati"
    assert Wilayah.objects.get(kode="35.71.02.1003").nama == 'Ra"as'


# --- validation: nothing is written, every error says file, line and column ------------------

LATE = len(BASE["villages.csv"]) + len(NEW_VALID_VILLAGES) + 1  # line of a row after them


def _bad_villages(*bad: str) -> dict[str, list[str]]:
    return with_villages(*NEW_VALID_VILLAGES, *bad)


BAD_CASES = {
    "missing file": ({"districts.csv": None}, "districts.csv", None, "", "tidak ditemukan"),
    "wrong column name": (
        {"villages.csv": ["kode,district_code,name", *BASE["villages.csv"][1:]]},
        "villages.csv",
        1,
        "",
        "Diharapkan: code,district_code,name; ditemukan: kode,",
    ),
    "missing column": (
        {"regencies.csv": ["code,name", "35.71,Kota Kediri"]},
        "regencies.csv",
        1,
        "",
        "ditemukan: code,name",
    ),
    "latin-1 bytes": (
        {
            "villages.csv": ("\n".join(BASE["villages.csv"] + NEW_VALID_VILLAGES) + "\n").encode()
            + "35.72.02.1003,35.72.02,Tlumpú\n".encode("latin-1")
        },
        "villages.csv",
        LATE,
        "",
        "bukan UTF-8",
    ),
    "malformed code": (
        _bad_villages("35.71.01.10x1,35.71.01,Salah"),
        "villages.csv",
        LATE,
        "code",
        "tidak dikenali",
    ),
    "code of the wrong level": (
        _bad_villages("35.71.03,35.71,Pesantren"),
        "villages.csv",
        LATE,
        "code",
        "kode kecamatan",
    ),
    "parent column not the code's prefix": (
        _bad_villages("35.71.02.1004,35.71.01,Kemasan"),
        "villages.csv",
        LATE,
        "district_code",
        "berada di bawah 35.71.02",
    ),
    "parent column malformed": (
        _bad_villages("35.71.02.1004,xx,Kemasan"),
        "villages.csv",
        LATE,
        "district_code",
        "tidak dikenali",
    ),
    "kecamatan without its kab/kota": (
        {"districts.csv": BASE["districts.csv"] + ["35.73.01,35.73,Batu"]},
        "districts.csv",
        len(BASE["districts.csv"]) + 1,
        "regency_code",
        "35.73 tidak ada di regencies.csv maupun di basis data",
    ),
    "village without its kecamatan": (
        _bad_villages("35.71.03.1001,35.71.03,Ngronggo"),
        "villages.csv",
        LATE,
        "district_code",
        "35.71.03 tidak ada di districts.csv",
    ),
    "duplicated village code": (
        _bad_villages("35.71.01.1004,35.71.01,Pojok Lagi"),
        "villages.csv",
        LATE,
        "code",
        "baris 4, muncul lagi di baris",
    ),
    "empty name": (
        _bad_villages("35.71.02.1004,35.71.02,  "),
        "villages.csv",
        LATE,
        "name",
        "kosong",
    ),
    "too many columns": (
        _bad_villages("35.71.02.1004,35.71.02,Kemasan,Kota"),
        "villages.csv",
        LATE,
        "",
        "4 kolom, seharusnya 3",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_input_is_reported_and_nothing_written(tmp_path, loaded, case):
    files, file, line, fld, text = BAD_CASES[case]
    audits = AuditRecord.objects.count()

    with pytest.raises(WilayahImportError) as exc_info:
        import_wilayah(write_set(tmp_path / "bad", files))

    errors = exc_info.value.errors
    assert len(errors) == 1, [str(e) for e in errors]
    error = errors[0]
    assert (error.file, error.line, error.field) == (file, line, fld)
    assert text in error.message
    # The printed form names file, line and column too.
    assert str(error).startswith(file)
    if line is not None:
        assert f"baris {line}" in str(error)
    if fld:
        assert f"kolom {fld}" in str(error)
    # No half-load: the valid new rows before the bad one were not written either.
    assert kode_set() == loaded
    assert AuditRecord.objects.count() == audits


@pytest.mark.django_db
def test_duplicate_code_names_both_lines(tmp_path):
    with pytest.raises(WilayahImportError) as exc_info:
        import_wilayah(write_set(tmp_path, with_villages("35.71.01.1001,35.71.01,Bandar Lor")))
    (error,) = exc_info.value.errors
    assert "baris 2" in error.message and f"baris {len(BASE['villages.csv']) + 1}" in error.message
    assert Wilayah.objects.count() == 0


@pytest.mark.django_db
def test_errors_from_several_files_are_all_reported(tmp_path):
    files = {
        "regencies.csv": BASE["regencies.csv"] + ["35.7x,35,Salah"],
        "districts.csv": BASE["districts.csv"] + ["35.73.01,35.73,Batu"],
        "villages.csv": BASE["villages.csv"] + ["35.71.01.1005,35.71.01,"],
    }
    with pytest.raises(WilayahImportError) as exc_info:
        import_wilayah(write_set(tmp_path, files))
    assert [(e.file, e.field) for e in exc_info.value.errors] == [
        ("regencies.csv", "code"),
        ("districts.csv", "regency_code"),  # a missing parent is found in the same pass
        ("villages.csv", "name"),
    ]
    assert Wilayah.objects.count() == 0


@pytest.mark.django_db
def test_error_list_stops_at_the_limit(tmp_path):
    bad = [f"35.71.01.{1100 + i},35.71.01," for i in range(MAX_ERRORS + 10)]
    with pytest.raises(WilayahImportError) as exc_info:
        import_wilayah(write_set(tmp_path, with_villages(*bad)))
    assert len(exc_info.value.errors) == MAX_ERRORS
    assert exc_info.value.truncated
    assert Wilayah.objects.count() == 0


@pytest.mark.django_db
def test_missing_folder(tmp_path):
    with pytest.raises(WilayahImportError) as exc_info:
        import_wilayah(tmp_path / "nowhere")
    assert "folder tidak ditemukan" in str(exc_info.value)


# --- --prefix ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_prefix_loads_subtree_and_ancestors_only(tmp_path):
    result = import_wilayah(write_set(tmp_path), prefix="35.71")

    assert result.prefix == "35.71"
    assert kode_set() == {
        "35",
        "35.71",
        "35.71.01",
        "35.71.02",
        "35.71.01.1001",
        "35.71.01.1002",
        "35.71.01.1004",
        "35.71.02.1001",
        "35.71.02.1002",
    }


@pytest.mark.django_db
def test_prefix_ignores_problems_outside_it_and_counts_only_inside(tmp_path, loaded):
    # A bad name in Kota Blitar does not block Kota Kediri's import.
    villages = [line.replace("Pakunden", "") for line in BASE["villages.csv"]]
    result = import_wilayah(write_set(tmp_path / "p", {"villages.csv": villages}), prefix="3571")
    assert not result.changed
    assert result.not_in_files == 0  # Kota Blitar's rows are outside the prefix


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["35.99", "35.7"])
def test_bad_or_unknown_prefix(tmp_path, prefix):
    with pytest.raises(WilayahImportError) as exc_info:
        import_wilayah(write_set(tmp_path), prefix=prefix)
    assert exc_info.value.errors[0].field == "--prefix"
    assert Wilayah.objects.count() == 0


# --- the command -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_prints_summary(tmp_path):
    out = StringIO()
    call_command("wilayah", "import", str(write_set(tmp_path)), stdout=out)
    text = out.getvalue()
    assert "kelurahan/desa" in text and "Tercatat di log audit" in text
    assert Wilayah.objects.count() == BASE_TOTAL

    out = StringIO()
    call_command("wilayah", "import", str(tmp_path), stdout=out)
    assert "Tidak ada perubahan" in out.getvalue()


@pytest.mark.django_db
def test_command_prefix(tmp_path):
    call_command(
        "wilayah", "import", str(write_set(tmp_path)), "--prefix", "35.72", stdout=StringIO()
    )
    assert Wilayah.objects.filter(tingkat=Tingkat.KELURAHAN).count() == 3
    assert not Wilayah.objects.filter(kode__startswith="35.71").exists()


@pytest.mark.django_db
def test_command_fails_with_every_error_on_stderr(tmp_path):
    files = _bad_villages("35.71.01.1004,35.71.01,Pojok Lagi", "35.71.02.1005,35.71.02,")
    err = StringIO()
    with pytest.raises(CommandError, match="Tidak ada data yang diubah"):
        call_command(
            "wilayah", "import", str(write_set(tmp_path, files)), stdout=StringIO(), stderr=err
        )
    lines = err.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"villages.csv, baris {LATE}, kolom code:")
    assert lines[1].startswith(f"villages.csv, baris {LATE + 1}, kolom name:")
    assert Wilayah.objects.count() == 0


# --- the real table shipped with the repository -------------------------------------------------


@pytest.mark.django_db
def test_real_table_kota_kediri():
    result = import_wilayah(REPO_DATA, prefix="35.71")

    assert {t: c.inserted for t, c in result.levels.items()} == {1: 1, 2: 1, 3: 3, 4: 46}
    assert Wilayah.objects.get(kode="35").nama == "Jawa Timur"
    assert Wilayah.objects.get(kode="35.71").nama == "Kota Kediri"
    kecamatan = {
        w.kode: (w.nama, w.anak.count()) for w in Wilayah.objects.filter(tingkat=Tingkat.KECAMATAN)
    }
    assert kecamatan == {
        "35.71.01": ("Mojoroto", 14),
        "35.71.02": ("Kota", 17),
        "35.71.03": ("Pesantren", 15),
    }
    assert Wilayah.objects.get(kode="35.71.01.1001").nama == "Bandar Lor"
    assert Wilayah.objects.get(kode="35.71.01.1004").nama == "Pojok"
    assert all(not w.is_desa for w in Wilayah.objects.filter(tingkat=Tingkat.KELURAHAN))


@pytest.mark.django_db
def test_audit_names_the_user_and_progress_can_be_drawn(tmp_path, django_user_model):
    user = django_user_model.objects.create_user("operator", password="x")
    out = StringIO()
    import_wilayah(write_set(tmp_path), user=user, stdout=out)

    rec = AuditRecord.objects.get()
    assert rec.username == "operator" and rec.user == user
    assert "villages.csv" in out.getvalue()
