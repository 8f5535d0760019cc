"""Agency nodes: an agency's package served as its own federation subgraph."""
