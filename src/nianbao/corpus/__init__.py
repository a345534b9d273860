"""Corpus-wide analysis: n-gram statistics, MinHash LSH, copy detection between reports."""
