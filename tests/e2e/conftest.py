"""The browser suite: Playwright (sync API) driving Debian's Chromium against the live server.

One browser for the e2e package, a fresh context (cookies, storage) per test. Every page may
load only what the live server serves (no CDN): any other request is aborted and fails the
test, and so do an uncaught JavaScript error and a server error. ``audit(page)`` runs
axe-core (WCAG 2.1 A/AA) and fails on serious or critical violations, naming the rule, its
help and the elements.

Locally a missing Chromium or axe-core skips the suite; under ``CI=true`` it fails, so the
suite can never pass in CI without having run.
"""

import os
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("COPRODUCE_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(
    os.environ.get("COPRODUCE_AXE", ROOT / "node_modules" / "axe-core" / "axe.min.js")
)
AXE_PATH = "/__e2e__/axe.min.js"
RESULTS = ROOT / "test-results"
PASSWORD = "pw-correct-horse"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium waits on the network for updates and sync, and hangs here.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

BLOCKING = {"serious", "critical"}
TIMEOUT_MS = 10_000


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where the suite must really run."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the browser suite must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        _unavailable(
            f"Chromium not found at {CHROMIUM}: `apt-get install chromium` "
            "or set COPRODUCE_CHROMIUM"
        )
    if not AXE.exists():
        _unavailable(f"axe-core not found at {AXE}: run `npm ci`")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps its event loop running in this thread, between calls too,
    # and Django then refuses the tests' own ORM calls (factories, the flush after each test)
    # as if they came from async code. They are plain sync code: allow them for exactly as
    # long as the loop runs.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        # for the screenshot in the page fixture
        item.e2e_failed = report.failed
    return report


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    host = urlsplit(live_server.url).netloc
    foreign: list[str] = []

    def only_live_server(route):
        url = route.request.url
        if urlsplit(url).netloc == host and urlsplit(url).path == AXE_PATH:
            route.fulfill(path=str(AXE), content_type="text/javascript")
        elif urlsplit(url).netloc == host:
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", only_live_server)
    yield context
    context.close()
    if foreign:
        pytest.fail(f"pages asked for resources outside the app (no CDN): {foreign}")


@pytest.fixture
def page(context, request):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # the pages' Content-Security-Policy is enforced here too: anything it blocks fails
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and "Content Security Policy" in m.text
            and errors.append(m.text)
        ),
    )
    server_errors: list[str] = []
    page.on(
        "response",
        lambda r: (
            r.status >= 500
            and server_errors.append(f"{r.status} {r.request.method} {r.url}")
        ),
    )
    yield page
    if getattr(request.node, "e2e_failed", False):
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=RESULTS / f"{request.node.name}.png", full_page=True)
    if server_errors:
        pytest.fail(f"the server failed (see its traceback above): {server_errors}")
    if errors:
        pytest.fail(f"JavaScript errors on the page: {errors}")


def login(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the real form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Log in").click()
    assert "/accounts/login/" not in page.url, "login failed"
    landed = navigation.value
    assert landed.ok, f"after logging in, {page.url} answered {landed.status}"


def require_ok(page, ok: bool, problem: str) -> None:
    """Fail with ``problem`` and the page's address unless ``ok``."""
    if not ok:
        pytest.fail(f"{page.url}: {problem}")


def audit(page) -> None:
    """axe-core on the current page: no serious or critical WCAG 2.1 A/AA violation."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # from the page's own origin, as the Content-Security-Policy allows no inline
        # script; the context's router answers this address with the file
        page.add_script_tag(url=urljoin(page.url, AXE_PATH))
    result = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations'],  // details of passes are not needed: faster
        })""",
        AXE_TAGS,
    )
    blocking = []
    for violation in result["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        blocking.append(violation)
    if blocking:
        lines = [f"axe-core found serious or critical violations on {page.url}:"]
        for v in blocking:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
            lines += [
                f"    {' '.join(map(str, n['target']))}: {n['failureSummary']}"
                for n in v["nodes"]
            ]
        pytest.fail("\n".join(lines))


def check_structure(page) -> None:
    """One h1, a language, a title, unique ids: what every page needs first."""
    assert page.locator("h1").count() == 1, f"{page.url}: expected exactly one h1"
    assert page.evaluate("document.documentElement.lang"), f"{page.url}: no lang"
    assert page.title().strip(), f"{page.url}: empty title"
    duplicates = page.evaluate(
        """() => {
            const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
            return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
        }"""
    )
    for id_ in duplicates:
        require_ok(page, False, f"duplicate id: {id_}")


@pytest.fixture(autouse=True)
def _live_database(transactional_db):
    """The live server answers from another thread: it must see committed rows."""
