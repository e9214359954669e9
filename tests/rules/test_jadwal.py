from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from selenggara.rules.jadwal import laju_harian, target_coklit_selesai


def test_kediri_2024_target_is_end_of_week_two():
    assert target_coklit_selesai(date(2024, 6, 24)) == date(2024, 7, 7)


@given(st.integers(0, 700), st.integers(1, 28))
def test_daily_pace_finishes_on_time(sisa, hari):
    target = date(2024, 7, 7)
    today = date.fromordinal(target.toordinal() - hari + 1)
    pace = laju_harian(sisa, today, target)
    assert pace * hari >= sisa
    assert (pace - 1) * hari < sisa or pace == 0


def test_no_pace_after_the_target():
    assert laju_harian(10, date(2024, 7, 8), date(2024, 7, 7)) is None
