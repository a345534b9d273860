"""Outputs for people and programs."""
