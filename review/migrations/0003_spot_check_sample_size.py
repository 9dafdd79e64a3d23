from django.db import migrations, models
from django.db.models import Count


def count_samples(apps, schema_editor):
    SpotCheck = apps.get_model("review", "SpotCheck")
    for pk, size in SpotCheck.objects.annotate(size=Count("items")).values_list("pk", "size"):
        SpotCheck.objects.filter(pk=pk).update(sample_size=size)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0002_spot_check_population_size"),
    ]

    operations = [
        migrations.AddField(
            model_name="spotcheck",
            name="sample_size",
            field=models.PositiveIntegerField(default=0, verbose_name="declarations drawn"),
        ),
        migrations.RunPython(count_samples, migrations.RunPython.noop),
    ]
