"""Select events and build the facts model of a selection, the one thing every renderer reads.

Second stage: selection, per-event figures, series, the time axis and the swimlane layout.
"""
