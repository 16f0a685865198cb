"""What a campaign list is built from: the target category and the filters, as plain values."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from engine.messages import msg
from engine.store.errors import ProjectError


class CampaignError(ProjectError):
    """A campaign that cannot be built, saved or measured, with a message for the user."""


#: Targets other than a category, built from the customers model: the label stands in the
#: members' category column, and a purchase of anything counts as the response.
CUSTOMER_TARGETS = {
    "lapsing": "Any purchase · likely to lapse",
    "high-value": "Any purchase · high expected value",
}
ANY_PURCHASE_PREFIX = "Any purchase · "


@dataclass
class CampaignSpec:
    """The builder's settings. Everything is optional except the category.

    ``size`` caps the list at the top-N scores (control included); the control
    group is then drawn from those N at random, so target and control have the
    same score mix and their difference in shift rate measures the campaign.
    """

    category: str = ""
    name: str = ""
    min_score: float | None = None
    tiers: list[str] = field(default_factory=list)
    clusters: list[int] = field(default_factory=list)
    min_lapse: float | None = None          # the customer's highest lapse probability in any category
    max_lapse: float | None = None
    suppress_recent_days: int | None = 56   # bought the target category in these days before the campaign date
    suppress_refund_only: bool = True       # customers whose every purchase was refunded
    suppress_active: bool = True            # customers in another active campaign (target or control)
    size: int | None = None
    control_fraction: float = 0.10
    seed: int = 1
    campaign_date: dt.datetime | None = None  # default: the end of the imported data
    horizon_weeks: int = 4                  # how long after the campaign date a purchase counts as a shift
    attributes: list[str] = field(default_factory=list)  # customer attributes added to the export
    #: "category" (shift scores into ``category``), or a customer target: "lapsing" (past repeat
    #: buyers least likely to buy again) or "high-value" (highest expected spend), from the customers model
    target: str = "category"

    def __post_init__(self) -> None:
        if self.target in CUSTOMER_TARGETS and not self.category:
            self.category = CUSTOMER_TARGETS[self.target]

    @property
    def customer_target(self) -> bool:
        return self.target in CUSTOMER_TARGETS

    def validate(self) -> "CampaignSpec":
        if self.target != "category" and self.target not in CUSTOMER_TARGETS:
            raise CampaignError(msg("campaign.unknown_target", target=repr(self.target),
                                    choices=" or ".join(CUSTOMER_TARGETS)))
        if not self.category or not str(self.category).strip():
            raise CampaignError(msg("campaign.choose_category"))
        if not 0.0 <= float(self.control_fraction) < 1.0:
            raise CampaignError(msg("campaign.bad_control"))
        if self.size is not None and int(self.size) < 1:
            raise CampaignError(msg("campaign.bad_size"))
        if self.min_score is not None and not 0.0 <= float(self.min_score) <= 1.0:
            raise CampaignError(msg("campaign.bad_min_score"))
        for label, value in (("minimum", self.min_lapse), ("maximum", self.max_lapse)):
            if value is not None and not 0.0 <= float(value) <= 1.0:
                raise CampaignError(msg(f"campaign.bad_{label}_lapse"))
        if self.suppress_recent_days is not None and int(self.suppress_recent_days) < 0:
            raise CampaignError(msg("campaign.bad_recent_days"))
        if int(self.horizon_weeks) < 1:
            raise CampaignError(msg("campaign.bad_window"))
        return self

    def filters(self) -> dict[str, Any]:
        """The settings as stored with a saved campaign (JSON-friendly)."""
        out = asdict(self)
        if isinstance(out["campaign_date"], dt.datetime):
            out["campaign_date"] = out["campaign_date"].isoformat()
        return out

    def to_json(self) -> str:
        return json.dumps(self.filters(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CampaignSpec":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if isinstance(values.get("campaign_date"), str):
            values["campaign_date"] = dt.datetime.fromisoformat(values["campaign_date"])
        return cls(**values)
