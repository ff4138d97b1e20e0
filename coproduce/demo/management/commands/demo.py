"""``coproduce demo``: the first command on a fresh machine."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from coproduce.core.errors import DomainError
from coproduce.demo.loader import demo_is_loaded, demo_load, demo_unload, login_lines
from coproduce.demo.scenarios import DEMO_SLUG


class Command(BaseCommand):
    help = (
        "Migrate the database, load the demo city with its eight co-production scenarios "
        "(once), print how to log in and serve it on 127.0.0.1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=8000, help="Port to serve on (8000)."
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Stop after loading and printing the log-ins.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo tenants and load them again.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off. The demo users have a known password: never "
            "on a site others can reach.",
        )

    def handle(
        self, *args, port: int, no_serve: bool, reset: bool, force: bool, **options
    ):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Not loading the demo: DEBUG is off, so this may be a production site, and the "
                "demo creates users whose password is printed here for anyone to read. Run it "
                "on a development setup (DEBUG=1, the default of `coproduce`), or add --force "
                "if this site is yours alone."
            )
        verbosity = options["verbosity"]
        call_command(
            "migrate",
            interactive=False,
            verbosity=max(0, verbosity - 1),
            stdout=self.stdout,
        )
        self.stdout.write("The database is up to date.")
        try:
            if reset and (deleted := demo_unload()):
                self.stdout.write(f"Deleted the demo tenants {', '.join(deleted)}.")
            if demo_is_loaded():
                self.stdout.write(
                    f"The demo tenant '{DEMO_SLUG}' is there already; nothing loaded "
                    "(--reset loads it afresh)."
                )
            else:
                report = demo_load()
                counts = report.counts[DEMO_SLUG]
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Loaded the demo in {report.seconds:.1f} s: {counts['initiatives']} "
                        f"initiatives, {counts['organisations']} organisations, {counts['people']} "
                        f"people, {counts['activities']} activities, {counts['participations']} "
                        "participations."
                    )
                )
        except DomainError as exc:
            raise CommandError(f"Cannot load the demo: {exc}") from exc
        base_url = f"http://127.0.0.1:{port}/"
        for line in login_lines(base_url):
            self.stdout.write(line)
        if no_serve:
            return
        self.stdout.write("")
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
