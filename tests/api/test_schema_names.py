"""Every app's api.py declares its own schemas; ninja keeps one OpenAPI component per
class name, so two apps' schemas of the same name would document one operation with the
other's fields (the co-producer's profile once stood in for the initiative profile)."""

import importlib
import inspect
from collections import defaultdict

from pydantic import BaseModel

from coproduce.config.api import OPERATION_ID_AREAS


def test_no_two_apps_declare_a_schema_of_the_same_name():
    modules = defaultdict(list)
    for name in OPERATION_ID_AREAS:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseModel)
                and value.__module__ == name
            ):
                modules[value.__name__].append(name)
    assert {k: v for k, v in modules.items() if len(v) > 1} == {}
