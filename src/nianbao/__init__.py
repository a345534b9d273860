"""nianbao (年报): assess the quality of government information-disclosure annual reports."""

from nianbao.errors import NianbaoError
from nianbao.records import Report

__version__ = "0.1.0"
__all__ = ["NianbaoError", "Report", "__version__", "read_report"]


def read_report(path) -> Report:
    """Read one report (PDF, Word, HTML, text) into a ``Report`` record."""
    from nianbao.report import read_report as _read

    return _read(path)
