"""Understanding people as they speak: what a message asks for, and the words that answer
any question ("not sure", "yes" to "Did you mean …?", "forty"). Pure; it knows nothing of
Slack, the store or the report's questions (the intake reads its answers with its own
parsers, through this layer's words).

- `front_door.understand`: a first message's intents (report, ask, small talk, help, …);
- `injury.injury_in`: whether, and how surely, a message says someone was hurt or fell ill;
- `answer_words`: the answer words every question shares;
- `entities`: the spans of a first message that may answer a question (who, when, where,
  body part), for the questions' own parsers to read;
- `words`, `vocabulary`: the words, built from `rtwbot.domain.wsib_terms`.
"""

from rtwbot.understanding.front_door import Understanding, understand
from rtwbot.understanding.injury import Injury, injury_in

__all__ = ["Injury", "Understanding", "injury_in", "understand"]
