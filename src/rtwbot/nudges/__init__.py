"""Deadline nudges: what a case calls for (`catalogue`, pure, which puts together `kinds`,
`specs`, `reporting`, `law`, `program`, `modified_work` and `escalation`), the rows that hold
them (`service`), and the dispatcher that writes each once, in working hours, to the outbox
(`dispatcher`, with `claims` and `escalator`; ticked by `scheduler`; Slack specifics in
`rtwbot.slack.nudge_send` and `rtwbot.slack.nudge_outbox`)."""
