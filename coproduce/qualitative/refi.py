"""REFI-QDA exchange (QDA-XML 1.0, the Project and Codebook exchange of REFI-QDA 1.5):
a coding project as a ``.qdpx`` (a ZIP of ``project.qde`` and ``sources/<guid>.txt``)
and its codebook as a ``.qdc``, written for and read from NVivo, ATLAS.ti, MAXQDA and
QualCoder.

What maps to what:

- ``Code``: guid, name, ``isCodable="true"``, ``color``; REFI has one ``Description``, so
  the definition and the rules go in it as labelled paragraphs (``Definition:``,
  ``Apply when:``, ``Do not apply when:``, ``Example:``) that the import reads back;
  a Description without labels is read as the definition.
- ``TextSource``: a document, its text in ``sources/<guid>.txt`` (UTF-8, LF) named by
  ``plainTextPath="internal://<guid>.txt"``; importers accept ``sources/`` and
  ``Sources/`` (NVivo) and ``PlainTextContent`` too.
- ``PlainTextSelection`` + ``Coding``: one coding, its offsets in characters of the
  plain text, its coder a ``User``.
- ``Note``: a memo, attached by ``NoteRef`` to its passage or its code.

Parsing goes through ``xmlschema``'s defused loader: no entity expansion, no network.
"""

import datetime as dt
import io
import re
import uuid
import zipfile
from xml.etree import ElementTree as ET

import xmlschema
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.core.errors import DomainError
from coproduce.core.events import event_record

from .models import Code, Coding, CodingProject, Document, Memo
from .selectors import codebook, coder_name

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "coproduce"
LABELS = (
    ("definition", "Definition:"),
    ("inclusion", "Apply when:"),
    ("exclusion", "Do not apply when:"),
    ("example", "Example:"),
)
MAX_MEMBER_BYTES = 50 * 1024 * 1024
GUID = re.compile(
    r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$"
)


def user_guid(tenant_id: int, user_id: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"coproduce:{tenant_id}:user:{user_id}"))


def label_guid(label: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"coproduce:coder:{label}"))


def _when(value) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def description_of(code: Code) -> str:
    parts = [f"{label} {getattr(code, f)}" for f, label in LABELS if getattr(code, f)]
    return "\n\n".join(parts)


def meaning_from(description: str) -> dict[str, str]:
    text = (description or "").strip()
    if not text:
        return {}
    if not any(text.startswith(label) or f"\n{label}" in text for _f, label in LABELS):
        return {"definition": text}
    out = {}
    pattern = "|".join(re.escape(label) for _f, label in LABELS)
    pieces = re.split(f"(?:^|\n\n)({pattern}) ?", text)
    by_label = {label: f for f, label in LABELS}
    for label, body in zip(pieces[1::2], pieces[2::2], strict=False):
        out[by_label[label]] = body.strip()
    return out


# Export ---------------------------------------------------------------------------------


def _codes_element(parent: ET.Element, project: CodingProject, ns: str, memos=None):
    codes = ET.SubElement(parent, f"{{{ns}}}Codes")
    nodes = {}
    for node in codebook(project):
        code = node.code
        attrs = {"guid": str(code.guid), "name": code.name, "isCodable": "true"}
        if code.colour:
            attrs["color"] = code.colour
        holder = codes if code.parent_id is None else nodes[code.parent_id]
        element = ET.SubElement(holder, f"{{{ns}}}Code", attrs)
        if description := description_of(code):
            ET.SubElement(element, f"{{{ns}}}Description").text = description
        for memo in (memos or {}).get(code.pk, []):
            ET.SubElement(element, f"{{{ns}}}NoteRef", {"targetGUID": str(memo.guid)})
        nodes[code.pk] = element
    return codes


def _xml(root: ET.Element) -> bytes:
    ET.register_namespace("", root.tag[1:].split("}")[0])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def codebook_qdc(project: CodingProject) -> bytes:
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN})
    _codes_element(root, project, CODEBOOK_NS)
    if not len(root[0]):
        raise DomainError(_("The codebook has no code yet: add one before exporting."))
    return _xml(root)


