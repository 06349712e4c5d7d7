# Writes the sandbox's seccomp filter (classic BPF, for bubblewrap --seccomp) with libseccomp's own Python
# bindings (Debian package python3-seccomp). Usage: python3 seccomp-filter.py OUTPUT_FILE
# Everything is allowed except the calls below; docs/sandbox.md says why each one is denied.
import errno
import sys

import seccomp

DENIED = [
    # watching or changing other processes
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    # file systems and namespaces: the sandbox's view of the system is fixed before the program starts
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "mount_setattr", "move_mount",
    "open_tree", "fsopen", "fsconfig", "fsmount", "fspick", "open_by_handle_at", "name_to_handle_at",
    # kernel key rings, BPF programs, performance counters, kernel modules, reboots, swap, accounting
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "kexec_load", "kexec_file_load",
    "init_module", "finit_module", "delete_module", "reboot", "swapon", "swapoff", "acct", "quotactl",
    "quotactl_fd", "lookup_dcookie", "syslog", "uselib", "vhangup",
    # clocks that belong to the whole machine
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
    # I/O ports, page-fault handlers and io_uring: large kernel surface, no use to a contest program
    "iopl", "ioperm", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "fanotify_init",
]

# CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET
NEW_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000


def main(output):
    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in DENIED:
        try:
            rules.add_rule(seccomp.ERRNO(errno.EPERM), name)
        except (RuntimeError, ValueError):
            pass  # a call this kernel or architecture does not have
    # clone with a new-namespace flag is refused; clone3 hides its flags in memory a filter cannot read, so it
    # answers "not implemented" and the C library falls back to clone, which the rule above checks
    for flag in (1 << bit for bit in range(32) if NEW_NAMESPACE_FLAGS & (1 << bit)):
        rules.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    with open(output, "wb") as out:
        rules.export_bpf(out)


if __name__ == "__main__":
    main(sys.argv[1])
