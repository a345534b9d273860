"""Narrative text: sentences and the quantities they state."""
