"""Reads for qualitative evidence: projects, their documents and codebook, the codings a
coder may see, agreement per code with the disagreements to reconcile, and code
frequencies by group. Each is a fixed number of queries."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coproduce.initiatives.vocab import ActorRole

from .agreement import CodeAgreement, alpha_reading, code_agreement
from .models import Code, CoderAssignment, Coding, CodingProject, Document

READINGS = {
    "reliable": _("reliable (alpha ≥ 0.800)"),
    "tentative": _("tentative conclusions only (0.667 ≤ alpha < 0.800)"),
    "unreliable": _("not reliable (alpha < 0.667)"),
    "undefined": _("undefined: no variation to judge by"),
}

GROUPS = (
    "kind",
    "initiative",
    "panel",
    "wave",
    "item",
    "role",
    "organisation",
    "activity kind",
    "stage",
)
GROUP_LABELS = {
    "kind": _("kind of text"),
    "initiative": _("initiative"),
    "panel": _("panel"),
    "wave": _("wave"),
    "item": _("question"),
    "role": _("respondent's role"),
    "organisation": _("respondent's organisation"),
    "activity kind": _("kind of activity"),
    "stage": _("stage"),
}


def project_list(projects: QuerySet[CodingProject]) -> QuerySet[CodingProject]:
    return (
        projects.select_related("initiative")
        .annotate(
            n_documents=Count("documents", distinct=True),
            n_codes=Count("codes", distinct=True),
        )
        .order_by("title", "id")
    )


def _documents(
    project: CodingProject, documents: QuerySet[Document] | None
) -> QuerySet[Document]:
    """The project's documents, or those of them the caller may read
    (``access.document_visible``) where given."""
    if documents is not None:
        return documents
    return Document.objects.filter(tenant_id=project.tenant_id, project=project)


def document_list(
    project: CodingProject, documents: QuerySet[Document] | None = None
) -> QuerySet[Document]:
    return (
        _documents(project, documents)
        .annotate(n_codings=Count("codings"))
        .order_by("id")
    )


@dataclass
class CodeNode:
    code: Code
    depth: int
    children: list["CodeNode"] = field(default_factory=list)
    n_codings: int = 0

    @property
    def indent(self) -> str:
        return "– " * self.depth


def codebook(project: CodingProject) -> list[CodeNode]:
    """The codes in tree order (parents before their children, names in order), each with
    its depth: one query."""
    codes = list(
        Code.objects.filter(tenant_id=project.tenant_id, project=project).order_by(
            "name", "id"
        )
    )
    by_parent: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        by_parent[code.parent_id].append(code)
    out: list[CodeNode] = []

    def walk(parent_id, depth):
        for code in by_parent.get(parent_id, []):
            out.append(CodeNode(code=code, depth=depth))
            walk(code.pk, depth + 1)

    walk(None, 0)
    return out


def coder_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@dataclass
class Disagreement:
    document: Document
    applied_by: list[str]
    not_applied_by: list[str]


@dataclass
class CodeResult:
    code: Code
    agreement: CodeAgreement
    reading: str
    disagreements: list[Disagreement]


@dataclass
class ProjectAgreement:
    coders: list[str]
    n_documents: int
    results: list[CodeResult]


def _coders_and_reads(project: CodingProject):
    """Who read which document: a coder read a document given to them in the sample, or
    one they applied any code to."""
    reads: dict[str, set[int]] = defaultdict(set)
    names: dict[str, str] = {}
    users: dict[int, str | None] = {}
    for coder_id, document_id in CoderAssignment.objects.filter(
        tenant_id=project.tenant_id, project=project
    ).values_list("coder_id", "document_id"):
        reads[f"user:{coder_id}"].add(document_id)
        users[coder_id] = None
    codings = list(
        Coding.objects.filter(
            tenant_id=project.tenant_id, document__project=project
        ).values_list("coder_id", "coder_label", "document_id", "code_id")
    )
    for coder_id, label, document_id, _code in codings:
        key = f"user:{coder_id}" if coder_id else f"label:{label}"
        reads[key].add(document_id)
        if coder_id:
            users[coder_id] = None
        else:
            names[key] = label
    for user in get_user_model().objects.filter(pk__in=users):
        names[f"user:{user.pk}"] = coder_name(user)
    return reads, names, codings


def project_agreement(
    project: CodingProject, *, sample_only: bool = True
) -> ProjectAgreement:
    """Agreement per code on "applied / not applied" with the document as the unit.

    ``sample_only``: only the documents of the reliability sample (if there is one)."""
    reads, names, codings = _coders_and_reads(project)
    coders = sorted(reads, key=lambda k: names.get(k, k))
    codes = list(Code.objects.filter(tenant_id=project.tenant_id, project=project))
    sample = set(
        CoderAssignment.objects.filter(
            tenant_id=project.tenant_id, project=project
        ).values_list("document_id", flat=True)
    )
    docs = sorted({d for ds in reads.values() for d in ds})
    if sample_only and sample:
        docs = [d for d in docs if d in sample]
    doc_index = {d: i for i, d in enumerate(docs)}
    coder_index = {c: i for i, c in enumerate(coders)}
    code_index = {c.pk: i for i, c in enumerate(codes)}
    read = np.zeros((len(coders), len(docs)), dtype=bool)
    for key, ds in reads.items():
        for d in ds:
            if d in doc_index:
                read[coder_index[key], doc_index[d]] = True
    applied = np.zeros((len(codes), len(coders), len(docs)), dtype=bool)
    for coder_id, label, document_id, code_id in codings:
        if document_id not in doc_index:
            continue
        key = f"user:{coder_id}" if coder_id else f"label:{label}"
        applied[code_index[code_id], coder_index[key], doc_index[document_id]] = True
    stats = code_agreement(read, applied, [c.name for c in codes])

    documents = Document.objects.in_bulk(docs)
    results = []
    for ci, (code, stat) in enumerate(zip(codes, stats, strict=True)):
        disagreements = []
        for di, d in enumerate(docs):
            readers = read[:, di]
            if readers.sum() < 2:
                continue
            on = applied[ci, :, di] & readers
            if on.any() and not on[readers].all():
                disagreements.append(
                    Disagreement(
                        document=documents[d],
                        applied_by=[
                            names.get(coders[k], coders[k]) for k in np.flatnonzero(on)
                        ],
                        not_applied_by=[
                            names.get(coders[k], coders[k])
                            for k in np.flatnonzero(readers & ~on)
                        ],
                    )
                )
        results.append(
            CodeResult(
                code=code,
                agreement=stat,
                reading=str(READINGS[alpha_reading(stat.krippendorff_alpha)]),
                disagreements=disagreements,
            )
        )
    results.sort(key=lambda r: r.code.name)
    return ProjectAgreement(
        coders=[names.get(c, c) for c in coders],
        n_documents=int((read.sum(axis=0) >= 2).sum()) if docs else 0,
        results=results,
    )


@dataclass
class Frequencies:
    group: str
    values: list[str]
    rows: list[tuple[Code, list[int], int]]  # code, documents coded per value, total


def code_frequencies(
    project: CodingProject,
    *,
    group: str = "kind",
    documents: QuerySet[Document] | None = None,
) -> Frequencies:
    """Per code, the number of documents it was applied to (by any coder) in each value of
    ``group`` (a document's kind, or one of its attributes: wave, item, initiative...)."""
    visible = _documents(project, documents)
    pairs = set(
        Coding.objects.filter(
            tenant_id=project.tenant_id,
            document__project=project,
            document__in=visible.values("pk"),
        )
        .values_list("code_id", "document_id")
        .distinct()
    )
    docs = visible.values("pk", "kind", "attributes")
    label = dict(Document.Kind.choices)

    roles = dict(ActorRole.choices)

    def value_of(d) -> str:
        if group == "kind":
            return str(label.get(d["kind"], d["kind"]))
        value = (d["attributes"] or {}).get(group)
        if value is None:
            return "–"
        return str(roles.get(value, value)) if group == "role" else str(value)

    doc_value = {d["pk"]: value_of(d) for d in docs}
    values = sorted(set(doc_value.values()), key=lambda v: (len(v), v))
    counts: dict[int, Counter] = defaultdict(Counter)
    for code_id, document_id in pairs:
        counts[code_id][doc_value[document_id]] += 1
    rows = [
        (
            node.code,
            [counts[node.code.pk][v] for v in values],
            sum(counts[node.code.pk].values()),
        )
        for node in codebook(project)
    ]
    return Frequencies(group=group, values=values, rows=rows)


def group_choices(
    project: CodingProject, documents: QuerySet[Document] | None = None
) -> list[tuple[str, str]]:
    """The groups the project's frequencies can be read by, with their labels."""
    keys = {"kind"}
    for attributes in _documents(project, documents).values_list(
        "attributes", flat=True
    ):
        keys.update((attributes or {}).keys())
    known = [g for g in GROUPS if g in keys] + sorted(keys - set(GROUPS))
    return [(g, str(GROUP_LABELS.get(g, g))) for g in known]


def code_usage(project: CodingProject) -> dict[int, int]:
    return dict(
        Coding.objects.filter(tenant_id=project.tenant_id, code__project=project)
        .values_list("code")
        .annotate(n=Count("id"))
        .values_list("code", "n")
    )


def assignments_of(project: CodingProject, user) -> dict[int, CoderAssignment]:
    return {
        a.document_id: a
        for a in CoderAssignment.objects.filter(
            tenant_id=project.tenant_id, project=project, coder=user
        )
    }


def sample_progress(project: CodingProject) -> list[dict]:
    rows = (
        CoderAssignment.objects.filter(tenant_id=project.tenant_id, project=project)
        .values("coder")
        .annotate(n=Count("id"), done=Count("id", filter=Q(done_at__isnull=False)))
        .order_by("coder")
    )
    users = get_user_model().objects.in_bulk([r["coder"] for r in rows])
    return [
        {"coder": coder_name(users.get(r["coder"])), "n": r["n"], "done": r["done"]}
        for r in rows
    ]


@dataclass
class ThemeView:
    terms: list[str]
    examples: list[Document]
    name: str


def project_themes(
    project: CodingProject,
    *,
    n_themes: int = 6,
    documents: QuerySet[Document] | None = None,
) -> list[ThemeView]:
    """Suggested themes of the project's texts (``themes.theme_suggestions``), each with
    its top terms and the texts that carry it most."""
    from .themes import theme_suggestions

    rows = list(_documents(project, documents).order_by("id").values_list("pk", "text"))
    # texts in none of the stemmers' languages are stemmed in the tenant's own
    language = getattr(project.tenant, "language", "") or settings.LANGUAGE_CODE
    themes = theme_suggestions(
        [t for _pk, t in rows], n_themes=n_themes, language=language[:2]
    )
    wanted = {rows[i][0] for theme in themes for i in theme.examples}
    found = Document.objects.in_bulk(wanted)
    return [
        ThemeView(
            terms=theme.terms,
            examples=[found[rows[i][0]] for i in theme.examples],
            name=" / ".join(theme.terms[:2]),
        )
        for theme in themes
    ]


@dataclass
class MixedGroup:
    n: int
    mean_change: float | None


@dataclass
class MixedRow:
    code: Code
    with_code: MixedGroup
    without_code: MixedGroup

    @property
    def difference(self) -> float | None:
        a, b = self.with_code.mean_change, self.without_code.mean_change
        return None if a is None or b is None else a - b


@dataclass
class MixedView:
    panel: object | None = None
    before: object | None = None
    after: object | None = None
    scales: list[str] = field(default_factory=list)
    scale: str = ""
    rows: list[MixedRow] = field(default_factory=list)
    reason: str = ""


def _group(changes: dict[int, float], members: set[int]) -> MixedGroup:
    values = [changes[m] for m in members if m in changes]
    return MixedGroup(
        n=len(values), mean_change=float(np.mean(values)) if values else None
    )


def mixed_method(project: CodingProject, *, scale: str = "") -> MixedView:
    """The mixed-method view (scenario 8): for each code, the change on a scale between
    the panel's first and last waves of the respondents whose comments carry the code
    (by any coder) beside that of those whose comments do not. Respondents are panel
    members, known here by pseudonym only; the panel is the one most of the project's
    answers come from."""
    from coproduce.evaluation.models import Answer, Wave
    from coproduce.evaluation.selectors import panel_data_for
    from coproduce.evaluation.stats.panel import scale_items, scale_score

    t = project.tenant_id
    docs = dict(
        Document.objects.filter(
            tenant_id=t, project=project, source_type="evaluation.answer"
        ).values_list("pk", "source_id")
    )
    answers = {
        pk: (member, panel)
        for pk, member, panel in Answer.objects.filter(
            tenant_id=t, pk__in=[pk for pk in docs.values() if pk is not None]
        ).values_list("pk", "member_id", "wave__panel_id")
    }
    if not answers:
        return MixedView(reason=str(_("No free-text survey answer in this project.")))
    panels = Counter(panel for _m, panel in answers.values())
    panel_id = panels.most_common(1)[0][0]
    waves = list(
        Wave.objects.filter(tenant_id=t, panel_id=panel_id)
        .exclude(status=Wave.Status.DRAFT)
        .select_related("panel__instrument")
        .order_by("number")
    )
    if len(waves) < 2:
        return MixedView(
            reason=str(_("The panel has fewer than two waves to compare."))
        )
    before, after = waves[0], waves[-1]
    data = panel_data_for(before=before, after=after)
    names = [s.name for s in data.scales]
    view = MixedView(panel=before.panel, before=before, after=after, scales=names)
    if not names:
        view.reason = str(_("The panel's instrument has no scale."))
        return view
    spec = next((s for s in data.scales if s.name == scale), data.scales[0])
    view.scale = spec.name
    scores = scale_score(scale_items(data, spec))
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    for member, wave, score in zip(data.respondents, data.waves, scores, strict=True):
        if np.isnan(score):
            continue
        (first if wave == before.number else last)[int(member)] = float(score)
    changes = {m: last[m] - first[m] for m in first.keys() & last.keys()}

    member_of_doc = {
        d: answers[a][0]
        for d, a in docs.items()
        if a in answers and answers[a][1] == panel_id
    }
    commenting = set(member_of_doc.values())
    carried: dict[int, set[int]] = defaultdict(set)
    for code_id, document_id in (
        Coding.objects.filter(tenant_id=t, document_id__in=member_of_doc)
        .values_list("code_id", "document_id")
        .distinct()
    ):
        carried[code_id].add(member_of_doc[document_id])
    view.rows = [
        MixedRow(
            code=node.code,
            with_code=_group(changes, carried[node.code.pk]),
            without_code=_group(changes, commenting - carried[node.code.pk]),
        )
        for node in codebook(project)
    ]
    return view


@dataclass
class Cooccurrence:
    codes: list[Code]
    counts: list[
        list[int]
    ]  # [i][j]: texts carrying both codes i and j (i == j: code i)


def code_cooccurrence(
    project: CodingProject, documents: QuerySet[Document] | None = None
) -> Cooccurrence:
    """How many texts carry each pair of codes (applied by any coder)."""
    codes = [node.code for node in codebook(project)]
    index = {c.pk: i for i, c in enumerate(codes)}
    by_doc: dict[int, set[int]] = defaultdict(set)
    for code_id, document_id in (
        Coding.objects.filter(
            tenant_id=project.tenant_id,
            document__project=project,
            document__in=_documents(project, documents).values("pk"),
        )
        .values_list("code_id", "document_id")
        .distinct()
    ):
        by_doc[document_id].add(index[code_id])
    counts = np.zeros((len(codes), len(codes)), dtype=int)
    for present in by_doc.values():
        ids = sorted(present)
        counts[np.ix_(ids, ids)] += 1
    return Cooccurrence(codes=codes, counts=counts.tolist())


@dataclass
class CodeUse:
    codings: int
    children: int
    memos: int


def code_use(code: Code) -> CodeUse:
    """What holds a code: its codings (by any coder), sub-codes and memos."""
    return CodeUse(
        codings=Coding.objects.filter(tenant_id=code.tenant_id, code=code).count(),
        children=Code.objects.filter(tenant_id=code.tenant_id, parent=code).count(),
        memos=code.memos.count(),
    )


def project_contents(project: CodingProject) -> dict[str, int]:
    """What deleting the project would delete, counted."""
    t = project.tenant_id
    return {
        "documents": Document.objects.filter(tenant_id=t, project=project).count(),
        "codes": Code.objects.filter(tenant_id=t, project=project).count(),
        "codings": Coding.objects.filter(
            tenant_id=t, document__project=project
        ).count(),
        "memos": project.memos.count(),
    }


def code_descendants(code: Code) -> set[int]:
    """The codes under ``code`` (its sub-codes, theirs, ...), by id: one query."""
    pairs = list(
        Code.objects.filter(
            tenant_id=code.tenant_id, project_id=code.project_id
        ).values_list("pk", "parent_id")
    )
    below: set[int] = set()
    frontier = {code.pk}
    while frontier:
        frontier = {pk for pk, parent in pairs if parent in frontier} - below
        below |= frontier
    return below


def code_quotes(code: Code, *, documents: QuerySet[Document], user) -> QuerySet[Coding]:
    """The passages ``code`` was applied to, as quotes: each with its text's title and
    pseudonym, the coder and the version of the code it was applied under; only of the
    texts the reader may read (``documents``), and on a text they code blind, only
    their own codings. The passage is cut in SQL (the texts are not loaded)."""
    from django.db.models import F
    from django.db.models.functions import Substr

    blind = CoderAssignment.objects.filter(
        tenant_id=code.tenant_id, project_id=code.project_id, coder=user, blind=True
    ).values("document")
    return (
        Coding.objects.filter(
            tenant_id=code.tenant_id, code=code, document__in=documents.values("pk")
        )
        .filter(~Q(document__in=blind) | Q(coder=user))
        .select_related("document", "coder")
        .defer("document__text", "document__attributes")
        .annotate(quote=Substr("document__text", F("start") + 1, F("end") - F("start")))
        .order_by("document_id", "start", "end", "id")
    )


def memo_list(project: CodingProject, *, documents: QuerySet[Document], user):
    """The memos on the project's codes, and on passages of ``documents`` (those the
    reader may read); on a text they code blind, only their own."""
    from .models import Memo

    blind = CoderAssignment.objects.filter(
        tenant_id=project.tenant_id, project=project, coder=user, blind=True
    ).values("document")
    return (
        Memo.objects.filter(tenant_id=project.tenant_id, project=project)
        .filter(Q(document__isnull=True) | Q(document__in=documents.values("pk")))
        .filter(~Q(document__in=blind) | Q(author=user))
        .order_by("created_at", "id")
    )
