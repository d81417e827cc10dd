"""Screenshots of pages as each role sees them, in headless Debian Chromium.

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR] [--lang=vi|en] [--only=name,...]
Logs in with the demo accounts, so run `make demo` first and serve the app.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

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
    ("office-dashboard-dec", "vanphong", "/campaigns/2/dashboard/?period=3"),
    ("office-remind-confirm", "vanphong", "/campaigns/periods/3/remind/"),
    ("leader-home", "chutich", "/"),
    ("unit-home", "donvi1", "/"),
    ("unit-home-unregistered", "donvi10", "/"),
    ("unit-people", "donvi1", "/members/people/"),
    ("council-home", "hoidong1", "/"),
    ("unit-my-submissions", "donvi1", "/campaigns/1/my-submissions/"),
    ("unit-submission-edit", "donvi1", "/campaigns/submissions/18/edit/"),
    ("unit-submission-returned", "donvi1", "/campaigns/submissions/17/"),
    ("office-submission-queue", "vanphong", "/campaigns/1/submissions/"),
    ("office-submission-review", "vanphong", "/campaigns/submissions/3/"),
    ("office-rankings", "vanphong", "/campaigns/1/rankings/"),
    ("office-rankings-period", "vanphong", "/campaigns/1/rankings/?period=2&kind=cooperative"),
    ("office-scorecard", "vanphong", "/campaigns/1/units/49/"),
    ("office-violations", "vanphong", "/campaigns/1/violations/"),
    ("office-violation-new", "vanphong", "/campaigns/1/violations/new/"),
    ("office-violation-delete", "vanphong", "/campaigns/violations/1/delete/"),
    ("unit-rankings", "donvi1", "/campaigns/1/rankings/"),
    ("unit-scorecard", "donvi1", "/campaigns/1/units/14/"),
    # Campaigns (ids as in the campaign demo: 1 the running 514/KH-LMHTX plan, 2 a draft).
    ("office-campaigns", "vanphong", "/campaigns/"),
    ("office-campaign", "vanphong", "/campaigns/1/"),
    ("office-campaign-draft", "vanphong", "/campaigns/2/"),
    ("office-campaign-edit", "vanphong", "/campaigns/1/edit/"),
    ("office-campaign-launch", "vanphong", "/campaigns/2/launch/"),
    ("office-criterion-new", "vanphong", "/campaigns/2/criteria/new/"),
    ("office-registrations", "vanphong", "/campaigns/1/registrations/"),
    ("unit-campaigns", "donvi1", "/campaigns/"),
    ("unit-campaign", "donvi1", "/campaigns/1/"),
    ("unit-register", "donvi1", "/campaigns/1/register/"),
    # Award types, nominees and nominations (awards/views/nominations.py).
    ("office-award-types", "vanphong", "/awards/types/"),
    ("office-award-type-new", "vanphong", "/awards/types/new/"),
    ("office-nominations", "vanphong", "/awards/nominations/"),
    ("council-nominations", "hoidong1", "/awards/nominations/?status=not_eligible"),
    ("unit-nominations", "donvi1", "/awards/nominations/"),
    ("unit-nomination-new", "donvi1", "/awards/nominations/new/?kind=individual"),
    ("unit-households", "donvi1", "/awards/households/"),
    ("unit-initiative-new", "donvi1", "/awards/initiatives/new/"),
]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    options = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
    base = args[0] if args else "http://127.0.0.1:8000"
    out = Path(args[1] if len(args) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    lang = options.get("lang", "vi")
    only = set(options["only"].split(",")) if "only" in options else None
    widths = {"desktop": (1366, 900), "phone": (390, 844)}
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
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                target = out / f"{name}-{lang}-{width_name}.png"
                page.screenshot(path=str(target), full_page=True)
                page.close()
                print(target)
        browser.close()


if __name__ == "__main__":
    main()
