"""Kemendagri region codes (kode wilayah), shipped with the project.

The data and its attribution are in ``data/`` (see ``data/SOURCE.md``).
"""

from resolvers.wilayah.gazetteer import Gazetteer, Level, Wilayah, gazetteer, is_well_formed

__all__ = ["Gazetteer", "Level", "Wilayah", "gazetteer", "is_well_formed"]
