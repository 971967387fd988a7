"""Answers to "what helped?" tapped at the same moment on several devices are all kept.

Each answer is a change to one list on one cramp: without a lock, two workers could each
read the list, add their own answer and write it back, and one answer would be lost. Seven
signed-in devices of one person press the seven answers at once through the real server
(several gunicorn workers), then take four of them back at once: every answer given must
be stored, and only those.
"""

from __future__ import annotations

import threading

from nightcramp.diary.models import Relief
from nightcramp.testing import live

ANSWERS = list(Relief.values)
TAKEN_BACK = {"walking", "heat", "waited", "other"}


def tap_all_at_once(clients: list, url: str, helped: dict[str, str]) -> list[int]:
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def tap(client, answer: str) -> None:
        start.wait()
        form = {"field": "relieved_by", "value": answer, "helped": helped[answer]}
        statuses.append(client.post(url, form).status)

    threads = [
        threading.Thread(target=tap, args=pair) for pair in zip(clients, ANSWERS, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_answers_tapped_at_once_are_all_kept(tmp_path) -> None:
    with live.server_database(tmp_path) as env, live.running_server(env, workers=3) as server:
        nights = live.create_accounts(server, ["dora"])
        pk = server.django(
            "from datetime import date, datetime, time, timedelta, timezone\n"
            "from nightcramp.diary.models import Episode, Night\n"
            f"night = Night.objects.get(pk={nights['dora'][0]})\n"
            "at = datetime.combine(night.night + timedelta(days=1), time(3), timezone.utc)\n"
            "e = Episode.objects.create(user=night.user, night=night, occurred_at=at)\n"
            "print(json.dumps(e.pk))"
        )
        clients = [live.Client(server.port) for _ in ANSWERS]
        for client in clients:
            client.sign_in("dora", live.PASSWORD)
        url = f"/episodes/{pk}/quick/"
        read = (
            "from nightcramp.diary.models import Episode\n"
            f"print(json.dumps(Episode.objects.get(pk={pk}).relieved_by))"
        )
        added = tap_all_at_once(clients, url, dict.fromkeys(ANSWERS, "yes"))
        after_adding = server.django(read)
        no = {a: "no" if a in TAKEN_BACK else "yes" for a in ANSWERS}
        taken = tap_all_at_once(clients, url, no)
        after_taking = server.django(read)
    assert added == taken == [302] * len(ANSWERS)
    assert sorted(after_adding) == sorted(ANSWERS)
    assert sorted(after_taking) == sorted(set(ANSWERS) - TAKEN_BACK)
