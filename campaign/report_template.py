"""The report template of a campaign: the parts of Section II of its progress reports, and how a
criterion is reported — kept apart from scoring, so the office adjusts them while the campaign runs.

`sections_of(campaign)` is the template as it applies: the stored rows (`ReportSection`), and
a part for every criteria group that has no row yet, in the groups' order. A campaign whose
office never touched its template has no row at all and reads the default one (`default_sections`);
the first change the office makes writes the whole template (`_materialize`), so that an
existing campaign gets its template on first use. Every change is made here, in one transaction.
"""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import TransitionError

from .models import Campaign, CampaignStatus, Criterion, ReportSection, ReportTopic, SectionKind, SpecialPart

# The special parts a new template holds, in this order after the groups' parts. Each is printed
# only when the campaign has criteria or data for it (reports.sections decides, from the figures).
DEFAULT_SPECIALS = (SpecialPart.OPERATION, SpecialPart.SALES, SpecialPart.VIOLATIONS, SpecialPart.EXAMPLES)


def default_sections(campaign):
    """The default template (unsaved rows): one part per criteria group in its order, then the special parts."""
    rows = [
        ReportSection(campaign=campaign, kind=SectionKind.GROUP, group=group, order=order)
        for order, group in enumerate(campaign.criterion_groups.order_by("order", "pk"), start=1)
    ]
    start = len(rows) + 1
    rows += [
        ReportSection(campaign=campaign, kind=SectionKind.SPECIAL, special=special, order=start + index)
        for index, special in enumerate(DEFAULT_SPECIALS)
    ]
    return rows


def sections_of(campaign):
    """The campaign's template as it applies: stored rows, then the parts of groups added since (unsaved)."""
    stored = list(campaign.report_sections.select_related("group").order_by("order", "pk"))
    if not stored:
        return default_sections(campaign)
    covered = {row.group_id for row in stored if row.group_id}
    order = max(row.order for row in stored)
    for group in campaign.criterion_groups.order_by("order", "pk"):
        if group.pk not in covered:
            order += 1
            stored.append(ReportSection(campaign=campaign, kind=SectionKind.GROUP, group=group, order=order))
    return stored


def section_title(section):
    """The heading a part prints: its own title, else the group's name or the special part's title."""
    if section.title:
        return section.title
    if section.kind == SectionKind.GROUP and section.group_id:
        # "I. Phòng, chống dịch Covid-19" → "Phòng, chống dịch Covid-19": the report numbers its parts.
        return _NUMBERING.sub("", section.group.name) or section.group.name
    if section.kind == SectionKind.SPECIAL:
        return SPECIAL_TITLES.get(section.special, section.special)
    return ""


_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|\d+)[.)]\s+")

# The usual titles of the special parts, in Vietnamese: they are headings of an official document.
SPECIAL_TITLES = {
    SpecialPart.OPERATION: "Tình hình hoạt động của hợp tác xã, tổ hợp tác",
    SpecialPart.SALES: "Kết nối cung - cầu, tiêu thụ sản phẩm",
    SpecialPart.VIOLATIONS: "Vi phạm trong kỳ",
    SpecialPart.EXAMPLES: "Gương điển hình tiên tiến, người tốt - việc tốt",
}


def snapshot(campaign):
    """The template as JSON, stored with a report's figures: what the report printed stays what it was."""
    out = []
    for section in sections_of(campaign):
        out.append(
            {
                "kind": section.kind,
                "group_id": section.group_id,
                "special": section.special,
                "title": section_title(section),
                "intro": section.intro,
                "included": section.included,
            }
        )
    return out


# --- the office's changes --------------------------------------------------------------------


def _locked(campaign):
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def _materialize(campaign, by=None):
    """Write the template as it applies (first use), then return the stored rows in order."""
    _locked(campaign)
    for order, section in enumerate(sections_of(campaign), start=1):
        if section.pk is None or section.order != order:
            section.order = order
            section._history_user = by
            section.save()
    return list(campaign.report_sections.order_by("order", "pk"))


