"""Screenshots of pages as each role sees them, in headless Debian Chromium.

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR] [--lang=vi|en] [--only=name,...]
Logs in with the demo accounts, so run `make demo` first and serve the app; the ids of the
demo's objects are read from the same database (run it with the server's THIDUA_VAR_DIR).
"""

import os
import sys
from pathlib import Path

import django
from playwright.sync_api import sync_playwright

from awards.models import CouncilSession, Decision
from campaign.models import Campaign, Submission, Violation
from members.models import User
from reports.models import Report

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "thidua2021"

# (name, account or None, path)
PAGES = [
    ("login", None, "/accounts/login/"),
    ("office-home", "vanphong", "/"),
    ("office-organizations", "vanphong", "/members/organizations/"),
    ("office-organizations-filtered", "vanphong", "/members/organizations/?kind=cooperative&status=suspended"),
    ("office-organization", "vanphong", "/members/organizations/1/"),
    ("office-organization-edit", "vanphong", "/members/organizations/1/edit/"),
    ("office-people", "vanphong", "/members/people/"),
    ("office-person-new", "vanphong", "/members/people/new/"),
    ("office-import", "vanphong", "/members/import/organizations/"),
    ("office-accounts", "vanphong", "/members/accounts/"),
    ("office-areas", "vanphong", "/members/areas/?level=province&on=01/07/2025"),
    ("office-register", "vanphong", "/documents/register/"),
    ("office-register-numbers", "vanphong", "/documents/register/numbers/"),
    ("office-issuers", "vanphong", "/documents/issuers/"),
    ("leader-register", "chutich", "/documents/register/"),
    ("office-parameters", "vanphong", "/awards/parameters/"),
    ("office-parameters-2021", "vanphong", "/awards/parameters/?on=08/11/2021"),
    ("office-parameter-base-salary", "vanphong", "/awards/parameters/base_salary/"),
    ("office-parameter-new", "vanphong", "/awards/parameters/council_quorum/new/"),
    (
        "office-calculator",
        "vanphong",
        "/awards/parameters/calculator/?form=bonus&award=bonus_commendation&day=08/11/2021&collective=0",
    ),
    ("leader-calculator-votes", "chutich", "/awards/parameters/calculator/?form=votes&members=7&day=01/08/2026"),
    ("office-dashboard-dec", "vanphong", "/campaigns/{plan}/dashboard/?period={dec}"),
    ("office-remind-confirm", "vanphong", "/campaigns/periods/{dec}/remind/"),
    ("leader-home", "chutich", "/"),
    ("unit-home", "donvi1", "/"),
    ("unit-home-unregistered", "donvi10", "/"),
    ("unit-people", "donvi1", "/members/people/"),
    ("council-home", "hoidong1", "/"),
    ("unit-my-submissions", "donvi1", "/campaigns/{plan}/my-submissions/"),
    ("unit-submission-edit", "donvi1", "/campaigns/submissions/{unit_draft}/edit/"),
    ("unit-submission-returned", "donvi1", "/campaigns/submissions/{unit_returned}/"),
    ("office-submission-queue", "vanphong", "/campaigns/{plan}/submissions/"),
    ("office-submission-review", "vanphong", "/campaigns/submissions/{submitted}/"),
    ("office-rankings", "vanphong", "/campaigns/{plan}/rankings/"),
    ("office-rankings-period", "vanphong", "/campaigns/{plan}/rankings/?period={nov}&kind=cooperative"),
    ("office-scorecard", "vanphong", "/campaigns/{plan}/units/{unit_org}/"),
    ("office-violations", "vanphong", "/campaigns/{plan}/violations/"),
    ("office-violation-new", "vanphong", "/campaigns/{plan}/violations/new/"),
    ("office-violation-delete", "vanphong", "/campaigns/violations/{violation}/delete/"),
    ("unit-rankings", "donvi1", "/campaigns/{plan}/rankings/"),
    ("unit-scorecard", "donvi1", "/campaigns/{plan}/units/{unit_org}/"),
    # Campaigns (ids as in the campaign demo: 1 the running 514/KH-LMHTX plan, 2 a draft).
    ("office-campaigns", "vanphong", "/campaigns/"),
    ("office-campaign", "vanphong", "/campaigns/{plan}/"),
    ("office-campaign-draft", "vanphong", "/campaigns/{draft}/"),
    ("office-campaign-edit", "vanphong", "/campaigns/{plan}/edit/"),
    ("office-campaign-launch", "vanphong", "/campaigns/{draft}/launch/"),
    ("office-criterion-new", "vanphong", "/campaigns/{draft}/criteria/new/"),
    ("office-registrations", "vanphong", "/campaigns/{plan}/registrations/"),
    ("unit-campaigns", "donvi1", "/campaigns/"),
    ("unit-campaign", "donvi1", "/campaigns/{plan}/"),
    ("unit-register", "donvi10", "/campaigns/{plan}/register/"),
    ("office-plan-issue", "vanphong", "/campaigns/{plan}/plan/"),
    # Award types, nominees and nominations (awards/views/nominations.py).
    ("office-award-types", "vanphong", "/awards/types/"),
    ("office-award-type-new", "vanphong", "/awards/types/new/"),
    ("office-nominations", "vanphong", "/awards/nominations/"),
    ("council-nominations", "hoidong1", "/awards/nominations/?status=not_eligible"),
    ("unit-nominations", "donvi1", "/awards/nominations/"),
    ("unit-nomination-new", "donvi1", "/awards/nominations/new/?kind=individual"),
    ("unit-households", "donvi1", "/awards/households/"),
    ("unit-initiative-new", "donvi1", "/awards/initiatives/new/"),
    # The Council, the leadership, decisions and the honour board (demo of plan 514, 2022).
    ("council-sessions", "hoidong1", "/awards/sessions/"),
    ("council-session", "hoidong1", "/awards/sessions/{session}/"),
    ("leader-shortlist", "chutich", "/awards/shortlist/{plan}/"),
    ("office-decisions", "vanphong", "/awards/decisions/"),
    ("office-decision", "vanphong", "/awards/decisions/{decision}/"),
    ("office-history", "vanphong", "/awards/history/"),
    ("unit-history", "donvi1", "/awards/history/"),
    ("public-honour-board", None, "/honor/"),
    # The 2026 campaign of Lâm Đồng, grouped by province.
    ("office-rankings-2026", "vanphong", "/campaigns/{c2026}/rankings/"),
    ("office-dashboard-2026", "vanphong", "/campaigns/{c2026}/dashboard/"),
    # Progress reports (reports/).
    ("office-reports", "vanphong", "/reports/"),
    ("office-campaign-reports", "vanphong", "/reports/campaign/{plan}/"),
    ("office-report-draft", "vanphong", "/reports/{report_draft}/"),
    ("leader-report-sent", "chutich", "/reports/{report_sent}/"),
    ("office-report-generate", "vanphong", "/reports/campaign/{plan}/generate/"),
    ("office-report-schedule-new", "vanphong", "/reports/campaign/{plan}/schedules/new/"),
    ("office-board", "vanphong", "/reports/board/"),
]


