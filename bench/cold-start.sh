#!/bin/sh
# One host, cold: `opsctl plan PLAYBOOK` (a fresh JVM each time) against `ssh HOST true`, against a throwaway sshd on
# 127.0.0.1 (as src/main/training/train.sh starts one). Prints each run's wall and CPU time and the medians.
#   bench/cold-start.sh [--repeat N] [--jsa ARCHIVE]... [--jar JAR] [PLAYBOOK]
# Each --jsa is measured as its own column (the archive must have been made from JAR); "none" runs without one.
# OPSCTL_COLD_STATS=1 passes --stats to opsctl and shows its output of the last run; OPSCTL_COLD_JAVA_OPTS adds JVM
# options (say -Xlog:class+load:file=/tmp/classes.log).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
repeat=5
jar="$root/target/opsctl.jar"
archives=""
playbook="$root/bench/site.yml"
while [ $# -gt 0 ]; do
  case $1 in
    --repeat) repeat=$2; shift 2 ;;
    --jsa) archives="$archives $2"; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    *) playbook=$1; shift ;;
  esac
done
[ -n "$archives" ] || archives="$root/target/opsctl.jsa"
work=$(mktemp -d "${TMPDIR:-/tmp}/opsctl-cold.XXXXXX")
sshd_pid=""
trap '[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null; rm -rf "$work"' EXIT
[ "$(id -u)" = 0 ] && mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/client_key"
cp "$work/client_key.pub" "$work/authorized_keys"
user=$(id -un)
port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
printf 'ListenAddress 127.0.0.1\nPort %s\nHostKey %s\nPidFile %s\nAuthorizedKeysFile %s\nUsePAM no\nStrictModes no\n' \
  "$port" "$work/host_key" "$work/sshd.pid" "$work/authorized_keys" > "$work/sshd_config"
/usr/sbin/sshd -D -e -f "$work/sshd_config" 2>"$work/sshd.log" &
sshd_pid=$!
i=0; until grep -q "Server listening" "$work/sshd.log" 2>/dev/null; do sleep 0.1; i=$((i + 1)); [ $i -lt 100 ] || { cat "$work/sshd.log"; exit 1; }; done
printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$work/host_key.pub")" > "$work/known_hosts"
printf 'bench ansible_host=127.0.0.1 ansible_port=%s ansible_user=%s ansible_ssh_private_key_file=%s\n' "$port" "$user" "$work/client_key" > "$work/inventory.ini"
stats=""; [ "${OPSCTL_COLD_STATS:-}" = 1 ] && stats="--stats"

now() { date +%s.%N; }
# Wall seconds, then CPU seconds (user + system): on a shared machine the CPU time is the steadier figure.
timed() { /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >"$work/last.out" 2>&1 || true; awk '{printf "%s %.2f", $1, $2 + $3}' "$work/time"; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

floor=""
for n in $(seq "$repeat"); do
  t=$(timed ssh -o BatchMode=yes -o UserKnownHostsFile="$work/known_hosts" -o StrictHostKeyChecking=yes -i "$work/client_key" -p "$port" "$user@127.0.0.1" true)
  floor="$floor ${t% *}"; line="run $n (wall s, CPU s): ssh true $t"
  for a in $archives; do
    cds=""; [ "$a" = none ] || cds="-XX:SharedArchiveFile=$a -Xlog:cds=off -Xlog:cds+dynamic=off"
    t=$(timed java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC $cds ${OPSCTL_COLD_JAVA_OPTS:-} -jar "$jar" plan "$playbook" -i "$work/inventory.ini" --known-hosts "$work/known_hosts" $stats)
    echo "${t% *}" >> "$work/times.$(echo "$a" | md5sum | cut -c1-8)"
    echo "${t#* }" >> "$work/cpu.$(echo "$a" | md5sum | cut -c1-8)"
    line="$line  $(basename "$a") $t"
  done
  echo "$line"
done
fm=$(echo "$floor" | median)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median ssh true: $fm s"
for a in $archives; do
  m=$(median < "$work/times.$(echo "$a" | md5sum | cut -c1-8)")
  c=$(median < "$work/cpu.$(echo "$a" | md5sum | cut -c1-8)")
  echo "median opsctl plan ($(basename "$a")): $m s = $(echo "scale=2; $m / $fm" | bc)x ssh true; CPU $c s"
done
[ -z "$stats" ] || cat "$work/last.out"