def _check_open(campaign):
    if campaign.status == CampaignStatus.CLOSED:
        raise TransitionError(_("The campaign is closed: its report template no longer changes."))


@transaction.atomic
def save_section(section, *, by=None):
    """Add or change a part (title, introductory text, printed or not); a new one goes last.
    Every change is kept in the part's history with who made it and when."""
    _check_open(section.campaign)
    if section.kind == SectionKind.GROUP and section.pk is None:
        raise TransitionError(_("A criteria group has its part already: change that one."))
    if section.kind == SectionKind.SPECIAL and not section.special:
        raise TransitionError(_("Choose the special part."))
    rows = _materialize(section.campaign, by)
    if section.pk is None:
        section.order = (rows[-1].order if rows else 0) + 1
    section._history_user = by
    section.save()
    return section


@transaction.atomic
def move_section(section, step, *, by=None):
    """Move a part up (step -1) or down (+1); renumbers the template."""
    _check_open(section.campaign)
    rows = _materialize(section.campaign, by)
    index = next(i for i, row in enumerate(rows) if row.pk == section.pk)
    other = index + step
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for order, row in enumerate(rows, start=1):
        if row.order != order:
            row.order = order
            row._history_user = by
            row.save(update_fields=["order"])


@transaction.atomic
def remove_section(section, *, by=None):
    """Remove a part: a group's part is hidden (it would come back otherwise), any other is deleted."""
    _check_open(section.campaign)
    rows = _materialize(section.campaign, by)
    row = next(r for r in rows if r.pk == section.pk)
    row._history_user = by
    if row.kind == SectionKind.GROUP:
        row.included = False
        row.save(update_fields=["included"])
    else:
        row.delete()


def stored_section(campaign, pk=None, group_id=None, *, by=None):
    """The stored row of a part (by its id, or by its group's for a template not written yet)."""
    if pk:
        return campaign.report_sections.get(pk=pk)
    rows = _materialize(campaign, by)
    return next(r for r in rows if r.group_id == group_id)


@transaction.atomic
def set_criterion_reporting(criterion, *, topic, total, unit, by=None):
    """How the report tags and totals a criterion: changed while the campaign runs, scoring untouched.

    The supply-demand tag also decides what units enter (their product rows, whose value fills the
    criterion's): it changes only while the campaign is a draft.
    """
    campaign = _locked(criterion.campaign)
    row = Criterion.objects.select_for_update().get(pk=criterion.pk)
    supply = ReportTopic.SUPPLY_DEMAND
    if campaign.criteria_frozen and topic != row.report_topic and supply in (topic, row.report_topic):
        raise TransitionError(
            _("The supply-demand tag decides what units enter: it changes only while the campaign is a draft.")
        )
    row.report_topic, row.report_total, row.report_unit = topic, total, (unit or "").strip()
    if by is not None:
        row._history_user = by
    row.save(update_fields=["report_topic", "report_total", "report_unit"])
    return row


REPORTING_FIELDS = ("report_topic", "report_total", "report_unit")


def reporting_changes(criterion):
    """[(when, who, row)] of each recorded change of how the report tags, totals and names the unit
    of a criterion, newest first (the criterion's history, the versions where one of those moved)."""
    versions = list(criterion.history.select_related("history_user").order_by("history_date", "history_id"))
    changes = []
    for before, after in zip(versions, versions[1:], strict=False):
        if any(getattr(before, name) != getattr(after, name) for name in REPORTING_FIELDS):
            changes.append((after.history_date, after.history_user, after))
    return changes[::-1]


def copy_template(campaign, source, group_map):
    """Copy `source`'s stored template into `campaign` (its groups through `group_map`: old id → new group).

    A source that never stored one gives nothing to copy: the copy reads the default template too.
    """
    campaign.report_sections.all().delete()
    for row in source.report_sections.order_by("order", "pk"):
        ReportSection.objects.create(
            campaign=campaign,
            order=row.order,
            kind=row.kind,
            group=group_map.get(row.group_id) if row.group_id else None,
            special=row.special,
            title=row.title,
            intro=row.intro,
            included=row.included,
        )