def project_qde(project: CodingProject, documents=None) -> tuple[bytes, dict[str, str]]:
    """``project.qde`` and the sources it names (archive path -> text): every text, or
    ``documents`` (those the exporter may read) where given."""
    ns = PROJECT_NS
    t = project.tenant_id
    if documents is None:
        documents = Document.objects.filter(tenant_id=t, project=project)
    documents = list(documents.order_by("id"))
    codings = list(
        Coding.objects.filter(
            tenant_id=t, document__project=project, document__in=documents
        )
        .select_related("code")
        .order_by("document", "start", "end", "id")
    )
    shown = {d.pk for d in documents}
    memos = [
        m
        for m in Memo.objects.filter(tenant_id=t, project=project).order_by("id")
        if m.document_id is None or m.document_id in shown
    ]
    users = get_user_model().objects.in_bulk(
        {c.coder_id for c in codings if c.coder_id}
        | {m.author_id for m in memos if m.author_id}
    )

    def who(user_id, label="") -> str:
        return user_guid(t, user_id) if user_id else label_guid(label)

    root = ET.Element(
        f"{{{ns}}}Project",
        {
            "name": project.title,
            "origin": ORIGIN,
            "creationDateTime": _when(project.created_at),
        },
    )
    people = {}
    for user in users.values():
        people[user_guid(t, user.pk)] = coder_name(user)
    for c in codings:
        if not c.coder_id:
            people[label_guid(c.coder_label)] = c.coder_label
    if people:
        users_el = ET.SubElement(root, f"{{{ns}}}Users")
        for guid, name in sorted(people.items(), key=lambda kv: kv[1]):
            ET.SubElement(users_el, f"{{{ns}}}User", {"guid": guid, "name": name})
    code_memos: dict[int, list[Memo]] = {}
    for memo in memos:
        if memo.code_id:
            code_memos.setdefault(memo.code_id, []).append(memo)
    if Code.objects.filter(tenant_id=t, project=project).exists():
        book = ET.SubElement(root, f"{{{ns}}}CodeBook")
        _codes_element(book, project, ns, memos=code_memos)

    files: dict[str, str] = {}
    by_doc: dict[int, list[Coding]] = {}
    for c in codings:
        by_doc.setdefault(c.document_id, []).append(c)
    passage_memos: dict[int, list[Memo]] = {}
    for memo in memos:
        if memo.document_id:
            passage_memos.setdefault(memo.document_id, []).append(memo)
    if documents:
        sources = ET.SubElement(root, f"{{{ns}}}Sources")
        for d in documents:
            path = f"{d.guid}.txt"
            files[f"sources/{path}"] = d.text
            source = ET.SubElement(
                sources,
                f"{{{ns}}}TextSource",
                {
                    "guid": str(d.guid),
                    "name": d.title,
                    "plainTextPath": f"internal://{path}",
                    "creationDateTime": _when(d.created_at),
                },
            )
            if d.pseudonym:
                ET.SubElement(source, f"{{{ns}}}Description").text = _(
                    "Pseudonym: %(p)s"
                ) % {"p": d.pseudonym}
            for c in by_doc.get(d.pk, []):
                selection = ET.SubElement(
                    source,
                    f"{{{ns}}}PlainTextSelection",
                    {
                        "guid": str(uuid.uuid5(c.guid, "selection")),
                        "startPosition": str(c.start),
                        "endPosition": str(c.end),
                        "creatingUser": who(c.coder_id, c.coder_label),
                        "creationDateTime": _when(c.created_at),
                    },
                )
                coding = ET.SubElement(
                    selection,
                    f"{{{ns}}}Coding",
                    {
                        "guid": str(c.guid),
                        "creatingUser": who(c.coder_id, c.coder_label),
                        "creationDateTime": _when(c.created_at),
                    },
                )
                ET.SubElement(
                    coding, f"{{{ns}}}CodeRef", {"targetGUID": str(c.code.guid)}
                )
            for m in passage_memos.get(d.pk, []):
                selection = ET.SubElement(
                    source,
                    f"{{{ns}}}PlainTextSelection",
                    {
                        "guid": str(uuid.uuid5(m.guid, "selection")),
                        "startPosition": str(m.start),
                        "endPosition": str(m.end),
                    },
                )
                ET.SubElement(
                    selection, f"{{{ns}}}NoteRef", {"targetGUID": str(m.guid)}
                )
    if memos:
        notes = ET.SubElement(root, f"{{{ns}}}Notes")
        for m in memos:
            attrs = {
                "guid": str(m.guid),
                "name": m.text[:60],
                "creationDateTime": _when(m.created_at),
            }
            if m.author_id:
                attrs["creatingUser"] = who(m.author_id)
            note = ET.SubElement(notes, f"{{{ns}}}Note", attrs)
            ET.SubElement(note, f"{{{ns}}}PlainTextContent").text = m.text
    if project.description:
        ET.SubElement(root, f"{{{ns}}}Description").text = project.description
    return _xml(root), files


