"""What the oversight checks find, before it is shown to anyone."""

import enum
from dataclasses import dataclass
from datetime import date


class AnomalyType(enum.Enum):
    DUPLICATE_NIK = "duplicate_nik"
    DECEASED_STILL_PAID = "deceased_still_paid"
    ABOVE_DECILE_CEILING = "above_decile_ceiling"
    UNJUSTIFIED_PKH_COMPONENT = "unjustified_pkh_component"
    PAID_WHILE_INACTIVE = "paid_while_inactive"
    INVALID_NIK = "invalid_nik"
    EXCLUDED_FROM_DISASTER_AID = "excluded_from_disaster_aid"
    DUPLICATE_AID = "duplicate_aid"


ORDER = {kind: position for position, kind in enumerate(AnomalyType)}


@dataclass(frozen=True, slots=True)
class Evidence:
    agency: str
    kind: str
    record_id: str
    # May hold "{nik}", filled in masked or not when shown.
    detail: str | None = None
    nik: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    type: AnomalyType
    # Names what is anomalous without personal data: "person:12", "household:3:event:4".
    subject: str
    region_code: str
    observed_on: date | None
    household_id: int | None
    nik: str | None
    evidence: tuple[Evidence, ...]

    @property
    def sort_key(self) -> tuple[int, str, str]:
        return (ORDER[self.type], self.region_code, self.subject)
