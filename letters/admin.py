from django.contrib import admin

from letters.models import Letter
from portal.search import FoldSearchMixin


@admin.register(Letter)
class LetterAdmin(FoldSearchMixin, admin.ModelAdmin):
    """Read only: letters are written, signed and delivered through their pages."""

    list_display = ["addressee_name", "kind", "status", "number", "signed_at", "delivered_on"]
    list_filter = ["kind", "status"]
    search_fields = ["addressee_name", "number__symbol"]
    list_select_related = ["number"]
    readonly_fields = [f.name for f in Letter._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
