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
