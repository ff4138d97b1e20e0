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


def _parts_between(start: dt.datetime, end: dt.datetime) -> list[str]:
    """The parts of the day (of ``start``'s day) that ``start``–``end`` touches."""
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    parts = []
    for name, first, last in DAY_PARTS:
        part_start = midnight + dt.timedelta(hours=first)
        part_end = midnight + dt.timedelta(hours=last)
        if start < part_end and end > part_start:
            parts.append(name)
    return parts


@dataclass(frozen=True)
class Day:
    """One local day a need's window touches: its date, weekday code and parts."""

    date: dt.date
    weekday: str
    parts: tuple[str, ...]


def window_days(starts_at: dt.datetime, ends_at: dt.datetime) -> list[Day]:
    """The local days the window touches (one, or two over midnight: a window lasts at
    most 24 hours), each with the parts of the day it touches there."""
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at)
    days = []
    while start < end:
        next_midnight = start.replace(
            hour=0, minute=0, second=0, microsecond=0
        ) + dt.timedelta(days=1)
        until = min(end, next_midnight)
        days.append(
            Day(
                start.date(),
                WEEKDAYS[start.weekday()][0],
                tuple(_parts_between(start, until)),
            )
        )
        start = timezone.localtime(next_midnight)
    return days


def day_parts(starts_at: dt.datetime, ends_at: dt.datetime) -> tuple[str, list[str]]:
    """The weekday code and the parts of the day the window touches on its first day
    (``window_days`` gives every day of a window over midnight)."""
    first = window_days(starts_at, ends_at)[0]
    return first.weekday, list(first.parts)


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


def _date(day: dt.date):
    return connection.ops.adapt_datefield_value(day)


def _exceptions_sql(
    days: list[Day], *, profile: str | None = None, tenant_id: int = 0
) -> tuple[str, list]:
    """SQL of the exceptions covering each day of the window, one row per profile:
    ``off<i>`` (away that day), ``extra<i>`` (available that day beyond the week). With
    ``profile`` (a column), only that profile's (a lateral lookup); else everybody's,
    grouped by ``pid``."""
    columns, params = [], []
    for i, day in enumerate(days):
        columns.append(
            f"MAX(CASE WHEN e.starts_on <= %s AND e.ends_on >= %s AND NOT e.available "
            f"THEN 1 ELSE 0 END) AS off{i}, "
            f"MAX(CASE WHEN e.starts_on <= %s AND e.ends_on >= %s AND e.available "
            f"THEN 1 ELSE 0 END) AS extra{i}"
        )
        params += [_date(day.date), _date(day.date)] * 2
    where = "e.starts_on <= %s AND e.ends_on >= %s"
    params += [_date(days[-1].date), _date(days[0].date)]
    if profile is not None:
        sql = " ".join(  # our columns and placeholders only
            ["SELECT", ", ".join(columns), "FROM coproducers_availabilityexception e",
             f"WHERE e.profile_id = {profile} AND {where}"]
        )  # fmt: skip
        return sql, params
    sql = " ".join(  # our columns and placeholders only
        ["SELECT e.profile_id AS pid,", ", ".join(columns),
         "FROM coproducers_availabilityexception e",
         f"WHERE e.tenant_id = %s AND {where} GROUP BY e.profile_id"]
    )  # fmt: skip
    return sql, [*params[:-2], tenant_id, *params[-2:]]


def _available_sql(days: list[Day], weekly) -> tuple[str, list, list[str], list]:
    """SQL of "available in the window": on every day it touches, an exception of that
    day decides (away: no; extra day: yes), else the weekly availability of that
    weekday for the parts of the day touched there (a day touched only at night asks
    nothing of it). ``weekly(day)`` answers (SQL, params) of "available by the week on
    some part of that day". Answers the expression, its params, and each day's
    condition for the narrower sets ("not ruled out that day": extra, or by the week)
    with their params."""
    terms, params, loose, loose_params = [], [], [], []
    for i, day in enumerate(days):
        if day.parts:
            week_sql, week_params = weekly(day)
        else:
            week_sql, week_params = "1 = 1", []
        terms.append(
            f"(CASE WHEN ex.off{i} = 1 THEN 0 WHEN ex.extra{i} = 1 THEN 1 "
            f"WHEN {week_sql} THEN 1 ELSE 0 END)"
        )
        params += week_params
        if day.parts:
            loose.append(f"(COALESCE(ex.extra{i}, 0) = 1 OR {week_sql})")
            loose_params += week_params
    return " * ".join(terms), params, loose, loose_params


def _ranked_tail(*, exclude_asked: bool) -> str:
    """The end both rankings share (over the profiles, over the match rows): the
    order of the levels, the page, and the person's name joined to the page only."""
    where = "WHERE asked IS NULL AND deployed = 0" if exclude_asked else ""
    return f"""
    ) ranked
    {where}
    ORDER BY lang_missing, skill_missing, available DESC, deployed, prefix DESC,
             ranked.person_id
    LIMIT %s OFFSET %s
    ) top
    JOIN people_person pp ON pp.id = top.person_id
    ORDER BY lang_missing, skill_missing, available DESC, deployed, prefix DESC,
             top.person_id
    """


