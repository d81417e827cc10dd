"""Load (or reload) the Đắk Nông demo data; safe to run any number of times.

It lives in reports, the top app, because it loads every app's demo in order."""

from django.core.management.base import BaseCommand
from django.utils import translation

from awards.demo import load_commendation, load_commendation_2026, load_history, load_occasions, load_parameters
from awards.demo_blocks import load_blocks
from campaign.demo import CampaignDemo
from documents.demo import load_issuers
from members.demo import DEMO_PASSWORD, DemoBuilder, logins
from reports.demo import load_annual_report, load_reports, load_reports_2026


class Command(BaseCommand):
    help = "Load the Đắk Nông demo data and the demo accounts (password thidua2021)."

    def handle(self, *args, **options):
        translation.activate("vi")
        DemoBuilder(stdout=self.stdout).build()
        self.stdout.write(f"Issuing bodies: {load_issuers()}.")
        self.stdout.write(f"Legal parameter values: {load_parameters()}.")
        self.stdout.write(CampaignDemo().build())
        self.stdout.write(load_history())
        self.stdout.write(load_commendation())
        self.stdout.write(load_commendation_2026())
        self.stdout.write(load_occasions())
        self.stdout.write(load_blocks())
        self.stdout.write(load_reports())
        self.stdout.write(load_reports_2026())
        self.stdout.write(load_annual_report())
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for username, role, org in logins():
            self.stdout.write(f"  {username:<10} {role}{' — ' + org if org else ''}")
