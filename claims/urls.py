from django.urls import path

from claims import views

app_name = "claims"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("countries/<slug:slug>/", views.country, name="country"),
    path("claims/", views.statement_list, name="statement_list"),
    path("claims/<int:pk>/", views.statement, name="statement"),
    path("claims/export/<str:fmt>/", views.export, name="export"),
    path("speakers/autocomplete/", views.speaker_autocomplete, name="speaker_autocomplete"),
    path("speakers/<slug:slug>/", views.speaker, name="speaker"),
]
