"""This process's name in leases: who claimed a row (a leaf module, imported by every
part that claims work)."""

from __future__ import annotations

import os
import socket
import uuid


def worker_id() -> str:
    # Unique per process start: a restarted process must not inherit its predecessor's
    # leases (it cannot know what that one posted).
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
