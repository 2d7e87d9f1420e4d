"""pydantic's validation errors in our words, for every problem ``check`` reports on a field.

A problem names the file, line, record and field; the message says what is wrong and
what the field allows (``must be a whole number, not the number 1.5``; ``must be one of
'support', 'oppose' or 'mixed'``), never pydantic's wording. A value YAML typed (``No``
read as false, ``010`` as 8) gets the advice to quote it only when the quoted text is a
valid value; otherwise the message says what the field allows.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import one_line, shown
from .yamlsource import ScalarLine

__all__: list[str] = []  # private to the loader (and the reader of RDF back into a dataset)


_TEXT_ERRORS = {"string_type", "enum", "url_type", "literal_error"}


def _optional_field(model: type[BaseModel], loc) -> bool:
    """True when the field at ``loc`` (in ``model``, through records and lists of records) has a
    default, so leaving it out is allowed; False for a required field or one this cannot tell."""
    fields = getattr(model, "model_fields", {})
    if not loc or not isinstance(loc[0], str) or loc[0] not in fields:
        return False
    info, rest = fields[loc[0]], loc[1:]
    if not rest:
        return not info.is_required()
    inner = info.annotation
    if typing.get_origin(inner) is list and isinstance(rest[0], int):
        inner, rest = typing.get_args(inner)[0], rest[1:]
    if rest and isinstance(inner, type) and issubclass(inner, BaseModel):
        return _optional_field(inner, rest)
    return False


def _message(error: dict, leaf: Any = None, optional: bool = False, model: type[BaseModel] | None = None,
             loc=()) -> str:
    """One of pydantic's errors in our words: the field's line and name are the problem's, this says what
    is wrong and what the field allows (``must be a whole number, not the number 1.5``).

    ``model`` and ``loc`` (the record's model and the field's path in it) let the message say what the
    field allows and whether quoting a value YAML typed would make it valid; without them the message
    says what pydantic expected, in the same words.
    """
    kind = error["type"]
    value = error.get("input")
    annotation = _field_annotation(model, loc) if model is not None else None
    if isinstance(leaf, ScalarLine) and not isinstance(value, str):
        if kind in _TEXT_ERRORS or (kind == "list_type" and value is None and leaf.text == ""):
            refusal = None if annotation is None or leaf.text == "" else _quoted_refusal(annotation, leaf.text)
            if refusal is None:
                hint = _yaml_typing_hint(leaf.text, value, optional)  # quoting it makes it valid
            else:  # quoting cannot help: say why, or what the field allows
                hint = f"{_yaml_reading(leaf.text, value)}; {refusal or 'must be ' + _allowed(annotation)}"
            if hint:
                return hint
        elif error["msg"].startswith("Value error, not a date") and isinstance(value, (bool, float, type(None))):
            return f"not a date: {_yaml_reading(leaf.text, value)} (expected YYYY, YYYY-MM or YYYY-MM-DD)"
    if kind == "missing":
        return "required field missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{shown(value)} is not one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"{shown(value)} is not a valid id (lowercase letters, digits and single hyphens)"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in _TYPE_ERRORS:
        allowed = _allowed(annotation) if annotation is not None else _TYPE_ERRORS[kind]
        return f"must be {allowed}, not {_what(value)}"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    for pydantic_words in ("URL input should be ", "Input should be "):  # any other: the same wording as ours
        if message.startswith(pydantic_words):
            message = "must be " + message[len(pydantic_words):]
    return message


_TYPE_ERRORS = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing_size": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "url_type": "an http:// or https:// IRI",
    "url_parsing": "an http:// or https:// IRI",
}
"""pydantic's type errors (its ``type``) a seed value can meet, and what each field type allows."""


