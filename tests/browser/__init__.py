"""Real-browser tests of the built site; helpers in harness.py."""
