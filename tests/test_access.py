"""Who reaches what: EVERY address of the site, for every role, against one table.

The URL patterns are discovered by walking the resolver; an address with no row in ACCESS fails
`test_every_address_has_a_row_in_the_access_table`. Each address is asked for with GET by six
roles; where a role is refused, the same address is POSTed by that role too, and the refusal
must come with the database unchanged. Every address is also POSTed without a CSRF token.

Roles: anonymous, a unit of another organization (`other_unit`, who must not even learn that the
objects exist: 404), the owning unit, a council member, the leader and the office.

Left out of the walk, on purpose:
- Django admin (`admin:`): every admin view is wrapped by AdminSite.admin_view, which sends
  anyone who is not active staff to the admin login; `test_admin_is_for_superusers_only` proves it
  for the pages that hold our models.
- Static files are not URL patterns (WhiteNoise serves them before the resolver).

The objects are built once per module (the `world` fixture, rolled back at the end of the module);
each test runs in its own savepoint, so a request that writes is undone before the next.
"""

import datetime as dt
import functools
import hashlib

import pytest
from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

LOGIN = "login"  # anonymous: sent to the login page (302 to /accounts/login/?next=…)
ROLES = ["anonymous", "other_unit", "unit", "council", "leader", "office"]
BOUNCED = "bounced"  # POST: sent back (302) with a message by the service, nothing written
REFUSED = {LOGIN, 403, 404, 405, BOUNCED}
L = LOGIN
ALL_200 = [200] * 6
ADMIN = "ADMIN"


def row(target, get, post=None):
    """One address: the object it is asked for (a key of `world["args"]`), the GET answer of each role
    in the order of ROLES, and for a POST-only address (GET answers 405) the POST answer of each role.

    For the others, a role refused on GET must be refused on POST with the same answer."""
    return (target, get, post)


