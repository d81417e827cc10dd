"""Award types, nominees and nominations as services: each change checked, atomic and recorded.

Every status change locks the nomination, checks the state it is in and writes a
NominationEvent with who and when; asking for the status it already has changes nothing.
Eligibility gathers the facts of one nomination in a fixed handful of queries and asks the
pure rules of awards.eligibility; the reasons and the unit's score are stored on it.
Permissions are the views' business; these functions check the rules.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign import scopes as campaign_scopes
from campaign.models import CampaignStatus, Registration, Violation, ViolationEffect
from campaign.score_table import campaign_bands
from campaign.standings import unit_cumulated
from core import uploads
from core.caching import remember
from core.errors import ConflictError, TransitionError
from members import scopes as registry
from members.models import Person
from members.permissions import is_office

from . import eligibility, history, scopes, standards
from .models import (
    AwardCategory,
    AwardIssuer,
    AwardType,
    Household,
    Initiative,
    Nomination,
    NominationAttachment,
    NominationEvent,
    NominationStatus,
    NomineeKind,
    Occasion,
    VoteRule,
)
from .parameter_keys import (
    MEDAL_SERVICE_YEARS,
    QUOTA_CSTDCS,
    SHARE_LDTT_ADVANCED_COLLECTIVE,
    SHARE_LDTT_EXCELLENT_COLLECTIVE,
    spec_for,
)
from .parameters import NoParameterValue, value_on
from .rank_scores import refresh_rank_scores, shortlist_fields

log = logging.getLogger(__name__)

__all__ = [
    "add_attachment",
    "check_eligibility",
    "create_nomination",
    "default_award_types",
    "gather_facts",
    "install_default_award_types",
    "quota_base",
    "record_recognition",
    "remove_attachment",
    "submit_nomination",
    "update_nomination",
    "withdraw_nomination",
]

S = NominationStatus
CHECKABLE = (S.SUBMITTED, S.ELIGIBLE, S.NOT_ELIGIBLE, S.IN_COUNCIL)
# Statuses that stay what they are when a re-check finds the nomination eligible.
KEPT_WHEN_ELIGIBLE = (S.ELIGIBLE, S.IN_COUNCIL)


# --- award types ----------------------------------------------------------------------------

LDTT = "Lao động tiên tiến"

# The lowest classification of the standard set, by the usual band names of a campaign
# (campaign.demo.BANDS; a campaign naming its bands otherwise gets a clear "no classification
# named …" reason, and the office sets the award type's lowest band to its own name).
# A collective's band is the campaign's classification of the unit: hoàn thành xuất sắc nhiệm vụ
# → "Xuất sắc" [C: Luật 2022 Đ.74 k1d for the province's Bằng khen; TTLĐXS], hoàn thành tốt
# nhiệm vụ → "Tốt" [U: TTLĐTT, the 2003 law's wording], and a Giấy khen at least classified
# ("Hoàn thành") [U: Đ.75 k2 leaves the standard to the province; the Alliance's regulation may ask
# more]. Individual titles (LĐTT, CSTĐCS) are the person's own assessment, not the unit's band:
# no lowest band (CSTĐCS keeps its own rule: the top band or a recognised initiative).
BAND_DONE = "Hoàn thành"
BAND_GOOD = "Tốt"
BAND_EXCELLENT = "Xuất sắc"
# What the law asks beyond the band that the app does not check itself, or that is unconfirmed
# (LAW.md A1, A2): shown as a warning on each vote card. Printed in Vietnamese, as the law is.
UNCONFIRMED = "[chưa xác nhận] "
NOTE_COMMENDATION = (
    UNCONFIRMED + "Luật 06/2022 Đ.75 k2: tiêu chuẩn Giấy khen do tỉnh quy định; mức tối thiểu “được xếp "
    "loại” (Hoàn thành) là mặc định, đối chiếu quy chế thi đua, khen thưởng của Liên minh."
)
NOTE_PROVINCE = (
    "Luật 06/2022 Đ.74 k1 điểm d: 02 năm liên tục Chiến sĩ thi đua cơ sở, hoặc từ 02 năm hoàn thành "
    "xuất sắc nhiệm vụ kèm 02 sáng kiến/đề tài: Hội đồng đối chiếu lịch sử khen thưởng."
)
NOTE_NATIONAL = (
    UNCONFIRMED + "Tiêu chuẩn Bằng khen của Liên minh HTX Việt Nam theo quy chế của Liên minh HTX Việt Nam "
    "(QĐ 429/QĐ-LMHTXVN, bản sau 2024 chưa xác nhận), chưa đặt mức xếp loại tối thiểu: Hội đồng đối chiếu "
    "quy chế và lịch sử khen thưởng."
)
NOTE_ADVANCED_WORKER = (
    "Luật 06/2022 Đ.24 k1: hoàn thành tốt nhiệm vụ trở lên theo đánh giá của cá nhân (không theo xếp loại "
    "của đơn vị): Hội đồng đối chiếu kết quả đánh giá."
)
NOTE_CSTDCS = (
    "Cần danh hiệu Lao động tiên tiến và hoàn thành xuất sắc nhiệm vụ hoặc sáng kiến được công nhận; "
    + UNCONFIRMED
    + "tỷ lệ tối đa 15% số Lao động tiên tiến là mức cũ của NĐ 91/2017."
)
NOTE_CSTD_PROVINCE = (
    "03 lần liên tục Chiến sĩ thi đua cơ sở: ứng dụng kiểm tra từ lịch sử khen thưởng; "
    + UNCONFIRMED
    + "sáng kiến, đề tài có phạm vi ảnh hưởng cấp tỉnh (Luật 06/2022 Đ.22): Hội đồng đối chiếu hồ sơ."
)
NOTE_ADVANCED_COLLECTIVE = (
    UNCONFIRMED + "Trên 50% cá nhân đạt Lao động tiên tiến, không có cá nhân bị kỷ luật từ cảnh cáo trở lên "
    "(Luật 2003 Đ.28; văn bản 2022 chưa xác nhận)."
)
NOTE_EXCELLENT_COLLECTIVE = (
    UNCONFIRMED + "100% hoàn thành nhiệm vụ, từ 70% Lao động tiên tiến, có cá nhân đạt Chiến sĩ thi đua cơ sở, "
    "không có cá nhân bị kỷ luật từ cảnh cáo trở lên (quy định trước 2024; văn bản 2022 chưa xác nhận)."
)


def default_award_types(day=None):
    """The standard set of titles and forms, as field values (`requires` names another entry).

    The CSTĐCS quota is the quota_cstdcs legal parameter in force on `day` (today by default):
    an old cap (NĐ 91/2017) that LAW.md marks unconfirmed under the 2022 law, so the pages
    say so. Vote rules are the usual ones and stay editable.
    """

    day = day or timezone.localdate()
    try:
        cstdcs_share = value_on(QUOTA_CSTDCS, day).value
    except NoParameterValue:
        cstdcs_share = None
    form, title = AwardCategory.FORM, AwardCategory.TITLE
    return [
        {
            "name": "Giấy khen của Chủ tịch Liên minh HTX tỉnh",
            "minimum_band": BAND_DONE,
            "conditions_note": NOTE_COMMENDATION,
            "short_name": "Giấy khen",
            "category": form,
            "issuer": AwardIssuer.ALLIANCE,
            "for_individuals": True,
            "for_collectives": True,
            # Luật 2022 Đ.75 k2: Giấy khen also for households; initiatives are commended by it too.
            "for_households": True,
            "for_initiatives": True,
            "coefficient_key": "bonus_commendation",
            "vote_rule": VoteRule.MAJORITY,
            "order": 10,
        },
        {
            "name": "Bằng khen của Liên minh HTX Việt Nam",
            "minimum_band": "",
            "conditions_note": NOTE_NATIONAL,
            "short_name": "Bằng khen LMHTX VN",
            "category": form,
            "issuer": AwardIssuer.NATIONAL,
            "for_individuals": True,
            "for_collectives": True,
            "coefficient_key": "",
            "vote_rule": VoteRule.TWO_THIRDS,
            "order": 20,
        },
        {
            "name": "Bằng khen của Chủ tịch UBND tỉnh",
            "minimum_band": BAND_EXCELLENT,
            "conditions_note": NOTE_PROVINCE,
            "short_name": "Bằng khen UBND tỉnh",
            "category": form,
            "issuer": AwardIssuer.PROVINCE,
            "for_individuals": True,
            "for_collectives": True,
            "coefficient_key": "bonus_province_merit",
            "vote_rule": VoteRule.TWO_THIRDS,
            "order": 30,
        },
        {
            "name": LDTT,
            "minimum_band": "",
            "conditions_note": NOTE_ADVANCED_WORKER,
            "short_name": "LĐTT",
            "category": title,
            "issuer": AwardIssuer.ALLIANCE,
            "for_individuals": True,
            "for_collectives": False,
            "coefficient_key": "bonus_advanced_worker",
            "vote_rule": VoteRule.MAJORITY,
            "order": 40,
        },
        {
            "name": "Chiến sĩ thi đua cơ sở",
            "minimum_band": "",
            "conditions_note": NOTE_CSTDCS,
            "short_name": "CSTĐCS",
            "category": title,
            "issuer": AwardIssuer.ALLIANCE,
            "for_individuals": True,
            "for_collectives": False,
            "coefficient_key": "bonus_cstdcs",
            "quota_share": cstdcs_share,
            "vote_rule": VoteRule.TWO_THIRDS,
            "requires": LDTT,
            "order": 50,
        },
        {
            "name": "Chiến sĩ thi đua cấp tỉnh",
            "minimum_band": "",
            "conditions_note": NOTE_CSTD_PROVINCE,
            "short_name": "CSTĐ tỉnh",
            "category": title,
            "issuer": AwardIssuer.PROVINCE,
            "for_individuals": True,
            "for_collectives": False,
            "coefficient_key": "bonus_cstd_province",
            "vote_rule": VoteRule.PROVINCE_TITLES,
            "order": 55,
        },
        {
            "name": "Tập thể lao động tiên tiến",
            "minimum_band": BAND_GOOD,
            "conditions_note": NOTE_ADVANCED_COLLECTIVE,
            "short_name": "TTLĐTT",
            "category": title,
            "issuer": AwardIssuer.ALLIANCE,
            "for_individuals": False,
            "for_collectives": True,
            "coefficient_key": "bonus_advanced_collective",
            "vote_rule": VoteRule.MAJORITY,
            "order": 60,
        },
        {
            "name": "Tập thể lao động xuất sắc",
            "minimum_band": BAND_EXCELLENT,
            "conditions_note": NOTE_EXCELLENT_COLLECTIVE,
            "short_name": "TTLĐXS",
            "category": title,
            "issuer": AwardIssuer.ALLIANCE,
            "for_individuals": False,
            "for_collectives": True,
            "coefficient_key": "bonus_excellent_collective",
            "vote_rule": VoteRule.TWO_THIRDS,
            "order": 70,
        },
    ]


@transaction.atomic
def install_default_award_types(*, by, day=None):
    """Create the standard award types that are missing (matched by name); returns those created.

    An existing standard type with no lowest classification gets the standard one (and its note
    when it has none), so that an installation from before the band was set does not stay open
    to unclassified units.
    """
    created = []
    existing = {t.name: t for t in AwardType.objects.select_for_update()}
    for values in default_award_types(day):
        values = dict(values)
        requires = values.pop("requires", None)
        if values["name"] in existing:
            _complete_standard(existing[values["name"]], values, by=by)
            continue
        award_type = AwardType(**values)
        if requires:
            award_type.requires = existing.get(requires)
        award_type._history_user = by
        award_type.save()
        existing[award_type.name] = award_type
        created.append(award_type)
    return created


def _complete_standard(award_type, values, *, by):
    changed = []
    for field in ("minimum_band", "conditions_note"):
        if not getattr(award_type, field) and values.get(field):
            setattr(award_type, field, values[field])
            changed.append(field)
    if changed:
        award_type._history_user = by
        award_type.save(update_fields=changed)


@transaction.atomic
def save_award_type(award_type, *, by):
    """Save an award type built by its form; its history keeps who changed it."""
    award_type._history_user = by
    award_type.save()
    return award_type


@transaction.atomic
@transaction.atomic
def record_recognition(initiative, *, by, number, day):
    """The office records the decision that recognised an initiative (number, date), and so who and
    when; empty number and date withdraw it. Only a recognition recorded here counts for eligibility."""
    if not is_office(by):
        raise TransitionError(_("Only the office records that an initiative was recognised."))
    number = (number or "").strip()
    if bool(number) != bool(day):
        raise TransitionError(_("Give both the number and the date of the recognition decision."))
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if (locked.recognition_number, locked.recognised_on) == (number, day) and (locked.recognised_by_id or not number):
        return initiative
    locked.recognition_number, locked.recognised_on = number, day
    locked.recognised_by = by if number else None
    locked.recognised_at = timezone.now() if number else None
    locked._history_user = by
    locked.save(update_fields=["recognition_number", "recognised_on", "recognised_by", "recognised_at"])
    initiative.refresh_from_db()
    return initiative


def save_nominee(obj, *, by, authors=None):
    """Save a household or an initiative (with its authors); the history keeps who."""
    obj._history_user = by
    obj.save()
    if authors is not None:
        obj.authors.set(authors)
    return obj


# --- nominations: creating and editing drafts -------------------------------------------------


def nominee_fields(nominee_kind, *, organization=None, person=None, household=None, initiative=None):
    """The nominee columns of a nomination: `organization` is always the nominee's unit."""
    if nominee_kind == NomineeKind.INDIVIDUAL:
        return {"organization": person.organization, "person": person, "household": None, "initiative": None}
    if nominee_kind == NomineeKind.HOUSEHOLD:
        return {"organization": household.organization, "person": None, "household": household, "initiative": None}
    if nominee_kind == NomineeKind.INITIATIVE:
        return {"organization": initiative.organization, "person": None, "household": None, "initiative": initiative}
    return {"organization": organization, "person": None, "household": None, "initiative": None}


