"""The nomination list's campaign and award selects are kept (core.filters.CachedOptionsSelect)
until a campaign or an award type changes (issue 21)."""

from django.urls import reverse
from factories import AwardTypeFactory, CampaignFactory

from campaign.models import CampaignStatus


def test_the_selects_follow_new_and_renamed_campaigns_and_award_types(client_for, office_user, locmem_cache):
    client = client_for(office_user)
    url = reverse("awards:nomination_list")
    campaign = CampaignFactory(short_name="Phong trào Một")
    award = AwardTypeFactory(name="Giấy khen Một")
    page = client.get(url).content.decode()
    assert "Phong trào Một" in page and "Giấy khen Một" in page

    campaign.short_name = "Phong trào Hai"
    campaign.save()
    AwardTypeFactory(name="Giấy khen Hai")
    page = client.get(url).content.decode()
    assert "Phong trào Hai" in page and "Phong trào Một" not in page
    assert "Giấy khen Hai" in page

    chosen = client.get(url, {"award_type": award.pk})
    assert f'<option value="{award.pk}" selected>' in chosen.content.decode()


def test_the_unfiltered_count_is_kept_until_a_nomination_is_saved_or_deleted(
    client_for, office_user, unit_user, locmem_cache
):
    """The list's count (20,000 rows nationally) is kept per reach: the office's is the whole list,
    a unit's its own; a new or deleted nomination shows at once; a filtered list is counted."""
    from factories import NominationFactory

    own = NominationFactory(organization=unit_user.organization)
    NominationFactory()
    url = reverse("awards:nomination_list")
    office, unit = client_for(office_user), client_for(unit_user)
    assert office.get(url).context["page"].paginator.count == 2
    assert unit.get(url).context["page"].paginator.count == 1

    NominationFactory(organization=unit_user.organization)
    assert office.get(url).context["page"].paginator.count == 3
    assert unit.get(url).context["page"].paginator.count == 2

    own.delete()
    assert office.get(url).context["page"].paginator.count == 2
    assert unit.get(url).context["page"].paginator.count == 1
    assert office.get(url, {"status": "draft"}).context["page"].paginator.count == 2


def test_a_unit_never_gets_the_campaigns_select_kept_for_the_office(client_for, office_user, unit_user, locmem_cache):
    """The office reads draft campaigns; a unit does not (campaign.queries.campaigns_for_user), even
    when the office's select was kept first."""
    CampaignFactory(short_name="Phong trào đang chạy")
    draft = CampaignFactory(short_name="Phong trào còn nháp", status=CampaignStatus.DRAFT)
    url = reverse("awards:nomination_list")

    office = client_for(office_user).get(url).content.decode()
    unit = client_for(unit_user).get(url).content.decode()
    office_again = client_for(office_user).get(url).content.decode()

    assert "Phong trào còn nháp" in office and "Phong trào còn nháp" in office_again
    assert "Phong trào đang chạy" in unit
    assert "Phong trào còn nháp" not in unit
    assert client_for(unit_user).get(url, {"campaign": draft.pk}).context["filter"].form.errors  # not a choice

    draft.status = CampaignStatus.RUNNING  # launched: the units' select follows
    draft.save()
    assert "Phong trào còn nháp" in client_for(unit_user).get(url).content.decode()
