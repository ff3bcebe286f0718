"""Dedup quality end to end: sample web -> real crawl -> warehouse -> jobs vs the truth.

Targets (the dedup issue): pairwise precision >= 0.98 and recall >= 0.95, loading everything
at once and loading the ATS sources first with the boards matched incrementally later.
"""

from __future__ import annotations

import pytest

from ops.dedup_quality import measure

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("seed", "split"), [(7, False), (11, True)])
def test_jobs_clustering_meets_the_targets(tmp_path, seed, split):
    result = measure(seed=seed, scale=3, split=split, workdir=tmp_path)
    s = result["scores"]
    assert result["not_in_truth"] == [], "posting keys the truth does not know: a key mismatch"
    assert result["scored"] > 100 and s.true_pairs > 40
    assert s.precision >= 0.98, result["errors"]["wrongly_merged"]
    assert s.recall >= 0.95, result["errors"]["wrongly_split"]
