"""The history of a declaration was called `Event`, which clashes with conference events in the
domain: renamed to what it is. A rename, so every row stays."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel(old_name="Event", new_name="DeclarationHistory"),
        migrations.AlterField(
            model_name="declarationhistory",
            name="declaration",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="history",
                to="declarations.declaration",
                verbose_name="declaration",
            ),
        ),
    ]
