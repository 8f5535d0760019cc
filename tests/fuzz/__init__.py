"""Property-based tests of the GraphQL endpoint."""
