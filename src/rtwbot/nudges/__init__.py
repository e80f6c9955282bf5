"""Deadline nudges: what a case calls for (`catalogue`, pure), the rows that hold them
(`service`), and the dispatcher that sends each once in working hours (`dispatcher`,
ticked by `scheduler`; Slack specifics in `slack_send`)."""
