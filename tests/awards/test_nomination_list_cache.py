"""The nomination list's campaign and award selects are kept (core.filters.CachedOptionsSelect)
until a campaign or an award type changes (issue 21)."""

from django.urls import reverse
from factories import AwardTypeFactory, CampaignFactory


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
