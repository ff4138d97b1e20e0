"""Synthetic tenants for benchmarks: registries, initiatives and millions of participations.

Rows are made in Python from a seeded random generator and written in bulk, never one by
one: on PostgreSQL with COPY (psycopg 3, ids reserved from the sequences beforehand), and
elsewhere, or with ``method="bulk"``, with ``bulk_create`` in batches. The services are
bypassed on purpose, so no audit events are written; every row still satisfies the
models' constraints, and ``Participation.initiative`` is always its activity's.
"""

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, models, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from coproduce.initiatives.models import (
    DECLARED_FIELD,
    Activity,
    Contribution,
    Initiative,
    InitiativePartner,
    Participation,
)
from coproduce.initiatives.vocab import ActorRole, Level, Mode, Scope, Stage
from coproduce.people.models import Membership, Organisation, Person, PublicService
from coproduce.tenancy.models import Tenant

BATCH = 5000
PARTICIPATIONS_PER_ACTIVITY = 20
CONSENT_SHARE = 0.6  # people who gave their demographics
MEMBER_SHARE = 0.2  # people who belong to an organisation

GIVEN = (
    "Aino Eero Lea Omar Sofia Mikko Fatima Juha Maria Ahmed Elina Jussi Noor Anna "
    "Ville Hanna Olli Amina Pekka Laura Daniel Sara Ilkka Zeynep Tuomas"
).split()
FAMILY = (
    "Virtanen Korhonen Nieminen Laine Hassan Mäkinen Heikkinen Koskinen Ali "
    "Järvinen Lehtonen Nguyen Saarinen Salminen Andersson Lindqvist Ahmed "
    "Karjalainen Smirnova Hämäläinen"
).split()
LANGUAGES = ["fi", "sv", "en", "fi;en", "fi;sv", "ar;fi", "so;fi", "ru;fi", "et;fi"]
DISTRICTS = ["Old town", "Harbour", "North hills", "Riverside", "Station", "Suburbs"]
FIRST_LANGUAGES = ["fi", "fi", "fi", "sv", "ar", "so", "ru", "et", "en"]
PLACES = ["Library", "Youth centre", "Town hall", "Parish hall", "School", "Park"]
HOURS = [Decimal(h) for h in ("0.5", "1", "1.5", "2", "2", "2.5", "3", "4", "6", "8")]
PERSON_ROLES = (
    [ActorRole.PROFESSIONAL] * 15
    + [ActorRole.VOLUNTEER] * 35
    + [ActorRole.SERVICE_USER] * 20
    + [ActorRole.RESIDENT] * 30
)
ORG_KINDS = [
    Organisation.Kind.NGO,
    Organisation.Kind.COMMUNITY_GROUP,
    Organisation.Kind.PARISH,
    Organisation.Kind.SCHOOL,
    Organisation.Kind.COMPANY,
    Organisation.Kind.DEPARTMENT,
]


@dataclass(frozen=True)
class Spec:
    tenants: int = 1
    initiatives: int = 10
    people: int = 100
    participations: int = 1000
    seed: int = 1
    prefix: str = "gen"
    method: str = "auto"  # auto: COPY on PostgreSQL, bulk_create elsewhere
    # Realistic, uneven sizes: tenant i gets a tenth of tenant i-1's share, and within a
    # tenant the participations fall on the initiatives by a shifted power law (rank r
    # gets (r + 20) ** -1.3: with 10,000 initiatives and 2,000,000 participations the
    # biggest has about 33,000, the median 27, the smallest about 10). False: even.
    skewed: bool = False


SKEW_EXPONENT = 1.3
SKEW_SHIFT = 20
MAX_ACTIVITIES = 500  # per initiative, however many take part in it


@dataclass
class Result:
    method: str
    seconds: float = 0.0
    rows: Counter = field(default_factory=Counter)
    seconds_per_table: Counter = field(default_factory=Counter)
    tenants: list[str] = field(default_factory=list)


class TenantsExist(Exception):
    pass


