"""The shape of a command that rebuilds what is kept per row of one model (a campaign's tables).

`manage.py rebuild_counters`, `rebuild_rankings` and `refresh_rank_scores` all rebuild every
row of a model (every campaign), or only the one `--<model> N` names (an error when there is
none), and print one line per row rebuilt. A command states only what it rebuilds: `model`,
`help` and `rebuild(row)`, which returns what it did (printed after the row's label); `every()`
when "all" means other rows than the model's every row.
"""

from abc import ABCMeta, abstractmethod

from django.core.management.base import BaseCommand, CommandError


class RebuildCommand(BaseCommand, metaclass=ABCMeta):
    model = None  # the model whose rows the command rebuilds something of

    @property
    def option(self):
        return self.model._meta.model_name

    def add_arguments(self, parser):
        parser.add_argument(
            f"--{self.option}", type=int, help=f"only this {self.option} (its id); default: every {self.option}"
        )

    def every(self):
        """What the command rebuilds when no row is named: every row, in the order of its id."""
        return self.model.objects.order_by("pk")

    def label(self, row):
        return f"{self.option} {row.pk}"

    @abstractmethod
    def rebuild(self, row):
        """Rebuild what is kept of `row`; returns what was done, as printed after its label."""

    def handle(self, *args, **options):
        pk = options[self.option]
        if pk is None:
            rows = self.every()
        else:
            rows = list(self.model.objects.filter(pk=pk))
            if not rows:
                raise CommandError(f"No {self.option} {pk}.")
        for row in rows:
            self.stdout.write(f"{self.label(row)}: {self.rebuild(row)}")
