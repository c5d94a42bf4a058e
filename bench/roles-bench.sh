#!/bin/sh
# Real roles with both tools, side by side: every playbooks/NAME/site.yml under DIR (roles found through the
# ansible.cfg beside it) runs with opsctl on fresh fleet hosts and with ansible-playbook on a twin fleet; prints a
# Markdown table (validate, plan, apply, second plan exit codes; ansible-playbook's recap on opsctl's hosts and on its
# own; whether the hosts' files match). Needs root and ansible-playbook. The hosts are isolated (each its own network
# and PID namespace, docs/test-fleet.md), so roles with daemons on fixed ports and firewalls run as on real machines.
#   bench/roles-bench.sh DIR [--hosts N [NAME...]]     e.g. bench/roles-bench.sh ../shared/corpus --hosts 1 memcached git
set -eu
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
dir=$(readlink -f "$1"); shift
cd "$root"
# Build when the jar or the bench class is missing, or any source is newer than either: a stale jar once made a
# fixed bug look like a regression.
stamp=target/test-classes/dev/opsctl/bench/RoleBench.class
if [ ! -f target/opsctl.jar ] || [ ! -f "$stamp" ] || [ -n "$(find src pom.xml -type f -newer "$stamp" | head -n 1)" ] \
   || [ -n "$(find src pom.xml -type f -newer target/opsctl.jar | head -n 1)" ]; then
  echo "roles-bench: building opsctl (mvn -B -q -DskipTests package)..." >&2
  mvn -B -q -DskipTests package >&2
  touch "$stamp"
fi
exec java -Dopsctl.fleet.isolated=true -cp target/test-classes:target/classes dev.opsctl.bench.RoleBench "$dir" "$@"
