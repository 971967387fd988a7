"""The history of nights: every night with edit links; missing nights say so."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from nightcramp.diary import store
from nightcramp.diary.models import Night
from tests.base import BaseTestCase


class HistoryTest(BaseTestCase):
    def test_lists_nights_with_links_to_edit_them(self) -> None:
        store.morning_checkin(self.alice, date(2026, 4, 1), 0)
        episode = store.record_episode(
            self.alice, occurred_at=datetime(2026, 4, 3, 2, 15, tzinfo=UTC), leg="right"
        )
        Night.objects.create(user=self.alice, night=date(2026, 4, 4))  # evening only
        store.morning_checkin(self.bob, date(2026, 4, 2), 7)
        self.login()
        page = self.client.get("/checkins/")
        nights = {n.night: n for n in Night.objects.filter(user=self.alice)}
        for night in nights.values():
            self.assertContains(page, f'href="/nights/{night.pk}/morning/"')
            self.assertContains(page, f'href="/nights/{night.pk}/evening/"')
        self.assertContains(page, f'href="/episodes/{episode.pk}/edit/"')
        self.assertContains(page, "no cramps")
        self.assertContains(page, "1 cramp")
        self.assertContains(page, "not checked in")
        self.assertNotContains(page, "7 cramps")
        self.assertContains(page, "02:15")

    def test_recent_nights_never_checked_in_are_listed_with_links(self) -> None:
        from unittest import mock

        store.morning_checkin(self.alice, date(2026, 4, 1), 0)
        self.login()
        with mock.patch(
            "django.utils.timezone.now", return_value=datetime(2026, 4, 4, 9, 0, tzinfo=UTC)
        ):
            page = self.client.get("/checkins/")
            self.assertEqual(page.context["missing"], [date(2026, 4, 3), date(2026, 4, 2)])
            self.assertContains(page, 'href="/checkins/morning/?night=2026-04-02"')
            form = self.client.get("/checkins/morning/?night=2026-04-02")
            self.assertContains(form, 'value="2026-04-02"')


class HistoryLabelsTest(BaseTestCase):
    """The list's dates and links, made in Python once per page, are what the template's
    date filter and url tag would give."""

    def test_dates_and_links_as_django_writes_them(self) -> None:
        from django.urls import reverse
        from django.utils.dateformat import format as date_format

        from nightcramp.web.logbook.checkins import day_month, long_date, url_maker

        day = date(2027, 1, 1)
        for offset in range(400):
            moment = day - timedelta(days=offset)
            self.assertEqual(long_date(moment), date_format(moment, "D j M Y"))
            self.assertEqual(day_month(moment), date_format(moment, "j M"))
        for name in ("night_morning", "night_evening", "episode_edit"):
            for pk in (1, 42, 987654321):
                self.assertEqual(url_maker(name)(pk), reverse(name, args=[pk]))
