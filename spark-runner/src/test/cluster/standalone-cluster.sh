#!/usr/bin/env bash
# A standalone Spark cluster on this machine, from the Maven jars: a master and two workers (one core each) on
# 127.0.0.1, with a SPARK_HOME whose jars/ are Spark 4.0.1's own (spark-dist.xml), not EdgePlan's. It submits a
# suite as the README says (spark-submit's main class, the application jar spark-runner/target/edgeplan-spark.jar),
# kills one worker and its executor with SIGKILL once some runs are recorded, and checks that the bench still ends
# well and every run of the suite is in runs.jsonl exactly once, that the driver saw the executor go, and that the
# same command then resumes with nothing to do. Then a short suite whose runs each get their own JVM on an executor.
#
#   spark-runner/src/test/cluster/standalone-cluster.sh        (after mvn -B package, which builds the jar)
#
# Exit status 0 when every check passes; the logs of a failed check are printed.
#
#   spark-runner/src/test/cluster/standalone-cluster.sh run SUITE OUT [BENCH OPTIONS...]
#
# starts the same cluster, submits SUITE with its records in OUT (progress on standard error, Spark's log in
# OUT/../driver-<suite>.log), stops the cluster and ends with the bench's exit status: the measurements of
# docs/spark.md.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
here="$home/spark-runner/src/test/cluster"
jar="$home/spark-runner/target/edgeplan-spark.jar"
if [ ! -f "$jar" ]; then
  echo "standalone-cluster: $jar is missing: build it with mvn -B -DskipTests package -pl spark-runner -am" >&2
  exit 2
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/edgeplan-spark-cluster.XXXXXX")"
pids=()
cleanup() {
  for p in "${pids[@]}"; do
    for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do kill "$c" 2>/dev/null || true; done
    kill "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "standalone-cluster: FAILED: $*" >&2
  for f in "$work"/*.log "$work"/*.out "$work"/*.err; do
    [ -f "$f" ] && { echo "--- $f (last 40 lines)" >&2; tail -n 40 "$f" >&2; }
  done
  exit 1
}

# Spark's jars, as its distribution ships them (the Maven jars of spark-core 4.0.1 at Spark's own versions).
mvn -B -q -f "$here/spark-dist.xml" dependency:build-classpath -Dmdep.outputFile="$work/dist.txt" >/dev/null
mkdir -p "$work/spark-home/jars"
tr ':' '\n' < "$work/dist.txt" | while read -r j; do ln -s "$j" "$work/spark-home/jars/"; done
export SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.13
# Spark on Java 17: the options of spark-runner/pom.xml (Spark's JavaModuleOptions).
read -r -a opens <<< "$(sed -n 's:.*<spark.javaOptions>\(.*\)</spark.javaOptions>.*:\1:p' "$home/spark-runner/pom.xml")"
# Master and workers get 512 MB; the driver (which keeps every record and writes the report) 1 GB.
spark_java() { java "${opens[@]}" -Xmx${heap:-512m} -cp "$SPARK_HOME/jars/*" "$@"; }

spark_java org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 0 --webui-port 0 > "$work/master.log" 2>&1 &
pids+=($!)
master=""
for _ in $(seq 120); do
  master="$(grep -o 'spark://127\.0\.0\.1:[0-9]*' "$work/master.log" | head -n 1 || true)"
  [ -n "$master" ] && break
  sleep 0.5
done
[ -n "$master" ] || fail "the master did not start"
declare -a worker
for w in 1 2; do
  spark_java org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 --cores 1 --memory 1g \
    --work-dir "$work/worker$w" "$master" > "$work/worker$w.log" 2>&1 &
  worker[$w]=$!
  pids+=($!)
done
for _ in $(seq 120); do
  [ "$(grep -c 'Registering worker' "$work/master.log" || true)" -ge 2 ] && break
  sleep 0.5
done
[ "$(grep -c 'Registering worker' "$work/master.log" || true)" -ge 2 ] || fail "two workers did not register"
echo "standalone-cluster: master $master, two workers with one core each" >&2

# spark-submit --master URL --class org.edgeplan.cli.EdgePlanCli edgeplan-spark.jar bench SUITE --engine spark ...
submit() {
  EDGEPLAN_HOME="$home" heap=1g spark_java org.apache.spark.deploy.SparkSubmit --master "$master" \
    --class org.edgeplan.cli.EdgePlanCli --conf spark.executor.memory=1g --conf spark.ui.enabled=false \
    "$jar" bench "$@" --engine spark --no-progress
}

if [ "${1:-}" = run ]; then
  [ $# -ge 3 ] || { echo "usage: standalone-cluster.sh run SUITE OUT [BENCH OPTIONS...]" >&2; exit 2; }
  suite="$2" out="$3"
  shift 3
  mkdir -p "$out"
  log="$(cd "$out/.." && pwd)/driver-$(basename "$suite" .json).log"
  status=0
  # Spark's driver log (INFO) to a file; the bench's lines: its table on standard output, progress on standard error.
  submit "$suite" --out "$out" "$@" 2> >(tee "$log" | grep -E '^\[[0-9]+/[0-9]+\]|^edgeplan:' >&2) || status=$?
  exit "$status"
fi

out="$work/records"
submit "$here/cluster-suite.json" --out "$out" > "$work/submit.out" 2> "$work/submit.err" &
driver=$!
pids+=($driver)
for _ in $(seq 600); do
  [ -f "$out/runs.jsonl" ] && [ "$(wc -l < "$out/runs.jsonl")" -ge 3 ] && break
  kill -0 "$driver" 2>/dev/null || break
  sleep 0.2
done
total="$(sed -n 's/^suite cluster: \([0-9]*\) runs.*/\1/p' "$work/submit.out")"
[ -n "$total" ] || fail "the bench did not start"
before="$(wc -l < "$out/runs.jsonl")"
[ "$before" -lt "$total" ] || fail "every run finished before the worker could be killed"
executors="$(ps -o pid= --ppid "${worker[1]}" | xargs)"
[ -n "$executors" ] || fail "worker 1 has no executor to kill"
kill -9 "${worker[1]}" $executors
echo "standalone-cluster: killed worker 1 (pid ${worker[1]}) and its executor (pid $executors) with $before of $total runs recorded"
status=0
wait "$driver" || status=$?
[ "$status" -eq 0 ] || fail "the bench ended with status $status"
grep -q "Lost executor" "$work/submit.err" || fail "the driver did not see an executor go"
lines="$(wc -l < "$out/runs.jsonl")"
keys="$(jq -r '[.instanceFile, (.processors // 0), .solver, .seed] | @tsv' "$out/runs.jsonl" | sort -u | wc -l)"
[ "$lines" -eq "$total" ] || fail "$lines records for $total runs"
[ "$keys" -eq "$total" ] || fail "$keys distinct runs among $lines records"
bad="$(jq -r 'select(.status != "optimal" and .status != "feasible") | "\(.instanceFile) \(.solver): \(.status) \(.message)"' "$out/runs.jsonl")"
[ -z "$bad" ] || fail "runs without a plan: $bad"
echo "standalone-cluster: $lines records for $total runs, each run once, every one with a plan"
submit "$here/cluster-suite.json" --out "$out" > "$work/resume.out" 2> "$work/resume.err" || fail "the resumed bench failed"
grep -q "($total already in" "$work/resume.out" || fail "the resumed bench did not find every run recorded"
[ "$(wc -l < "$out/runs.jsonl")" -eq "$total" ] || fail "the resumed bench appended records"
echo "standalone-cluster: the same command resumes with nothing to do"

# Runs in their own JVM on the remaining executor, from the application jar.
submit "$here/cluster-process-suite.json" --out "$work/process" > "$work/process.out" 2> "$work/process.err" \
  || fail "the process-isolated bench failed"
bad="$(jq -r 'select(.status != "optimal" and .status != "feasible") | "\(.solver): \(.status) \(.message)"' "$work/process/runs.jsonl")"
[ "$(wc -l < "$work/process/runs.jsonl")" -eq 2 ] && [ -z "$bad" ] || fail "process isolation: $bad"
jq -e 'select(.peakMemoryBytes == null)' "$work/process/runs.jsonl" >/dev/null && fail "process isolation: no child JVM measured"
echo "standalone-cluster: runs in their own JVM on an executor: $(jq -r '"\(.solver) \(.status) \(.objective)"' "$work/process/runs.jsonl" | paste -sd ', ')"
echo "standalone-cluster: all checks passed"
