"""Several places in one string, kept as a list with the first primary (issue 19 item 5)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.build import build_posting
from pipeline.normalize.places import parse_places, place_label
from pipeline.records import RawPosting


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("Toronto or Vancouver", "CA", ["Toronto, Ontario, CA", "Vancouver, British Columbia, CA"]),
        (
            "Toronto / Montréal / Remote",
            None,
            ["Toronto, Ontario, CA", "Montréal, Quebec, CA", "Remote"],
        ),
        ("Toronto/Vancouver", None, ["Toronto, Ontario, CA", "Vancouver, British Columbia, CA"]),
        ("Remote, Canada; Remote, US", None, ["Remote, CA", "Remote, US"]),
        (
            "Toronto, ON or Vancouver, BC",
            None,
            ["Toronto, Ontario, CA", "Vancouver, British Columbia, CA"],
        ),
        (
            "San Francisco, CA / New York, NY",
            None,
            ["San Francisco, California, US", "New York, New York, US"],
        ),
        ("Montréal ou Laval", "CA", ["Montréal, Quebec, CA", "Laval, Quebec, CA"]),
        ("Anywhere in Canada", None, ["Remote, CA"]),
        # the audit of 2026-12-07: two places each with its region (was "Toronto, British
        # Columbia"), joined by "and"/"&"/"et" (was no place); "and" inside one name stays
        (
            "Toronto, ON, Vancouver, BC",
            None,
            ["Toronto, Ontario, CA", "Vancouver, British Columbia, CA"],
        ),
        ("Toronto and Montreal", None, ["Toronto, Ontario, CA", "Montréal, Quebec, CA"]),
        ("Toronto & Vancouver", "CA", ["Toronto, Ontario, CA", "Vancouver, British Columbia, CA"]),
        ("Toronto et Québec", "CA", ["Toronto, Ontario, CA", "Québec, Quebec, CA"]),
        (
            "St. John's, Newfoundland and Labrador",
            None,
            ["St. John's, Newfoundland and Labrador, CA"],
        ),
        ("Port of Spain, Trinidad and Tobago", None, ["Port of Spain, TT"]),
        ("Toronto, Ontario, Canada", None, ["Toronto, Ontario, CA"]),
        # bare cities between commas are a list (was Toronto alone); a place then the bigger
        # city of its region that holds it, or cities of two countries, stay one place
        ("Toronto, Vancouver", None, ["Toronto, Ontario, CA", "Vancouver, British Columbia, CA"]),
        (
            "Toronto, Vancouver, Montreal",
            "CA",
            ["Toronto, Ontario, CA", "Vancouver, British Columbia, CA", "Montréal, Quebec, CA"],
        ),
        ("Calgary, Edmonton", None, ["Calgary, Alberta, CA", "Edmonton, Alberta, CA"]),
        ("Kitchener, Waterloo", None, ["Kitchener, Ontario, CA", "Waterloo, Ontario, CA"]),
        ("Westmount, Montreal", None, ["Westmount, Quebec, CA"]),
        ("Mississauga, Toronto", "CA", ["Mississauga, Ontario, CA"]),
        ("Brooklyn, New York", None, ["Brooklyn, New York, US"]),
        ("Paris, France", None, ["Paris, FR"]),
        ("Toronto, ON", "CA", ["Toronto, Ontario, CA"]),
        ("Remote, Toronto", None, ["Remote, Toronto, Ontario, CA"]),
        ("Research and Development", None, []),
        ("New York, NY", None, ["New York, New York, US"]),
        ("Calgary, AB", None, ["Calgary, Alberta, CA"]),
        ("US-CA-San Jose", None, ["San Jose, California, US"]),
        ("Sales / Marketing", None, []),
        ("", None, []),
    ],
)
def test_parse_places(text: str, default: str | None, expected: list[str]) -> None:
    assert [place_label(p) for p in parse_places(text, default)] == expected


# Shapes read on 2,693 distinct real place strings of public ATS boards (PyPI
# network-jobs-data, MIT; 2026-12-07), written here as their shapes, each with what a reader
# takes from it.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a region or country code first: "ST - City", "CC-City", "CC-City-Building"
        ("CA - San Francisco HQ; WA - Seattle", ["San Francisco, California, US",
                                                 "Seattle, Washington, US"]),
        ("FL-Jacksonville; UT-Cottonwood Heights", ["Jacksonville, Florida, US",
                                                    "Cottonwood Heights, Utah, US"]),
        ("WA - Seattle, CA - San Francisco", ["Seattle, Washington, US",
                                              "San Francisco, California, US"]),
        ("GB-London", ["London, England, GB"]),
        ("DE-Berlin-Office Tower", ["Berlin, DE"]),
        ("CA-Ontario-Toronto", ["Toronto, Ontario, CA"]),
        ("US-SF, US-NYC", ["San Francisco, California, US", "New York, New York, US"]),
        ("Canada-Toronto; US-Chicago", ["Toronto, Ontario, CA", "Chicago, Illinois, US"]),
        ("Winston-Salem, NC", ["Winston-Salem, North Carolina, US"]),  # a hyphen inside a name
        # a country named first, before a city or regions of its own
        ("Canada - Toronto; US - Boston, MA", ["Toronto, Ontario, CA",
                                               "Boston, Massachusetts, US"]),
        ("Remote (USA - Seattle, WA)", ["Remote, Seattle, Washington, US"]),
        ("Canada - Remote (ON, AB, BC, NS only)", ["Remote, CA"]),
        # a country's or a state's own name is not a small town elsewhere
        ("Remote - Colombia", ["Remote, CO"]),
        ("Costa Rica", ["CR"]),
        ("Oregon, USA, Remote; Texas, USA, Remote", ["Remote, Oregon, US", "Remote, Texas, US"]),
        # but a town in a stated region keeps its name, and a city-state is one place
        ("Peru, Indiana", ["Peru, Indiana, US"]),
        ("Singapore, Singapore", ["Singapore, SG"]),
        ("Washington, DC, USA", ["Washington, District of Columbia, US"]),
        ("Washington D.C.", ["Washington, District of Columbia, US"]),
        ("Manchester, UK", ["Manchester, England, GB"]),
        # places joined by a slash after a state code; countries listed
        ("Bellevue, WA/New York, NY/Philadelphia, PA", ["Bellevue, Washington, US",
                                                        "New York, New York, US",
                                                        "Philadelphia, Pennsylvania, US"]),
        ("New York, NY // Raleigh, NC", ["New York, New York, US",
                                         "Raleigh, North Carolina, US"]),
        ("USA, Canada", ["US", "CA"]),
        # parts of the world are no city (there is an Apac in Uganda)
        ("Remote, APAC", ["Remote"]),
        ("LATAM/ Spain, Remote", ["Remote, ES"]),
    ],
)  # fmt: skip
def test_real_board_place_shapes(text: str, expected: list[str]) -> None:
    assert [place_label(loc) for loc in parse_places(text)] == expected


def test_a_long_list_of_remote_states_is_read_whole() -> None:
    """A board that lists every state it hires in wrote ~1,000 characters; strings over 500
    used to be no place at all (and no workplace either)."""
    states = ["Alabama", "Arizona", "California", "Colorado", "Florida", "Georgia", "Idaho",
              "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Maine", "Maryland",
              "Michigan", "Minnesota", "Missouri", "Montana", "Nebraska", "Nevada", "New Jersey",
              "New Mexico", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Texas",
              "Utah", "Vermont", "Virginia", "Wisconsin"]  # fmt: skip
    text = "; ".join(f"{s}, USA, Remote" for s in states)
    assert len(text) > 500
    assert [place_label(loc) for loc in parse_places(text)] == [f"Remote, {s}, US" for s in states]


def test_anywhere_in_canada_is_remote_in_canada() -> None:
    (place,) = parse_places("Anywhere in Canada")
    assert (place.city, place.region, place.country, place.workplace) == (
        None,
        None,
        "CA",
        "remote",
    )


def test_posting_keeps_every_place_and_the_first_is_primary() -> None:
    raw = RawPosting(
        source_name="s",
        source_kind="greenhouse",
        url="https://example.org/jobs/1",
        title="HR Generalist",
        locations=("Toronto or Vancouver",),
    )
    p = build_posting(raw, datetime(2026, 12, 7, tzinfo=UTC))
    assert (p.location_city, p.location_region, p.location_country) == ("Toronto", "Ontario", "CA")
    assert p.places == ("Toronto, Ontario, CA", "Vancouver, British Columbia, CA")
    assert p.locations == ("Toronto or Vancouver",)  # as the source wrote it


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.sampled_from([None, "CA", "US", "??"]))
def test_parse_places_never_raises(text: str, default: str | None) -> None:
    assert isinstance(parse_places(text, default), tuple)
