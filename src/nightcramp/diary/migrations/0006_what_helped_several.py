"""Several answers to "what helped?": ``Episode.relieved_by`` becomes a list.

Every stored answer is kept: "massage" becomes ["massage"], no answer becomes [].
Going back is refused while any cramp has more than one answer, rather than drop one.
"""

from django.db import migrations, models

import nightcramp.diary.models

BATCH = 2000  # rows per UPDATE when going back


def to_lists(apps, schema_editor) -> None:
    """One UPDATE per stored answer (a handful), whatever the number of cramps."""
    Episode = apps.get_model("diary", "Episode")
    given = Episode.objects.exclude(relieved_by="").order_by().values_list("relieved_by", flat=True)
    for answer in set(given.distinct()):
        Episode.objects.filter(relieved_by=answer).update(relieved_list=[answer])


def to_single(apps, schema_editor) -> None:
    Episode = apps.get_model("diary", "Episode")
    episodes = list(Episode.objects.only("id", "relieved_list"))
    several = [e.id for e in episodes if len(e.relieved_list or []) > 1]
    if several:
        raise RuntimeError(
            f"Cramps with more than one answer to 'what helped?': {len(several)} (ids "
            f"{', '.join(map(str, several[:10]))}); going back would lose answers."
        )
    for episode in episodes:
        episode.relieved_by = (episode.relieved_list or [""])[0]
    Episode.objects.bulk_update(episodes, ["relieved_by"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("diary", "0005_routine_answer_kept"),
    ]

    operations = [
        migrations.AddField(
            model_name="episode",
            name="relieved_list",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(to_lists, to_single),
        migrations.RemoveField(model_name="episode", name="relieved_by"),
        migrations.RenameField(
            model_name="episode", old_name="relieved_list", new_name="relieved_by"
        ),
        migrations.AlterField(
            model_name="episode",
            name="relieved_by",
            field=models.JSONField(
                blank=True,
                default=list,
                validators=[nightcramp.diary.models.validate_reliefs],
            ),
        ),
    ]
