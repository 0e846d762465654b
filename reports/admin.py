from django.contrib import admin

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-mostly: reports are drafted, edited, approved and issued in the portal; the
    admin only corrects a typo in the text of a draft (or of a returned report)."""

    list_display = ["subject", "kind", "period_start", "period_end", "status", "number"]
    list_filter = ["kind", "status", "auto_drafted"]
    search_fields = ["subject", "number__symbol"]
    date_hierarchy = "period_end"
    list_select_related = ["number"]
    readonly_fields = [
        "kind",
        "period_start",
        "period_end",
        "status",
        "number",
        "issued_on",
        "issued_by",
        "approved_by",
        "approved_at",
        "return_comment",
        "returned_by",
        "returned_at",
        "figures",
        "figures_as_of",
        "auto_drafted",
        "created_by",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.editable:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.editable:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would delete issued reports too
        return actions
