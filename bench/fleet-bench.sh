#!/bin/sh
# The fleet benchmark: opsctl against the floor (plain ssh) and against ansible-playbook on fleets of real sshd
# hosts on 127.0.0.1, then an end-state comparison of the two fleets. Needs root (see docs/performance.md).
#   bench/fleet-bench.sh [--hosts N] [--forks F] [--no-ansible] [--no-users]
#   bench/fleet-bench.sh --host-processes    processes one host starts per step (strace on its sshd), no timing
#   bench/fleet-bench.sh --rtt 0,20,50 [--hosts N] [--repeat R] [--no-ansible]   through delay proxies (LatencyBench)
set -eu
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
# Build when the jar or the bench classes are missing, or any source is newer than what was built.
stamp=target/test-classes/dev/opsctl/bench/FleetBench.class
# Both stamps count: a test run recompiles the bench classes without repackaging the jar.
if [ ! -f target/opsctl.jar ] || [ ! -f "$stamp" ] || [ -n "$(find src pom.xml -type f -newer "$stamp" | head -n 1)" ] \
   || [ -n "$(find src pom.xml -type f -newer target/opsctl.jar | head -n 1)" ]; then
  echo "fleet-bench: building opsctl (mvn -B -q -DskipTests package)..." >&2
  mvn -B -q -DskipTests package >&2
  touch "$stamp"
fi
main=dev.opsctl.bench.FleetBench
if [ "${1:-}" = --host-processes ]; then main=dev.opsctl.bench.HostProcesses; shift; fi
for arg in "$@"; do if [ "$arg" = --rtt ]; then main=dev.opsctl.bench.LatencyBench; fi; done
exec java -cp target/test-classes:target/classes "$main" "$@"
