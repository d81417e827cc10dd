"""Data of the awards app: the legal parameters, each value with the date it applies from."""

from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .parameter_keys import KEY_CHOICES, spec_for

# Ratios are kept to four decimals and read back as the nearest fraction with a denominator
# up to 100: 0.6667 is exactly two thirds, so "at least two thirds" of 6 members is 4.
RATIO_DENOMINATOR_LIMIT = 100


def plain(number):
    """A Decimal without trailing zeros and never in exponent form (12.0000 → 12, not 1.2E+1)."""
    number = Decimal(number)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def as_fraction(key, value):
    exact = Fraction(value)
    if spec_for(key).kind == "ratio":
        return exact.limit_denominator(RATIO_DENOMINATOR_LIMIT)
    return exact


def display_value(key, value):
    """A value as people write it, in the active language: 1.800.000, 0,3, 2/3 (66,67%), 90%."""
    kind = spec_for(key).kind
    if kind == "ratio":
        fraction = as_fraction(key, value)
        percent = number_format(plain(round(Decimal(fraction.numerator) * 100 / fraction.denominator, 2)))
        if 100 % fraction.denominator == 0:
            return f"{percent}%"
        return f"{fraction.numerator}/{fraction.denominator} ({percent}%)"
    return number_format(plain(value), force_grouping=True)


class LegalParameter(models.Model):
    """One value of one legal parameter, in force from `valid_from` until the next row's date.

    A row whose date has come is history: it is never edited, a correction is a new row.
    Decisions copy the amounts they award when issued, so no later row changes them.
    """

    key = models.CharField(_("parameter"), max_length=40, choices=KEY_CHOICES, db_index=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    valid_from = models.DateField(_("applies from"))
    source = models.CharField(
        _("source document"), max_length=300, help_text=_("Number, date and article, e.g. NĐ 73/2024/NĐ-CP, Điều 3.")
    )
    source_url = models.URLField(_("link to the source"), max_length=500, blank=True)
    confirmed = models.BooleanField(
        _("confirmed in the source"),
        default=False,
        help_text=_("Tick only when the value was checked in the official text (vbpl.vn)."),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal parameter value")
        verbose_name_plural = _("legal parameter values")
        ordering = ["key", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="one_parameter_value_per_key_and_date"),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="parameter_value_positive"),
        ]

    def __str__(self):
        return f"{self.spec.label} = {plain(self.value)} ({self.valid_from:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("awards:parameter_detail", args=[self.key])

    @property
    def spec(self):
        return spec_for(self.key)

    @property
    def fraction(self):
        """The value as an exact fraction: ratios snap to the simple fraction they stand for."""
        return as_fraction(self.key, self.value)

    @property
    def display(self):
        return display_value(self.key, self.value)

    def is_history(self, today=None):
        """True once the value's date has come: from then on it is kept as it was."""
        return self.valid_from <= (today or timezone.localdate())
