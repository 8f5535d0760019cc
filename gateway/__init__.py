"""The Starlette application that serves Simpul's schema."""
