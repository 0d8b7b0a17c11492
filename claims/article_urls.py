from django.urls import path

from claims import article_views as views

app_name = "articles"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/raw/", views.raw, name="raw"),
    path("<int:pk>/page/", views.page, name="page"),
]
