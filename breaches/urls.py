from django.urls import path, re_path

from . import about, api, exports, feeds, insights_views, revisions, views

app_name = "breaches"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("incidents/<int:pk>/", views.incident_detail, name="detail"),
    path(
        "incidents/<int:pk>/notices/<int:disclosure_pk>/changes/",
        revisions.notice_changes,
        name="notice-changes",
    ),
    path("incidents.csv", exports.incident_csv, name="csv"),
    path("incidents.xlsx", exports.incident_xlsx, name="xlsx"),
    path("feed/", feeds.disclosure_feed, name="feed"),
    path("about/", about.about_page, name="about"),
    path("insights/", insights_views.insights_page, name="insights"),
    path("insights/compare.<str:fmt>", insights_views.compare_data, name="insights-compare"),
    path("insights/<slug:chart>.<str:fmt>", insights_views.chart_data, name="insights-data"),
    path("api/", api.api_home, name="api"),
    path("api/openapi.json", api.OpenApiView.as_view(), name="api-schema"),
    path("api/incidents/", api.IncidentList.as_view(), name="api-list"),
    path("api/incidents/<int:pk>/", api.IncidentDetail.as_view(), name="api-detail"),
    path("api/incidents/<int:pk>/veris/", api.IncidentVeris.as_view(), name="api-veris"),
    path("api/veris.zip", api.VerisZip.as_view(), name="veris-zip"),
    # Anything else under /api/ is a JSON 404, not the site's HTML page.
    re_path(r"^api/(?P<rest>.*)$", api.not_found),
]
