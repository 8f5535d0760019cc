from dataclasses import dataclass, field

from auth.policy import ANONYMOUS_POLICY, DEFAULT_POLICY, ClientPolicy
from auth.regions import RegionScope


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of one request: a client with scopes, regions and a declared purpose."""

    client_id: str | None
    scopes: frozenset[str]
    regions: RegionScope
    purpose: str | None = None
    token_id: str | None = field(default=None, compare=False)
    policy: ClientPolicy = field(default=DEFAULT_POLICY, compare=False)
    registered: bool = field(default=False, compare=False)

    @property
    def authenticated(self) -> bool:
        return self.client_id is not None

    def has(self, scope: str) -> bool:
        return scope in self.scopes


ANONYMOUS = Principal(
    client_id=None, scopes=frozenset(), regions=RegionScope.of([]), policy=ANONYMOUS_POLICY
)
