"""T/CPPC XXXX-2024《行业整体清洁生产审核指南》— cpframework plugin."""
