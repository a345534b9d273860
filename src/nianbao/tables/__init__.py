"""Tables 2, 3 and 4 in a canonical schema, whatever the layout."""

from nianbao.tables.parse import parse_tables

__all__ = ["parse_tables"]
