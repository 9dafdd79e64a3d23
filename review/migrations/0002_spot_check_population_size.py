from django.db import migrations, models


def count_populations(apps, schema_editor):
    SpotCheck = apps.get_model("review", "SpotCheck")
    for check in SpotCheck.objects.only("pk", "population").iterator():
        SpotCheck.objects.filter(pk=check.pk).update(population_size=len(check.population))


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="spotcheck",
            name="population_size",
            field=models.PositiveIntegerField(default=0, verbose_name="population size"),
        ),
        migrations.RunPython(count_populations, migrations.RunPython.noop),
    ]
