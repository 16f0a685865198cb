"""Text the engine composes for people, as a message id and its parameters.

A verdict, a hint or an error is a :class:`Message`: an id from :data:`TEMPLATES` and raw
parameters (numbers stay numbers). ``str(message)`` is the English sentence, so the CLI and the
log read as before; the GUI translates the template and formats the numbers for its locale
(``gui/i18n/engine_text.py``). Both sides render through :func:`render`, so placeholders and
number formats mean the same everywhere.

Templates use ``str.format`` fields. A numeric field's format spec (``{auc:.3f}``, ``{n:,}``,
``{x:+.1f}``) is kept simple so a locale can reproduce it. A parameter may itself be a Message
(rendered, and translated, on its own), or a list of messages and strings (joined with the
"list.separator" template). Plurals: an id with a ``.one`` variant is used for a
count of one when built with :meth:`Message.plural`.
"""

from __future__ import annotations

import numbers
import string
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from engine.message_templates import TEMPLATES  # noqa: F401 - the catalog, re-exported
from engine.message_terms import TERMS  # noqa: F401 - the names inside it, re-exported


@dataclass(frozen=True)
class Message:
    """A sentence for people: an id from :data:`TEMPLATES` and its raw parameters."""

    id: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.id not in TEMPLATES:
            raise KeyError(f"no message template {self.id!r}")

    @classmethod
    def plural(cls, id: str, n: int, **params: Any) -> "Message":
        """The ``.one`` variant for a count of one (English; other languages translate each)."""
        return cls(f"{id}.one" if n == 1 and f"{id}.one" in TEMPLATES else id, {"n": n, **params})

    @property
    def template(self) -> str:
        return TEMPLATES[self.id]

    def text(self) -> str:
        """The English sentence."""
        return render(self)

    def __str__(self) -> str:
        return self.text()

    def __hash__(self) -> int:  # params is a dict: hash what it says instead
        return hash((self.id, self.text()))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON (run metrics keep it beside the English text)."""
        return {"id": self.id, "params": {k: _plain(v) for k, v in self.params.items()}}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Message":
        return cls(d["id"], {k: _revive(v) for k, v in d.get("params", {}).items()})


def msg(id: str, **params: Any) -> Message:
    return Message(id, params)


def with_message(key: str, message: Message | str) -> dict[str, Any]:
    """Metrics entries for a run: the English text under ``key`` (what older readers and SQL see)
    and the message under ``key + "_message"`` (what the GUI translates)."""
    if isinstance(message, Message):
        return {key: message.text(), f"{key}_message": message.to_dict()}
    return {key: message}


def term(text: str) -> Message | str:
    """A candidate's label as a translatable message, or the text itself when it is not one."""
    return Message(f"term:{text}") if f"term:{text}" in TEMPLATES else text


def stored(text: Any, message: Any) -> Message | str:
    """What a run stored: its message dict when there is one (newer runs), else its English text. A message
    this version cannot fill (its id gone, or its template now naming a parameter the run did not keep) is
    the English text the run stored beside it."""
    if _is_message_dict(message):
        try:
            revived = Message.from_dict(message)
        except KeyError:   # an id this version no longer has
            pass
        else:
            if _fillable(revived):
                return revived
    return "" if text is None else str(text)


def _fillable(message: Message) -> bool:
    """Whether every parameter the message's template (and every message inside it) names is in its params."""
    names = {name for _, name, _, _ in string.Formatter().parse(message.template) if name is not None}
    if not names <= set(message.params):
        return False
    inner = [v for value in message.params.values()
             for v in (value if isinstance(value, (list, tuple)) else [value]) if isinstance(v, Message)]
    return all(_fillable(m) for m in inner)


def message_of(exc: BaseException) -> Message | str:
    """An exception's message for people: the Message it carries, else its text."""
    m = getattr(exc, "message", None)
    return m if isinstance(m, Message) else str(exc)


def _plain(v: Any) -> Any:
    if isinstance(v, Message):
        return v.to_dict()
    return [_plain(x) for x in v] if isinstance(v, (list, tuple)) else v


def _revive(v: Any) -> Any:
    if _is_message_dict(v):
        return Message.from_dict(v)
    return [_revive(x) for x in v] if isinstance(v, list) else v


def _is_message_dict(v: Any) -> bool:
    return isinstance(v, Mapping) and isinstance(v.get("id"), str) and isinstance(v.get("params", {}), Mapping)


def _english_number(value: float | int, spec: str) -> str:
    return format(value, spec)


def _same(text: str) -> str:
    return text


def render(message: Message | str, *, template: Callable[[str], str] = _same,
           number: Callable[[float | int, str], str] = _english_number) -> str:
    """Fill a message's template. ``template`` maps the English template to the language shown
    (identity: English); ``number`` formats a numeric parameter with its spec. Nested messages are
    rendered the same way; other parameters are put in as text."""
    if not isinstance(message, Message):
        return str(message)
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(template(message.template)):
        out.append(literal)
        if name is None:
            continue
        value = message.params[name]
        if isinstance(value, (list, tuple)):  # items rendered one by one, joined the language's way
            out.append(template(TEMPLATES["list.separator"]).join(
                render(v, template=template, number=number) for v in value))
        elif isinstance(value, Message):
            out.append(render(value, template=template, number=number))
        elif isinstance(value, numbers.Real) and not isinstance(value, bool) and not conversion:
            out.append(number(value, spec or ""))
        else:
            # a number's format spec does not apply to the text standing in for it (a dash)
            out.append(repr(value) if conversion == "r" else str(value))
    return "".join(out)


def sql_format(id: str, names: Sequence[str], template: Callable[[str], str] = _same) -> str:
    """A SQL string literal of the template of ``id`` for DuckDB's ``format()``, each ``{name:spec}``
    turned into ``{i:spec}`` with ``i`` the name's place in ``names`` (the order of format()'s
    arguments). ``template`` translates it first: a sentence composed in SQL for millions of rows
    reads in the user's language without a Python loop."""
    out = []
    for literal, name, spec, _ in string.Formatter().parse(template(TEMPLATES[id])):
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is not None:
            out.append("{" + str(list(names).index(name)) + (":" + spec if spec else "") + "}")
    return "'" + "".join(out).replace("'", "''") + "'"


def placeholders(template: str) -> set[str]:
    """The parameter names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
