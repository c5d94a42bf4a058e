#!/bin/sh
# Renders opsctl's HTML metrics report with headless Chromium and checks the page as a browser sees it: the DOM after
# loading holds the four tiles and three drawn charts, the page asked for nothing over the network, and a screenshot is
# written. Not part of the test suite (it needs Chromium: apt-get install chromium).
#
#   tools/metrics-html-check.sh [HISTORY.json] [OUT_DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
history=${1:-$here/src/test/resources/metrics/history-30d.json}
out=${2:-$(mktemp -d)}
jar=$here/target/opsctl.jar
[ -f "$jar" ] || { echo "build first: mvn -B -o package -DskipTests" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "no Chromium: apt-get install chromium" >&2; exit 1; }

java -jar "$jar" metrics --from "$history" --since 30d --until 2026-11-30T12:00:00Z --group production \
    --format html -o "$out/dora.html"

# Chromium as root needs --no-sandbox. No host name resolves: a page that needed the network would render incomplete
# and fail the checks below (Chromium's own update and account requests go nowhere either).
flags="--headless --no-sandbox --disable-gpu --disable-background-networking --hide-scrollbars"
resolver="--host-resolver-rules=MAP * ~NOTFOUND"
"$browser" $flags "$resolver" --dump-dom "file://$out/dora.html" > "$out/dom.html" 2> "$out/chromium-dom.log"
"$browser" $flags "$resolver" --window-size=1400,1100 --screenshot="$out/dora.png" "file://$out/dora.html" > /dev/null 2> "$out/chromium-shot.log"

fail=0
check() { if grep -q "$2" "$3"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
check "the page loaded (title in the DOM)" "<title>DORA's four keys for group production" "$out/dom.html"
check "four tiles" 'Time to restore' "$out/dom.html"
check "change failure rate shown" '35.3%' "$out/dom.html"
check "lead time shown" '14h 20m' "$out/dom.html"
n=$(grep -o '<svg' "$out/dom.html" | wc -l)
if [ "$n" -eq 3 ]; then echo "ok   three SVG charts in the rendered DOM"; else echo "FAIL $n SVG charts"; fail=1; fi
bars=$(grep -o '<rect' "$out/dom.html" | wc -l)
if [ "$bars" -ge 8 ]; then echo "ok   $bars bars drawn"; else echo "FAIL only $bars bars"; fail=1; fi
# The rendered DOM names no URL except the XHTML and SVG namespaces: nothing to fetch.
if grep -E -o '(https?:|//)[^"< )]*' "$out/dom.html" | grep -v -E '^http://www.w3.org/(1999/xhtml|2000/svg)$' | grep -q .; then
    echo "FAIL the page refers to URLs:"; grep -E -o '(https?:|//)[^"< )]*' "$out/dom.html" | sort -u | head; fail=1
else
    echo "ok   no URL in the rendered page besides the XML namespaces"
fi
if [ -s "$out/dora.png" ]; then echo "ok   screenshot $out/dora.png ($(wc -c < "$out/dora.png") bytes)"; else echo "FAIL no screenshot"; fail=1; fi
exit $fail
