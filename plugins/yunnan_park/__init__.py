"""T/YSES（编制说明）《产业园区清洁生产审核指南》— cpframework plugin."""
