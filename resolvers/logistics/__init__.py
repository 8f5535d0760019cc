"""Disaster logistics: events, emergency posts, warehouses and their stock, shipments and
aid distributed to households."""

AGENCY = "logistics"
