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
