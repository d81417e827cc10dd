"""Set up SoftHSM2 under var/ as the app's signing token: its configuration and an initialised token."""

from django.core.management.base import BaseCommand, CommandError

from documents import tokens


class Command(BaseCommand):
    help = "Write SoftHSM2's configuration under var/softhsm/ and initialise the signing token when missing."

    def add_arguments(self, parser):
        parser.add_argument("--label", default=tokens.DEFAULT_TOKEN)
        parser.add_argument("--pin", required=True, help="the user PIN of the token")
        parser.add_argument("--so-pin", required=True, help="the security officer's PIN")

    def handle(self, *args, label, pin, so_pin, **options):
        try:
            tokens.ensure_token(label, pin=pin, so_pin=so_pin)
        except tokens.TokenUnavailable as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"SoftHSM2 token “{label}” ready; configuration {tokens.write_config()}.")