# url name -> row(target, GET answers, [POST answers]). Adding an address is one line.
ACCESS = {
    # --- the site itself -----------------------------------------------------------------------
    # The office and the leadership are sent on to the dashboard of the running campaign.
    "home": row("none", [L, 200, 200, 200, 302, 302]),
    "healthz": row("none", ALL_200),
    "floor": row("none", [L, 404, 404, 404, 404, 200]),  # the benchmark's floor page: office staff only
    "login": row("none", ALL_200),
    "logout": row("none", [405] * 6, post=[302] * 6),  # POST only (Django 5)
    "password_change": row("none", [L, 200, 200, 200, 200, 200]),
    "password_change_done": row("none", [L, 200, 200, 200, 200, 200]),
    "set_language": row("none", [302] * 6, post=[302] * 6),  # anyone may choose a language
    # --- members/: the registry; imports, accounts and areas are not a unit's data -------------
    "members:organization_list": row("none", [L, 200, 200, 200, 200, 200]),
    "members:organization_create": row("none", [L, 403, 403, 403, 403, 200]),
    "members:organization_detail": row("org", [L, 404, 200, 200, 200, 200]),
    "members:organization_edit": row("org", [L, 404, 200, 403, 403, 200]),
    "members:organization_status": row("org", [L, 404, 403, 403, 403, 200]),
    "members:organization_archive": row("org", [L, 404, 403, 403, 403, 200]),
    # Restoring: the office only; an organization that is not archived sends the office back to it.
    "members:organization_restore": row("org", [L, 404, 403, 403, 403, 302]),
    "members:organization_history": row("org", [L, 404, 200, 200, 200, 200]),
    "members:organization_people": row("org", [L, 404, 200, 200, 200, 200]),
    "members:person_list": row("none", [L, 200, 200, 200, 200, 200]),
    "members:person_create": row("none", [L, 200, 200, 403, 403, 200]),
    "members:person_detail": row("person", [L, 404, 200, 200, 200, 200]),
    "members:person_edit": row("person", [L, 404, 200, 403, 403, 200]),
    "members:person_history": row("person", [L, 404, 200, 200, 200, 200]),
    "members:import_upload": row("import_kind", [L, 403, 403, 403, 403, 200]),
    "members:import_template": row("import_kind", [L, 403, 403, 403, 403, 200]),
    "members:import_detail": row("job", [L, 403, 403, 403, 403, 200]),
    "members:import_progress": row("job", [L, 403, 403, 403, 403, 200]),
    "members:account_list": row("none", [L, 403, 403, 403, 403, 200]),
    "members:account_create": row("none", [L, 403, 403, 403, 403, 200]),
    # Who created, promoted, reset or (de)activated which account, and when (issue 16).
    "members:account_changes": row("none", [L, 403, 403, 403, 403, 200]),
    "members:account_edit": row("account", [L, 403, 403, 403, 403, 200]),
    "members:account_password": row("account", [L, 403, 403, 403, 403, 200]),
    "members:area_list": row("none", [L, 403, 403, 200, 200, 200]),
    "members:area_detail": row("area", [L, 403, 403, 200, 200, 200]),
    # --- documents/: the office writes, the leadership reads ------------------------------------
    "documents:issuer_list": row("none", [L, 403, 403, 403, 200, 200]),
    "documents:issuer_create": row("none", [L, 403, 403, 403, 403, 200]),
    "documents:issuer_edit": row("issuer", [L, 403, 403, 403, 403, 200]),
    "documents:issuer_preview": row("issuer", [L, 403, 403, 403, 200, 200]),
    "documents:register_list": row("none", [L, 403, 403, 403, 200, 200]),
    "documents:register_download": row("document", [L, 403, 403, 403, 200, 200]),
    "documents:register_numbers": row("none", [L, 403, 403, 403, 403, 200]),
    # Digital signatures: the leadership and the office see a document's signatures and what waits for an
    # outside signer (each signs only in its own role); keys and trust anchors are the administrator's.
    "documents:register_detail": row("document", [L, 403, 403, 403, 200, 200]),
    "documents:register_original": row("document", [L, 403, 403, 403, 200, 200]),
    "documents:pending_list": row("none", [L, 403, 403, 403, 200, 200]),
    "documents:pending_detail": row("pending_signature", [L, 403, 403, 403, 200, 200]),
    "documents:pending_file": row("pending_signature", [L, 403, 403, 403, 200, 200]),
    "documents:key_list": row("none", [L, 403, 403, 403, 403, 403]),
    "documents:key_toggle": row("signing_key", [L, 403, 403, 403, 403, 403]),
    "documents:anchor_list": row("none", [L, 403, 403, 403, 403, 403]),
    "documents:anchor_toggle": row("trust_anchor", [L, 403, 403, 403, 403, 403]),
    # --- campaign/: the campaign is shared, a unit's report and its files are not ---------------
    "campaign:campaign_list": row("none", [L, 200, 200, 200, 200, 200]),
    "campaign:campaign_create": row("none", [L, 403, 403, 403, 403, 200]),
    "campaign:campaign_detail": row("campaign", [L, 200, 200, 200, 200, 200]),
    "campaign:campaign_edit": row("campaign", [L, 403, 403, 403, 403, 200]),
    "campaign:campaign_delete": row("campaign", [L, 403, 403, 403, 403, 200]),
    "campaign:campaign_launch": row("campaign", [L, 403, 403, 403, 403, 200]),
    "campaign:campaign_start": row("campaign", [L, 403, 403, 403, 403, 200]),
    "campaign:campaign_review": row("campaign", [L, 403, 403, 403, 403, 200]),
    "campaign:campaign_close": row("campaign", [L, 403, 403, 403, 403, 200]),
    "campaign:my_submissions": row("campaign", [L, 200, 200, 403, 403, 403]),
    "campaign:submission_queue": row("campaign", [L, 403, 403, 200, 200, 200]),
    "campaign:submission_start": row(
        "period", [405] * 6, post=[L, BOUNCED, 302, 403, 403, 403]
    ),  # other: not registered
    "campaign:submission_detail": row("submission", [L, 404, 200, 200, 200, 200]),
    "campaign:submission_edit": row("submission", [L, 404, 200, 403, 403, 403]),
    "campaign:submission_submit": row("submission", [L, 404, 200, 403, 403, 403]),
    "campaign:submission_verify": row("submission", [L, 404, 403, 403, 403, 200]),
    "campaign:submission_return": row("submission", [L, 404, 403, 403, 403, 200]),
    "campaign:submission_reopen": row("submission", [L, 404, 403, 403, 403, 200]),
    # Evidence is the unit's and the office's and leadership's; the Council judges nominations, not evidence.
    "campaign:evidence_download": row("evidence", [L, 404, 200, 404, 200, 200]),
    "campaign:evidence_view": row("evidence", [L, 404, 200, 404, 200, 200]),
    "campaign:submission_bulk_verify": row("campaign", [405] * 6, post=[L, 403, 403, 403, 403, 302]),
    "campaign:rankings": row("campaign", [L, 200, 200, 200, 200, 200]),
    "campaign:scorecard": row("campaign_unit", [L, 404, 200, 200, 200, 200]),
    "campaign:violation_list": row("campaign", [L, 403, 403, 200, 200, 200]),
    "campaign:violation_create": row("campaign", [L, 403, 403, 403, 403, 200]),
    "campaign:violation_edit": row("violation", [L, 404, 403, 403, 403, 200]),
    "campaign:violation_delete": row("violation", [L, 404, 403, 403, 403, 200]),
    "campaign:period_create": row("campaign", [L, 403, 403, 403, 403, 200]),
    "campaign:period_generate": row("campaign", [L, 403, 403, 403, 403, 200]),
    "campaign:period_edit": row("period", [L, 403, 403, 403, 403, 200]),
    "campaign:period_delete": row("period", [L, 403, 403, 403, 403, 200]),
    "campaign:period_remind": row("period", [L, 403, 403, 403, 403, 200]),
    # "draft" is a draft campaign holding the criteria editor's objects: units do not see drafts.
    "campaign:group_create": row("draft", [L, 404, 404, 403, 403, 200]),
    "campaign:group_edit": row("group", [L, 404, 404, 403, 403, 200]),
    "campaign:group_delete": row("group", [L, 404, 404, 403, 403, 200]),
    "campaign:group_up": row("group", [L, 405, 405, 405, 405, 405], post=[L, 404, 404, 403, 403, 302]),
    "campaign:group_down": row("group", [L, 405, 405, 405, 405, 405], post=[L, 404, 404, 403, 403, 302]),
    "campaign:criterion_create": row("draft", [L, 404, 404, 403, 403, 200]),
    "campaign:criteria_copy": row("draft", [L, 404, 404, 403, 403, 200]),
    "campaign:criterion_edit": row("criterion", [L, 404, 404, 403, 403, 200]),
    "campaign:criterion_delete": row("criterion", [L, 404, 404, 403, 403, 200]),
    "campaign:band_create": row("draft", [L, 404, 404, 403, 403, 200]),
    "campaign:band_edit": row("band", [L, 404, 404, 403, 403, 200]),
    "campaign:band_delete": row("band", [L, 404, 404, 403, 403, 200]),
    # The unit is already registered: its form leads to its registration (302).
    "campaign:registration_create": row("campaign", [L, 200, 302, 403, 403, 200]),
    "campaign:registration_overview": row("campaign", [L, 403, 403, 200, 200, 200]),
    "campaign:registration_detail": row("registration", [L, 404, 200, 200, 200, 200]),
    "campaign:registration_edit": row("registration", [L, 404, 200, 403, 403, 200]),
    # The office verifies or returns a registration (POST only; the reason is required to return).
    "campaign:registration_review": row("registration", [405] * 6, post=[L, 404, 403, 403, 403, 302]),
    "campaign:registration_withdraw": row("registration", [L, 404, 200, 403, 403, 200]),
    # Reinstating a withdrawn registration: the office; the unit is registered, so nothing is withdrawn.
    "campaign:registration_reinstate": row("campaign_unit", [L, 403, 403, 403, 403, 404]),
    # The plan as a document: staff preview it, the office issues it; not issued yet, so no download.
    "campaign:plan_issue": row("campaign", [L, 403, 403, 403, 403, 200]),
    "campaign:plan_preview": row("campaign", [L, 403, 403, 403, 200, 200]),
    "campaign:plan_download": row("campaign", [L, 404, 404, 404, 404, 404]),
    "campaign:dashboard": row("campaign", [L, 403, 403, 403, 200, 200]),
    # --- awards/: legal parameters and award types are the office's -----------------------------
    "awards:parameter_list": row("none", [L, 403, 403, 200, 200, 200]),
    "awards:calculator": row("none", [L, 403, 403, 200, 200, 200]),
    "awards:parameter_detail": row("parameter_key", [L, 403, 403, 200, 200, 200]),
    "awards:value_create": row("parameter_key", [L, 403, 403, 403, 403, 200]),
    "awards:value_edit": row("parameter", [L, 403, 403, 403, 403, 200]),
    "awards:value_delete": row("parameter", [L, 403, 403, 403, 403, 200]),
    "awards:award_type_list": row("none", [L, 200, 200, 200, 200, 200]),
    "awards:award_type_create": row("none", [L, 403, 403, 403, 403, 200]),
    "awards:award_type_defaults": row("none", [L, 403, 403, 403, 403, 200]),
    "awards:award_type_edit": row("award_type", [L, 403, 403, 403, 403, 200]),
    # Households, initiatives and nominations belong to their unit; "nomination" is a draft of own_org.
    # The Council sees only nominations submitted and on an agenda (with their files): not this draft.
    "awards:household_list": row("none", [L, 200, 200, 403, 403, 200]),
    "awards:household_create": row("none", [L, 200, 200, 403, 403, 200]),
    "awards:household_edit": row("household", [L, 404, 200, 403, 403, 200]),
    "awards:initiative_list": row("none", [L, 200, 200, 403, 403, 200]),
    "awards:initiative_create": row("none", [L, 200, 200, 403, 403, 200]),
    "awards:initiative_edit": row("initiative", [L, 404, 200, 403, 403, 200]),
    "awards:nomination_list": row("none", [L, 200, 200, 200, 200, 200]),
    "awards:nomination_create": row("none", [L, 200, 200, 403, 403, 200]),
    "awards:nomination_detail": row("nomination", [L, 404, 200, 404, 200, 200]),
    "awards:nomination_edit": row("nomination", [L, 404, 200, 404, 403, 200]),
    "awards:nomination_submit": row("nomination", [L, 404, 200, 404, 403, 200]),
    "awards:nomination_check": row("nomination", [L, 404, 403, 404, 403, 200]),
    "awards:nomination_withdraw": row("nomination", [L, 404, 200, 404, 403, 200]),
    # Reinstating: the unit or the office, once withdrawn (this one is a draft).
    "awards:nomination_reinstate": row("nomination", [L, 404, 403, 404, 403, 403]),
    "awards:attachment_download": row("attachment", [L, 404, 200, 404, 200, 200]),
    "awards:attachment_delete": row("attachment", [L, 404, 200, 404, 403, 200]),
    # Council sessions: the office runs them, the Council votes, staff read; minutes not issued yet.
    "awards:session_list": row("none", [L, 403, 403, 200, 200, 200]),
    "awards:session_create": row("none", [L, 403, 403, 403, 403, 200]),
    "awards:session_detail": row("session", [L, 403, 403, 200, 200, 200]),
    "awards:session_edit": row("session", [L, 403, 403, 403, 403, 200]),
    "awards:session_agenda": row("session", [L, 403, 403, 403, 403, 200]),
    "awards:session_vote": row("session", [L, 403, 403, 200, 403, 403]),
    "awards:session_close": row("session", [L, 403, 403, 403, 403, 200]),
    "awards:session_withdraw": row("session", [L, 403, 403, 403, 403, 200]),
    # Reinstating: the office; an open session sends it back to the session with a message.
    "awards:session_reinstate": row("session", [L, 403, 403, 403, 403, 302]),
    "awards:minutes_preview": row("session", [L, 403, 403, 403, 403, 200]),
    "awards:minutes_download": row("session", [L, 403, 403, 404, 404, 404]),
    # The shortlist is the leadership's to approve.
    "awards:shortlist": row("campaign", [L, 403, 403, 403, 200, 200]),
    "awards:shortlist_approve_all": row("campaign", [L, 403, 403, 403, 200, 403]),
    # The awards outside a campaign waiting for the leadership: the same duties.
    "awards:occasion_shortlist": row("none", [L, 403, 403, 403, 200, 200]),
    "awards:occasion_approve_all": row("none", [L, 403, 403, 403, 200, 403]),
    "awards:nomination_approve": row("passed_nomination", [L, 403, 403, 403, 200, 403]),
    "awards:nomination_reject": row("passed_nomination", [L, 403, 403, 403, 200, 403]),
    # Decisions: "decision" is a draft (units never see drafts), "issued_decision" awards own_org.
    "awards:decision_list": row("none", [L, 403, 403, 200, 200, 200]),
    "awards:decision_prepare": row("decision_kind", [L, 403, 403, 403, 403, 200]),
    "awards:decision_detail": row("decision", [L, 404, 404, 200, 200, 200]),
    "awards:decision_preview": row("decision", [L, 404, 404, 200, 200, 200]),
    # The leadership approves the draft as it stands; the office never approves (issue 16).
    "awards:decision_approve": row("decision", [L, 404, 404, 403, 200, 403]),
    "awards:decision_issue": row("decision", [L, 404, 404, 403, 200, 200]),
    "awards:decision_discard": row("decision", [L, 404, 404, 403, 403, 200]),
    # Correcting and revoking an issued decision: the office prepares (as it prepares decisions).
    "awards:amendment_prepare": row("issued_decision_amend", [L, 404, 403, 403, 403, 200]),
    "awards:decision_download": row("issued_decision", [L, 404, 200, 200, 200, 200]),
    "awards:decision_certificates": row("issued_decision", [L, 404, 200, 403, 200, 200]),
    # A batch of certificates is the office's who asked for it: nobody else learns of it.
    "awards:certificate_job": row("certificate_job", [L, 404, 404, 404, 404, 200]),
    "awards:certificate_job_progress": row("certificate_job", [L, 404, 404, 404, 404, 200]),
    "awards:certificate_job_download": row("certificate_job", [L, 404, 404, 404, 404, 200]),
    "awards:history": row("none", [L, 200, 200, 200, 200, 200]),
    # The award history of every year: the office enters and imports; a unit reads its own; who is due.
    "awards:record_list": row("none", [L, 200, 200, 200, 200, 200]),
    "awards:record_create": row("none", [L, 403, 403, 403, 403, 200]),
    "awards:record_withdraw": row("record", [L, 403, 403, 403, 403, 200]),
    "awards:record_import": row("none", [L, 403, 403, 403, 403, 200]),
    "awards:record_import_review": row("none", [L, 403, 403, 403, 403, 302]),  # nothing uploaded yet
    "awards:record_template": row("none", [L, 403, 403, 403, 403, 200]),
    "awards:person_awards": row("person", [L, 404, 200, 200, 200, 200]),
    "awards:unit_awards": row("org", [L, 404, 200, 200, 200, 200]),
    "awards:due_list": row("none", [L, 200, 200, 200, 200, 200]),
    # Exemplary examples: the office writes and publishes; the honour board is public.
    "awards:example_list": row("none", [L, 403, 403, 403, 403, 200]),
    "awards:example_create": row("none", [L, 403, 403, 403, 403, 200]),
    "awards:example_edit": row("example", [L, 403, 403, 403, 403, 200]),
    "awards:example_publish": row("example", [L, 403, 403, 403, 403, 200]),
    "awards:example_unpublish": row("example", [L, 403, 403, 403, 403, 200]),
    # Printing on blanks: the office's (awards/views/blanks.py).
    "awards:blank_list": row("none", [L, 403, 403, 403, 403, 200]),
    "awards:blank_create": row("none", [L, 403, 403, 403, 403, 200]),
    "awards:blank_edit": row("blank_layout", [L, 403, 403, 403, 403, 200]),
    "awards:blank_calibration": row("blank_layout", [L, 403, 403, 403, 403, 200]),
    "awards:printer_create": row("none", [L, 403, 403, 403, 403, 200]),
    "awards:printer_edit": row("printer", [L, 403, 403, 403, 403, 200]),
    "awards:decision_blanks": row("issued_decision", [L, 403, 403, 403, 403, 200]),
    # The public verification page of a paper's QR code: anyone, no login.
    "verify_form": row("none", ALL_200),
    "verify": row("verification_code", ALL_200),
    "honor:board": row("none", ALL_200),
    "honor:example": row("published_example", ALL_200),
    "honor:photo": row("published_example", ALL_200),
    # Proposals once issued (issue 22, item 5): the dossier names other units, so staff and Council only.
    "awards:proposal_list": row("none", [L, 403, 403, 200, 200, 200]),
    "awards:proposal_detail": row("proposal", [L, 403, 403, 200, 200, 200]),
    "awards:proposal_file_add": row("proposal", [405] * 6, post=[L, 403, 403, 403, 403, 400]),
    "awards:proposal_send": row("proposal", [405] * 6, post=[L, 403, 403, 403, 403, 400]),
    "awards:proposal_answer": row("proposal", [405] * 6, post=[L, 403, 403, 403, 403, 302]),
    "awards:proposal_file_download": row("proposal_file", [L, 403, 403, 200, 200, 200]),
    "awards:proposal_file_delete": row("proposal_file", [405] * 6, post=[L, 403, 403, 403, 403, 302]),
    "awards:answer_download": row("higher_answer", [L, 403, 403, 200, 200, 200]),
    # --- emulation blocks (campaign/views/blocks.py, awards/views/blocks.py): the office sets up; the
    # head unit ("unit" heads the world's block) runs the year; members act for themselves; a unit
    # outside the block learns nothing of it (404). Criteria are locked once scored: the office is sent back.
    "campaign:block_list": row("none", [L, 200, 200, 200, 200, 200]),
    "campaign:block_create": row("none", [L, 403, 403, 403, 403, 200]),
    "campaign:block_detail": row("block", [L, 404, 200, 200, 200, 200]),
    "campaign:block_edit": row("block", [L, 403, 403, 403, 403, 200]),
    "campaign:block_criterion_create": row("block", [L, 403, 403, 403, 403, 302]),
    "campaign:block_criterion_edit": row("block_criterion", [L, 403, 403, 403, 403, 302]),
    "campaign:block_criterion_delete": row("block_criterion", [405] * 6, post=[L, 403, 403, 403, 403, 302]),
    "campaign:block_criteria_copy": row("block", [405] * 6, post=[L, 403, 403, 403, 403, 302]),
    "campaign:block_year_open": row("block", [L, 403, 403, 403, 403, 200]),
    "campaign:block_year": row("block_year", [L, 404, 200, 200, 200, 200]),
    "campaign:block_year_advance": row("block_year", [405] * 6, post=[L, 404, 302, 403, 403, 403]),
    "campaign:block_pairs": row("block_year", [L, 404, 200, 403, 403, 403]),
    "campaign:block_pledge": row("block_year", [L, 404, 200, 403, 403, 403]),
    "campaign:block_pledge_document": row("block_year", [L, 404, 200, 200, 200, 200]),
    "campaign:block_score": row("block_member", [L, 404, 200, 403, 403, 403]),
    "campaign:block_scores_of": row("block_member", [L, 404, 200, 200, 200, 200]),
    "campaign:block_reconcile": row("block_year", [L, 404, 200, 200, 200, 200]),
    "campaign:block_settle": row("block_settle", [L, 404, 200, 403, 403, 403]),
    "campaign:block_publish": row("block_year", [405] * 6, post=[L, 404, 302, 403, 403, 403]),
    "campaign:block_evidence": row("block_score", [L, 404, 200, 404, 200, 200]),
    "awards:block_meeting": row("meeting_year", [L, 404, 200, 200, 200, 200]),
    "awards:block_meeting_open": row("meeting_year", [L, 404, 200, 403, 403, 403]),
    "awards:block_meeting_close": row("meeting_year", [405] * 6, post=[L, 404, 302, 403, 403, 403]),
    "awards:block_meeting_vote": row("block_candidate", [405] * 6, post=[L, 404, 302, 403, 403, 403]),
    "awards:block_meeting_document": row("block_minutes", [L, 404, 200, 200, 200, 200]),
    # Public notices (item 6): the office publishes and handles; the public reads and comments.
    "awards:notice_list": row("none", [L, 403, 403, 200, 200, 200]),
    "awards:notice_create": row("campaign", [L, 403, 403, 403, 403, 200]),
    "awards:notice_detail": row("notice", [L, 403, 403, 200, 200, 200]),
    "awards:comment_handle": row("notice_comment", [405] * 6, post=[L, 403, 403, 403, 403, 302]),
    "honor:notice_list": row("none", ALL_200),
    "honor:notice": row("notice", ALL_200),
    # --- reports/: the office's and the leadership's; the Council and units never see them ------
    "reports:report_list": row("none", [L, 403, 403, 403, 200, 200]),
    "reports:board_settings": row("none", [L, 403, 403, 403, 403, 200]),
    "reports:campaign_reports": row("campaign", [L, 403, 403, 403, 200, 200]),
    "reports:generate": row("campaign", [L, 403, 403, 403, 403, 200]),
    # The report template: the leadership reads it, the office changes it (issue 18).
    "reports:report_template": row("campaign", [L, 403, 403, 403, 200, 200]),
    "reports:template_action": row("campaign", [405] * 6, post=[L, 403, 403, 403, 403, 302]),
    "reports:section_edit": row("campaign", [L, 403, 403, 403, 403, 302]),  # no part named: back to the list
    "reports:section_add": row("campaign", [L, 403, 403, 403, 403, 200]),
    "reports:criterion_reporting": row("campaign_criterion", [L, 403, 403, 403, 403, 200]),
    "reports:schedule_create": row("campaign", [L, 403, 403, 403, 403, 200]),
    "reports:schedule_edit": row("schedule", [L, 403, 403, 403, 403, 200]),
    "reports:schedule_delete": row("schedule", [L, 403, 403, 403, 403, 200]),
    "reports:run_detail": row("run", [L, 403, 403, 403, 200, 200]),
    "reports:run_progress": row("run", [L, 403, 403, 403, 200, 200]),
    "reports:report_detail": row("report", [L, 403, 403, 403, 200, 200]),
    "reports:report_texts": row("report", [L, 403, 403, 403, 403, 200]),
    "reports:report_preview": row("report", [L, 403, 403, 403, 200, 200]),
    "reports:report_pdf": row("report", [L, 403, 403, 403, 404, 404]),  # not issued yet
    "reports:report_xlsx": row("report", [L, 403, 403, 403, 200, 200]),
    "reports:report_approve": row("report", [405] * 6, post=[L, 403, 403, 403, 302, 403]),
    "reports:report_return": row("approved_report", [L, 403, 403, 403, 200, 403]),
    "reports:report_send": row("approved_report", [405] * 6, post=[L, 403, 403, 403, 403, 302]),
    "reports:annual_list": row("none", [L, 403, 403, 403, 200, 200]),
    "reports:annual_detail": row("annual_report", [L, 403, 403, 403, 200, 200]),
    "reports:annual_texts": row("annual_report", [L, 403, 403, 403, 403, 200]),
    "reports:annual_regenerate": row("annual_report", [405] * 6, post=[L, 403, 403, 403, 403, 302]),
    "reports:annual_preview": row("annual_report", [L, 403, 403, 403, 200, 200]),
    "reports:annual_pdf": row("annual_report", [L, 403, 403, 403, 404, 404]),  # not issued yet
    "reports:annual_approve": row("annual_report", [405] * 6, post=[L, 403, 403, 403, 302, 403]),
    "reports:annual_return": row("approved_annual", [L, 403, 403, 403, 200, 403]),
    "reports:annual_send": row("approved_annual", [405] * 6, post=[L, 403, 403, 403, 403, 302]),
    "reports:statistics_index": row("none", [L, 403, 403, 403, 200, 200]),
    "reports:statistics_year": row("year", [L, 403, 403, 403, 200, 200]),
    "reports:statistics_xlsx": row("year", [L, 403, 403, 403, 200, 200]),
    "reports:statistics_pdf": row("year", [L, 403, 403, 403, 200, 200]),
    "reports:statistics_entry": row("statistics_entry", [L, 403, 403, 403, 200, 200]),
    "reports:statistics_cell": row("statistics_cell", [L, 403, 403, 403, 200, 200]),
}


