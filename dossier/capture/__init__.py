"""Capture: sources taken from the web or a file, the only code that touches the network.

An adapter, imported by the command line alone: `add-source` fetches (`fetch`), extracts
(`extract`) and archives a source (`add`), `cite` finds words in a source's text as validation
does (`cite`), and `check-sources` fetches sources again to report what rotted (`check`).
"""