def _what(value: Any) -> str:
    """What a value YAML read is, for ``must be text, not …``."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {shown(value)}"
    if value is None:
        return "null (no value)"
    if isinstance(value, str):
        return f"the text {shown(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return shown(value)


def _field_annotation(model: type[BaseModel], loc) -> Any:
    """The type of the value at ``loc`` in ``model`` (through records and lists of them), or None."""
    annotation: Any = model
    for step in loc:
        core = _core(annotation)
        if isinstance(step, int):
            if typing.get_origin(core) is not list:
                return None
            annotation = typing.get_args(core)[0]
            continue
        if not (isinstance(core, type) and issubclass(core, BaseModel)) or step not in core.model_fields:
            return None
        info = core.model_fields[step]
        annotation = typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return annotation


def _core(annotation: Any) -> Any:
    """``annotation`` without ``Optional`` and ``Annotated`` (``Optional[Slug]`` -> ``str``)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _quoted_refusal(annotation: Any, text: str) -> str | None:
    """Why ``text`` (a value YAML typed, as written) would still be refused quoted: None when quoting it
    makes it valid, our validator's words when one refuses it (``'7' is not a Wikidata item id …``), else ""."""
    try:
        _adapter(annotation).validate_python(text)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        message = errors[0]["msg"] if errors else ""
        return message[len("Value error, "):] if message.startswith("Value error, ") else ""
    except (TypeError, ValueError):
        return ""
    return None


@functools.lru_cache(maxsize=256)
def _adapter(annotation: Any) -> TypeAdapter:
    return TypeAdapter(annotation)


def _allowed(annotation: Any) -> str:
    """What values a field of type ``annotation`` allows, in words (``one of 'support', 'oppose' or 'mixed'``)."""
    from stancegraph.schema import models

    from stancegraph.schema.dates import PartialDateField
    from stancegraph.schema.iri import HttpIri

    plain = annotation
    while typing.get_origin(plain) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(plain) if a is not type(None)]
        if len(args) != 1:
            break
        plain = args[0]
    named = (
        (models.Slug, "an id (lowercase letters, digits and single hyphens)"),
        (models.NonEmpty, "text (not empty)"),
        (models.WikidataId, "a Wikidata item id (Q and digits, e.g. Q9630)"),
        (PartialDateField, "a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        (HttpIri, "an http:// or https:// IRI"),
    )
    for known, words in named:
        if plain == known:
            return words
    core = _core(annotation)
    if isinstance(core, type) and issubclass(core, enum.Enum):
        values = [repr(member.value) for member in core]
        return "one of " + (", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else values[0])
    if typing.get_origin(core) is list:
        return f"a list, each item {_allowed(typing.get_args(core)[0])}"
    if isinstance(core, type) and issubclass(core, BaseModel):
        return f"a mapping of fields ({', '.join(core.model_fields)})"
    if core is int:
        return "a whole number"
    if core is str:
        return "text"
    return {bool: "true or false", float: "a number"}.get(core, "a valid value")


def _yaml_reading(text: str, value: Any) -> str:
    """``YAML read no as the boolean false`` (what YAML made of a plain scalar)."""
    if isinstance(value, bool):
        return f"YAML read {one_line(text, 80)} as the boolean {str(value).lower()}"
    if value is None:
        return f"YAML read {one_line(text, 80) or 'nothing'} as null"
    return f"YAML read {one_line(text, 80)} as the number {shown(value)}"


def _yaml_typing_hint(text: str, value: Any, optional: bool = False) -> str | None:
    """``YAML read No as the boolean false; quote it: "No"`` for a scalar YAML typed.

    YAML 1.1 (PyYAML) reads ``yes``/``no``/``on``/``off`` in any case as booleans,
    ``010`` as the octal number 8, ``1e3``-like forms as numbers and ``~``/``null``
    or nothing as null.
    """
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return f"YAML read {one_line(text, 80)} as the boolean {str(value).lower()}; quote it: {one_line(quoted, 80)}"
    if value is None:
        if text == "":
            # leaving a field out is advice only where the field may be left out (it has a default)
            return ("the value is empty (YAML reads nothing as null); write the value"
                    + (", or remove the field" if optional else ""))
        return f"YAML read {one_line(text, 80)} as null (no value); quote it: {one_line(quoted, 80)}"
    if isinstance(value, (int, float)):
        return (f"YAML read {one_line(text, 80)} as the number {shown(value)}; "
                f"quote it: {one_line(quoted, 80)}")
    return None
