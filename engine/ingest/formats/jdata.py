"""JD's JData contests' action logs (京东 JData): a row per action, its ``type`` a code.

- 2017's JData_Action_2016MM.csv: user_id, sku_id, time, model_id, type (1 browse, 2 add to cart, 3 take out of the
  cart, 4 order, 5 follow, 6 click), cate, brand;
- 2019's jdata_action.csv: user_id, sku_id, action_time, module_id, type (1 browse, 2 order, 3 follow, 4 comment,
  5 add to cart); its categories are in jdata_product.csv (sku_id, brand, shop_id, cate, market_time), a product
  list read as a catalog.

Read by their header words alone, ``type`` was taken for the category and every browse for a purchase. The users'
files (JData_User.csv, jdata_user.csv: user_id, age, sex, user_lv_cd...) are lists of customers
(:mod:`engine.ingest.customer_list`)."""

from __future__ import annotations

from engine.ingest.formats._util import find, has_all
from engine.ingest.mapping import Mapping

#: 2017: taking an item out of the cart and a follow's click are no events the models read
ACTIONS_2017 = {"1": "view", "2": "cart", "3": "skip", "4": "purchase", "5": "favourite", "6": "view"}
#: 2019: a comment follows a purchase already counted
ACTIONS_2019 = {"1": "view", "2": "purchase", "3": "favourite", "4": "skip", "5": "cart"}


def recognise(header: list[str], sample: list[list[str]]) -> Mapping | None:
    if has_all(header, "user_id", "sku_id", "time", "model_id", "type"):
        return Mapping(format="jdata", columns={
            "customer_id": find(header, "user_id"), "item_id": find(header, "sku_id"), "ts": find(header, "time"),
            "event_type": find(header, "type"), "category": find(header, "cate")},
            event_type_values=dict(ACTIONS_2017))
    if has_all(header, "user_id", "sku_id", "action_time", "module_id", "type"):
        return Mapping(format="jdata", columns={
            "customer_id": find(header, "user_id"), "item_id": find(header, "sku_id"),
            "ts": find(header, "action_time"), "event_type": find(header, "type")},
            event_type_values=dict(ACTIONS_2019))
    return None
