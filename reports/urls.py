from django.urls import path

from . import views, views_annual, views_statistics, views_template

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("board/", views.board_settings, name="board_settings"),
    path("campaign/<int:pk>/", views.campaign_reports, name="campaign_reports"),
    path("campaign/<int:pk>/generate/", views.generate, name="generate"),
    path("campaign/<int:pk>/template/", views_template.template_page, name="report_template"),
    path("campaign/<int:pk>/template/change/", views_template.template_action, name="template_action"),
    path("campaign/<int:pk>/template/part/", views_template.section_edit, name="section_edit"),
    path("campaign/<int:pk>/template/add/", views_template.section_add, name="section_add"),
    path(
        "campaign/<int:pk>/template/criteria/<int:criterion_pk>/",
        views_template.criterion_reporting,
        name="criterion_reporting",
    ),
    path("campaign/<int:pk>/schedules/new/", views.schedule_create, name="schedule_create"),
    path("schedules/<int:pk>/", views.schedule_edit, name="schedule_edit"),
    path("schedules/<int:pk>/delete/", views.schedule_delete, name="schedule_delete"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/texts/", views.report_texts, name="report_texts"),
    path("<int:pk>/draft.pdf", views.report_preview, name="report_preview"),
    path("<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("<int:pk>/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("<int:pk>/return/", views.report_return, name="report_return"),
    path("<int:pk>/send/", views.report_send, name="report_send"),
    path("annual/", views_annual.annual_list, name="annual_list"),
    path("annual/<int:pk>/", views_annual.annual_detail, name="annual_detail"),
    path("annual/<int:pk>/texts/", views_annual.annual_texts, name="annual_texts"),
    path("annual/<int:pk>/generate/", views_annual.annual_regenerate, name="annual_regenerate"),
    path("annual/<int:pk>/draft.pdf", views_annual.annual_preview, name="annual_preview"),
    path("annual/<int:pk>/pdf/", views_annual.annual_pdf, name="annual_pdf"),
    path("annual/<int:pk>/approve/", views_annual.annual_approve, name="annual_approve"),
    path("annual/<int:pk>/return/", views_annual.annual_return, name="annual_return"),
    path("annual/<int:pk>/send/", views_annual.annual_send, name="annual_send"),
    path("statistics/", views_statistics.statistics_index, name="statistics_index"),
    path("statistics/<int:year>/", views_statistics.statistics_year, name="statistics_year"),
    path("statistics/<int:year>/xlsx/", views_statistics.statistics_xlsx, name="statistics_xlsx"),
    path("statistics/<int:year>/pdf/", views_statistics.statistics_pdf, name="statistics_pdf"),
    path("statistics/<int:year>/<str:form>/enter/", views_statistics.statistics_entry, name="statistics_entry"),
    path(
        "statistics/<int:year>/<str:form>/<str:row>/<str:column>/",
        views_statistics.statistics_cell,
        name="statistics_cell",
    ),
]
