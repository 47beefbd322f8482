"""Figures that tests measure (throughput, p95, records lost), printed at the end of the run."""

FIGURES = []


def record_figures(line):
    """Keep a line for the terminal summary, whatever pytest captured."""
    FIGURES.append(line)
