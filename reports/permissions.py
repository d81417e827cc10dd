"""Who may do what with progress reports, as `rules` predicates.

Reports are the Alliance's correspondence with the national Board: the office generates them,
writes their texts, keeps the schedules and the Board's address and sends them; the
leadership reads and approves them (or returns them to draft). The Council and the units do
not see them: a unit's own figures reach it through its scorecard, not through this report.
"""

import rules

from members.permissions import is_leader, is_office

from .models import ReportStatus


@rules.predicate
def is_draft(user, report):
    return report is not None and report.status == ReportStatus.DRAFT


@rules.predicate
def is_approved(user, report):
    return report is not None and report.status == ReportStatus.APPROVED


staff = is_office | is_leader

rules.add_perm("reports.view_reports", staff)
rules.add_perm("reports.generate", is_office)
rules.add_perm("reports.change_texts", is_office & is_draft)
rules.add_perm("reports.approve", is_leader & is_draft)
rules.add_perm("reports.return_to_draft", is_leader & is_approved)
rules.add_perm("reports.send", is_office & is_approved)
rules.add_perm("reports.view_schedules", staff)
rules.add_perm("reports.manage_schedules", is_office)
rules.add_perm("reports.manage_board", is_office)
rules.add_perm("reports.edit_template", is_office)
rules.add_perm("reports.view_statistics", staff)
rules.add_perm("reports.enter_statistics", is_office)
rules.add_perm("reports.prepare_annual", is_office)
rules.add_perm("reports.change_annual_texts", is_office & is_draft)
