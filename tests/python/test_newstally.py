"""The Python package against the same extractor and output contract as the CLI."""

import datetime
import json
import os
import subprocess
import threading

import pytest

import newstally

KILLED = "Eight policemen and nine attackers were killed on Saturday, the ministry said."


def test_extract_returns_the_document_as_a_dict():
    doc = newstally.extract("Eight policemen were killed.")
    assert doc["error"] is None and doc["id"] is None
    event = doc["events"][0]
    assert event["kind"] == "killed"
    assert event["count"]["value"] == 8
    assert event["who"]["category"] == "police"


def test_a_publication_date_resolves_weekdays_in_any_form():
    for date in ["2015-09-06", "2015-09-06T10:00:00Z", datetime.date(2015, 9, 6), datetime.datetime(2015, 9, 6, 10)]:
        doc = newstally.extract(KILLED, date=date)
        assert doc["events"][0]["time"]["date"] == "2015-09-05", date


def test_a_bad_date_raises_with_the_reason():
    with pytest.raises(ValueError, match="2015-02-30 is not a calendar date"):
        newstally.extract(KILLED, date="2015-02-30")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        newstally.extract(KILLED, date="2015-9-6")


def test_extract_many_keeps_order_and_matches_extract():
    texts = [KILLED, "No news.", "Police arrested 32 suspects.", ""] * 25
    docs = newstally.extract_many(texts, threads=2)
    assert docs == [newstally.extract(t) for t in texts]
    assert [len(d["events"]) for d in docs[:4]] == [2, 0, 1, 0]


def test_extract_many_gives_a_bad_date_an_error_document():
    docs = newstally.extract_many([KILLED, KILLED], dates=["2015-09-06", "2015-02-30"])
    assert docs[0]["events"][0]["time"]["date"] == "2015-09-05"
    assert docs[1]["events"] == [] and "dates[1]: 2015-02-30 is not a calendar date" in docs[1]["error"]
    with pytest.raises(ValueError, match="one date"):
        newstally.extract_many([KILLED], dates=[])
    with pytest.raises(ValueError, match="at least 1"):
        newstally.extract_many([KILLED], threads=0)


def test_extract_many_releases_the_gil():
    # While a long extraction runs in another thread, this thread keeps running Python.
    texts = [KILLED * 40] * 400
    done = threading.Event()
    worker = threading.Thread(target=lambda: (newstally.extract_many(texts, threads=1), done.set()))
    ticks = 0
    worker.start()
    while not done.is_set():
        ticks += 1
        done.wait(0.001)
    worker.join()
    assert ticks > 5


def test_to_frame_has_one_row_per_event_with_the_csv_columns():
    pandas = pytest.importorskip("pandas")
    docs = newstally.extract_many([KILLED, "No news.", "Two soldiers were wounded."])
    frame = newstally.to_frame(docs)
    assert isinstance(frame, pandas.DataFrame)
    assert len(frame) == 3
    assert list(frame["doc_index"]) == [0, 0, 2]
    assert list(frame["count_value"]) == [8, 9, 2]
    assert frame["who_category"][0] == "police"
    assert frame["source_text"][0] == "the ministry"
    names = [name for name, _ in newstally.EVENT_COLUMNS]
    assert list(frame.columns) == ["doc_index", "record_id", "event_index"] + names + ["error"]
    attributions = newstally.to_frame(docs, table="attributions")
    assert len(attributions) == 1 and attributions["source_cue"][0] == "said"


def test_flatten_gives_one_cell_per_column_in_order():
    event = newstally.extract(KILLED)["events"][0]
    cells = dict(zip([name for name, _ in newstally.EVENT_COLUMNS], newstally.flatten(event)))
    assert cells["count_value"] == 8
    assert cells["who_category"] == "police"
    assert cells["source_via_text"] is None
    attribution = newstally.extract(KILLED)["attributions"][0]
    assert newstally.flatten(attribution, newstally.ATTRIBUTION_COLUMNS)[0] == "the ministry"


def test_the_columns_are_the_cli_csv_header():
    binary = os.environ.get("NEWSTALLY_BIN")
    if not binary:
        pytest.skip("NEWSTALLY_BIN (the CLI) not given")
    header = subprocess.run(
        [binary, "extract", "--jsonl", "--format", "csv"], input=b"", capture_output=True, check=True
    ).stdout.decode().splitlines()[0]
    names = [name for name, _ in newstally.EVENT_COLUMNS]
    assert header.split(",") == ["record_id", "event_index"] + names + ["error"]


def test_the_package_agrees_with_the_cli_on_the_corpus():
    binary = os.environ.get("NEWSTALLY_BIN")
    if not binary:
        pytest.skip("NEWSTALLY_BIN (the CLI) not given")
    corpus = os.path.join(os.path.dirname(__file__), "..", "corpus")
    for name in sorted(os.listdir(corpus)):
        if name.endswith(".txt"):
            path = os.path.join(corpus, name)
            cli = json.loads(subprocess.run([binary, "extract", path], capture_output=True, check=True).stdout)
            with open(path, encoding="utf-8") as f:
                assert newstally.extract(f.read()) == cli, name


def test_extract_records_reads_json_lines_like_the_cli():
    lines = [
        '{"id": 1e3, "text": "Two soldiers were killed."}',
        b'{"id": {"b":1,"a":2}, "text": "caf\xff"}\n',
        "not json",
    ]
    docs = newstally.extract_records(lines, id_as_json=True)
    assert [d["id"] for d in docs] == ["1e3", '{"b":1,"a":2}', None]
    assert len(docs[0]["events"]) == 1
    assert "line 2: not valid UTF-8" in docs[1]["error"]
    assert "line 3: not a JSON object" in docs[2]["error"]
    assert newstally.extract_records(lines[:1])[0]["id"] == 1000.0
    binary = os.environ.get("NEWSTALLY_BIN")
    if binary:
        data = b"\n".join(line.encode() if isinstance(line, str) else line.rstrip(b"\n") for line in lines) + b"\n"
        cli = subprocess.run([binary, "extract", "--jsonl"], input=data, capture_output=True).stdout
        assert [json.loads(line) for line in cli.splitlines()] == newstally.extract_records(lines)
