"""A Chinese customer's province, read from an address or a province column, in one spelling.

Taobao's order report has no province column: its 收货地址 is the whole address, written province first
(``浙江省 杭州市 西湖区 文三路…``, ``北京 北京市 朝阳区…``). Read as the region it would make every customer's region
their street; read as its province it is the region a campaign is filtered by and the transfer model learns from.
Exports that have a province column write it as ``浙江省`` or ``浙江``: one province, two regions. Both are read as the
province's official name (``浙江省``, ``北京市``, ``广西壮族自治区``), when the sampled values of the region's column
begin with a province (:data:`MIN_SHARE` of them); other columns keep their text.
"""

from __future__ import annotations

import re

import duckdb

from engine.ingest.parsing import lit, q

#: Each province-level division by the name an address begins with, and its official name.
PROVINCES = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市", "河北": "河北省", "山西": "山西省",
    "辽宁": "辽宁省", "吉林": "吉林省", "黑龙江": "黑龙江省", "江苏": "江苏省", "浙江": "浙江省", "安徽": "安徽省",
    "福建": "福建省", "江西": "江西省", "山东": "山东省", "河南": "河南省", "湖北": "湖北省", "湖南": "湖南省",
    "广东": "广东省", "海南": "海南省", "四川": "四川省", "贵州": "贵州省", "云南": "云南省", "陕西": "陕西省",
    "甘肃": "甘肃省", "青海": "青海省", "台湾": "台湾省", "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区",
    "西藏": "西藏自治区", "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区", "香港": "香港特别行政区",
    "澳门": "澳门特别行政区",
}
#: The province a text begins with (after spaces, and the country's name some addresses begin with): its short name.
_BEGINS = "^\\s*(?:中国)?\\s*(" + "|".join(sorted(PROVINCES, key=len, reverse=True)) + ")"
#: The share of a column's sampled values that must begin with a province.
MIN_SHARE = 0.8
#: Headers of a whole address: guessed as the region only when their values begin with a province.
ADDRESS_WORDS = ("收货地址", "收件地址", "收货人地址", "收件人地址", "地址")


def province_of(text: str) -> str:
    """SQL of the official name of the province the text ``text`` begins with (NULL when it begins with none)."""
    pairs = ", ".join(f"{lit(k)}: {lit(v)}" for k, v in PROVINCES.items())
    return f"MAP {{{pairs}}}[regexp_extract({text}, {lit(_BEGINS)}, 1)]"


def detect_provinces(cur: duckdb.DuckDBPyConnection, table: str, col: str) -> bool:
    """True when :data:`MIN_SHARE` of the column's sampled values (not blank) begin with a province."""
    v = f"nullif(trim(CAST({q(col)} AS VARCHAR)), '')"
    hits, values = cur.execute(f"SELECT count_if(regexp_matches({v}, {lit(_BEGINS)})), count({v}) FROM {table}"
                               ).fetchall()[0]
    return bool(values) and hits >= MIN_SHARE * values


def begin_with_provinces(values: list[str]) -> bool:
    """The same test on values in hand (the file's first rows, as the mapping's guess is made)."""
    values = [v for v in values if v.strip()]
    begins = re.compile(_BEGINS)
    return bool(values) and sum(bool(begins.match(v)) for v in values) >= MIN_SHARE * len(values)