def _check_campaign(campaign):
    if campaign is None:
        return
    if campaign.status == CampaignStatus.DRAFT:
        raise TransitionError(_("The campaign “%(campaign)s” has not been launched.") % {"campaign": campaign})


def _check_kind(award_type, nominee_kind):
    if not award_type.accepts(nominee_kind):
        raise TransitionError(
            _("“%(award)s” is not awarded to a nominee of this kind (%(kind)s).")
            % {"award": award_type, "kind": NomineeKind(nominee_kind).label}
        )


def occasion_fields(campaign, occasion=None, occasion_title="", occasion_date=None, service_from=None):
    """The campaign-or-occasion columns of a nomination: a campaign, or an occasion outside any
    (ad-hoc, thematic, flag, medal) with its deed or drive, its date and the years of service."""
    if campaign is not None:
        if occasion not in (None, "", Occasion.CAMPAIGN):
            raise TransitionError(_("An award on an occasion outside a campaign names no campaign."))
        return {
            "campaign": campaign,
            "occasion": Occasion.CAMPAIGN,
            "occasion_title": "",
            "occasion_date": None,
            "service_from": None,
        }
    if occasion in (None, "", Occasion.CAMPAIGN):
        raise TransitionError(_("Choose the campaign, or the occasion of an award outside a campaign."))
    if occasion not in Occasion.values:
        raise TransitionError(_("Unknown occasion."))
    return {
        "campaign": None,
        "occasion": occasion,
        "occasion_title": " ".join((occasion_title or "").split()),
        "occasion_date": occasion_date if occasion == Occasion.AD_HOC else None,
        "service_from": service_from if occasion == Occasion.MEDAL else None,
    }


