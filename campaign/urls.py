"""Addresses of campaigns, under /campaigns/."""

from django.urls import path

from .views import blocks, campaigns, dashboard, plan, rankings, submissions

app_name = "campaign"

urlpatterns = [
    # Submissions: the unit's periods and report form, the office's queue and review.
    path("<int:pk>/my-submissions/", submissions.my_submissions, name="my_submissions"),
    path("<int:pk>/submissions/", submissions.submission_queue, name="submission_queue"),
    path("periods/<int:pk>/start/", submissions.submission_start, name="submission_start"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/edit/", submissions.submission_edit, name="submission_edit"),
    path("submissions/<int:pk>/submit/", submissions.submission_submit, name="submission_submit"),
    path("<int:pk>/submissions/verify/", submissions.submission_bulk_verify, name="submission_bulk_verify"),
    path("submissions/<int:pk>/verify/", submissions.submission_verify, name="submission_verify"),
    path("submissions/<int:pk>/return/", submissions.submission_return, name="submission_return"),
    path("submissions/<int:pk>/reopen/", submissions.submission_reopen, name="submission_reopen"),
    path("evidence/<int:pk>/", submissions.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/view/", submissions.evidence_view, name="evidence_view"),
    # rankings, scorecards and violations (campaign/views/rankings.py)
    path("<int:pk>/rankings/", rankings.rankings, name="rankings"),
    path("<int:pk>/units/<int:org_pk>/", rankings.scorecard, name="scorecard"),
    path("<int:pk>/violations/", rankings.violation_list, name="violation_list"),
    path("<int:pk>/violations/new/", rankings.violation_create, name="violation_create"),
    path("violations/<int:pk>/edit/", rankings.violation_edit, name="violation_edit"),
    path("violations/<int:pk>/delete/", rankings.violation_delete, name="violation_delete"),
    # campaigns and their lifecycle
    path("", campaigns.campaign_list, name="campaign_list"),
    path("new/", campaigns.campaign_create, name="campaign_create"),
    path("<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("<int:pk>/delete/", campaigns.campaign_delete, name="campaign_delete"),
    path("<int:pk>/launch/", campaigns.campaign_transition, {"action": "launch"}, name="campaign_launch"),
    path("<int:pk>/start/", campaigns.campaign_transition, {"action": "start"}, name="campaign_start"),
    path("<int:pk>/review/", campaigns.campaign_transition, {"action": "review"}, name="campaign_review"),
    path("<int:pk>/close/", campaigns.campaign_transition, {"action": "close"}, name="campaign_close"),
    # periods
    path("<int:pk>/periods/new/", campaigns.period_create, name="period_create"),
    path("<int:pk>/periods/generate/", campaigns.period_generate, name="period_generate"),
    path("periods/<int:pk>/edit/", campaigns.period_edit, name="period_edit"),
    path("periods/<int:pk>/delete/", campaigns.period_delete, name="period_delete"),
    # criteria editor and bands
    path("<int:pk>/groups/new/", campaigns.group_create, name="group_create"),
    path("groups/<int:pk>/edit/", campaigns.group_edit, name="group_edit"),
    path("groups/<int:pk>/up/", campaigns.group_move, {"direction": "up"}, name="group_up"),
    path("groups/<int:pk>/down/", campaigns.group_move, {"direction": "down"}, name="group_down"),
    path("groups/<int:pk>/delete/", campaigns.group_delete, name="group_delete"),
    path("<int:pk>/criteria/new/", campaigns.criterion_create, name="criterion_create"),
    path("<int:pk>/criteria/copy/", campaigns.criteria_copy, name="criteria_copy"),
    path("criteria/<int:pk>/edit/", campaigns.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/delete/", campaigns.criterion_delete, name="criterion_delete"),
    path("<int:pk>/bands/new/", campaigns.band_create, name="band_create"),
    path("bands/<int:pk>/edit/", campaigns.band_edit, name="band_edit"),
    path("bands/<int:pk>/delete/", campaigns.band_delete, name="band_delete"),
    # registration
    path("<int:pk>/register/", campaigns.registration_create, name="registration_create"),
    path("<int:pk>/registrations/", campaigns.registration_overview, name="registration_overview"),
    path("registrations/<int:pk>/", campaigns.registration_detail, name="registration_detail"),
    path("registrations/<int:pk>/edit/", campaigns.registration_edit, name="registration_edit"),
    path("registrations/<int:pk>/review/", campaigns.registration_review, name="registration_review"),
    path("registrations/<int:pk>/withdraw/", campaigns.registration_withdraw, name="registration_withdraw"),
    path(
        "<int:pk>/registrations/withdrawn/<int:org_pk>/reinstate/",
        campaigns.registration_reinstate,
        name="registration_reinstate",
    ),
    # The plan as an official document (campaign/views/plan.py)
    path("<int:pk>/plan/", plan.plan_issue, name="plan_issue"),
    path("<int:pk>/plan/preview/", plan.plan_preview, name="plan_preview"),
    path("<int:pk>/plan/download/", plan.plan_download, name="plan_download"),
    path("<int:pk>/dashboard/", dashboard.campaign_dashboard, name="dashboard"),
    path("periods/<int:pk>/remind/", dashboard.period_remind, name="period_remind"),
    # Emulation blocks and clusters (campaign/views/blocks.py)
    path("blocks/", blocks.block_list, name="block_list"),
    path("blocks/new/", blocks.block_create, name="block_create"),
    path("blocks/<int:pk>/", blocks.block_detail, name="block_detail"),
    path("blocks/<int:pk>/edit/", blocks.block_edit, name="block_edit"),
    path("blocks/<int:pk>/criteria/new/", blocks.criterion_form, name="block_criterion_create"),
    path("blocks/<int:pk>/criteria/<int:criterion_pk>/", blocks.criterion_form, name="block_criterion_edit"),
    path("blocks/<int:pk>/criteria/<int:criterion_pk>/delete/", blocks.criterion_delete, name="block_criterion_delete"),
    path("blocks/<int:pk>/criteria/copy/", blocks.criteria_copy, name="block_criteria_copy"),
    path("blocks/<int:pk>/years/new/", blocks.year_open, name="block_year_open"),
    path("blocks/years/<int:pk>/", blocks.block_year, name="block_year"),
    path("blocks/years/<int:pk>/advance/", blocks.year_advance, name="block_year_advance"),
    path("blocks/years/<int:pk>/pairs/", blocks.pairs, name="block_pairs"),
    path("blocks/years/<int:pk>/pledge/", blocks.pledge, name="block_pledge"),
    path("blocks/years/<int:pk>/pledge/document/", blocks.pledge_document, name="block_pledge_document"),
    path("blocks/years/<int:pk>/score/<int:member_pk>/", blocks.score, name="block_score"),
    path("blocks/years/<int:pk>/scores/<int:member_pk>/", blocks.scores_of, name="block_scores_of"),
    path("blocks/years/<int:pk>/reconcile/", blocks.reconcile, name="block_reconcile"),
    path("blocks/years/<int:pk>/settle/<int:member_pk>/<int:criterion_pk>/", blocks.settle, name="block_settle"),
    path("blocks/years/<int:pk>/publish/", blocks.publish, name="block_publish"),
    path("blocks/evidence/<int:pk>/", blocks.score_evidence, name="block_evidence"),
]