def demo_ids():
    """Ids of the demo's objects, read from the database the served app uses (same THIDUA_VAR_DIR)."""

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    django.setup()

    plan = Campaign.objects.get(plan_number=514)
    periods = list(plan.periods.order_by("starts_on"))
    unit = User.objects.get(username="donvi1").organization
    mine = Submission.objects.filter(organization=unit, period__campaign=plan)
    return {
        "plan": plan.pk,
        # The demo has no draft campaign any more: the pages of a draft are shown on plan 514's.
        "draft": (Campaign.objects.filter(status="draft").order_by("pk").first() or plan).pk,
        "c2026": Campaign.objects.filter(starts_on__year=2026).order_by("pk").first().pk,
        "report_draft": Report.objects.filter(campaign=plan, status="draft").order_by("pk").first().pk,
        "report_sent": Report.objects.filter(campaign=plan, status="sent").first().pk,
        "nov": periods[0].pk,
        "dec": periods[1].pk,
        "unit_org": unit.pk,
        "unit_draft": mine.filter(status="draft").first().pk,
        "unit_returned": mine.filter(status="returned").first().pk,
        "submitted": Submission.objects.filter(period__campaign=plan, status="submitted").first().pk,
        "violation": Violation.objects.filter(campaign=plan).first().pk,
        "session": CouncilSession.objects.filter(campaign=plan).first().pk,
        "decision": Decision.objects.filter(campaign=plan, kind="decision").first().pk,
    }


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    options = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
    base = args[0] if args else "http://127.0.0.1:8000"
    out = Path(args[1] if len(args) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    lang = options.get("lang", "vi")
    only = set(options["only"].split(",")) if "only" in options else None
    widths = {"desktop": (1366, 900), "phone": (390, 844)}
    ids = demo_ids()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width_name, (w, h) in widths.items():
            contexts = {}
            for name, account, path in PAGES:
                if only and name not in only:
                    continue
                if account not in contexts:
                    ctx = browser.new_context(viewport={"width": w, "height": h}, locale=lang)
                    ctx.add_cookies([{"name": "thidua_language", "value": lang, "url": base}])
                    if account:
                        page = ctx.new_page()
                        page.goto(base + "/accounts/login/")
                        page.fill("input[name=username]", account)
                        page.fill("input[name=password]", PASSWORD)
                        page.click("button[type=submit].w-100")
                        page.wait_for_load_state("networkidle")
                        page.close()
                    contexts[account] = ctx
                page = contexts[account].new_page()
                page.goto(base + path.format(**ids))
                page.wait_for_load_state("networkidle")
                target = out / f"{name}-{lang}-{width_name}.png"
                page.screenshot(path=str(target), full_page=True)
                page.close()
                print(target)
        browser.close()


if __name__ == "__main__":
    main()
