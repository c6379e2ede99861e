"""cqc-tui: evidence capture, ratings and reports for CQC-style inspections and reviews."""

__version__ = "0.1.0"
