"""The program's rules as pure functions: no I/O, no Slack, no SQL.

Modules: rules (every number, with its source), calendar (business days and working
hours), reporting (WSIB Form 7 and OHSA notices), policies (what is cited), stages (case
life cycle), accommodation (plan order and placement hierarchy), wages (pay rules),
reemployment (WSIA s.41).
"""
