"""Layout rules every official document keeps, whatever its length (issue 23.1).

A page that carries only the signature block (with or without "Nơi nhận") could be attached
to another text, so the closing never starts a page: the body's last paragraph, or the last
rows of its table, go over with it. Each document is rendered short (as it is) and padded
at the top of its body by 0 to a page's worth of lines, so that the natural page break
sweeps across the closing; on every render the page holding the closing must carry body text.
"""

import datetime as dt
import html as html_module
import re

import pytest
from council_helpers import council_members, eligible, open_session, votes
from django.template.loader import render_to_string
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
)
from pdf_reading import dak_nong_identity, page_texts

from awards import council
from awards.decisions import decision_context, prepare_decision, prepare_proposal, template_for
from awards.demo import load_parameters
from awards.models import AwardIssuer, NominationStatus, NomineeKind
from campaign.demo import PLAN_514, PLAN_514_RECIPIENTS
from campaign.plan import PLAN_TEMPLATE, plan_context
from documents.demo import load_issuers
from documents.rendering import document_context, html_to_pdf

DAY_2022 = dt.date(2022, 2, 25)
# A page of A4 holds about 33 one-line paragraphs of the body; a step of 3 lines never jumps over
# the window (the closing's own height, 7 lines and more) in which the closing would start a page.
PADDINGS = range(0, 35, 5)


def padded(html, lines):
    """The document's HTML with `lines` one-line paragraphs at the top of its body."""
    filler = "".join(f"<p>Dòng đệm {i + 1}.</p>" for i in range(lines))
    return html.replace('<div class="doc-body">', '<div class="doc-body">' + filler, 1)


def closing_words(html):
    """The words of the closing block (Nơi nhận, the signature block and the names)."""
    match = re.search(r'<table class="doc-closing">(.*?)</table>', html, re.S)
    assert match, "the document has no closing block"
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))
    return set(text.split())


def closing_name(html):
    match = re.search(r'<table class="doc-closing">.*?<p class="name"[^>]*>([^<]+)</p>', html, re.S)
    return html_module.unescape(match.group(1)).strip()


def layout_problems(pdf, html):
    """Pages on which the closing stands alone, or a closing split across pages."""
    words = closing_words(html)
    name = closing_name(html)
    pages = page_texts(pdf)
    problems = []
    holding = [index for index, text in enumerate(pages) if " ".join(name.split()) in " ".join(text.split())]
    if not holding:
        return [f"the signer's name {name!r} is on no page"]
    page = holding[0]
    rest = [w for w in pages[page].split() if w not in words and not w.isdigit()]
    if not rest:
        problems.append(f"page {page + 1} carries the closing alone")
    if "Nơi" in words and "Nơi" not in pages[page].split():
        problems.append(f"the closing is split: “Nơi nhận” is not on page {page + 1} with the signature")
    return problems


def check_every_length(template_name, context):
    html = render_to_string(template_name, context)
    failures = {}
    for lines in PADDINGS:
        pdf = html_to_pdf(padded(html, lines))
        problems = layout_problems(pdf, html)
        if problems:
            failures[lines] = problems
    assert not failures, failures


def notice_context(rows=()):
    issuer, signer = dak_nong_identity()
    return {
        **document_context(issuer=issuer, signer=signer, type_symbol="TB", issued_on=DAY_2022, number=3),
        "rows": rows,
    }


def test_the_check_finds_a_closing_left_alone():
    """The check itself: a closing pushed onto a page of its own (no rule keeping it) is caught."""
    load_html = render_to_string("documents/sample_notice.html", notice_context())
    alone = load_html.replace('<table class="doc-closing">', '<table class="doc-closing" style="break-before: page">')
    assert layout_problems(html_to_pdf(alone), load_html)
    assert not layout_problems(html_to_pdf(load_html), load_html)


@pytest.fixture
def decision_case(db, office_user):
    load_issuers()
    load_parameters()
    campaign = CampaignFactory(
        name="Triển khai phong trào thi đua đặc biệt “Chung sức phòng, chống dịch Covid-19”",
        plan_number=514,
        plan_date=dt.date(2021, 11, 8),
    )
    giay_khen = AwardTypeFactory(name="Giấy khen của Chủ tịch Liên minh HTX tỉnh", short_name="Giấy khen", order=1)
    upward = AwardTypeFactory(
        name="Bằng khen của Liên minh Hợp tác xã Việt Nam",
        short_name="Bằng khen LMHTXVN",
        issuer=AwardIssuer.NATIONAL,
        order=2,
    )
    nominations = {"alliance": [], "national": []}
    for index in range(5):
        org = OrganizationFactory(name=f"Hợp tác xã Nông nghiệp Dịch vụ số {index + 1}")
        for award_type, key in ((giay_khen, "alliance"), (upward, "national")):
            person = PersonFactory(
                full_name=f"Nguyễn Văn Hùng {index + 1}{key[0]}", organization=org, position="Giám đốc"
            )
            nominations[key].append(
                NominationFactory(
                    campaign=campaign,
                    award_type=award_type,
                    nominee_kind=NomineeKind.INDIVIDUAL,
                    organization=org,
                    person=person,
                    achievements="Hoàn thành xuất sắc nhiệm vụ được giao; doanh thu tăng 15% so với năm trước. " * 3,
                    status=NominationStatus.APPROVED,
                )
            )
    decision = prepare_decision(campaign, nominations["alliance"], by=office_user, decided_on=DAY_2022)
    proposal = prepare_proposal(
        campaign, nominations["national"], addressee=AwardIssuer.NATIONAL, by=office_user, decided_on=DAY_2022
    )
    return decision, proposal


def test_a_decision_of_any_length_keeps_its_last_article_with_the_signature(decision_case):
    decision, _proposal = decision_case
    check_every_length(template_for(decision), decision_context(decision, number=18))


def test_a_proposal_of_any_length_keeps_its_last_paragraph_with_the_signature(decision_case):
    _decision, proposal = decision_case
    check_every_length(template_for(proposal), decision_context(proposal, number=5))


def test_a_plan_of_any_length_keeps_its_last_paragraph_with_the_signature(db):
    load_issuers()
    campaign = CampaignFactory(**PLAN_514, plan_recipients=PLAN_514_RECIPIENTS, plan_date=dt.date(2021, 11, 8))
    check_every_length(PLAN_TEMPLATE, plan_context(campaign))


def test_minutes_of_any_length_keep_their_conclusion_with_the_signatures(db, office_user):
    campaign = CampaignFactory(name="Phong trào thi đua đặc biệt chống dịch Covid-19")
    members = council_members(5)
    nominations = [eligible(campaign) for _ in range(4)]
    session = open_session(
        campaign=campaign, by=office_user, present=members, members_total=5, nominations=nominations, chair=members[0]
    )
    for nomination in nominations:
        votes(session, nomination, members, "agree")
    council.close_session(session, by=office_user)
    check_every_length(council.MINUTES_TEMPLATE, council.minutes_context(session))


def test_a_notice_ending_on_a_long_table_keeps_its_last_rows_with_the_signature():
    rows = [(f"Nội dung công việc số {i}", "Trước khi ban hành", "Văn phòng") for i in range(1, 26)]
    check_every_length("documents/sample_notice.html", notice_context(rows))


def test_signers_names_never_wrap():
    html = render_to_string("documents/sample_notice.html", notice_context())
    assert re.search(r"\.name[^{]*\{[^}]*white-space: nowrap", html)
