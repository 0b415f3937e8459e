"""One dialog per module; each has a classmethod that runs it and returns the result."""
