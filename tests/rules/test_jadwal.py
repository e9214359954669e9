from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from selenggara.rules.jadwal import target_coklit_selesai


def test_kediri_2024_target_is_end_of_week_two():
    assert target_coklit_selesai(date(2024, 6, 24)) == date(2024, 7, 7)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(1, 4))
def test_target_is_the_last_day_of_the_week(mulai, minggu):
    target = target_coklit_selesai(mulai, minggu)
    assert target - mulai == timedelta(days=7 * minggu - 1)
    assert target.weekday() == (mulai.weekday() + 6) % 7
