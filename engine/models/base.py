"""What every model service returns, and the as-of date rules they share."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any, TypeVar

from engine.messages import Message, msg
from engine.store.errors import ProjectError, TooLittleData
from engine.store.project import Project


@dataclass
class TrainResult:
    kind: str
    run_id: int
    metrics: dict[str, Any] = field(default_factory=dict)
    message: Message | str = ""

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "message": str(self.message)}


class NoDataError(TooLittleData):
    """The project's data cannot train this model: no events before the as-of date, too little history, too
    few buyers (its run is recorded as skipped, with the reason)."""


def data_end(project: Project) -> datetime:
    """The day after the last event: the natural as-of date for scoring the future."""
    last = project.scalar("SELECT max(ts) FROM events")
    if last is None:
        raise NoDataError(msg("data.no_events"))
    return datetime(last.year, last.month, last.day) + timedelta(days=1)


def resolve_as_of(project: Project, as_of: datetime | str | None) -> datetime:
    """None means 'now' in data time (the day after the last event)."""
    if as_of is None:
        return data_end(project)
    if isinstance(as_of, str):
        try:
            return datetime.fromisoformat(as_of)
        except ValueError:
            raise ProjectError(msg("project.bad_date", value=repr(as_of))) from None
    return as_of


P = TypeVar("P")


def params_from_dict(cls: type[P], values: dict[str, Any] | None, model: str) -> P:
    """A model's parameters (a dataclass of numbers) from a plain dict, as the CLI and GUI pass them.

    Unknown names and values of the wrong kind are refused with a message that names the
    model and the parameter, so a typo in ``--params`` never trains silently with defaults.
    """
    values = dict(values or {})
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ProjectError(msg("params.unknown", model=model, names=", ".join(unknown), known=", ".join(sorted(known))))
    out = cls()
    for key, value in values.items():
        kind = type(getattr(out, key))
        try:
            setattr(out, key, kind(value))
        except (TypeError, ValueError):
            what = {int: msg("kind.int"), float: msg("kind.float")}.get(kind, kind.__name__)
            raise ProjectError(msg("params.bad_value", model=model, key=key, what=what, value=repr(value))) from None
    return out
