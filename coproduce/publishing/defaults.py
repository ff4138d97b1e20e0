"""The texts a statement or notice shows until the tenant's admin writes its own: in the
interface catalogues, so each is read in fi, sv or en."""

from django.utils.translation import gettext_lazy as _

NON_ACCESSIBLE = _(
    "Files downloaded from the service (PDF, spreadsheet, SPSS and Stata exports) have not "
    "been checked against EN 301 549 clause 10 (non-web documents). Texts and documents "
    "that staff and partners write or upload may lack headings or text alternatives. The "
    "service has been checked with automatic tests (axe-core) and a keyboard review; "
    "automatic tests find only part of the problems."
)
PURPOSES = _(
    "Planning, organising and evaluating public services produced together with residents "
    "and partner organisations: registering the people and organisations taking part, "
    "their activities and hours, surveys and their answers, and legally regulated cases."
)
LEGAL_BASES = _(
    "Compliance with a legal obligation and the performance of a task carried out in the "
    "public interest or in the exercise of official authority (GDPR Article 6(1)(c) and "
    "(e)); consent where it is asked for (Article 6(1)(a)), for example a co-producer's "
    "own profile and answers to voluntary surveys."
)
RECIPIENTS = _(
    "Data is not disclosed outside the controller unless a law requires it. The provider "
    "of the platform processes it on the controller's behalf. Data is not transferred "
    "outside the EU or EEA."
)
RETENTION = _(
    "Data is kept as long as the task requires and then deleted or anonymised according "
    "to the controller's retention schedule; case files are kept for the periods the law "
    "governing them sets."
)
