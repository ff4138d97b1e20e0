from django.contrib import admin

from .models import ApiToken, Tenant, TenantMembership


class MembershipInline(admin.TabularInline):
    model = TenantMembership
    raw_id_fields = ["user"]
    extra = 1


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "prefix",
        "user",
        "tenant",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["tenant"]
    readonly_fields = ["prefix", "key_hash", "last_used_at"]
