from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from onestop import services
from onestop.models import ApologyLetter, Case, CaseEvent, CasePaper, Procedure, ProcedurePaper
from portal.personal_data import mask_id_number
from portal.search import FoldSearchMixin


class ProcedurePaperInline(admin.TabularInline):
    """The procedure's papers (thành phần hồ sơ), in the order the catalogue lists them."""

    model = ProcedurePaper
    fields = ["order", "name", "count", "kind", "required"]
    ordering = ["order", "pk"]
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(FoldSearchMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "field",
        "department",
        "processing_days",
        "ward_processing_days",
        "fee",
        "paper_count",
        "is_active",
    ]
    list_filter = ["field", "department", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["field", "department"]
    inlines = [ProcedurePaperInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(paper_count=Count("papers"))

    @admin.display(description=_("papers"), ordering="paper_count")
    def paper_count(self, obj: Procedure) -> int:
        return obj.paper_count


class CasePaperInline(admin.TabularInline):
    model = CasePaper
    extra = 0
    # A scan is private (no URL): it is uploaded and read on the dossier's page only.
    fields = ["name", "count", "kind", "on_list", "scan_name", "scanned_at", "scanned_by"]
    readonly_fields = ["scan_name", "scanned_at", "scanned_by"]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = [
        "action",
        "actor",
        "at",
        "from_status",
        "to_status",
        "from_unit",
        "to_unit",
        "note",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(FoldSearchMixin, admin.ModelAdmin):
    """Dossiers move through the desk's pages; admin only looks (and corrects contact data)."""

    list_display = [
        "receipt_code",
        "applicant_name",
        "masked_id_number",
        "procedure",
        "status",
        "due_date",
        "received_at",
    ]
    list_filter = ["status", "department", "channel"]
    search_fields = ["receipt_code", "applicant_name", "applicant_phone", "applicant_id_number"]
    date_hierarchy = "received_at"
    list_select_related = ["procedure"]
    inlines = [CasePaperInline, CaseEventInline]
    # The CCCD number never shows in full here (only on the dossier's page, on request,
    # logged); it is corrected through a person's request (portal/person_requests.py).
    exclude = ["applicant_id_number"]
    readonly_fields = [
        "masked_id_number",
        "receipt_code", "procedure", "department", "status", "received_at", "received_by",
        "processing_days", "clock_started_on", "days_used", "legal_due_date", "due_date",
        "supplement_requests", "paused_on", "decided_on", "returned_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("citizen ID number"))
    def masked_id_number(self, obj: Case) -> str:
        return mask_id_number(obj.applicant_id_number)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            services.case_admin_corrected(
                case=obj,
                actor=request.user,
                changes={
                    str(form.fields[name].label): (
                        form.initial.get(name, ""),
                        form.cleaned_data[name],
                    )
                    for name in form.changed_data
                },
            )


@admin.register(ApologyLetter)
class ApologyLetterAdmin(FoldSearchMixin, admin.ModelAdmin):
    list_display = ["case", "round", "missed_due_date", "status", "department", "new_due_date"]
    list_filter = ["status", "department"]
    search_fields = ["case__receipt_code", "case__applicant_name"]
    list_select_related = ["case", "department"]
    readonly_fields = [f.name for f in ApologyLetter._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
