"""Django choices built from the code lists of ``rules.kode`` (one definition of each code)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def text_choices(name: str, pilihan) -> type[models.TextChoices]:
    """``TextChoices`` whose members are the codes and whose labels translate lazily."""
    return models.TextChoices(name, [(code, (code, _(label))) for code, label in pilihan])


def codes(pilihan) -> list[str]:
    return [code for code, _label in pilihan]