@transaction.atomic
def create_nomination(
    *,
    campaign,
    award_type,
    nominee_kind,
    achievements,
    by,
    organization=None,
    person=None,
    household=None,
    initiative=None,
    certificate_text="",
    occasion=None,
    occasion_title="",
    occasion_date=None,
    service_from=None,
):
    """A draft nomination of one nominee for one award type, in a campaign or on an occasion outside any."""
    _check_campaign(campaign)
    _check_kind(award_type, nominee_kind)
    fields = nominee_fields(
        nominee_kind, organization=organization, person=person, household=household, initiative=initiative
    )
    if fields["organization"] is None:
        raise TransitionError(_("Choose the nominee."))
    nomination = Nomination(
        **occasion_fields(campaign, occasion, occasion_title, occasion_date, service_from),
        award_type=award_type,
        nominee_kind=nominee_kind,
        achievements=(achievements or "").strip(),
        certificate_text=" ".join((certificate_text or "").split()),
        created_by=by,
        **fields,
    )
    nomination._history_user = by
    nomination.save()
    NominationEvent.objects.create(nomination=nomination, old_status="", status=S.DRAFT, by=by)
    refresh_rank_scores(campaign, [nomination.organization_id])
    return nomination


def _lock(nomination):
    # The nomination's row only: its campaign and award type are read, not locked.
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("campaign", "award_type")
        .get(pk=nomination.pk)
    )


