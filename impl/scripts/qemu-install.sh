#!/usr/bin/env bash
# Installs a real QEMU for `./migspec qemu`, from Debian's packages only.  Idempotent.
#
#   qemu-install.sh 7.2  [--check]   Debian bookworm's qemu-system-x86 and qemu-utils (the host's apt)
#   qemu-install.sh 11.1 [--check]   Debian unstable's, in a chroot at $MIGSPEC_SID_ROOT
#                                    (default /var/lib/migspec/qemu-sid), with /tmp, /proc and /dev
#                                    bind-mounted so that QEMU in the chroot sees the harness's files
#
# --check only says whether it is installed (exit 0) or not (exit 1, with the reason).
# Exit 2: cannot install here (not root, no apt-get/debootstrap), with a one-line reason.
set -euo pipefail
which="${1:-}"; check="${2:-}"
sid_root="${MIGSPEC_SID_ROOT:-/var/lib/migspec/qemu-sid}"

die() { echo "qemu-install: $*" >&2; exit 2; }
need_root() { [ "$(id -u)" = 0 ] || die "installing QEMU $which needs root (apt-get/debootstrap); run as root, or opt out with MIGSPEC_NO_QEMU=1"; }

mounted() { mountpoint -q "$1" 2>/dev/null; }

case "$which" in
  7.2)
    if command -v qemu-system-x86_64 >/dev/null && command -v qemu-img >/dev/null \
       && qemu-system-x86_64 --version | grep -q 'version 7\.2\.'; then
      exit 0
    fi
    [ "$check" = --check ] && { echo "QEMU 7.2 is not installed (make qemu-7.2)"; exit 1; }
    need_root
    command -v apt-get >/dev/null || die "no apt-get: QEMU 7.2 comes from Debian bookworm's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends qemu-system-x86 qemu-utils >/dev/null
    qemu-system-x86_64 --version | head -1
    ;;
  11.1)
    ok=1
    [ -x "$sid_root/usr/bin/qemu-system-x86_64" ] || ok=0
    if [ $ok = 1 ]; then
      for m in tmp proc dev; do mounted "$sid_root/$m" || ok=0; done
    fi
    [ $ok = 1 ] && exit 0
    [ "$check" = --check ] && { echo "QEMU 11.1 chroot at $sid_root is not ready (make qemu-sid)"; exit 1; }
    need_root
    if [ ! -x "$sid_root/usr/bin/qemu-system-x86_64" ]; then
      if ! command -v debootstrap >/dev/null; then
        command -v apt-get >/dev/null || die "no debootstrap and no apt-get to install it"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >/dev/null
      fi
      rm -rf "$sid_root.partial"
      mkdir -p "$(dirname "$sid_root")"
      # a partial tree never passes for a finished one: build aside, then rename
      debootstrap --variant=minbase --include=qemu-system-x86,qemu-utils sid "$sid_root.partial" >/dev/null \
        || die "debootstrap of Debian unstable failed (see $sid_root.partial/debootstrap/debootstrap.log)"
      mv "$sid_root.partial" "$sid_root"
    fi
    mounted "$sid_root/tmp"  || mount --bind /tmp "$sid_root/tmp"
    mounted "$sid_root/proc" || mount -t proc proc "$sid_root/proc"
    mounted "$sid_root/dev"  || mount --bind /dev "$sid_root/dev"
    chroot "$sid_root" /usr/bin/qemu-system-x86_64 --version | head -1
    ;;
  *)
    echo "usage: qemu-install.sh 7.2|11.1 [--check]" >&2; exit 2 ;;
esac
