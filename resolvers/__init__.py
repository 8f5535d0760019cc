"""Agency packages: each owns its tables, loaders, queries and seed."""