# --- discovery ---------------------------------------------------------------------------------


def _walk(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # see the module docstring
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else repr(pattern), pattern


def discovered():
    return dict(_walk(get_resolver()))


def test_every_address_has_a_row_in_the_access_table():
    """A new URL pattern with no row here fails: decide who may reach it, then add one line to ACCESS."""
    names = set(discovered())

    assert (sorted(names - set(ACCESS)), sorted(set(ACCESS) - names)) == ([], [])


def test_every_row_names_a_known_object_and_an_answer_per_role():
    for name, (target, get, post) in ACCESS.items():
        assert target in ARGS, name
        assert len(get) == len(ROLES), name
        assert post is None or len(post) == len(ROLES), name
        assert post is not None or 405 not in get, f"{name}: a POST-only address needs its POST answers"


# --- the objects, built once -------------------------------------------------------------------

# How each target becomes the URL's keyword arguments.
ARGS = {
    "none": lambda w: {},
    "import_kind": lambda w: {"kind": "organizations"},
    "parameter_key": lambda w: {"key": "base_salary"},
    "decision_kind": lambda w: {"kind": "decision"},
    "issued_decision_amend": lambda w: {"pk": w["issued_decision"].pk, "kind": "correction"},
    "verification_code": lambda w: {"code": w["issued_decision"].document.verification_code},
    "campaign_unit": lambda w: {"pk": w["campaign"].pk, "org_pk": w["org"].pk},  # an address with two ids
    "year": lambda w: {"year": 2026},
    "statistics_entry": lambda w: {"year": 2026, "form": "staff"},
    "statistics_cell": lambda w: {"year": 2026, "form": "level_awards", "row": "total", "column": "total"},
    "block_criterion": lambda w: {"pk": w["block"].pk, "criterion_pk": w["block_criterion"].pk},
    "block_member": lambda w: {"pk": w["block_year"].pk, "member_pk": w["block_member"].pk},
    "block_settle": lambda w: {
        "pk": w["block_year"].pk,
        "member_pk": w["block_member"].pk,
        "criterion_pk": w["block_criterion"].pk,
    },
    "block_candidate": lambda w: {"pk": w["meeting_year"].pk, "candidate_pk": w["block_candidate"].pk},
    "block_minutes": lambda w: {"pk": w["meeting_year"].pk, "which": "minutes"},
    "campaign_criterion": lambda w: {
        "pk": w["campaign"].pk,
        "criterion_pk": w["submission"].values.first().criterion_id,
    },
    **{
        key: (lambda w, key=key: {"pk": w[key].pk})
        for key in (
            "org person job account area issuer document campaign period submission evidence violation draft "
            "group criterion band registration parameter award_type household initiative nomination attachment "
            "session passed_nomination decision issued_decision certificate_job example published_example report approved_report run "
            "schedule blank_layout printer record proposal proposal_file higher_answer notice notice_comment "
            "block block_year block_score meeting_year annual_report approved_annual signing_key trust_anchor "
            "pending_signature"
        ).split()
    },
}

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("access-media")


@pytest.fixture(autouse=True)
def _test_settings(settings, media_dir):
    """Overrides the conftest fixture: the module's files live in one folder for all its tests."""
    settings.MEDIA_ROOT = media_dir
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_dir):
    """Every object the addresses are asked for, built once; rolled back when the module ends."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_dir), transaction.atomic():
        objects = _build_world()
        objects["fingerprint"] = _fingerprint()
        yield objects
        transaction.set_rollback(True)


def _build_world():
    from factories import (
        AdministrativeAreaFactory,
        AwardTypeFactory,
        CampaignFactory,
        ClassificationBandFactory,
        CouncilSessionFactory,
        CriterionFactory,
        DecisionFactory,
        ExemplaryExampleFactory,
        HouseholdFactory,
        InitiativeFactory,
        IssuedDocumentFactory,
        NominationFactory,
        OrganizationFactory,
        PersonFactory,
        RegistrationFactory,
        ReportingPeriodFactory,
        SignerFactory,
        SubmissionFactory,
        SubmissionValueFactory,
        UserFactory,
        ViolationFactory,
    )

    from awards.blanks import save_layout
    from awards.demo import load_parameters
    from awards.models import (
        Award,
        AwardRecord,
        BlankLayout,
        CertificateJob,
        LegalParameter,
        NominationAttachment,
        PrinterProfile,
    )
    from campaign.models import Evidence
    from members.models import ImportJob, ImportKind, Role

    org = OrganizationFactory(name="Hợp tác xã Ma Trận Quyền", tax_code="6400999901")
    other_org = OrganizationFactory(name="Hợp tác xã Người Ngoài", tax_code="6400999902")
    office = UserFactory(username="mt_vanphong", role=Role.OFFICE)
    unit = UserFactory(username="mt_donvi1", role=Role.UNIT, organization=org)
    users = {
        "anonymous": None,
        "other_unit": UserFactory(username="mt_donvi2", role=Role.UNIT, organization=other_org),
        "unit": unit,
        "council": UserFactory(username="mt_hoidong", role=Role.COUNCIL),
        "leader": UserFactory(username="mt_chutich", role=Role.LEADER),
        "office": office,
    }
    org.status_changes.create(status="suspended", old_status="active", effective_on="2021-09-01", changed_by=office)
    campaign = CampaignFactory(status="running")
    period = ReportingPeriodFactory(
        campaign=campaign, deadline=dt.date.today() + dt.timedelta(days=30), ends_on=dt.date.today()
    )
    submission = SubmissionFactory(period=period, organization=org)
    value = SubmissionValueFactory(submission=submission)
    draft = CampaignFactory(status="draft")
    criterion = CriterionFactory(campaign=draft)
    nomination = NominationFactory(campaign=campaign, organization=org)
    load_parameters()  # the council session's quorum and thresholds, for the draft minutes
    draft_decision = DecisionFactory()
    Award.objects.create(
        decision=draft_decision,
        nomination=NominationFactory(campaign=draft_decision.campaign, organization=org, status="approved"),
        amount=900000,
    )
    document = IssuedDocumentFactory(type_symbol="QĐ", kind_name="Quyết định", issued_by=office)
    issued = DecisionFactory(status="issued", document=document)
    Award.objects.create(
        decision=issued,
        nomination=NominationFactory(campaign=issued.campaign, organization=org, status="decided"),
        amount=900000,
    )
    issuer = SignerFactory().issuing_body
    document = IssuedDocumentFactory(issuer=issuer, issued_by=office)
    proposal_targets = _proposal_targets(org, office, campaign)
    published = ExemplaryExampleFactory(is_published=True, photo=ContentFile(PNG, name="anh.png"))
    return {
        "users": users,
        "org": org,
        "person": PersonFactory(organization=org),
        "job": ImportJob.objects.create(
            kind=ImportKind.ORGANIZATIONS,
            file=ContentFile(b"not read", name="orgs.xlsx"),
            original_name="orgs.xlsx",
            created_by=office,
        ),
        "account": unit,
        "area": AdministrativeAreaFactory(code="67", name="Tỉnh Đắk Nông", level="province"),
        "issuer": issuer,
        "document": document,
        **_signature_targets(document, issuer, office),
        "campaign": campaign,
        "period": period,
        "submission": submission,
        "registration": RegistrationFactory(campaign=campaign, organization=org),
        "evidence": Evidence.objects.create(
            value=value,
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="x"),
            original_name="Biên bản.pdf",
            content_type="application/pdf",
            size=14,
            uploaded_by=unit,
        ),
        "violation": ViolationFactory(campaign=campaign, organization=org),
        "draft": draft,
        "group": criterion.group,
        "criterion": criterion,
        "band": ClassificationBandFactory(campaign=draft),
        "parameter": LegalParameter.objects.create(
            key="base_salary",
            value=2600000,
            valid_from=timezone.localdate() + dt.timedelta(days=30),
            source="NĐ thử",
        ),
        "award_type": AwardTypeFactory(),
        "household": HouseholdFactory(organization=org),
        "initiative": InitiativeFactory(organization=org),
        "nomination": nomination,
        "attachment": NominationAttachment.objects.create(
            nomination=nomination,
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="x"),
            original_name="Báo cáo thành tích.pdf",
            content_type="application/pdf",
            size=14,
            uploaded_by=unit,
        ),
        "session": CouncilSessionFactory(campaign=campaign, created_by=office),
        "passed_nomination": NominationFactory(campaign=campaign, organization=org, status="passed"),
        "decision": draft_decision,
        "issued_decision": issued,
        "certificate_job": CertificateJob.objects.create(
            decision=issued,
            total=1,
            done=1,
            status="done",
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="giay-khen.pdf"),
            requested_by=office,
        ),
        "example": ExemplaryExampleFactory(),
        "published_example": published,
        "blank_layout": save_layout(
            BlankLayout(paper="giay_khen", name="Phôi thử", width_mm=297, height_mm=210), by=office
        ),
        "printer": PrinterProfile.objects.create(name="Máy in thử"),
        "record": AwardRecord.objects.create(
            nominee_kind="collective", organization=org, title="Cờ thi đua", year=2019, source="past_entry"
        ),
        **_report_targets(period, office),
        **proposal_targets,
        **_block_targets(org, other_org, office, unit),
        **_annual_targets(),
    }


def _block_targets(org, other_org, office, unit):
    """A block whose head is the unit's organization (other_org is not in it): a year being scored, with
    the unit's self score and its evidence; a ranked year with its meeting open and one candidate."""
    from decimal import Decimal

    from factories import AwardTypeFactory, OrganizationFactory

    from awards import block_meeting
    from campaign import blocks
    from campaign.models import BlockCriterion, EmulationBlock

    mates = [OrganizationFactory(name=f"Hợp tác xã Cùng Khối {i}") for i in range(2)]
    block = EmulationBlock.objects.create(name="Khối thi đua ma trận", created_by=office)
    criterion = BlockCriterion.objects.create(block=block, code="1", name="Doanh thu", max_points=Decimal("10"))
    year = blocks.open_year(block, 2026, organizations=[org, *mates], head=org, deputy=mates[0], by=office)
    year = blocks.advance(year, by=unit)
    member = year.members.get(organization=org)
    score = blocks.save_score(
        scorer=member,
        scored=member,
        criterion=criterion,
        value=Decimal("8"),
        evidence=ContentFile(PNG, name="minh-chung.png"),
        by=unit,
    )
    ranked = blocks.open_year(block, 2025, organizations=[org, *mates], head=org, by=office)
    ranked_members = list(ranked.members.all())
    for step in range(3):
        if step == 1:
            for scorer in ranked_members:
                for scored in ranked_members:
                    blocks.save_score(scorer=scorer, scored=scored, criterion=criterion, value=Decimal("7"), by=unit)
        ranked = blocks.advance(ranked, by=unit)
    candidate_member = ranked.members.get(organization=mates[1])
    meeting = block_meeting.open_meeting(
        ranked,
        held_on=dt.date(2025, 12, 20),
        present=ranked_members,
        candidates=[(candidate_member, AwardTypeFactory(name="Cờ thi đua khối", for_collectives=True))],
        by=unit,
    )
    return {
        "block": block,
        "block_criterion": criterion,
        "block_year": year,
        "block_member": member,
        "block_score": score,
        "meeting_year": ranked,
        "block_candidate": meeting.candidates.get(),
    }


