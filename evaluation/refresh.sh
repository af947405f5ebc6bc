#!/usr/bin/env bash
# Re-make every quality figure of the README in one run, from the repository root:
#   evaluation/latest.json  the first report's test split (in-report figures) and the real reports' gold
#                           (annotations/reports/: cross-report figures), cnreport beside its baselines
#   evaluation/report.html  the same as one self-contained HTML page
# The real reports' PDFs are read from $CNREPORT_CORPUS_REAL, else ../shared/corpus-real (they are not committed:
# their issuers keep the copyright); without them only the first report is scored, and the script says so.
# Usage: evaluation/refresh.sh [MODELS_DIR]   (default: the shipped models)
set -euo pipefail
cd "$(dirname "$0")/.."
models=(); [ $# -ge 1 ] && models=(--models "$1")
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
real="${CNREPORT_CORPUS_REAL:-../shared/corpus-real}"
inputs=(corpus/cn-blockchain-2022-2023.txt)
for key in blockchain_security_eval_2021 fisco_platform_survey_2017 caict_digital_economy_2022; do
  if [ -f "$real/$key.pdf" ]; then inputs+=("$real/$key.pdf"); else echo "refresh: $real/$key.pdf not found: its gold is not scored" >&2; fi
done
cnreport extract "${inputs[@]}" -o "$work/out" --quiet "${models[@]}"
cnreport evaluate "$work/out" -o evaluation/latest.json --thresholds evaluation/thresholds.json "${models[@]}"
cnreport report evaluation/latest.json -o evaluation/report.html
