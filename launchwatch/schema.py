"""The dataset's tables, columns and vocabularies.

One place defines what a valid dataset is, so the loader, the importers, the command line and
data/README.md all agree. A column is described once, with its type and whether it may be empty.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

UNKNOWN = "unknown"

# Date precision: `date` is the first day of the period, except for `before`, where the sources
# only say "recently" and `date` is the latest day it can have been (the report's own date).
# The Admiralty (NATO) scale for a source's reliability; F is what is known of an outlet nobody has graded.
RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")

DATE_PRECISIONS = ("day", "week", "month", "year", "before")

GEO_PRECISIONS = ("site", "city", "county", "province", "sea_area", "country", "region")

EVENT_TYPES = {
    "missile_launch": "A ballistic, cruise or hypersonic missile launch",
    "artillery_fire": "Artillery or rocket rounds fired",
    "military_parade": "A military parade",
    "visit": "An official visit by a leader or minister",
    "summit": "A meeting of heads of state or government",
    "meeting": "A meeting of officials, such as a security council session",
    "statement": "A public statement, remark or reaction",
    "sanctions": "Sanctions imposed or announced",
    "diplomacy": "Talks, offers of talks, or their breakdown",
    "nuclear_test": "A nuclear explosive test",
    "satellite_launch": "A satellite or space launch vehicle launch",
    "cruise_missile_test": "A cruise missile test (when the source lists it apart from missile launches)",
    "engine_test": "A ground test of a rocket engine or motor",
    "other_provocation": "Another military provocation (incursion, shelling, seizure, cyber attack...)",
}

ORIGINATOR_KINDS = {
    "military": "Armed forces and defence ministries (e.g. South Korea's Joint Chiefs of Staff)",
    "government": "Heads of government, their offices and spokespeople",
    "intelligence": "Intelligence services",
    "wire_service": "News agencies cited by a report (Reuters, The Associated Press, RIA Novosti)",
    "media": "Other news media",
    "expert": "Analysts and experts a report cites, named or not",
    "report_itself": "The report states it without attributing it to anyone",
    "database": "A compiled database of events (the CNS missile test database, CSIS's list)",
}

# What a claim asserts about its event.
ATTRIBUTES = {
    "occurred": "That the event happened",
    "date": "When it happened (day or period)",
    "time": "Time of day",
    "origin": "Where a launch or firing came from",
    "direction": "Toward where it was fired",
    "range": "How far it flew",
    "missile_type": "What was fired",
    "count": "How many missiles, rounds or tests",
    "landing_area": "Where it came down",
    "damage": "Damage or injuries",
    "duration": "How long it lasted",
    "participants": "Who took part",
    "place": "Where it took place",
    "ordinal_in_year": "Its place among that year's events of its kind (e.g. the sixth ballistic launch this year)",
    "ordinal_since": "Its place in a series since an earlier event (e.g. the second since 22 October)",
    "timing": "When it happened relative to another event (e.g. after the defense secretary's visit)",
    "warning": "Prior signs or warnings of it",
    "content": "What was said or decided",
    "reaction": "How someone responded to it",
    "apogee": "Highest altitude reached (normalised to km)",
    "outcome": "How the test went: value one of success, failure, unknown",
    "missile_name": "The missile's name or designation as reported (Hwasong-15, Scud-B)",
    "missile_class": "The missile's class: value one of the missile classes",
    "bearing": "Reported direction of flight in degrees from north (normalised unit deg)",
}

# Terms the value of a categorical attribute is normalised to; the claim's text keeps the wording.
OUTCOMES = ("success", "failure", "unknown")
MISSILE_CLASSES = {
    "SRBM": "Short-range ballistic missile (under 1,000 km)",
    "MRBM": "Medium-range ballistic missile (1,000-3,000 km)",
    "IRBM": "Intermediate-range ballistic missile (3,000-5,500 km)",
    "ICBM": "Intercontinental ballistic missile (over 5,500 km)",
    "SLBM": "Submarine-launched ballistic missile",
    "SLV": "Satellite launch vehicle",
    "cruise": "Cruise missile",
    "hypersonic": "Hypersonic glide vehicle or manoeuvring re-entry vehicle",
    "unknown": "Class not known",
}
CATEGORICAL = {"outcome": OUTCOMES, "missile_class": tuple(MISSILE_CLASSES)}

# What a claim does with its attribute: states a value, says the value was not given, or denies it.
# A claim that a value was not given is listed beside a verdict, never counted for or against it.
STANCES = {
    "stated": "The source states the value (or, with no value, the fact itself)",
    "not_given": "The source says the value was not given (e.g. 'no details about the type or range')",
    "denied": "The source denies the value or the fact",
}
STATED = "stated"

PLACE_KINDS = ("county", "city", "sea_area", "military_base", "country", "region", "site")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "str", "int", "float", "date", "bool"
    required: bool = True  # False: the cell may be empty
    vocabulary: tuple[str, ...] | None = None
    doc: str = ""
    identifier: bool = False  # an id or a reference to one: visible text only


@dataclass(frozen=True)
class Table:
    name: str
    file: str
    key: str
    columns: tuple[Column, ...]
    doc: str = ""
    unique_key: bool = True  # False: the key may repeat (one alias, several organisations)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


DOCUMENTS = Table(
    "documents",
    "documents.csv",
    "document_id",
    (
        Column("document_id", "str", doc="The report's file name without .txt", identifier=True),
        Column("label", "str", doc="Short label for lists, written by us"),
        Column("file_name", "str", doc="File name of the report in the reports folder"),
        Column("outlet", "str", doc="Publisher where the text names it, else 'unknown'"),
        Column("dateline", "str", doc="Place and date line printed in the text, else 'unknown'"),
        Column("published", "str", doc="Publication date YYYY-MM-DD when the text gives it, else 'unknown'"),
        Column("reference_date", "date", doc="Date relative expressions are resolved against"),
        Column("reference_date_basis", "str", doc="Why that reference date"),
        Column("char_length", "int", doc="Length of the report in characters (Unicode code points)"),
        Column("sha256", "str", doc="SHA-256 of the report file's bytes: spans are only valid for this text"),
        Column("summary", "str", doc="What the report covers, in our words"),
        Column("url", "str", required=False, doc="Where the report was published, as text (never opened by the app)"),
        Column(
            "reliability",
            "str",
            required=False,
            vocabulary=RELIABILITY_GRADES,
            doc="The outlet's reliability on the Admiralty scale: A completely reliable ... E unreliable, "
            "F reliability cannot be judged",
        ),
    ),
    "One row per source report.",
)

EVENTS = Table(
    "events",
    "events.csv",
    "event_id",
    (
        Column("event_id", "str", doc="Stable identifier", identifier=True),
        Column("event_type", "str", vocabulary=tuple(EVENT_TYPES), doc="Type of event"),
        Column("title", "str", doc="Short title, in our words"),
        Column("description", "str", doc="One or two sentences, in our words"),
        Column("date", "date", doc="YYYY-MM-DD; first day of the period for week/month/year"),
        Column("date_precision", "str", vocabulary=DATE_PRECISIONS, doc="How precisely the date is known"),
        Column("date_basis", "str", doc="How the date was resolved from the reports"),
        Column(
            "place_id", "str", required=False, identifier=True, doc="Place in places.csv, empty when no place is named"
        ),
        Column("place_basis", "str", required=False, doc="How the place was found: named in which report, or inferred"),
        Column("key_event", "bool", doc="The event the case is about (drawn prominently)"),
    ),
    "One row per event the reports mention.",
)

CLAIMS = Table(
    "claims",
    "claims.csv",
    "claim_id",
    (
        Column("claim_id", "str", doc="Stable identifier", identifier=True),
        Column("event_id", "str", doc="Event the claim is about", identifier=True),
        Column("document_id", "str", doc="Report that carries the claim", identifier=True),
        Column("originator", "str", doc="Who the claim is attributed to; 'the report itself' when unattributed"),
        Column("originator_kind", "str", vocabulary=tuple(ORIGINATOR_KINDS), doc="Kind of source"),
        Column(
            "via", "str", required=False, doc="Intermediary the report cites it through (e.g. The Associated Press)"
        ),
        Column("attribute", "str", vocabulary=tuple(ATTRIBUTES), doc="What the claim asserts"),
        Column(
            "stance",
            "str",
            vocabulary=tuple(STANCES),
            doc="What the claim does with its attribute: states it, says it was not given, or denies it",
        ),
        Column("claim", "str", doc="The assertion, in our words"),
        Column("value", "str", required=False, doc="Value as reported (number or short term), empty if none"),
        Column("unit", "str", required=False, doc="Unit of the value as reported"),
        Column("qualifier", "str", required=False, doc="Hedge as reported: about, roughly, suspected, likely..."),
        Column("normalized_value", "float", required=False, doc="Value in the normalised unit"),
        Column("normalized_unit", "str", required=False, doc="Normalised unit (km for distances)"),
        Column(
            "resolved_date",
            "date",
            required=False,
            doc="For date claims: the first day of the period the reported date resolves to",
        ),
        Column(
            "resolved_precision",
            "str",
            required=False,
            vocabulary=DATE_PRECISIONS,
            doc="Precision of resolved_date, as an event's date_precision; empty means day",
        ),
        Column("span_start", "int", doc="Start of the supporting text, character offset in the report"),
        Column("span_end", "int", doc="End (exclusive) of the supporting text"),
    ),
    "One row per claim: one source's statement about one event.",
)

PLACES = Table(
    "places",
    "places.csv",
    "place_id",
    (
        Column("place_id", "str", doc="Stable identifier", identifier=True),
        Column("name", "str", doc="Preferred name"),
        Column("aliases", "str", required=False, doc="Other names and spellings, separated by '|'"),
        Column("kind", "str", vocabulary=PLACE_KINDS, doc="What sort of place"),
        Column("latitude", "float", doc="Decimal degrees, WGS84"),
        Column("longitude", "float", doc="Decimal degrees, WGS84"),
        Column("geo_precision", "str", vocabulary=GEO_PRECISIONS, doc="How precisely the point stands for the place"),
        Column("uncertainty_km", "float", doc="Radius within which the place lies, around the point"),
        Column("reference", "bool", doc="Listed in the map page's reach table"),
        Column("coord_source", "str", doc="Where the coordinates came from"),
    ),
    "Gazetteer: every place named in the reports, and reference places for the reach table.",
)

TABLES = (DOCUMENTS, EVENTS, PLACES, CLAIMS)

# Optional: a dataset without it resolves every originator to itself.
ALIASES = Table(
    "aliases",
    "aliases.csv",
    "alias",
    (
        Column("alias", "str", doc="A name a report gives an originator or an intermediary, exactly as in claims.csv"),
        Column("organisation", "str", doc="The organisation it stands for; an alias naming two has two rows"),
        Column("basis", "str", doc="Why the name stands for that organisation"),
    ),
    "The one place originator aliases live: each name a report uses, resolved to the organisation behind it.",
    unique_key=False,
)

# What an analyst decided about two events proposed as the same launch (see launchwatch.linking).
LINK_DECISIONS = {
    "confirmed": "The two events are the same launch: their claims are shown together, as one event",
    "rejected": "The two events are not the same launch: they stay apart and are not proposed again",
}

LINKS = Table(
    "links",
    "links.csv",
    "link_id",
    (
        Column("link_id", "str", doc="Stable identifier of the decision", identifier=True),
        Column("event_id", "str", doc="One event (of one source)", identifier=True),
        Column("other_event_id", "str", doc="The event of another source proposed as the same launch", identifier=True),
        Column(
            "decision",
            "str",
            vocabulary=tuple(LINK_DECISIONS),
            doc="What the analyst decided; the latest decision about a pair stands",
        ),
        Column("reasons", "str", required=False, doc="Why the link was proposed, as shown when it was decided"),
    ),
    "Analysts' decisions on events of two sources proposed as the same launch.",
)

# The app's own reference places (cities, bases, seas): not part of a dataset, but kept in the workspace
# database beside it (seeded from data/reference_places.csv) so that analysts can add to them.
REFERENCE_PLACES = replace(
    PLACES,
    name="reference_places",
    file="reference_places.csv",
    doc="The app's reference places, offered whatever dataset is loaded; a dataset's own place wins.",
)

# Conversions to the normalised unit. A normalised value is derived; these are the assumptions.
UNIT_CONVERSIONS = {
    "km": ("km", 1.0),
    "mi": ("km", 1.609344),  # statute mile
    "m": ("km", 0.001),
    "nmi": ("km", 1.852),
}
