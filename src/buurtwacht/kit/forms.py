"""Form helpers shared by every app: a service's refusal shown on the form, and the public form's labels."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_error(form: forms.Form, error: ValidationError, field_names: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: per field where the form has that field, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        name = (field_names or {}).get(name, name)
        form.add_error(name if name in form.fields else None, errors)


class PublicForm(forms.Form):
    """A form on the public pages: labels without a trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
