"""The portal's Celery application: the task queue that report workers take work from.

Used only when settings.CELERY_BROKER_URL names a broker (Redis or RabbitMQ); without one,
nothing imports Celery and the portal renders in the request, as it always did. Start a worker
with `make worker`, that is:

    DJANGO_SETTINGS_MODULE=sesn_portal.settings celery -A core.tasks_app worker --pool=threads

(a thread pool: each rendering forks its own child process with a time limit, which the
default prefork pool's daemonic processes may not do; docs/operations.md.)
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sesn_portal.settings")

app = Celery("sesn_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each installed app's tasks module (reports/tasks.py), once Django is set up.
app.autodiscover_tasks()