def split(total: int, parts: int) -> list[int]:
    """``total`` spread over ``parts`` as evenly as whole numbers allow."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def split_weighted(total: int, weights: list[float]) -> list[int]:
    """``total`` spread in proportion to ``weights`` (largest remainders first)."""
    if not weights:
        return []
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    rest = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: parts[i] - exact[i])
    for i in order[:rest]:
        parts[i] += 1
    return parts


def tenant_weights(n: int) -> list[float]:
    return [10.0**-i for i in range(n)]


def initiative_weights(n: int) -> list[float]:
    return [(r + SKEW_SHIFT) ** -SKEW_EXPONENT for r in range(1, n + 1)]


def generate(spec: Spec, *, progress: Callable[[str], None] = lambda _: None) -> Result:
    """Create ``spec.tenants`` tenants (``gen-1``, ...) full of synthetic records."""
    method = spec.method
    if method == "auto":
        method = "copy" if connection.vendor == "postgresql" else "bulk"
    if method == "copy" and connection.vendor != "postgresql":
        raise ValueError("COPY needs PostgreSQL; use method='bulk'.")
    slugs = [f"{spec.prefix}-{i}" for i in range(1, spec.tenants + 1)]
    taken = list(Tenant.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    if taken:
        raise TenantsExist(
            f"Tenants {', '.join(sorted(taken))} exist already; use another --prefix "
            "or a fresh database."
        )
    writer = (CopyWriter if method == "copy" else BulkWriter)()
    result = Result(method=method, tenants=slugs)
    rng = random.Random(spec.seed)
    started = time.perf_counter()
    with scopes_disabled(), transaction.atomic():
        if spec.skewed:
            weights = tenant_weights(spec.tenants)
            shares = zip(
                slugs,
                split_weighted(spec.initiatives, weights),
                split_weighted(spec.people, weights),
                split_weighted(spec.participations, weights),
                strict=True,
            )
        else:
            shares = zip(
                slugs,
                split(spec.initiatives, spec.tenants),
                split(spec.people, spec.tenants),
                split(spec.participations, spec.tenants),
                strict=True,
            )
        for slug, initiatives, people, participations in shares:
            tenant = Tenant.objects.create(slug=slug, name=f"Generated {slug}")
            result.rows["tenants"] += 1
            TenantBuilder(tenant, rng, writer, result, skewed=spec.skewed).build(
                initiatives=initiatives, people=people, participations=participations
            )
            progress(
                f"{slug}: {initiatives} initiatives, {people} people, "
                f"{participations} participations"
            )
        finish_started = time.perf_counter()
        if writer.finish():
            result.seconds_per_table["(foreign keys)"] = (
                time.perf_counter() - finish_started
            )
        commit_started = time.perf_counter()
    result.seconds_per_table["(commit)"] = time.perf_counter() - commit_started
    if connection.vendor == "postgresql":  # fresh statistics for the query planner
        analyze_started = time.perf_counter()
        tables = [t for t in result.rows if t != "tenants"]
        with connection.cursor() as cursor:
            cursor.execute(
                f"ANALYZE {', '.join(map(connection.ops.quote_name, tables))}"
            )
        result.seconds_per_table["(analyze)"] = time.perf_counter() - analyze_started
    result.seconds = time.perf_counter() - started
    return result


class TenantBuilder:
    def __init__(
        self,
        tenant: Tenant,
        rng: random.Random,
        writer,
        result: Result,
        *,
        skewed: bool = False,
    ):
        self.skewed = skewed
        self.tenant = tenant
        self.rng = rng
        self.writer = writer
        self.result = result
        self.now = timezone.now()

    def insert(self, model, fields, rows, *, ids: bool = False) -> list[int]:
        started = time.perf_counter()
        counted = _Counted(rows)
        new_ids = self.writer.insert(model, fields, counted, ids=ids)
        name = model._meta.db_table
        self.result.rows[name] += counted.n
        self.result.seconds_per_table[name] += time.perf_counter() - started
        return new_ids

    def build(self, *, initiatives: int, people: int, participations: int) -> None:
        rng, t = self.rng, self.tenant.pk
        # Organisations: the authority and its departments, then civil society.
        n_orgs = max(8, initiatives // 5 + 5)
        kinds = (
            [Organisation.Kind.PUBLIC_AGENCY]
            + [Organisation.Kind.DEPARTMENT] * 3
            + [rng.choice(ORG_KINDS) for _ in range(n_orgs - 4)]
        )
        orgs = self.insert(
            Organisation,
            ["tenant_id", "name", "kind", "identifier"],
            [
                (t, f"{Organisation.Kind(k).label} {i}", k, f"{1000000 + i}-{i % 10}")
                for i, k in enumerate(kinds)
            ],
            ids=True,
        )
        public = [
            o
            for o, k in zip(orgs, kinds, strict=True)
            if k in Organisation.PUBLIC_KINDS
        ]
        groups = [
            o
            for o, k in zip(orgs, kinds, strict=True)
            if k not in Organisation.PUBLIC_KINDS
        ]
        # Public services (bulk_create: they hold JSON).
        n_services = min(200, max(3, initiatives // 20))
        services = self.insert(
            PublicService,
            [
                "tenant_id",
                "identifier",
                "name",
                "description",
                "competent_authority_id",
                "sector",
                "channels",
                "status",
            ],
            [
                (
                    t,
                    f"service-{i}",
                    f"Service {i}",
                    "A generated public service.",
                    rng.choice(public),
                    rng.choice(PublicService.Sector.values),
                    rng.sample(PublicService.Channel.values, 2),
                    PublicService.Status.ACTIVE,
                )
                for i in range(n_services)
            ],
            ids=True,
        )
        # People, a share of them with demographics given with consent.
        person_ids = self.insert(
            Person,
            [
                "tenant_id",
                "given_name",
                "family_name",
                "email",
                "languages",
                "demographics_consent_at",
                "age_band",
                "gender",
                "first_language",
                "district",
            ],
            self._people(people),
            ids=True,
        )
        self.insert(
            Membership,
            ["tenant_id", "person_id", "organisation_id", "role"],
            [
                (t, p, rng.choice(orgs), rng.choice(Membership.Role.values))
                for p in person_ids
                if rng.random() < MEMBER_SHARE
            ],
        )
        # Initiatives, their partners and services.
        plans = [self._initiative(i, public) for i in range(initiatives)]
        initiative_ids = self.insert(
            Initiative,
            list(plans[0]) if plans else [],
            [tuple(p.values()) for p in plans],
            ids=True,
        )
        self.insert(
            InitiativePartner,
            ["tenant_id", "initiative_id", "organisation_id", "role"],
            [
                (t, i, o, rng.choice(InitiativePartner.Role.values))
                for i in initiative_ids
                for o in rng.sample(orgs, rng.randint(0, 3))
            ],
        )
        self.insert(
            Initiative.services.through,
            ["initiative_id", "publicservice_id"],
            [
                (i, s)
                for i in initiative_ids
                for s in rng.sample(services, rng.randint(0, 2))
            ],
        )
        # Activities across the four stages, then the participations.
        if self.skewed:  # a few big initiatives, a long tail of small ones
            weights = initiative_weights(len(initiative_ids))
            rng.shuffle(weights)
            sizes = split_weighted(participations, weights)
        else:
            sizes = split(participations, max(1, len(initiative_ids)))
        per_initiative = [
            max(4, min(MAX_ACTIVITIES, round(n / PARTICIPATIONS_PER_ACTIVITY)))
            if self.skewed
            else max(
                4,
                round(
                    participations / max(1, initiatives) / PARTICIPATIONS_PER_ACTIVITY
                ),
            )
            for n in sizes
        ]
        activities = [
            (i, start, j)
            for i, plan, n in zip(initiative_ids, plans, per_initiative, strict=True)
            for j, start in enumerate(self._starts(plan, n))
        ]
        # the participations each activity gets: its initiative's, spread evenly
        activity_sizes = [
            part
            for size, n in zip(sizes, per_initiative, strict=True)
            for part in split(size, n)
        ]
        activity_rows = [self._activity(i, start, j) for i, start, j in activities]
        activity_ids = self.insert(
            Activity,
            [
                "tenant_id",
                "initiative_id",
                "stage",
                "title",
                "kind",
                "starts_at",
                "ends_at",
                "level",
                "mode",
                "place",
            ],
            activity_rows,
            ids=True,
        )
        self.insert(
            Participation,
            [
                "tenant_id",
                "initiative_id",
                "activity_id",
                "person_id",
                "organisation_id",
                "role",
                "hours",
                "created_at",
            ],
            self.participation_rows(
                participations,
                activity_ids,
                [a[0] for a in activities],
                person_ids,
                groups,
                sizes=activity_sizes if self.skewed else None,
            ),
        )
        self.insert(
            Contribution,
            [
                "tenant_id",
                "initiative_id",
                "organisation_id",
                "kind",
                "description",
                "date",
                "estimated_value",
            ],
            [
                (
                    t,
                    i,
                    rng.choice(groups),
                    rng.choice(Contribution.Kind.values),
                    "Generated contribution in kind",
                    dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 600)),
                    Decimal(rng.randint(10, 5000)),
                )
                for i in initiative_ids[::2]
            ],
        )

    def _people(self, n: int) -> Iterator[tuple]:
        rng, t = self.rng, self.tenant.pk
        for i in range(n):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            email = f"{given}.{family}.{i}@example.org".lower().translate(ASCII)
            if rng.random() < CONSENT_SHARE:
                demographics = (
                    self.now,
                    rng.choice(Person.AgeBand.values),
                    rng.choice(Person.Gender.values),
                    rng.choice(FIRST_LANGUAGES),
                    rng.choice(DISTRICTS),
                )
            else:
                demographics = (None, "", "", "", "")
            yield (t, given, family, email, rng.choice(LANGUAGES), *demographics)

    def _initiative(self, i: int, public: list[int]) -> dict:
        rng = self.rng
        start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        temporary = rng.random() < 0.25
        end = (
            start + dt.timedelta(days=rng.randint(60, 500))
            if temporary or rng.random() < 0.3
            else None
        )
        declared = {f: rng.random() < 0.5 for f in DECLARED_FIELD.values()}
        return {
            "tenant_id": self.tenant.pk,
            "slug": f"initiative-{i}",
            "name": f"Initiative {i}",
            "lead_organisation_id": rng.choice(public),
            "place": rng.choice(PLACES),
            "start_date": start,
            "end_date": end,
            "is_temporary": temporary,
            "status": rng.choice(Initiative.Status.values),
            "declared_scope": rng.choice(Scope.values),
            **declared,
        }

    def _starts(self, plan: dict, n: int) -> list[dt.datetime]:
        first = dt.datetime.combine(plan["start_date"], dt.time(17), tzinfo=dt.UTC)
        days = (
            (plan["end_date"] or plan["start_date"] + dt.timedelta(days=365))
            - plan["start_date"]
        ).days
        return sorted(
            first + dt.timedelta(days=self.rng.randint(0, days)) for _ in range(n)
        )

    def _activity(self, initiative: int, start: dt.datetime, j: int) -> tuple:
        rng = self.rng
        stage = Stage.values[j] if j < 4 else rng.choice(Stage.values)
        mode = (
            Mode.DOING
            if stage == Stage.DELIVERY and rng.random() < 0.8
            else (rng.choice(Mode.values))
        )
        return (
            self.tenant.pk,
            initiative,
            stage,
            f"{Stage(stage).label} session {j + 1}",
            rng.choice(Activity.Kind.values),
            start,
            start + dt.timedelta(hours=2),
            rng.choice(Level.values),
            mode,
            rng.choice(PLACES),
        )

    def participation_rows(
        self,
        total: int,
        activity_ids: list[int],
        initiative_of: list[int],
        person_ids: list[int],
        groups: list[int],
        *,
        sizes: list[int] | None = None,
    ) -> Iterator[tuple]:
        """``total`` participations spread over the activities; within one activity a
        person appears once, so (activity, person, role) is unique."""
        if not activity_ids:
            return
        rng, t, now = self.rng, self.tenant.pk, self.now
        if sizes is None:
            sizes = split(total, len(activity_ids))
        for activity, initiative, n in zip(
            activity_ids, initiative_of, sizes, strict=True
        ):
            n_people = min(len(person_ids), round(n * 0.9))
            for person in rng.sample(person_ids, n_people):
                yield (
                    t,
                    initiative,
                    activity,
                    person,
                    None,
                    rng.choice(PERSON_ROLES),
                    rng.choice(HOURS),
                    now,
                )
            for _ in range(n - n_people):
                role = rng.choice((ActorRole.COMMUNITY_GROUP, ActorRole.PARTNER))
                yield (
                    t,
                    initiative,
                    activity,
                    None,
                    rng.choice(groups),
                    role,
                    rng.choice(HOURS),
                    now,
                )


ASCII = str.maketrans("äöå", "aoa")


class _Counted:
    def __init__(self, rows: Iterable[tuple]) -> None:
        self.rows = rows
        self.n = 0

    def __iter__(self) -> Iterator[tuple]:
        for row in self.rows:
            self.n += 1
            yield row


class BulkWriter:
    """``bulk_create`` in batches; ids come back from the database."""

    def finish(self) -> bool:
        return False

    def insert(self, model, fields: list[str], rows: Iterable[tuple], *, ids: bool):
        new_ids: list[int] = []
        batch: list[models.Model] = []
        for row in rows:
            batch.append(model(**dict(zip(fields, row, strict=True))))
            if len(batch) >= BATCH:
                new_ids += self._flush(model, batch, ids)
                batch = []
        new_ids += self._flush(model, batch, ids)
        return new_ids

    @staticmethod
    def _flush(model, batch: list[models.Model], ids: bool) -> list[int]:
        if not batch:
            return []
        model._base_manager.bulk_create(batch)
        if ids and batch[0].pk is None:
            raise RuntimeError("the database did not return the new ids")
        return [obj.pk for obj in batch] if ids else []


class CopyWriter(BulkWriter):
    """PostgreSQL COPY through psycopg 3. Ids are reserved from the table's sequence
    first, so rows that others point to can be written the same way. Tables with JSON
    fields and the small many-to-many table go through ``bulk_create``.

    The foreign keys of the copied tables are dropped before their first row and added
    back by ``finish()``, in the same transaction ("Populating a Database" in the
    PostgreSQL manual): checked row by row at commit they cost twice the COPY itself;
    added back, each is checked by one query. This locks those tables until commit.
    """

    def __init__(self) -> None:
        self.dropped: list[tuple[str, str, str]] = []  # table, constraint, definition
        self.seen: set[str] = set()

    def _foreign_keys_drop(self, cursor, table: str) -> None:
        if table in self.seen:
            return
        self.seen.add(table)
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
        quote = connection.ops.quote_name
        for name, definition in cursor.fetchall():
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            self.dropped.append((table, name, definition))

    def finish(self) -> bool:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table, name, definition in self.dropped:
                cursor.execute(
                    f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                )
        self.dropped, self.seen = [], set()
        return True

    def insert(self, model, fields: list[str], rows: Iterable[tuple], *, ids: bool):
        concrete = [f for f in model._meta.concrete_fields if not f.primary_key]
        if (
            any(isinstance(f, models.JSONField) for f in concrete)
            or model._meta.auto_created
        ):
            # saved as the bulk writer does, with the foreign keys in place: their
            # deferred checks are run now, since a table with checks pending cannot be
            # altered later in the transaction (dropping another table's key to it)
            new_ids = super().insert(model, fields, rows, ids=ids)
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            return new_ids
        rest = [f for f in concrete if f.attname not in fields]
        now = timezone.now()
        constants = tuple(
            now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default()
            for f in rest
        )
        columns = [model._meta.get_field(name).column for name in fields]
        columns += [f.column for f in rest]
        table = model._meta.db_table
        rows = list(rows) if ids else rows
        new_ids: list[int] = []
        with connection.cursor() as cursor:
            self._foreign_keys_drop(cursor, table)
            if ids:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                    "FROM generate_series(1, %s)",
                    [table, len(rows)],
                )
                new_ids = [r[0] for r in cursor.fetchall()]
                columns = ["id", *columns]
            quote = connection.ops.quote_name
            names = ", ".join(quote(c) for c in columns)
            sql = f"COPY {quote(table)} ({names}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                if ids:
                    for pk, row in zip(new_ids, rows, strict=True):
                        copy.write_row((pk, *row, *constants))
                else:
                    for row in rows:
                        copy.write_row((*row, *constants))
        return new_ids
