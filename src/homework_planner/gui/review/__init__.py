"""Reviewing homework and progress over time: the review form, the chart and the timeline."""
