"""Report section renderers of the park standard (附件2) — filled in by the report issue."""
RENDERERS: dict = {}
