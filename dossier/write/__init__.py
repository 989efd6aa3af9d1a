"""Write: rendered files put on disk atomically, their links checked, the offline zip made.

`atomic` writes files and swaps folders in one rename under a lock; `outputs` hands
rendered files to a folder or to memory; `linkcheck` checks every link and anchor;
`ziparchive` writes a byte-reproducible zip.
"""
