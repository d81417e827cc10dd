"""Campaign labels that share an English word with another part of the app carry a context,
so the Vietnamese catalogue can word each one for what it means."""

from django.utils import translation

from campaign.models import CampaignStatus, LegalBasis
from members.models import ImportStatus


def test_a_running_campaign_is_not_worded_as_an_import_being_processed():
    with translation.override("vi"):
        import_running = str(ImportStatus.RUNNING.label)
        campaign_running = str(CampaignStatus.RUNNING.label)
    assert import_running == "Đang xử lý"
    assert campaign_running != import_running


def test_a_legal_basis_title_is_not_worded_as_a_signers_position():
    with translation.override("vi"):
        label = str(LegalBasis._meta.get_field("title").verbose_name)
        position = translation.gettext("title")
    assert position == "chức vụ"
    assert label != position
