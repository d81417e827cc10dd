"""Public notice before the decision (issue 22, item 6): published for N working days then closed, the public
comment form (bad input, rate limit, the contact kept private), and the Council's pages and minutes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from factories import AwardTypeFactory, CampaignFactory, NominationFactory, OrganizationFactory, PersonFactory

from awards import notices
from awards.models import AwardIssuer, NominationStatus, NoticeComment, PublicNotice
from core.errors import TransitionError
from core.workdays import nth_working_day

CONTACT = "0905123456"


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def nomination(campaign):
    award = AwardTypeFactory(
        name="Chiến sĩ thi đua cấp tỉnh",
        category="title",
        issuer=AwardIssuer.PROVINCE,
        public_notice_days=5,
        coefficient_key="",
    )
    org = OrganizationFactory(name="Hợp tác xã Cà phê Đắk Mil")
    person = PersonFactory(full_name="Nguyễn Thị Hoa", organization=org, gender="female", phone="0987000111")
    return NominationFactory(
        campaign=campaign,
        award_type=award,
        nominee_kind="individual",
        organization=org,
        person=person,
        status=NominationStatus.ELIGIBLE,
        achievements="Ba năm liền Chiến sĩ thi đua cơ sở. Doanh thu của hợp tác xã tăng 20%.",
    )


@pytest.fixture
def notice(nomination, office_user, campaign):
    return notices.publish_notice(campaign, [nomination], starts_on=timezone.localdate(), by=office_user)


def test_a_notice_runs_for_its_award_s_working_days_and_lists_only_what_is_public(notice, nomination):
    entry = notice.entries.get()

    assert (notice.working_days, notice.ends_on) == (5, nth_working_day(notice.starts_on, 5))
    assert (entry.name, entry.unit, entry.award) == (
        "Nguyễn Thị Hoa",
        "Hợp tác xã Cà phê Đắk Mil",
        "Chiến sĩ thi đua cấp tỉnh",
    )
    assert notices.is_open(notice) and not notices.is_open(notice, notice.ends_on + dt.timedelta(days=1))


def test_a_nomination_whose_award_asks_no_notice_or_already_published_is_refused(
    notice, nomination, campaign, office_user, unit_user
):
    plain = NominationFactory(campaign=campaign, status=NominationStatus.ELIGIBLE)
    fresh = NominationFactory(campaign=campaign, award_type=nomination.award_type, status=NominationStatus.ELIGIBLE)

    for chosen in ([nomination], [plain]):
        with pytest.raises(TransitionError):
            notices.publish_notice(campaign, chosen, starts_on=timezone.localdate(), by=office_user)
    with pytest.raises(TransitionError):
        notices.publish_notice(campaign, [fresh], starts_on=timezone.localdate(), by=unit_user)
    with pytest.raises(TransitionError):
        notices.publish_notice(campaign, [fresh], starts_on=timezone.localdate() - dt.timedelta(days=1), by=office_user)
    assert PublicNotice.objects.count() == 1


def test_the_public_page_shows_the_list_and_never_a_private_detail(notice, client_for, nomination):
    NoticeComment.objects.create(
        notice=notice, text="Đề nghị xác minh doanh thu", commenter="Trần Văn Bình", contact=CONTACT, sender_key="k"
    )

    page = client_for(None).get(reverse("honor:notice", args=[notice.pk])).content.decode()

    assert "Nguyễn Thị Hoa" in page and "Ba năm liền Chiến sĩ thi đua cơ sở" in page
    for private in (CONTACT, "Trần Văn Bình", "Đề nghị xác minh doanh thu", "0987000111"):
        assert private not in page


def test_a_comment_comes_in_through_the_public_form_and_only_the_office_sees_the_contact(
    notice, client_for, office_user, leader_user
):
    entry = notice.entries.get()

    response = client_for(None).post(
        reverse("honor:notice", args=[notice.pk]),
        {
            "entry": str(entry.pk),
            "text": "Hợp tác xã còn nợ bảo hiểm xã hội năm 2021.",
            "commenter": "Lê Văn An",
            "contact": CONTACT,
        },
    )

    comment = NoticeComment.objects.get()
    assert (response.status_code, comment.entry, comment.contact) == (302, entry, CONTACT)
    office_page = client_for(office_user).get(reverse("awards:notice_detail", args=[notice.pk])).content.decode()
    leader_page = client_for(leader_user).get(reverse("awards:notice_detail", args=[notice.pk])).content.decode()
    assert CONTACT in office_page and CONTACT not in leader_page
    assert "Hợp tác xã còn nợ bảo hiểm xã hội năm 2021." in leader_page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "ngắn", "commenter": "An", "contact": CONTACT}, "text"),
        ({"text": "x" * 2001, "commenter": "An", "contact": CONTACT}, "text"),
        ({"text": "Một ý kiến đủ dài.", "commenter": "", "contact": CONTACT}, "commenter"),
        ({"text": "Một ý kiến đủ dài.", "commenter": "An", "contact": "gọi tôi"}, "contact"),
        (
            {"text": "Một ý kiến đủ dài.", "commenter": "An", "contact": CONTACT, "entry": "99999999999999999999"},
            "entry",
        ),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_kept(notice, client_for, data, field):
    response = client_for(None).post(reverse("honor:notice", args=[notice.pk]), data)

    assert (response.status_code, list(response.context["form"].errors)) == (400, [field])
    assert not NoticeComment.objects.exists()


def test_one_sender_may_write_only_so_often(notice, client_for, settings):
    settings.PUBLIC_FORM_LIMIT = 2
    client = client_for(None)
    data = {"text": "Một ý kiến đủ dài.", "commenter": "An", "contact": CONTACT}

    answers = [client.post(reverse("honor:notice", args=[notice.pk]), data).status_code for _ in range(3)]

    assert answers == [302, 302, 429]
    assert NoticeComment.objects.count() == 2


def test_a_closed_notice_takes_no_comment(notice, client_for):
    PublicNotice.objects.filter(pk=notice.pk).update(starts_on=dt.date(2022, 2, 8), ends_on=dt.date(2022, 2, 14))
    data = {"text": "Một ý kiến đủ dài.", "commenter": "An", "contact": CONTACT}

    page = client_for(None).get(reverse("honor:notice", args=[notice.pk]))
    posted = client_for(None).post(reverse("honor:notice", args=[notice.pk]), data)

    assert (page.status_code, page.context["form"], posted.status_code) == (200, None, 404)
    notice.refresh_from_db()
    with pytest.raises(TransitionError):
        notices.receive_comment(notice, text="Một ý kiến đủ dài.", commenter="An", contact=CONTACT, sender="k")
    assert not NoticeComment.objects.exists()


def test_a_notice_not_yet_started_is_not_public(nomination, campaign, office_user, client_for):
    later = notices.publish_notice(
        campaign, [nomination], starts_on=timezone.localdate() + dt.timedelta(days=3), by=office_user
    )

    assert client_for(None).get(reverse("honor:notice", args=[later.pk])).status_code == 404


def test_the_office_records_the_handling_and_the_council_sees_it(notice, office_user, council_user, client_for):
    comment = notices.receive_comment(
        notice, text="Hợp tác xã còn nợ bảo hiểm xã hội.", commenter="An", contact=CONTACT, sender="k"
    )

    client_for(office_user).post(
        reverse("awards:comment_handle", args=[comment.pk]), {"handling": "Đã xác minh: đã nộp đủ ngày 30/12/2021."}
    )

    comment.refresh_from_db()
    assert (comment.handling, comment.handled_by) == ("Đã xác minh: đã nộp đủ ngày 30/12/2021.", office_user)
    with pytest.raises(TransitionError):
        notices.handle_comment(comment, handling="Sửa", by=council_user)


def test_the_session_waits_for_the_notice_and_its_minutes_print_the_dates_and_each_comment(
    demo_parameters, notice, nomination, office_user, campaign
):
    from factories import CouncilSessionFactory, SignerFactory

    from awards.council import close_session, minutes_context

    SignerFactory()  # the issuing body whose header the minutes print
    session = CouncilSessionFactory(campaign=campaign, created_by=office_user)
    nomination.session = session
    nomination.save(update_fields=["session"])
    comment = notices.receive_comment(
        notice, text="Hợp tác xã còn nợ bảo hiểm xã hội.", commenter="An", contact=CONTACT, sender="k"
    )
    notices.handle_comment(comment, handling="Đã xác minh, không có nợ.", by=office_user)
    with pytest.raises(TransitionError) as refused:
        close_session(session, by=office_user)
    assert notice.ends_on.strftime("%d/%m/%Y") in str(refused.value)

    context = minutes_context(session)
    from django.template.loader import render_to_string

    html = " ".join(render_to_string("awards/documents/minutes.html", context).split())

    assert context["notices"] == [notice]
    assert f"từ ngày {notice.starts_on:%d/%m/%Y} đến ngày {notice.ends_on:%d/%m/%Y} (5 ngày làm việc)" in html
    assert "“Hợp tác xã còn nợ bảo hiểm xã hội.”. Kết quả xử lý: Đã xác minh, không có nợ." in html
    assert CONTACT not in html
