"""Named crash points for the crash tests: with RTWBOT_CRASH_AT=<name> in its environment,
the process ends at once (as `kill -9` would) when it reaches that point. Unset: nothing.

Points: "after_ack" (a delivery is in the inbox, nothing processed), "before_post" (the
state and the reply are committed, nothing posted), "mid_upload" (files uploaded to Slack,
the upload not completed), "after_upload" (the upload completed, the row not yet marked),
"after_post" (Slack accepted a post or upload, the row not yet marked),
"after_thread_commit" (an IMWT thread claimed, its parent, pin and invitation in the outbox,
nothing in Slack yet).
"""

from __future__ import annotations

import os
import signal
import sys
import time

# Under gunicorn a crashed worker is replaced by the master: a crash of "the bot" is the
# master's too, so the master's pid is kept here (set by `rtwbot serve --http`).
SERVER_PID_VARIABLE = "RTWBOT_SERVER_PID"


def crash_point(name: str, wait: float = 0.0) -> None:
    """`wait`: real seconds first, for a point reached while another thread finishes (the
    HTTP answer of an ack)."""
    if os.environ.get("RTWBOT_CRASH_AT") == name:
        time.sleep(wait)
        sys.stderr.write(f"rtwbot: crash point {name}\n")
        sys.stderr.flush()
        server = os.environ.get(SERVER_PID_VARIABLE, "")
        if server.isdigit() and int(server) != os.getpid():
            os.kill(int(server), signal.SIGKILL)  # the whole server, as `kill -9` would
        os._exit(137)