def project_qdpx(project: CodingProject, documents=None) -> bytes:
    qde, files = project_qde(project, documents)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        for path, text in files.items():
            archive.writestr(path, text.encode("utf-8"))
    return out.getvalue()


# Import ---------------------------------------------------------------------------------


def _parse(content: bytes) -> ET.Element:
    try:
        resource = xmlschema.XMLResource(content, defuse="always")
    except (xmlschema.XMLResourceError, ET.ParseError, ValueError) as exc:
        raise DomainError(
            _("The file is not well-formed XML, or declares a DTD or entities: %(e)s")
            % {"e": exc}
        ) from exc
    return resource.root


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str):
    return [c for c in element if _local(c.tag) == name]


def _child_text(element: ET.Element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "") if found else ""


class _Importer:
    def __init__(self, project: CodingProject, actor):
        self.project = project
        self.actor = actor
        self.tenant_id = project.tenant_id
        self.codes_by_guid: dict[str, Code] = {}
        self.counts = {"codes": 0, "documents": 0, "codings": 0, "memos": 0}
        existing = Code.objects.filter(tenant_id=self.tenant_id, project=project)
        self.existing_by_guid = {str(c.guid): c for c in existing}
        self.existing_by_name = {c.name: c for c in existing}

    def codes(self, holder: ET.Element, parent: Code | None = None) -> None:
        from .services import code_create

        for element in _children(holder, "Code"):
            guid = (element.get("guid") or "").strip("{}").lower()
            name = (element.get("name") or "").strip()
            if not name or not GUID.match(guid):
                raise DomainError(
                    _("A code in the file has no name or no valid guid (%(g)s).")
                    % {"g": guid or "–"}
                )
            code = self.existing_by_guid.get(guid) or self.existing_by_name.get(name)
            if code is None:
                colour = element.get("color") or ""
                if re.fullmatch(r"#[0-9a-fA-F]{3}", colour):
                    colour = "#" + "".join(ch * 2 for ch in colour[1:])
                code = code_create(
                    project=self.project,
                    actor=self.actor,
                    name=name,
                    parent=parent,
                    colour=colour.lower(),
                    **meaning_from(_child_text(element, "Description")),
                )
                code.guid = uuid.UUID(guid)
                code.save(update_fields=["guid"])
                self.existing_by_name[name] = code
                self.counts["codes"] += 1
            self.codes_by_guid[guid] = code
            self.code_notes = getattr(self, "code_notes", [])
            for ref in _children(element, "NoteRef"):
                self.code_notes.append(
                    (code, ref.get("targetGUID", "").strip("{}").lower())
                )
            self.codes(element, parent=code)


