"""Long work (report generation, screening) off the request path: one worker thread runs the jobs in
order, each job records its stage and progress for the polling progress page.

One worker, not a pool: matplotlib's pyplot (used by the report and the screening charts) is not safe
to use from several threads at once, and the machine a consultant works on is a laptop."""
from __future__ import annotations

import logging
import queue
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from typing import Any

import attrs

from cpframework.errors import CpfError

log = logging.getLogger("cpframework.web")


@attrs.define
class Job:
    id: str
    kind: str                        # "report" | "screen"
    title: str
    state: str = "queued"            # queued | running | done | failed
    stage: str = "排队等候"
    fraction: float | None = None    # 0..1 when known
    result: Any = None
    error: str = ""
    started: float = attrs.field(factory=time.time)
    finished: float | None = None
    owner: str = ""                  # the project folder (report) or "" (screening)

    @property
    def running(self) -> bool:
        return self.state in ("queued", "running")

    def progress(self, stage: str | None = None, fraction: float | None = None) -> None:
        if stage is not None:
            self.stage = stage
        if fraction is not None:
            self.fraction = max(0.0, min(1.0, float(fraction)))


class Worker:
    def __init__(self, keep: int = 50):
        self.jobs: dict[str, Job] = {}
        self._queue: queue.Queue = queue.Queue()
        self._keep = keep
        self._thread = threading.Thread(target=self._run, name="cpaudit-web-worker", daemon=True)
        self._thread.start()

    def submit(self, kind: str, title: str, func: Callable[[Job], Any], owner: str = "") -> Job:
        job = Job(id=uuid.uuid4().hex[:12], kind=kind, title=title, owner=owner)
        self.jobs[job.id] = job
        self._trim()
        self._queue.put((job, func))
        return job

    def ahead_of(self, job: Job) -> int:
        return sum(1 for j in self.jobs.values() if j.state == "queued" and j.started < job.started)

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def latest(self, kind: str, owner: str = "") -> Job | None:
        found = [j for j in self.jobs.values() if j.kind == kind and j.owner == owner]
        return max(found, key=lambda j: j.started) if found else None

    def _trim(self) -> None:
        done = sorted((j for j in self.jobs.values() if not j.running), key=lambda j: j.started)
        for j in done[: max(0, len(done) - self._keep)]:
            self.jobs.pop(j.id, None)

    def _run(self) -> None:
        while True:
            job, func = self._queue.get()
            job.state, job.stage = "running", "开始"
            try:
                job.result = func(job)
                job.state, job.stage, job.fraction = "done", "完成", 1.0
            except CpfError as exc:
                job.state, job.error = "failed", str(exc)
            except Exception as exc:  # a bug: a short message for the page, the traceback for the log
                job.state = "failed"
                job.error = (f"内部错误：{type(exc).__name__}: {exc}。这是 cpaudit 的缺陷，不是您的数据问题；"
                             f"完整信息见启动服务的终端窗口，请附上它报告问题。")
                log.error("任务 %s 出错：\n%s", job.title, traceback.format_exc())
            finally:
                job.finished = time.time()
