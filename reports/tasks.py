"""The report workers' task (Celery, core/tasks_app.py): render one workshop's report.

Queued by `reports.services._queue_rendering` when settings.CELERY_BROKER_URL is set."""

from core.tasks_app import app

from .services import report_render_queued


@app.task(name="reports.render_report", ignore_result=True)
def render_report(workshop_pk, *, stamp="", force=False):
    report_render_queued(workshop_pk=workshop_pk, stamp=stamp, force=force)
