"""T/CPPC XXXX-2023《工业园区清洁生产审核指南》— the industrial-park standard plugin for cpframework."""
