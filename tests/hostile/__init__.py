"""Hostile-input corpus: payloads, YAML cases, and the scanner that proves built pages hold no executable markup."""
