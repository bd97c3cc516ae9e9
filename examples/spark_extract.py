"""newstally on Spark: JSON Lines of articles in, one Parquet row per event out.

    python examples/spark_extract.py INPUT.jsonl[.gz] OUTPUT_DIR [--master local[*]]
    spark-submit examples/spark_extract.py INPUT OUTPUT_DIR          # on a cluster

INPUT is JSON Lines {"id", "text", "date"?} (a file, a folder or a glob;
gzip is read by Spark itself), or Parquet with --parquet (columns id, text
and optionally date). Spark decodes text files as UTF-8 before newstally
sees them, so a line with invalid bytes is read with U+FFFD in their place
(the CLI makes it an error record); everything else matches the CLI. Each partition goes through the newstally Python
package (mapInPandas): the lines are read by the same Rust code as
`newstally extract --jsonl`, so ids come out byte for byte (`record_id` is the
id's JSON text) and a bad line is an error row, never a failed job.

The package must be importable on the executors: on local[*] it is this
Python's; on a cluster install the wheel there (`pip install newstally-*.whl`
in the executors' image), or ship a packed virtual environment with
`spark-submit --archives venv.tar.gz#venv --conf spark.pyspark.python=./venv/bin/python`.
Only the Python package is needed, not the CLI.
"""

import argparse
import json

# One row per event (or one per failed record): the CLI's CSV columns with
# Spark types, plus `event`, the event's full JSON as the CLI writes it.
SCHEMA = """
    record_id string, event_index long, kind string,
    count_value long, count_qualifier string, count_min long, count_max long, count_text string,
    who_text string, who_category string, time_text string, time_date string, place_text string,
    source_text string, source_resolved string, source_cue string, source_via_text string, source_via_cue string,
    quoted boolean, negated boolean, part_of long, background boolean,
    sentence long, span_start long, span_end long, evidence string, mentions string,
    error string, event string
"""

# Columns whose values are lists: written as JSON text.
JSON_COLUMNS = {"mentions"}


def extract_partition(batches):
    """mapInPandas: pandas frames of JSON Lines (column `value`) → event rows."""
    import pandas as pd

    import newstally

    names = [name for name, _ in newstally.EVENT_COLUMNS]
    columns = ["record_id", "event_index"] + names + ["error", "event"]
    for batch in batches:
        docs = newstally.extract_records(batch["value"].tolist(), id_as_json=True, threads=1)
        rows = []
        for doc in docs:
            for index, event in enumerate(doc["events"]):
                cells = [
                    json.dumps(value) if name in JSON_COLUMNS else value
                    for name, value in zip(names, newstally.flatten(event))
                ]
                rows.append([doc["id"], index] + cells + [None, json.dumps(event)])
            if doc["error"] is not None:
                rows.append([doc["id"], None] + [None] * len(names) + [doc["error"], None])
        yield pd.DataFrame(rows, columns=columns, dtype=object)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", help="JSON Lines of {id, text, date?} (or Parquet with --parquet)")
    parser.add_argument("output", help="folder for the Parquet files of events")
    parser.add_argument("--master", help="Spark master, e.g. local[2] (default: as spark-submit says)")
    parser.add_argument("--parquet", action="store_true", help="INPUT is Parquet with columns id, text, date?")
    parser.add_argument("--partitions", type=int, help="repartition the input (default: as read)")
    args = parser.parse_args()

    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    builder = SparkSession.builder.appName("newstally")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    if args.parquet:
        # Rebuild JSON Lines records, so both inputs go through the same reader.
        frame = spark.read.parquet(args.input)
        fields = [name for name in ("id", "text", "date") if name in frame.columns]
        if "date" in fields:
            frame = frame.withColumn("date", F.col("date").cast("string"))
        lines = frame.select(F.to_json(F.struct(*fields)).alias("value"))
    else:
        lines = spark.read.text(args.input)
    if args.partitions:
        lines = lines.repartition(args.partitions)
    events = lines.mapInPandas(extract_partition, schema=SCHEMA)
    events.write.mode("overwrite").parquet(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
