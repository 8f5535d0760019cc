"""Who lives in a synthetic household: relationships, sexes and ages that fit together."""

import random
from dataclasses import dataclass

from resolvers.registry.enums import Relationship

_SIZES = (1, 2, 3, 4, 5, 6, 7)
_SIZE_WEIGHTS = (8, 15, 22, 25, 16, 9, 5)
_FEMALE_HEAD = 0.12
_LONE_FEMALE = 0.55
_SPOUSE_OF_MALE_HEAD = 0.88
_SPOUSE_OF_FEMALE_HEAD = 0.10
_PARENT_IN_HOUSE = 0.12
_THREE_GENERATIONS = 0.35
_OTHER_RELATIVE = 0.03
_OLDEST_CHILD_AT_HOME = 35
_MAX_AGE = 95


@dataclass(frozen=True, slots=True)
class MemberDraft:
    relationship: Relationship
    female: bool
    age: int


def draw_members(rng: random.Random) -> list[MemberDraft]:
    """The members of one household, head first."""
    size = rng.choices(_SIZES, _SIZE_WEIGHTS)[0]
    if size == 1:
        head = MemberDraft(
            Relationship.KEPALA_KELUARGA, rng.random() < _LONE_FEMALE, _age(rng, 19, 92, 70)
        )
        return [head]
    head = MemberDraft(
        Relationship.KEPALA_KELUARGA, rng.random() < _FEMALE_HEAD, _age(rng, 21, 85, 40)
    )
    members = [head]
    spouse = _spouse(rng, head)
    if spouse is not None:
        members.append(spouse)
    if head.age <= 58 and len(members) < size and rng.random() < _PARENT_IN_HOUSE:
        members.append(_parent(rng, head))
    if head.age >= 48 and size - len(members) >= 2 and rng.random() < _THREE_GENERATIONS:
        members.extend(_next_generations(rng, head, size - len(members)))
    mother_age = spouse.age if spouse is not None and spouse.female else head.age
    while len(members) < size:
        members.append(_child_or_relative(rng, mother_age))
    return members


def _age(rng: random.Random, low: int, high: int, mode: int) -> int:
    return int(rng.triangular(low, high, mode))


def _spouse(rng: random.Random, head: MemberDraft) -> MemberDraft | None:
    chance = _SPOUSE_OF_FEMALE_HEAD if head.female else _SPOUSE_OF_MALE_HEAD
    if rng.random() >= chance:
        return None
    # Husbands tend to be a few years older than their wives.
    gap = _age(rng, -3, 12, 3)
    if head.female:
        return MemberDraft(Relationship.SUAMI, False, min(_MAX_AGE, head.age + gap))
    return MemberDraft(Relationship.ISTRI, True, max(17, head.age - gap))


def _parent(rng: random.Random, head: MemberDraft) -> MemberDraft:
    relationship = Relationship.ORANG_TUA if rng.random() < 0.6 else Relationship.MERTUA
    age = min(_MAX_AGE, head.age + rng.randint(20, 34))
    return MemberDraft(relationship, rng.random() < 0.65, age)


def _next_generations(rng: random.Random, head: MemberDraft, room: int) -> list[MemberDraft]:
    members = []
    if rng.random() < 0.5:
        members.append(
            MemberDraft(Relationship.MENANTU, rng.random() < 0.6, head.age - rng.randint(20, 30))
        )
    oldest_grandchild = min(17, max(0, head.age - 38))
    while len(members) < room - 1:
        members.append(
            MemberDraft(Relationship.CUCU, rng.random() < 0.5, rng.randint(0, oldest_grandchild))
        )
    return members


def _child_or_relative(rng: random.Random, mother_age: int) -> MemberDraft:
    if rng.random() < _OTHER_RELATIVE:
        return MemberDraft(Relationship.FAMILI_LAIN, rng.random() < 0.5, rng.randint(8, 70))
    oldest = max(0, min(mother_age - 18, _OLDEST_CHILD_AT_HOME))
    youngest = min(oldest, max(0, mother_age - 45))
    return MemberDraft(Relationship.ANAK, rng.random() < 0.5, rng.randint(youngest, oldest))