def _check_draft(locked):
    if locked.status != S.DRAFT:
        raise TransitionError(
            _("This nomination is %(status)s: it can no longer be changed.")
            % {"status": locked.get_status_display().lower()}
        )


REFRESHED = (
    "status",
    "eligibility_reasons",
    "eligibility_checked_at",
    "score",
    "version",
    "campaign_id",
    "occasion",
    "occasion_title",
    "occasion_date",
    "service_from",
    "award_type_id",
    "nominee_kind",
    "organization_id",
    "person_id",
    "household_id",
    "initiative_id",
    "achievements",
    "certificate_text",
)


def _refresh(nomination, locked):
    # The caller's object reflects what was written, so a view can redirect or render from it.
    for name in REFRESHED:
        setattr(nomination, name, getattr(locked, name))
    for relation in ("campaign", "award_type", "organization", "person", "household", "initiative"):
        if relation in locked._state.fields_cache:
            setattr(nomination, relation, getattr(locked, relation))
        else:
            nomination._state.fields_cache.pop(relation, None)


@transaction.atomic
def update_nomination(
    nomination,
    *,
    by,
    version,
    campaign,
    award_type,
    nominee_kind,
    achievements,
    certificate_text=None,
    occasion=None,
    occasion_title="",
    occasion_date=None,
    service_from=None,
    **nominee,
):
    """Change a draft; refused when `version` is not the one saved last (someone else saved meanwhile)."""
    locked = _lock(nomination)
    _check_draft(locked)
    if int(version) != locked.version:
        raise ConflictError(
            _("Someone saved this nomination after you opened it. Your input is kept below; check it and save again.")
        )
    _check_campaign(campaign)
    _check_kind(award_type, nominee_kind)
    fields = nominee_fields(nominee_kind, **nominee)
    if fields["organization"] is None:
        raise TransitionError(_("Choose the nominee."))
    values = {
        **occasion_fields(campaign, occasion, occasion_title, occasion_date, service_from),
        "award_type": award_type,
        "nominee_kind": nominee_kind,
        "achievements": (achievements or "").strip(),
        **fields,
    }
    if certificate_text is not None:  # None: left as it was
        values["certificate_text"] = " ".join(certificate_text.split())
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    if changed:
        for name in changed:
            setattr(locked, name, values[name])
        locked.version += 1
        locked._history_user = by
        locked.save(update_fields=[*changed, "version", "updated_at"])
        refresh_rank_scores(locked.campaign, [locked.organization_id])
    _refresh(nomination, locked)
    return nomination


