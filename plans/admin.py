from django.contrib import admin

from plans.models import Plan, Section, Task
from portal.search import FoldSearchMixin


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["parent", "order", "heading", "numbering", "inline"]


@admin.register(Plan)
class PlanAdmin(FoldSearchMixin, admin.ModelAdmin):
    list_display = ["title", "year", "status", "number"]
    list_filter = ["status", "year"]
    search_fields = ["title"]
    readonly_fields = ["number", "issued_on", "approved_by", "approved_at", "status"]
    inlines = [SectionInline]


@admin.register(Task)
class TaskAdmin(FoldSearchMixin, admin.ModelAdmin):
    list_display = ["text", "plan", "lead", "timing", "due_date", "status"]
    list_filter = ["status", "timing"]
    search_fields = ["text"]
    raw_id_fields = ["plan", "section"]