def _proposal_targets(org, office, campaign):
    """An issued proposal naming the unit's organization, with a dossier file and an answer; an open notice."""
    from factories import DecisionFactory, IssuedDocumentFactory, NominationFactory

    from awards.models import Award, HigherAnswer, NoticeComment, NoticeEntry, ProposalFile, PublicNotice

    pdf = b"%PDF-1.4\n%%EOF\n"
    document = IssuedDocumentFactory(type_symbol="TTr", kind_name="Tờ trình", issued_by=office)
    proposal = DecisionFactory(status="issued", kind="proposal", addressee="province", document=document)
    line = Award.objects.create(
        decision=proposal,
        nomination=NominationFactory(campaign=proposal.campaign, organization=org, status="proposed"),
    )
    today = timezone.localdate()
    notice = PublicNotice.objects.create(
        campaign=campaign,
        title="Công khai danh sách",
        starts_on=today,
        working_days=5,
        ends_on=today + dt.timedelta(days=9),
    )
    entry = NoticeEntry.objects.create(
        notice=notice, nomination=line.nomination, name=org.name, award="Bằng khen", achievement="Thành tích"
    )
    common = {"content_type": "application/pdf", "size": len(pdf), "uploaded_by": office}
    return {
        "proposal": proposal,
        "proposal_file": ProposalFile.objects.create(
            proposal=proposal,
            component="bao_cao",
            line=line,
            file=ContentFile(pdf, name="x"),
            original_name="Báo cáo.pdf",
            **common,
        ),
        "higher_answer": HigherAnswer.objects.create(
            proposal=proposal,
            reference="456/QĐ-UBND",
            decided_on=today,
            body="Chủ tịch UBND tỉnh",
            file=ContentFile(pdf, name="x"),
            original_name="QĐ 456.pdf",
            **common,
        ),
        "notice": notice,
        "notice_comment": NoticeComment.objects.create(
            notice=notice,
            entry=entry,
            text="Đề nghị xem xét lại",
            commenter="Nguyễn Văn B",
            contact="0912345678",
            sender_key="x" * 64,
        ),
    }


