from django.contrib import admin

from assessments.models import CriteriaSet, Criterion, SubCriterion, Threshold


class ThresholdInline(admin.TabularInline):
    model = Threshold
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "legal_source")
    list_filter = ("year",)
    search_fields = ("name",)
    inlines = [ThresholdInline, CriterionInline]


@admin.register(SubCriterion)
class SubCriterionAdmin(admin.ModelAdmin):
    list_display = ("code", "text", "max_points", "rule", "rule_threshold")
    list_filter = ("criterion__criteria_set",)
    search_fields = ("text", "code")
