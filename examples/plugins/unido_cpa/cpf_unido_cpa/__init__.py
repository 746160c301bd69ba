"""UNEP/UNIDO cleaner production assessment (6 steps, 18 tasks) — an external cpframework plugin."""
