"""Expected failures, each a GraphQL error carrying its contract code."""

from typing import Any

from graphql import GraphQLError


class CodedError(GraphQLError):
    code = "INTERNAL"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": self.code, **extensions})


class BadUserInput(CodedError):
    code = "BAD_USER_INPUT"


class SourceUnavailable(CodedError):
    code = "SOURCE_UNAVAILABLE"

    def __init__(self, agency: str) -> None:
        super().__init__(f"The {agency} source is unavailable", agency=agency)
        self.agency = agency


class RateLimited(CodedError):
    code = "RATE_LIMITED"

    def __init__(self, retry_after: float) -> None:
        seconds = max(1, int(retry_after + 0.999))
        super().__init__(f"Too many requests; retry after {seconds} s", retryAfter=seconds)
