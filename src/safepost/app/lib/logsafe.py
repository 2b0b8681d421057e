"""Keep submitted text out of the logs.

Exception messages can quote their input (a parser error that repeats the text, a database
error that repeats a value). `PhiSafeFilter` rewrites every record that carries an exception
so that the traceback keeps its frames (file, line, function) and the exception's type, but
drops the exception's message and the source lines. Request logs name only the path.
"""

from __future__ import annotations

import logging
import traceback


def safe_traceback(exc: BaseException) -> str:
    lines = ["Traceback (most recent call last; messages removed):"]
    for fs in traceback.extract_tb(exc.__traceback__):
        lines.append(f'  File "{fs.filename}", line {fs.lineno}, in {fs.name}')
    lines.append(f"{type(exc).__module__}.{type(exc).__qualname__}: <message removed>")
    return "\n".join(lines)


class PhiSafeFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            record.msg = f"{record.getMessage()}\n{safe_traceback(exc)}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        # django.request attaches the request object; never format it
        if hasattr(record, "request"):
            record.request = None
        return True