@transaction.atomic
def add_attachment(nomination, uploaded_file, *, by):
    """Attach a checked file (PDF, Word, Excel, image, ≤ 10 MB by content) to a draft."""
    locked = _lock(nomination)
    _check_draft(locked)
    return uploads.attach(NominationAttachment, uploaded_file, nomination=locked, uploaded_by=by)


@transaction.atomic
def remove_attachment(attachment, *, by):
    """Delete a file of a draft nomination; the file goes once the transaction commits."""
    locked = _lock(attachment.nomination)
    _check_draft(locked)
    log.info(
        "Attachment %s (%s) of nomination %s removed by %s", attachment.pk, attachment.original_name, locked.pk, by
    )
    uploads.detach(attachment)


# --- status changes -------------------------------------------------------------------------


def _move(locked, new_status, *, by, note="", fields=()):
    old = locked.status
    locked.status = new_status
    locked._history_user = by
    locked.save(update_fields=["status", "updated_at", *fields])
    NominationEvent.objects.create(nomination=locked, old_status=old, status=new_status, note=note, by=by)


@transaction.atomic
def submit_nomination(nomination, *, by):
    """Send a draft: it becomes submitted and is checked at once (eligible or not, with reasons).

    A nomination already sent is left as it is; returns the reasons found, or None.
    """
    locked = _lock(nomination)
    if locked.status != S.DRAFT:
        return None
    if not locked.achievements.strip():
        raise TransitionError(_("Write the summary of achievements before sending."))
    _check_campaign(locked.campaign)
    _move(locked, S.SUBMITTED, by=by)
    reasons = _check(locked, by=by)
    _refresh(nomination, locked)
    return reasons


@transaction.atomic
def check_eligibility(nomination, *, by):
    """Check a sent nomination again (the office, or the Council before its vote); returns the reasons.

    The status follows the result — eligible, or not eligible with the reasons as the event's
    note — except that an eligible nomination before the Council stays there. The reasons,
    the time and the unit's score are stored every time; an unchanged status records no event.
    """
    locked = _lock(nomination)
    if locked.status not in CHECKABLE:
        raise TransitionError(
            _("A nomination that is %(status)s is not checked again.") % {"status": locked.get_status_display().lower()}
        )
    reasons = _check(locked, by=by)
    _refresh(nomination, locked)
    return reasons


def _check(locked, *, by):
    found = assess(locked)
    reasons, score = found.reasons, found.score
    locked.eligibility_reasons = [reason.text for reason in reasons]
    locked.eligibility_checked_at = timezone.now()
    locked.score = score
    for name, value in shortlist_fields(score, locked.unit_total).items():
        setattr(locked, name, value)
    fields = ["eligibility_reasons", "eligibility_checked_at", "score", "shortlist_score", "shortlist_scored"]
    if reasons:
        new = S.NOT_ELIGIBLE
    else:
        new = locked.status if locked.status in KEPT_WHEN_ELIGIBLE else S.ELIGIBLE
    if new != locked.status:
        _move(locked, new, by=by, note="\n".join(locked.eligibility_reasons), fields=fields)
    else:
        locked._history_user = by
        locked.save(update_fields=[*fields, "updated_at"])
    return reasons


@transaction.atomic
def withdraw_nomination(nomination, *, by, reason):
    """Withdraw a nomination (made by mistake, or the unit pulls it back) before it is on a Council
    agenda: it stays, as withdrawn, and no longer counts anywhere (eligibility.FAILED); its history
    and its events keep who withdrew it, when and why."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise TransitionError(_("Give the reason for withdrawing."))
    locked = _lock(nomination)
    if not eligibility.can_withdraw(locked.status, locked.session_id is not None):
        raise TransitionError(
            _("This nomination is %(status)s: it can no longer be withdrawn.")
            % {"status": locked.get_status_display().lower()}
        )
    locked._change_reason = reason[:100]
    _move(locked, S.WITHDRAWN, by=by, note=reason)
    _refresh(nomination, locked)
    return nomination


@transaction.atomic
def reinstate_nomination(nomination, *, by, reason):
    """Reinstate a nomination withdrawn by mistake: it goes back to the status it was withdrawn from
    and, once sent, is checked again (the facts may have changed since). Refused while another
    nomination of the same nominee for the same award stands (eligibility.why_not_reinstated);
    the event keeps who reinstated it, when and why."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise TransitionError(_("Give the reason for reinstating."))
    locked = _lock(nomination)
    blocked = eligibility.why_not_reinstated(locked.status, duplicates_of(locked).exists())
    if blocked:
        raise TransitionError(blocked)
    before = (
        locked.events.filter(status=S.WITHDRAWN).order_by("-at", "-pk").values_list("old_status", flat=True).first()
    ) or S.DRAFT
    locked._change_reason = reason[:100]
    _move(locked, S.DRAFT if before == S.DRAFT else S.SUBMITTED, by=by, note=reason)
    if locked.status == S.SUBMITTED:
        _check(locked, by=by)
    _refresh(nomination, locked)
    return nomination


