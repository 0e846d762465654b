from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from portal.models import (
    CalendarOverride,
    CalendarYear,
    Department,
    DocumentNumber,
    DocumentType,
    MassOrganization,
    Neighborhood,
    OfficialCalendarDay,
    Organization,
    ProcedureField,
    User,
)
from portal.privacy import default_privacy_notice
from portal.search import FoldSearchMixin


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "agency_name", "place_name", "chairman"]
    filter_horizontal = ["vice_chairmen"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "privacy_notice":
            # The notice the forms and the receipt show while this is blank (admin
            # prints help texts unescaped: the ward's names are escaped here).
            field.widget.attrs["rows"] = 5
            default = default_privacy_notice(Organization.objects.order_by("pk").first())
            field.help_text = _(
                "Shown on every form that collects a citizen's personal data and printed "
                "on the receipt. Leave it blank to use the default text: %(text)s"
            ) % {"text": escape(default)}
        return field

    def has_add_permission(self, request):
        # One ward per installation.
        return super().has_add_permission(request) and not Organization.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(FoldSearchMixin, admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(ProcedureField)
class ProcedureFieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Neighborhood)
class NeighborhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name"]


@admin.register(MassOrganization)
class MassOrganizationAdmin(FoldSearchMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "short_name"]


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "title", "legal_citation", "numbered"]
    search_fields = ["code", "name", "title"]


@admin.register(DocumentNumber)
class DocumentNumberAdmin(FoldSearchMixin, admin.ModelAdmin):
    """Numbers are issued through the portal's registry page; here they can only be voided."""

    list_display = ["symbol", "subject", "issued_on", "issued_by", "voided"]
    list_filter = ["year", "doc_type", "voided"]
    search_fields = ["symbol", "subject"]
    date_hierarchy = "issued_on"
    readonly_fields = ["doc_type", "year", "number", "symbol", "subject", "issued_on", "issued_by"]
    list_select_related = ["doc_type", "issued_by"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["note"]


@admin.register(OfficialCalendarDay)
class OfficialCalendarDayAdmin(admin.ModelAdmin):
    """The arrangements shipped with the portal: read only (a release updates them, with
    `manage.py calendar_refresh`); a different decision is entered as an override."""

    list_display = ["date", "is_working_day", "note", "source"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["note", "source"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Confirmed on the working-day calendar page; listed here for the record."""

    list_display = ["year", "confirmed_by", "confirmed_at"]
    list_select_related = ["confirmed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(FoldSearchMixin, BaseUserAdmin):
    list_display = ["username", "full_name", "position", "department", "is_active"]
    list_filter = ["groups", "department", "mass_organization", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["department"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {"fields": ("full_name", "position", "email", "phone")},
        ),
        (_("Unit"), {"fields": ("department", "mass_organization")}),
        (
            _("Roles and permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "password1", "password2"),
            },
        ),
    )
