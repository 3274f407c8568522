"""Prospecting campaigns: cadence templates, enrolment, the day's touches and every touch logged.

Qt-free. `queue.touches_due(db, on_date)` is the territory's list of touches to do;
`touches.log_touch` records what happened and moves the campaign on.
"""
