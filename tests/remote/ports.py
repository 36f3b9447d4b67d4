"""free_port(): a TCP port on 127.0.0.1 nobody listens on, for the servers tests/remote start."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port the kernel just gave out and closed again: free unless another process takes it first."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
