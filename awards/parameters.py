"""Legal parameters by date: the value in force, bonus amounts, vote thresholds, quorum, quotas.

Every amount depends on the day it is asked for, and a row added later may change what a
past day returns (a correction). So whoever decides something — a decision awarding a
bonus — asks with the decision's date and copies the amount into the decision when it is
issued (issue 5 stores it): a change of parameters never alters a decision already issued.

The arithmetic of thresholds is exact (fractions, Decimal): "at least two thirds" of 7
members is 5, "more than half" of 8 is 5.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import TransitionError

from .models import LegalParameter, plain
from .parameter_keys import (
    BASE_SALARY,
    BONUS_ROUNDING,
    COLLECTIVE_MULTIPLIER,
    COUNCIL_QUORUM,
    Comparison,
    ParameterKind,
    Recipient,
    spec_for,
)


class NoParameterValue(LookupError):
    """No value of the parameter applies on that day: the office must add one first."""

    def __init__(self, key, day):
        super().__init__(key, day)
        self.key, self.day = key, day

    def __str__(self):
        return _("No value of “%(label)s” applies on %(date)s: add one with its source.") % {
            "label": spec_for(self.key).label,
            "date": self.day.strftime("%d/%m/%Y"),
        }


class NotForCollectives(ValueError):
    """The title or form is awarded to individuals only."""

    def __init__(self, key):
        super().__init__(key)
        self.key = key

    def __str__(self):
        return _("“%(label)s” is awarded to individuals only.") % {"label": spec_for(self.key).label}


# --- reading values by date -----------------------------------------------------------


def value_on(key, day):
    """The row of `key` in force on `day`: the latest `valid_from` on or before it."""
    spec_for(key)
    row = LegalParameter.objects.filter(key=key, valid_from__lte=day).order_by("-valid_from").first()
    if row is None:
        raise NoParameterValue(key, day)
    return row


def values_on(day):
    """Every key's row in force on `day` (keys with none are left out), in one query."""
    rows = {}
    for row in LegalParameter.objects.filter(valid_from__lte=day).order_by("key", "-valid_from"):
        rows.setdefault(row.key, row)
    return rows


def base_salary_on(day):
    return value_on(BASE_SALARY, day).value


# --- bonus amounts --------------------------------------------------------------------


def round_up(amount, step):
    """`amount` rounded up to a whole multiple of `step` (447,000 → 450,000 for 10,000)."""
    step = Decimal(step)
    return ((Decimal(amount) / step).to_integral_value(rounding=ROUND_CEILING) * step).quantize(Decimal(1))


@dataclass(frozen=True)
class Bonus:
    """How a bonus amount was reached, with the rows it used (to show and to snapshot)."""

    coefficient: Decimal
    base_salary: Decimal
    exact: Decimal  # coefficient × base salary
    step: Decimal
    individual: Decimal  # exact, rounded up
    multiplier: Decimal  # 1 unless a collective receives a form individuals also receive
    amount: Decimal
    rows: tuple


def bonus_on(coefficient_key, day, *, collective=False):
    """Coefficient × base salary on `day`, rounded up; a collective gets a multiple of that.

    The collective's amount is "twice the individual's amount": the individual's rounded
    amount times the multiplier (rounded again, should the multiplier not be whole).
    """
    spec = spec_for(coefficient_key)
    if not spec.is_award:
        raise ValueError(f"{coefficient_key!r} is not the bonus coefficient of a title or form")
    if collective and spec.recipient == Recipient.INDIVIDUAL:
        raise NotForCollectives(coefficient_key)
    rows = [value_on(coefficient_key, day), value_on(BASE_SALARY, day), value_on(BONUS_ROUNDING, day)]
    multiplier = Decimal(1)
    # Collective-only titles already carry the collective's coefficient.
    if collective and spec.recipient == Recipient.BOTH:
        rows.append(value_on(COLLECTIVE_MULTIPLIER, day))
        multiplier = rows[-1].value
    coefficient, base, step = rows[0].value, rows[1].value, rows[2].value
    exact = coefficient * base
    individual = round_up(exact, step)
    return Bonus(
        coefficient=plain(coefficient),
        base_salary=plain(base),
        exact=plain(exact),
        step=plain(step),
        individual=individual,
        multiplier=plain(multiplier),
        amount=round_up(individual * multiplier, step),
        rows=tuple(rows),
    )


def bonus_amount(coefficient_key, day, *, collective=False):
    """The bonus in VND for a title or form decided on `day`; copy it into the decision."""
    return bonus_on(coefficient_key, day, collective=collective).amount


