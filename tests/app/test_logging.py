"""Raw text never reaches the logs: exception messages are dropped, tracebacks keep frames."""

import logging

from safepost.app.lib.logsafe import PhiSafeFilter


def test_exception_messages_are_removed_from_log_records(caplog):
    logger = logging.getLogger("safepost.test")
    handler = logging.StreamHandler()
    handler.addFilter(PhiSafeFilter())
    records = []
    handler.emit = lambda record: records.append(handler.format(record))
    logger.addHandler(handler)
    try:
        try:
            raise ValueError("Maria Lopez, SSN 123-45-6789, had surgery")
        except ValueError:
            logger.exception("scan failed for %s", "/api/v1/scan")
    finally:
        logger.removeHandler(handler)
    (line,) = records
    assert "scan failed for /api/v1/scan" in line
    assert "test_logging.py" in line and "builtins.ValueError: <message removed>" in line
    assert "Maria" not in line and "123-45-6789" not in line
