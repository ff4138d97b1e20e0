"""Ranking the registry's co-producers for a need, in one SQL query.

Who is a candidate: a ``coproducers.CoproducerProfile`` of the tenant whose person gave
consent (and has not withdrawn it) and agreed to be called out (``callout_ok``).

The order, most important first:

1. fewest required languages missing, then fewest required skills missing;
2. available in the need's window: an availability exception covering the need's first
   day decides (not available / extra day); otherwise the weekly availability of that
   weekday for the parts of the day the window touches (morning 06–12, afternoon
   12–17, evening 17–22, local time; a window entirely at night asks nothing of it);
3. not already deployed then: no confirmed sign-up on another shift overlapping the
   window (an accepted call-out is such a sign-up);
4. nearest area: the longest shared leading part of the postcode (Finnish postcodes
   are hierarchical, so ``00530`` and ``00510`` share ``005``: distance ``5 - 3 = 2``);
   an empty area is the farthest.

Ties go to the lower person id, so the ranking is stable. Every row carries what it
ranks on, and ``Candidate.reasons``/``lacks`` put that into words.

The query is written for PostgreSQL (jsonb) and SQLite (json_each): the same shape,
two spellings of "does this JSON array hold this string".
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.coproducers.vocab import WEEKDAYS, language_label

from .models import CallOut, Need

# (part, first hour, hour after the last)
DAY_PARTS = (("morning", 6, 12), ("afternoon", 12, 17), ("evening", 17, 22))
POSTCODE_DIGITS = 5


def day_parts(starts_at: dt.datetime, ends_at: dt.datetime) -> tuple[str, list[str]]:
    """The weekday code and the parts of the day the window touches, local time (a
    window over midnight: the parts of its first day)."""
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at)
    day_end = start.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(
        days=1
    )
    end = min(end, day_end)
    parts = []
    for name, first, last in DAY_PARTS:
        part_start = start.replace(hour=first, minute=0, second=0, microsecond=0)
        part_end = start.replace(
            hour=0, minute=0, second=0, microsecond=0
        ) + dt.timedelta(hours=last)
        if start < part_end and end > part_start:
            parts.append(name)
    return WEEKDAYS[start.weekday()][0], parts


def shared_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@dataclass
class Candidate:
    person_id: int
    name: str
    area: str
    languages_missing: list[str]
    skills_missing: list[str]
    available: bool
    deployed: bool
    prefix: int
    asked: str | None = None  # the status of a call-out already sent for this need
    rank: int = 0
    reasons: list[str] = field(default_factory=list)
    lacks: list[str] = field(default_factory=list)

    @property
    def distance(self) -> int:
        return POSTCODE_DIGITS - self.prefix


def _has(column: str, path: str | None = None) -> str:
    """SQL: the JSON array at ``column`` (or its key ``path``) holds the string %s."""
    if connection.vendor == "postgresql":
        target = f"({column} -> '{path}')" if path else column
        return f"jsonb_exists({target}, %s)"
    where = f"json_each({column}, '$.{path}')" if path else f"json_each({column})"
    return f"EXISTS (SELECT 1 FROM {where} WHERE value = %s)"  # noqa: S608 (our columns)


def _sql(  # noqa: PLR0913
    need: Need,
    *,
    skill_ids: list[int],
    exclude_asked: bool,
    limit: int,
    offset: int,
    level: Level | None = None,
):
    weekday, parts = day_parts(need.starts_at, need.ends_at)
    params: list = []
    lang_terms = []
    for code in need.languages:
        lang_terms.append(f"(CASE WHEN {_has('p.languages')} THEN 0 ELSE 1 END)")
        params.append(code)
    lang_missing = " + ".join(lang_terms) or "0"
    if parts:
        weekly = " OR ".join(_has("p.availability", weekday) for _p in parts)
        params.extend(parts)
    else:
        weekly = "1 = 1"
    area = need.area[:POSTCODE_DIGITS]
    prefix_cases = []
    for k in range(len(area), 0, -1):
        prefix_cases.append(f"WHEN substr(p.area, 1, {k}) = %s THEN {k}")
        params.append(area[:k])
    prefix = f"CASE {' '.join(prefix_cases)} ELSE 0 END" if prefix_cases else "0"
    skill_in = ", ".join(["%s"] * len(skill_ids)) or "NULL"
    day = timezone.localtime(need.starts_at).date()
    true = "true" if connection.vendor == "postgresql" else "1"
    narrow, narrow_params = _narrow(need, level, skill_ids, weekly, parts, area)
    if level is not None and level.area:
        # few rows (the postcode index finds them): look their skills and exceptions up
        # one by one rather than aggregating everybody's
        joins = f"""
        LEFT JOIN LATERAL (
            SELECT count(*) AS n FROM coproducers_coproducerprofile_skills ps
            WHERE ps.coproducerprofile_id = p.id AND ps.skill_id IN ({skill_in})
        ) sk ON true
        LEFT JOIN LATERAL (
            SELECT MAX(CASE WHEN e.available THEN 0 ELSE 1 END) AS off,
                   MAX(CASE WHEN e.available THEN 1 ELSE 0 END) AS extra
            FROM coproducers_availabilityexception e
            WHERE e.profile_id = p.id AND e.starts_on <= %s AND e.ends_on >= %s
        ) ex ON true"""  # noqa: S608 (placeholders only; values go as parameters)
        join_params = [*skill_ids, connection.ops.adapt_datefield_value(day),
                       connection.ops.adapt_datefield_value(day)]  # fmt: skip
    else:
        joins = "LEFT JOIN sk ON sk.pid = p.id LEFT JOIN ex ON ex.pid = p.id"
        join_params = []
    sql = f"""
    WITH sk AS (
        SELECT ps.coproducerprofile_id AS pid, count(*) AS n
        FROM coproducers_coproducerprofile_skills ps
        WHERE ps.skill_id IN ({skill_in})
        GROUP BY ps.coproducerprofile_id
    ), ex AS (
        SELECT e.profile_id AS pid,
               MAX(CASE WHEN e.available THEN 0 ELSE 1 END) AS off,
               MAX(CASE WHEN e.available THEN 1 ELSE 0 END) AS extra
        FROM coproducers_availabilityexception e
        WHERE e.tenant_id = %s AND e.starts_on <= %s AND e.ends_on >= %s
        GROUP BY e.profile_id
    ), busy AS (
        SELECT DISTINCT su.person_id
        FROM coproducers_signup su
        JOIN coproducers_shift sh ON sh.id = su.shift_id
        WHERE su.tenant_id = %s AND su.status = 'confirmed' AND sh.cancelled = {"false" if true == "true" else "0"}
          AND sh.starts_at < %s AND sh.ends_at > %s AND sh.id <> %s
    ), asked AS (
        SELECT c.person_id, c.status FROM crisis_callout c WHERE c.need_id = %s
    )
    SELECT top.*, pp.given_name, pp.family_name FROM (
    SELECT ranked.* FROM (
        SELECT p.person_id, p.area AS p_area, p.languages AS p_languages, p.id AS pid,
               {lang_missing} AS lang_missing,
               %s - COALESCE(sk.n, 0) AS skill_missing,
               CASE WHEN ex.off = 1 THEN 0 WHEN ex.extra = 1 THEN 1
                    WHEN {weekly} THEN 1 ELSE 0 END AS available,
               CASE WHEN busy.person_id IS NULL THEN 0 ELSE 1 END AS deployed,
               {prefix} AS prefix,
               asked.status AS asked
        FROM coproducers_coproducerprofile p
        {joins}
        LEFT JOIN busy ON busy.person_id = p.person_id
        LEFT JOIN asked ON asked.person_id = p.person_id
        WHERE p.tenant_id = %s AND p.callout_ok = {true}
          AND p.consent_at IS NOT NULL AND p.consent_withdrawn_at IS NULL
          {narrow}
    ) ranked
    {"WHERE asked IS NULL AND deployed = 0" if exclude_asked else ""}
    ORDER BY lang_missing, skill_missing, available DESC, deployed, prefix DESC,
             ranked.person_id
    LIMIT %s OFFSET %s
    ) top
    JOIN people_person pp ON pp.id = top.person_id
    ORDER BY lang_missing, skill_missing, available DESC, deployed, prefix DESC,
             top.person_id
    """  # noqa: S608 (the text is ours: every value goes as a parameter)
    head = [
        *skill_ids,
        need.tenant_id,
        connection.ops.adapt_datefield_value(day),
        connection.ops.adapt_datefield_value(day),
        need.tenant_id,
        connection.ops.adapt_datetimefield_value(need.ends_at),
        connection.ops.adapt_datetimefield_value(need.starts_at),
        need.shift_id or 0,
        need.pk,
    ]
    # the order of the placeholders in the text: CTEs, then the select list, then WHERE
    select_params = params[: len(need.languages)]
    weekly_params = params[
        len(need.languages) : len(need.languages) + (len(parts) if parts else 0)
    ]
    prefix_params = params[len(select_params) + len(weekly_params) :]
    all_params = [
        *head,
        *select_params,
        len(skill_ids),
        *weekly_params,
        *prefix_params,
        *join_params,
        need.tenant_id,
        *narrow_params,
        limit,
        offset,
    ]
    return sql, all_params


@dataclass(frozen=True)
class Level:
    """A narrower set to rank first (see ``candidates_rank``): only those with every
    required language, every required skill, available by the week or an extra day,
    sharing the first ``area`` digits of the postcode."""

    languages: bool = False
    skills: bool = False
    available: bool = False
    area: int = 0

    def exact(self, key: tuple[int, int, int, int, int]) -> bool:
        """Whether the k-th row's key (languages missing, skills missing, available,
        deployed, prefix) proves that nobody outside the narrower set ranks above it:
        everybody outside misses a language or a skill, is unavailable, or shares fewer
        postcode digits, so ranks below a row that misses nothing of that."""
        lm, sm, av, dep, prefix = key
        if self.area:
            return (lm, sm, av, dep) == (0, 0, 1, 0) and prefix >= self.area
        if self.available:
            return (lm, sm, av) == (0, 0, 1)
        if self.skills:
            return (lm, sm) == (0, 0)
        return lm == 0


def _narrow(need, level, skill_ids, weekly, parts, area) -> tuple[str, list]:
    if level is None:
        return "", []
    terms: list[str] = []
    params: list[object] = []
    if level.languages and need.languages:
        terms.append("p.languages @> %s::jsonb")
        params.append(json.dumps(list(need.languages)))
    if level.skills and skill_ids:
        terms.append("COALESCE(sk.n, 0) = %s")
        params.append(len(skill_ids))
    if level.available and parts:
        terms.append(f"(COALESCE(ex.extra, 0) = 1 OR {weekly})")
        params.extend(parts)
    if level.area:
        terms.append("p.area LIKE %s")
        params.append(area[: level.area] + "%")
    return "".join(f" AND {t}" for t in terms), params


def _levels(need: Need, skill_ids: list[int], area: str) -> list[Level]:
    """From the narrowest set to the widest, each only where it narrows something."""
    out = []
    for digits in (POSTCODE_DIGITS,):
        if len(area) >= digits:
            out.append(Level(True, True, True, digits))
    out.append(Level(True, True, True))
    if skill_ids:
        out.append(Level(True, True))
    if need.languages:
        out.append(Level(True))
    return out


def _week_mask(weekday: str, parts: list[str]) -> int:
    """The bits of ``crisis_match.week`` for these parts of that weekday (bit
    ``3 * weekday + part``, as migration crisis/0003 computes them)."""
    day = [code for code, _label in WEEKDAYS].index(weekday)
    names = [name for name, _first, _last in DAY_PARTS]
    return sum(1 << (3 * day + names.index(part)) for part in parts)


def _match_sql(  # noqa: PLR0913
    need: Need,
    *,
    skill_ids: list[int],
    exclude_asked: bool,
    limit: int,
    offset: int,
    level: Level | None = None,
) -> tuple[str, list]:
    """The ranking on PostgreSQL over the compact match rows (``crisis_match``,
    migration crisis/0003): the same order and the same row shape as ``_sql``. With a
    ``level``, only that narrower set, which the rows' indexes find (languages and
    skills by GIN, the area by prefix), each row's exceptions looked up one by one;
    without, everybody, the exceptions of the day aggregated once."""
    weekday, parts = day_parts(need.starts_at, need.ends_at)
    mask = _week_mask(weekday, parts)
    day = connection.ops.adapt_datefield_value(
        timezone.localtime(need.starts_at).date()
    )
    area = need.area[:POSTCODE_DIGITS]
    params: list = []
    # the CTEs: the people deployed elsewhere then (a hashed subplan below), and for
    # everybody the exceptions covering the day
    sql = """
    WITH busy AS (
        SELECT su.person_id
        FROM coproducers_signup su
        JOIN coproducers_shift sh ON sh.id = su.shift_id
        WHERE su.tenant_id = %s AND su.status = 'confirmed' AND NOT sh.cancelled
          AND sh.starts_at < %s AND sh.ends_at > %s AND sh.id <> %s
    )"""
    params += [
        need.tenant_id,
        connection.ops.adapt_datetimefield_value(need.ends_at),
        connection.ops.adapt_datetimefield_value(need.starts_at),
        need.shift_id or 0,
    ]
    if level is None:
        sql += """, ex AS (
        SELECT e.profile_id AS pid,
               MAX(CASE WHEN e.available THEN 0 ELSE 1 END) AS off,
               MAX(CASE WHEN e.available THEN 1 ELSE 0 END) AS extra
        FROM coproducers_availabilityexception e
        WHERE e.tenant_id = %s AND e.starts_on <= %s AND e.ends_on >= %s
        GROUP BY e.profile_id
    )"""
        params += [need.tenant_id, day, day]
    lang_terms = []
    for code in need.languages:
        lang_terms.append(
            "(CASE WHEN m.languages @> ARRAY[%s]::text[] THEN 0 ELSE 1 END)"
        )
        params.append(code)
    skill_terms = []
    for sid in skill_ids:
        skill_terms.append(
            "(CASE WHEN m.skills @> ARRAY[%s]::bigint[] THEN 0 ELSE 1 END)"
        )
        params.append(sid)
    weekly = "(m.week & %s) <> 0" if parts else "true"
    if parts:
        params.append(mask)
    prefix_cases = []
    for k in range(len(area), 0, -1):
        prefix_cases.append(f"WHEN substr(m.area, 1, {k}) = %s THEN {k}")
        params.append(area[:k])
    prefix = f"CASE {' '.join(prefix_cases)} ELSE 0 END" if prefix_cases else "0"
    sql += f"""
    SELECT top.*, pp.given_name, pp.family_name FROM (
    SELECT ranked.* FROM (
        SELECT m.person_id, m.area AS p_area, m.languages AS p_languages,
               m.profile_id AS pid,
               {" + ".join(lang_terms) or "0"} AS lang_missing,
               {" + ".join(skill_terms) or "0"} AS skill_missing,
               CASE WHEN ex.off = 1 THEN 0 WHEN ex.extra = 1 THEN 1
                    WHEN {weekly} THEN 1 ELSE 0 END AS available,
               CASE WHEN m.person_id IN (SELECT b.person_id FROM busy b)
                    THEN 1 ELSE 0 END AS deployed,
               {prefix} AS prefix,
               c.status AS asked
        FROM crisis_match m"""  # noqa: S608 (the text is ours: values go as parameters)
    if level is None:
        sql += "\n        LEFT JOIN ex ON ex.pid = m.profile_id"
    else:
        sql += """
        LEFT JOIN LATERAL (
            SELECT MAX(CASE WHEN e.available THEN 0 ELSE 1 END) AS off,
                   MAX(CASE WHEN e.available THEN 1 ELSE 0 END) AS extra
            FROM coproducers_availabilityexception e
            WHERE e.profile_id = m.profile_id AND e.starts_on <= %s AND e.ends_on >= %s
        ) ex ON true"""
        params += [day, day]
    sql += """
        LEFT JOIN crisis_callout c ON c.need_id = %s AND c.person_id = m.person_id
        WHERE m.tenant_id = %s"""
    params += [need.pk, need.tenant_id]
    if level is not None:
        if level.languages and need.languages:
            sql += " AND m.languages @> %s::text[]"
            params.append(list(need.languages))
        if level.skills and skill_ids:
            sql += " AND m.skills @> %s::bigint[]"
            params.append(list(skill_ids))
        if level.available and parts:
            sql += " AND (COALESCE(ex.extra, 0) = 1 OR (m.week & %s) <> 0)"
            params.append(mask)
        if level.area:
            sql += " AND m.area LIKE %s"
            params.append(area[: level.area] + "%")
    sql += f"""
    ) ranked
    {"WHERE asked IS NULL AND deployed = 0" if exclude_asked else ""}
    ORDER BY lang_missing, skill_missing, available DESC, deployed, prefix DESC,
             ranked.person_id
    LIMIT %s OFFSET %s
    ) top
    JOIN people_person pp ON pp.id = top.person_id
    ORDER BY lang_missing, skill_missing, available DESC, deployed, prefix DESC,
             top.person_id
    """
    params += [limit, offset]
    return sql, params


def _rows(need, skill_ids, *, limit, offset, exclude_asked):
    """The ranked rows. On PostgreSQL over the compact match rows (``_match_sql``),
    first from narrower sets that their indexes find fast, each taken as soon as its
    last row proves it exact, else from everybody; on SQLite over the profiles
    themselves (``_sql``)."""
    if connection.vendor != "postgresql":
        sql, params = _sql(
            need,
            skill_ids=skill_ids,
            exclude_asked=exclude_asked,
            limit=limit,
            offset=offset,
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    levels = _levels(need, skill_ids, need.area[:POSTCODE_DIGITS])
    if limit + offset > 1000:
        levels = []
    with connection.cursor() as cursor:
        for level in [*levels, None]:
            sql, params = _match_sql(
                need,
                skill_ids=skill_ids,
                exclude_asked=exclude_asked,
                limit=limit,
                offset=offset,
                level=level,
            )
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            if level is None or (
                len(rows) == limit and level.exact(tuple(rows[-1][4:9]))
            ):
                return rows
    return []


def candidates_rank(
    need: Need, *, limit: int = 50, offset: int = 0, exclude_asked: bool = False
) -> list[Candidate]:
    """The need's candidates, best first (see the module's docstring for the order):
    one query for the ranking (with each row's name, area and languages), one for the
    skills of the rows returned when the need asks for skills."""
    skills = dict(need.skills.values_list("pk", "name")) if need.pk else {}
    rows = _rows(
        need, sorted(skills), limit=limit, offset=offset, exclude_asked=exclude_asked
    )
    owned: dict[int, set[int]] = {}
    if skills and rows:
        from coproduce.coproducers.models import CoproducerProfile

        through = CoproducerProfile.skills.through
        for pid, sid in through.objects.filter(
            coproducerprofile_id__in=[r[3] for r in rows], skill_id__in=list(skills)
        ).values_list("coproducerprofile_id", "skill_id"):
            owned.setdefault(pid, set()).add(sid)
    out = []
    for i, row in enumerate(rows, start=offset + 1):
        (person_id, area, languages, pid, _lm, _sm, available, deployed, prefix,
         asked, given, family) = row  # fmt: skip
        if isinstance(languages, str):  # SQLite hands JSON over as text
            languages = json.loads(languages)
        candidate = Candidate(
            person_id=person_id,
            name=f"{given} {family}",
            area=area,
            languages_missing=[c for c in need.languages if c not in (languages or [])],
            skills_missing=[
                n for pk, n in skills.items() if pk not in owned.get(pid, ())
            ],
            available=bool(available),
            deployed=bool(deployed),
            prefix=int(prefix),
            asked=asked,
            rank=i,
        )
        _explain(candidate, need, skills)
        out.append(candidate)
    return out


def _explain(c: Candidate, need: Need, skills: dict[int, str]) -> None:
    spoken = [language_label(x) for x in need.languages if x not in c.languages_missing]
    if spoken:
        c.reasons.append(_("Speaks %(languages)s") % {"languages": ", ".join(spoken)})
    has = [n for n in skills.values() if n not in c.skills_missing]
    if has:
        c.reasons.append(_("Has %(skills)s") % {"skills": ", ".join(has)})
    if c.available:
        c.reasons.append(_("Available then"))
    if not c.deployed:
        c.reasons.append(_("Not deployed elsewhere then"))
    if c.prefix:
        c.reasons.append(
            _("Postcode area %(area)s: distance %(distance)s")
            % {"area": c.area, "distance": c.distance}
        )
    if c.languages_missing:
        c.lacks.append(
            _("Does not speak %(languages)s")
            % {"languages": ", ".join(language_label(x) for x in c.languages_missing)}
        )
    if c.skills_missing:
        c.lacks.append(_("Lacks %(skills)s") % {"skills": ", ".join(c.skills_missing)})
    if not c.available:
        c.lacks.append(_("Not available then"))
    if c.deployed:
        c.lacks.append(_("Already deployed then"))
    if not c.prefix:
        c.lacks.append(_("Lives or works in another area"))


def already_asked(need: Need) -> set[int]:
    return set(CallOut.objects.filter(need=need).values_list("person_id", flat=True))
