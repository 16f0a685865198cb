"""The demo shop's catalogue: departments, categories, planted half-lives, items.

Everything here is a fixed constant (it does not depend on the seed), so the
planted per-category truth is the same in every generated demo shop:

* ``half_life_days`` — the decay half-life of a customer's interest in the
  category (the Hawkes kernel decay is ``beta = ln 2 / half_life``);
* ``branching`` — the Hawkes branching ratio (expected purchases one purchase
  triggers in the same category), 0.60–0.75 by department.

Items are kept sorted from cheapest to most expensive: light customers lean to the
cheap end of a category, heavy customers to the premium end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "Item",
    "Category",
    "Group",
    "DEPARTMENTS",
    "CATEGORIES",
    "GROUPS",
    "AGE_BANDS",
    "REGIONS",
    "CHANNELS",
    "TIERS",
    "category_index",
    "group_index",
]


@dataclass(frozen=True)
class Item:
    name: str
    price: float  # unit price in the shop's currency


@dataclass(frozen=True)
class Category:
    name: str
    department: str
    code: str  # three letters used in item ids: SKU-<code>-001
    half_life_days: float
    branching: float
    items: tuple[Item, ...]

    @property
    def path(self) -> str:
        return f"{self.department} > {self.name}"


def _items(*pairs: tuple[str, float]) -> tuple[Item, ...]:
    return tuple(sorted((Item(name, price) for name, price in pairs), key=lambda it: it.price))


# Branching ratios by department: staples re-trigger more than durables.
_BRANCHING = {
    "Grocery": 0.75,
    "Baby & Kids": 0.72,
    "Beauty": 0.70,
    "Fashion": 0.66,
    "Home": 0.63,
    "Electronics": 0.60,
}

DEPARTMENTS: tuple[str, ...] = tuple(_BRANCHING)


def _cat(name: str, department: str, code: str, half_life: float, *items: tuple[str, float]) -> Category:
    return Category(name, department, code, float(half_life), _BRANCHING[department], _items(*items))


CATEGORIES: tuple[Category, ...] = (
    # --- Grocery -------------------------------------------------------------------------
    _cat("Dairy", "Grocery", "DAI", 10,
         ("Whole milk, 1 L", 1.19), ("Salted butter 250 g", 2.79),
         ("Greek yoghurt, 500 g", 3.49), ("Aged Gouda 400 g", 6.99)),
    _cat("Bakery", "Grocery", "BAK", 12,
         ("Butter croissant", 1.29), ("Rye bread, sliced", 2.89),
         ("Sourdough loaf 800 g", 4.20), ("Cinnamon buns, pack of 4", 5.50)),
    _cat("Snacks", "Grocery", "SNA", 18,
         ("Sea salt crisps 150 g", 1.99), ("Roasted almonds 200 g", 3.79),
         ("Dark chocolate 85%", 3.99), ("Trail mix, family pack", 6.49)),
    _cat("Tea", "Grocery", "TEA", 45,
         ("Breakfast tea, 80 bags", 3.29), ("Green sencha 100 g", 5.90),
         ("Earl Grey, loose leaf", 7.50), ("Matcha powder, ceremonial", 19.90)),
    _cat("Coffee", "Grocery", "COF", 60,
         ("Ground coffee 500 g", 6.49), ("Espresso beans, 1 kg", 16.90),
         ("Single origin Ethiopia 250 g", 11.50), ("Coffee capsules, pack of 50", 14.99)),
    # --- Baby & Kids ---------------------------------------------------------------------
    _cat("Diapers", "Baby & Kids", "DIA", 14,
         ("Baby wipes, pack of 3", 4.99), ("Diapers size 2, 44 pcs", 12.99),
         ("Diapers size 3, 84 pcs", 24.99), ("Eco diapers, monthly box", 49.00)),
    _cat("Baby food", "Baby & Kids", "BFD", 21,
         ("Apple & pear puree", 0.99), ("Organic baby porridge", 3.49),
         ("Vegetable pouches, 6 pack", 6.99), ("Infant formula, 800 g", 21.90)),
    _cat("Maternity", "Baby & Kids", "MAT", 35,
         ("Prenatal vitamins, 60 caps", 14.90), ("Stretch mark oil", 18.50),
         ("Maternity leggings", 29.90), ("Nursing pillow", 44.00), ("Maternity jeans, slim", 59.00)),
    _cat("Kidswear", "Baby & Kids", "KID", 40,
         ("Kids socks, 5 pairs", 7.99), ("Cotton bodysuits, 3 pack", 16.90),
         ("Kids rain jacket", 34.90), ("Winter snowsuit", 69.00)),
    _cat("Toys", "Baby & Kids", "TOY", 50,
         ("Wooden stacking rings", 12.90), ("Picture book, board", 9.99),
         ("Building blocks, 120 pcs", 29.90), ("Balance bike", 89.00)),
    # --- Home ----------------------------------------------------------------------------
    _cat("Cleaning", "Home", "CLE", 25,
         ("Dish soap, lemon", 2.19), ("Microfibre cloths, 10 pack", 6.99),
         ("Laundry detergent, 40 washes", 11.90), ("Cordless stick vacuum", 189.00)),
    _cat("Garden", "Home", "GAR", 55,
         ("Seed mix, herbs", 3.49), ("Potting soil 40 L", 8.99),
         ("Garden hose, 25 m", 34.90), ("Teak garden chair", 129.00)),
    _cat("Decor", "Home", "DEC", 65,
         ("Scented candle, fig", 12.90), ("Linen cushion cover", 19.90),
         ("Framed print, 50 x 70 cm", 49.00), ("Wool rug, 160 x 230", 249.00)),
    _cat("Kitchen", "Home", "KIT", 70,
         ("Silicone spatula", 7.99), ("Chef's knife, 20 cm", 49.90),
         ("Cast iron pan, 28 cm", 59.00), ("Espresso machine", 349.00)),
    _cat("Bedding", "Home", "BED", 85,
         ("Pillowcases, 2 pack", 14.90), ("Duvet cover, 200 x 220", 49.90),
         ("Down pillow", 69.00), ("All-season duvet", 159.00)),
    # --- Fashion -------------------------------------------------------------------------
    _cat("Womenswear", "Fashion", "WOM", 30,
         ("Basic tee, organic cotton", 14.90), ("Knit cardigan", 39.90),
         ("Midi dress, floral", 59.90), ("Wool coat", 179.00)),
    _cat("Sportswear", "Fashion", "SPO", 33,
         ("Running socks, 3 pairs", 12.90), ("Training shorts", 24.90),
         ("Sports bra", 34.90), ("Running jacket, waterproof", 89.00)),
    _cat("Menswear", "Fashion", "MEN", 38,
         ("Crew socks, 5 pairs", 12.90), ("Oxford shirt", 44.90),
         ("Chinos, slim fit", 54.90), ("Merino sweater", 89.00)),
    _cat("Accessories", "Fashion", "ACC", 48,
         ("Knit beanie", 14.90), ("Leather belt", 34.90),
         ("Sunglasses, polarised", 59.00), ("Leather tote bag", 149.00)),
    _cat("Shoes", "Fashion", "SHO", 58,
         ("Canvas sneakers", 49.90), ("Running shoes", 119.00),
         ("Chelsea boots, suede", 149.00), ("Leather loafers", 169.00)),
    # --- Beauty --------------------------------------------------------------------------
    _cat("Bath & body", "Beauty", "BAT", 16,
         ("Shower gel, 250 ml", 3.49), ("Hand cream, shea", 5.99),
         ("Body lotion, 400 ml", 8.90), ("Bath salts, lavender", 12.50)),
    _cat("Haircare", "Beauty", "HAI", 20,
         ("Shampoo, 250 ml", 5.49), ("Conditioner, 250 ml", 5.49),
         ("Hair mask, argan", 14.90), ("Hair dryer, ionic", 79.00)),
    _cat("Skincare", "Beauty", "SKI", 24,
         ("Micellar water, 400 ml", 7.99), ("Day cream SPF 30", 19.90),
         ("Vitamin C serum, 30 ml", 29.90), ("Retinol night cream", 44.00)),
    _cat("Makeup", "Beauty", "MAK", 28,
         ("Lip balm, tinted", 6.90), ("Mascara, volume", 12.90),
         ("Foundation, 30 ml", 24.90), ("Eyeshadow palette, 12 shades", 39.00)),
    _cat("Fragrance", "Beauty", "FRA", 75,
         ("Body mist, 100 ml", 14.90), ("Eau de toilette, 50 ml", 49.00),
         ("Eau de parfum, 50 ml", 79.00), ("Eau de parfum, 100 ml", 119.00)),
    # --- Electronics ---------------------------------------------------------------------
    _cat("Gaming", "Electronics", "GAM", 42,
         ("Gift card, 25", 25.00), ("Wireless controller", 59.90),
         ("Gaming headset", 89.00), ("Game console, 1 TB", 449.00)),
    _cat("Smart home", "Electronics", "SMH", 66,
         ("Smart plug, 2 pack", 24.90), ("Smart bulb starter kit", 69.00),
         ("Video doorbell", 129.00), ("Robot vacuum", 299.00)),
    _cat("Audio", "Electronics", "AUD", 80,
         ("Wired earbuds", 19.90), ("Bluetooth speaker, mini", 49.00),
         ("Wireless earbuds, ANC", 149.00), ("Over-ear headphones, ANC", 299.00)),
    _cat("Computers", "Electronics", "COM", 88,
         ("USB-C hub, 7-in-1", 39.90), ("Mechanical keyboard", 99.00),
         ('Monitor 27" 4K, IPS', 329.00), ("Laptop 14\", 16 GB", 999.00)),
    _cat("Phones", "Electronics", "PHO", 90,
         ("Phone case, clear", 19.90), ("Fast charger, 30 W", 29.90),
         ("Smartwatch", 199.00), ("Smartphone, 128 GB", 599.00)),
)

_names = [c.name for c in CATEGORIES]
assert len(set(_names)) == len(_names)
assert len({c.code for c in CATEGORIES}) == len(CATEGORIES)


def category_index(name: str) -> int:
    return _names.index(name)


# --- customer attributes -----------------------------------------------------------------

TIERS: tuple[str, ...] = ("light", "medium", "heavy")
AGE_BANDS: tuple[str, ...] = ("18-24", "25-34", "35-44", "45-54", "55+")
REGIONS: tuple[str, ...] = ("North", "South", "East", "West", "Central")
CHANNELS: tuple[str, ...] = ("web", "app", "marketplace")


@dataclass(frozen=True)
class Group:
    """An interest group: its share of customers, its home categories and attribute mix."""

    name: str
    share: float
    home: dict[str, float]  # category -> share of the member's purchases (sums to HOME_SHARE)
    age: tuple[float, ...]  # probabilities over AGE_BANDS
    region: tuple[float, ...]  # over REGIONS
    channel: tuple[float, ...]  # over CHANNELS


HOME_SHARE = 0.85  # the rest of a group's purchases spreads over all other categories

GROUPS: tuple[Group, ...] = (
    Group("Grocery regulars", 0.22,
          {"Dairy": 0.25, "Bakery": 0.20, "Coffee": 0.15, "Tea": 0.10, "Snacks": 0.15},
          age=(0.03, 0.07, 0.15, 0.35, 0.40), region=(0.40, 0.10, 0.10, 0.10, 0.30),
          channel=(0.80, 0.15, 0.05)),
    Group("Young parents", 0.22,
          {"Maternity": 0.25, "Diapers": 0.25, "Toys": 0.13, "Kidswear": 0.12, "Dairy": 0.10},
          age=(0.08, 0.72, 0.17, 0.02, 0.01), region=(0.08, 0.42, 0.35, 0.05, 0.10),
          channel=(0.12, 0.83, 0.05)),
    Group("Fashion & beauty", 0.18,
          {"Womenswear": 0.20, "Shoes": 0.12, "Accessories": 0.10, "Skincare": 0.15,
           "Makeup": 0.15, "Fragrance": 0.08, "Bath & body": 0.05},
          age=(0.55, 0.30, 0.10, 0.04, 0.01), region=(0.05, 0.10, 0.10, 0.40, 0.35),
          channel=(0.10, 0.45, 0.45)),
    Group("Home makers", 0.15,
          {"Kitchen": 0.20, "Decor": 0.15, "Bedding": 0.12, "Garden": 0.15, "Cleaning": 0.23},
          age=(0.02, 0.08, 0.50, 0.30, 0.10), region=(0.40, 0.05, 0.05, 0.40, 0.10),
          channel=(0.75, 0.20, 0.05)),
    Group("Tech buyers", 0.13,
          {"Phones": 0.12, "Audio": 0.18, "Computers": 0.15, "Smart home": 0.20, "Gaming": 0.20},
          age=(0.35, 0.40, 0.17, 0.06, 0.02), region=(0.10, 0.10, 0.15, 0.15, 0.50),
          channel=(0.15, 0.10, 0.75)),
    Group("Active lifestyle", 0.10,
          {"Sportswear": 0.30, "Menswear": 0.20, "Shoes": 0.15, "Haircare": 0.10, "Audio": 0.10},
          age=(0.30, 0.45, 0.20, 0.04, 0.01), region=(0.10, 0.15, 0.55, 0.10, 0.10),
          channel=(0.20, 0.70, 0.10)),
)

_group_names = [g.name for g in GROUPS]
assert abs(sum(g.share for g in GROUPS) - 1.0) < 1e-9
for _g in GROUPS:
    assert abs(sum(_g.home.values()) - HOME_SHARE) < 1e-9, _g.name
    assert all(c in _names for c in _g.home), _g.name
    for _p in (_g.age, _g.region, _g.channel):
        assert abs(sum(_p) - 1.0) < 1e-9, _g.name


def group_index(name: str) -> int:
    return _group_names.index(name)


def group_mix() -> np.ndarray:
    """(n_groups, n_categories) expected share of a member's purchases per category."""
    mix = np.zeros((len(GROUPS), len(CATEGORIES)))
    for g, group in enumerate(GROUPS):
        home = np.array([category_index(c) for c in group.home])
        other = np.setdiff1d(np.arange(len(CATEGORIES)), home)
        mix[g, other] = (1.0 - HOME_SHARE) / other.size
        mix[g, home] = list(group.home.values())
    return mix
