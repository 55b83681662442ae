"""Tests of the renewal form (MDN tutorial part 10: "Testing a Django web application").

Texts are compared with _() of their English text, so the tests pass in the site's
language; Django's own messages come from Django's fields.
"""

import datetime

from django import forms
from django.test import SimpleTestCase
from django.utils.translation import gettext as _

from catalog.forms import RenewBookForm

from .helpers import today


class RenewBookFormTest(SimpleTestCase):
    """The form needs no database, so a SimpleTestCase is enough (and faster)."""

    def test_renew_form_date_field_label(self):
        form = RenewBookForm()
        self.assertTrue(
            form.fields["renewal_date"].label is None or form.fields["renewal_date"].label == "renewal date"
        )

    def test_renew_form_date_field_help_text(self):
        form = RenewBookForm()
        self.assertEqual(form.fields["renewal_date"].help_text, _("Enter a date between now and 4 weeks (default 3)."))

    def test_renew_form_has_only_renewal_date(self):
        self.assertEqual(list(RenewBookForm().fields), ["renewal_date"])

    def test_renew_form_date_in_past(self):
        date = today() - datetime.timedelta(days=1)
        form = RenewBookForm(data={"renewal_date": date})
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["renewal_date"], [_("Invalid date - renewal in past")])

    def test_renew_form_date_too_far_in_future(self):
        date = today() + datetime.timedelta(weeks=4) + datetime.timedelta(days=1)
        form = RenewBookForm(data={"renewal_date": date})
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["renewal_date"], [_("Invalid date - renewal more than 4 weeks ahead")])

    def test_renew_form_date_today(self):
        date = today()
        form = RenewBookForm(data={"renewal_date": date})
        self.assertTrue(form.is_valid())
        self.assertEqual(form.cleaned_data["renewal_date"], date)

    def test_renew_form_date_max(self):
        date = today() + datetime.timedelta(weeks=4)
        form = RenewBookForm(data={"renewal_date": date})
        self.assertTrue(form.is_valid())

    def test_renew_form_date_as_text(self):
        # A browser sends the date as text in ISO format.
        form = RenewBookForm(data={"renewal_date": (today() + datetime.timedelta(weeks=1)).isoformat()})
        self.assertTrue(form.is_valid())

    def test_renew_form_date_required(self):
        form = RenewBookForm(data={})
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["renewal_date"], [forms.Field.default_error_messages["required"]])

    def test_renew_form_date_not_a_date(self):
        form = RenewBookForm(data={"renewal_date": "not a date"})
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["renewal_date"], [forms.DateField.default_error_messages["invalid"]])
