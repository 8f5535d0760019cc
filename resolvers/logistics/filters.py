from dataclasses import dataclass

from resolvers.logistics.enums import DisasterKind, EventStatus, ShipmentStatus, WarehouseKind


@dataclass(frozen=True, slots=True)
class DisasterEventFilter:
    region_code: str | None = None
    kind: DisasterKind | None = None
    status: EventStatus | None = None


@dataclass(frozen=True, slots=True)
class WarehouseFilter:
    region_code: str | None = None
    kind: WarehouseKind | None = None


@dataclass(frozen=True, slots=True)
class ShipmentFilter:
    region_code: str | None = None
    status: ShipmentStatus | None = None
