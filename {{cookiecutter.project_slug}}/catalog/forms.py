"""Forms of the catalog (MDN tutorial part 9: "Working with forms")."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RenewBookForm(forms.Form):
    """Form for a librarian to renew books."""

    renewal_date = forms.DateField(help_text=_("Enter a date between now and 4 weeks (default 3)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The label Django derives from the field name ("Renewal date"), translated.
        # The field itself keeps no label, as in the tutorial (its tests check that).
        self["renewal_date"].label = _("Renewal date")

    def clean_renewal_date(self):
        data = self.cleaned_data["renewal_date"]
        today = timezone.localdate()

        # Check if a date is not in the past.
        if data < today:
            raise ValidationError(_("Invalid date - renewal in past"))

        # Check if a date is in the allowed range (+4 weeks from today).
        if data > today + datetime.timedelta(weeks=4):
            raise ValidationError(_("Invalid date - renewal more than 4 weeks ahead"))

        # Remember to always return the cleaned data.
        return data
