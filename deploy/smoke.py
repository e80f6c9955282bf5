"""What an operator does first with an installed rtwbot, from an empty folder: `db upgrade`,
`doctor` (against a loopback Slack sandbox: every check passes), and `demo`. Run with the
installed interpreter (CI: after deploy/install.sh); exits non-zero on the first failure.

    /opt/rtwbot/bin/python deploy/smoke.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

DIRECTORY = """\
employer:
  name: Smoke Test Employer
  workers: 40
hr: [U0HR]
divisions:
  - name: Parks
    hr_reps: [U0HR]
"""


def main() -> int:
    from rtwbot.sandbox import Sandbox
    from rtwbot.store.crypto import generate_key

    rtwbot = str(Path(sys.executable).with_name("rtwbot"))
    with tempfile.TemporaryDirectory(prefix="rtwbot-smoke-") as folder, \
            Sandbox(signing_secret="smoke-secret", bot_token="xoxb-smoke") as slack:
        here = Path(folder)
        (here / "directory.yaml").write_text(DIRECTORY)
        env = {**os.environ, "RTWBOT_DATABASE_URL": f"sqlite:///{here / 'rtwbot.db'}",
               "RTWBOT_ENCRYPTION_KEY": generate_key(), "RTWBOT_DIRECTORY": "directory.yaml",
               "SLACK_BOT_TOKEN": slack.bot_token, "SLACK_SIGNING_SECRET": "smoke-secret",
               "RTWBOT_SLACK_API_URL": slack.api_url}
        for args in (["db", "upgrade"], ["doctor"], ["demo", "--out", "demo"]):
            done = subprocess.run([rtwbot, *args], cwd=here, env=env, capture_output=True,
                                  text=True, timeout=600)
            print(f"$ rtwbot {' '.join(args)}: exit {done.returncode}")
            if done.returncode != 0:
                print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
                return 1
        made = sorted(p.name for p in (here / "demo").iterdir())
        print(f"demo wrote {len(made)} file(s), e.g. {made[:3]}")
        if "transcript.html" not in made:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
