"""Emulation blocks in the browser's terms: the office sets up, members pledge and score, the head reconciles."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaign import blocks
from campaign.models import BlockCriterion, BlockScore, BlockYear, EmulationBlock, Settlement
from members.models import Role
from tests.factories import IssuingBodyFactory, OrganizationFactory, SignerFactory, UserFactory
from tests.pdf_reading import page_texts

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def world(office_user):
    units = [OrganizationFactory(name=f"HTX Khối {i}") for i in range(4)]
    accounts = [UserFactory(role=Role.UNIT, organization=u) for u in units]
    block = EmulationBlock.objects.create(name="Khối HTX nông nghiệp", margin=D("2"), created_by=office_user)
    first = BlockCriterion.objects.create(block=block, code="1", name="Doanh thu", max_points=D("10"), order=1)
    second = BlockCriterion.objects.create(block=block, code="2", name="Thu nhập", max_points=D("10"), order=2)
    year = blocks.open_year(block, 2026, organizations=units, head=units[0], deputy=units[1], by=office_user)
    return {"units": units, "accounts": accounts, "block": block, "year": year, "criteria": [first, second]}


def _member(world, i):
    return world["year"].members.get(organization=world["units"][i])


def test_office_creates_a_block_with_decimals_typed_the_vietnamese_way(client_for, office_user):
    client = client_for(office_user)
    response = client.post(
        reverse("campaign:block_create"),
        {
            "name": "Khối quỹ tín dụng",
            "symbol": "ktđ qtd",
            "level": "province",
            "ranking_method": "weighted",
            "self_weight": "0,25",
            "margin": "1,5",
        },
    )
    block = EmulationBlock.objects.get(name="Khối quỹ tín dụng")
    assert response.status_code == 302
    assert (block.self_weight, block.margin, block.symbol) == (D("0.25"), D("1.5"), "KTĐQTD")
    response = client.post(
        reverse("campaign:block_criterion_create", args=[block.pk]),
        {"code": "1", "name": "Dư nợ", "max_points": "12,5", "order": 1},
    )
    assert block.criteria.get().max_points == D("12.5")
    response = client.post(
        reverse("campaign:block_criterion_create", args=[block.pk]),
        {"code": "1", "name": "Lặp", "max_points": "abc", "order": 2},
    )
    assert response.status_code == 200 and block.criteria.count() == 1
    assert "Lặp" in response.content.decode()  # nothing typed is lost


def test_open_year_refuses_a_head_outside_the_members(client_for, office_user, world):
    client = client_for(office_user)
    outsider = OrganizationFactory()
    response = client.post(
        reverse("campaign:block_year_open", args=[world["block"].pk]),
        {"year": 2027, "members": [u.pk for u in world["units"]], "head": outsider.pk},
    )
    assert response.status_code == 200
    assert not BlockYear.objects.filter(year=2027).exists()
    response = client.post(
        reverse("campaign:block_year_open", args=[world["block"].pk]),
        {
            "year": 2027,
            "members": [u.pk for u in world["units"]],
            "head": world["units"][2].pk,
            "deputy": world["units"][3].pk,
        },
    )
    assert BlockYear.objects.get(year=2027).head == world["units"][2]


def test_a_unit_outside_the_block_sees_nothing_of_it(client_for, world):
    stranger = UserFactory(role=Role.UNIT)
    client = client_for(stranger)
    assert client.get(reverse("campaign:block_detail", args=[world["block"].pk])).status_code == 404
    assert client.get(reverse("campaign:block_year", args=[world["year"].pk])).status_code == 404
    assert world["block"].name not in client.get(reverse("campaign:block_list")).content.decode()


def test_members_pledge_and_only_the_head_moves_the_year_on(client_for, world):
    member = client_for(world["accounts"][2])
    first, second = world["criteria"]
    response = member.post(
        reverse("campaign:block_pledge", args=[world["year"].pk]),
        {
            "commitment": "Hoàn thành xuất sắc nhiệm vụ",
            f"target_{first.pk}": "Doanh thu tăng 8%",
            f"target_{second.pk}": "",
        },
    )
    assert response.status_code == 302
    assert _member(world, 2).targets.get().target == "Doanh thu tăng 8%"
    assert member.post(reverse("campaign:block_year_advance", args=[world["year"].pk])).status_code == 403
    head = client_for(world["accounts"][0])
    head.post(reverse("campaign:block_year_advance", args=[world["year"].pk]))
    world["year"].refresh_from_db()
    assert world["year"].stage == "scoring"


def test_the_office_cannot_act_as_the_head(client_for, office_user, world):
    client = client_for(office_user)
    assert client.post(reverse("campaign:block_year_advance", args=[world["year"].pk])).status_code == 403
    assert client.post(reverse("campaign:block_publish", args=[world["year"].pk])).status_code == 403


def _advance(world):
    blocks.advance(world["year"], by=world["accounts"][0])


def test_a_member_scores_from_its_phone_with_decimals_and_abstains_with_a_reason(client_for, world):
    _advance(world)
    first, second = world["criteria"]
    client = client_for(world["accounts"][1])
    own = _member(world, 1)
    other = _member(world, 3)
    page = client.get(reverse("campaign:block_year", args=[world["year"].pk]))
    assert reverse("campaign:block_score", args=[world["year"].pk, own.pk]) in page.content.decode()
    response = client.post(
        reverse("campaign:block_score", args=[world["year"].pk, own.pk]),
        {
            f"value_{first.pk}": "7,5",
            f"value_{second.pk}": "8",
            "evidence": SimpleUploadedFile("bc.png", PNG, "image/png"),
        },
    )
    assert response.status_code == 302
    self_score = BlockScore.objects.get(scorer=own, scored=own, criterion=first)
    assert self_score.value == D("7.5") and self_score.evidence_name == "bc.png"
    response = client.post(
        reverse("campaign:block_score", args=[world["year"].pk, other.pk]),
        {f"value_{first.pk}": "", f"abstain_{first.pk}": "Không có số liệu", f"value_{second.pk}": "11"},
    )
    assert response.status_code == 200  # 11 is above the maximum: nothing stored, the reason kept
    assert "Không có số liệu" in response.content.decode()
    assert not BlockScore.objects.filter(scorer=own, scored=other).exists()
    client.post(
        reverse("campaign:block_score", args=[world["year"].pk, other.pk]),
        {f"value_{first.pk}": "", f"abstain_{first.pk}": "Không có số liệu", f"value_{second.pk}": "6"},
    )
    assert BlockScore.objects.get(scorer=own, scored=other, criterion=first).abstain_reason == "Không có số liệu"
    # The self-assessment's evidence: the member and the head read it; another member does not.
    url = reverse("campaign:block_evidence", args=[self_score.pk])
    assert client.get(url).status_code == 200
    assert client_for(world["accounts"][0]).get(url).status_code == 200
    assert client_for(world["accounts"][2]).get(url).status_code == 404


def _score_everything(world, table):
    members = [_member(world, i) for i in range(4)]
    for (a, b), value in table.items():
        for criterion in world["criteria"]:
            blocks.save_score(
                scorer=members[a], scored=members[b], criterion=criterion, value=value, by=world["accounts"][a]
            )


def test_the_head_settles_flags_then_ranks_and_members_see_others_scores_only_once_published(client_for, world):
    _advance(world)
    table = {(i, j): D("7") for i in range(4) for j in range(4)}
    table.update({(3, 3): D("10")})  # unit 3 overrates itself by 3 points, beyond the margin of 2
    _score_everything(world, table)
    head = client_for(world["accounts"][0])
    head.post(reverse("campaign:block_year_advance", args=[world["year"].pk]))
    page = head.get(reverse("campaign:block_reconcile", args=[world["year"].pk])).content.decode()
    flagged = _member(world, 3)
    first = world["criteria"][0]
    settle_url = reverse("campaign:block_settle", args=[world["year"].pk, flagged.pk, first.pk])
    assert settle_url in page
    # Ranking is refused while flags wait; the member cannot settle; the head settles with a reason.
    head.post(reverse("campaign:block_year_advance", args=[world["year"].pk]))
    assert BlockYear.objects.get(pk=world["year"].pk).stage == "reconciling"
    assert client_for(world["accounts"][3]).post(settle_url, {"value": "9", "reason": "x"}).status_code == 403
    response = head.post(settle_url, {"value": "8,5", "reason": ""})
    assert response.status_code == 200 and not Settlement.objects.exists()
    for criterion in world["criteria"]:
        url = reverse("campaign:block_settle", args=[world["year"].pk, flagged.pk, criterion.pk])
        head.post(url, {"value": "8,5", "reason": "Theo biên bản họp khối ngày 10/12"})
    assert Settlement.objects.filter(reason__startswith="Theo biên bản").count() == 2
    head.post(reverse("campaign:block_year_advance", args=[world["year"].pk]))
    page = head.get(reverse("campaign:block_year", args=[world["year"].pk])).content.decode()
    assert "17,00" in page  # 8,5 + 8,5 for the flagged unit, ranked first
    # Before publishing, unit 3 sees its own self score only; another member's page is closed to it.
    member = client_for(world["accounts"][3])
    own_scores = member.get(reverse("campaign:block_scores_of", args=[world["year"].pk, flagged.pk])).content.decode()
    assert "HTX Khối 1" not in own_scores
    assert (
        member.get(reverse("campaign:block_scores_of", args=[world["year"].pk, _member(world, 1).pk])).status_code
        == 403
    )
    head.post(reverse("campaign:block_publish", args=[world["year"].pk]))
    own_scores = member.get(reverse("campaign:block_scores_of", args=[world["year"].pk, flagged.pk])).content.decode()
    assert "HTX Khối 1" in own_scores


def test_the_office_issues_the_pledge_once_every_member_has_pledged(client_for, office_user, world):
    SignerFactory(issuing_body=IssuingBodyFactory())
    office = client_for(office_user)
    url = reverse("campaign:block_pledge_document", args=[world["year"].pk])
    draft = office.get(url)
    assert draft.status_code == 200 and draft["Content-Type"] == "application/pdf"
    office.post(url)
    assert BlockYear.objects.get(pk=world["year"].pk).pledge_document is None  # nobody pledged yet
    for i in range(len(world["accounts"])):
        blocks.pledge(_member(world, i), commitment=f"Cam kết số {i}", targets={world["criteria"][0]: f"Chỉ tiêu {i}"})
    assert client_for(world["accounts"][1]).post(url).status_code == 403  # a member does not issue it
    office.post(url)
    year = BlockYear.objects.get(pk=world["year"].pk)
    document = year.pledge_document
    assert document.reference.startswith("01/GƯTĐ-")
    text = "\n".join(page_texts(client_for(world["accounts"][3]).get(url).getvalue()))
    assert "GIAO ƯỚC THI ĐUA" in text and "Cam kết số 3" in text and "Chỉ tiêu 2" in text
    assert "HTX KHỐI 0" in text  # every member's signature block


def test_the_head_assigns_pairs_and_a_member_scores_only_its_pairs(client_for, world):
    head = client_for(world["accounts"][0])
    url = reverse("campaign:block_pairs", args=[world["year"].pk])
    a, b, c = (_member(world, i) for i in (1, 2, 3))
    assert client_for(world["accounts"][1]).get(url).status_code == 403
    head.post(url, {f"scores_{a.pk}": [b.pk]})
    assert list(world["year"].pairs.values_list("scorer", "scored")) == [(a.pk, b.pk)]
    _advance(world)
    member = client_for(world["accounts"][1])
    assert member.get(reverse("campaign:block_score", args=[world["year"].pk, b.pk])).status_code == 200
    assert member.get(reverse("campaign:block_score", args=[world["year"].pk, c.pk])).status_code == 403
    head.post(url, {})  # nothing ticked: all score all again
    assert not world["year"].pairs.exists()
