"""Forms of the badge pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from flexperf.badges.images import IMAGE_CHOICES
from flexperf.badges.labels import AWARDER_ROLES
from flexperf.badges.models import BadgeClass
from flexperf.org.models import Person


class BadgeClassForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60,
                           help_text=_("Lower-case letters, digits and hyphens, e.g. mentor."))
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    criteria = forms.CharField(label=_("Criteria"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    image = forms.ChoiceField(label=_("Image"), choices=IMAGE_CHOICES)
    awarder_roles = forms.MultipleChoiceField(
        label=_("Who may award it"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=list(AWARDER_ROLES.items()))
    auto_only = forms.BooleanField(label=_("Awarded by rules and quests only"), required=False)


class AwardForm(forms.Form):
    badge = forms.ModelChoiceField(label=_("Badge"), queryset=BadgeClass.objects.none(),
                                   to_field_name="code")
    person = forms.ModelChoiceField(label=_("Recipient"), queryset=Person.objects.none())
    evidence = forms.CharField(label=_("Evidence"), max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("What they did; the recipient reads it."))

    def __init__(self, *args: Any, classes: list[BadgeClass], people: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        badge_field = self.fields["badge"]
        assert isinstance(badge_field, forms.ModelChoiceField)
        badge_field.queryset = BadgeClass.objects.filter(pk__in=[c.pk for c in classes])
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        person_field.queryset = people


class RevocationForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("A second HR admin approves; the reason is kept in "
                                         "the signed revocation entry."))


class VerifyForm(forms.Form):
    credential = forms.CharField(label=_("Credential (compact JWS)"), required=False,
                                 max_length=100_000, widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(label=_("…or upload the credential file"), required=False)
    identity = forms.CharField(label=_("Recipient's e-mail (optional)"), required=False,
                               max_length=254,
                               help_text=_("Checked against the hashed identifier in the "
                                           "credential."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > 100_000:
                self.add_error("file", _("The file is too large for a credential."))
                return data
            try:
                data["credential"] = upload.read().decode("utf-8").strip()
            except UnicodeDecodeError:
                self.add_error("file", _("The file is not a text credential."))
                return data
        if not (data.get("credential") or "").strip():
            self.add_error("credential", _("Paste a credential or upload its file."))
        return data
