"""NIK/NKK rules: structure, decoding, consistency with person data, masking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from selenggara.rules.nik import (
    NikError,
    NikInfo,
    bersihkan_nik,
    is_nik_valid,
    make_nik,
    mask_nik,
    mask_nik_tail,
    parse_nik,
    validate_nik,
    validate_nkk,
)
from selenggara.rules.problem import ERROR, WARNING, Problem

from . import strategies as s

REF = date(2024, 11, 27)  # Pilkada 2024 polling day: a fixed reference for the century


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


# --------------------------------------------------------------------- real examples


def test_domain_example_woman_born_7_march_1990_in_mojoroto() -> None:
    nik = make_nik("35.71.01", date(1990, 3, 7), "P", 12)
    assert nik == "3571014703900012"
    assert nik.startswith("357101470390")
    info = parse_nik(nik, reference=REF)
    assert info == NikInfo(
        nik="3571014703900012",
        kode_provinsi="35",
        kode_kabkota="3571",
        kode_kecamatan="357101",
        tanggal_lahir=date(1990, 3, 7),
        jenis_kelamin="P",
        nomor_urut="0012",
    )


def test_man_same_birthday_has_plain_day() -> None:
    assert make_nik("357101", date(1990, 3, 7), "L", 1) == "3571010703900001"
    assert parse_nik("3571010703900001", reference=REF).jenis_kelamin == "L"


@pytest.mark.parametrize(
    ("nik", "tanggal", "jk"),
    [
        ("3571020101070001", date(2007, 1, 1), "L"),  # first-time voter in Pilkada 2024
        ("3571037112999999", date(1999, 12, 31), "P"),  # day 71 = 31 + 40
        ("3571034102000123", date(2000, 2, 1), "P"),
        ("3571012902000001", date(2000, 2, 29), "L"),  # 2000 was a leap year
        ("1101015506451234", date(1945, 6, 15), "P"),
    ],
)
def test_parse_table(nik: str, tanggal: date, jk: str) -> None:
    info = parse_nik(nik, reference=REF)
    assert (info.tanggal_lahir, info.jenis_kelamin) == (tanggal, jk)
    assert info.nomor_urut == nik[12:]


# --------------------------------------------------------------------- round trip


@given(
    kec=s.kode_kecamatan(),
    tgl=s.tanggal_lahir,
    jk=s.jenis_kelamin,
    urut=s.nomor_urut,
    umur_hari=st.integers(0, 99 * 365 + 24),
)
@example(kec="35.71.01", tgl=date(1900, 1, 1), jk="P", urut=1, umur_hari=0)
@example(kec="357103", tgl=date(2000, 2, 29), jk="L", urut=9999, umur_hari=0)
@example(kec="357103", tgl=date(1904, 2, 29), jk="P", urut=9999, umur_hari=99 * 365 + 24)
def test_make_then_parse_gives_back_the_inputs(
    kec: str, tgl: date, jk: str, urut: int, umur_hari: int
) -> None:
    # Any reference at which the person is younger than 100 resolves the century right.
    reference = tgl + timedelta(days=umur_hari)
    nik = make_nik(kec, tgl, jk, urut)
    assert len(nik) == 16 and nik.isascii() and nik.isdigit()
    info = parse_nik(nik, reference=reference)
    assert info.nik == nik
    assert info.kode_kecamatan == kec.replace(".", "")
    assert info.kode_kabkota == info.kode_kecamatan[:4]
    assert info.kode_provinsi == info.kode_kecamatan[:2]
    assert info.tanggal_lahir == tgl
    assert info.jenis_kelamin == jk
    assert int(info.nomor_urut) == urut


@given(nik=s.enam_belas_digit)
@example(nik="3571014703900012")
@example(nik="3571012902000001")
def test_parse_then_make_gives_back_the_nik(nik: str) -> None:
    try:
        info = parse_nik(nik, reference=REF)
    except NikError as e:
        assert e.problems, "NikError must carry at least one problem"
        for p in e.problems:
            assert p.severity == ERROR
            assert "%(" not in p.text()
        return
    rebuilt = make_nik(
        info.kode_kecamatan, info.tanggal_lahir, info.jenis_kelamin, int(info.nomor_urut)
    )
    assert rebuilt == nik


@given(tgl=s.tanggal_lahir, jk=s.jenis_kelamin, urut=s.nomor_urut)
def test_women_have_40_added_to_the_day(tgl: date, jk: str, urut: int) -> None:
    dd = int(make_nik("357101", tgl, jk, urut)[6:8])
    if jk == "P":
        assert dd == tgl.day + 40
        assert 41 <= dd <= 71
    else:
        assert dd == tgl.day
        assert 1 <= dd <= 31


# --------------------------------------------------------------------- century


@pytest.mark.parametrize(
    ("ddmmyy", "reference", "tahun"),
    [
        ("010124", date(2024, 6, 1), 2024),
        ("010199", date(2024, 6, 1), 1999),
        ("010100", date(2024, 6, 1), 2000),
        ("011224", date(2024, 11, 27), 1924),  # 2024-12-01 is after the reference date
        ("271124", date(2024, 11, 27), 2024),  # born on the reference day itself
        ("010115", date(1999, 1, 1), 1915),
        ("010115", date(2020, 1, 1), 2015),
    ],
)
def test_two_digit_year_resolves_to_a_birth_not_in_the_future(
    ddmmyy: str, reference: date, tahun: int
) -> None:
    info = parse_nik(f"357101{ddmmyy}0001", reference=reference)
    assert info.tanggal_lahir.year == tahun
    assert info.tanggal_lahir <= reference


def test_29_february_00_depends_on_the_century() -> None:
    assert parse_nik("3571012902000001", reference=REF).tanggal_lahir == date(2000, 2, 29)
    with pytest.raises(NikError) as e:  # resolves to 1900, not a leap year
        parse_nik("3571012902000001", reference=date(1999, 6, 1))
    assert codes(e.value.problems) == ["nik_tanggal_tidak_ada"]


def test_default_reference_is_today() -> None:
    info = parse_nik("3571010101990001")
    assert info.tanggal_lahir == date(1999, 1, 1)


# --------------------------------------------------------------------- structure


@pytest.mark.parametrize(
    ("nik", "expected"),
    [
        ("357101470390001", ["nik_panjang"]),
        ("35710147039000123", ["nik_panjang"]),
        ("3571 01470390001", ["nik_bukan_angka"]),
        ("357101470390001X", ["nik_bukan_angka"]),
        ("357101470390001", ["nik_panjang"]),
        ("３５71014703900012", ["nik_bukan_angka"]),  # full-width digits pass str.isdigit()
        ("3571014703900012 ", ["nik_bukan_angka", "nik_panjang"]),
        ("", ["nik_kosong"]),
        ("1071014703900012", ["nik_provinsi"]),
        ("0071014703900012", ["nik_provinsi"]),
        ("3500014703900012", ["nik_kabkota"]),
        ("3571004703900012", ["nik_kecamatan"]),
        ("3571010003900012", ["nik_tanggal"]),
        ("3571013203900012", ["nik_tanggal"]),
        ("3571014003900012", ["nik_tanggal"]),
        ("3571017203900012", ["nik_tanggal"]),
        ("3571010700900012", ["nik_bulan"]),
        ("3571010713900012", ["nik_bulan"]),
        ("3571013104900012", ["nik_tanggal_tidak_ada"]),  # 31 April
        ("3571017104900012", ["nik_tanggal_tidak_ada"]),  # women: 31 April
        ("3571012902010012", ["nik_tanggal_tidak_ada"]),  # 2001 not a leap year
        ("3571013002900012", ["nik_tanggal_tidak_ada"]),
        ("3571014703900000", ["nik_nomor_urut"]),
        ("0000000000000000", ["nik_provinsi", "nik_kabkota", "nik_kecamatan", "nik_tanggal",
                              "nik_bulan", "nik_nomor_urut"]),
    ],
)  # fmt: skip
def test_structure_problems(nik: str, expected: list[str]) -> None:
    with pytest.raises(NikError) as e:
        parse_nik(nik, reference=REF)
    assert codes(e.value.problems) == expected
    assert isinstance(e.value, ValueError)
    assert all(p.field == "nik" and p.severity == ERROR for p in e.value.problems)
    assert codes(validate_nik(nik, reference=REF)) == expected
    assert not is_nik_valid(nik, reference=REF)


def test_length_message_says_what_and_how() -> None:
    [p] = validate_nik("357101470390001")
    assert p.params == {"panjang": 15}
    assert p.text() == (
        "NIK harus 16 digit angka; yang diisi 15 karakter. Periksa kembali NIK pada KTP-el."
    )


def test_none_is_empty_and_non_string_is_a_type_error() -> None:
    assert codes(validate_nik(None)) == ["nik_kosong"]  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        validate_nik(3571014703900012)  # type: ignore[arg-type]


@given(nik=st.text(max_size=20))
def test_any_text_gives_problems_or_a_valid_nik(nik: str) -> None:
    problems = validate_nik(nik, reference=REF)
    assert (problems == []) == is_nik_valid(nik, reference=REF)
    if not problems:
        assert len(nik) == 16 and set(nik) <= set(s.DIGITS)
    for p in problems:
        assert p.text() and "%(" not in p.text()


# --------------------------------------------------------------------- consistency


GOOD = "3571014703900012"  # P, 07-03-1990, Mojoroto


def test_consistent_person_data_gives_no_problem() -> None:
    assert (
        validate_nik(
            GOOD,
            kode_kecamatan="35.71.01",
            tanggal_lahir=date(1990, 3, 7),
            jenis_kelamin="P",
            reference=REF,
        )
        == []
    )


@pytest.mark.parametrize("kec", ["35.71.02", "357102", " 35.71.02 "])
def test_other_kecamatan_is_only_a_warning(kec: str) -> None:
    [p] = validate_nik(GOOD, kode_kecamatan=kec, reference=REF)
    assert (p.code, p.severity, p.field) == ("nik_kecamatan_beda", WARNING, "nik")
    assert p.params == {"kode_nik": "35.71.01", "kode_kecamatan": "35.71.02"}
    assert not p.is_error


def test_birth_date_mismatch_is_an_error() -> None:
    [p] = validate_nik(GOOD, tanggal_lahir=date(1990, 3, 8), reference=REF)
    assert (p.code, p.severity, p.field) == ("nik_tanggal_lahir_beda", ERROR, "tanggal_lahir")
    assert "08-03-1990" in p.text() and "07-03-90" in p.text()


def test_sex_mismatch_is_an_error_and_not_a_date_mismatch() -> None:
    problems = validate_nik(GOOD, tanggal_lahir=date(1990, 3, 7), jenis_kelamin="L", reference=REF)
    assert codes(problems) == ["nik_jenis_kelamin_beda"]
    assert problems[0].severity == ERROR


def test_centenarian_is_not_flagged_because_the_century_is_not_encoded() -> None:
    nik = make_nik("357101", date(1915, 5, 1), "L", 7)
    assert parse_nik(nik, reference=REF).tanggal_lahir == date(2015, 5, 1)  # the ambiguity
    assert validate_nik(nik, tanggal_lahir=date(1915, 5, 1), reference=REF) == []


def test_known_birth_year_resolves_29_february_1900_vs_2000() -> None:
    nik = "3571012902000001"
    # reference alone would say 1900 (not a leap year); the recorded birth date says 2000
    assert validate_nik(nik, reference=date(1999, 6, 1)) != []
    assert validate_nik(nik, tanggal_lahir=date(2000, 2, 29), reference=date(1999, 6, 1)) == []


def test_kecamatan_is_checked_even_when_the_date_part_is_broken() -> None:
    assert codes(validate_nik("3571019903900012", kode_kecamatan="357102")) == [
        "nik_tanggal",
        "nik_kecamatan_beda",
    ]


@pytest.mark.parametrize("bad", ["35.71", "3571011001", "35.7a.01", "1"])
def test_malformed_kecamatan_argument_raises(bad: str) -> None:
    with pytest.raises(ValueError):
        validate_nik(GOOD, kode_kecamatan=bad)


def test_unknown_sex_code_raises() -> None:
    with pytest.raises(ValueError):
        validate_nik(GOOD, jenis_kelamin="W")


@given(kec=s.kode_kecamatan(), tgl=s.tanggal_lahir, jk=s.jenis_kelamin, urut=s.nomor_urut)
def test_generated_nik_is_consistent_with_its_person(
    kec: str, tgl: date, jk: str, urut: int
) -> None:
    nik = make_nik(kec, tgl, jk, urut)
    # default reference (today): the recorded birth year settles the century
    assert validate_nik(nik, kode_kecamatan=kec, tanggal_lahir=tgl, jenis_kelamin=jk) == []
    lain = "P" if jk == "L" else "L"
    assert codes(validate_nik(nik, tanggal_lahir=tgl, jenis_kelamin=lain)) == [
        "nik_jenis_kelamin_beda"
    ]


@given(tgl=s.tanggal_lahir, hari=st.integers(1, 400))
def test_a_different_birth_date_is_flagged(tgl: date, hari: int) -> None:
    lain = tgl + timedelta(days=hari)
    assume(lain.year % 100 != tgl.year % 100 or (lain.month, lain.day) != (tgl.month, tgl.day))
    nik = make_nik("357101", tgl, "L", 1)
    assert "nik_tanggal_lahir_beda" in codes(validate_nik(nik, tanggal_lahir=lain))


# --------------------------------------------------------------------- make_nik inputs


@pytest.mark.parametrize(
    ("args", "exc"),
    [
        (("35.71", date(1990, 1, 1), "L", 1), ValueError),
        (("35.71.01.1001", date(1990, 1, 1), "L", 1), ValueError),
        (("357101", date(1990, 1, 1), "X", 1), ValueError),
        (("357101", date(1990, 1, 1), "L", 0), ValueError),
        (("357101", date(1990, 1, 1), "L", 10000), ValueError),
        (("357101", date(1990, 1, 1), "L", True), ValueError),
        (("357101", "1990-01-01", "L", 1), TypeError),
    ],
)
def test_make_nik_rejects_bad_input(args: tuple, exc: type[Exception]) -> None:
    with pytest.raises(exc):
        make_nik(*args)


# --------------------------------------------------------------------- NKK


@pytest.mark.parametrize(
    ("nkk", "expected"),
    [
        ("3571011203180004", []),
        ("3571019999990001", []),  # middle part is not a birth date: not checked
        ("3571010000000000", []),
        ("0000000000000000", ["nkk_nol"]),
        ("1071011203180004", ["nkk_provinsi"]),
        ("3500001203180004", ["nkk_kabkota", "nkk_kecamatan"]),
        ("357101120318000", ["nkk_panjang"]),
        ("35710112031800O4", ["nkk_bukan_angka"]),
        ("", ["nkk_kosong"]),
    ],
)
def test_validate_nkk(nkk: str, expected: list[str]) -> None:
    problems = validate_nkk(nkk)
    assert codes(problems) == expected
    assert all(p.field == "nkk" for p in problems)
    assert all("NKK" in p.text() for p in problems)


# --------------------------------------------------------------------- masking


def test_mask_examples() -> None:
    assert mask_nik(GOOD) == "357101**********"
    assert mask_nik_tail(GOOD) == "************0012"
    assert mask_nik_tail(GOOD, visible=2) == "**************12"
    assert mask_nik_tail(GOOD, visible=0) == "*" * 16


@given(nik=s.enam_belas_digit)
def test_masks_never_show_the_birth_date(nik: str) -> None:
    m = mask_nik(nik)
    t = mask_nik_tail(nik)
    assert len(m) == len(t) == 16
    assert m[:6] == nik[:6] and set(m[6:]) == {"*"}
    assert t[12:] == nik[12:] and set(t[:12]) == {"*"}


@pytest.mark.parametrize("bad", ["", "12345", "3571014703900012345", "35710147039000xx", None])
def test_malformed_values_are_masked_completely(bad: str) -> None:
    assert mask_nik(bad) == "*" * 16
    assert mask_nik_tail(bad) == "*" * 16


@pytest.mark.parametrize("visible", [5, -1, 16])
def test_tail_mask_refuses_to_reveal_the_birth_date(visible: int) -> None:
    with pytest.raises(ValueError):
        mask_nik_tail(GOOD, visible=visible)


def test_bersihkan_nik_removes_spreadsheet_noise() -> None:
    assert bersihkan_nik("'3571 0147.0390-0012 ") == GOOD
    assert bersihkan_nik(GOOD) == GOOD


def test_mask_nama_keeps_word_starts_only():
    from selenggara.rules.nik import mask_nama

    assert mask_nama("SITI AMINAH") == "SIT* AMI***"
    assert mask_nama("Al") == "Al"
