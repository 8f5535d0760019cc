import csv
import enum
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

_CODE_FORM = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")


class Level(enum.Enum):
    PROVINCE = "province"
    REGENCY = "regency"
    DISTRICT = "district"
    VILLAGE = "village"


_LEVEL_BY_PARTS = {1: Level.PROVINCE, 2: Level.REGENCY, 3: Level.DISTRICT, 4: Level.VILLAGE}
_VILLAGE_KINDS = {"1": "kelurahan", "2": "desa", "3": "desa adat"}


@dataclass(frozen=True, slots=True)
class Wilayah:
    code: str
    name: str
    level: Level
    parent_code: str | None
    kind: str | None


def is_well_formed(code: str) -> bool:
    return _CODE_FORM.fullmatch(code) is not None


def parent_of(code: str) -> str | None:
    head, dot, _ = code.rpartition(".")
    return head if dot else None


def ancestors_of(code: str) -> list[str]:
    """Codes above ``code``, nearest last: ``32.04.05`` -> ``["32", "32.04"]``."""
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


class Gazetteer:
    def __init__(self, regions: list[Wilayah]) -> None:
        self._by_code = {region.code: region for region in regions}
        self._children: dict[str | None, list[Wilayah]] = {}
        for region in regions:
            self._children.setdefault(region.parent_code, []).append(region)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> Wilayah | None:
        return self._by_code.get(code)

    def children(self, code: str | None) -> list[Wilayah]:
        """Direct children of ``code``; ``None`` gives the provinces."""
        return self._children.get(code, [])

    def provinces(self) -> list[Wilayah]:
        return self.children(None)

    def descendants(self, code: str, level: Level) -> Iterator[Wilayah]:
        stack = list(reversed(self.children(code)))
        while stack:
            region = stack.pop()
            if region.level is level:
                yield region
            elif _depth(region.level) < _depth(level):
                stack.extend(reversed(self.children(region.code)))


def _depth(level: Level) -> int:
    return list(Level).index(level)


def _rows(name: str) -> Iterator[dict[str, str]]:
    with resources.files(__package__).joinpath("data", name).open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _load() -> list[Wilayah]:
    regions: list[Wilayah] = []
    sources = (
        ("provinces.csv", None, lambda row: None),
        ("regencies.csv", "province_code", lambda row: row["kind"]),
        ("districts.csv", "regency_code", lambda row: None),
        ("villages.csv", "district_code", lambda row: _VILLAGE_KINDS.get(row["code"][-4])),
    )
    for filename, parent_column, kind_of in sources:
        for row in _rows(filename):
            code = row["code"]
            regions.append(
                Wilayah(
                    code=code,
                    name=row["name"],
                    level=_LEVEL_BY_PARTS[code.count(".") + 1],
                    parent_code=row[parent_column] if parent_column else None,
                    kind=kind_of(row),
                )
            )
    return regions


@functools.cache
def gazetteer() -> Gazetteer:
    """The official list, read once per process."""
    return Gazetteer(_load())
