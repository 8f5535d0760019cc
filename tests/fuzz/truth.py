"""The fuzz oracle's ground truth: who asks (a caller and the regions it may see) and what
the seeded agency stores hold, read once per session with plain SQL."""

from dataclasses import dataclass
from functools import cached_property

from tests.conftest import SourceDatabases

ABOVE_ALLOWED = frozenset({"SocialOffice", "Warehouse", "DisasterEvent"})


def covers(prefix: str, code: str) -> bool:
    return code == prefix or code.startswith(prefix + ".")


@dataclass(frozen=True)
class Caller:
    """Who sends a request: the Authorization header and what a valid token grants."""

    header: str | None
    scopes: frozenset[str] = frozenset()
    regions: tuple[str, ...] = ()
    valid: bool = False

    @property
    def anonymous(self) -> bool:
        return self.header is None

    def sees(self, code: str) -> bool:
        return any(p == "*" or covers(p, code) for p in self.regions)

    def touches(self, code: str) -> bool:
        """``code`` is visible or lies above a visible region."""
        return self.sees(code) or any(covers(code, p) for p in self.regions)

    def shows(self, kind: str, codes: tuple[str, ...]) -> bool:
        check = self.touches if kind in ABOVE_ALLOWED else self.sees
        return any(check(code) for code in codes)


class Truth:
    """What the seeded agency stores hold, read once per session with plain SQL."""

    def __init__(self) -> None:
        self.placed: dict[str, dict[str, tuple[str, ...]]] = {}
        self.nik_of_person: dict[str, str] = {}
        self.name_of_person: dict[str, str] = {}
        self.nik_villages: dict[str, set[str]] = {}
        self.numbers: set[str] = set()
        self.names: set[str] = set()
        self.addresses: set[str] = set()
        self.household_ids: list[str] = []
        self.niks: list[str] = []
        self.villages: list[str] = []
        self._visible: dict[tuple[str, tuple[str, ...]], int] = {}

    def __repr__(self) -> str:
        return f"Truth({len(self.placed['Household'])} households)"

    @cached_property
    def region_pool(self) -> list[str]:
        districts = sorted({code.rsplit(".", 1)[0] for code in self.villages})
        # "32.7" and "3" are prefixes that must not match across a dot boundary.
        fixed = ["32", "32.04", "32.73", "35.78", "33", "73", "*", "32.7", "3"]
        return fixed + self.villages[::97][:6] + districts[::41][:4]

    def visible(self, kind: str, caller: Caller) -> int:
        key = (kind, caller.regions)
        if key not in self._visible:
            placed = self.placed[kind].values()
            self._visible[key] = sum(1 for codes in placed if caller.shows(kind, codes))
        return self._visible[key]

    def same_nik_visible(self, nik: str, caller: Caller) -> int:
        return sum(
            1
            for person, code in self.placed["Person"].items()
            if self.nik_of_person[person] == nik and caller.sees(code[0])
        )


PLACES = {
    "Household": ("registry", "SELECT id, village_code FROM households"),
    "Person": (
        "registry",
        "SELECT p.id, h.village_code FROM persons p JOIN households h ON h.id = p.household_id",
    ),
    "UpdateProposal": ("registry", "SELECT id, village_code FROM update_proposals"),
    "Complaint": ("regional", "SELECT id, village_code FROM complaints"),
    "KubeGroup": ("regional", "SELECT id, village_code FROM kube_groups"),
    "VerificationVisit": ("regional", "SELECT id, village_code FROM verification_visits"),
    "RehabilitationCase": ("regional", "SELECT id, village_code FROM rehabilitation_cases"),
    "SocialOffice": ("regional", "SELECT id, region_code FROM social_offices"),
    "Institution": ("institutions", "SELECT id, village_code FROM institutions"),
    "AidDistribution": ("logistics", "SELECT id, village_code FROM aid_distributions"),
    "EmergencyPost": ("logistics", "SELECT id, village_code FROM emergency_posts"),
    "Warehouse": ("logistics", "SELECT id, region_code FROM warehouses"),
    "DisasterEvent": ("logistics", "SELECT event_id, region_code FROM event_regions"),
    "Shipment": (
        "logistics",
        "SELECT s.id, p.village_code FROM shipments s JOIN emergency_posts p ON p.id = s.post_id",
    ),
}
# Strings that are public by design; a person who shares an officer's name is not a leak.
_PUBLIC_STRINGS = (
    ("regional", "SELECT officer FROM verification_visits"),
    ("regional", "SELECT name FROM kube_groups UNION SELECT address FROM social_offices"),
    ("institutions", "SELECT name FROM institutions UNION SELECT address FROM institutions"),
    ("logistics", "SELECT name FROM warehouses UNION SELECT address FROM warehouses"),
)


async def load_truth(databases: SourceDatabases) -> Truth:
    truth = Truth()
    for kind, (agency, sql) in PLACES.items():
        placed: dict[str, list[str]] = {}
        for key, code in await databases.rows(agency, sql):
            placed.setdefault(str(key), []).append(code)
        truth.placed[kind] = {key: tuple(codes) for key, codes in placed.items()}
    people = await databases.rows(
        "registry",
        "SELECT p.id, p.nik, p.name, h.village_code"
        " FROM persons p JOIN households h ON h.id = p.household_id",
    )
    for person, nik, name, village in people:
        truth.nik_of_person[str(person)] = nik
        truth.name_of_person[str(person)] = name
        truth.nik_villages.setdefault(nik, set()).add(village)
        if len(name.split()) >= 2:
            truth.names.add(name)
    families = await databases.rows("registry", "SELECT id, no_kk, address FROM households")
    truth.numbers = set(truth.nik_villages) | {row.no_kk for row in families}
    truth.addresses = {row.address for row in families}
    public = {
        row[0] for agency, sql in _PUBLIC_STRINGS for row in await databases.rows(agency, sql)
    }
    truth.names -= public
    truth.addresses -= public
    truth.household_ids = sorted(truth.placed["Household"], key=int)
    truth.niks = sorted(truth.nik_villages)
    truth.villages = sorted({codes[0] for codes in truth.placed["Household"].values()})
    return truth