def _sql(
    need: Need,
    *,
    skill_ids: list[int],
    exclude_asked: bool,
    limit: int,
    offset: int,
) -> tuple[str, list]:
    """The ranking in one query over the profiles themselves, everybody ranked: what
    SQLite runs (json_each), and the reference the match rows' ranking is tested
    against on PostgreSQL (jsonb)."""
    days = window_days(need.starts_at, need.ends_at)
    true, false = ("true", "false") if connection.vendor == "postgresql" else ("1", "0")
    area = need.area[:POSTCODE_DIGITS]
    skill_in = ", ".join(["%s"] * len(skill_ids)) or "NULL"
    ex_sql, ex_params = _exceptions_sql(days, tenant_id=need.tenant_id)
    params: list = [*skill_ids, *ex_params]
    sql = f"""
    WITH sk AS (
        SELECT ps.coproducerprofile_id AS pid, count(*) AS n
        FROM coproducers_coproducerprofile_skills ps
        WHERE ps.skill_id IN ({skill_in})
        GROUP BY ps.coproducerprofile_id
    ), ex AS ({ex_sql}), busy AS (
        SELECT DISTINCT su.person_id
        FROM coproducers_signup su
        JOIN coproducers_shift sh ON sh.id = su.shift_id
        WHERE su.tenant_id = %s AND su.status = 'confirmed' AND sh.cancelled = {false}
          AND sh.starts_at < %s AND sh.ends_at > %s AND sh.id <> %s
    ), asked AS (
        SELECT c.person_id, c.status FROM crisis_callout c WHERE c.need_id = %s
    )"""  # noqa: S608 (the text is ours: every value goes as a parameter)
    params += [
        need.tenant_id,
        connection.ops.adapt_datetimefield_value(need.ends_at),
        connection.ops.adapt_datetimefield_value(need.starts_at),
        need.shift_id or 0,
        need.pk,
    ]
    lang_terms = []
    for code in need.languages:
        lang_terms.append(f"(CASE WHEN {_has('p.languages')} THEN 0 ELSE 1 END)")
        params.append(code)
    params.append(len(skill_ids))

    def weekly(day: Day):
        return (
            "("
            + " OR ".join(_has("p.availability", day.weekday) for _ in day.parts)
            + ")",
            list(day.parts),
        )

    available, avail_params, _loose, _loose_params = _available_sql(days, weekly)
    params += avail_params
    prefix_cases = []
    for k in range(len(area), 0, -1):
        prefix_cases.append(f"WHEN substr(p.area, 1, {k}) = %s THEN {k}")
        params.append(area[:k])
    prefix = f"CASE {' '.join(prefix_cases)} ELSE 0 END" if prefix_cases else "0"
    sql += f"""
    SELECT top.*, pp.given_name, pp.family_name FROM (
    SELECT ranked.* FROM (
        SELECT p.person_id, p.area AS p_area, p.languages AS p_languages, p.id AS pid,
               {" + ".join(lang_terms) or "0"} AS lang_missing,
               %s - COALESCE(sk.n, 0) AS skill_missing,
               {available} AS available,
               CASE WHEN busy.person_id IS NULL THEN 0 ELSE 1 END AS deployed,
               {prefix} AS prefix,
               asked.status AS asked
        FROM coproducers_coproducerprofile p
        LEFT JOIN sk ON sk.pid = p.id LEFT JOIN ex ON ex.pid = p.id
        LEFT JOIN busy ON busy.person_id = p.person_id
        LEFT JOIN asked ON asked.person_id = p.person_id
        WHERE p.tenant_id = %s AND p.callout_ok = {true}
          AND p.consent_at IS NOT NULL AND p.consent_withdrawn_at IS NULL
    """  # noqa: S608 (the text is ours: every value goes as a parameter)
    sql += _ranked_tail(exclude_asked=exclude_asked)
    params += [need.tenant_id, limit, offset]
    return sql, params


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


def _week_mask(weekday: str, parts) -> int:
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
    without, everybody, the exceptions of the window aggregated once."""
    days = window_days(need.starts_at, need.ends_at)
    area = need.area[:POSTCODE_DIGITS]
    params: list = []
    # the people deployed elsewhere then (a hashed subplan below), and for everybody
    # the exceptions covering the window's days
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
        ex_sql, ex_params = _exceptions_sql(days, tenant_id=need.tenant_id)
        sql += f", ex AS ({ex_sql})"
        params += ex_params
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

    def weekly(day: Day):
        return "(m.week & %s) <> 0", [_week_mask(day.weekday, day.parts)]

    available, avail_params, loose, loose_params = _available_sql(days, weekly)
    params += avail_params
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
               {available} AS available,
               CASE WHEN m.person_id IN (SELECT b.person_id FROM busy b)
                    THEN 1 ELSE 0 END AS deployed,
               {prefix} AS prefix,
               c.status AS asked
        FROM crisis_match m"""  # noqa: S608 (the text is ours: values go as parameters)
    if level is None:
        sql += "\n        LEFT JOIN ex ON ex.pid = m.profile_id"
    else:
        ex_sql, ex_params = _exceptions_sql(days, profile="m.profile_id")
        sql += f"\n        LEFT JOIN LATERAL ({ex_sql}) ex ON true"
        params += ex_params
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
        if level.available and loose:
            sql += "".join(f" AND {term}" for term in loose)
            params += loose_params
        if level.area:
            sql += " AND m.area LIKE %s"
            params.append(area[: level.area] + "%")
    sql += _ranked_tail(exclude_asked=exclude_asked)
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
