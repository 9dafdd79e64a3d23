"""The first two of a certificate number's four region digits (DOMAIN.md, GB/T 2260): Henan's
prefecture cities, and 90 for the county-level cities the province administers directly.
The unit's own four digits are configuration (`CERTIFICATE_REGION`); this table checks them."""

from __future__ import annotations

PROVINCE = "41"

PREFECTURES: dict[str, str] = {
    "01": "郑州市",
    "02": "开封市",
    "03": "洛阳市",
    "04": "平顶山市",
    "05": "安阳市",
    "06": "鹤壁市",
    "07": "新乡市",
    "08": "焦作市",
    "09": "濮阳市",
    "10": "许昌市",
    "11": "漯河市",
    "12": "三门峡市",
    "13": "南阳市",
    "14": "商丘市",
    "15": "信阳市",
    "16": "周口市",
    "17": "驻马店市",
    "90": "省直辖县级行政区划",
}

SERIAL_DIGITS = 7
SERIAL_MAX = 10**SERIAL_DIGITS - 1


def region_problem(region: str) -> str | None:
    """Why `region` cannot be the unit's four region digits, or None when it can."""
    if len(region) != 4 or not region.isascii() or not region.isdigit():
        return f"CERTIFICATE_REGION must be four digits, not {region!r}"
    if region[:2] not in PREFECTURES:
        return f"CERTIFICATE_REGION {region!r}: {region[:2]!r} is no Henan prefecture in GB/T 2260"
    return None


def prefix(region: str) -> str:
    return PROVINCE + region


def format_number(prefix: str, serial: int) -> str:
    """41 + four region digits + a seven-digit serial: thirteen digits."""
    if not 1 <= serial <= SERIAL_MAX:
        raise ValueError(f"serial must be 1 to {SERIAL_MAX}, not {serial}")
    return f"{prefix}{serial:0{SERIAL_DIGITS}d}"
