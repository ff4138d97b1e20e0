"""The JSON API under /api/v1: each app brings its router and schemas in its own
``api.py``; here they are mounted on the problem-document site, with bearer tokens."""

from coproduce.api import errors
from coproduce.api.auth import TokenAuth
from coproduce.api.site import ProblemNinjaAPI
from coproduce.cases.api import router as cases_router
from coproduce.coproducers.api import router as coproducers_router
from coproduce.crisis.api import router as crisis_router
from coproduce.evaluation.api import router as evaluation_router
from coproduce.initiatives.api import router as initiatives_router
from coproduce.outcomes.api import router as outcomes_router
from coproduce.people.api import router as people_router
from coproduce.qualitative.api import router as qualitative_router

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
api.add_router("/", crisis_router)
