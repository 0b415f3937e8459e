"""What leaves the app: handout, monitoring sheet and record PDFs, the note text, .ics reminders."""