def _coders(root: ET.Element, tenant_id: int) -> dict[str, tuple[object, str]]:
    """User guid -> (a user of ours, or None; the name in the file)."""
    users = {}
    ours = {}
    from coproduce.tenancy.models import TenantMembership

    for user_id in TenantMembership.objects.filter(tenant_id=tenant_id).values_list(
        "user_id", flat=True
    ):
        ours[user_guid(tenant_id, user_id)] = user_id
    found = get_user_model().objects.in_bulk(list(ours.values()))
    for holder in _children(root, "Users"):
        for element in _children(holder, "User"):
            guid = (element.get("guid") or "").strip("{}").lower()
            user = found.get(ours.get(guid))
            users[guid] = (user, element.get("name") or element.get("id") or guid[:8])
    return users


def _source_text(element: ET.Element, archive: zipfile.ZipFile | None) -> str:
    content = _children(element, "PlainTextContent")
    if content:
        return content[0].text or ""
    path = element.get("plainTextPath") or ""
    if not path.startswith("internal://") or archive is None:
        raise DomainError(
            _(
                "The text “%(name)s” is not inside the file (%(path)s): only internal sources are read."
            )
            % {"name": element.get("name") or "", "path": path or "–"}
        )
    name = path[len("internal://") :]
    for folder in ("sources/", "Sources/"):
        try:
            info = archive.getinfo(folder + name)
        except KeyError:
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            raise DomainError(_("A text in the file is larger than 50 MB."))
        return archive.read(info).decode("utf-8-sig").replace("\r\n", "\n")
    raise DomainError(
        _("The file names the text %(name)s, but the archive does not hold it.")
        % {"name": name}
    )


@transaction.atomic
def refi_import(*, project: CodingProject, actor, name: str, content: bytes) -> dict:
    """Import a ``.qdc`` (codes) or a ``.qdpx`` (codes, texts, codings, memos) into
    ``project``. What is already there (by guid, codes also by name) is kept; the rest
    is added. Anything the file gets wrong refuses the whole import."""
    archive = None
    if name.lower().endswith(".qdpx") or content[:2] == b"PK":
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
            qde = next(
                (
                    n
                    for n in archive.namelist()
                    if n.lower().endswith(".qde") and "/" not in n
                ),
                None,
            )
            if qde is None:
                raise DomainError(_("The .qdpx archive holds no project.qde."))
            if archive.getinfo(qde).file_size > MAX_MEMBER_BYTES:
                raise DomainError(
                    _("The project.qde in the archive is larger than 50 MB.")
                )
            content = archive.read(qde)
        except zipfile.BadZipFile as exc:
            raise DomainError(_("The .qdpx file is not a ZIP archive.")) from exc
    root = _parse(content)
    kind = _local(root.tag)
    importer = _Importer(project, actor)
    if kind == "CodeBook":
        for holder in _children(root, "Codes"):
            importer.codes(holder)
    elif kind == "Project":
        _project_import(importer, root, archive)
    else:
        raise DomainError(
            _(
                "The file is neither a REFI-QDA project nor a codebook (its root is %(root)s)."
            )
            % {"root": kind}
        )
    event_record(
        obj=project,
        action="qualitative.refi.imported",
        actor=actor,
        data={"file": name, **importer.counts},
    )
    return importer.counts


