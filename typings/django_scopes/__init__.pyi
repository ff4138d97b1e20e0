# Types for django-scopes 2.1, which ships none. ScopedManager builds its manager class at
# run time; typed as a plain Manager, django-stubs resolves `Model.objects` from it.
from contextlib import _GeneratorContextManager
from typing import Any

from django.db import models

version: str

class ScopeError(Exception): ...

def ScopedManager(
    _manager_class: type[models.Manager[Any]] = ..., **scopes: str
) -> models.Manager[Any]: ...
def scope(**scope_kwargs: Any) -> _GeneratorContextManager[None]: ...
def scopes_disabled() -> _GeneratorContextManager[None]: ...
def get_scope() -> dict[str, Any]: ...
