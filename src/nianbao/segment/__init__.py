"""Segmentation: the normalised text as lines, the report's parts and its metadata."""
