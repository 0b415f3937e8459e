"""Use cases: the only code that writes to the store; Qt-free."""
