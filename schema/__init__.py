"""The one composed GraphQL schema."""
