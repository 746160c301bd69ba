"""报告引擎：按标准的排版配置与报告提纲生成 Word 报告。

Kept light on purpose: importing the package loads nothing heavy. Import the submodules you need::

    from cpframework.report.profile import load_profile
    from cpframework.report.outline import load_report_kind
    from cpframework.report.build import build_report
    from cpframework.report.writer import DocxReportWriter   # implements protocol.ReportWriter

Records (``ReportKind``, ``OutlineNode`` …) are in :mod:`cpframework.report.model`; plugins import
them, the ``ReportWriter`` Protocol and the chart builders from :mod:`cpframework.api`.
"""
from cpframework.errors import ProfileError, ReportError

__all__ = ["ReportError", "ProfileError"]
