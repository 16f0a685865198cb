"""The bundled demo shop: a deterministic generator of shop events with a planted truth."""

from .shop import (
    DEMO_END,
    DEMO_START,
    MOVE_SOURCE,
    MOVE_TARGET,
    MOVE_WEEK,
    DemoShopFiles,
    generate_demo_shop,
)
from .truth import DemoTruth

__all__ = [
    "DEMO_END",
    "DEMO_START",
    "MOVE_SOURCE",
    "MOVE_TARGET",
    "MOVE_WEEK",
    "DemoShopFiles",
    "DemoTruth",
    "generate_demo_shop",
]
