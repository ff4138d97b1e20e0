"""A compact match row per callable co-producer profile, for ranking a need's candidates
on PostgreSQL (crisis.matching): languages and skills as arrays (GIN-indexed, so that
"speaks Somali and can drive" is one BitmapAnd of two indexes), the postcode area
(prefix index) and the weekly availability as a 21-bit mask (bit ``3 * weekday +
part``: Monday morning is bit 0, Sunday evening bit 20).

The profile table is wide (its JSON availability, e-mail settings, tokens) and the
skills live in a many-to-many table, so ranking over them scanned 75 MB and aggregated
everybody's skills; these rows are about 100 bytes.

Only profiles that may be called out have a row (consent given, not withdrawn,
``callout_ok``). The database keeps them up to date itself: statement-level triggers on
the profiles and their skills rewrite the rows of the profiles a statement touched, so
no writer can leave them stale (the co-producers' services, the demo, the generators,
the tests' factories, SQL in the benchmarks). Kept in this app so that the co-producers'
schema does not change; on other databases nothing is done (SQLite ranks over the
profiles themselves, as before)."""

from django.db import migrations

WEEK = """(SELECT COALESCE(sum(1 << (d.i * 3 + t.j)), 0)::int
   FROM (VALUES ('mon', 0), ('tue', 1), ('wed', 2), ('thu', 3), ('fri', 4),
                ('sat', 5), ('sun', 6)) d(k, i)
   CROSS JOIN (VALUES ('morning', 0), ('afternoon', 1), ('evening', 2)) t(k, j)
   WHERE jsonb_exists(p.availability -> d.k, t.k))"""

ROWS = f"""
SELECT p.id, p.tenant_id, p.person_id, p.area,
  CASE WHEN jsonb_typeof(p.languages) = 'array'
       THEN ARRAY(SELECT jsonb_array_elements_text(p.languages)) ELSE '{{}}' END,
  ARRAY(SELECT s.skill_id FROM coproducers_coproducerprofile_skills s
        WHERE s.coproducerprofile_id = p.id ORDER BY s.skill_id),
  {WEEK}
FROM coproducers_coproducerprofile p
WHERE p.callout_ok AND p.consent_at IS NOT NULL AND p.consent_withdrawn_at IS NULL
"""

CREATE = [
    """CREATE TABLE crisis_match (
        profile_id bigint PRIMARY KEY,
        tenant_id bigint NOT NULL,
        person_id bigint NOT NULL,
        area varchar(10) NOT NULL,
        languages text[] NOT NULL,
        skills bigint[] NOT NULL,
        week integer NOT NULL
    )""",
    f"""CREATE FUNCTION crisis_match_refresh(ids bigint[]) RETURNS void
    LANGUAGE sql AS $$
        DELETE FROM crisis_match WHERE profile_id = ANY(ids);
        INSERT INTO crisis_match
            (profile_id, tenant_id, person_id, area, languages, skills, week)
        {ROWS} AND p.id = ANY(ids);
    $$""",
    """CREATE FUNCTION crisis_match_profiles() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM crisis_match
            WHERE profile_id IN (SELECT id FROM old_rows);
        ELSE
            PERFORM crisis_match_refresh(ARRAY(SELECT id FROM new_rows));
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION crisis_match_skills() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            PERFORM crisis_match_refresh(
                ARRAY(SELECT DISTINCT coproducerprofile_id FROM old_rows));
        ELSE
            PERFORM crisis_match_refresh(
                ARRAY(SELECT DISTINCT coproducerprofile_id FROM new_rows));
        END IF;
        RETURN NULL;
    END $$""",
]
for event, table in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
    CREATE.append(
        f"CREATE TRIGGER crisis_match_profile_{event.lower()} AFTER {event} ON "
        f"coproducers_coproducerprofile REFERENCING {table} TABLE AS "
        f"{table.lower()}_rows FOR EACH STATEMENT EXECUTE FUNCTION "
        "crisis_match_profiles()"
    )
for event, table in (("INSERT", "NEW"), ("DELETE", "OLD")):
    CREATE.append(
        f"CREATE TRIGGER crisis_match_skill_{event.lower()} AFTER {event} ON "
        f"coproducers_coproducerprofile_skills REFERENCING {table} TABLE AS "
        f"{table.lower()}_rows FOR EACH STATEMENT EXECUTE FUNCTION "
        "crisis_match_skills()"
    )
# a flush of the tables (tests that commit) empties the rows with them
CREATE += [
    """CREATE FUNCTION crisis_match_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'coproducers_coproducerprofile' THEN
            TRUNCATE crisis_match;
        ELSE
            UPDATE crisis_match SET skills = '{}' WHERE skills <> '{}';
        END IF;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER crisis_match_profile_truncate AFTER TRUNCATE ON "
    "coproducers_coproducerprofile FOR EACH STATEMENT EXECUTE FUNCTION "
    "crisis_match_truncate()",
    "CREATE TRIGGER crisis_match_skill_truncate AFTER TRUNCATE ON "
    "coproducers_coproducerprofile_skills FOR EACH STATEMENT EXECUTE FUNCTION "
    "crisis_match_truncate()",
]
# the rows there are now, then the indexes (built in one pass). The GIN indexes take
# each change at once (fastupdate off): with a pending list every ranking would scan it
# until the next vacuum, tens of milliseconds after a bulk load.
CREATE += [
    "INSERT INTO crisis_match "
    f"(profile_id, tenant_id, person_id, area, languages, skills, week) {ROWS}",
    "CREATE INDEX crisis_match_person ON crisis_match (tenant_id, person_id)",
    "CREATE INDEX crisis_match_area ON crisis_match (tenant_id, area text_pattern_ops)",
    "CREATE INDEX crisis_match_languages ON crisis_match USING gin (languages)"
    " WITH (fastupdate = off)",
    "CREATE INDEX crisis_match_skills ON crisis_match USING gin (skills)"
    " WITH (fastupdate = off)",
    "ANALYZE crisis_match",
]

DROP = [
    "DROP TRIGGER IF EXISTS crisis_match_profile_truncate"
    " ON coproducers_coproducerprofile",
    "DROP TRIGGER IF EXISTS crisis_match_skill_truncate"
    " ON coproducers_coproducerprofile_skills",
    "DROP FUNCTION IF EXISTS crisis_match_truncate()",
    "DROP TRIGGER IF EXISTS crisis_match_profile_insert ON coproducers_coproducerprofile",
    "DROP TRIGGER IF EXISTS crisis_match_profile_update ON coproducers_coproducerprofile",
    "DROP TRIGGER IF EXISTS crisis_match_profile_delete ON coproducers_coproducerprofile",
    "DROP TRIGGER IF EXISTS crisis_match_skill_insert"
    " ON coproducers_coproducerprofile_skills",
    "DROP TRIGGER IF EXISTS crisis_match_skill_delete"
    " ON coproducers_coproducerprofile_skills",
    "DROP FUNCTION IF EXISTS crisis_match_profiles()",
    "DROP FUNCTION IF EXISTS crisis_match_skills()",
    "DROP FUNCTION IF EXISTS crisis_match_refresh(bigint[])",
    "DROP TABLE IF EXISTS crisis_match",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("crisis", "0002_profile_match_indexes"),
        ("coproducers", "0005_tenant_settings"),
    ]

    operations = [migrations.RunPython(create, drop)]
