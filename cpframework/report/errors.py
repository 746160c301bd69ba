"""Errors of the report engine; every message is Chinese and can be shown by the CLI as is."""


class ReportError(Exception):
    """报告无法生成（输出已存在、渲染函数出错、文件损坏等）。"""


class ProfileError(ReportError, ValueError):
    """排版配置或报告提纲文件有误；消息中写明文件和键路径。"""

    def __init__(self, file, keypath: str, message: str):
        self.file = str(file)
        self.keypath = keypath
        where = f"{self.file} 中的 {keypath}" if keypath else self.file
        super().__init__(f"配置文件 {where}：{message}")
