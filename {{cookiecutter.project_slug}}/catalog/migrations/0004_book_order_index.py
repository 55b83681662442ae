"""An index in the order of the book list (Book.Meta.ordering: title, then author).

Not in the tutorial. The book list asks for ten books at a time in this order; with the
index the database reads those ten instead of sorting the whole catalogue for every page.
The index is added to the database only, not to the models' migration state, so the
tutorial's models.py still matches: pasted in, it makes makemigrations find nothing to do.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_librarians_group")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex("book", models.Index(fields=["title", "author"], name="catalog_book_order_idx")),
            ],
        ),
    ]
