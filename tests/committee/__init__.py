"""Tests of the buying-committee map: core rules, imports, the editor and its exports."""
