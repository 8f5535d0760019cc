import pytest

from schema.scalars import nik_problem


@pytest.mark.parametrize(
    "nik",
    [
        "3204051708900001",  # a man born 17 Aug 1990 in 32.04.05
        "3204055708900001",  # a woman: day + 40
        "3578012902000123",  # 29 Feb 2000 exists
    ],
)
def test_valid_nik_is_accepted(nik: str) -> None:
    assert nik_problem(nik) is None


@pytest.mark.parametrize(
    ("nik", "reason"),
    [
        ("320405170890001", "16 digits"),
        ("32040517089000012", "16 digits"),
        ("32040517089000a1", "16 digits"),
        ("9904051708900001", "regency"),
        ("3204001708900001", "regency"),
        ("3204053208900001", "birth-date"),
        ("3204057308900001", "birth-date"),
        ("3204051713900001", "birth-date"),
        ("3204053002000001", "birth-date"),
        ("3204051708900000", "serial"),
    ],
)
def test_invalid_nik_is_refused_with_its_reason(nik: str, reason: str) -> None:
    problem = nik_problem(nik)
    assert problem is not None and reason in problem
    assert nik not in problem
