#!/bin/sh
# The training run for the class-data archive (AppCDS): one `opsctl plan` of train.yml whose classes the archive keeps,
# so later runs start faster. Used by the build (pom.xml, cds-archive) and by `bin/opsctl install`.
#   train.sh ARCHIVE JAR
# Where sshd exists, the plan goes to a throwaway sshd on 127.0.0.1 (a temporary host key, a temporary client key
# authorized only for this user, a free port, stopped when the run ends): the archive then holds what a real run
# loads on its way to a host (sshj, the key exchange and its crypto, the key file, the fact exec and its parsing).
# Without sshd (or if it does not come up) the plan connects to a closed port instead, loading the SSH classes up to
# the failed connect. Every wait is bounded; exit 0 unless the training run itself failed.
set -u
archive=$1
jar=$2
java=${JAVA:-java}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/opsctl-training.XXXXXX") || exit 1
sshd_pid=""
cleanup() {
  if [ -n "$sshd_pid" ]; then kill "$sshd_pid" 2>/dev/null; wait "$sshd_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

inventory="$here/inventory.ini"
known_hosts="$work/known_hosts"

# Starts sshd on a random free port of 127.0.0.1; sets sshd_pid and port, or fails.
start_sshd() {
  # OPSCTL_TRAINING_SSHD names the sshd to use; "none" trains without one (as on a machine without it).
  sshd=${OPSCTL_TRAINING_SSHD:-$(command -v sshd || ls /usr/sbin/sshd /usr/local/sbin/sshd 2>/dev/null | head -n 1)}
  [ "$sshd" != none ] || return 1
  [ -n "$sshd" ] && [ -x "$sshd" ] && command -v ssh-keygen >/dev/null 2>&1 || return 1
  # As root, sshd wants its privilege separation directory, which Debian's service makes at start.
  if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ] && [ -d /run ]; then mkdir -m 0755 /run/sshd 2>/dev/null || return 1; fi
  ssh-keygen -q -t ed25519 -N '' -C opsctl-training -f "$work/host_key" >/dev/null 2>&1 || return 1
  ssh-keygen -q -t ed25519 -N '' -C opsctl-training -f "$work/client_key" >/dev/null 2>&1 || return 1
  cp "$work/client_key.pub" "$work/authorized_keys"
  chmod 600 "$work/authorized_keys"
  user=$(id -un)
  for attempt in 1 2 3 4 5; do
    port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
    cat > "$work/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $port
HostKey $work/host_key
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
AllowUsers $user
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel INFO
CONF
    "$sshd" -D -e -f "$work/sshd_config" >"$work/sshd.log" 2>&1 &
    sshd_pid=$!
    # Up to 5 s for "Server listening", which sshd logs once the port is bound.
    i=0
    while [ $i -lt 50 ]; do
      if grep -q "Server listening on 127.0.0.1 port $port" "$work/sshd.log" 2>/dev/null; then return 0; fi
      kill -0 "$sshd_pid" 2>/dev/null || break
      sleep 0.1
      i=$((i + 1))
    done
    kill "$sshd_pid" 2>/dev/null; wait "$sshd_pid" 2>/dev/null
    sshd_pid=""
  done
  return 1
}

if start_sshd; then
  inventory="$work/inventory.ini"
  printf '%s\n' "# a throwaway sshd of train.sh; localhost plans without SSH" \
    "localhost ansible_connection=local" \
    "trained ansible_host=127.0.0.1 ansible_port=$port ansible_user=$user ansible_ssh_private_key_file=$work/client_key" > "$inventory"
  printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$work/host_key.pub")" > "$known_hosts"
  echo "training against a throwaway sshd on 127.0.0.1:$port"
else
  echo "training without sshd: an SSH connect to a closed port"
fi

# The run writes the list of classes it loaded; a static dump then archives them. A dynamic archive
# (-XX:ArchiveClassesAtExit) would be one step, but JDK 17 leaves out of it every class file older than Java 6, and
# picocli's (about 180 classes on every start) and Jinjava's expression parser are such: this way they are archived.
# Every step is bounded where coreutils' timeout exists.
bounded() { if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift; "$@"; fi; }
bounded 300 "$java" -XX:DumpLoadedClassList="$work/classes.lst" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -jar "$jar" plan "$here/train.yml" -i "$inventory" --known-hosts "$known_hosts" --timeout 10
rc=$?
# A plan exits 2 with changes pending, 4 with a host unreachable (the closed port): both are a finished training run.
case $rc in 0|2|4) ;; *) exit $rc ;; esac
# A run of one command builds only that command's picocli model (cli/Subcommands), so the plan above no longer loads
# the other commands' classes: `--help` builds every command's model, and its classes join the list (apply, reboot,
# ... then start from the archive as plan does). Without it the archive only misses them.
if bounded 120 "$java" -XX:DumpLoadedClassList="$work/help.lst" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -jar "$jar" --help >/dev/null; then
  grep -v '^#' "$work/help.lst" | cat "$work/classes.lst" - | awk '!seen[$0]++' > "$work/all.lst" && mv -f "$work/all.lst" "$work/classes.lst"
fi
# Written beside the archive and renamed into place: no half-written archive at its final name. The class path must
# be the jar's path exactly as `java -jar` will name it, or the JVM ignores the archive.
# Without an archive opsctl only starts slower: a JVM that cannot dump one does not fail the build.
if bounded 600 "$java" -Xshare:dump -XX:SharedClassListFile="$work/classes.lst" -XX:SharedArchiveFile="$archive.tmp" \
  -Xlog:cds=error -cp "$jar"; then
  mv -f "$archive.tmp" "$archive"
else
  rm -f "$archive.tmp" "$archive"
  echo "train.sh: no class-data archive: the dump failed (opsctl runs without one, slower to start)" >&2
fi
