"""Currencies by name: the marks, codes and words of one currency as one code (``€`` and ``eur`` are ``EUR``)."""

from __future__ import annotations

#: A currency's marks and codes as one code (upper case, as compared)
SAME = {"€": "EUR", "£": "GBP", "US$": "USD", "$US": "USD", "USD$": "USD", "$USD": "USD", "CA$": "CAD", "C$": "CAD",
        "CAD$": "CAD", "$CAD": "CAD", "A$": "AUD", "AU$": "AUD", "AUD$": "AUD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD",
        "SG$": "SGD", "NT$": "TWD", "R$": "BRL", "MX$": "MXN", "₩": "KRW", "₫": "VND", "Đ": "VND", "VNĐ": "VND",
        "₹": "INR", "RP": "IDR", "฿": "THB", "₱": "PHP", "RM": "MYR", "ZŁ": "PLN", "円": "JPY", "元": "CNY",
        "RMB": "CNY", "人民币": "CNY", "￥": "¥", "₺": "TRY", "₽": "RUB", "₪": "ILS", "KČ": "CZK", "FT": "HUF"}
#: Signs several currencies write: ``¥`` the yuan and the yen, ``$`` the dollars (and the pesos written so), ``KR``
#: the Nordic crowns. Alone, a sign is the one of its currencies the file's lines (or the project's spend) are in
#: beside it, and none when they are in two of them
SHARED_SIGNS = {"¥": ("CNY", "JPY"),
                "$": ("USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "MXN", "ARS", "CLP", "COP"),
                "KR": ("SEK", "NOK", "DKK", "ISK")}


def one_code(value: str) -> str:
    """A currency as compared: trimmed, upper case, its marks and words as one code (``" c$ "``: ``CAD``)."""
    value = value.strip().upper()
    return SAME.get(value, value)
