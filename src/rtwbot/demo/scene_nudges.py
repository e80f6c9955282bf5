"""Time passes: the Form 7 reminder goes out in working hours, then escalates when ignored."""

from datetime import timedelta

from rtwbot.demo.runner import Scene, Stage


def _next_morning(stage: Stage) -> None:
    clock = stage.pg.sandbox.clock
    tz = stage.pg.bot.calendar.tz
    local = clock.datetime().astimezone(tz)
    tomorrow_9 = (local + timedelta(days=1)).replace(hour=9, minute=5, second=0, microsecond=0)
    clock.set(tomorrow_9)


def reminder(stage: Stage) -> None:
    stage.pg.bot.tick()
    stage.pg.settle()


def escalation(stage: Stage) -> None:
    _next_morning(stage)
    stage.pg.bot.tick()
    stage.pg.settle()


SCENES = [
    Scene("The scheduler's tick: the Form 7 and OHSA reminders go out", reminder),
    Scene("Nobody pressed Done: the next morning it escalates", escalation),
]
