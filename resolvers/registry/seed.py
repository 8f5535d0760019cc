"""Demo data for the registry: households, persons, enrolments and 2026 disbursements."""

import random
from datetime import UTC, datetime, time

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.bulk_insert import Row, insert_rows
from resolvers.population import LAST_DAY, Population, SeedHousehold, random_date
from resolvers.registry.enums import EnrolmentStatus, Programme
from resolvers.registry.payments import payment_channel, payments
from resolvers.registry.programmes import YEARLY_AMOUNTS, PlannedEnrolment, plan_enrolments
from resolvers.registry.tables import (
    disbursements,
    enrolments,
    households,
    persons,
    pkh_components,
)


async def seed(conn: AsyncConnection, population: Population, rng: random.Random) -> None:
    rows = _RegistryRows()
    for household in population.households:
        rows.add_household(rng, household)
        for plan in plan_enrolments(rng, household, population.defects):
            rows.add_enrolment(rng, household, plan)
    for table, table_rows in (
        (households, rows.households),
        (persons, rows.persons),
        (enrolments, rows.enrolments),
        (pkh_components, rows.components),
        (disbursements, rows.disbursements),
    ):
        await insert_rows(conn, table, table_rows)


class _RegistryRows:
    def __init__(self) -> None:
        self.households: list[Row] = []
        self.persons: list[Row] = []
        self.enrolments: list[Row] = []
        self.components: list[Row] = []
        self.disbursements: list[Row] = []
        self._channels: dict[int, tuple[str, str | None]] = {}

    def add_household(self, rng: random.Random, household: SeedHousehold) -> None:
        self.households.append(
            {
                "id": household.id,
                "no_kk": household.no_kk,
                "address": household.address,
                "village_code": household.village_code,
                "decile": household.decile,
                "status": household.status,
                "registered_on": household.registered_on,
                "updated_at": _updated_at(rng, household),
            }
        )
        self.persons.extend(
            {
                "id": person.id,
                "nik": person.nik,
                "household_id": household.id,
                "name": person.name,
                "sex": person.sex,
                "birth_place": person.birth_place,
                "birth_date": person.birth_date,
                "relationship": person.relationship,
                "disability": person.disability,
                "status": person.status,
                "deceased_on": person.deceased_on,
            }
            for person in household.members
        )
        channel, account = payment_channel(rng, household.province_code)
        self._channels[household.id] = (channel.value, account)

    def add_enrolment(
        self, rng: random.Random, household: SeedHousehold, plan: PlannedEnrolment
    ) -> None:
        enrolment_id = len(self.enrolments) + 1
        self.enrolments.append(
            {
                "id": enrolment_id,
                "household_id": household.id,
                "programme": plan.programme.value,
                "status": plan.status.value,
                "started_on": plan.started_on,
                "ended_on": plan.ended_on,
            }
        )
        for component, person_id in plan.components:
            self.components.append(
                {
                    "id": len(self.components) + 1,
                    "enrolment_id": enrolment_id,
                    "component": component.value,
                    "person_id": person_id,
                    "yearly_amount": YEARLY_AMOUNTS[component],
                }
            )
        if plan.status is not EnrolmentStatus.AKTIF or plan.programme is Programme.PBI_JK:
            return
        yearly = sum(YEARLY_AMOUNTS[component] for component, _ in plan.components)
        channel, account = self._channels[household.id]
        for payment in payments(rng, plan.programme, yearly, plan.started_on):
            self.disbursements.append(
                {
                    "id": len(self.disbursements) + 1,
                    "enrolment_id": enrolment_id,
                    "household_id": household.id,
                    "period": payment.period,
                    "amount": payment.amount,
                    "channel": channel,
                    "bank_account": account,
                    "status": payment.status.value,
                    "disbursed_on": payment.disbursed_on,
                }
            )


def _updated_at(rng: random.Random, household: SeedHousehold) -> datetime:
    day = random_date(rng, household.registered_on, LAST_DAY)
    moment = time(rng.randint(7, 17), rng.randint(0, 59), rng.randint(0, 59), tzinfo=UTC)
    return datetime.combine(day, moment)
