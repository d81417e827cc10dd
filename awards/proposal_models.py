"""Models of proposals upward once issued (sending, dossier files, the higher body's answers) and of
public notices before a decision (the list published, the comments received).

Kept apart from awards/models.py, which imports them at its end, so that this part of the app
reads in one place; the rules live in awards/proposal_rules.py, the changes in
awards/proposals.py and awards/notices.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaign.models import StoredUpload


class ProposalDispatch(models.Model):
    """The sending of an issued proposal (tờ trình) to the higher body, with the time limit then in force.

    The limit, its source and the deadline are copied when it is sent: a later change of the
    data never moves a deadline already given.
    """

    proposal = models.OneToOneField(
        "awards.Decision", verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="dispatch"
    )
    sent_on = models.DateField(_("sent on"))
    how = models.CharField(_("sent by way of"), max_length=200, blank=True)
    answer_days = models.PositiveSmallIntegerField(_("time limit (working days)"))
    limit_source = models.CharField(_("source of the time limit"), max_length=300)
    limit_confirmed = models.BooleanField(_("time limit confirmed in the source"), default=False)
    deadline = models.DateField(_("answer due by"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sending of a proposal")
        verbose_name_plural = _("sendings of proposals")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return f"{self.proposal} → {self.sent_on:%d/%m/%Y}"


def proposal_file_path(instance, filename):
    return f"proposals/{instance.proposal_id}/{instance.token}"


class ProposalFile(StoredUpload):
    """A file of a proposal's dossier: one component, for the whole dossier or for one line."""

    proposal = models.ForeignKey(
        "awards.Decision", verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="dossier_files"
    )
    component = models.CharField(_("component"), max_length=20)
    line = models.ForeignKey(
        "awards.Award",
        verbose_name=_("for"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dossier_files",
    )
    file = models.FileField(_("file"), upload_to=proposal_file_path, max_length=255)

    class Meta(StoredUpload.Meta):
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")


def answer_file_path(instance, filename):
    return f"answers/{instance.proposal_id}/{instance.token}"


class HigherAnswer(StoredUpload):
    """A document of the higher body answering a proposal (its decision, or its letter declining)."""

    proposal = models.ForeignKey(
        "awards.Decision", verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="answers"
    )
    reference = models.CharField(_("number"), max_length=60, help_text=_("As written, e.g. 456/QĐ-UBND."))
    decided_on = models.DateField(_("dated"))
    body = models.CharField(_("issued by"), max_length=200)
    file = models.FileField(_("file"), upload_to=answer_file_path, max_length=255)

    class Meta(StoredUpload.Meta):
        verbose_name = _("answer of the higher body")
        verbose_name_plural = _("answers of the higher body")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reference", "decided_on"], name="one_answer_per_document"),
        ]

    def __str__(self):
        return f"{self.reference} ({self.decided_on:%d/%m/%Y})"


class LineAnswer(models.Model):
    """What the higher body decided for one line of a proposal: granted or not, by which document."""

    line = models.OneToOneField(
        "awards.Award", verbose_name=_("line"), on_delete=models.PROTECT, related_name="higher_answer"
    )
    answer = models.ForeignKey(HigherAnswer, verbose_name=_("answer"), on_delete=models.PROTECT, related_name="lines")
    granted = models.BooleanField(_("granted"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer for a line")
        verbose_name_plural = _("answers for lines")
        ordering = ["line__order", "pk"]

    def __str__(self):
        return f"{self.line_id}: {'+' if self.granted else '-'}"


# --- public notices -------------------------------------------------------------------------------


class PublicNotice(models.Model):
    """The list of proposed awardees published on the public site for a number of working days."""

    campaign = models.ForeignKey(
        "campaign.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="public_notices"
    )
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("published from"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    ends_on = models.DateField(_("open until"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return self.title


class NoticeEntry(models.Model):
    """One proposed awardee as published: only what the public may read, copied when published."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="entries")
    nomination = models.ForeignKey(
        "awards.Nomination", verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="notice_entries"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=400)
    unit = models.CharField(_("unit"), max_length=400, blank=True)
    award = models.CharField(_("award proposed"), max_length=200)
    achievement = models.TextField(_("summary of achievements"))

    class Meta:
        verbose_name = _("entry of a notice")
        verbose_name_plural = _("entries of a notice")
        ordering = ["notice", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "nomination"], name="one_entry_per_nomination_and_notice"),
        ]

    def __str__(self):
        return f"{self.name} – {self.award}"


class NoticeComment(models.Model):
    """A comment received on a notice; the commenter's contact is for the office only."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.PROTECT, related_name="comments")
    entry = models.ForeignKey(
        NoticeEntry,
        verbose_name=_("about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    text = models.TextField(_("comment"))
    commenter = models.CharField(_("commenter"), max_length=120)
    contact = models.CharField(_("contact (phone or e-mail)"), max_length=200)
    # A keyed hash of the sender's address: enough to limit how often one sender writes, nothing more.
    sender_key = models.CharField(max_length=64, db_index=True, editable=False)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    handling = models.TextField(_("how the office handled it"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment on a notice")
        verbose_name_plural = _("comments on notices")
        ordering = ["received_at", "pk"]

    def __str__(self):
        return f"{self.notice_id}: {self.commenter}"
