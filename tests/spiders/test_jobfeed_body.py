"""Job-feed entries whose facts are in the body or namespaced fields (issue 19 item 3).

Feeds written for the test (invented employers), in the shapes boards use: WordPress WP Job
Manager's ``job_listing:`` namespace, "Label: value" lines, and a body that opens with the
place.
"""

from __future__ import annotations

from spiders import jobfeed

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:job_listing="https://example.test/ns/job_listing">
<channel><title>Prairie HR Jobs</title><link>https://jobs.example.test/</link>
<item>
  <title>HR Advisor</title><link>https://jobs.example.test/jobs/1</link>
  <guid>https://jobs.example.test/jobs/1</guid>
  <job_listing:location>Regina, SK</job_listing:location>
  <job_listing:company>Wheatfield Co-operative</job_listing:company>
  <job_listing:job_type>Full Time</job_listing:job_type>
  <description>&lt;p&gt;Advise leaders on employee relations.&lt;/p&gt;</description>
</item>
<item>
  <title>Payroll Coordinator</title><link>https://jobs.example.test/jobs/2</link>
  <guid>https://jobs.example.test/jobs/2</guid>
  <description>&lt;p&gt;Company: Lakeshore Clinics&lt;/p&gt;&lt;p&gt;Location: Kingston, ON&lt;/p&gt;
  &lt;p&gt;Salary: $27.00 - $31.00 per hour&lt;/p&gt;&lt;p&gt;Run bi-weekly payroll.&lt;/p&gt;</description>
</item>
<item>
  <title>Recruitment Specialist</title><link>https://jobs.example.test/jobs/3</link>
  <guid>https://jobs.example.test/jobs/3</guid>
  <description>&lt;p&gt;Calgary, AB&lt;/p&gt;&lt;p&gt;Source and screen candidates. $37.50 - $42.00 per hour.&lt;/p&gt;</description>
</item>
<item>
  <title>Talent Partner</title><link>https://jobs.example.test/jobs/4</link>
  <guid>https://jobs.example.test/jobs/4</guid>
  <description>&lt;p&gt;Partner with hiring managers, in a fast team.&lt;/p&gt;</description>
</item>
<item>
  <title>Labour Relations Officer</title><link>https://jobs.example.test/jobs/5</link>
  <guid>https://jobs.example.test/jobs/5</guid>
  <description>&lt;p&gt;Location: Ottawa, ON | Salary: $80,000 - $90,000 per year | Type: Full-time
  &lt;/p&gt;&lt;p&gt;Employer: Rideau Transit&lt;/p&gt;&lt;p&gt;Bargain with two unions.&lt;/p&gt;</description>
</item>
</channel></rss>"""


def _by_title() -> dict:
    return {p.title: p for p in jobfeed.extract("https://jobs.example.test/feed/", FEED)}


def test_namespaced_fields_give_place_company_and_type() -> None:
    p = _by_title()["HR Advisor"]
    assert (p.locations, p.company, p.employment_type) == (
        ("Regina, SK",),
        "Wheatfield Co-operative",
        "Full Time",
    )


def test_labelled_body_lines_give_company_place_and_pay() -> None:
    p = _by_title()["Payroll Coordinator"]
    assert (p.locations, p.company, p.salary_text) == (
        ("Kingston, ON",),
        "Lakeshore Clinics",
        "$27.00 - $31.00 per hour",
    )


def test_a_first_line_that_is_a_place_is_the_place() -> None:
    assert _by_title()["Recruitment Specialist"].locations == ("Calgary, AB",)


def test_a_first_line_that_is_a_sentence_is_no_place() -> None:
    assert _by_title()["Talent Partner"].locations == ()


def test_facts_sharing_a_line_are_read_one_by_one() -> None:
    # before: the place was the whole line, "Ottawa, ON | Salary: ... | Type: Full-time"
    p = _by_title()["Labour Relations Officer"]
    assert (p.locations, p.salary_text, p.employment_type, p.company) == (
        ("Ottawa, ON",),
        "$80,000 - $90,000 per year",
        "Full-time",
        "Rideau Transit",
    )


# An aggregator's own namespace, and titles that name the employer and place in words (the
# shapes of remote-job aggregators' and legacy job-search RSS), written for the test.
AGGREGATOR = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:hj="https://aggregator.example.test/ns">
<channel><title>Remote HR Jobs</title><link>https://agg.example.test/</link>
<item>
  <title>People Operations Specialist</title><link>https://agg.example.test/j/1</link>
  <guid>https://agg.example.test/j/1</guid>
  <hj:companyName>Birchline Software</hj:companyName>
  <hj:locationRestrictions>Canada</hj:locationRestrictions>
  <hj:salary>CA$70,000 - CA$82,000 per year</hj:salary>
  <hj:jobType>Full Time</hj:jobType>
  <description>&lt;p&gt;Run onboarding and HR systems for a remote team.&lt;/p&gt;</description>
</item>
<item>
  <title>Senior Recruiter at Fernhill Health</title><link>https://agg.example.test/j/2</link>
  <guid>https://agg.example.test/j/2</guid>
  <description>&lt;p&gt;Hire nurses and allied health staff.&lt;/p&gt;</description>
</item>
<item>
  <title>HR Coordinator - Tamarack Foods - Guelph, ON</title><link>https://agg.example.test/j/3</link>
  <guid>https://agg.example.test/j/3</guid>
  <description>&lt;p&gt;Coordinate interviews and new-hire paperwork.&lt;/p&gt;</description>
</item>
<item>
  <title>Payroll Clerk at Kamloops, BC</title><link>https://agg.example.test/j/4</link>
  <guid>https://agg.example.test/j/4</guid>
  <description>&lt;p&gt;Process weekly payroll.&lt;/p&gt;</description>
</item>
</channel></rss>"""


def test_an_aggregators_namespace_and_titles_that_name_the_employer() -> None:
    got = {
        p.url.rsplit("/", 1)[1]: p for p in jobfeed.extract("https://agg.example.test/", AGGREGATOR)
    }
    one = got["1"]
    assert (one.title, one.company, one.locations, one.salary_text, one.employment_type) == (
        "People Operations Specialist", "Birchline Software", ("Canada",),
        "CA$70,000 - CA$82,000 per year", "Full Time",
    )  # fmt: skip
    assert (got["2"].title, got["2"].company, got["2"].locations) == (
        "Senior Recruiter", "Fernhill Health", ()
    )  # fmt: skip
    assert (got["3"].title, got["3"].company, got["3"].locations) == (
        "HR Coordinator", "Tamarack Foods", ("Guelph, ON",)
    )  # fmt: skip
    # "at" before a place names the place, not an employer
    assert (got["4"].title, got["4"].company, got["4"].locations) == (
        "Payroll Clerk", None, ("Kamloops, BC",)
    )  # fmt: skip
