from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims.api import api
from claimtrack.health import healthz

# Password reset is left out on purpose: ClaimTrack sends no mail, and a reset page that
# says "we emailed you" when nothing is sent is worse than none. Admins set passwords in
# the admin or with `manage.py changepassword` (README, Users and permissions).
auth_urls = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include(auth_urls)),
    path("articles/", include("claims.article_urls")),
    path("review/", include("claims.review_urls")),
    path("api/v1/", api.urls),
    path("", include("claims.urls")),
]

handler500 = "claimtrack.views.server_error"
