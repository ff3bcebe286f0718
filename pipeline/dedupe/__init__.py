"""Cross-source deduplication: which postings are one real-world job (the written policy).

Same posting, twice: handled before this package. A posting's identity is ``(source,
external id)``, else ``(source, canonical URL)`` (``pipeline.build``); a re-crawl updates it.

Same job, several postings (the employer's ATS, two boards and a feed): this package links
them to one job. Method, in order:

1. **Exact keys** (``keys``): the same ATS requisition (a Greenhouse/Lever/Ashby/... job id
   read from a URL or apply URL), or the same canonical URL/apply URL, shared across sources
   and never by two postings of one source (generic "apply here" links are not evidence).
   Confirmed when the titles are not unrelated (token Jaccard >= ``exact_title_min``).
2. **Candidates** (``candidates``): blocking on the normalized company, then MinHash-LSH over
   description shingles (``minhash``; ``bands`` x ``rows`` bins) and an identical-title bucket,
   both inside the block.
3. **Confirmation** (``cluster``) of each candidate pair; all guards must pass:
   - different sources (one source does not list one job twice under two ids);
   - seniority guard: the same classified seniority and the same level markers in the
     title (``titles.level_markers``): "Recruiter" is not "Senior Recruiter";
   - location compatibility: country, region and city each equal or unknown on one side
     (the country is checked here, not blocked on, so a posting that omits it can still
     match);
   - date window: posted (or first seen) within ``window_days`` of each other;
   - evidence: title similarity >= ``title_min`` and description similarity >= ``desc_min``
     (the larger of estimated Jaccard and estimated containment of the shorter text in the
     longer, so a board's added boilerplate or a feed's truncated snippet still counts);
     or, when one side has no description, identical title tokens.
4. **Clustering**: union-find over confirmed pairs, strongest first, refusing any join that
   would put two postings of one source, two known cities (regions, countries,
   seniorities) or two level-marker sets in one job.
5. **Incremental**: ``match`` compares new postings with existing ones (and each other) and
   never re-clusters existing jobs; a new posting that links two existing jobs merges them.

Thresholds and how they were set: see ``Params`` and the measurement notes below.

Measurement notes (filled from ``python -m bench.dedup_quality``): see THRESHOLDS below.
"""

from pipeline.dedupe.cluster import Group, Item, Params, Stats, cluster, match
from pipeline.dedupe.minhash import SIGNATURE_VERSION, signatures

__all__ = [
    "SIGNATURE_VERSION",
    "Group",
    "Item",
    "Params",
    "Stats",
    "cluster",
    "match",
    "signatures",
]