def _signature_targets(document, issuer, office):
    from django.contrib.contenttypes.models import ContentType

    from documents.models import PendingSignature, SigningKey, TrustAnchor

    key = SigningKey.objects.create(
        label="Con dấu",
        role="organization",
        kind="external",
        holder_name=issuer.full_name,
        issuing_body=issuer,
        certificate=b"not read",
        image=PNG,
        added_by=office,
    )
    return {
        "signing_key": key,
        "trust_anchor": TrustAnchor.objects.create(
            name="Root",
            certificate=b"not read",
            fingerprint="0" * 64,
            subject="CN=Root",
            valid_until=timezone.now(),
            added_by=office,
        ),
        "pending_signature": PendingSignature.objects.create(
            content_type=ContentType.objects.get_for_model(document),
            object_id=document.pk,
            role="organization",
            key=key,
            title=document.reference,
            base_sha256=document.sha256,
            prepared=b"%PDF-1.4\n%%EOF\n",
            digest="ab" * 32,
            region_start=10,
            region_end=20,
            requested_by=office,
        ),
    }


def _report_targets(period, office):
    from factories import ReportingPeriodFactory

    from reports.models import Report, ReportRun, ReportSchedule

    def report(period, **extra):
        return Report.objects.create(
            campaign=period.campaign,
            period=period,
            figures={"participation": {"registered": 1}},
            generated_at=timezone.now(),
            draft_pdf=ContentFile(b"%PDF-1.4\n%%EOF\n", name="du-thao.pdf"),
            xlsx=ContentFile(b"PK not read", name="phu-luc.xlsx"),
            **extra,
        )

    approved_period = ReportingPeriodFactory(campaign=period.campaign, ends_on=period.ends_on, deadline=period.deadline)
    return {
        "report": report(period),
        "approved_report": report(approved_period, status="approved"),
        "run": ReportRun.objects.create(campaign=period.campaign, period=period, requested_by=office),
        "schedule": ReportSchedule.objects.create(
            campaign=period.campaign, kind="after_deadline", days_after_deadline=3
        ),
    }


