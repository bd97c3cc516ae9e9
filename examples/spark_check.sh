#!/usr/bin/env bash
# Runs examples/spark_extract.py on Spark local[2] over the bundled corpus and
# checks that its events equal `newstally extract --jsonl`'s, then times a
# larger input (the corpus repeated) and prints records/s.
#
# Sets up its own virtual environment (target/spark-venv: pyspark, pandas,
# pyarrow, maturin; about 400 MB, a few minutes the first time) and needs
# Java 17 or newer. Not part of .ci/run: it is too heavy for every commit.
#
#   examples/spark_check.sh [COPIES]     # COPIES of the corpus for the timing (default 500)
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-500}"
work=target/spark-check
venv=target/spark-venv

command -v java > /dev/null || { echo "spark_check: Java 17+ is needed (e.g. apt-get install openjdk-17-jre-headless)" >&2; exit 1; }
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check pyspark pandas pyarrow maturin
# shellcheck disable=SC1091
source "$venv/bin/activate"
maturin develop --release --quiet
cargo build --release --quiet
export PYSPARK_PYTHON="$PWD/$venv/bin/python" PYSPARK_DRIVER_PYTHON="$PWD/$venv/bin/python"

rm -rf "$work" && mkdir -p "$work"
python - "$work" "$copies" <<'PY'
import glob, json, os, sys
work, copies = sys.argv[1], int(sys.argv[2])
records = []
for path in sorted(glob.glob("tests/corpus/*.txt")):
    with open(path, encoding="utf-8") as f:
        records.append({"id": os.path.basename(path), "text": f.read()})
with open(os.path.join(work, "corpus.jsonl"), "w", encoding="utf-8") as f:
    for r in records:
        f.write(json.dumps(r) + "\n")
# The timing input: numbered ids, so every record is distinct.
with open(os.path.join(work, "big.jsonl"), "w", encoding="utf-8") as f:
    for i in range(copies):
        for r in records:
            f.write(json.dumps({"id": i * len(records) + records.index(r), "text": r["text"]}) + "\n")
PY

target/release/newstally extract --jsonl --quiet "$work/corpus.jsonl" > "$work/cli.jsonl"
python examples/spark_extract.py --master 'local[2]' "$work/corpus.jsonl" "$work/events.parquet" 2> "$work/spark.log"

python - "$work" <<'PY'
import json, sys
import pandas as pd
work = sys.argv[1]
spark = pd.read_parquet(f"{work}/events.parquet")
expected = {}
with open(f"{work}/cli.jsonl", encoding="utf-8") as f:
    for line in f:
        doc = json.loads(line)
        for i, event in enumerate(doc["events"]):
            expected[(json.dumps(doc["id"]), i)] = event
got = {(r.record_id, int(r.event_index)): json.loads(r.event) for r in spark.itertuples() if r.event is not None}
missing = sorted(set(expected) - set(got))
extra = sorted(set(got) - set(expected))
differ = sorted(k for k in set(expected) & set(got) if expected[k] != got[k])
errors = spark["error"].dropna().tolist()
if missing or extra or differ or errors:
    print(f"spark_check: FAILED: {len(missing)} missing, {len(extra)} extra, {len(differ)} different, errors {errors[:3]}")
    for k in (missing + extra + differ)[:5]:
        print("  ", k, expected.get(k), got.get(k))
    sys.exit(1)
print(f"spark_check: the events equal extract --jsonl's: {len(expected)} events in {spark['record_id'].nunique()} records")
PY

records=$(wc -l < "$work/big.jsonl")
megabytes=$(du -m "$work/big.jsonl" | cut -f1)
start=$(date +%s.%N)
python examples/spark_extract.py --master 'local[2]' --partitions 4 "$work/big.jsonl" "$work/big.parquet" 2>> "$work/spark.log"
end=$(date +%s.%N)
cli_start=$(date +%s.%N)
target/release/newstally extract --jsonl --quiet "$work/big.jsonl" > /dev/null
cli_end=$(date +%s.%N)
python - "$records" "$megabytes" "$start" "$end" "$cli_start" "$cli_end" <<'PY'
import sys
records, mb = int(sys.argv[1]), float(sys.argv[2])
spark, cli = float(sys.argv[4]) - float(sys.argv[3]), float(sys.argv[6]) - float(sys.argv[5])
print(f"spark_check: local[2], {records} records ({mb:.0f} MB): {spark:.1f} s, {records / spark:.0f} records/s "
      f"(the CLI on the same input: {cli:.1f} s, {records / cli:.0f} records/s)")
PY
