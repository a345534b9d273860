"""The ``nianbao`` command."""
