"""Homework Planner: clear, specific CBT homework, written in session and printed for the client."""

from __future__ import annotations

__version__ = "0.1.0"
APP_ID = "org.homeworkplanner.HomeworkPlanner"
APP_NAME = "Homework Planner"
