#!/usr/bin/env bash
# Checks the alert rules with promtool (Debian package `prometheus`; only its promtool binary is
# used): syntax and PromQL (`check rules`), then the unit tests under tests/ that feed series and
# assert which alerts fire and which stay quiet (`test rules`). Fails when promtool is missing.
#   deploy/prometheus/check.sh           check
#   deploy/prometheus/check.sh --write   also rewrite deploy/k8s/monitoring/prometheusrule.yaml from the rule file
set -euo pipefail
cd "$(dirname "$0")"

RULES=cortex-gateway-alerts.yaml
K8S_RULE=../k8s/monitoring/prometheusrule.yaml

if ! command -v promtool >/dev/null 2>&1; then
  echo "check.sh: promtool not found; install it with: apt-get install -y --no-install-recommends prometheus" >&2
  exit 1
fi

# The PrometheusRule for the Prometheus Operator carries the rule file's groups unchanged under spec
prometheus_rule() {
  cat <<'HEADER'
# Generated from deploy/prometheus/cortex-gateway-alerts.yaml by deploy/prometheus/check.sh --write;
# edit the rule file, not this copy (AlertRulesTest fails when they differ).
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: cortex-gateway-alerts
  labels:
    app.kubernetes.io/name: cortex-gateway
spec:
HEADER
  sed -e '/^#/d' -e 's/^\(.\)/  \1/' "$RULES"
}

if [ "${1:-}" = "--write" ]; then
  prometheus_rule > "$K8S_RULE"
  echo "check.sh: wrote deploy/k8s/monitoring/prometheusrule.yaml"
fi

promtool check rules "$RULES"
promtool test rules tests/*.yaml
if ! diff -q <(prometheus_rule) "$K8S_RULE" >/dev/null; then
  echo "check.sh: deploy/k8s/monitoring/prometheusrule.yaml is not the rule file's copy; run deploy/prometheus/check.sh --write" >&2
  exit 1
fi
echo "check.sh: rules valid, unit tests pass, PrometheusRule current"
