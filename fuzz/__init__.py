"""Fuzzing `extractor.extract` (and the rules after it) on mutated PDFs and texts: see fuzz/README.md."""
