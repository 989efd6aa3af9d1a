"""Tests of the dossier site generator."""
