"""One clock for the application: the real one, or a simulated date of the calendar."""

from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from selenggara.web import jam

pytestmark = pytest.mark.django_db


def test_real_clock_by_default(client):
    assert jam.simulasi() is None
    assert jam.hari_ini() == timezone.localdate()
    assert "Mode simulasi" not in client.get("/masuk/").content.decode()


def test_a_simulated_date_is_today_everywhere_and_said_plainly(client):
    jam.atur(datetime(2024, 7, 1, 18, 0), berjalan=False)
    assert jam.hari_ini() == date(2024, 7, 1)
    html = client.get("/masuk/").content.decode()
    assert "Mode simulasi: Senin, 1 Juli 2024" in html
    jam.nyata()
    assert jam.simulasi() is None


def test_a_running_simulated_clock_moves_on_from_where_it_was_set():
    jam.atur(datetime(2024, 7, 1, 23, 59, 59))
    assert jam.sekarang() >= timezone.make_aware(datetime(2024, 7, 1, 23, 59, 59))


def test_pada_fixes_the_clock_for_a_block_only():
    with jam.pada(datetime(2024, 11, 27, 13, 0)):
        assert jam.hari_ini() == date(2024, 11, 27)
    assert jam.hari_ini() == timezone.localdate()


def test_a_request_reads_the_clock_at_most_once(client, django_assert_max_num_queries):
    jam.atur(datetime(2024, 7, 1, 18, 0))
    with django_assert_max_num_queries(2):  # the clock, the session lookup at most
        client.get("/masuk/")


def test_the_command_sets_and_clears(capsys):
    call_command("jam", "--atur", "2024-06-24 08:00", "--berhenti")
    assert "Mode simulasi" in capsys.readouterr().out and jam.hari_ini() == date(2024, 6, 24)
    call_command("jam", "--nyata")
    assert "Jam nyata" in capsys.readouterr().out