# --- the facts of one nomination ------------------------------------------------------------


def award_rules(award_type):
    kinds = frozenset(kind for kind in NomineeKind.values if award_type.accepts(kind))
    return eligibility.AwardRules(
        name=award_type.name,
        accepts=kinds,
        minimum_band=award_type.minimum_band.strip(),
        barred_by_violation=award_type.barred_by_violation,
        required_name=award_type.requires.name if award_type.requires_id else "",
        quota_count=award_type.quota_count,
        quota_share=award_type.quota_share,
        standard=award_type.coefficient_key,
    )


def _same_nominee(nomination):
    if nomination.nominee_kind == NomineeKind.INDIVIDUAL:
        return Q(person_id=nomination.person_id)
    if nomination.nominee_kind == NomineeKind.HOUSEHOLD:
        return Q(household_id=nomination.household_id)
    if nomination.nominee_kind == NomineeKind.INITIATIVE:
        return Q(initiative_id=nomination.initiative_id)
    return Q(nominee_kind=NomineeKind.COLLECTIVE, organization_id=nomination.organization_id)


def duplicates_of(nomination):
    """Other standing nominations of the same nominee for the same award type in the same campaign
    (drafts included, failed ones left out): flagged when a draft is saved, not only when it is sent."""
    return (
        Nomination.objects.filter(_same_nominee(nomination), campaign_id=nomination.campaign_id)
        .filter(award_type_id=nomination.award_type_id)
        .exclude(pk=nomination.pk)
        .exclude(status__in=eligibility.FAILED)
        .order_by("pk")
    )


def _submitted_at():
    return Subquery(
        NominationEvent.objects.filter(nomination=OuterRef("pk"), status=S.SUBMITTED)
        .values("nomination")
        .annotate(first=Min("at"))
        .values("first")[:1]
    )


def quota_base_what(award_type):
    """What quota_base counts for an award type, in words (after the number): the reasons name it."""
    if award_type.requires_id:
        return _("eligible nominations for “%(required)s”") % {"required": award_type.requires.name}
    parts = []
    if award_type.for_collectives:
        parts.append(_("registered units"))
    if award_type.for_individuals:
        parts.append(_("people of the registered units"))
    if award_type.for_households:
        parts.append(_("households of the registered units"))
    if award_type.for_initiatives:
        parts.append(_("initiatives of the registered units"))
    return _(" and ").join(str(part) for part in parts) or _("participants")


def quota_base(campaign, award_type):
    """What an award type's quota share is taken of in a campaign — the one count, for the
    eligibility check and the Council's shortlist alike.

    A title that requires another (CSTĐCS of LĐTT): the required title's nominations eligible
    or further. Otherwise whoever the type may be given to among the registered units of the
    campaign's subject kinds: the units (collectives), their people, households and initiatives.
    """
    if award_type.requires_id:
        return Nomination.objects.filter(
            campaign=campaign, award_type_id=award_type.requires_id, status__in=eligibility.ELIGIBLE_OR_FURTHER
        ).count()
    registered = Registration.objects.filter(
        campaign=campaign, organization__kind__in=campaign.subject_kinds or []
    ).values("organization_id")
    count = 0
    if award_type.for_collectives:
        count += registered.count()
    for accepted, model in (
        (award_type.for_individuals, Person),
        (award_type.for_households, Household),
        (award_type.for_initiatives, Initiative),
    ):
        if accepted:
            count += model.objects.filter(organization_id__in=registered).count()
    return count


PARTICIPANTS_CACHE_SECONDS = 15 * 60  # a bound for the writes no signal sees (bulk inserts)


def cached_quota_base(campaign, award_type):
    """quota_base, the participants counted once per change of what they are counted from (the
    campaign's registrations, the units, their people, households and initiatives: core.caching
    scopes, not a submission) and at most PARTICIPANTS_CACHE_SECONDS; a required title's
    nominations are counted afresh (one indexed count)."""
    if award_type.requires_id:
        return quota_base(campaign, award_type)
    flags = "".join(
        str(int(flag))
        for flag in (
            award_type.for_collectives,
            award_type.for_individuals,
            award_type.for_households,
            award_type.for_initiatives,
        )
    )
    kinds = ",".join(sorted(campaign.subject_kinds or []))
    return remember(
        f"quota-base:{campaign.pk}:{kinds}:{flags}",
        lambda: quota_base(campaign, award_type),
        scopes=(
            campaign_scopes.registrations(campaign.pk),
            registry.ORGANIZATIONS,
            registry.PEOPLE,
            scopes.NOMINEES,
        ),
        timeout=PARTICIPANTS_CACHE_SECONDS,
    )


