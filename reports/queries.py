"""Reports, runs and schedules a user may reach: the whole lot for staff, nothing for anyone else."""

from members.permissions import is_leader, is_office

from .models import AnnualReport, Report, ReportRun, ReportSchedule


def _staff(user):
    return is_office(user) or is_leader(user)


def reports_for_user(user):
    qs = Report.objects.select_related("campaign", "period", "document", "approved_by")
    return qs if _staff(user) else qs.none()


def runs_for_user(user):
    qs = ReportRun.objects.select_related("campaign", "period", "requested_by", "report")
    return qs if _staff(user) else qs.none()


def schedules_for_user(user):
    qs = ReportSchedule.objects.select_related("campaign", "periodic_task")
    return qs if _staff(user) else qs.none()


def annual_reports_for_user(user):
    qs = AnnualReport.objects.select_related("document", "approved_by")
    return qs if _staff(user) else qs.none()
