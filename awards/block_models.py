"""Models of an emulation block's year-end meeting: who came, whom the head proposed, how each member voted.

Kept apart from awards/models.py, which imports them at its end. The rules live in
awards/block_meeting.py; the block, its years, members and scores in campaign/models_blocks.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BlockMeeting(models.Model):
    """The meeting that votes the block's proposal (bình xét, suy tôn) once its ranking is settled."""

    block_year = models.OneToOneField(
        "campaign.BlockYear", verbose_name=_("block year"), on_delete=models.PROTECT, related_name="meeting"
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    present = models.ManyToManyField("campaign.BlockMember", verbose_name=_("members present"), related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    minutes = models.OneToOneField(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposal = models.OneToOneField(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("block meeting")
        verbose_name_plural = _("block meetings")

    def __str__(self):
        return f"{self.block_year} – {self.held_on:%d/%m/%Y}"


class BlockCandidate(models.Model):
    """A member the head proposes for an award (the flag, a Bằng khen), voted on at the meeting."""

    meeting = models.ForeignKey(BlockMeeting, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey("campaign.BlockMember", verbose_name=_("member"), on_delete=models.PROTECT)
    award_type = models.ForeignKey("awards.AwardType", verbose_name=_("award"), on_delete=models.PROTECT)
    rank = models.PositiveSmallIntegerField(_("rank in the block"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, editable=False)
    nomination = models.OneToOneField(
        "awards.Nomination", null=True, blank=True, on_delete=models.PROTECT, related_name="block_candidate"
    )

    class Meta:
        ordering = ["rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member", "award_type"], name="block_candidate_unique")
        ]

    def __str__(self):
        return f"{self.member} – {self.award_type}"


class BlockVoteChoice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")


class BlockVote(models.Model):
    candidate = models.ForeignKey(BlockCandidate, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey("campaign.BlockMember", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=10, choices=BlockVoteChoice.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["candidate", "voter"], name="block_vote_once")]

    def __str__(self):
        return f"{self.voter} → {self.candidate}: {self.choice}"
