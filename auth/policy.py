"""Per-client limits and switches: what a caller may spend and how it may ask."""

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Limits:
    depth: int = 12
    aliases: int = 20
    tokens: int = 4000
    cost: int = 100_000
    requests_per_minute: int = 600


@dataclass(frozen=True, slots=True)
class ClientPolicy:
    limits: Limits = Limits()
    introspection: bool = True
    trusted_documents_only: bool = False

    def with_overrides(
        self,
        *,
        max_depth: int | None = None,
        max_cost: int | None = None,
        requests_per_minute: int | None = None,
        introspection: bool | None = None,
        trusted_documents_only: bool | None = None,
    ) -> "ClientPolicy":
        limits = self.limits
        if max_depth is not None:
            limits = replace(limits, depth=max_depth)
        if max_cost is not None:
            limits = replace(limits, cost=max_cost)
        if requests_per_minute is not None:
            limits = replace(limits, requests_per_minute=requests_per_minute)
        return ClientPolicy(
            limits=limits,
            introspection=self.introspection if introspection is None else introspection,
            trusted_documents_only=(
                self.trusted_documents_only
                if trusted_documents_only is None
                else trusted_documents_only
            ),
        )


DEFAULT_POLICY = ClientPolicy()
# Anonymous callers: no introspection and a per-address rate well below a client's.
ANONYMOUS_POLICY = ClientPolicy(limits=Limits(requests_per_minute=60), introspection=False)
