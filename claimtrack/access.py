"""Who may read, and who may use the admin.

Reading: a user may read when reading is public (CLAIMTRACK_PUBLIC_READ) or when they
hold the permission to view statements, which the Admins, Editors and Researchers groups
grant (and superusers have). An account that someone created but put in no group reads
nothing: accounts are made in the admin, and one made by mistake, or left behind when a
person's role ended, should not open the research to its holder.

The admin: membership of the Admins group is what makes an admin, so joining it grants
staff status (the admin site's own gate). Leaving it does not take staff status away:
what a staff user may see or change in the admin comes from their permissions, which
were the group's, so a former admin sees an empty admin; Editors made staff on purpose
keep their read-only admin.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.db.models import Exists, Model, OuterRef, Q
from django.db.models.signals import m2m_changed

ADMINS = "Admins"
READ_PERMISSION = "claims.view_statement"


def may_read(user: User | AnonymousUser) -> bool:
    if settings.CLAIMTRACK_PUBLIC_READ:
        return True
    if isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return False
    known = getattr(user, "may_read", None)  # set by ReaderBackend, in the user's query
    return known if known is not None else user.has_perm(READ_PERMISSION)


class ReaderBackend(ModelBackend):
    """ModelBackend whose per-request user lookup also answers "may this user read?", in
    the same query: has_perm() would cost two more queries on every page."""

    def get_user(self, user_id: int | str) -> User | None:
        app_label, codename = READ_PERMISSION.split(".")
        read = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        users = get_user_model()._default_manager.annotate(
            may_read=Q(is_superuser=True)
            | Q(Exists(read.filter(group__user=OuterRef("pk"))))
            | Q(Exists(read.filter(user=OuterRef("pk"))))
        )
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def _groups_added(
    sender: type[Model],
    instance: User | Group,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kw: object,
) -> None:
    """Members newly added to Admins, from either side of the relation, become staff."""
    if action != "post_add" or not pk_set:
        return
    UserModel = get_user_model()
    # reverse is False exactly when instance is the user (user.groups.add(...)) and True
    # when it is the group (group.user_set.add(...)); the isinstance checks say so to mypy.
    if not reverse and isinstance(instance, UserModel):
        if Group.objects.filter(pk__in=pk_set, name=ADMINS).exists() and not instance.is_staff:
            UserModel.objects.filter(pk=instance.pk).update(is_staff=True)
            instance.is_staff = True
    elif reverse and isinstance(instance, Group) and instance.name == ADMINS:
        UserModel.objects.filter(pk__in=pk_set, is_staff=False).update(is_staff=True)


def connect() -> None:
    m2m_changed.connect(
        _groups_added, sender=get_user_model().groups.through, dispatch_uid="ct-admins-staff"
    )
