"""The user's defaults for every model run: the look-back L and horizon H (SPEC "Definitions"),
and the period length the data views count in.

A front end keeps them (the GUI in its settings) and lays them under the parameters of each run:
:meth:`UserDefaults.params_for` gives a model the shared names its parameters have, so a model
without a horizon (segments) gets none. The models count L and H in weeks; the period length
changes how the data views aggregate (``engine.read.overview.events_per_period``), not the models.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Iterable

from engine.messages import msg
from engine.models import registry
from engine.store.errors import ProjectError

PERIODS = ("day", "week", "month")
#: Bounds of L and H in weeks: a year of look-back, half a year ahead.
MAX_LOOKBACK_WEEKS = 52
MAX_HORIZON_WEEKS = 26

#: The parameter name each default sets, where a model's parameters have it.
_FIELDS = {"horizon_weeks": "horizon_weeks", "lookback": "lookback_weeks"}


@dataclass(frozen=True)
class UserDefaults:
    period: str = "week"
    lookback_weeks: int = 8     # L: a shift is into a category not bought in the last L weeks
    horizon_weeks: int = 4      # H: what happens in the next H weeks

    def validated(self) -> "UserDefaults":
        if self.period not in PERIODS:
            raise ProjectError(msg("settings.bad_period", choices=", ".join(PERIODS), value=repr(self.period)))
        if not 1 <= int(self.lookback_weeks) <= MAX_LOOKBACK_WEEKS:
            raise ProjectError(msg("settings.bad_lookback", max=MAX_LOOKBACK_WEEKS, value=self.lookback_weeks))
        if not 1 <= int(self.horizon_weeks) <= MAX_HORIZON_WEEKS:
            raise ProjectError(msg("settings.bad_horizon", max=MAX_HORIZON_WEEKS, value=self.horizon_weeks))
        return self

    def params_for(self, model: str) -> dict[str, Any]:
        """The defaults that ``model``'s parameters take (by their shared names)."""
        names = {f.name for f in fields(registry.spec(model).params_class())}
        return {name: int(getattr(self, attr)) for name, attr in _FIELDS.items() if name in names}

    def params_by_model(self, models: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """``params_for`` of each model (default: every registered one), as ``train_all`` takes them."""
        return {m: self.params_for(m) for m in (registry.SPECS if models is None else models)}