def _annual_targets():
    from reports.models import AnnualReport

    def annual(year, **extra):
        return AnnualReport.objects.create(
            year=year,
            figures={"year": year, "campaigns": [], "period": [f"{year - 1}-12-01", f"{year}-11-30"]},
            generated_at=timezone.now(),
            draft_pdf=ContentFile(b"%PDF-1.4\n%%EOF\n", name="du-thao.pdf"),
            **extra,
        )

    return {"annual_report": annual(2026), "approved_annual": annual(2025, status="approved")}


# Tables a refused request may touch without changing anything that matters: the session store
# (a login writes it), the lock-out log of failed logins, and Celery's own bookkeeping.
UNTRACKED_APPS = {"sessions", "axes", "django_celery_results", "django_celery_beat", "admin"}


def _fingerprint():
    """A digest of every row of every table the app owns: equal digests, unchanged data."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in _tracked_tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            # Sorted here: rows tied on their first column come back in any order on PostgreSQL, and
            # its binary columns as memoryviews (whose repr is an address): compared as bytes.
            rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()]
            digest.update(table.encode() + repr(sorted(map(repr, rows))).encode())
    return digest.hexdigest()


@functools.cache
def _tracked_tables():
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label not in UNTRACKED_APPS and model._meta.managed
        }
    )


def _client(user, **kwargs):
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def _url(world, name):
    return reverse(name, kwargs=ARGS[ACCESS[name][0]](world))


def _assert_answer(response, url, expected):
    if expected == LOGIN:
        assert (response.status_code, response.url) == (302, redirect_to_login(url).url)
    elif expected == BOUNCED:
        assert response.status_code == 302
    else:
        assert response.status_code == expected


# --- GET: every address, every role ------------------------------------------------------------

GET_CASES = [
    pytest.param(name, role, expected, id=f"{name}-{role}")
    for name, (_target, answers, _post) in ACCESS.items()
    for role, expected in zip(ROLES, answers, strict=True)
]


@pytest.mark.parametrize(("name", "role", "expected"), GET_CASES)
def test_get_answers_each_role_as_the_access_table_says(world, db, name, role, expected):
    url = _url(world, name)

    response = _client(world["users"][role]).get(url)

    _assert_answer(response, url, expected)


# --- POST: a role that may not change something is refused, and nothing changes ----------------


def _refused_posts():
    for name, (_target, get, post) in ACCESS.items():
        answers = post if post is not None else get
        for role, expected in zip(ROLES, answers, strict=True):
            if expected in REFUSED and not (post is None and expected == 405):
                yield pytest.param(name, role, expected, id=f"{name}-{role}")


@pytest.mark.parametrize(("name", "role", "expected"), list(_refused_posts()))
def test_post_by_a_role_that_may_not_is_refused_and_changes_nothing(world, db, name, role, expected):
    url = _url(world, name)
    client = _client(world["users"][role])
    before = _fingerprint()

    response = client.post(url, {"confirm": "1", "status": "dissolved", "name": "Chiếm quyền", "decision": "yes"})

    _assert_answer(response, url, expected)
    assert _fingerprint() == before


def test_the_fingerprint_sees_a_change(world, db):
    """The check above is worth something only if a write shows in the digest."""
    before = _fingerprint()
    world["org"].__class__.objects.filter(pk=world["org"].pk).update(short_name="Đổi")

    assert _fingerprint() != before


# --- CSRF: every address refuses a POST without the token ---------------------------------------


@pytest.mark.parametrize("name", list(ACCESS))
def test_post_without_a_csrf_token_is_refused(world, db, name):
    """Posted by the role the table lets in (the office when several are), with a real browser's CSRF checks."""
    target, get, post = ACCESS[name]
    answers = post if post is not None else get
    allowed = [role for role, answer in zip(ROLES, answers, strict=True) if answer not in REFUSED]
    role = "office" if "office" in allowed else (allowed[0] if allowed else "office")
    client = _client(world["users"][role], enforce_csrf_checks=True)
    client.cookies["thidua_language"] = "en"
    before = _fingerprint()

    response = client.post(_url(world, name), {"confirm": "1"})

    assert (response.status_code, b"CSRF verification failed" in response.content) == (403, True)
    assert _fingerprint() == before


# --- Django admin ------------------------------------------------------------------------------

ADMIN_PAGES = ["admin:index", "admin:members_organization_changelist", "admin:members_user_changelist"]


@pytest.mark.parametrize("page", ADMIN_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_superusers_only(world, db, page, role):
    url = reverse(page)

    response = _client(world["users"][role]).get(url)

    assert (response.status_code, response.url) == (302, redirect_to_login(url, reverse("admin:login")).url)


def test_superuser_reaches_the_admin_change_page(world, db):
    from factories import UserFactory

    admin = UserFactory(role="", is_staff=True, is_superuser=True)

    response = _client(admin).get(reverse("admin:members_organization_change", args=[world["org"].pk]))

    assert response.status_code == 200