def _project_import(importer: _Importer, root: ET.Element, archive) -> None:
    project = importer.project
    t = importer.tenant_id
    for book in _children(root, "CodeBook"):
        for holder in _children(book, "Codes"):
            importer.codes(holder)
    coders = _coders(root, t)
    notes = {}
    for holder in _children(root, "Notes"):
        for note in _children(holder, "Note"):
            guid = (note.get("guid") or "").strip("{}").lower()
            notes[guid] = (
                _child_text(note, "PlainTextContent") or note.get("name") or "",
                note,
            )
    existing_docs = {
        str(d.guid): d for d in Document.objects.filter(tenant_id=t, project=project)
    }
    existing_codings = set(
        Coding.objects.filter(tenant_id=t, document__project=project).values_list(
            "guid", flat=True
        )
    )
    existing_memos = set(
        Memo.objects.filter(tenant_id=t, project=project).values_list("guid", flat=True)
    )
    new_codings = []
    new_memos = []

    def coder_of(guid: str | None):
        user, label = coders.get((guid or "").strip("{}").lower(), (None, ""))
        return user, ("" if user else (label or _("unknown coder")))

    for holder in _children(root, "Sources"):
        for source in _children(holder, "TextSource"):
            guid = (source.get("guid") or "").strip("{}").lower()
            if not GUID.match(guid):
                raise DomainError(_("A text in the file has no valid guid."))
            document = existing_docs.get(guid)
            if document is None:
                text = _source_text(source, archive)
                document = Document.objects.create(
                    tenant_id=t,
                    project=project,
                    kind=Document.Kind.IMPORTED,
                    title=(source.get("name") or guid)[:300],
                    text=text,
                    guid=uuid.UUID(guid),
                    attributes={"imported": source.get("name") or ""},
                )
                importer.counts["documents"] += 1
            length = len(document.text)
            for selection in _children(source, "PlainTextSelection"):
                try:
                    start = int(selection.get("startPosition"))
                    end = int(selection.get("endPosition"))
                except (TypeError, ValueError) as exc:
                    raise DomainError(
                        _("A passage of “%(name)s” has no start or end position.")
                        % {"name": document.title}
                    ) from exc
                if not 0 <= start < end <= length:
                    raise DomainError(
                        _(
                            "A passage of “%(name)s” (%(start)s–%(end)s) is not within its "
                            "text of %(length)s characters."
                        )
                        % {
                            "name": document.title,
                            "start": start,
                            "end": end,
                            "length": length,
                        }
                    )
                for coding in _children(selection, "Coding"):
                    cguid = uuid.UUID(
                        (coding.get("guid") or str(uuid.uuid4())).strip("{}")
                    )
                    refs = _children(coding, "CodeRef")
                    target = (
                        (refs[0].get("targetGUID") or "").strip("{}").lower()
                        if refs
                        else ""
                    )
                    code = importer.codes_by_guid.get(target)
                    if code is None:
                        raise DomainError(
                            _(
                                "A coding in “%(name)s” refers to a code the codebook lacks."
                            )
                            % {"name": document.title}
                        )
                    if cguid in existing_codings:
                        continue
                    user, label = coder_of(
                        coding.get("creatingUser") or selection.get("creatingUser")
                    )
                    new_codings.append(
                        Coding(
                            tenant_id=t,
                            document=document,
                            code=code,
                            code_version=code.version,
                            coder=user,
                            coder_label=label,
                            start=start,
                            end=end,
                            guid=cguid,
                        )
                    )
                    existing_codings.add(cguid)
                for ref in _children(selection, "NoteRef"):
                    nguid = (ref.get("targetGUID") or "").strip("{}").lower()
                    if nguid in notes and uuid.UUID(nguid) not in existing_memos:
                        text, note = notes[nguid]
                        user, _label = coder_of(note.get("creatingUser"))
                        new_memos.append(
                            Memo(
                                tenant_id=t,
                                project=project,
                                document=document,
                                start=start,
                                end=end,
                                author=user,
                                text=text,
                                guid=uuid.UUID(nguid),
                            )
                        )
                        existing_memos.add(uuid.UUID(nguid))
    for code, nguid in getattr(importer, "code_notes", []):
        if nguid in notes and uuid.UUID(nguid) not in existing_memos:
            text, note = notes[nguid]
            user, _label = coder_of(note.get("creatingUser"))
            new_memos.append(
                Memo(
                    tenant_id=t,
                    project=project,
                    code=code,
                    author=user,
                    text=text,
                    guid=uuid.UUID(nguid),
                )
            )
            existing_memos.add(uuid.UUID(nguid))
    Coding.objects.bulk_create(new_codings, batch_size=1000)
    Memo.objects.bulk_create(new_memos, batch_size=1000)
    importer.counts["codings"] = len(new_codings)
    importer.counts["memos"] = len(new_memos)
