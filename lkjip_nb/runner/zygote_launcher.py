"""Kernel command that asks the zygote for a kernel.

``python -I -S zygote_launcher.py SOCKET ARGV`` (ARGV: ``-f <connection file>``).

jupyter_client starts this script as "the kernel" (it is the process it signals, waits for and
kills). The script sends ``ARGV``, its cwd, its environment and its
stdin/stdout/stderr to the zygote (:mod:`lkjip_nb.runner.zygote_server`), which forks the real
kernel. Then it stays in between:

* interrupt / terminate / hang-up signals it receives are passed on to the kernel;
* it exits with the kernel's exit code (128 + N when the kernel died of signal N);
* when it is killed (SIGKILL), the zygote sees the connection close and kills the kernel.

Run by path with ``-I -S``: standard library only, no package import, a few ms to start.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import struct
import sys

FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1,
             signal.SIGUSR2)


def request_kernel(sock: socket.socket, argv: list[str]) -> None:
    """Send the request with this process's stdio attached."""
    payload = json.dumps({"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
    socket.send_fds(sock, [struct.pack("!I", len(payload)) + payload], [0, 1, 2])


def main(argv: list[str]) -> int:
    """Ask for a kernel, forward signals, return its exit code."""
    path, kernel_argv = argv[0], argv[1:]
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
        request_kernel(sock, kernel_argv)
    except OSError as exc:
        print(f"lkjip zygote launcher: {exc}", file=sys.stderr)
        return 1

    def forward(signum: int, _frame: object) -> None:
        with contextlib.suppress(OSError):
            sock.sendall(f"signal {signum}\n".encode())

    for sig in FORWARDED:
        signal.signal(sig, forward)
    for line in sock.makefile("rb"):
        word, _, value = line.decode().strip().partition(" ")
        if word == "exit":
            code = int(value)
            return code if code >= 0 else 128 - code
    return 1  # the zygote went away without a word


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
