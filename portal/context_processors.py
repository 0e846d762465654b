from django.utils.functional import SimpleLazyObject

from portal import roles
from portal.models import Organization
from portal.navigation import nav_menu


def portal(request):
    user = request.user
    return {
        "ward": SimpleLazyObject(lambda: Organization.objects.order_by("pk").first()),
        "nav_menu": SimpleLazyObject(lambda: nav_menu(user)),
        "user_roles": SimpleLazyObject(lambda: sorted(roles.user_roles(user))),
        "can_open_admin": SimpleLazyObject(
            lambda: user.is_authenticated and user.is_active and user.is_staff
        ),
    }