# --- quorum and thresholds: pure arithmetic over plain numbers (quotas: awards.quota) ---


@dataclass(frozen=True)
class Threshold:
    """A share of a whole: `ratio` compared as `comparison` (Comparison values)."""

    ratio: Fraction
    comparison: str


def _share(part, whole):
    if whole <= 0:
        raise ValueError("the whole must be at least 1")
    if not 0 <= part <= whole:
        raise ValueError("the part must be between 0 and the whole")
    return Fraction(part, whole)


def threshold_met(votes_for, members, rule):
    """Whether `votes_for` out of all `members` meets `rule`; exact, no rounding."""
    share = _share(votes_for, members)
    if rule.comparison == Comparison.MORE_THAN:
        return share > rule.ratio
    if rule.comparison == Comparison.AT_LEAST:
        return share >= rule.ratio
    return share <= rule.ratio


def votes_needed(members, rule):
    """The fewest votes out of `members` that meet a "more than" or "at least" rule."""
    _share(0, members)
    product = rule.ratio * members
    if rule.comparison == Comparison.MORE_THAN:
        return product.numerator // product.denominator + 1
    if rule.comparison == Comparison.AT_LEAST:
        return -(-product.numerator // product.denominator)
    raise ValueError("an upper limit has no votes needed; a quota is counted by awards.quota.quota_limit")


def threshold_on(key, day):
    """The rule of a ratio parameter in force on `day`, ready for the pure functions above."""
    spec = spec_for(key)
    if spec.kind != ParameterKind.RATIO:
        raise ValueError(f"{key!r} is not a ratio")
    return Threshold(ratio=value_on(key, day).fraction, comparison=spec.comparison)


def quorum_met(present, members, day):
    """Whether `present` of all `members` make a quorum of the council on `day`."""
    return threshold_met(present, members, threshold_on(COUNCIL_QUORUM, day))


# --- validating and writing values ----------------------------------------------------


def value_error(key, value):
    """The message for a value the parameter cannot take, or None when it is fine."""
    kind = spec_for(key).kind
    if value is None:
        return None
    if value <= 0:
        return _("The value must be greater than zero.")
    if kind == ParameterKind.RATIO and value > 1:
        return _("A share is between 0 and 1 (for example 2/3, 0.9 or 90%).")
    if kind in (ParameterKind.MONEY, ParameterKind.COUNT) and value != value.to_integral_value():
        return _("This value is a whole number.")
    # The exponent, not quantize: quantizing a 26-digit value exceeds the context's precision
    # (InvalidOperation, a server error found by tests/test_hostile_input.py).
    if value.normalize().as_tuple().exponent < -4:
        return _("Use at most four decimals.")
    return None


def _checked(row):
    try:
        row.full_clean(exclude=["created_by"])
    except ValidationError as error:
        raise TransitionError(
            "; ".join(message for messages in error.message_dict.values() for message in messages)
        ) from error
    message = value_error(row.key, row.value)
    if message:
        raise TransitionError(message)


@transaction.atomic
def add_value(*, key, value, valid_from, source, by, source_url="", confirmed=False, note=""):
    """Record a new dated value of `key`, with who entered it."""
    spec_for(key)
    row = LegalParameter(
        key=key,
        value=value,
        valid_from=valid_from,
        source=source,
        source_url=source_url,
        confirmed=confirmed,
        note=note,
        created_by=by,
    )
    _checked(row)
    row._history_user = by
    row.save()
    return row


def _editable(row):
    """The row, locked, when its date has not yet come; past values are history."""
    locked = LegalParameter.objects.select_for_update().get(pk=row.pk)
    if locked.is_history():
        raise TransitionError(history_message(locked))
    return locked


def history_message(row):
    return _("This value applies since %(date)s and is kept as it was: add a new dated value to correct it.") % {
        "date": row.valid_from.strftime("%d/%m/%Y")
    }


EDITABLE_FIELDS = ("value", "valid_from", "source", "source_url", "confirmed", "note")


@transaction.atomic
def change_value(row, *, by, **changes):
    """Change a value whose date has not yet come; the same values again change nothing."""
    locked = _editable(row)
    changed = [field for field in EDITABLE_FIELDS if field in changes and getattr(locked, field) != changes[field]]
    if not changed:
        return locked
    for field in changed:
        setattr(locked, field, changes[field])
    _checked(locked)
    locked._history_user = by
    locked.save()
    return locked


@transaction.atomic
def delete_value(row, *, by):
    """Delete a value whose date has not yet come; the history keeps who deleted it."""
    locked = _editable(row)
    locked._history_user = by
    locked.delete()
