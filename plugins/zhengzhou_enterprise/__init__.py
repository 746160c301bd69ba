"""DB4101/T 61—2023《工业企业清洁生产审核 报告编制技术规范》— cpframework plugin."""
