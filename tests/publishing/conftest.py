# the CPSV-AP conformance test's service: an integrated service with a lead, a partner and
# service users who co-designed it
from tests.initiatives.test_cpsv import integrated_service  # noqa: F401
