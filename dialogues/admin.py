from django.contrib import admin

from dialogues.models import (
    Attendee,
    DialoguePlan,
    DialogueSession,
    Opinion,
    PlanParticipantGroup,
    PlanProgrammeItem,
    PlanResponsibility,
    PlanTopic,
)
from portal.search import FoldSearchMixin


class TopicInline(admin.TabularInline):
    model = PlanTopic
    extra = 0


class GroupInline(admin.TabularInline):
    model = PlanParticipantGroup
    extra = 0


class ProgrammeInline(admin.TabularInline):
    model = PlanProgrammeItem
    extra = 0


class ResponsibilityInline(admin.TabularInline):
    model = PlanResponsibility
    extra = 0


@admin.register(DialoguePlan)
class DialoguePlanAdmin(FoldSearchMixin, admin.ModelAdmin):
    list_display = ["title", "year", "kind", "status", "number", "issued_on"]
    list_filter = ["year", "kind", "status"]
    search_fields = ["title"]
    inlines = [TopicInline, GroupInline, ProgrammeInline, ResponsibilityInline]
    readonly_fields = ["status", "number", "issued_on", "approved_by", "approved_at", "supersedes"]


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    raw_id_fields = ["participant"]


@admin.register(DialogueSession)
class DialogueSessionAdmin(FoldSearchMixin, admin.ModelAdmin):
    list_display = ["title", "plan", "starts_at", "neighborhood", "status"]
    list_filter = ["status", "neighborhood"]
    search_fields = ["title", "venue"]
    readonly_fields = ["invitation_number", "minutes_number"]  # taken on the session page
    inlines = [AttendeeInline]


@admin.register(Opinion)
class OpinionAdmin(FoldSearchMixin, admin.ModelAdmin):
    list_display = ["content", "source", "classification", "status", "department", "due_date"]
    list_filter = ["status", "classification", "source", "department"]
    search_fields = ["content", "citizen_name"]
    readonly_fields = [
        "number",
        "approved_by",
        "approved_at",
        "citizen_notified_at",
        "letter_sent_at",
    ]

    def has_delete_permission(self, request, obj=None):
        return False  # an opinion, even out of scope, is never dropped
