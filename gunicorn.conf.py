"""gunicorn's settings for the portal (`make serve`, and production: docs/operations.md).

Read from the environment, as the portal's settings are:
- WEB_CONCURRENCY: worker processes [2 per CPU core, plus one];
- GUNICORN_TIMEOUT: seconds a request may take before its worker is restarted
  [REPORT_RENDER_TIMEOUT_SECONDS + 30, so that a report's rendering, which has its own time
  limit, ends before the worker is killed];
- GUNICORN_BIND: the address [127.0.0.1:8000].
"""

import multiprocessing
import os


def _env(name, default):
    value = os.environ.get(name, "").strip()
    return value or default


wsgi_app = "sesn_portal.wsgi:application"
bind = _env("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(_env("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(_env("GUNICORN_TIMEOUT", float(_env("REPORT_RENDER_TIMEOUT_SECONDS", 120)) + 30))
graceful_timeout = 30
accesslog = "-"
errorlog = "-"
