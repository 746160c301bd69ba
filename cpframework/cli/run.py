"""Running ``cpaudit``: the only place that decides exit codes and where a traceback may go.

Exit codes: 0 success; 1 data problems found (or a plugin/definition error, a file that cannot be
read); 2 usage error (wrong arguments, unknown standard, output exists without --force, interrupted);
3 internal error — a bug: a short message on screen and the full traceback in a log file.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_CODES = (EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user errors become Chinese messages and exit codes, never tracebacks."""
    try:
        from cpframework.cli.commands import cli

        rv = cli.main(args=argv, prog_name="cpaudit", standalone_mode=False)
        return rv if isinstance(rv, int) else EXIT_OK
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.UsageError as exc:
        _show_usage_error(exc)
        return EXIT_USAGE
    except click.ClickException as exc:
        from cpframework.cli.zh import message

        click.secho(f"错误：{message(exc)}", fg="red", err=True)
        return EXIT_USAGE
    except click.Abort:
        click.echo("已中止。", err=True)
        return EXIT_USAGE
    except SystemExit as exc:
        return _exit_code(exc.code)
    except KeyboardInterrupt:
        click.echo("已中断（输出文件未改动）。", err=True)
        return EXIT_USAGE
    except BrokenPipeError:
        raise  # handled by entry(): the reader of our output went away
    except Exception as exc:  # a bug: keep the traceback out of the user's face, but keep it
        from cpframework.errors import CpfError  # here, not at start-up (it imports attrs)

        if isinstance(exc, CpfError):  # a user error: its Chinese message and exit code
            click.secho(f"错误：{exc}", fg="red", err=True)
            return exc.exit_code if exc.exit_code in EXIT_CODES else EXIT_PROBLEMS
        if isinstance(exc, OSError) and exc.filename:  # a file the user named cannot be read
            from cpframework.io.oserror import os_error_text

            click.secho(f"错误：无法访问 {exc.filename}：{os_error_text(exc)}", fg="red", err=True)
            return EXIT_PROBLEMS
        return _internal_error(exc)



def _show_usage_error(exc: click.UsageError) -> None:
    """Usage line, where to find help, then the error — all in Chinese (see :mod:`cpframework.cli.zh`)."""
    from cpframework.cli.zh import message

    if type(exc).__name__ == "NoArgsIsHelpError":  # bare `cpaudit` / `cpaudit calc`: the help itself
        click.echo(exc.format_message(), err=True)
        return
    ctx = exc.ctx
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        click.echo(f"运行“{ctx.command_path} --help”查看说明和示例。", err=True)
    click.secho(f"错误：{message(exc)}", fg="red", err=True)


def _exit_code(code: Any) -> int:
    """``sys.exit`` from a command (ours or a plugin's): only the documented codes leave the process."""
    if code is None:
        return EXIT_OK
    if isinstance(code, int) and not isinstance(code, bool):
        return code if code in EXIT_CODES else EXIT_PROBLEMS
    click.echo(str(code), err=True)
    return EXIT_PROBLEMS


def _internal_error(exc: BaseException) -> int:
    import tempfile
    import traceback

    log = Path(os.environ.get("CPF_LOG_DIR", tempfile.gettempdir())) / "cpaudit-error.log"
    try:
        log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        where = f"完整的错误信息已写入 {log}"
    except OSError:
        where = "（无法写入错误日志）"
    click.secho(f"内部错误：{type(exc).__name__}: {exc}\n这是 cpaudit 的缺陷，不是您的数据问题。{where}，请附上它报告问题。",
                fg="red", err=True)
    return EXIT_INTERNAL


def entry() -> None:
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # `cpaudit evaluate … | head`: the reader went away, not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_OK
    sys.exit(code)
