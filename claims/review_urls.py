from django.urls import path, re_path

from claims import review

app_name = "review"
urlpatterns = [
    path("", review.queue, name="queue"),
    path("undo/", review.undo, name="undo"),
    re_path(
        r"^(?P<pk>[0-9]+)/(?P<action>verify|reject|speaker|stance|span)/$",
        review.act,
        name="act",
    ),
]
