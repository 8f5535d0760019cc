"""Validated scalars: a bad value is refused at the edge, before any resolver runs."""

import datetime
import re
from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

from resolvers.wilayah import gazetteer, is_well_formed


class InvalidScalar(ValueError):
    """A value a scalar refuses; the message says why without repeating the value."""


_NIK_FORM = re.compile(r"\d{16}")


def nik_problem(value: str) -> str | None:
    """Why ``value`` is not a possible NIK, or ``None`` when it is."""
    if not _NIK_FORM.fullmatch(value):
        return "a NIK has exactly 16 digits"
    regency = f"{value[0:2]}.{value[2:4]}"
    # NIKs keep the district of issue; districts split since then no longer exist, so the
    # regency must exist and the district digits must be set.
    if regency not in gazetteer() or value[4:6] == "00":
        return "the region digits of the NIK name no known regency and district"
    day, month, year = int(value[6:8]), int(value[8:10]), int(value[10:12])
    if day > 40:
        day -= 40
    if not any(_is_date(century + year, month, day) for century in (1900, 2000)):
        return "the birth-date digits of the NIK are not a date"
    if value[12:] == "0000":
        return "the serial digits of the NIK cannot be 0000"
    return None


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _parse_nik(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidScalar("a NIK is a string of 16 digits")
    problem = nik_problem(value)
    if problem:
        raise InvalidScalar(problem)
    return value


def parse_region_code(value: object) -> str:
    if not isinstance(value, str) or not is_well_formed(value):
        raise InvalidScalar(
            "a region code has the dotted form 32, 32.04, 32.04.05 or 32.04.05.2001"
        )
    if value not in gazetteer():
        raise InvalidScalar("no region has this code in the Kemendagri list")
    return value


def _parse_money(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidScalar("money is a whole number of rupiah")
    if isinstance(value, str):
        if not value.isdigit():
            raise InvalidScalar("money is a whole number of rupiah")
        value = int(value)
    if value < 0:
        raise InvalidScalar("money cannot be negative")
    return value


NIK = NewType("NIK", str)
RegionCode = NewType("RegionCode", str)
Money = NewType("Money", int)

SCALARS: dict[object, ScalarDefinition] = {
    NIK: strawberry.scalar(
        name="NIK",
        description=(
            "Nomor Induk Kependudukan: 16 digits (region of issue, birth date with +40 on the day"
            " for women, serial). Without the PII scope it is shown masked, e.g. 3204********0012."
        ),
        serialize=str,
        parse_value=_parse_nik,
    ),
    RegionCode: strawberry.scalar(
        name="RegionCode",
        description="A Kemendagri region code in dotted form: 32, 32.04, 32.04.05, 32.04.05.2001.",
        serialize=str,
        parse_value=parse_region_code,
    ),
    Money: strawberry.scalar(
        name="Money",
        description="An amount in whole rupiah.",
        serialize=int,
        parse_value=_parse_money,
    ),
}
