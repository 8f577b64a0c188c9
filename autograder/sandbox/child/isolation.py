"""The child's own isolation through the kernel (ctypes on libc: prctl, unshare, mount,
capset, Landlock's system calls). Loaded in the child as ``_scratchnet_isolation``.

A warm child (forked by a zygote under bubblewrap, see ``zygote.py`` here) enters fresh
namespaces itself before any student code runs (``isolate``, ``drop_privileges``).

Without bubblewrap the child confines itself with what the kernel offers any user: a
network namespace of its own (nothing but a loopback that is not the grader's; made in a
new user namespace when not root) and a Landlock ruleset under which it can write only
beneath its scratch folder (and to /dev/null), and, where the kernel has the scope, reach
no abstract unix socket outside its own. ``CONFINED`` says what took effect; the grader
reports it and refuses to grade where nothing did (see sandbox.confinement).

ctypes is imported only when one of these runs (it costs a few ms to import).
"""

import os

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 4, 24, 36, 38
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 0x2, 0x4, 0x4000, 0x40000


def prctl(option: int, value: int) -> None:
    """prctl(option, value), ignoring failure."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _libc():
    import ctypes

    return ctypes, ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        import ctypes

        raise OSError(ctypes.get_errno(), f"{what} failed")


# ----------------------------------------------------------------------------- warm children

def isolate(workspace_bytes: int) -> None:
    """Enter fresh namespaces with a private /sandbox (in the process that will fork PID 1)."""
    _ctypes, libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET
                        | CLONE_NEWIPC | CLONE_NEWUTS), "unshare")
    _map_to_self(uid, gid)
    _check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "making / private")
    options = f"size={workspace_bytes},mode=0755".encode()
    _check(libc.mount(b"tmpfs", b"/sandbox", b"tmpfs", MS_NOSUID | MS_NODEV, options),
           "mounting /sandbox")
    if os.path.isdir("/dev/shm"):
        _check(libc.mount(b"tmpfs", b"/dev/shm", b"tmpfs", MS_NOSUID | MS_NODEV,
                          b"size=1048576"), "mounting /dev/shm")


def drop_privileges() -> None:
    """No capabilities (not even in our own user namespace) and no way to gain any."""
    ctypes, libc = _libc()
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    for cap in range(64):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            break
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this pid
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable (x2): all empty
    _check(libc.capset(header, data), "capset")


def _map_to_self(uid: int, gid: int) -> None:
    """In a new user namespace: the same user and group inside as outside, no setgroups."""
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                       ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as handle:
            handle.write(text)


# ----------------------------------------------------------------------------- confinement

CONFINED: list = []
LANDLOCK_CREATE_RULESET, LANDLOCK_ADD_RULE, LANDLOCK_RESTRICT_SELF = 444, 445, 446
LANDLOCK_CREATE_RULESET_VERSION, LANDLOCK_RULE_PATH_BENEATH = 1, 1
#: Landlock's write rights by the ABI that brought them: make, remove, write, refer, truncate.
FS_WRITE = {1: 0b1_1111_1111_0010, 2: 1 << 13, 3: 1 << 14}
FS_FILE_WRITE = (1 << 1) | (1 << 14)  # WRITE_FILE, TRUNCATE: the rights a file rule may hold
NET_TCP = 0b11  # BIND_TCP, CONNECT_TCP (ABI 4)
SCOPES = 0b01  # abstract unix sockets outside the domain (ABI 6); signals stay as the
#              hostile tests expect them (the decoy and the supervisor answer those)


def confine(scratch: str) -> None:
    """Enter a network namespace and restrict writes to ``scratch``; record what worked."""
    steps = (("network namespace", _own_network), ("landlock", lambda: _landlock(scratch)))
    for name, step in steps:
        try:
            step()
            CONFINED.append(name)
        except OSError:
            pass


def _own_network() -> None:
    libc = _libc()[1]
    uid, gid = os.getuid(), os.getgid()
    if uid == 0:
        _check(libc.unshare(CLONE_NEWNET), "unshare")
        return
    _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNET), "unshare")
    _map_to_self(uid, gid)


def _landlock(scratch: str) -> None:
    ctypes, libc = _libc()
    libc.syscall.restype = ctypes.c_long
    abi = libc.syscall(LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                       ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    if abi < 1:
        raise OSError(ctypes.get_errno(), "no landlock")
    fs = sum(bits for version, bits in FS_WRITE.items() if abi >= version)
    fields = [fs, NET_TCP if abi >= 4 else 0, SCOPES if abi >= 6 else 0]
    size = 8 * (3 if abi >= 6 else 2 if abi >= 4 else 1)
    attr = (ctypes.c_uint64 * 3)(*fields)
    ruleset = libc.syscall(LANDLOCK_CREATE_RULESET, attr, ctypes.c_size_t(size),
                           ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for path, rights in ((scratch, fs), ("/dev/null", fs & FS_FILE_WRITE)):
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            try:
                rule = (ctypes.c_uint8 * 12)()
                ctypes.memmove(rule, ctypes.byref(ctypes.c_uint64(rights)), 8)
                ctypes.memmove(ctypes.byref(rule, 8), ctypes.byref(ctypes.c_int32(fd)), 4)
                if libc.syscall(LANDLOCK_ADD_RULE, ctypes.c_int(ruleset),
                                ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH), rule,
                                ctypes.c_uint32(0)) != 0:
                    raise OSError(ctypes.get_errno(), "landlock_add_rule failed")
            finally:
                os.close(fd)
        prctl(PR_SET_NO_NEW_PRIVS, 1)
        if libc.syscall(LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)
