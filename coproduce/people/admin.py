from django.contrib import admin

from .models import Membership, Organisation, Person, PublicService


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "tenant"]
    list_filter = ["tenant", "kind"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_name", "tenant"]
    list_filter = ["tenant"]
    search_fields = ["family_name", "given_name", "email"]
    raw_id_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "role", "tenant"]
    list_filter = ["tenant", "role"]
    raw_id_fields = ["person", "organisation"]


@admin.register(PublicService)
class PublicServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "competent_authority", "status", "tenant"]
    list_filter = ["tenant", "status"]