def _ldtt_share(nomination, award_type):
    """(people, Advanced Workers among them, share, comparison, missing parameter label) of a
    collective nominated for Tập thể lao động tiên tiến / xuất sắc; the share is None when the
    rule does not apply."""

    key = {
        eligibility.STANDARD_ADVANCED_COLLECTIVE: SHARE_LDTT_ADVANCED_COLLECTIVE,
        eligibility.STANDARD_EXCELLENT_COLLECTIVE: SHARE_LDTT_EXCELLENT_COLLECTIVE,
    }.get(award_type.coefficient_key)
    if key is None or nomination.nominee_kind != NomineeKind.COLLECTIVE:
        return {}
    spec = spec_for(key)
    campaign = nomination.campaign
    day = campaign.ends_on or campaign.starts_on or timezone.localdate()
    try:
        share = value_on(key, day).value
    except NoParameterValue:
        return {"ldtt_share_missing": str(spec.label)}
    people = Person.objects.filter(organization_id=nomination.organization_id)
    holders = (
        Nomination.objects.filter(
            campaign=campaign,
            nominee_kind=NomineeKind.INDIVIDUAL,
            person__organization_id=nomination.organization_id,
            award_type__coefficient_key=eligibility.STANDARD_ADVANCED_WORKER,
            status__in=eligibility.ELIGIBLE_OR_FURTHER,
        )
        .values("person_id")
        .distinct()
    )
    return {
        "people": people.count(),
        "ldtt_people": holders.count(),
        "ldtt_share": share,
        "ldtt_comparison": spec.comparison,
    }


def _ahead(nomination):
    """Nominations of the same type and campaign, eligible or further, submitted before this one."""
    others = (
        Nomination.objects.filter(
            campaign_id=nomination.campaign_id,
            award_type_id=nomination.award_type_id,
            status__in=eligibility.ELIGIBLE_OR_FURTHER,
        )
        .exclude(pk=nomination.pk)
        .annotate(sent=_submitted_at())
    )
    own = NominationEvent.objects.filter(nomination=nomination, status=S.SUBMITTED).aggregate(first=Min("at"))["first"]
    if own is None:
        return others.count()
    return others.filter(Q(sent__lt=own) | Q(sent=own, pk__lt=nomination.pk)).count()


def _span(nomination, award_type, *, initiatives):
    """The standards spanning years of one nomination: the nominee's whole history up to the campaign's
    year, with the parameters in force on the campaign's last day."""
    campaign = nomination.campaign
    day = campaign.ends_on or campaign.starts_on or timezone.localdate()
    if not standards.needs_interval(
        award_type.category, award_type.is_upward, campaign.kind
    ) and not standards.span_for(award_type.coefficient_key, nomination.nominee_kind, campaign.kind):
        return None
    kind = nomination.nominee_kind
    if kind == NomineeKind.INDIVIDUAL:
        rows = history.history_of(person=nomination.person)
    elif kind == NomineeKind.HOUSEHOLD:
        rows = history.history_of(household=nomination.household)
    elif kind == NomineeKind.COLLECTIVE:
        rows = history.history_of(organization=nomination.organization)
    else:
        return None
    return history.span_facts(
        award_type,
        kind,
        year=day.year,
        day=day,
        entries=history.entries_of(rows),
        initiatives=initiatives,
        campaign_kind=campaign.kind,
    )


