def tenant(request):
    return {
        "tenant": getattr(request, "tenant", None),
        "role": getattr(request, "role", None),
        "perms_tenant": getattr(request, "permissions", frozenset()),
    }
