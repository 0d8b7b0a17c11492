from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/raw/", views.raw, name="raw"),
]
