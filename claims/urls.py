from django.urls import path

from claims import index_views, views

app_name = "claims"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("countries/", index_views.countries, name="country_index"),
    path("countries/<slug:slug>/", views.country, name="country"),
    path("claims/", views.statement_list, name="statement_list"),
    path("claims/<int:pk>/", views.statement, name="statement"),
    path("claims/export/<str:fmt>/", views.export, name="export"),
    path("speakers/", index_views.speakers, name="speaker_index"),
    path("speakers/autocomplete/", views.speaker_autocomplete, name="speaker_autocomplete"),
    path("speakers/<slug:slug>/", views.speaker, name="speaker"),
]
