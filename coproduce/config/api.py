"""The JSON API under /api/v1: each app brings its router and schemas in its own
``api.py``; here they are mounted on the problem-document site, with bearer tokens."""

from coproduce.api import errors
from coproduce.api.auth import TokenAuth
from coproduce.api.site import ProblemNinjaAPI
from coproduce.cases.api import router as cases_router
from coproduce.collaboration.api import router as collaboration_router
from coproduce.coproducers.api import router as coproducers_router
from coproduce.crisis.api import router as crisis_router
from coproduce.evaluation.api import router as evaluation_router
from coproduce.exchange.api import router as exchange_router
from coproduce.initiatives.api import router as initiatives_router
from coproduce.outcomes.api import router as outcomes_router
from coproduce.people.api import router as people_router
from coproduce.qualitative.api import router as qualitative_router
from coproduce.reports.api import router as reports_router
from coproduce.representativeness.api import router as representativeness_router
from coproduce.sustainability.api import router as sustainability_router
from coproduce.tenancy.api import router as tenancy_router

# The operation ids of the OpenAPI document are those the routers had when they lived in
# coproduce/api/<area>.py, so that generated clients keep their method names.
OPERATION_ID_AREAS = {
    "coproduce.people.api": "registry",
    "coproduce.initiatives.api": "initiatives",
    "coproduce.cases.api": "cases",
    "coproduce.evaluation.api": "evaluation",
    "coproduce.outcomes.api": "outcomes",
    "coproduce.coproducers.api": "coproducers",
    "coproduce.qualitative.api": "qualitative",
    "coproduce.representativeness.api": "representativeness",
    "coproduce.sustainability.api": "sustainability",
    "coproduce.reports.api": "dashboards",
    "coproduce.tenancy.api": "tenancy",
    "coproduce.exchange.api": "research",
    "coproduce.collaboration.api": "collaboration",
    "coproduce.crisis.api": "crisis",
}


api = ProblemNinjaAPI(
    title="coproduce API",
    version="1",
    description="Co-produced public services: the registry, initiatives and their value "
    "chain, the co-production profile, evaluation panels and their reports, "
    "cases, and the co-producers' side: opportunities, shifts, sign-ups, check-ins, "
    "reported hours and their verification; "
    "qualitative evidence: coding projects, codebooks, codings and coders' agreement; "
    "representativeness (population tables, comparisons), sustainability (assessments, "
    "evidence), the dashboards' figures, members, roles and one's own tokens, "
    "the ledger's verification and the accountability of cases, and a panel's answers "
    "at response level (by pseudonym, paged by cursor); "
    "collaboration between organisations: partnerships and commitments, learning "
    "entries and adoption follow-ups, the network figures; "
    "crisis mode: needs, ranked candidates, call-outs and their answers, decisions. "
    "Authenticate with a personal token: `Authorization: Bearer <key>` "
    "(`coproduce token create`).",
    urls_namespace="api",
    auth=TokenAuth(),
    operation_id_areas=OPERATION_ID_AREAS,
)
errors.install(api)
api.add_router("/", people_router)
api.add_router("/", initiatives_router)
api.add_router("/", cases_router)
api.add_router("/", evaluation_router)
api.add_router("/", outcomes_router)
api.add_router("/", coproducers_router)
api.add_router("/", qualitative_router)
api.add_router("/", representativeness_router)
api.add_router("/", sustainability_router)
api.add_router("/", reports_router)
api.add_router("/", tenancy_router)
api.add_router("/", exchange_router)
api.add_router("/", collaboration_router)
api.add_router("/", crisis_router)
