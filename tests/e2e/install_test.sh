#!/usr/bin/env bash
# cmake --install into a scratch prefix, then build and run a consumer that
# finds it with find_package(hoso).
set -euo pipefail
build=$1 repo=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
test -x "$work/prefix/bin/hoso"
test -f "$work/prefix/include/hoso/processor.h"
test -d "$work/prefix/share/hoso/models/forms"
"$work/prefix/bin/hoso" --version
cmake -S "$repo/tests/e2e/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
sample=$(ls -d "$repo"/samples/dossiers/*/ | head -n 1)
LD_LIBRARY_PATH="$work/prefix/lib" "$work/consumer/consumer" "$work/prefix/share/hoso/models" "$sample" > "$work/out.json"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); assert j['schema']=='hoso.dossier/1' and j['documents'], j['issues']; print('consumer ok:', j['dossier_id'], j['status'])" "$work/out.json"
