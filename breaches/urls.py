from django.urls import path

from . import api, insights_views, views
from .feeds import DisclosureFeed

app_name = "breaches"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("incidents/<int:pk>/", views.incident_detail, name="detail"),
    path("incidents.csv", views.incident_csv, name="csv"),
    path("feed/", DisclosureFeed(), name="feed"),
    path("insights/", insights_views.insights_page, name="insights"),
    path("insights/<slug:chart>.<str:fmt>", insights_views.chart_data, name="insights-data"),
    path("api/incidents/", api.incident_list, name="api-list"),
    path("api/incidents/<int:pk>/", api.incident_detail, name="api-detail"),
    path("api/incidents/<int:pk>/veris/", api.incident_veris_json, name="api-veris"),
]
