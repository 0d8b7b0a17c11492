from django.urls import path

from claims import event_views, feeds, index_views, views

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
    path("contradictions/", event_views.contradictions, name="contradictions"),
    path("feeds/", event_views.feed_list, name="feeds"),
    path("feeds/changes/", feeds.changes, name="feed_changes"),
    path("feeds/claims/", feeds.explorer, name="feed_claims"),
    path("feeds/countries/<slug:slug>/", feeds.country, name="feed_country"),
    path("feeds/speakers/<slug:slug>/", feeds.speaker, name="feed_speaker"),
]
