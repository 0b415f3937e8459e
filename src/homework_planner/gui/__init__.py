"""The PySide6 user interface: thin, it edits domain objects and asks the core to do the work."""