def gather_facts(nomination):
    """(AwardRules, Facts, the unit's cumulated score or None) of one nomination, in a few queries."""
    campaign, award_type, org = nomination.campaign, nomination.award_type, nomination.organization
    rules = award_rules(award_type)
    subject_kinds = campaign.subject_kinds or []
    is_subject = org.kind in subject_kinds
    registered = Registration.objects.filter(campaign=campaign, organization=org).exists()
    bands = tuple(name for name, _low in campaign_bands(campaign))
    unit = None
    if is_subject and registered:
        unit = unit_cumulated(campaign, org)

    violations = list(Violation.objects.filter(campaign=campaign, organization=org).values_list("person_id", "effect"))
    person_id = nomination.person_id
    person_violations = [effect for who, effect in violations if person_id and who == person_id]

    related = {award_type.requires_id} | set(AwardType.objects.filter(requires=award_type).values_list("pk", flat=True))
    same_type_status, other_awards, has_required = "", [], False
    standing = (
        Nomination.objects.filter(_same_nominee(nomination), campaign=campaign)
        .exclude(pk=nomination.pk)
        .exclude(status=S.DRAFT)
        .values_list("award_type_id", "award_type__name", "status")
    )
    for type_id, type_name, status in standing:
        if type_id == award_type.requires_id and status in eligibility.ELIGIBLE_OR_FURTHER:
            has_required = True
        if status in eligibility.FAILED:
            continue
        if type_id == award_type.pk:
            if status in eligibility.AWARDED or not same_type_status:
                same_type_status = status
        elif type_id not in related and type_name not in other_awards:
            other_awards.append(type_name)

    quota_set = award_type.quota_count is not None or award_type.quota_share is not None
    recognised = 0
    if nomination.nominee_kind == NomineeKind.INDIVIDUAL and award_type.coefficient_key in (
        eligibility.STANDARD_CSTDCS,
        standards.PROVINCE_MERIT,
    ):
        initiatives = Initiative.objects.recognised().filter(authors=person_id)
        if campaign.ends_on:
            initiatives = initiatives.filter(recognised_on__lte=campaign.ends_on)
        recognised = initiatives.count()

    facts = eligibility.Facts(
        nominee_kind=nomination.nominee_kind,
        nominee_kind_label=str(NomineeKind(nomination.nominee_kind).label),
        unit_kind_label=org.get_kind_display(),
        is_subject=is_subject,
        registered=registered,
        bands=bands,
        band=unit.band if unit else None,
        unit_vetoed=bool(unit and unit.vetoed) or any(e == ViolationEffect.VETO for _w, e in violations),
        person_vetoed=ViolationEffect.VETO in person_violations,
        unit_violations=len(violations),
        person_violations=len(person_violations),
        people_violations=sum(1 for who, _e in violations if who),
        same_type_status=same_type_status,
        other_awards=tuple(other_awards),
        participants=quota_base(campaign, award_type) if award_type.quota_share is not None else 0,
        participants_what=quota_base_what(award_type),
        ahead=_ahead(nomination) if quota_set else 0,
        has_required=has_required or not award_type.requires_id,
        recognised_initiatives=recognised,
        initiative_recognised=nomination.initiative.is_recognised if nomination.initiative_id else True,
        span=_span(nomination, award_type, initiatives=recognised),
        **_ldtt_share(nomination, award_type),
    )
    score = unit.total if unit else None
    return rules, facts, (Decimal(score) if score is not None else None)


# --- awards outside a campaign ----------------------------------------------------------------


def _folded(text):
    return " ".join((text or "").split()).casefold()


def occasion_facts(nomination, *, today=None):
    """The facts of a nomination made outside any campaign (ad-hoc, thematic, flag, medal).

    The years of service count to the year the nomination was made; the medal's threshold is
    the dated parameter in force on that day.
    """
    today = today or timezone.localdate()
    day = timezone.localdate(nomination.created_at) if nomination.created_at else today
    needed, missing = None, ""
    if nomination.occasion == Occasion.MEDAL:
        try:
            needed = int(value_on(MEDAL_SERVICE_YEARS, day).value)
        except NoParameterValue:
            missing = str(spec_for(MEDAL_SERVICE_YEARS).label)
    standing = (
        Nomination.objects.filter(
            _same_nominee(nomination),
            campaign__isnull=True,
            occasion=nomination.occasion,
            award_type_id=nomination.award_type_id,
        )
        .exclude(pk=nomination.pk)
        .exclude(status__in=(S.DRAFT, *eligibility.FAILED))
    )
    # The medal is given once in a life; the other occasions once per deed or drive, named in any case
    # (compared here: SQLite folds the case of ASCII letters only).
    same_deed = _folded(nomination.occasion_title)
    statuses = {
        status
        for status, title in standing.values_list("status", "occasion_title")
        if nomination.occasion == Occasion.MEDAL or _folded(title) == same_deed
    }
    same = next((s for s in eligibility.AWARDED if s in statuses), None) or next(iter(sorted(statuses)), "")
    return eligibility.OccasionFacts(
        occasion=nomination.occasion,
        nominee_kind=nomination.nominee_kind,
        nominee_kind_label=str(NomineeKind(nomination.nominee_kind).label),
        category=nomination.award_type.category,
        occasion_title=nomination.occasion_title,
        occasion_date=nomination.occasion_date,
        today=today,
        service_years=eligibility.service_years(nomination.service_from, day.year),
        service_needed=needed,
        service_missing=missing,
        same_type_status=same,
    )


@dataclass
class Assessment:
    """The check of one nomination as the pages show it: reasons against, conditions met, score and band."""

    reasons: list
    met: list
    score: object = None  # Decimal or None
    band: str | None = None
    minimum_band: str = ""
    in_campaign: bool = True


def assess(nomination):
    """Check one nomination by the rules of its campaign, or by those of its occasion outside any."""
    rules = award_rules(nomination.award_type)
    if nomination.campaign_id is None:
        facts = occasion_facts(nomination)
        return Assessment(
            reasons=eligibility.check_occasion(rules, facts), met=eligibility.occasion_met(facts), in_campaign=False
        )
    rules, facts, score = gather_facts(nomination)
    return Assessment(
        reasons=eligibility.check(rules, facts),
        met=eligibility.met_conditions(rules, facts),
        score=score,
        band=facts.band,
        minimum_band=rules.minimum_band,
    )
