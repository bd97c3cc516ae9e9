"""newstally: violence and policing events from English news text.

A thin Python layer over the Rust extractor (the same one the ``newstally``
command runs): every function returns the documents of the JSON output
contract as plain dicts and lists, see the project README.

>>> import newstally
>>> doc = newstally.extract("Eight policemen were killed, the ministry said.")
>>> doc["events"][0]["count"]["value"]
8
"""

import json
from datetime import date as _date

from ._newstally import (
    ATTRIBUTION_COLUMNS,
    EVENT_COLUMNS,
    __version__,
    extract_json as _extract_json,
    extract_many_json as _extract_many_json,
    extract_records_json as _extract_records_json,
)

__all__ = ["extract", "extract_many", "extract_records", "to_frame", "flatten", "EVENT_COLUMNS", "ATTRIBUTION_COLUMNS", "__version__"]


def _date_text(value):
    """A publication date as text: None, 'YYYY-MM-DD', an ISO date-time, or a date/datetime."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, _date):  # datetime is a date too
        return value.isoformat()
    raise TypeError(f"a date must be a str or datetime.date, not {type(value).__name__}")


def extract(text, date=None):
    """Extract the events of one article; returns its document as a dict.

    ``date`` is the publication date ('2015-09-06', an ISO date-time, or a
    ``datetime.date``); it turns "Saturday" into a calendar date. A bad date
    raises ValueError.
    """
    return json.loads(_extract_json(text, _date_text(date)))


def extract_many(texts, dates=None, threads=None):
    """Extract many articles in parallel (the GIL is released); returns a
    list of documents in the order of ``texts``.

    ``dates``: one publication date (or None) per text. A bad date gives
    that text an error document (no events, ``error`` says why) instead of
    failing the whole call. ``threads``: how many threads (default: all cores).
    """
    texts = list(texts)
    if dates is not None:
        dates = [_date_text(d) for d in dates]
    return [json.loads(doc) for doc in _extract_many_json(texts, dates, threads)]


def extract_records(lines, threads=None, id_as_json=False, first_line=1):
    """Read JSON Lines records ``{"id", "text", "date"?}`` (str or bytes, one
    per line) exactly as ``newstally extract --jsonl`` does: one document per
    line, in order; a line that cannot be read gives an error document.

    ``id_as_json=True`` gives each document's ``id`` as the id's JSON text,
    byte for byte as the input wrote it (``'1e3'``, ``'{"b":1,"a":2}'``),
    for joins that must not depend on how Python reads numbers.
    ``first_line`` numbers the lines in error messages.
    """
    lines = [line.encode("utf-8", "surrogatepass") if isinstance(line, str) else bytes(line) for line in lines]
    docs = []
    for id_json, doc in _extract_records_json(lines, threads, first_line):
        doc = json.loads(doc)
        if id_as_json:
            doc["id"] = id_json
        docs.append(doc)
    return docs


def _pointer(item, pointer):
    """The value at a JSON pointer ('/count/value', '/span/0'), or None."""
    for part in pointer.strip("/").split("/"):
        if isinstance(item, list):
            item = item[int(part)] if int(part) < len(item) else None
        elif isinstance(item, dict):
            item = item.get(part)
        else:
            return None
        if item is None:
            return None
    return item


def flatten(item, columns=EVENT_COLUMNS):
    """The cells of one event (or, with ``ATTRIBUTION_COLUMNS``, one
    attribution) in the column order of the CLI's ``--format csv``: one value
    per ``(name, JSON pointer)`` pair, None where the field is absent."""
    return [_pointer(item, pointer) for _, pointer in columns]


def to_frame(docs, table="events"):
    """A pandas DataFrame with one row per event (or, with
    ``table="attributions"``, per attribution) of ``docs`` (a document or a
    list of them): the columns of the CLI's ``--format csv`` (``record_id``,
    ``event_index``, ``count_value``, ``who_text``, ``source_text``, …,
    ``error``), after ``doc_index``, the document's position in ``docs``.
    A document without events has no row, unless it holds an error.
    Needs pandas (``pip install pandas``).
    """
    try:
        import pandas
    except ImportError as e:
        raise ImportError("to_frame needs pandas: pip install pandas") from e
    if isinstance(docs, dict):
        docs = [docs]
    if table == "events":
        key, index, columns = "events", "event_index", EVENT_COLUMNS
    elif table == "attributions":
        key, index, columns = "attributions", "attribution_index", ATTRIBUTION_COLUMNS
    else:
        raise ValueError(f"table must be 'events' or 'attributions', not {table!r}")
    names = ["doc_index", "record_id", index] + [name for name, _ in columns] + ["error"]
    rows = []
    for position, doc in enumerate(docs):
        for i, item in enumerate(doc.get(key) or []):
            rows.append([position, doc.get("id"), i] + flatten(item, columns) + [None])
        if doc.get("error") is not None:
            rows.append([position, doc.get("id"), None] + [None] * len(columns) + [doc["error"]])
    return pandas.DataFrame(rows, columns=names)
