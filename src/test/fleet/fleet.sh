#!/bin/sh
# The test fleet's steps, as docs/test-fleet.md describes them; dev.opsctl.fleet.Fleet drives them, each run as
#   setsid unshare --mount --uts --propagation private sh fleet.sh ...
# so that every mount lives only in that namespace and vanishes with its last process.
#
#   fleet.sh common LAYER PUBKEY      once per fleet: builds LAYER/upper, the changes every host shares (users,
#                                     sudo rules, authorised client key, reboot shims, quiet .bashrc), then exits.
#   fleet.sh host NAME ADDRESS PORT DIR LAYER
#                                     one host: root = DIR/upper (first a copy of LAYER/upper) over the machine's /, its own
#                                     hostname, boot id, boot time and host key, then sshd in the foreground on ADDRESS:PORT.
#                                     DIR holds upper/ work/ root/ hostkey bootid stat. An isolated host (Fleet's
#                                     isolated mode) runs as PID 1 of its own PID namespace, inside a network namespace
#                                     the harness configured (FleetNetwork), and listens on 0.0.0.0:22.
set -eu

# Runs sh code inside the host's root: absolute symlinks (Debian's /usr/sbin/reboot -> /bin/systemctl) then
# resolve within the host and never reach the machine's own files, as writing from outside would.
in_root() {
  root=$1; shift
  chroot "$root" /bin/sh -eu -c "$@"
}

common() {
  LAYER=$1 PUBKEY=$2
  mkdir -p "$LAYER/upper" "$LAYER/work" "$LAYER/root"
  mount -t overlay overlay -o "lowerdir=/,upperdir=$LAYER/upper,workdir=$LAYER/work" "$LAYER/root"
  mount --rbind /proc "$LAYER/root/proc"
  mount --rbind /dev "$LAYER/root/dev"
  mount -t tmpfs tmpfs "$LAYER/root/tmp"
  mount -t tmpfs tmpfs "$LAYER/root/run"
  in_root "$LAYER/root" '
pub=$1
# The machine'"'"'s root .bashrc is slow (pyenv); bash reads it for every command sshd runs.
rm -f /root/.bashrc
printf "# test host\n" > /root/.bashrc
# reboot and friends only record the request; the harness, outside, emulates the reboot.
for c in reboot shutdown halt poweroff; do
  rm -f "/usr/sbin/$c"
  printf "#!/bin/sh\nmkdir -p /var/lib/fleet\necho \"\$(date +%%s) \$0 \$*\" > /var/lib/fleet/reboot-requested\n" > "/usr/sbin/$c"
  chmod 755 "/usr/sbin/$c"
done
useradd -m -s /bin/bash opsuser
useradd -m -s /bin/bash opspass
echo "opspass:opspass-secret-pw" | chpasswd
printf "opsuser ALL=(ALL:ALL) NOPASSWD: ALL\n" > /etc/sudoers.d/fleet-opsuser
printf "opspass ALL=(ALL:ALL) ALL\n" > /etc/sudoers.d/fleet-opspass
chmod 440 /etc/sudoers.d/fleet-opsuser /etc/sudoers.d/fleet-opspass
for home in /root /home/opsuser /home/opspass; do
  mkdir -p "$home/.ssh"
  rm -f "$home/.ssh/authorized_keys"
  printf "%s\n" "$pub" > "$home/.ssh/authorized_keys"
  owner=$(stat -c %U "$home")
  chown -R "$owner:" "$home/.ssh"
  chmod 700 "$home/.ssh"
  chmod 600 "$home/.ssh/authorized_keys"
done
' common "$(cat "$PUBKEY")"
}

# What a booted Debian has under /run before any service starts: the tmpfs systemd mounts on /run/lock (1777;
# /var/lock links there, and init scripts such as apache2's lock in it) and what systemd-tmpfiles creates at boot
# from /usr/lib/tmpfiles.d (/run/sudo, /run/user, /run/utmp, /run/shm, /run/sendsigs.omit.d, ...).
boot_run() {
  in_root "$1" '
install -d -m 1777 /run/lock
if command -v systemd-tmpfiles >/dev/null 2>&1; then
  systemd-tmpfiles --create --boot --prefix=/run --prefix=/var/run --prefix=/var/lock >/dev/null 2>&1 || true
fi
# Made for the boot (systemd-nologin.conf), removed by systemd-user-sessions when it ends: no login for users before.
rm -f /run/nologin
'
}

host() {
  NAME=$1 ADDRESS=$2 PORT=$3 DIR=$4 LAYER=$5
  ROOT=$DIR/root
  # The host's layer starts as a copy of the common one (overlayfs refuses a second lower layer that lies
  # inside the first, /); later starts keep what the host wrote.
  [ -d "$DIR/upper" ] || cp -a "$LAYER/upper" "$DIR/upper"
  mkdir -p "$DIR/work" "$ROOT"
  mount -t overlay overlay -o "lowerdir=/,upperdir=$DIR/upper,workdir=$DIR/work" "$ROOT"
  if [ "$$" = 1 ]; then
    # PID 1 of a PID namespace of its own: a /proc that shows only the host's processes.
    mount -t proc proc "$ROOT/proc"
  else
    mount --rbind /proc "$ROOT/proc"
  fi
  mount --rbind /dev "$ROOT/dev"
  mount -t tmpfs tmpfs "$ROOT/tmp"
  mount -t tmpfs -o mode=755 tmpfs "$ROOT/run"
  boot_run "$ROOT"
  mount --bind "$DIR/bootid" "$ROOT/proc/sys/kernel/random/boot_id"
  mount --bind "$DIR/stat" "$ROOT/proc/stat"
  hostname "$NAME"
  install -m 600 "$DIR/hostkey" "$ROOT/run/hostkey"
  mkdir -p "$ROOT/run/sshd"
  # Idempotent: a restart (emulated reboot) keeps the host's layer. sudo warns when the hostname does not resolve.
  in_root "$ROOT" '
name=$1
printf "%s\n" "$name" > /etc/hostname
grep -q "[[:space:]]$name\$" /etc/hosts || printf "127.0.1.1\t%s\n" "$name" >> /etc/hosts
' host "$NAME"
  exec chroot "$ROOT" /usr/sbin/sshd -D -e -p "$PORT" -o ListenAddress="$ADDRESS" -o HostKey=/run/hostkey \
    -o PidFile=/run/sshd.pid -o MaxStartups=200 -o MaxSessions=100
}

case "${1:-}" in
  common|host) "$@" ;;
  *) echo "usage: fleet.sh common LAYER PUBKEY | fleet.sh host NAME ADDRESS PORT DIR LAYER" >&2; exit 2 ;;
esac
