"""Normalization: small pure functions from what a site said to clean values.

None of them does I/O and none raises on bad site data: garbage gives ``None`` (or an
empty string for the text functions). One module per kind of value.
"""

from pipeline.normalize.dates import parse_date
from pipeline.normalize.employment import employment_type
from pipeline.normalize.location import parse_location
from pipeline.normalize.salary import annualize, parse_salary, salary_from_structured
from pipeline.normalize.text import (
    clean_description,
    html_to_text,
    normalize_company,
    normalize_title,
    sanitize_html,
    unescape_if_escaped,
)
from pipeline.normalize.urls import canonical_url

__all__ = [
    "annualize",
    "canonical_url",
    "clean_description",
    "employment_type",
    "html_to_text",
    "normalize_company",
    "normalize_title",
    "parse_date",
    "parse_location",
    "parse_salary",
    "salary_from_structured",
    "sanitize_html",
    "unescape_if_escaped",
]
