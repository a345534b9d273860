"""Corpus-wide analysis: n-gram statistics, copy detection between reports."""
