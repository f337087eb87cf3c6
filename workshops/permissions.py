"""The secretariat's two groups and what each may do.

Editors may add, change, delete and view every record of the portal's apps; viewers may only
view them. A data migration creates the groups; `sync_secretariat_groups` runs again after
every `migrate` so that models added later are covered too.
"""

SECRETARIAT_EDITORS = "Secretariat editors"
SECRETARIAT_VIEWERS = "Secretariat viewers"
PORTAL_APPS = ("workshops", "participants", "recommendations", "news", "reports")
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
