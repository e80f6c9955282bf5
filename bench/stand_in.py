"""The Slack stand-in of bench/ack.py, in a process of its own: the sandbox's Web API that
both apps post their replies to. The timed client (bench/ack.py) is another process, so
answering the apps' calls never competes with timing their acks.

It writes its workspace (API URL, users, their DM channels, a DM event envelope to copy)
as one JSON line on stdout, then answers commands on stdin, one per line:
  count           -> how many chat.postMessage calls succeeded so far
  replies         -> [[channel, unix time], ...] of every successful chat.postMessage
  quit
"""

from __future__ import annotations

import json
import sys

from rtwbot.sandbox import Sandbox


def main() -> None:
    secret, senders = sys.argv[1], int(sys.argv[2])
    with Sandbox(signing_secret=secret, bot_token="xoxb-bench", delivery_timeout=30) as sb:
        users = [sb.add_user(f"bench{i:03d}", real_name=f"Bench {i}") for i in range(senders)]
        sb.request_url = "http://127.0.0.1:9/slack/events"  # nowhere: only the body is kept
        template = json.loads(sb.dm(users[0], "hello").body)
        info = {"api_url": sb.api_url, "bot_token": sb.bot_token,
                "users": [[u, sb.dm_channel(u)] for u in users], "envelope": template}
        print(json.dumps(info), flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "count":
                print(sum(1 for c in sb.calls("chat.postMessage") if c.ok), flush=True)
            elif command == "replies":
                print(json.dumps([[c.args.get("channel"), c.at]
                                  for c in sb.calls("chat.postMessage") if c.ok]), flush=True)
            elif command == "quit":
                break


if __name__ == "__main__":
    main()
