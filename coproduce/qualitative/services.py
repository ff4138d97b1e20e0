"""Writes for qualitative evidence: projects, the versioned codebook, codings, memos, the
reliability sample, and texts collected from the records or uploaded. Each is one
transaction and writes one event; whatever breaks a rule raises ``DomainError`` with a
message for the user and writes nothing."""

import random
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.core.errors import DomainError
from coproduce.core.events import event_record
from coproduce.core.services import instance_save, instance_update, validation_message

from .models import (
    MEANING_FIELDS,
    Code,
    CoderAssignment,
    CodeVersion,
    Coding,
    CodingProject,
    Document,
    Memo,
)
from .selectors import code_descendants

CODE_FIELDS = [*MEANING_FIELDS, "parent", "colour"]


def _user(actor):
    user = getattr(actor, "user", actor)
    return (
        user if user is not None and getattr(user, "is_authenticated", False) else None
    )


def _valid(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise DomainError(validation_message(exc)) from exc


@transaction.atomic
def project_create(
    *, tenant, actor, title: str, initiative=None, description: str = ""
) -> CodingProject:
    if initiative is not None and initiative.tenant_id != tenant.pk:
        raise DomainError(_("The initiative belongs to another organisation."))
    return instance_save(
        CodingProject(
            tenant=tenant, initiative=initiative, title=title, description=description
        ),
        actor=actor,
        action="qualitative.project.created",
        fields=["title", "initiative"],
    )


def _version_keep(code: Code, actor) -> CodeVersion:
    return CodeVersion.objects.create(
        tenant_id=code.tenant_id,
        code=code,
        version=code.version,
        created_by=_user(actor),
        **{f: getattr(code, f) for f in MEANING_FIELDS},
    )


@transaction.atomic
def code_create(*, project: CodingProject, actor, name: str, **values) -> Code:
    unknown = set(values) - set(CODE_FIELDS)
    if unknown:
        raise DomainError(f"Unknown field: {', '.join(sorted(unknown))}")
    parent = values.get("parent")
    if parent is not None and parent.project_id != project.pk:
        raise DomainError(_("The parent code belongs to another project."))
    code = Code(
        tenant_id=project.tenant_id, project=project, name=name.strip(), **values
    )
    code = instance_save(
        code, actor=actor, action="qualitative.code.created", fields=CODE_FIELDS
    )
    _version_keep(code, actor)
    return code


@transaction.atomic
def code_update(*, code: Code, actor, **values) -> Code:
    """Change a code. A change of its meaning (name, definition, rules, example) makes a
    new version, and the codebook's version goes up; codings made before keep theirs."""
    unknown = set(values) - set(CODE_FIELDS)
    if unknown:
        raise DomainError(f"Unknown field: {', '.join(sorted(unknown))}")
    code = Code.objects.select_for_update().get(pk=code.pk)
    meaning_changed = any(
        k in MEANING_FIELDS and getattr(code, k) != v for k, v in values.items()
    )
    if meaning_changed:
        values = {**values, "version": code.version + 1}
    code = instance_update(
        code, actor=actor, action="qualitative.code.changed", values=values
    )
    if meaning_changed:
        _version_keep(code, actor)
        CodingProject.objects.filter(pk=code.project_id).update(
            codebook_version=F("codebook_version") + 1
        )
    return code


@transaction.atomic
def coding_create(
    *,
    document: Document,
    code: Code,
    actor,
    start: int,
    end: int,
    coder_label: str = "",
) -> Coding:
    if code.project_id != document.project_id:
        raise DomainError(_("The code belongs to another project's codebook."))
    coding = Coding(
        tenant_id=document.tenant_id,
        document=document,
        code=code,
        code_version=code.version,
        coder=_user(actor),
        coder_label=coder_label,
        start=start,
        end=end,
    )
    _valid(coding)
    duplicate = Coding.objects.filter(
        tenant_id=document.tenant_id,
        document=document,
        code=code,
        coder=coding.coder,
        coder_label=coder_label,
        start=start,
        end=end,
    ).exists()
    if duplicate:
        raise DomainError(_("You have already applied this code to this passage."))
    coding.save()
    event_record(
        obj=coding,
        action="qualitative.coding.created",
        actor=actor,
        data={"code": code.pk, "version": code.version, "start": start, "end": end},
    )
    return coding


@transaction.atomic
def coding_delete(*, coding: Coding, actor) -> None:
    user = _user(actor)
    if coding.coder_id != getattr(user, "pk", None) and not actor.can(
        "initiatives.change"
    ):
        raise DomainError(_("Only the coder who applied a code may remove it."))
    data = {"code": coding.code_id, "start": coding.start, "end": coding.end}
    pk = coding.pk
    coding.delete()
    coding.pk = pk
    event_record(
        obj=coding, action="qualitative.coding.removed", actor=actor, data=data
    )


@transaction.atomic
def memo_create(
    *,
    project: CodingProject,
    actor,
    text: str,
    document: Document | None = None,
    start: int | None = None,
    end: int | None = None,
    code: Code | None = None,
) -> Memo:
    if not text.strip():
        raise DomainError(_("Write the memo."))
    for obj in (document, code):
        if obj is not None and obj.project_id != project.pk:
            raise DomainError(_("The memo's passage or code is of another project."))
    memo = Memo(
        tenant_id=project.tenant_id,
        project=project,
        document=document,
        start=start,
        end=end,
        code=code,
        author=_user(actor),
        text=text.strip(),
    )
    _valid(memo)
    memo.save()
    event_record(obj=memo, action="qualitative.memo.created", actor=actor)
    return memo


@transaction.atomic
def reliability_sample_assign(
    *,
    project: CodingProject,
    actor,
    coders: list,
    size: int,
    blind: bool = True,
    seed: int | None = None,
) -> list[Document]:
    """Give ``size`` documents, drawn at random from those not yet in the sample, to each
    of ``coders`` (two or more), to code blind. Returns the documents drawn."""
    coders = list({c.pk: c for c in coders}.values())
    if len(coders) < 2:
        raise DomainError(_("A reliability sample needs two coders or more."))
    if size < 1:
        raise DomainError(_("Draw at least one document."))
    sampled = CoderAssignment.objects.filter(
        tenant_id=project.tenant_id, project=project
    ).values("document")
    candidates = Document.objects.filter(
        tenant_id=project.tenant_id, project=project
    ).exclude(pk__in=sampled)
    pool = list(candidates.values_list("pk", flat=True))
    readable = _readable_by_all(project, coders, candidates)
    if readable is not None and len(readable) < len(pool):
        pool = readable
        if size > len(pool):
            raise DomainError(
                _(
                    "Only %(n)s documents not yet in the sample may be read by every "
                    "coder chosen (learning entries and case notes are read only by "
                    "those allowed to); draw at most that many."
                )
                % {"n": len(pool)},
                field="size",
            )
    if size > len(pool):
        raise DomainError(
            _("Only %(n)s documents are not yet in the sample; draw at most that many.")
            % {"n": len(pool)}
        )
    chosen = sorted(random.Random(seed).sample(pool, size))  # noqa: S311 (a sample)
    CoderAssignment.objects.bulk_create(
        [
            CoderAssignment(
                tenant_id=project.tenant_id,
                project=project,
                document_id=pk,
                coder=coder,
                blind=blind,
            )
            for pk in chosen
            for coder in coders
        ]
    )
    event_record(
        obj=project,
        action="qualitative.sample.assigned",
        actor=actor,
        data={"documents": chosen, "coders": [c.pk for c in coders], "blind": blind},
    )
    return list(Document.objects.filter(tenant_id=project.tenant_id, pk__in=chosen))


def _readable_by_all(project: CodingProject, coders: list, candidates) -> list | None:
    """Of ``candidates``, those every coder may read (``access.document_visible``), by
    id; ``None`` where the project holds no text some may not read (nothing to check)."""
    from coproduce.tenancy.actor import actor_build
    from coproduce.tenancy.models import TenantMembership

    from .access import document_visible

    restricted = candidates.filter(
        Q(case__isnull=False) | Q(learning_entry__isnull=False)
    )
    if not restricted.exists():
        return None
    roles = dict(
        TenantMembership.objects.filter(
            tenant_id=project.tenant_id, user__in=[c.pk for c in coders]
        ).values_list("user_id", "role")
    )
    for coder in coders:
        actor = actor_build(tenant=project.tenant, user=coder, role=roles.get(coder.pk))
        candidates = candidates.filter(
            pk__in=document_visible(actor, project).values("pk")
        )
    return list(candidates.values_list("pk", flat=True))


@transaction.atomic
def assignment_done(*, document: Document, actor) -> CoderAssignment:
    """The coder has read ``document`` through: what they did not code does not apply."""
    assignment = CoderAssignment.objects.filter(
        tenant_id=document.tenant_id, document=document, coder=_user(actor)
    ).first()
    if assignment is None:
        raise DomainError(_("This document is not in your sample."))
    assignment.done_at = timezone.now()
    assignment.save(update_fields=["done_at"])
    return assignment


def _documents_add(project: CodingProject, actor, rows: Iterable[Document]) -> int:
    """Add ``rows`` not yet collected (by source record); the number added."""
    rows = list(rows)
    have = set(
        Document.objects.filter(
            tenant_id=project.tenant_id, project=project, source_id__isnull=False
        ).values_list("source_type", "source_id")
    )
    new = [d for d in rows if (d.source_type, d.source_id) not in have]
    Document.objects.bulk_create(new, batch_size=1000)
    event_record(
        obj=project,
        action="qualitative.documents.collected",
        actor=actor,
        data={"added": len(new), "offered": len(rows)},
    )
    return len(new)


@transaction.atomic
def answers_collect(*, project: CodingProject, actor) -> int:
    """The free-text survey answers of the project's initiative (every initiative's for a
    project of the whole tenant), by the respondent's pseudonym; each once."""
    from coproduce.evaluation.models import Answer

    answers = (
        Answer.objects.filter(tenant_id=project.tenant_id, item__kind="text")
        .exclude(text="")
        .select_related("member", "item", "wave__panel__initiative")
        .order_by("wave__panel", "wave__number", "item__position", "member__pseudonym")
    )
    if project.initiative_id is not None:
        answers = answers.filter(wave__panel__initiative_id=project.initiative_id)
    answered = list(answers)
    roles, organisations = _respondent_groups(project.tenant_id, answered)
    return _documents_add(
        project,
        actor,
        (
            Document(
                tenant_id=project.tenant_id,
                project=project,
                kind=Document.Kind.ANSWER,
                title=f"{a.item.code} · {a.member.pseudonym} · "
                + _("wave %(n)s") % {"n": a.wave.number},
                text=a.text,
                source_type="evaluation.answer",
                source_id=a.pk,
                answer=a,
                pseudonym=a.member.pseudonym,
                attributes={
                    "initiative": a.wave.panel.initiative.name,
                    "panel": a.wave.panel.name,
                    "wave": a.wave.number,
                    "item": a.item.code,
                    # the respondent's groups where the panel knows the person: the
                    # role they took most in the initiative, their organisation
                    **_present(
                        role=roles.get(
                            (a.member.person_id, a.wave.panel.initiative_id)
                        ),
                        organisation=organisations.get(a.member.person_id),
                    ),
                },
            )
            for a in answered
        ),
    )


def _present(**values) -> dict:
    return {k: v for k, v in values.items() if v is not None}


def _respondent_groups(tenant_id: int, answers) -> tuple[dict, dict]:
    """For the people behind ``answers``' panel members: the role each took most often
    in each initiative ({(person, initiative): role}) and the organisation of their
    earliest membership ({person: name}); two queries whatever the number of answers."""
    from coproduce.initiatives.models import Participation
    from coproduce.people.models import Membership

    people = {a.member.person_id for a in answers if a.member.person_id}
    if not people:
        return {}, {}
    roles: dict[tuple[int, int], str] = {}
    counted = (
        Participation.objects.filter(tenant_id=tenant_id, person_id__in=people)
        .values_list("person_id", "initiative_id", "role")
        .annotate(n=Count("id"))
        .order_by("person_id", "initiative_id", "-n", "role")
    )
    for person_id, initiative_id, role, _n in counted:
        roles.setdefault((person_id, initiative_id), role)
    organisations: dict[int, str] = {}
    for person_id, name in (
        Membership.objects.filter(tenant_id=tenant_id, person_id__in=people)
        .order_by("person_id", "created_at", "id")
        .values_list("person_id", "organisation__name")
    ):
        organisations.setdefault(person_id, name)
    return roles, organisations


@transaction.atomic
def activity_notes_collect(*, project: CodingProject, actor) -> int:
    """The notes (descriptions) of the project's initiative's activities; each once."""
    from coproduce.initiatives.models import Activity

    activities = (
        Activity.objects.filter(tenant_id=project.tenant_id)
        .exclude(description="")
        .select_related("initiative")
        .order_by("starts_at", "id")
    )
    if project.initiative_id is not None:
        activities = activities.filter(initiative_id=project.initiative_id)
    return _documents_add(
        project,
        actor,
        (
            Document(
                tenant_id=project.tenant_id,
                project=project,
                kind=Document.Kind.ACTIVITY_NOTE,
                title=f"{a.starts_at:%Y-%m-%d} {a.title}",
                text=a.description,
                source_type="initiatives.activity",
                source_id=a.pk,
                attributes={
                    "initiative": a.initiative.name,
                    "activity kind": a.get_kind_display(),
                    "stage": a.get_stage_display(),
                },
            )
            for a in activities
        ),
    )


@transaction.atomic
def sustainability_collect(*, project: CodingProject, actor) -> int:
    """What assessors wrote in the sustainability assessments of the project's
    initiative (every initiative's for a project of the whole tenant): the summary, and
    per dimension why the score and what weakens it; one text per assessment, once."""
    from coproduce.sustainability.models import Assessment

    assessments = (
        Assessment.objects.filter(tenant_id=project.tenant_id)
        .select_related("initiative")
        .prefetch_related("scores")
        .order_by("assessed_on", "id")
    )
    if project.initiative_id is not None:
        assessments = assessments.filter(initiative_id=project.initiative_id)

    def text_of(assessment) -> str:
        parts = [assessment.summary.strip()] if assessment.summary.strip() else []
        for score in assessment.scores.all():
            for label, value in (
                (_("why this score"), score.rationale),
                (_("what weakens it"), score.weakness),
            ):
                if value.strip():
                    parts.append(
                        f"{score.get_dimension_display()}, {label}: {value.strip()}"
                    )
        return "\n\n".join(parts)

    rows = []
    for a in assessments:
        text = text_of(a)
        if not text:
            continue
        rows.append(
            Document(
                tenant_id=project.tenant_id,
                project=project,
                kind=Document.Kind.SUSTAINABILITY,
                title=f"{a.initiative.name} · {a.assessed_on:%Y-%m-%d}",
                text=text,
                source_type="sustainability.assessment",
                source_id=a.pk,
                attributes={
                    "initiative": a.initiative.name,
                    "assessed on": f"{a.assessed_on:%Y-%m-%d}",
                },
            )
        )
    return _documents_add(project, actor, rows)


@transaction.atomic
def document_upload(
    *, project: CodingProject, actor, name: str, content: bytes, title: str = ""
) -> Document:
    """An uploaded file's text: plain text (UTF-8), PDF or DOCX."""
    from .texts import text_extract

    text = text_extract(name=name, content=content)
    document = Document(
        tenant_id=project.tenant_id,
        project=project,
        kind=Document.Kind.UPLOAD,
        title=(title or name)[:300],
        text=text,
        attributes={"file": name},
    )
    _valid(document)
    document.save()
    event_record(
        obj=document,
        action="qualitative.document.uploaded",
        actor=actor,
        data={"name": name, "characters": len(text)},
    )
    return document


@transaction.atomic
def learning_collect(*, project: CodingProject, actor) -> int:
    """The learning entries of the project's initiative (every one for a project of the
    whole tenant) that ``actor`` may read: what was tried or learnt, and its evidence;
    each once. Their copies are read only by those who may read the entry."""
    from coproduce.collaboration.access import learning_visible
    from coproduce.collaboration.models import LearningEntry

    entries = (
        learning_visible(actor, LearningEntry.objects.filter(tenant=project.tenant_id))
        .select_related("initiative")
        .order_by("learnt_on", "id")
    )
    if project.initiative_id is not None:
        entries = entries.filter(initiative_id=project.initiative_id)
    rows = []
    for e in entries:
        parts = [e.learnt.strip()]
        if e.evidence.strip():
            parts.append(_("Evidence: %(text)s") % {"text": e.evidence.strip()})
        text = "\n\n".join(p for p in parts if p)
        if not text:
            continue
        rows.append(
            Document(
                tenant_id=project.tenant_id,
                project=project,
                kind=Document.Kind.LEARNING,
                title=f"{e.learnt_on:%Y-%m-%d} {e.title}"[:300],
                text=text,
                source_type="collaboration.learning",
                source_id=e.pk,
                learning_entry=e,
                attributes=_present(
                    initiative=e.initiative.name if e.initiative else None,
                    **{"learning kind": e.get_kind_display()},
                ),
            )
        )
    return _documents_add(project, actor, rows)


def _pseudonymised(text: str, parties) -> str:
    """``text`` with each party's name, parts of it, email and phone replaced by the
    party's pseudonym ("Party A"): longest first, whole words, any case."""
    import re

    found = []
    for party in parties:
        for value in (
            party.name,
            party.family_name,
            party.given_name,
            party.email,
            party.phone,
        ):
            value = (value or "").strip()
            if len(value) >= 2:
                found.append((value, str(party.pseudonym)))
    for value, pseudonym in sorted(found, key=lambda v: -len(v[0])):
        text = re.sub(
            rf"(?<!\w){re.escape(value)}(?!\w)", pseudonym, text, flags=re.IGNORECASE
        )
    return text


@transaction.atomic
def case_notes_collect(*, project: CodingProject, actor) -> int:
    """The confidential step notes of the cases ``actor`` may read the party details of
    (``cases.access``), of the project's initiative (every one for a project of the
    whole tenant), pseudonymised: the parties' names, emails and phones become their
    pseudonyms. One text per note, once; each case read is logged in the cases app's
    access log (channel ``qualitative:collect``), as every read of party data is."""
    from coproduce.cases.access import party_details_allowed
    from coproduce.cases.labels import step_label
    from coproduce.cases.models import StepRecord
    from coproduce.cases.process import process_parse
    from coproduce.cases.services import party_access_log

    from .access import case_notes_readable

    cases = (
        case_notes_readable(actor)
        .select_related("case_type", "initiative")
        .prefetch_related("parties", "assignments")
        .order_by("referred_on", "id")
    )
    if project.initiative_id is not None:
        cases = cases.filter(initiative_id=project.initiative_id)
    cases = [c for c in cases if party_details_allowed(actor, c)]
    steps = (
        StepRecord.objects.filter(
            tenant_id=project.tenant_id, case__in=[c.pk for c in cases]
        )
        .exclude(note="")
        .order_by("occurred_at", "id")
    )
    by_case: dict[int, list] = {}
    for step in steps:
        by_case.setdefault(step.case_id, []).append(step)
    rows = []
    for case in cases:
        notes = by_case.get(case.pk, [])
        if not notes:
            continue
        parties = list(case.parties.all())
        labels = {p.label: str(p.pseudonym) for p in parties}
        try:
            process = process_parse(case.process)
        except Exception:  # noqa: BLE001 (an old process: the code is the name)
            process = None
        for step in notes:
            name = step_label(process, step.code) if process else step.code
            pseudonym = labels.get(step.party_label, "")
            rows.append(
                Document(
                    tenant_id=project.tenant_id,
                    project=project,
                    kind=Document.Kind.CASE_NOTE,
                    title=f"{case.reference} · {name} · {step.occurred_at:%Y-%m-%d}"[
                        :300
                    ],
                    text=_pseudonymised(step.note, parties),
                    source_type="cases.step",
                    source_id=step.pk,
                    case=case,
                    pseudonym=f"{case.reference} {pseudonym}".strip()[:40],
                    attributes=_present(
                        initiative=case.initiative.name if case.initiative else None,
                        **{"case type": case.case_type.name, "step": name},
                    ),
                )
            )
        party_access_log(
            case=case,
            actor=actor,
            channel="qualitative:collect",
            purpose=_("notes collected into coding project %(title)s")
            % {"title": project.title},
        )
    return _documents_add(project, actor, rows)


def _codebook_changed(project_id: int) -> None:
    CodingProject.objects.filter(pk=project_id).update(
        codebook_version=F("codebook_version") + 1
    )


@transaction.atomic
def code_delete(*, code: Code, actor) -> None:
    """Delete a code nobody has applied and that has no sub-codes; its versions and its
    memos go with it. A code in use is refused, naming what holds it: merge it into
    another (``code_merge``) instead, so that no coding is lost."""
    code = Code.objects.select_for_update().get(pk=code.pk)
    n_codings = Coding.objects.filter(tenant_id=code.tenant_id, code=code).count()
    if n_codings:
        raise DomainError(
            ngettext(
                "“%(code)s” has been applied %(n)s time: merge it into another code "
                "instead, so that its coding is kept.",
                "“%(code)s” has been applied %(n)s times: merge it into another code "
                "instead, so that its codings are kept.",
                n_codings,
            )
            % {"code": code.name, "n": n_codings},
            field="merge_into",
        )
    if Code.objects.filter(tenant_id=code.tenant_id, parent=code).exists():
        raise DomainError(
            _(
                "“%(code)s” has sub-codes: move or delete them first, or merge it into "
                "another code."
            )
            % {"code": code.name},
            field="merge_into",
        )
    data = {
        "name": code.name,
        "versions": list(code.versions.values(*MEANING_FIELDS, "version")),
        "memos": code.memos.count(),
    }
    pk, project_id = code.pk, code.project_id
    code.delete()
    code.pk = pk
    _codebook_changed(project_id)
    event_record(obj=code, action="qualitative.code.deleted", actor=actor, data=data)


@transaction.atomic
def code_merge(*, code: Code, into: Code, actor) -> dict[str, int]:
    """Merge ``code`` into ``into`` (as QDA tools do): its codings become codings of
    ``into`` (in the meaning ``into`` has now; a coder's second coding of the same
    passage with both codes is kept once), its memos and sub-codes move to ``into``,
    and ``code`` is deleted with its versions, which the event row keeps."""
    if into.project_id != code.project_id:
        raise DomainError(
            _("The code to merge into belongs to another project."), field="merge_into"
        )
    if into.pk == code.pk:
        raise DomainError(_("A code cannot be merged into itself."), field="merge_into")
    if into.pk in code_descendants(code):
        raise DomainError(
            _("“%(into)s” is under “%(code)s”: merge into a code outside its branch.")
            % {"into": into.name, "code": code.name},
            field="merge_into",
        )
    locked = {
        c.pk: c
        for c in Code.objects.select_for_update().filter(pk__in=[code.pk, into.pk])
    }
    code, into = locked[code.pk], locked[into.pk]
    t = code.tenant_id
    have: set[tuple] = set(
        Coding.objects.filter(tenant_id=t, code=into).values_list(
            "document_id", "coder_id", "coder_label", "start", "end"
        )
    )
    moved: list[int] = []
    duplicates: list[int] = []
    for c in Coding.objects.filter(tenant_id=t, code=code).order_by("id"):
        key = (c.document_id, c.coder_id, c.coder_label, c.start, c.end)
        (duplicates if key in have else moved).append(c.pk)
        have.add(key)
    Coding.objects.filter(pk__in=duplicates).delete()
    Coding.objects.filter(pk__in=moved).update(code=into, code_version=into.version)
    n_memos = code.memos.update(code=into)
    n_children = Code.objects.filter(tenant_id=t, parent=code).update(parent=into)
    data = {
        "name": code.name,
        "into": into.pk,
        "into_name": into.name,
        "codings": moved,
        "duplicates": len(duplicates),
        "versions": list(code.versions.values(*MEANING_FIELDS, "version")),
    }
    pk = code.pk
    code.delete()
    code.pk = pk
    _codebook_changed(into.project_id)
    event_record(obj=code, action="qualitative.code.merged", actor=actor, data=data)
    return {
        "codings": len(moved),
        "duplicates": len(duplicates),
        "memos": n_memos,
        "children": n_children,
    }


@transaction.atomic
def project_delete(*, project: CodingProject, actor) -> dict[str, int]:
    """Delete a coding project whole: its texts (copies; the records they came from
    stay), codebook with its versions, codings, memos and sample. All or nothing; the
    event row keeps what was deleted."""
    project = CodingProject.objects.select_for_update().get(pk=project.pk)
    t = project.tenant_id
    counts = {
        "documents": Document.objects.filter(tenant_id=t, project=project).count(),
        "codes": Code.objects.filter(tenant_id=t, project=project).count(),
        "codings": Coding.objects.filter(
            tenant_id=t, document__project=project
        ).count(),
        "memos": Memo.objects.filter(tenant_id=t, project=project).count(),
    }
    # codings hold their codes and codes their parents (PROTECT): those first
    Coding.objects.filter(tenant_id=t, document__project=project).delete()
    Code.objects.filter(tenant_id=t, project=project).update(parent=None)
    pk, title = project.pk, project.title
    project.delete()
    project.pk = pk
    event_record(
        obj=project,
        action="qualitative.project.deleted",
        actor=actor,
        data={"title": title, **counts},
    )
    return counts
