"""Programme rules: who is enrolled where, and which PKH components the members justify."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from resolvers.population import (
    LAST_DAY,
    REFERENCE_DATE,
    Defects,
    SeedHousehold,
    SeedPerson,
    age_on,
    random_date,
)
from resolvers.registry.enums import (
    EnrolmentStatus,
    HouseholdStatus,
    PersonStatus,
    PkhComponent,
    Programme,
    Relationship,
)

PKH_CEILING = 4
SEMBAKO_CEILING = 5
PBI_JK_CEILING = 6
RTLH_CEILING = 3
MAX_COMPONENTS = 4

YEARLY_AMOUNTS = {
    PkhComponent.IBU_HAMIL: 3_000_000,
    PkhComponent.ANAK_USIA_DINI: 3_000_000,
    PkhComponent.ANAK_SD: 900_000,
    PkhComponent.ANAK_SMP: 1_500_000,
    PkhComponent.ANAK_SMA: 2_000_000,
    PkhComponent.DISABILITAS_BERAT: 2_400_000,
    PkhComponent.LANJUT_USIA: 2_400_000,
}

AGE_BANDS = {
    PkhComponent.ANAK_USIA_DINI: (0, 6),
    PkhComponent.ANAK_SD: (7, 12),
    PkhComponent.ANAK_SMP: (13, 15),
    PkhComponent.ANAK_SMA: (16, 18),
    PkhComponent.LANJUT_USIA: (70, 200),
}
_CHILDBEARING = (15, 49)
_PREGNANT = 0.15
_MOTHERS = {
    Relationship.KEPALA_KELUARGA.value,
    Relationship.ISTRI.value,
    Relationship.MENANTU.value,
}
_DESCENDANTS = {Relationship.ANAK.value, Relationship.CUCU.value}
# Components a clerk most often leaves in place after a child has moved on.
_STALE_COMPONENTS = (
    PkhComponent.ANAK_SD,
    PkhComponent.ANAK_SMP,
    PkhComponent.ANAK_SMA,
    PkhComponent.LANJUT_USIA,
    PkhComponent.ANAK_USIA_DINI,
)
_RTLH_RATE = 0.02


# (component, id of the member it is paid for)
Components = tuple[tuple[PkhComponent, int | None], ...]


@dataclass(frozen=True, slots=True)
class PlannedEnrolment:
    programme: Programme
    status: EnrolmentStatus
    started_on: date
    ended_on: date | None
    components: Components = ()


def justifies(component: PkhComponent, person: SeedPerson, on: date = REFERENCE_DATE) -> bool:
    """Whether ``person``, as the registry records them, qualifies for ``component``."""
    if person.status != PersonStatus.HIDUP.value:
        return False
    age = age_on(person.birth_date, on)
    if component is PkhComponent.DISABILITAS_BERAT:
        return person.disability is not None
    if component is PkhComponent.IBU_HAMIL:
        return person.sex == "P" and _CHILDBEARING[0] <= age <= _CHILDBEARING[1]
    low, high = AGE_BANDS[component]
    return low <= age <= high


def plan_enrolments(
    rng: random.Random, household: SeedHousehold, defects: Defects
) -> list[PlannedEnrolment]:
    over_ceiling = household.id in defects.over_ceiling_households
    # Over-ceiling households were enrolled on a stale assessment three deciles poorer.
    decile = household.decile - 3 if over_ceiling else household.decile
    components = _components(rng, household)
    if household.id in defects.unjustified_component_households:
        components = _with_unjustified(household, components)
    programmes = []
    if decile <= PKH_CEILING and components:
        programmes.append(Programme.PKH)
    if decile <= SEMBAKO_CEILING:
        programmes.append(Programme.SEMBAKO)
    if household.decile <= PBI_JK_CEILING:
        programmes.append(Programme.PBI_JK)
    if household.decile <= RTLH_CEILING and rng.random() < _RTLH_RATE:
        programmes.append(Programme.RTLH)
    paid = household.id in defects.paid_while_inactive_households
    return [
        _enrolment(
            rng, household, programme, paid, components if programme is Programme.PKH else ()
        )
        for programme in programmes
    ]


def _enrolment(
    rng: random.Random,
    household: SeedHousehold,
    programme: Programme,
    paid: bool,
    components: Components,
) -> PlannedEnrolment:
    started_on = min(household.registered_on + timedelta(days=rng.randint(0, 60)), LAST_DAY)
    if household.status == HouseholdStatus.AKTIF.value or paid:
        return PlannedEnrolment(programme, EnrolmentStatus.AKTIF, started_on, None, components)
    if household.status == HouseholdStatus.SUSPEND.value:
        return PlannedEnrolment(
            programme, EnrolmentStatus.DITANGGUHKAN, started_on, None, components
        )
    ended_on = random_date(rng, started_on, LAST_DAY)
    return PlannedEnrolment(programme, EnrolmentStatus.BERAKHIR, started_on, ended_on, components)


def _components(rng: random.Random, household: SeedHousehold) -> Components:
    chosen: list[tuple[PkhComponent, int | None]] = []
    for person in household.members:
        component = _component_of(rng, person)
        if component is not None:
            chosen.append((component, person.id))
    return tuple(chosen[:MAX_COMPONENTS])


def _component_of(rng: random.Random, person: SeedPerson) -> PkhComponent | None:
    """The one component a member brings (PKH counts each person once)."""
    for component in AGE_BANDS:
        if justifies(component, person):
            return component
    if justifies(PkhComponent.DISABILITAS_BERAT, person):
        return PkhComponent.DISABILITAS_BERAT
    mother = person.relationship in _MOTHERS and justifies(PkhComponent.IBU_HAMIL, person)
    if mother and person.age <= 40 and rng.random() < _PREGNANT:
        return PkhComponent.IBU_HAMIL
    return None


def _with_unjustified(household: SeedHousehold, components: Components) -> Components:
    """Add a component no member justifies, credited to a child who no longer fits it."""
    stale = next(
        (
            component
            for component in _STALE_COMPONENTS
            if not any(justifies(component, person) for person in household.members)
        ),
        _STALE_COMPONENTS[0],
    )
    credited = next(
        (
            person.id
            for person in household.members
            if person.relationship in _DESCENDANTS and not justifies(stale, person)
        ),
        None,
    )
    return (*components[: MAX_COMPONENTS - 1], (stale, credited))
