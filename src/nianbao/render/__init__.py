"""Outputs for people and programs (``outputs.write_outputs`` writes them all)."""
