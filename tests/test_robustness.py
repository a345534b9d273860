"""Damaged inputs and killed runs (the figures of ``evaluation/robustness.py``, smaller)."""

from __future__ import annotations

from evaluation.robustness import kill_and_resume, try_files


def test_damaged_files_give_clear_errors_and_never_crash(tmp_path):
    tried, crashes, unclear, notes = try_files(3, seed=7, work=tmp_path)
    assert tried >= 3 * 14
    assert (crashes, unclear) == (0, 0), notes


def test_runs_killed_at_random_moments_lose_and_duplicate_nothing(tmp_path):
    runs, lost, notes = kill_and_resume(3, seed=11, work=tmp_path)
    assert runs >= 1  # at least one run was really killed mid-way
    assert lost == 0, notes
