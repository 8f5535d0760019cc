"""The slice of the Kemendagri gazetteer the synthetic population lives in."""

import random
from dataclasses import dataclass

from resolvers.wilayah import Wilayah, gazetteer

SEEDED_PROVINCES = ("32", "33", "35", "73", "53", "11")
# Always seeded, whatever the seed: the demo queries and the tests name them.
ANCHOR_REGENCIES = ("32.04", "32.73", "35.78")

_REGENCIES_PER_PROVINCE = (4, 6)
_DISTRICTS_PER_REGENCY = (2, 4)
_VILLAGES_PER_DISTRICT = (2, 5)


@dataclass(frozen=True, slots=True)
class SeededVillage:
    code: str
    name: str
    kind: str | None
    regency_code: str
    regency_name: str
    # Relative number of registered households living there.
    weight: float

    @property
    def province_code(self) -> str:
        return self.regency_code[:2]

    @property
    def district_code(self) -> str:
        return self.code[:8]


def place_name(regency_name: str) -> str:
    """The town a regency is named after: ``Kabupaten Bandung`` -> ``Bandung``."""
    for prefix in ("Kabupaten ", "Kota ", "Administrasi "):
        regency_name = regency_name.removeprefix(prefix)
    return regency_name


def region_name(code: str) -> str:
    """The gazetteer's name for ``code`` (the code itself if the gazetteer lacks it)."""
    region = gazetteer().get(code)
    return region.name if region is not None else code


def seeded_villages(rng: random.Random) -> list[SeededVillage]:
    villages: list[SeededVillage] = []
    for province in SEEDED_PROVINCES:
        for regency in _pick_regencies(rng, province):
            urban = 2.0 if regency.kind == "kota" else 1.0
            for district in _sample(
                rng, gazetteer().children(regency.code), _DISTRICTS_PER_REGENCY
            ):
                for village in _sample(
                    rng, gazetteer().children(district.code), _VILLAGES_PER_DISTRICT
                ):
                    villages.append(
                        SeededVillage(
                            code=village.code,
                            name=village.name,
                            kind=village.kind,
                            regency_code=regency.code,
                            regency_name=regency.name,
                            weight=urban * rng.lognormvariate(0.0, 0.7),
                        )
                    )
    return villages


def _pick_regencies(rng: random.Random, province: str) -> list[Wilayah]:
    regencies = gazetteer().children(province)
    anchored = [regency for regency in regencies if regency.code in ANCHOR_REGENCIES]
    others = [regency for regency in regencies if regency.code not in ANCHOR_REGENCIES]
    wanted = rng.randint(*_REGENCIES_PER_PROVINCE) - len(anchored)
    chosen = anchored + rng.sample(others, min(len(others), wanted))
    return sorted(chosen, key=lambda regency: regency.code)


def _sample(rng: random.Random, regions: list[Wilayah], bounds: tuple[int, int]) -> list[Wilayah]:
    chosen = rng.sample(regions, min(len(regions), rng.randint(*bounds)))
    return sorted(chosen, key=lambda region: region.code)
