from tests.complaints.operations import CEK_BANSOS, FILE_COMPLAINT, pengaduan
from tests.complaints.support import Household, error_code, outcome
from tests.conftest import GraphQLClient


async def test_public_files_five_complaints_a_minute_per_address(
    public: GraphQLClient, listed: Household
) -> None:
    variables = pengaduan(listed.village_code)
    for _ in range(5):
        outcome(await public.post(FILE_COMPLAINT, variables), "fileComplaint")

    sixth = await public.post(FILE_COMPLAINT, variables)

    assert error_code(sixth) == "RATE_LIMITED"
    assert sixth["data"]["fileComplaint"] is None


async def test_public_looks_up_ten_names_a_minute_per_address(
    public: GraphQLClient, listed: Household
) -> None:
    variables = {"regionCode": listed.village_code, "name": "Siti Aminah"}
    for _ in range(10):
        assert "errors" not in await public.post(CEK_BANSOS, variables)

    eleventh = await public.post(CEK_BANSOS, variables)

    assert error_code(eleventh) == "RATE_LIMITED"


async def test_refused_lookups_count_against_the_limit(
    public: GraphQLClient, listed: Household
) -> None:
    for _ in range(10):
        await public.post(CEK_BANSOS, {"regionCode": listed.village_code, "name": "S%"})

    valid = await public.post(CEK_BANSOS, {"regionCode": listed.village_code, "name": "Siti"})

    assert error_code(valid) == "RATE_LIMITED"
