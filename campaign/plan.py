"""The campaign plan (kế hoạch) as a document: its texts turned into paragraphs, and its context."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import TransitionError
from documents.identity import issuer_on
from documents.rendering import document_context, render_document
from documents.services import documents_for, issue_document

# A paragraph wholly in **…** is a heading; one that opens with **…** keeps that part bold.
_WHOLE_BOLD = re.compile(r"^\*\*(?P<bold>.+)\*\*$", re.S)
_BOLD_PREFIX = re.compile(r"^\*\*(?P<bold>.+?)\*\*\s*(?P<rest>.+)$", re.S)


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: str = ""

    @property
    def is_heading(self):
        return bool(self.bold) and not self.text


def paragraphs(text):
    """Split a plan text into paragraphs: blank lines separate them, line breaks inside join.

    "**1. Mục đích**" becomes a heading; "**3.1.** Phát động …" a paragraph that starts
    in bold; anything else a plain paragraph. Stray asterisks elsewhere stay as typed.
    """
    result = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")):
        block = " ".join(line.strip() for line in block.splitlines() if line.strip())
        if not block:
            continue
        if match := _WHOLE_BOLD.match(block):
            if "**" not in match["bold"]:
                result.append(Paragraph(text="", bold=match["bold"].strip()))
                continue
        if match := _BOLD_PREFIX.match(block):
            result.append(Paragraph(text=match["rest"].strip(), bold=match["bold"].strip()))
            continue
        result.append(Paragraph(text=block))
    return result


PLAN_TEXTS = ("preamble", "purpose", "requirements", "subjects", "content", "solutions", "implementation", "closing")
PLAN_SYMBOL = "KH"
PLAN_TEMPLATE = "campaign/plan/document.html"


def plan_recipients(campaign, issuer):
    lines = [line.strip() for line in campaign.plan_recipients.splitlines() if line.strip()]
    return lines or issuer.recipient_lines


ROMAN = ("I", "II", "III", "IV", "V")
SECTIONS = (
    ("aims", ("purpose", "requirements")),
    ("content", ("subjects", "content", "solutions")),
    ("implementation", ("implementation",)),
)


def _section_numbers(texts):
    """Roman numbers of the plan's sections, counting only those that have text."""
    present = [name for name, fields in SECTIONS if any(texts[field] for field in fields)]
    return {name: ROMAN[index] for index, name in enumerate(present)}


def plan_context(campaign):
    """The document context of a campaign's plan, under the identity in force on its date."""
    texts = {name: paragraphs(getattr(campaign, name)) for name in PLAN_TEXTS}
    day = campaign.plan_date or timezone.localdate()
    issuer = issuer_on(day)
    signer = (
        campaign.plan_signer if campaign.plan_signer and campaign.plan_signer.issuing_body_id == issuer.pk else None
    )
    return document_context(
        issuer=issuer,
        type_symbol=PLAN_SYMBOL,
        issued_on=day,
        number=None,
        signer=signer,
        recipients=plan_recipients(campaign, issuer),
        subject=campaign.name,
        campaign=campaign,
        texts=texts,
        sections=_section_numbers(texts),
    )


def issued_plan(campaign):
    """The plan's entry in the outgoing-document register, or None before it is issued."""
    return documents_for(campaign).filter(type_symbol=PLAN_SYMBOL).order_by("-pk").first()


def render_plan_draft(campaign):
    return render_document(PLAN_TEMPLATE, plan_context(campaign), draft=True)


@transaction.atomic
def issue_plan(campaign, *, by):
    """Number the plan from the register, store its PDF and record its number on the campaign.

    A plan is issued once: its stored PDF is the one units and the archive keep.
    """
    campaign = type(campaign).objects.select_for_update().get(pk=campaign.pk)
    if issued_plan(campaign) is not None:
        raise TransitionError(_("The plan has already been issued."))
    if not campaign.plan_date:
        raise TransitionError(_("Set the plan date before issuing it."))
    context = plan_context(campaign)
    document = issue_document(
        template_name=PLAN_TEMPLATE,
        context=context,
        type_symbol=PLAN_SYMBOL,
        issued_on=campaign.plan_date,
        subject=campaign.name,
        by=by,
        issuer=context["issuer"],
        signer=context["signer"],
        related=campaign,
    )
    campaign.plan_number = document.number
    campaign._history_user = by
    campaign.save(update_fields=["plan_number"])
    return document
