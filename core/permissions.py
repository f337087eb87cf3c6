"""The secretariat's two groups and what each may do.

Editors may add, change, delete and view every record of the portal's apps; viewers may only
view them. A data migration creates the groups; `sync_secretariat_groups` runs again after
every `migrate` so that models added later are covered too.
"""

SECRETARIAT_EDITORS = "Secretariat editors"
SECRETARIAT_VIEWERS = "Secretariat viewers"
PORTAL_APPS = ("core", "workshops", "participants", "recommendations", "news", "reports")
EDITOR_ACTIONS = ("add", "change", "delete", "view")
VIEWER_ACTIONS = ("view",)


def sync_secretariat_groups(apps):
    """Create both groups and grant them their permissions on every portal model.

    `apps` is an app registry: the real one, or a migration's historical one.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    portal_permissions = Permission.objects.filter(content_type__app_label__in=PORTAL_APPS)
    for group_name, actions in (
        (SECRETARIAT_EDITORS, EDITOR_ACTIONS),
        (SECRETARIAT_VIEWERS, VIEWER_ACTIONS),
    ):
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = [
            permission
            for permission in portal_permissions
            if permission.codename.split("_", 1)[0] in actions
        ]
        group.permissions.add(*wanted)


def may_see_unpublished(user, model) -> bool:
    """Whether `user` may see `model`'s records that the public does not (drafts, scheduled
    posts, ...): those who may view them in the admin, staff with the view or change
    permission. Being staff alone is not enough."""
    if not (user.is_authenticated and user.is_staff):
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )
