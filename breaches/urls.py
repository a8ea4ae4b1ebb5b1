from django.urls import path

from . import api, views

app_name = "breaches"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("incidents/<int:pk>/", views.incident_detail, name="detail"),
    path("api/incidents/", api.incident_list, name="api-list"),
    path("api/incidents/<int:pk>/", api.incident_detail, name="api-detail"),
]
