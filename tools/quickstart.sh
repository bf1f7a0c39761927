#!/usr/bin/env bash
# From a fresh clone: installs what is missing, builds, indexes the bundled sample
# records into indexes/default and runs a few example searches. Safe to run again.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${REFERAT_BUILD_DIR:-$repo/build}
# shellcheck source=tools/deps.sh
source "$repo/tools/deps.sh"

referat_install_deps
referat_build "$repo" "$build"

referat=$build/tools/referat
db=$repo/indexes/default
echo
echo "== indexing samples/ into $db"
# An index from an older referat (another schema version) cannot be read: rebuild it.
err=$(mktemp)
if ! "$referat" --db "$db" stats >/dev/null 2>"$err" && grep -q "schema version" "$err"; then
  echo "   (the index is from an older referat; rebuilding it)"
  rm -rf "$db"
fi
rm -f "$err"
"$referat" --db "$db" index --quiet "$repo/samples"

failed=0
example() {
  echo
  echo "== referat search $*"
  "$referat" --db "$db" search --limit 3 "$@"
  local hits
  hits=$("$referat" --db "$db" search --format jsonl --limit 1 --no-facets "$@" | wc -l)
  if [ "$hits" -eq 0 ]; then
    echo "quickstart: the example search '$*' found nothing" >&2
    failed=1
  fi
}
example 'velfærdsteknologi'
example 'sikkerhed'            # finds cybersikkerhed: compounds are split
example 'ØA 24'                # = ØA24 = Økonomiaftalen 2024
example 'sag:22/00954' --sort date
example '"§ 17, stk. 4"'
example 'titel:skybrudssikring dato:2024' --sort oldest
example 'havnebad'             # a PDF: the page the passage is on
example 'bilag:indeklima'      # an attachment's text inside an eDoc XML export
echo
echo "== referat stats"
"$referat" --db "$db" stats
[ $failed -eq 0 ] || exit 1
echo
echo "Done. Try: $referat search 'affaldsforbrænding' (from $repo, the index is indexes/default)"
