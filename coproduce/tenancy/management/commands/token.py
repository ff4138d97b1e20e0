"""``coproduce token create|revoke``: personal API tokens, one tenant at a time."""

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from coproduce.tenancy.cli import actor_get, tenant_get
from coproduce.tenancy.models import ApiToken, Tenant
from coproduce.tenancy.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create or revoke a personal API token for the JSON API under /api/v1."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser(
            "create", help="Create a token and print its key once."
        )
        create.add_argument("--tenant", required=True, help="Tenant short name (slug)")
        create.add_argument("--user", required=True, help="User name of a member")
        create.add_argument("--name", required=True, help="What the token is for")
        revoke = actions.add_parser("revoke", help="Revoke the token with this prefix.")
        revoke.add_argument("--tenant", required=True, help="Tenant short name (slug)")
        revoke.add_argument(
            "--prefix", required=True, help="The key's first characters"
        )

    def handle(self, *args, action: str, tenant: str, **options):
        tenant_obj = tenant_get(tenant)
        with scope(tenant=tenant_obj):
            if action == "create":
                self._create(tenant_obj, options["user"], options["name"])
            else:
                self._revoke(tenant_obj, options["prefix"])

    def _create(self, tenant: Tenant, username: str, name: str) -> None:
        user = actor_get(username, tenant=tenant)
        if not name.strip() or len(name) > 100:
            raise CommandError("Give the token a name of 1 to 100 characters.")
        token, key = api_token_create(tenant=tenant, user=user, name=name)
        self.stderr.write(
            f"Token '{token.name}' ({token.prefix}…) for {username} in {tenant.slug}. "
            "The key is shown only now:"
        )
        self.stdout.write(key)

    def _revoke(self, tenant: Tenant, prefix: str) -> None:
        # The prefix is the key's first 10 characters; accept it, a part of it or the key.
        tokens = [
            t
            for t in ApiToken.objects.filter(tenant=tenant)
            if prefix and (prefix.startswith(t.prefix) or t.prefix.startswith(prefix))
        ]
        if not tokens:
            raise CommandError(f"No token with prefix '{prefix}' in '{tenant.slug}'.")
        if len(tokens) > 1:
            raise CommandError(
                f"{len(tokens)} tokens start with '{prefix}': give more of it."
            )
        token = tokens[0]
        if token.revoked_at is not None:
            self.stdout.write(f"Token {token.prefix}… was revoked already.")
            return
        api_token_revoke(token=token, actor=None)
        self.stdout.write(f"Revoked token '{token.name}' ({token.prefix}…).")
