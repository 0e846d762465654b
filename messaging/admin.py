from django.contrib import admin

from messaging.models import Consent, Message


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["phone", "source", "given_at", "withdrawn_at"]
    list_filter = ["source"]
    search_fields = ["phone"]
    readonly_fields = ["content_type", "object_id", "given_at", "recorded_by"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["reference", "event", "channel", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "channel", "event"]
    search_fields = ["reference", "phone"]
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request):
        return False
