from django.contrib import admin

from .models import Activity, Initiative, InitiativePartner


class PartnerInline(admin.TabularInline):
    model = InitiativePartner
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "lead_organisation", "tenant"]
    list_filter = ["tenant", "status"]
    search_fields = ["name"]
    inlines = [PartnerInline]
    raw_id_fields = ["lead_organisation"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "stage", "level", "mode", "starts_at"]
    list_filter = ["tenant", "stage", "level", "mode"]
    raw_id_fields = ["initiative"]
