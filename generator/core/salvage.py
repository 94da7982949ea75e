"""What can still be checked in a record whose model cannot be built.

A bad ``kind`` or a bad date stops a record's model, and with it every other
rule of the record: its sourcing, its stance, its references and mentions.
An editor would fix the one error, run the check again, and meet the next.
Instead, the fields with errors are set aside and the rest is validated into a
*partial* model: the same class with every field optional. Each rule then runs
on it unless it reads a field that was set aside (its error is reported
already), so that one run reports every problem of the file.

A partial model never reaches the site: the record stays invalid.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError, create_model
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from .models import Record


@functools.cache
def partial_class(cls: type[Record]) -> type[Record]:
    """``cls`` with every required field optional (None when not given)."""
    fields: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        if info.is_required():
            optional = FieldInfo.merge_field_infos(info, default=None)
            annotation: Any = info.annotation
            fields[name] = (annotation | None, optional)
    made: type[Record] = create_model(
        f"Partial{cls.__name__}", __base__=cls, __module__=cls.__module__, **fields)
    return made


def set_aside(errors: Iterable[ErrorDetails]) -> frozenset[str]:
    """The fields (as written by editors) that hold the errors."""
    return frozenset(str(err["loc"][0]) for err in errors if err["loc"])


def partial_model(cls: type[Record], data: object,
                  errors: Iterable[ErrorDetails]) -> tuple[Record | None, frozenset[str]]:
    """The record without its fields in error, and those fields; None if nothing is left
    to check (the data is not a mapping, or even the rest does not validate)."""
    aside = set_aside(errors)
    if not isinstance(data, dict):
        return None, aside
    rest = {key: value for key, value in data.items() if key not in aside}
    try:
        model: BaseModel = partial_class(cls).model_validate(rest)
    except ValidationError:
        return None, aside
    assert isinstance(model, Record)
    return model, aside
