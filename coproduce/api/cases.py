from coproduce.cases.api import router  # noqa: F401
