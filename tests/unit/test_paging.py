import base64

import pytest

from resolvers.errors import BadUserInput
from resolvers.paging import MAX_PAGE_SIZE, PageRequest, decode_cursor, encode_cursor


def test_cursor_round_trips() -> None:
    assert decode_cursor("household", encode_cursor("household", 1234)) == 1234


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!",
        encode_cursor("person", 5),
        base64.urlsafe_b64encode(b"household:-5").decode(),
        base64.urlsafe_b64encode(b"household:1 OR 1=1").decode(),
        base64.urlsafe_b64encode(b"household:" + b"9" * 40).decode(),
        base64.urlsafe_b64encode(b"household:2147483648").decode(),
        base64.urlsafe_b64encode("household:\u0663".encode()).decode(),
        "",
    ],
)
def test_malformed_or_foreign_cursor_is_bad_input(cursor: str) -> None:
    with pytest.raises(BadUserInput) as refused:
        decode_cursor("household", cursor)
    assert refused.value.extensions == {"code": "BAD_USER_INPUT", "argument": "after"}


@pytest.mark.parametrize("first", [-1, MAX_PAGE_SIZE + 1, 100_000])
def test_page_size_outside_the_cap_is_an_error_not_a_clamp(first: int) -> None:
    with pytest.raises(BadUserInput) as refused:
        PageRequest.parse("household", first, None)
    assert refused.value.extensions is not None
    assert refused.value.extensions["argument"] == "first"


def test_page_size_at_the_cap_is_accepted() -> None:
    assert PageRequest.parse("household", MAX_PAGE_SIZE, None).first == MAX_PAGE_SIZE
